# Messages de `moc keys` (clés au format C2SP signed-note).
# Chaque clé existe dans fr, en et ar.

keys-bad-name = nom de clé invalide : « { $name } »
keys-exists = { $path } existe déjà : moc n'écrase jamais une clé
keys-create-dir-error = impossible de créer le dossier { $path }
keys-write-error = impossible d'écrire { $path }
keys-read-error = impossible de lire { $path }
keys-bad-key = { $path } ne contient pas de clé valide
keys-written = clé de signature « { $name } » créée : { $private } (privée, à garder secrète) et { $public } (publique)
keys-written-witness = clé de témoin « { $name } » créée : { $private } (privée, à garder secrète) et { $public } (publique)
