#!/usr/bin/env bash
# End-to-end checks of `explain` (the assertions are in tests/explain_checks.py): every
# hand-worked rule case (tests/rules/*/expected.csv) explains to its expected dibao, each unit's
# steps adding up; several cases' intermediate steps (counted income by component, deductions,
# pc, the standard and its source, gap and floor, tier, top-ups, rounding, tekun) are the
# hand-worked numbers; households of the Taiyuan baseline on the sample population explain, step
# by step, to the amounts their microdata hold for the year; the text output shows the steps; bad
# requests are exit 2. The steps worked by hand for tests/explain: gradual exit's schedule share
# and an exit month's take-up draw; a review under alignment (logit_shift's delta and shifted
# coverage, sort's selection); a shock's draws, month, cost and tier; medical entitlement beside
# receipt with its deductible and cap. The text fits 100 columns.
. "$(dirname "$0")/lib_e2e.sh"
base=scenarios/taiyuan-2016-baseline.yaml
check "every rule case explains to its hand-worked amount, its steps adding up" $py tests/explain_checks.py rules
check "the hand-worked intermediate steps" $py tests/explain_checks.py hand
check "run with microdata" exit_code 0 ./dibaosim run $base --population populations/sample --years 2016:2017 --microdata --out "$tmp/r.h5"
check "a household's months add up to its microdata, step by step" $py tests/explain_checks.py microdata "$tmp/r.h5"
check "gradual exit's schedule share, lengthened for the registered poor, and an exit month's take-up draw" $py tests/explain_checks.py exit
check "a review under alignment: logit_shift's delta and shifted coverage, sort's selection" $py tests/explain_checks.py reviews
check "a shock's draws, month, cost and tier; medical entitlement beside receipt" $py tests/explain_checks.py shocks
check "the text shows the steps" exit_code 0 ./dibaosim explain tests/rules/lever_deductions_combined/scenario.yaml --population tests/rules/lever_deductions_combined --household 1801 --year 2016 --month 1
check "  to the fen" grep -Eq "^  dibao +1  rigid-expense deduction +100\.00$" "$tmp/out"
# the lines after the step's (grep -A) holding the explanation: `below STEP-REGEX TEXT-REGEX`
below() { grep -A3 -E "$1" "$tmp/out" | grep -Eq "$2"; }
check "  its explanation wrapped under it" below "rigid-expense deduction +100\.00$" "^ {34}expenses counted 3600\.00 a year"
check "  ending in the amount paid" grep -Eq "^  dibao +paid +220\.00" "$tmp/out"
# every line of text output within 100 columns, with no trailing blanks
width() { awk 'length($0) > 100 || / $/ { print "line " NR " (" length($0) "): " $0; bad = 1 } END { exit bad }' "$tmp/out"; }
check "the text of a rule case fits 100 columns" width
check "the text of a sample household's year" exit_code 0 ./dibaosim explain $base --population populations/sample --household 8 --year 2017
check "  fits 100 columns" width
check "the text of an aligned review" exit_code 0 ./dibaosim explain tests/explain/review_aligned/logit.yaml --population tests/explain/review_aligned --household 1001 --year 2016 --month 12
check "  shows the shift and the shifted coverage" grep -Eq "^  dibao +1  shifted coverage +0\.8$" "$tmp/out"
check "  fits 100 columns" width
check "the text of a year with a shock and medical assistance" exit_code 0 ./dibaosim explain tests/explain/shocks/scenario.yaml --population tests/explain/shocks --household 1103 --year 2016
check "  shows the draws" grep -Eq "^  temporary_assistance +cost draw +0\.[0-9]+$" "$tmp/out"
check "  fits 100 columns" width
# a review month repeats November for a household off the caseload (simulate.c), but the
# household explained has its review month worked out and shown as one
check "a review month of a household off the caseload" exit_code 0 ./dibaosim explain $base --population populations/sample --household 3 --year 2017 --month 12
check "  is shown as a review month" grep -Eq "before this month off the caseload; a review month;" "$tmp/out"
check "a targeting draw is shown with what it changed" exit_code 0 ./dibaosim explain $base --population populations/sample --household 8 --year 2016 --month 3
check "  the assessor's seen income" grep -Eq "income the assessor saw +888\.978345$" "$tmp/out"
check "  and whether it is eligible on it" below "income the assessor saw +888\.978345$" "eligible on it: yes"
check "an unknown household exits 2" exit_code 2 ./dibaosim explain $base --population populations/sample --household 999999 --year 2016
check "and says so" grep -q "household 999999 is not a household of the population" "$tmp/err"
check "a year outside the scenario exits 2" exit_code 2 ./dibaosim explain $base --population populations/sample --household 8 --year 2030
check "explain without --year is a usage error" exit_code 2 ./dibaosim explain $base --population populations/sample --household 8
finish
