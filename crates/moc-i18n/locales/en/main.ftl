# Messages of the `moc` command line.
# Every key exists in fr, en and ar (test every_key_in_every_language).

error-prefix = error
error-cause = caused by:
