# رسائل `moc log` (السجل غير القابل للتلاعب) و`moc bench`.
# كل مفتاح موجود في fr وen وar.

log-read-error = تعذّرت قراءة { $path }
log-bad-key = لا يحتوي { $path } على مفتاح صالح
log-open-error = تعذّر فتح السجل { $path }
log-create-error = تعذّر إنشاء سجل في { $path }
log-origin-mismatch = يجب أن يكون المصدر «{ $origin }» هو اسم مفتاح السجل («{ $name }»)
log-created = أُنشئ السجل «{ $origin }» في { $path }، مفتوحًا لـ { $parties } طرف/أطراف
log-bad-event = السطر { $line }، الحقل «{ $field }»: { $why }
log-not-a-party = المفتاح «{ $name }» ليس مفتاح أحد أطراف السجل { $path }
log-stdin-error = تعذّرت قراءة المدخل القياسي
log-append-error = فشلت الإضافة إلى السجل { $path }
log-appended = أُضيف { $count } قيد/قيود وصارت دائمة
log-prove-error = تعذّر إثبات القيد { $index } من السجل { $path }
log-bad-policy = سياسة غير صالحة: { $path }
log-verify-failed = لم يجتز السجل { $path } التحقق
log-verified = تم التحقق من السجل: { $size } قيد/قيود، { $bundles } حزمة قيود، { $tiles } بلاطة، التواقيع والجذر سليمة
log-proof-failed = الإثبات { $path } غير صالح
log-proof-no-entry = لا يحمل الإثبات القيد
log-proof-ok = إثبات صالح: القيد { $index } من السجل «{ $origin }»، النوع «{ $kind }»، الطرف «{ $party }»
bench-failed = فشل قياس أداء السجل (المجلد { $path })
