#!/usr/bin/env bash
# End-to-end checks of `explain`: every hand-worked rule case (tests/rules/*/expected.csv)
# explains to its expected dibao in its month; a household of the Taiyuan baseline on the sample
# population explains to the amounts its microdata hold for the year, program by program, as
# JSON; bad requests are exit 2.
. "$(dirname "$0")/lib_e2e.sh"
base=scenarios/taiyuan-2016-baseline.yaml
check "every rule case explains to its hand-worked amount" $py - <<'PY'
import csv, glob, json, subprocess
checked = 0
for expected in sorted(glob.glob("tests/rules/*/expected.csv")):
    case = expected.rsplit("/", 1)[0]
    rows = list(csv.DictReader(open(expected)))
    for row in rows[:3]:   # the first three households of each set
        year, month = row["month"].split("-")
        out = subprocess.run(["./dibaosim", "explain", f"{case}/scenario.yaml", "--population", case,
                              "--household", row["household_id"], "--year", year, "--month", month,
                              "--json"], capture_output=True, text=True)
        assert out.returncode == 0, (case, row, out.stderr)
        explained = json.loads(out.stdout)["months"][0]
        assert abs(explained["paid"]["dibao"] - float(row["dibao"])) < 0.005, (case, row, explained)
        steps = [s for s in explained["steps"] if s["paid"] > 0]
        assert len(steps) == int(row["paid_units"]), (case, row, explained["steps"])
        checked += 1
assert checked > 60, checked
PY
check "run with microdata" exit_code 0 ./dibaosim run $base --population populations/sample --years 2016:2017 --microdata --out "$tmp/r.h5"
check "a household's months add up to its microdata" $py - "$tmp/r.h5" <<'PY'
import json, subprocess, sys, h5py
with h5py.File(sys.argv[1]) as f:
    g = f["scenarios/taiyuan-2016-baseline/households"]
    ids = list(g["household_id"][:])
    for household in ids[:12]:
        i = ids.index(household)
        out = subprocess.run(["./dibaosim", "explain", "scenarios/taiyuan-2016-baseline.yaml",
                              "--population", "populations/sample", "--household", str(household),
                              "--year", "2017", "--json"], capture_output=True, text=True, check=True)
        months = json.loads(out.stdout)["months"]
        assert len(months) == 12
        for program in ("dibao", "elderly_allowance", "tekun", "temporary_assistance"):
            total = sum(m["paid"][program] for m in months)
            assert abs(total - g[program][1, i]) < 0.005, (household, program, total, g[program][1, i])
        # medical assistance is annual: its year's amount stands in every month
        assert abs(months[11]["paid"]["medical_assistance"] - g["medical_assistance"][1, i]) < 0.005
PY
check "an unknown household exits 2" exit_code 2 ./dibaosim explain $base --population populations/sample --household 999999 --year 2016
check "and says so" grep -q "household 999999 is not a household of the population" "$tmp/err"
check "a year outside the scenario exits 2" exit_code 2 ./dibaosim explain $base --population populations/sample --household 8 --year 2030
check "explain without --year is a usage error" exit_code 2 ./dibaosim explain $base --population populations/sample --household 8
finish
