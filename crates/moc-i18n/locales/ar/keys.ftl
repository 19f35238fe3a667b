# رسائل `moc keys` (المفاتيح بصيغة C2SP signed-note).
# كل مفتاح موجود في fr و en و ar.

keys-bad-name = اسم مفتاح غير صالح: «{ $name }»
keys-exists = { $path } موجود مسبقًا: لا يستبدل moc أي مفتاح أبدًا
keys-create-dir-error = تعذّر إنشاء المجلد { $path }
keys-write-error = تعذّرت كتابة { $path }
keys-read-error = تعذّرت قراءة { $path }
keys-bad-key = لا يحتوي { $path } على مفتاح صالح
keys-written = أُنشئ مفتاح التوقيع «{ $name }»: { $private } (خاص، يجب أن يبقى سريًّا) و{ $public } (عام)
keys-written-witness = أُنشئ مفتاح الشاهد «{ $name }»: { $private } (خاص، يجب أن يبقى سريًّا) و{ $public } (عام)
