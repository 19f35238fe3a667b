# Messages de `moc log` (le journal infalsifiable) et de `moc bench`.
# Chaque clé existe dans fr, en et ar.

log-read-error = impossible de lire { $path }
log-bad-key = { $path } ne contient pas de clé valide
log-open-error = impossible d'ouvrir le journal { $path }
log-create-error = impossible de créer le journal dans { $path }
log-origin-mismatch = l'origine « { $origin } » doit être le nom de la clé du journal (« { $name } »)
log-created = journal « { $origin } » créé dans { $path }, ouvert à { $parties } partie(s)
log-bad-event = ligne { $line }, champ « { $field } » : { $why }
log-not-a-party = la clé « { $name } » n'est pas celle d'une partie du journal { $path }
log-stdin-error = lecture de l'entrée standard impossible
log-append-error = l'ajout au journal { $path } a échoué
log-appended = { $count } entrée(s) ajoutée(s) et durables
log-prove-error = impossible de prouver l'entrée { $index } du journal { $path }
log-bad-policy = politique invalide : { $path }
log-verify-failed = le journal { $path } ne passe pas la vérification
log-verified = journal vérifié : { $size } entrée(s), { $bundles } paquet(s) d'entrées, { $tiles } tuile(s), signatures et racine conformes
log-proof-failed = la preuve { $path } n'est pas valide
log-proof-no-entry = la preuve ne contient pas l'entrée
log-proof-ok = preuve valide : entrée { $index } du journal « { $origin } », type « { $kind } », partie « { $party } »
bench-failed = le banc d'essai du journal a échoué (dossier { $path })
