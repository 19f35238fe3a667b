# Messages of `moc log` (the tamper-evident log) and `moc bench`.
# Every key exists in fr, en and ar.

log-read-error = cannot read { $path }
log-bad-key = { $path } does not hold a valid key
log-open-error = cannot open the log { $path }
log-create-error = cannot create a log in { $path }
log-origin-mismatch = the origin "{ $origin }" must be the log key's name ("{ $name }")
log-created = log "{ $origin }" created in { $path }, open to { $parties } party(ies)
log-bad-event = line { $line }, field "{ $field }": { $why }
log-not-a-party = the key "{ $name }" is not a party's key in the log { $path }
log-stdin-error = cannot read standard input
log-append-error = appending to the log { $path } failed
log-appended = { $count } entry(ies) appended and durable
log-prove-error = cannot prove entry { $index } of the log { $path }
log-bad-policy = invalid policy: { $path }
log-verify-failed = the log { $path } fails verification
log-verified = log verified: { $size } entry(ies), { $bundles } entry bundle(s), { $tiles } tile(s), signatures and root sound
log-proof-failed = the proof { $path } is not valid
log-proof-no-entry = the proof does not carry the entry
log-proof-ok = valid proof: entry { $index } of the log "{ $origin }", kind "{ $kind }", party "{ $party }"
bench-failed = the ledger benchmark failed (directory { $path })
