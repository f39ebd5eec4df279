#!/usr/bin/env bash
# End-to-end checks of `explain` (the assertions are in tests/explain_checks.py): every
# hand-worked rule case (tests/rules/*/expected.csv) explains to its expected dibao, each unit's
# steps adding up; several cases' intermediate steps (counted income by component, deductions,
# pc, the standard and its source, gap and floor, tier, top-ups, rounding, tekun) are the
# hand-worked numbers; households of the Taiyuan baseline on the sample population explain, step
# by step, to the amounts their microdata hold for the year; the text output shows the steps; bad
# requests are exit 2.
. "$(dirname "$0")/lib_e2e.sh"
base=scenarios/taiyuan-2016-baseline.yaml
check "every rule case explains to its hand-worked amount, its steps adding up" $py tests/explain_checks.py rules
check "the hand-worked intermediate steps" $py tests/explain_checks.py hand
check "run with microdata" exit_code 0 ./dibaosim run $base --population populations/sample --years 2016:2017 --microdata --out "$tmp/r.h5"
check "a household's months add up to its microdata, step by step" $py tests/explain_checks.py microdata "$tmp/r.h5"
check "the text shows the steps" exit_code 0 ./dibaosim explain tests/rules/lever_deductions_combined/scenario.yaml --population tests/rules/lever_deductions_combined --household 1801 --year 2016 --month 1
check "  to the fen" grep -Eq "^  dibao +1  rigid-expense deduction +100\.00  expenses counted 3600\.00" "$tmp/out"
check "  ending in the amount paid" grep -Eq "^  dibao +paid +220\.00 " "$tmp/out"
check "a targeting draw is shown with what it changed" exit_code 0 ./dibaosim explain $base --population populations/sample --household 8 --year 2016 --month 3
check "  the assessor's seen income" grep -Eq "income the assessor saw +823\.210935 .*eligible on it: yes" "$tmp/out"
check "an unknown household exits 2" exit_code 2 ./dibaosim explain $base --population populations/sample --household 999999 --year 2016
check "and says so" grep -q "household 999999 is not a household of the population" "$tmp/err"
check "a year outside the scenario exits 2" exit_code 2 ./dibaosim explain $base --population populations/sample --household 8 --year 2030
check "explain without --year is a usage error" exit_code 2 ./dibaosim explain $base --population populations/sample --household 8
finish
