# Messages of `moc intake` (candidate incidents from news articles) and of
# `moc bench intake`. Every key exists in fr, en and ar.

intake-gazetteer-error = the built-in gazetteer cannot be read
intake-read-error = cannot read { $path }
intake-not-a-file = { $path } is not a file
intake-too-large = { $path } is too large for an article: { $size } bytes (limit { $limit } bytes); it was not read
intake-binary = { $path } is a binary file, not text (NUL byte at offset { $offset })
intake-bad-utf8 = { $path } is not valid UTF-8 text (invalid byte at offset { $offset })
intake-empty = { $path } is empty
intake-bad-date = invalid publication date: { $value } (expected YYYY-MM-DD)
intake-no-articles = no articles (*.txt) in { $path }
intake-bad-gold = invalid gold file: { $path }
intake-unknown = unknown
intake-file = { $path }: { $count } candidate incident(s) (language { $language }, published { $published })
intake-place = { $location } ({ $admin1 }, geo precision { $precision })
intake-candidate = { $n }. { $date } — { $place } — { $type } — confidence { $confidence }
intake-killed = killed: { $low } to { $high }
intake-injured = injured: { $low } to { $high }
intake-abducted = abducted: { $low } to { $high }
intake-claim = claimed by: { $actor }
intake-actors = actors: { $actors }
intake-eval-summary = { $articles } article(s), { $candidates } candidate(s), { $gold } gold incident(s), { $paired } pair(s)
intake-eval-field = { $field }: precision { $precision }, recall { $recall }, F1 { $f1 } (TP { $tp }, FP { $fp }, FN { $fn })

cli-intake = Candidate incidents from news articles
cli-intake-extract = Extracts candidate incidents from articles
cli-intake-extract--files = The article files (UTF-8 text; optional "Key: value" header lines)
cli-intake-extract--published = The publication date (YYYY-MM-DD), for relative dates ("Monday"); it overrides the articles' own
cli-intake-extract--json = Print one JSON array, one object per file
cli-intake-eval = Scores the extraction of a folder of articles against a gold CSV
cli-intake-eval--dir = The folder of articles (*.txt)
cli-intake-eval--gold = The gold CSV: file,event_date,location,admin1,event_type,fatalities_min,fatalities_max
cli-intake-eval--json = Print one JSON object
cli-bench-intake = The intake: articles per second through extraction, on one core
cli-bench-intake--rounds = Times every article is extracted
cli-bench-intake--dir = A folder of articles (*.txt; default: the five seed articles, built into the binary)
cli-bench-intake--json = Print one JSON object on one line (default: indented)
