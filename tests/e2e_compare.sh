#!/usr/bin/env bash
# End-to-end checks of `compare` and `report` (issue 5): a scenario compared with itself shows no
# change anywhere; compare's scenario results equal separate runs of each scenario; the
# comparison is the same for 1 and 2 threads; report prints the tables again; the comparison
# table fits 100 columns; the results read back by h5py add up.
. "$(dirname "$0")/lib_e2e.sh"
base=$PWD/scenarios/taiyuan-2016-baseline.yaml
reform=scenarios/reform-raise-standard.yaml
pop="populations/taiyuan-rural-2016-calibrated.yaml --scale 0.1"
printf 'extends: %s\nname: baseline-again\n' "$base" > "$tmp/same.yaml"

check "compare needs a baseline and a reform (2)" exit_code 2 ./dibaosim compare $base --population $pop --out "$tmp/x.h5"
check "compare baseline, itself and a reform, 2 threads" \
  exit_code 0 ./dibaosim compare $base "$tmp/same.yaml" $reform --population $pop --out "$tmp/c2.h5" --threads 2 --microdata
cp "$tmp/out" "$tmp/compare.txt"
check "it prints the comparison table" grep -q "^comparison with taiyuan-2016-baseline, 2016-2020" "$tmp/compare.txt"
check "the comparison table fits 100 columns" \
  bash -c "sed -n '/^comparison with/,/^\$/p' '$tmp/compare.txt' | awk 'length > 100 { bad = 1 } END { exit bad }'"
check "the same, 1 thread" exit_code 0 ./dibaosim compare $base "$tmp/same.yaml" $reform --population $pop --out "$tmp/c1.h5" --threads 1 --microdata
check "1 and 2 threads give identical comparisons" h5diff "$tmp/c1.h5" "$tmp/c2.h5" /comparison /comparison
check "... and identical scenario results" h5diff "$tmp/c1.h5" "$tmp/c2.h5" /scenarios /scenarios

check "run the baseline alone" exit_code 0 ./dibaosim run $base --population $pop --out "$tmp/b.h5" --microdata
check "run the reform alone" exit_code 0 ./dibaosim run $reform --population $pop --out "$tmp/r.h5" --microdata
check "compare's baseline equals the separate run" \
  h5diff "$tmp/c2.h5" "$tmp/b.h5" /scenarios/taiyuan-2016-baseline /scenarios/taiyuan-2016-baseline
check "compare's reform equals the separate run" \
  h5diff "$tmp/c2.h5" "$tmp/r.h5" /scenarios/reform-raise-standard /scenarios/reform-raise-standard

check "report prints the same tables as compare" \
  bash -c "./dibaosim report '$tmp/c2.h5' > '$tmp/report.txt' && grep -v '^results:' '$tmp/compare.txt' | diff - '$tmp/report.txt'"
check "report --monthly adds the cash flow" \
  bash -c "./dibaosim report '$tmp/c2.h5' --monthly | grep -q '^2020-12 '"
echo "not hdf5" > "$tmp/bad.h5"
check "report on a file that is not results exits 2" exit_code 2 ./dibaosim report "$tmp/bad.h5"

check "h5py: a scenario compared with itself changes nothing; the comparison adds up" \
  $py - "$tmp/c2.h5" <<'PY'
import sys
import h5py
import numpy as np
with h5py.File(sys.argv[1], "r") as f:
    c = f["comparison"]
    assert c["baseline"][()].decode() == "taiyuan-2016-baseline"
    same = c["baseline-again"]
    for name in ("change", "gained", "lost"):
        assert (same["by_program"][name][:] == 0).all(), name
    for name in ("winners", "losers", "mean_change"):
        assert (same["by_decile"][name][:] == 0).all(), name
    base, again = f["scenarios/taiyuan-2016-baseline"], f["scenarios/baseline-again"]
    for group in ("summary", "cash_flow", "fund_needs", "households"):
        for name in base[group]:
            if name in ("region", "program"):
                continue
            assert np.array_equal(base[group][name][:], again[group][name][:], equal_nan=True), (group, name)
    reform = c["reform-raise-standard"]
    programs = [p.decode() for p in reform["by_program"]["program"][:]]
    years = reform["by_program"]["year"][:]
    needs_base = f["scenarios/taiyuan-2016-baseline/fund_needs"]
    needs_reform = f["scenarios/reform-raise-standard/fund_needs"]
    for i, (year, program) in enumerate(zip(years, programs)):
        k = int(year - years[0])
        column = "total" if program == "all" else program
        change = needs_reform[column][k] - needs_base[column][k]
        assert abs(reform["by_program"]["change"][i] - change) <= 1e-6 * max(1, abs(change)), (year, program)
    assert reform["by_program"]["change"][:].sum() > 0, "raising the standard costs more"
    deciles = reform["by_decile"]
    living = ~np.isnan(f["scenarios/taiyuan-2016-baseline/households/pre_transfer_pc_income"][:])
    for k, year in enumerate(np.unique(deciles["year"][:])):
        rows = deciles["year"][:] == year
        weight = living[k].sum() * 10.0   # scale 0.1: every household weighs 10
        assert abs(deciles["households"][:][rows].sum() - weight) < 1e-6 * weight, year
        assert (deciles["winners"][:][rows] + deciles["losers"][:][rows] <= deciles["households"][:][rows] + 1e-9).all()
        assert deciles["losers"][:][rows].sum() < deciles["winners"][:][rows].sum()
PY

finish
