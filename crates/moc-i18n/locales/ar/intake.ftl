# رسائل `moc intake` (حوادث مرشّحة مستخرجة من مقالات صحفية) و`moc bench intake`.
# كل مفتاح موجود في fr وen وar.

intake-gazetteer-error = تتعذّر قراءة المعجم الجغرافي المدمج
intake-read-error = تتعذّر قراءة { $path }
intake-not-a-file = { $path } ليس ملفًا
intake-too-large = { $path } أكبر من أن يكون مقالًا: { $size } بايت (الحد { $limit } بايت)؛ لم تتم قراءته
intake-binary = { $path } ملف ثنائي وليس نصًا (بايت صفري عند الموضع { $offset })
intake-bad-utf8 = { $path } ليس نصًا صالحًا بترميز UTF-8 (بايت غير صالح عند الموضع { $offset })
intake-empty = { $path } فارغ
intake-bad-date = تاريخ نشر غير صالح: { $value } (المتوقع YYYY-MM-DD)
intake-no-articles = لا توجد مقالات (*.txt) في { $path }
intake-bad-gold = ملف مرجعي غير صالح: { $path }
intake-unknown = غير معروف
intake-file = { $path }: { $count } حادثة مرشّحة (اللغة { $language }، تاريخ النشر { $published })
intake-place = { $location } ({ $admin1 }، الدقة الجغرافية { $precision })
intake-candidate = { $n }. { $date } — { $place } — { $type } — الثقة { $confidence }
intake-killed = القتلى: من { $low } إلى { $high }
intake-injured = الجرحى: من { $low } إلى { $high }
intake-abducted = المختطفون: من { $low } إلى { $high }
intake-claim = تبنّته: { $actor }
intake-actors = الأطراف: { $actors }
intake-eval-summary = { $articles } مقال، { $candidates } مرشّح، { $gold } حادثة مرجعية، { $paired } زوج
intake-eval-field = { $field }: الدقة { $precision }، الاستدعاء { $recall }، F1 { $f1 } (TP { $tp }، FP { $fp }، FN { $fn })

cli-intake = حوادث مرشّحة مستخرجة من مقالات صحفية
cli-intake-extract = يستخرج الحوادث المرشّحة من المقالات
cli-intake-extract--files = ملفات المقالات (نص UTF-8؛ أسطر ترويسة «مفتاح: قيمة» اختيارية)
cli-intake-extract--published = تاريخ النشر (YYYY-MM-DD) للتواريخ النسبية («الاثنين»)؛ يحلّ محل تاريخ المقالات
cli-intake-extract--json = طباعة مصفوفة JSON، كائن لكل ملف
cli-intake-eval = يقيّم الاستخراج من مجلد مقالات مقابل ملف CSV مرجعي
cli-intake-eval--dir = مجلد المقالات (*.txt)
cli-intake-eval--gold = ملف CSV المرجعي: file,event_date,location,admin1,event_type,fatalities_min,fatalities_max
cli-intake-eval--json = طباعة كائن JSON واحد
cli-bench-intake = الاستخراج: مقالات في الثانية على نواة واحدة
cli-bench-intake--rounds = عدد مرات استخراج كل مقال
cli-bench-intake--dir = مجلد مقالات (*.txt؛ افتراضيًا: المقالات الخمسة المصدرية المدمجة في البرنامج)
cli-bench-intake--json = كتابة كائن JSON واحد في سطر واحد (افتراضيًا: بمسافات بادئة)
