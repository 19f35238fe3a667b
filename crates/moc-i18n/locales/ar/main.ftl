# رسائل سطر الأوامر moc.
# كل مفتاح موجود في fr و en و ar.

error-prefix = خطأ
error-cause = السبب:
