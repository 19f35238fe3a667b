# Les refus du domaine : `domain-<code>`, un par variante de DomainError ;
# les arguments sont les détails de l'erreur (DomainError::code_and_details).

domain-invalid-code = { $what } invalide : « { $value } ».
domain-invalid-window = Créneau invalide : le début ({ $start }) n'est pas avant la fin ({ $end }).
domain-invalid-coordinates = Coordonnées invalides : latitude { $lat_e6 }e-6, longitude { $lon_e6 }e-6.
domain-invalid-field = Champ { $field } : { $reason }.
domain-unknown-mechanism = Mécanisme inconnu : { $mechanism }.
domain-duplicate-mechanism = Le mécanisme { $mechanism } existe déjà.
domain-unknown-party = La partie { $party } ne fait pas partie du mécanisme.
domain-duplicate-party = La partie { $party } a déjà rejoint le mécanisme.
domain-unknown-zone = Zone inconnue : { $zone }.
domain-duplicate-zone = La zone { $zone } existe déjà.
domain-unknown-member = Membre inconnu : { $member }.
domain-duplicate-service-number = Le matricule { $member } est déjà enregistré.
domain-quota-exceeded = Quota dépassé : { $party } compte déjà { $current } membres dans { $unit } (quota { $target }, tolérance { $tolerance }).
domain-not-approved = Le membre { $member } n'est pas approuvé par le contrôle.
domain-on-leave = Le membre { $member } est en permission pendant la patrouille.
domain-double-booked = Le membre { $member } est déjà sur la patrouille { $other } à ce moment.
domain-missing-party = La partie { $party } doit avoir { $needed } membres sur la patrouille, pas { $got }.
domain-invalid-leader = { $member } ne peut pas commander cette patrouille : le chef doit en faire partie et être qualifié chef de patrouille.
domain-duplicate-member-on-patrol = Le membre { $member } figure deux fois sur la patrouille.
domain-vetting-needs-two-parties = Le membre { $member } a déjà une approbation de { $party } : il faut les officiers de contrôle de deux parties différentes, dont une autre que celle du membre.
domain-not-on-patrol = La partie { $party } n'avait aucun membre sur cette patrouille.
domain-already-endorsed = La partie { $party } a déjà validé la patrouille { $patrol }.
domain-wrong-party = Un officier de { $actor_party } ne peut pas agir pour { $target_party }.
domain-missing-role = Il faut le rôle { $role }.
domain-sign-in-required = Connectez-vous d'abord ({ $action }).
domain-not-under-review = Le membre { $member } appartient à une autre partie et n'est pas en cours de contrôle : sa fiche ne vous est pas accessible.
domain-invalid-transition = Impossible de passer de { $from } à { $to }.
domain-unknown-patrol = Patrouille inconnue : { $patrol }.
domain-duplicate-patrol = La patrouille { $patrol } existe déjà.
domain-leave-conflicts-with-patrol = Le membre { $member } est sur la patrouille { $patrol } pendant cette permission.
domain-duplicate-incident = L'incident { $incident } existe déjà.
domain-unknown-event-kind = Type d'événement inconnu : « { $kind } ».
domain-bad-payload = Contenu invalide pour { $kind } : { $reason }.
