# Messages de `moc intake` (incidents candidats tirés d'articles de presse)
# et de `moc bench intake`. Chaque clé existe dans fr, en et ar.

intake-gazetteer-error = le répertoire géographique intégré est illisible
intake-read-error = impossible de lire { $path }
intake-not-a-file = { $path } n’est pas un fichier
intake-too-large = { $path } est trop gros pour un article : { $size } octets (limite { $limit } octets) ; il n’a pas été lu
intake-binary = { $path } est un fichier binaire, pas un texte (octet nul à la position { $offset })
intake-bad-utf8 = { $path } n’est pas du texte UTF-8 valide (octet invalide à la position { $offset })
intake-empty = { $path } est vide
intake-bad-date = date de publication invalide : { $value } (attendu AAAA-MM-JJ)
intake-no-articles = aucun article (*.txt) dans { $path }
intake-bad-gold = fichier de référence invalide : { $path }
intake-unknown = inconnu
intake-file = { $path } : { $count } incident(s) candidat(s) (langue { $language }, publié le { $published })
intake-place = { $location } ({ $admin1 }, précision géographique { $precision })
intake-candidate = { $n }. { $date } — { $place } — { $type } — confiance { $confidence }
intake-killed = tués : { $low } à { $high }
intake-injured = blessés : { $low } à { $high }
intake-abducted = enlevés : { $low } à { $high }
intake-claim = revendiqué par : { $actor }
intake-actors = acteurs : { $actors }
intake-eval-summary = { $articles } article(s), { $candidates } candidat(s), { $gold } incident(s) de référence, { $paired } appariement(s)
intake-eval-field = { $field } : précision { $precision }, rappel { $recall }, F1 { $f1 } (VP { $tp }, FP { $fp }, FN { $fn })

cli-intake = Incidents candidats tirés d’articles de presse
cli-intake-extract = Extrait les incidents candidats d’articles
cli-intake-extract--files = Les fichiers d’articles (texte UTF-8 ; lignes d’en-tête « Clé: valeur » facultatives)
cli-intake-extract--published = La date de publication (AAAA-MM-JJ), pour les dates relatives (« lundi ») ; elle remplace celle des articles
cli-intake-extract--json = Afficher un tableau JSON, un objet par fichier
cli-intake-eval = Évalue l’extraction d’un dossier d’articles par rapport à un CSV de référence
cli-intake-eval--dir = Le dossier des articles (*.txt)
cli-intake-eval--gold = Le CSV de référence : file,event_date,location,admin1,event_type,fatalities_min,fatalities_max
cli-intake-eval--json = Afficher un objet JSON
cli-bench-intake = L’extraction : articles par seconde, sur un cœur
cli-bench-intake--rounds = Nombre de fois où chaque article est extrait
cli-bench-intake--dir = Un dossier d’articles (*.txt ; par défaut : les cinq articles sources, intégrés au binaire)
cli-bench-intake--json = Écrire un seul objet JSON sur une ligne (par défaut : indenté)
