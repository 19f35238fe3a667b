# صفحات الويب (الحزمة moc-web).
# كل مفتاح موجود في fr وen وar (الاختبار every_key_in_every_language).

web-skip = انتقل إلى المحتوى
web-nav-label = التنقل الرئيسي
web-nav-public = الشفافية
web-nav-dashboard = لوحة المتابعة
web-languages = اللغة
web-signed-in-as = متصل: { $user }
web-sign-in = تسجيل الدخول
web-sign-out = تسجيل الخروج
web-no-data = لا شيء للعرض بعد.

web-public-title = شفافية الآليات
web-public-intro = أرقام إجمالية لكل آلية وآخر نقطة تحقق موقَّعة من سجلها. لا بيانات شخصية: الأعضاء يُعَدّون فقط.
web-public-members = الأعضاء حسب الطرف مقارنةً بالحصة
web-public-patrols = الدوريات
web-public-incidents = الحوادث المسجلة: { $count }
web-public-checkpoint = آخر نقطة تحقق موقَّعة
web-public-checkpoint-intro = النص الموقَّع الذي يستطيع أي شاهد التحقق منه؛ وهو يُلزم السجل بمدخلاته البالغ عددها { $size }.
web-public-checkpoint-none = لا توجد نقطة تحقق لهذا السجل بعد.

web-col-party = الطرف
web-col-target = الحصة
web-col-current = الأعضاء
web-col-tolerance = هامش التسامح
web-col-status = الوضع
web-col-zone = المنطقة
web-col-month = الشهر
web-col-status-value = الحالة
web-col-count = العدد
web-quota-within = ضمن الهامش
web-quota-outside = خارج الهامش

web-patrol-planned = مخطَّطة
web-patrol-under-way = جارية
web-patrol-completed = منجَزة
web-patrol-aborted = ملغاة

web-sign-in-title = تسجيل الدخول
web-sign-in-intro = سجّل الدخول بالحساب الذي سلّمك إياه مسؤول طرفك.
web-sign-in-user = اسم المستخدم
web-sign-in-password = كلمة المرور
web-sign-in-submit = دخول
web-sign-in-user-missing = أدخل اسم المستخدم.
web-sign-in-password-missing = أدخل كلمة المرور.
web-sign-in-bad = اسم المستخدم أو كلمة المرور غير صحيحة.
web-sign-in-too-many = محاولات كثيرة جدًا: أعد المحاولة بعد { $seconds } ثانية.
web-sign-in-expired = انتهت صلاحية النموذج: أعد المحاولة.
web-error-title = خطأ
web-error-csrf = انتهت صلاحية هذا النموذج أو أنه لم يصدر عن هذا الموقع: أعد تحميل الصفحة وحاول مجددًا.

web-dashboard-title = لوحة المتابعة
web-dashboard-mechanism = الآلية
web-dashboard-show = عرض
web-chart-members = الأعضاء حسب الطرف مقارنةً بالحصة
web-chart-patrols = الدوريات حسب المنطقة: المخطَّطة والمنجَزة
web-chart-incidents = الحوادث حسب الشهر والنوع
web-chart-killed = القتلى حسب الشهر: نطاق المصادر من الأدنى إلى الأعلى
web-chart-duty = نصيب كل طرف من الدوريات ومن الدوريات الخطرة
web-duty-note = يُحتسب كل مكان في دورية مرة واحدة في نصيب الدوريات؛ وفي نصيب الدوريات الخطرة يُحتسب بعدد الحوادث المسجلة في منطقتها.
web-series-target = الحصة
web-series-members = الأعضاء
web-series-planned = مخطَّطة
web-series-completed = منجَزة
web-series-low = التقدير الأدنى
web-series-high = التقدير الأعلى
web-series-duty = نصيب الدوريات (%)
web-series-risky = نصيب الدوريات الخطرة (%)
web-table-show = أرقام هذا الرسم البياني

web-month-year = { $month } { $year }
web-month-1 = يناير
web-month-2 = فبراير
web-month-3 = مارس
web-month-4 = أبريل
web-month-5 = مايو
web-month-6 = يونيو
web-month-7 = يوليو
web-month-8 = أغسطس
web-month-9 = سبتمبر
web-month-10 = أكتوبر
web-month-11 = نوفمبر
web-month-12 = ديسمبر

web-nav-map = الخريطة
web-map-title = خريطة الحوادث
web-map-intro = الحوادث التي سجّلتها الآلية، مجمّعة حيث تكثر؛ انقر على نقطة لعرض تفاصيلها.
web-map-type = النوع
web-map-all-types = كل الأنواع
web-map-region = المنطقة
web-map-all-regions = كل المناطق
web-map-from = من
web-map-to = إلى
web-map-apply = تصفية
web-map-bad-date = أدخل تاريخًا، مثل 2017-01-18.
web-map-noscript = تحتاج الخريطة إلى جافاسكريبت؛ الأرقام موجودة أيضًا في لوحة المتابعة.
web-map-attribution = الحدود: Natural Earth (ملك عام).
