# Messages de `moc roster` (moteur de planification des patrouilles).
# Chaque clé existe dans fr, en et ar.

roster-read-error = impossible de lire { $path }
roster-write-error = impossible d'écrire { $path }
roster-bad-instance = instance invalide : { $path }
roster-bad-roster = planning invalide : { $path }
roster-bad-time-limit = la limite de temps doit être un nombre de secondes positif
roster-feasible = réalisable
roster-infeasible = non réalisable
roster-solved = { $instance } : objectif { $objective }, { $feasible }, meilleur trouvé après { $seconds } s (borne inférieure { $bound })
roster-progress = { $seconds } s : objectif { $objective } ({ $feasible })
roster-evaluated = { $instance } : objectif { $objective }, { $feasible }, { $count } règle(s) enfreinte(s)
roster-costs = demandes de poste non satisfaites { $on }, demandes de repos non satisfaites { $off }, sous-effectif { $under }, sureffectif { $over }
roster-violation = { $rule } : agent { $staff }, écart { $amount }
roster-violation-day = { $rule } : agent { $staff }, jour { $day }, écart { $amount }
roster-plan-col-patrol = Patrouille
roster-plan-col-start = Début (UTC)
roster-plan-col-members = Membres
roster-plan-col-leader = Chef
roster-plan-drafted = { $count } patrouilles préparées : objectif { $objective }, { $feasible }, { $broken } règle(s) enfreinte(s)
roster-plan-not-feasible = le tableau enfreint { $count } règle(s) : rien n’a été planifié
roster-plan-accepted = { $count } patrouilles planifiées dans le journal
roster-lp-failed = pas de borne de relaxation linéaire : { $error }
roster-bad-repair-after = --repair-after doit être compris entre 0 et 1
