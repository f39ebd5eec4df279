#!/usr/bin/env bash
# End-to-end checks of appropriations and fund balances (issue 16): the Taiyuan baseline on the
# default population ends 2016 with the study's fund balances; every month's balance follows
# from the one before, the release and the cash flow by region; `report`, `export` and
# `report --html` show them; with a sensitivity block, the shortfall probability read back with
# h5py equals the share of replications whose lowest balance is below 0, the percentiles are
# those of the replications, a replication's lowest balances are those of a plain run with its
# draw, and 1 and 2 threads agree; bad budgets exit 2 with file:line:col and write nothing.
. "$(dirname "$0")/lib_e2e.sh"
base=scenarios/taiyuan-2016-baseline.yaml
pop=populations/taiyuan-rural-2016-calibrated.yaml

check "the baseline, 2016-2017, on the default population" exit_code 0 ./dibaosim run $base --population $pop --years 2016:2017 --out "$tmp/base.h5" --quiet
cp "$tmp/out" "$tmp/report.txt"
check "year-end 2016 balances are the study's (sec. 四), to the fen" $py - "$tmp/base.h5" <<'PY'
import sys, h5py
study = {("temporary_assistance", "Loufan"): 1605500, ("temporary_assistance", "Yangqu"): 1549400,
         ("medical_assistance", "Loufan"): 3293000, ("medical_assistance", "Yangqu"): 723000}
with h5py.File(sys.argv[1]) as f:
    g = f["scenarios/taiyuan-2016-baseline/budget/years"]
    found = {}
    for p, r, y, c in zip(g["program"][:], g["region"][:], g["year"][:], g["closing"][:]):
        if y == 2016: found[(p.decode(), r.decode())] = c
    assert set(found) == set(study), found
    for k, v in study.items():
        assert abs(found[k] - v) < 0.01, (k, found[k], v)
PY
check "balances follow from the opening, the releases and the cash flow by region" $py - "$tmp/base.h5" $base <<'PY'
import sys, h5py, numpy as np, yaml
with h5py.File(sys.argv[1]) as f:
    s = f["scenarios/taiyuan-2016-baseline"]
    m = {k: s["budget/months"][k][:] for k in s["budget/months"]}
    flow = s["cash_flow_by_region"]
    assert m["closing"].dtype == np.float64 and s["budget/months/closing"].attrs["units"] == b"yuan"
    budget = yaml.safe_load(open(sys.argv[2]))["budget"]   # the derived appropriations
    appropriation = {(p, r.encode()): budget[p]["appropriation"][r]
                     for p in ("temporary_assistance", "medical_assistance") for r in ("Loufan", "Yangqu")}
    rows = 0
    for program in ("temporary_assistance", "medical_assistance"):
        for region in (b"Loufan", b"Yangqu"):
            i = (m["program"] == program.encode()) & (m["region"] == region)
            j = flow["region"][:] == region
            assert i.sum() == 24 and j.sum() == 24
            assert np.array_equal(m["spent"][i], flow[program][:][j])
            assert np.allclose(m["closing"][i], m["opening"][i] + m["released"][i] - m["spent"][i], rtol=0, atol=1e-6)
            assert np.array_equal(m["opening"][i][1:], m["closing"][i][:-1])   # carried over
            quarter = np.tile([0.25, 0, 0] * 4, 2) * appropriation[(program, region)]
            assert np.allclose(m["released"][i], quarter, rtol=0, atol=1e-6)
            rows += 24
    assert rows == len(m["closing"])
    y = {k: s["budget/years"][k][:] for k in s["budget/years"]}
    for k in range(len(y["year"])):
        i = (m["program"] == y["program"][k]) & (m["region"] == y["region"][k]) & (m["year"] == y["year"][k])
        assert abs(m["spent"][i].sum() - y["spent"][k]) < 1e-6 and m["closing"][i][-1] == y["closing"][k]
        assert m["closing"][i].min() == y["lowest"][k] and y["short_months"][k] == (m["closing"][i] < 0).sum()
    assert len(s["budget/shortfalls/month"]) == 0
PY
released=$($py -c "import yaml; print('%.1f' % (yaml.safe_load(open('$base'))['budget']['medical_assistance']['appropriation']['Yangqu'] / 1000))")
check "report prints the balances" grep -qE "^medical  Yangqu   2016     723.0 +$released +$released +723.0" "$tmp/report.txt"
check "export writes them as CSV" exit_code 0 ./dibaosim export "$tmp/base.h5" --out "$tmp/csv"
check "the CSV's year-end balances" bash -c "grep -q '^2016,Loufan,medical_assistance,3293000.00,' '$tmp/csv/scenarios.taiyuan-2016-baseline.budget.years.csv' && head -1 '$tmp/csv/scenarios.taiyuan-2016-baseline.budget.months.csv' | grep -q 'closing (yuan)'"
check "report --html draws a balance chart per program" exit_code 0 ./dibaosim report "$tmp/base.h5" --html "$tmp/base.html"
check "the charts" bash -c "grep -q '<h2>Fund balances: taiyuan-2016-baseline' '$tmp/base.html' && grep -q '<title>temporary_assistance</title>' '$tmp/base.html' && grep -q '<title>medical_assistance</title>' '$tmp/base.html'"

