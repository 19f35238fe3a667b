# Messages of `moc keys` (keys in the C2SP signed-note format).
# Every key exists in fr, en and ar.

keys-bad-name = invalid key name: "{ $name }"
keys-exists = { $path } already exists: moc never overwrites a key
keys-create-dir-error = cannot create the directory { $path }
keys-write-error = cannot write { $path }
keys-read-error = cannot read { $path }
keys-bad-key = { $path } does not hold a valid key
keys-written = signing key "{ $name }" created: { $private } (private, keep it secret) and { $public } (public)
keys-written-witness = witness key "{ $name }" created: { $private } (private, keep it secret) and { $public } (public)
