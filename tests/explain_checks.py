"""Checks of `dibaosim explain --json` for tests/e2e_explain.sh (python3's json module only, and
h5py for the microdata). Each check runs explain and asserts on its steps:

  rules       every hand-worked rule case (tests/rules/*/expected.csv) explains to its expected
              dibao and paid units, and every dibao unit's steps add up (below)
  hand        hand-worked intermediate numbers of several rule cases (the notes of their
              expected.csv): counted income and its components, deductions, pc, the standard
              and its source, the gap and its floor, the tier, top-ups, rounding, tekun
  microdata   households of the Taiyuan baseline on the sample population: each month's steps end
              in the month's amounts, every unit's steps add up, and the months add up to the
              microdata of a `run --microdata` (argument: the results file)

"Add up" is checked here, independently of the engine: the members' incomes sum to the counted
income; counted - work cost - rigid expenses (floored at 0) is the assessed income; assessed /
size is pc; the tests decide eligibility; the gap is line - assessed, the benefit the largest of
the gap and its floors; benefit + top-ups rounded (fen or yuan, half away from zero) is the
entitlement; under perfect targeting the unit is paid it; the units' payments sum to the
household's, which is the month's `paid`."""
import csv
import glob
import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

EPS = 1e-6


def explain(scenario, population, household, year, month=None):
    cmd = ["./dibaosim", "explain", scenario, "--population", population, "--household",
           str(household), "--year", str(year), "--json"]
    if month is not None:
        cmd += ["--month", str(month)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    assert out.returncode == 0, (cmd, out.stderr)
    return json.loads(out.stdout)


def steps_of(month, program, unit):
    """The month's steps of a program's unit, by name (a name written twice is an error)."""
    found = {}
    for s in month["steps"]:
        if s["program"] == program and s["unit"] == unit:
            assert s["step"] not in found, ("step twice", s)
            found[s["step"]] = s
    return found


def value(month, program, unit, step):
    s = steps_of(month, program, unit)
    assert step in s, (program, unit, step, sorted(s))
    return s[step]["value"]


def rounded(x, yuan):
    q = Decimal("1") if yuan else Decimal("0.01")
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def close(a, b, what):
    assert abs(a - b) < EPS, (what, a, b)


def check_month(month):
    """Every dibao unit's steps add up; the units' payments to the household's, to `paid`."""
    household = steps_of(month, "dibao", 0)
    standard = household["standard"]["value"]
    yuan = "to the yuan" in household["rounding"]["detail"]
    units = {s["unit"] for s in month["steps"] if s["program"] == "dibao" and s["unit"] > 0}
    paid_total = 0.0
    for k in sorted(units):
        s = steps_of(month, "dibao", k)
        size = s["unit"]["value"]
        if size == 0:
            continue
        v = {name: step["value"] for name, step in s.items()}
        incomes = [step["value"] for name, step in s.items() if name.startswith("income of ")]
        assert len(incomes) == size, (k, s)
        close(sum(incomes), v["counted income"], "members' incomes sum to the counted income")
        assessed = max(0.0, v["counted income"] - v.get("work-cost deduction", 0)
                       - v.get("rigid-expense deduction", 0))
        close(assessed, v["assessed income"], "counted - deductions")
        close(v["assessed income"] / size, v["per-capita income"], "pc")
        assert v["income test"] == (v["per-capita income"] < standard - EPS), (k, v)
        assets = v["asset test"] if v["asset test"] is not None else True
        assert v["eligible"] == (v["income test"] and v["hukou test"] and assets), (k, v)
        if v["eligible"]:
            if "gap" in v:
                close(v["gap"], standard * size - v["assessed income"], "gap = line - assessed")
                close(v["benefit"], max(v["gap"], v["min share floor"],
                                        v.get("separated floor", 0)), "benefit")
            close(v["before rounding"], v["benefit"] + v.get("top-ups", 0), "benefit + top-ups")
            close(v["entitled"], rounded(v["before rounding"], yuan), "rounding")
        else:
            assert v["entitled"] == 0 or "exit" in s["entitled"]["detail"], (k, v)
        if "targeting" in s and "perfect" in s["targeting"]["detail"]:
            close(v["paid"], v["entitled"], "perfect targeting pays the entitlement")
        for basis in ("benefit on the seen income", "benefit on its basis"):
            if basis in v:   # paid its benefit on what the assessor saw, plus top-ups, rounded
                top_ups = float(s[basis]["detail"].split("with top-ups ")[1].split(",")[0])
                close(v["paid"], rounded(v[basis] + top_ups, yuan), basis)
        paid_total += v["paid"]
    close(paid_total, household["paid"]["value"], "units' payments sum to the household's")
    close(household["paid"]["value"], month["paid"]["dibao"], "the household's is the month's")
    for program, amount in month["paid"].items():
        close(value(month, program, 0, "paid"), amount, program + " ends in the month's amount")
    # the other programs' persons add up to their amounts
    def total(program, step, holding=""):
        return sum(s["value"] for s in month["steps"] if s["program"] == program
                   and s["step"] == step and holding in s["detail"])
    close(total("tekun", "served"), month["paid"]["tekun"], "tekun's persons")
    close(total("elderly_allowance", "allowance", "the allowance is paid"),
          month["paid"]["elderly_allowance"], "the allowances of members of paid units")
    close(total("medical_assistance", "reimbursement"), month["paid"]["medical_assistance"],
          "medical assistance's persons")
    close(total("temporary_assistance", "payout"), month["paid"]["temporary_assistance"],
          "the shock's payout")
    return len(units)


def rules():
    checked = 0
    for expected in sorted(glob.glob("tests/rules/*/expected.csv")):
        case = expected.rsplit("/", 1)[0]
        for row in csv.DictReader(open(expected)):
            year, month = row["month"].split("-")
            m = explain(f"{case}/scenario.yaml", case, row["household_id"], year, month)["months"][0]
            assert m["month"] == row["month"], (case, row, m["month"])
            close(m["paid"]["dibao"], float(row["dibao"]), (case, row["household_id"], row["month"]))
            check_month(m)
            paid = [s for s in m["steps"] if s["program"] == "dibao" and s["unit"] > 0
                    and s["step"] == "paid" and s["value"] > 0]
            assert len(paid) == int(row["paid_units"]), (case, row, paid)
            checked += 1
    assert checked > 200, checked
    print(f"{checked} rule-case rows explained to their expected amounts")


# (case, household, month, program, unit, step, value or None, text the detail must hold):
# figures from the hand calculations in the notes of each case's expected.csv.
HAND = [
    ("lever_deductions_combined", 1801, "2016-01", "dibao", 1, "counted income", 300, ""),
    ("lever_deductions_combined", 1801, "2016-01", "dibao", 1, "work-cost deduction", 100, ""),
    ("lever_deductions_combined", 1801, "2016-01", "dibao", 1, "rigid-expense deduction", 100,
     "the cap binds"),
    ("lever_deductions_combined", 1801, "2016-01", "dibao", 1, "assessed income", 100, ""),
    ("lever_deductions_combined", 1801, "2016-01", "dibao", 1, "gap", 220, ""),
    ("lever_deductions_combined", 1801, "2016-01", "dibao", 1, "paid", 220, ""),
    ("lever_work_cost_standard", 1602, "2016-01", "dibao", 1, "work-cost deduction", 160,
     "disabled worker"),
    ("lever_work_cost_standard", 1602, "2016-01", "dibao", 1, "assessed income", 340, ""),
    ("lever_support", 2203, "2016-01", "dibao", 1, "income of 220301", 180,
     "imputed family support 180.00"),
    ("lever_support", 2203, "2016-01", "dibao", 1, "gap", 140, ""),
    ("lever_support", 2206, "2016-01", "dibao", 1, "income of 220601", 100, "support 100.00"),
    ("lever_support", 2206, "2016-01", "dibao", 1, "per-capita income", 330, ""),
    ("lever_support", 2206, "2016-01", "dibao", 1, "eligible", False, ""),
    ("lever_support", 2206, "2016-01", "dibao", 2, "counted income", 200, ""),
    ("lever_support", 2206, "2016-01", "dibao", 2, "paid", 440, ""),
    ("lever_separation_edge", 2108, "2016-01", "dibao", 1, "as a whole", 1150, "edge"),
    ("lever_separation_edge", 2108, "2016-01", "dibao", 1, "per-capita income", 537.5, ""),
    ("lever_separation_edge", 2108, "2016-01", "dibao", 2, "unit", 1, "registered separately"),
    ("lever_separation_edge", 2108, "2016-01", "dibao", 2, "income of 210802", 75, "support 75.00"),
    ("lever_separation_edge", 2108, "2016-01", "dibao", 2, "asset test", None, "not tested"),
    ("lever_separation_edge", 2108, "2016-01", "dibao", 2, "paid", 245, ""),
    ("lever_top_ups_sum", 1909, "2016-01", "dibao", 1, "gap", 460, ""),
    ("lever_top_ups_sum", 1909, "2016-01", "dibao", 1, "top-ups", 180, "0.5 x standard"),
    ("lever_top_ups_sum", 1909, "2016-01", "dibao", 1, "entitled", 640, ""),
    ("lever_top_ups_max", 1909, "2016-01", "dibao", 1, "top-ups", 84, "0.2 x standard"),
    ("lever_top_ups_max", 1909, "2016-01", "dibao", 1, "entitled", 544, ""),
    ("rounding_fen", 403, "2016-01", "dibao", 1, "gap", 21, ""),
    ("rounding_fen", 403, "2016-01", "dibao", 1, "min share floor", 40.125, "binds"),
    ("rounding_fen", 403, "2016-01", "dibao", 1, "before rounding", 40.125, ""),
    ("rounding_fen", 403, "2016-01", "dibao", 1, "entitled", 40.13, "to the fen"),
    ("rounding_fen", 401, "2016-01", "dibao", 1, "per-capita income", 100 / 3, ""),
    ("rounding_yuan", 501, "2016-01", "dibao", 1, "before rounding", 219.5, ""),
    ("rounding_yuan", 501, "2016-01", "dibao", 1, "entitled", 220, "to the yuan"),
    ("rounding_yuan", 503, "2016-01", "dibao", 1, "entitled", 219, "to the yuan"),
    ("gap_floor", 201, "2016-01", "dibao", 1, "gap", 20, ""),
    ("gap_floor", 201, "2016-01", "dibao", 1, "min share floor", 64, "binds"),
    ("gap_floor", 202, "2016-01", "dibao", 1, "min share floor", 128, "does not bind"),
    ("exact_standard", 1103, "2016-01", "dibao", 1, "min share floor", 51.208, ""),
    ("exact_standard", 1103, "2016-01", "dibao", 1, "paid", 51.21, ""),
    ("tiers", 303, "2016-01", "dibao", 1, "tier", 2, "pays 0.5 x standard"),
    ("tiers", 301, "2016-01", "dibao", 1, "tier", 1, "pays 0.8 x standard"),
    ("tiers", 303, "2016-01", "dibao", 1, "benefit", 320, ""),
    ("assets", 702, "2016-01", "dibao", 0, "asset test", False, "fails"),
    ("assets", 701, "2016-01", "dibao", 0, "asset test", True, "passes"),
    ("dated_standard", 601, "2015-01", "dibao", 0, "standard", 288, "in force from 2015-01"),
    ("dated_standard", 601, "2016-01", "dibao", 0, "standard", 320, "in force from 2016-01"),
    ("dated_standard", 601, "2016-01", "dibao", 1, "gap", 20, ""),
    ("regions_dated", 1001, "2015-12", "dibao", 0, "standard", 288, "dibao.standard = 288"),
    ("regions_dated", 1001, "2016-01", "dibao", 0, "standard", 320, "(region Loufan)"),
    ("lever_tekun", 2301, "2016-01", "dibao", 1, "unit", 2, ""),
    ("lever_tekun", 2301, "2016-01", "dibao", 1, "gap", 140, ""),
    ("lever_tekun", 2301, "2016-01", "tekun", 230103, "served", 416, "1.3 x standard 320.00"),
    ("pension_counted", 901, "2016-01", "dibao", 1, "income of 90101", None, "(counted)"),
    ("pension_exempt", 901, "2016-01", "dibao", 1, "income of 90101", None, "(exempt"),
]


def hand():
    cache = {}
    for case, household, month, program, unit, step, want, text in HAND:
        year, mo = month.split("-")
        key = (case, household, month)
        if key not in cache:
            d = explain(f"tests/rules/{case}/scenario.yaml", f"tests/rules/{case}", household,
                        year, mo)
            assert d["household_id"] == household and d["year"] == int(year), d
            cache[key] = d["months"][0]
        s = steps_of(cache[key], program, unit)
        assert step in s, (case, household, program, unit, step, sorted(s))
        if want is not None:
            got = s[step]["value"]
            if isinstance(want, bool):
                assert got is want, (case, household, step, got, want)
            else:
                assert abs(got - want) < EPS, (case, household, step, got, want)
        assert text in s[step]["detail"], (case, household, step, text, s[step]["detail"])
    print(f"{len(HAND)} hand-worked steps of {len(cache)} households as expected")


def microdata(results):
    import h5py
    scenario = "scenarios/taiyuan-2016-baseline.yaml"
    with h5py.File(results) as f:
        g = f["scenarios/taiyuan-2016-baseline/households"]
        ids = list(g["household_id"][:])
        for household in ids[:12] + [8]:
            i = ids.index(household)
            d = explain(scenario, "populations/sample", household, 2017)
            assert d["household_id"] == household and d["year"] == 2017
            months = d["months"]
            assert [m["month"] for m in months] == [f"2017-{k:02d}" for k in range(1, 13)]
            for m in months:
                check_month(m)
                # the standard in force in 2017 is 2016's indexed by 12.3 %
                standard = steps_of(m, "dibao", 0)["standard"]
                assert "2017 +12.3%" in standard["detail"], standard
            for program in ("dibao", "elderly_allowance", "tekun", "temporary_assistance"):
                total = sum(m["paid"][program] for m in months)
                assert abs(total - g[program][1, i]) < 0.005, (household, program, total,
                                                               g[program][1, i])
                steps = sum(value(m, program, 0, "paid") for m in months)
                assert abs(steps - g[program][1, i]) < 0.005, (household, program, steps)
            units = sum(s["value"] for m in months for s in m["steps"]
                        if s["program"] == "dibao" and s["unit"] > 0 and s["step"] == "paid")
            assert abs(units - g["dibao"][1, i]) < 0.005, (household, units, g["dibao"][1, i])
            # medical assistance is annual: its year's amount stands in every month
            assert abs(months[11]["paid"]["medical_assistance"] - g["medical_assistance"][1, i]) < 0.005
    print("households' months add up to their microdata, step by step")


if __name__ == "__main__":
    {"rules": lambda: rules(), "hand": lambda: hand(),
     "microdata": lambda: microdata(sys.argv[2])}[sys.argv[1]]()
