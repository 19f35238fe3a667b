# رسائل `moc roster` (محرك جدولة الدوريات).
# كل مفتاح موجود في fr و en و ar.

roster-read-error = تعذّرت قراءة { $path }
roster-write-error = تعذّرت كتابة { $path }
roster-bad-instance = مثيل غير صالح: { $path }
roster-bad-roster = جدول مناوبات غير صالح: { $path }
roster-bad-time-limit = يجب أن يكون الحد الزمني عددًا موجبًا من الثواني
roster-feasible = ممكن
roster-infeasible = غير ممكن
roster-solved = { $instance }: الهدف { $objective }، { $feasible }، أفضل حل بعد { $seconds } ث (الحد الأدنى { $bound })
roster-progress = { $seconds } ث: الهدف { $objective } ({ $feasible })
roster-evaluated = { $instance }: الهدف { $objective }، { $feasible }، { $count } قاعدة مخالفة
roster-costs = طلبات مناوبة غير ملبّاة { $on }، طلبات راحة غير ملبّاة { $off }، نقص في العدد { $under }، زيادة في العدد { $over }
roster-violation = { $rule }: الموظف { $staff }، المقدار { $amount }
roster-violation-day = { $rule }: الموظف { $staff }، اليوم { $day }، المقدار { $amount }
roster-plan-col-patrol = الدورية
roster-plan-col-start = البداية (التوقيت العالمي)
roster-plan-col-members = الأعضاء
roster-plan-col-leader = القائد
roster-plan-drafted = أُعدّت { $count } دورية: الهدف { $objective }، { $feasible }، { $broken } قاعدة مخالَفة
roster-plan-not-feasible = يخالف الجدول { $count } قاعدة: لم يُخطَّط شيء
roster-plan-accepted = خُطّطت { $count } دورية في السجل
roster-lp-failed = لا حدّ من الاسترخاء الخطي: { $error }
roster-bad-repair-after = يجب أن تكون قيمة --repair-after بين 0 و1
