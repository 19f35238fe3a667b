# Messages de la ligne de commande `moc`.
# Chaque clé existe dans fr, en et ar (test every_key_in_every_language).

error-prefix = erreur
error-cause = cause :
