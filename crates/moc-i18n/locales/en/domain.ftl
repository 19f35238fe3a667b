# The domain's refusals: `domain-<code>`, one per DomainError variant; the
# arguments are the error's details (DomainError::code_and_details).

domain-invalid-code = Invalid { $what }: “{ $value }”.
domain-invalid-window = Invalid time window: the start ({ $start }) is not before the end ({ $end }).
domain-invalid-coordinates = Invalid coordinates: latitude { $lat_e6 }e-6, longitude { $lon_e6 }e-6.
domain-invalid-field = Field { $field }: { $reason }.
domain-unknown-mechanism = Unknown mechanism { $mechanism }.
domain-duplicate-mechanism = Mechanism { $mechanism } already exists.
domain-unknown-party = Party { $party } is not part of the mechanism.
domain-duplicate-party = Party { $party } has already joined.
domain-unknown-zone = Unknown zone { $zone }.
domain-duplicate-zone = Zone { $zone } already exists.
domain-unknown-member = Unknown member { $member }.
domain-duplicate-service-number = Service number { $member } is already registered.
domain-quota-exceeded = Quota exceeded: { $party } already has { $current } members in { $unit } (quota { $target }, tolerance { $tolerance }).
domain-not-approved = Member { $member } is not approved by vetting.
domain-on-leave = Member { $member } is on leave during the patrol.
domain-double-booked = Member { $member } is already on patrol { $other } at that time.
domain-missing-party = Party { $party } needs { $needed } members on the patrol, not { $got }.
domain-invalid-leader = { $member } cannot lead this patrol: the leader must be on it and qualified as patrol leader.
domain-duplicate-member-on-patrol = Member { $member } is listed twice on the patrol.
domain-vetting-needs-two-parties = Member { $member } already has an approval from { $party }: approval needs vetting officers of two different parties, one not the member's own.
domain-not-on-patrol = Party { $party } had no members on this patrol.
domain-already-endorsed = Party { $party } has already endorsed patrol { $patrol }.
domain-wrong-party = An officer of { $actor_party } cannot act for { $target_party }.
domain-missing-role = This needs the role { $role }.
domain-sign-in-required = Sign in first ({ $action }).
domain-not-under-review = Member { $member } belongs to another party and is not under review: their record is not yours to read.
domain-invalid-transition = Cannot go from { $from } to { $to }.
domain-unknown-patrol = Unknown patrol { $patrol }.
domain-duplicate-patrol = Patrol { $patrol } already exists.
domain-leave-conflicts-with-patrol = Member { $member } is on patrol { $patrol } during that leave.
domain-duplicate-incident = Incident { $incident } already exists.
domain-unknown-event-kind = Unknown event kind “{ $kind }”.
domain-bad-payload = Bad payload for { $kind }: { $reason }.
