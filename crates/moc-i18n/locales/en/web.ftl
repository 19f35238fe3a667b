# The web pages (crate moc-web).
# Every key exists in fr, en and ar (test every_key_in_every_language).

web-skip = Skip to content
web-nav-label = Main navigation
web-nav-public = Transparency
web-nav-dashboard = Dashboard
web-languages = Language
web-signed-in-as = Signed in: { $user }
web-sign-in = Sign in
web-sign-out = Sign out
web-no-data = Nothing to show yet.

web-public-title = Transparency of the mechanisms
web-public-intro = Aggregate figures of each mechanism and the latest signed checkpoint of its log. No personal data: members are only counted.
web-public-members = Members per party against quota
web-public-patrols = Patrols
web-public-incidents = Incidents recorded: { $count }
web-public-checkpoint = Latest signed checkpoint
web-public-checkpoint-intro = The signed text any witness can check; it commits the log to its { $size } entries.
web-public-checkpoint-none = This log has no checkpoint yet.

web-col-party = Party
web-col-target = Quota
web-col-current = Members
web-col-tolerance = Tolerance
web-col-status = Standing
web-col-zone = Zone
web-col-month = Month
web-col-status-value = Status
web-col-count = Count
web-quota-within = within tolerance
web-quota-outside = outside tolerance

web-patrol-planned = Planned
web-patrol-under-way = Under way
web-patrol-completed = Completed
web-patrol-aborted = Aborted

web-sign-in-title = Sign in
web-sign-in-intro = Sign in with the account your party's administrator gave you.
web-sign-in-user = User name
web-sign-in-password = Password
web-sign-in-submit = Sign in
web-sign-in-user-missing = Enter your user name.
web-sign-in-password-missing = Enter your password.
web-sign-in-bad = Wrong user name or password.
web-sign-in-too-many = Too many attempts: try again in { $seconds } s.
web-sign-in-expired = The form expired: please try again.
web-error-title = Error
web-error-csrf = This form expired or does not come from this site: reload the page and try again.

web-dashboard-title = Dashboard
web-dashboard-mechanism = Mechanism
web-dashboard-show = Show
web-chart-members = Members per party against quota
web-chart-patrols = Patrols per zone: planned and completed
web-chart-incidents = Incidents per month by type
web-chart-killed = Killed per month: the sources' range, lowest to highest
web-chart-duty = Each party's share of patrol duty and of risky duty
web-duty-note = A place on a patrol counts once towards the share of duty; towards the share of risky duty it counts as many times as its zone had recorded incidents.
web-series-target = Quota
web-series-members = Members
web-series-planned = Planned
web-series-completed = Completed
web-series-low = Low estimate
web-series-high = High estimate
web-series-duty = Share of duty (%)
web-series-risky = Share of risky duty (%)
web-table-show = This chart's figures

web-month-year = { $month } { $year }
web-month-1 = January
web-month-2 = February
web-month-3 = March
web-month-4 = April
web-month-5 = May
web-month-6 = June
web-month-7 = July
web-month-8 = August
web-month-9 = September
web-month-10 = October
web-month-11 = November
web-month-12 = December

web-nav-map = Map
web-map-title = Map of incidents
web-map-intro = The incidents the mechanism recorded, grouped where they are dense; click a point for its details.
web-map-type = Type
web-map-all-types = All types
web-map-region = Region
web-map-all-regions = All regions
web-map-from = From
web-map-to = To
web-map-apply = Filter
web-map-bad-date = Enter a date, for example 2017-01-18.
web-map-noscript = The map needs JavaScript; the figures are on the dashboard too.
web-map-attribution = Borders: Natural Earth (public domain).
