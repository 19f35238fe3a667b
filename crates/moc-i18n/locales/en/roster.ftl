# Messages of `moc roster` (the patrol rostering engine).
# Every key exists in fr, en and ar.

roster-read-error = cannot read { $path }
roster-write-error = cannot write { $path }
roster-bad-instance = invalid instance: { $path }
roster-bad-roster = invalid roster: { $path }
roster-bad-time-limit = the time limit must be a positive number of seconds
roster-feasible = feasible
roster-infeasible = infeasible
roster-solved = { $instance }: objective { $objective }, { $feasible }, best found after { $seconds } s (lower bound { $bound })
roster-progress = { $seconds } s: objective { $objective } ({ $feasible })
roster-evaluated = { $instance }: objective { $objective }, { $feasible }, { $count } broken rule(s)
roster-costs = unmet shift requests { $on }, unmet day-off requests { $off }, under cover { $under }, over cover { $over }
roster-violation = { $rule }: staff { $staff }, amount { $amount }
roster-violation-day = { $rule }: staff { $staff }, day { $day }, amount { $amount }
roster-plan-col-patrol = Patrol
roster-plan-col-start = Start (UTC)
roster-plan-col-members = Members
roster-plan-col-leader = Leader
roster-plan-drafted = { $count } patrols drafted: objective { $objective }, { $feasible }, { $broken } broken rule(s)
roster-plan-not-feasible = the draft breaks { $count } rule(s): nothing was planned
roster-plan-accepted = { $count } patrols planned in the log
roster-lp-failed = no LP-relaxation bound: { $error }
roster-bad-repair-after = --repair-after must be between 0 and 1
