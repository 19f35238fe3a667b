# Pages and problems of the HTTP server (crate moc-server).
# Every key exists in fr, en and ar (test every_key_in_every_language).

# Each language's name in itself, for the language switcher.
server-language-name = English

server-home-title = moc: register of coordination mechanisms
server-home-intro = Each mechanism keeps a signed, verifiable log: every change is an event signed by a party and appended to a transparency log.
server-home-languages = Languages
server-home-mechanisms = Mechanisms
server-home-none = No mechanism on this node yet.
server-home-caption = This node's mechanisms and their numbers
server-home-api = JSON API
server-home-api-intro = The API gives each mechanism's members, patrols and incidents, without any personal data.
server-home-witness = this node's witness cosigns consistent checkpoints of its logs.
server-home-privacy = This page shows no personal data: members appear only by their service number.

server-col-mechanism = Mechanism
server-col-parties = Parties
server-col-zones = Zones
server-col-members = Members
server-col-approved = Approved
server-col-patrols = Patrols
server-col-incidents = Incidents
server-col-links = Links
server-link-json = { $mechanism } data as JSON
server-link-checkpoint = { $mechanism } log checkpoint

server-problem-not-found = Not Found
server-problem-method-not-allowed = Method Not Allowed
server-problem-invalid = Invalid request
server-problem-forbidden = Action forbidden
server-problem-rejected = Refused by a rule
server-problem-unauthenticated = Account required
server-problem-malformed-json = Malformed JSON
server-problem-bad-request = Bad Request
server-problem-unsupported-media-type = Unsupported Media Type
server-problem-body-too-large = Content Too Large
server-problem-unavailable = Service Unavailable
server-problem-too-many-requests = Too Many Requests
server-problem-internal = Internal Server Error

server-detail-internal = The server could not process the request; the failure is recorded in its log.
server-detail-no-resource = Nothing exists at this address.
server-detail-no-route = No resource at this address.
server-detail-method = This resource does not accept this method; the Allow header lists those it does.
server-detail-unknown-user = This node has no such account.
server-detail-session-invalid = The session has expired or does not exist; sign in again.
server-detail-bad-credentials = Unknown account, or wrong password or token.
server-detail-read-only-token = This token may only read.
server-detail-csrf = Request refused: the anti-forgery token (X-CSRF-Token header) is missing or does not match the session.
server-detail-too-many = Too many sign-in attempts; try again in { $seconds } s.
server-detail-timeout = The request took too long; try again.
server-detail-token-scope = A token's scope is "read" or "act".
server-detail-body-too-large = The request body is larger than { $limit } bytes.
server-detail-unreadable-body = The request body could not be read.
server-detail-malformed-json = The body is not valid JSON: error at line { $line }, column { $column }.
server-detail-content-type = The body must be sent as application/json.
server-detail-stopped = The node accepts no more commands after a failure; it must be restarted.
server-detail-projection = The event is recorded in the log, but the query tables are behind; they will catch up when the node restarts.
server-detail-reason-unexpected = Opening or approving a vetting takes no reason.
server-detail-reason-required = Rejecting or suspending a member needs a reason.
server-detail-mechanism-mismatch = The body names mechanism { $body }, but the address names mechanism { $path }.
server-detail-bad-filter = Value refused for the { $name } filter.
server-detail-bad-tile-path = This path is not a C2SP tile path (tile/L/N[.p/W] or tile/entries/N[.p/W]).
