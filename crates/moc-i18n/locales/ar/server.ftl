# صفحات خادم HTTP ومشكلاته (الحزمة moc-server).
# كل مفتاح موجود في fr وen وar (الاختبار every_key_in_every_language).

# اسم كل لغة بلغتها، لقائمة اختيار اللغة.
server-language-name = العربية

server-home-title = moc: سجل آليات التنسيق
server-home-intro = لكل آلية سجل موقَّع يمكن التحقق منه: كل تغيير حدث يوقّعه طرف ويُضاف إلى سجل شفافية.
server-home-languages = اللغات
server-home-mechanisms = الآليات
server-home-none = لا توجد أي آلية على هذه العقدة بعد.
server-home-caption = آليات هذه العقدة وأعدادها
server-home-api = واجهة JSON البرمجية
server-home-api-intro = تعرض الواجهة أعضاء كل آلية ودورياتها وحوادثها، دون أي بيانات شخصية.
server-home-witness = يوقّع شاهد هذه العقدة نقاط التحقق المتّسقة لسجلاتها.
server-home-privacy = لا تعرض هذه الصفحة أي بيانات شخصية: لا يظهر الأعضاء إلا بأرقامهم العسكرية.

server-col-mechanism = الآلية
server-col-parties = الأطراف
server-col-zones = المناطق
server-col-members = الأعضاء
server-col-approved = المعتمَدون
server-col-patrols = الدوريات
server-col-incidents = الحوادث
server-col-links = الروابط
server-link-json = بيانات { $mechanism } بصيغة JSON
server-link-checkpoint = نقطة تحقق سجل { $mechanism }

server-problem-not-found = غير موجود
server-problem-method-not-allowed = الطريقة غير مسموح بها
server-problem-invalid = طلب غير صالح
server-problem-forbidden = إجراء محظور
server-problem-rejected = رفضته قاعدة
server-problem-unauthenticated = الحساب مطلوب
server-problem-malformed-json = JSON غير سليم
server-problem-bad-request = طلب غير سليم
server-problem-unsupported-media-type = نوع محتوى غير مدعوم
server-problem-body-too-large = متن الطلب كبير جدًا
server-problem-unavailable = الخدمة غير متاحة
server-problem-too-many-requests = محاولات كثيرة جدًا
server-problem-internal = خطأ داخلي في الخادم

server-detail-internal = تعذّر على الخادم معالجة الطلب؛ وقد سُجّل العطل في سجله.
server-detail-no-resource = لا يوجد شيء في هذا العنوان.
server-detail-no-route = لا يوجد مورد في هذا العنوان.
server-detail-method = لا يقبل هذا المورد هذه الطريقة؛ يذكر الترويسة Allow الطرق التي يقبلها.
server-detail-unknown-user = لا يوجد هذا الحساب في هذه العقدة.
server-detail-session-invalid = انتهت الجلسة أو أنها غير موجودة؛ سجّل الدخول من جديد.
server-detail-bad-credentials = حساب غير معروف، أو كلمة مرور أو رمز خاطئ.
server-detail-read-only-token = هذا الرمز يسمح بالقراءة فقط.
server-detail-csrf = رُفض الطلب: رمز منع التزوير (الترويسة X-CSRF-Token) مفقود أو لا يطابق الجلسة.
server-detail-too-many = محاولات دخول كثيرة جدًا؛ أعد المحاولة بعد { $seconds } ثانية.
server-detail-timeout = استغرق الطلب وقتًا طويلًا؛ أعد المحاولة.
server-detail-token-scope = نطاق الرمز هو «read» أو «act».
server-detail-body-too-large = يتجاوز متن الطلب { $limit } بايت.
server-detail-unreadable-body = تعذّرت قراءة متن الطلب.
server-detail-malformed-json = المتن ليس JSON صالحًا: خطأ في السطر { $line }، العمود { $column }.
server-detail-content-type = يجب إرسال المتن بالنوع application/json.
server-detail-stopped = لم تعد العقدة تقبل أوامر بعد عطل؛ يجب إعادة تشغيلها.
server-detail-projection = سُجّل الحدث في السجل، لكن جداول الاستعلام متأخرة؛ وستلحق به عند إعادة تشغيل العقدة.
server-detail-reason-unexpected = فتح التدقيق أو اعتماده لا يأخذ سببًا.
server-detail-reason-required = يتطلب رفض عضو أو تعليقه سببًا (reason).
server-detail-mechanism-mismatch = يذكر المتن الآلية { $body }، لكن العنوان يذكر الآلية { $path }.
server-detail-bad-filter = قيمة مرفوضة للمرشّح { $name }.
server-detail-bad-tile-path = هذا المسار ليس مسار بلاطة C2SP (tile/L/N[.p/W] أو tile/entries/N[.p/W]).
