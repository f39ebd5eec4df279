#!/usr/bin/env bash
# End-to-end checks of `export`: a compared run's results file becomes one CSV per table, read
# back here with Python's csv module: the fund needs' years in order, the monthly cash flow equal
# to the HDF5 file's to the fen, the summary's rows and units, the comparison by decile; a
# missing file is exit 2 and writes nothing.
. "$(dirname "$0")/lib_e2e.sh"
base=scenarios/taiyuan-2016-baseline.yaml
check "compare, 2016-2018" exit_code 0 ./dibaosim compare $base scenarios/reform-raise-standard.yaml --population populations/sample --years 2016:2018 --out "$tmp/r.h5"
check "export" exit_code 0 ./dibaosim export "$tmp/r.h5" --out "$tmp/csv"
check "it says how many tables" bash -c "grep -q \"\$(ls '$tmp/csv' | wc -l) tables written as CSV\" '$tmp/out'"
check "the tables read back with their values" $py - "$tmp/r.h5" "$tmp/csv" <<'PY'
import csv, sys, h5py
h5, out = sys.argv[1], sys.argv[2]
def rows(name):
    with open(f"{out}/{name}.csv", newline="") as f:
        return list(csv.DictReader(f))
with h5py.File(h5) as f:
    s = "scenarios/taiyuan-2016-baseline"
    needs = rows("scenarios.taiyuan-2016-baseline.fund_needs")
    assert [r["year"] for r in needs] == ["2016", "2017", "2018"], [r["year"] for r in needs]
    flow = rows("scenarios.taiyuan-2016-baseline.cash_flow")
    total = f[f"{s}/cash_flow/total"][:]
    assert len(flow) == len(total) == 36
    for r, x in zip(flow, total):
        assert abs(float(r["total (yuan)"]) - x) < 0.005 and len(r["total (yuan)"].split(".")[1]) == 2
    summary = rows("scenarios.taiyuan-2016-baseline.summary")
    assert len(summary) == len(f[f"{s}/summary/expenditure"])
    assert {"year", "month", "region", "program", "expenditure (yuan)", "paid_persons (persons)"} <= set(summary[0])
    first = next(r for r in summary if r["program"] == "dibao" and r["region"] == "Loufan")
    assert abs(float(first["expenditure (yuan)"]) - f[f"{s}/summary/expenditure"][list(zip(
        f[f"{s}/summary/region"][:], f[f"{s}/summary/program"][:])).index((b"Loufan", b"dibao"))]) < 0.005
    # each county's own cash flow: its months add up to the cash flow of all regions
    regional = rows("scenarios.taiyuan-2016-baseline.cash_flow_by_region")
    assert {r["region"] for r in regional} == {"Loufan", "Yangqu"} and len(regional) == 72
    for i, r in enumerate(flow):
        month = [x for x in regional if (x["year"], x["month"]) == (r["year"], r["month"])]
        assert len(month) == 2
        assert abs(sum(float(x["total (yuan)"]) for x in month) - float(r["total (yuan)"])) < 0.011
    deciles = rows("comparison.reform-raise-standard.by_decile")
    assert [r["decile"] for r in deciles[:10]] == [str(d) for d in range(1, 11)]
PY
check "export of a missing file exits 2" exit_code 2 ./dibaosim export "$tmp/none.h5" --out "$tmp/csv2"
check "and writes nothing" test ! -e "$tmp/csv2"
finish
