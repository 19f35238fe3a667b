# Pages et problèmes du serveur HTTP (crate moc-server).
# Chaque clé existe dans fr, en et ar (test every_key_in_every_language).

# Le nom de chaque langue dans cette langue, pour le sélecteur de langue.
server-language-name = Français

server-home-title = moc : registre des mécanismes de coordination
server-home-intro = Chaque mécanisme tient un journal signé et vérifiable : toute modification est un événement signé par une partie et ajouté à un journal de transparence.
server-home-languages = Langues
server-home-mechanisms = Mécanismes
server-home-none = Aucun mécanisme sur ce nœud pour l'instant.
server-home-caption = Les mécanismes de ce nœud et leurs effectifs
server-home-api = API JSON
server-home-api-intro = L'API donne les membres, les patrouilles et les incidents de chaque mécanisme, sans aucune donnée personnelle.
server-home-witness = le témoin de ce nœud cosigne les points de contrôle cohérents de ses journaux.
server-home-privacy = Cette page ne montre aucune donnée personnelle : les membres n'y figurent que par leur matricule.

server-col-mechanism = Mécanisme
server-col-parties = Parties
server-col-zones = Zones
server-col-members = Membres
server-col-approved = Approuvés
server-col-patrols = Patrouilles
server-col-incidents = Incidents
server-col-links = Liens
server-link-json = données de { $mechanism } en JSON
server-link-checkpoint = point de contrôle du journal de { $mechanism }

server-problem-not-found = Introuvable
server-problem-method-not-allowed = Méthode non autorisée
server-problem-invalid = Requête invalide
server-problem-forbidden = Action interdite
server-problem-rejected = Refusé par une règle
server-problem-unauthenticated = Compte requis
server-problem-malformed-json = JSON mal formé
server-problem-bad-request = Requête mal formée
server-problem-unsupported-media-type = Type de contenu non pris en charge
server-problem-body-too-large = Corps de requête trop volumineux
server-problem-unavailable = Service indisponible
server-problem-too-many-requests = Trop de tentatives
server-problem-internal = Erreur interne

server-detail-internal = Le serveur n'a pas pu traiter la requête ; l'incident est consigné dans son journal.
server-detail-no-resource = Rien n'existe à cette adresse.
server-detail-no-route = Aucune ressource à cette adresse.
server-detail-method = Cette ressource n'accepte pas cette méthode ; l'en-tête Allow donne celles qu'elle accepte.
server-detail-unknown-user = Ce nœud n'a pas ce compte.
server-detail-session-invalid = La session a expiré ou n'existe pas ; reconnectez-vous.
server-detail-bad-credentials = Compte inconnu, ou mot de passe ou jeton erroné.
server-detail-read-only-token = Ce jeton ne permet que la lecture.
server-detail-csrf = Requête refusée : le jeton anti-falsification (en-tête X-CSRF-Token) manque ou ne correspond pas à la session.
server-detail-too-many = Trop de tentatives de connexion ; réessayez dans { $seconds } s.
server-detail-timeout = La requête a pris trop de temps ; réessayez.
server-detail-token-scope = La portée d'un jeton est « read » ou « act ».
server-detail-body-too-large = Le corps de la requête dépasse { $limit } octets.
server-detail-unreadable-body = Le corps de la requête n'a pas pu être lu.
server-detail-malformed-json = Le corps n'est pas du JSON valide : erreur à la ligne { $line }, colonne { $column }.
server-detail-content-type = Le corps doit être envoyé avec le type application/json.
server-detail-stopped = Le nœud n'accepte plus de commandes après une défaillance ; il doit être redémarré.
server-detail-projection = L'événement est inscrit au journal, mais les tables de consultation ne sont pas à jour ; elles le seront au redémarrage du nœud.
server-detail-reason-unexpected = Ouvrir ou approuver un contrôle ne prend pas de motif (reason).
server-detail-reason-required = Rejeter ou suspendre un membre demande un motif (reason).
server-detail-mechanism-mismatch = Le corps nomme le mécanisme { $body }, mais l'adresse le mécanisme { $path }.
server-detail-bad-filter = Valeur refusée pour le filtre { $name }.
server-detail-bad-tile-path = Ce chemin n'est pas un chemin de tuile C2SP (tile/L/N[.p/W] ou tile/entries/N[.p/W]).
