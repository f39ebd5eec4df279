#!/usr/bin/env python3
"""Re-derives the values of scenarios/taiyuan-2016-baseline.yaml marked "derived", on a population
(default: the calibrated one), and writes them into the scenario in place:
- temporary assistance: the shock probability of registered-poor households and `payout_share`
  of each county, scaled until the simulated 2016 cases and amounts to registered households are
  the study's (populations/taiyuan-2016-targets.yaml);
- the `budget` appropriations of temporary and medical assistance: the simulated 2016 spending of
  each county (with the opening balance assumed equal to the study's end-2016 balance, the
  appropriation that ends 2016 there).
tools/calibrate-by-region.sh runs it after each round (the calibration leaves the temporary
figures to it).
  /usr/bin/python3 tools/derive-scenario.py [POPULATION]"""
import os, re, subprocess, sys, tempfile
import h5py, yaml

os.chdir(os.path.join(os.path.dirname(__file__), ".."))
SCENARIO = "scenarios/taiyuan-2016-baseline.yaml"
population = sys.argv[1] if len(sys.argv) > 1 else "populations/taiyuan-rural-2016-calibrated.yaml"
REGIONS = ("Loufan", "Yangqu")
published = {}
for t in yaml.safe_load(open("populations/taiyuan-2016-targets.yaml"))["targets"]:
    if t["measure"].startswith("temporary_registered_poor_"):
        published[(t["measure"], t["region"])] = t["value"]

def run(folder):
    """The baseline's 2016: validation rows {(measure, region): simulated}, spending by county."""
    out = os.path.join(folder, "run.h5")
    subprocess.run(["./dibaosim", "run", SCENARIO, "--population", population, "--years", "2016",
                    "--quiet", "--out", out], check=True, stdout=subprocess.DEVNULL)
    with h5py.File(out) as f:
        v = f["validation"]
        simulated = {(m.decode(), r.decode()): s for m, r, s in
                     zip(v["measure"][:], v["region"][:], v["simulated"][:])}
        flows = f["scenarios/taiyuan-2016-baseline/cash_flow_by_region"]
        spent = {}
        for program in ("temporary_assistance", "medical_assistance"):
            for region, value in zip(flows["region"][:], flows[program][:]):
                key = (program, region.decode())
                spent[key] = spent.get(key, 0.0) + value
    return simulated, spent

def replace(text, pattern, line):
    new, n = re.subn(pattern, line, text, count=1, flags=re.M)
    if n != 1: sys.exit(f"derive-scenario: {SCENARIO}: no line matches {pattern}")
    return new

def write_temporary(p, share):
    text = open(SCENARIO).read()
    text = replace(text, r"^  shock_probability: \{true: \{.*\}, false: (.*)\}$",
                   "  shock_probability: {true: {" + ", ".join(f"{r}: {p[r]:.4g}" for r in REGIONS) +
                   "}, false: \\1}")
    text = replace(text, r"^  payout_share: \{.*\}$",
                   "  payout_share: {" + ", ".join(f"{r}: {share[r]:.4g}" for r in REGIONS) + "}")
    open(SCENARIO, "w").write(text)

current = yaml.safe_load(open(SCENARIO))["temporary_assistance"]
p = {r: current["shock_probability"][True][r] for r in REGIONS}
share = {r: current["payout_share"][r] for r in REGIONS}
with tempfile.TemporaryDirectory() as folder:
    for rescaled in range(7):   # cases scale with the probability, amounts then with the share
        simulated, spent = run(folder)   # of the values the scenario now holds
        ratios = {r: (published[("temporary_registered_poor_cases", r)] /
                      simulated[("temporary_registered_poor_cases", r)],
                      published[("temporary_registered_poor_amount", r)] /
                      simulated[("temporary_registered_poor_amount", r)]) for r in REGIONS}
        if rescaled == 6 or all(abs(c - 1) < 0.01 and abs(a - 1) < 0.01 for c, a in ratios.values()):
            break
        for r, (cases, amount) in ratios.items():
            p[r] = min(1.0, p[r] * cases)
            share[r] = min(1.0, share[r] * amount / cases)
        write_temporary(p, share)
text = open(SCENARIO).read()
for program in ("temporary_assistance", "medical_assistance"):
    values = ", ".join(f"{r}: {spent[(program, r)]:.2f}" for r in REGIONS)
    text = replace(text, r"^(  " + program + r":\n(?:    .*\n)*?    appropriation: )\{[^}]*\}",
                   "\\1{" + values + "}")
open(SCENARIO, "w").write(text)
for r in REGIONS:
    print(f"{r}: temporary cases {simulated[('temporary_registered_poor_cases', r)]:.0f}, amount "
          f"{simulated[('temporary_registered_poor_amount', r)]:.0f}; shock probability {p[r]:.4g}, "
          f"payout share {share[r]:.4g}; appropriations: temporary {spent[('temporary_assistance', r)]:.2f}, "
          f"medical {spent[('medical_assistance', r)]:.2f}")
