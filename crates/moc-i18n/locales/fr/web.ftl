# Les pages web (crate moc-web).
# Chaque clé existe en fr, en et ar (test every_key_in_every_language).

web-skip = Aller au contenu
web-nav-label = Navigation principale
web-nav-public = Transparence
web-nav-dashboard = Tableau de bord
web-languages = Langue
web-signed-in-as = Connecté : { $user }
web-sign-in = Se connecter
web-sign-out = Se déconnecter
web-no-data = Rien à afficher pour l'instant.

web-public-title = Transparence des mécanismes
web-public-intro = Chiffres agrégés de chaque mécanisme et dernier point de contrôle signé de son journal. Aucune donnée personnelle : les membres ne sont que comptés.
web-public-members = Membres par partie face au quota
web-public-patrols = Patrouilles
web-public-incidents = Incidents enregistrés : { $count }
web-public-checkpoint = Dernier point de contrôle signé
web-public-checkpoint-intro = Le texte signé que tout témoin peut vérifier ; il engage le journal sur ses { $size } entrées.
web-public-checkpoint-none = Ce journal n'a pas encore de point de contrôle.

web-col-party = Partie
web-col-target = Quota
web-col-current = Membres
web-col-tolerance = Tolérance
web-col-status = État
web-col-zone = Zone
web-col-month = Mois
web-col-status-value = Statut
web-col-count = Nombre
web-quota-within = dans la tolérance
web-quota-outside = hors tolérance

web-patrol-planned = Prévues
web-patrol-under-way = En cours
web-patrol-completed = Terminées
web-patrol-aborted = Annulées

web-sign-in-title = Connexion
web-sign-in-intro = Connectez-vous avec le compte que l'administrateur de votre partie vous a remis.
web-sign-in-user = Identifiant
web-sign-in-password = Mot de passe
web-sign-in-submit = Se connecter
web-sign-in-user-missing = Saisissez votre identifiant.
web-sign-in-password-missing = Saisissez votre mot de passe.
web-sign-in-bad = Identifiant ou mot de passe incorrect.
web-sign-in-too-many = Trop de tentatives : réessayez dans { $seconds } s.
web-sign-in-expired = Le formulaire a expiré : veuillez réessayer.
web-error-title = Erreur
web-error-csrf = Ce formulaire a expiré ou ne vient pas de ce site : rechargez la page et réessayez.

web-dashboard-title = Tableau de bord
web-dashboard-mechanism = Mécanisme
web-dashboard-show = Afficher
web-chart-members = Membres par partie face au quota
web-chart-patrols = Patrouilles par zone : prévues et terminées
web-chart-incidents = Incidents par mois et par type
web-chart-killed = Tués par mois : fourchette des sources, de la plus basse à la plus haute
web-chart-duty = Part de chaque partie dans les patrouilles et dans les patrouilles à risque
web-duty-note = Une place dans une patrouille compte une fois pour la part des patrouilles ; pour la part à risque, elle compte autant de fois que sa zone a connu d'incidents enregistrés.
web-series-target = Quota
web-series-members = Membres
web-series-planned = Prévues
web-series-completed = Terminées
web-series-low = Estimation basse
web-series-high = Estimation haute
web-series-duty = Part des patrouilles (%)
web-series-risky = Part des patrouilles à risque (%)
web-table-show = Les chiffres de ce graphique

web-month-year = { $month } { $year }
web-month-1 = janv.
web-month-2 = févr.
web-month-3 = mars
web-month-4 = avr.
web-month-5 = mai
web-month-6 = juin
web-month-7 = juil.
web-month-8 = août
web-month-9 = sept.
web-month-10 = oct.
web-month-11 = nov.
web-month-12 = déc.

web-nav-map = Carte
web-map-title = Carte des incidents
web-map-intro = Les incidents enregistrés par le mécanisme, regroupés là où ils sont nombreux ; cliquez sur un point pour le détail.
web-map-type = Type
web-map-all-types = Tous les types
web-map-region = Région
web-map-all-regions = Toutes les régions
web-map-from = Du
web-map-to = Au
web-map-apply = Filtrer
web-map-bad-date = Saisissez une date, par exemple 2017-01-18.
web-map-noscript = La carte a besoin de JavaScript ; les chiffres sont aussi sur le tableau de bord.
web-map-attribution = Frontières : Natural Earth (domaine public).