# A fund that is short in some replications: medical assistance's priority ratio uncertain, the
# fund holding nothing at the start and given what the baseline spends in 2016 in each county.
check "the baseline's 2016 medical spending at scale 0.05" exit_code 0 ./dibaosim run $base --population $pop --scale 0.05 --years 2016 --out "$tmp/small.h5" --quiet
spent=$($py -c "
import h5py
g = h5py.File('$tmp/small.h5')['scenarios/taiyuan-2016-baseline/cash_flow_by_region']
r = g['region'][:]
print(', '.join('%s: %.2f' % (x, g['medical_assistance'][:][r == x.encode()].sum()) for x in ('Loufan', 'Yangqu')))")
cat > "$tmp/risk.yaml" <<YAML
extends: $PWD/$base
name: risk
budget:
  temporary_assistance: null
  medical_assistance: {appropriation: {$spent}, opening_balance: 0, release: monthly}
sensitivity:
  replications: 40
  parameters:
    - {path: medical_assistance.ratios.priority, distribution: uniform, min: 0.5, max: 0.9}
YAML
check "a sensitivity run with a budget, 1 thread" exit_code 0 ./dibaosim run "$tmp/risk.yaml" --population $pop --scale 0.05 --years 2016:2017 --threads 1 --out "$tmp/risk1.h5" --quiet
cp "$tmp/out" "$tmp/risk-report.txt"
check "the same, 2 threads" exit_code 0 ./dibaosim run "$tmp/risk.yaml" --population $pop --scale 0.05 --years 2016:2017 --threads 2 --out "$tmp/risk2.h5" --quiet
check "1 and 2 threads give identical balances and risks" bash -c "h5diff '$tmp/risk1.h5' '$tmp/risk2.h5' /sensitivity/risk /sensitivity/risk && h5diff '$tmp/risk1.h5' '$tmp/risk2.h5' /scenarios/risk/budget /scenarios/risk/budget"
check "the shortfall probability is the share of replications below 0" $py - "$tmp/risk1.h5" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1]) as f:
    g = f["sensitivity/risk/budget"]
    lowest = f["sensitivity/risk/replications/budget_lowest"][:]
    rows = len(g["year"])
    assert lowest.shape == (40, rows) and rows == 4, lowest.shape   # 1 fund, 2 regions, 2 years
    share = (lowest < 0).mean(axis=0)
    assert np.array_equal(g["shortfall_probability"][:], share), (g["shortfall_probability"][:], share)
    assert ((share > 0) & (share < 1)).any(), share      # the test can tell a wrong share
    for q, name in ((0.05, "lowest_p05"), (0.5, "lowest_p50"), (0.95, "lowest_p95")):
        assert np.allclose(g[name][:], np.quantile(lowest, q, axis=0), rtol=1e-12, atol=1e-6), name
    assert [x.decode() for x in g["program"][:]] == ["medical_assistance"] * 4
    assert [x.decode() for x in g["region"][:]] == ["Loufan", "Loufan", "Yangqu", "Yangqu"]
    assert list(g["year"][:]) == [2016, 2017, 2016, 2017]
    print(repr(float(f["sensitivity/risk/replications/draws"][0, 0])))
PY
draw=$(tail -1 "$tmp/check.log")
sed -e "/^sensitivity:/,\$d" -e "s/^name: risk/name: risk0/" "$tmp/risk.yaml" > "$tmp/risk0.yaml"
echo "medical_assistance: {ratios: {priority: $draw}}" >> "$tmp/risk0.yaml"
check "a plain run with replication 0's draw" exit_code 0 ./dibaosim run "$tmp/risk0.yaml" --population $pop --scale 0.05 --years 2016:2017 --out "$tmp/risk0.h5" --quiet
check "has replication 0's lowest balances" $py - "$tmp/risk1.h5" "$tmp/risk0.h5" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1]) as f, h5py.File(sys.argv[2]) as g:
    assert np.array_equal(f["sensitivity/risk/replications/budget_lowest"][0], g["scenarios/risk0/budget/years/lowest"][:])
PY
check "report prints the risk" grep -q "^risk: risk of a shortfall over the replications" "$tmp/risk-report.txt"
check "report --html shows the risk" bash -c "./dibaosim report '$tmp/risk1.h5' --html '$tmp/risk.html' && grep -q '<h2>Risk of a shortfall: risk' '$tmp/risk.html'"

# bad budgets: exit 2, file:line:col, no results file
bad_run() {   # the message expected
  exit_code 2 ./dibaosim run "$tmp/bad.yaml" --population populations/sample --out "$tmp/bad.h5" &&
    grep -qF -- "$1" "$tmp/err" && [ ! -e "$tmp/bad.h5" ]
}
bad() {   # what, YAML of the budget block, the message expected
  printf 'extends: %s\nname: bad\nbudget:\n%s\n' "$PWD/$base" "$2" > "$tmp/bad.yaml"
  check "$1" bad_run "$3"
}
bad "release shares not adding up to 1" "  dibao: {release: [0.5, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0]}" \
    "bad.yaml:4:20: budget.dibao.release: shares add up to 1.5, not 1"
bad "a program that does not exist" "  medical_asistance: {appropriation: 5}" \
    "bad.yaml:4:3: unknown key 'budget.medical_asistance'; did you mean \`medical_assistance\`?"
bad "a negative appropriation" "  tekun: {appropriation: {Loufan: 5, Yangqu: -1}}" \
    "bad.yaml:4:46: budget.tekun.appropriation.Yangqu: value -1 is out of range"
bad "a misspelt region, before simulating" "  tekun: {appropriation: {Loufan: 5, Yangku: 1}}" \
    "bad.yaml:4:38: budget.tekun.appropriation: 'Yangku' is not a region of the population; did you mean \`Yangqu\`?"
check "validate --population finds it too" bash -c "./dibaosim validate '$tmp/bad.yaml' --population populations/sample 2>&1 | grep -q \"'Yangku' is not a region\""
finish
