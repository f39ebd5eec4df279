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
import math
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
    close(total("medical_assistance", "entitlement"), month["entitled"]["medical_assistance"],
          "medical assistance's entitlements")
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


CASES = "tests/explain"


def unit_steps(month, unit=1):
    return {name: step for name, step in steps_of(month, "dibao", unit).items()}


def exit_share():
    """Gradual exit's schedule share (tests/explain/exit_share): a job of 1500 from January 2017
    takes persons paid 320 into exit; the default schedule [1, 1, 0.8, 0.8, 0.6, 0.6], lengthened
    to 8 months (0.6 repeated) for registered-poor household 901 only."""
    scenario = f"{CASES}/exit_share/scenario.yaml"
    shares = {901: [1, 1, 0.8, 0.8, 0.6, 0.6, 0.6, 0.6], 902: [1, 1, 0.8, 0.8, 0.6, 0.6]}
    for household, want in shares.items():
        d = explain(scenario, f"{CASES}/exit_share", household, 2017)
        for k, m in enumerate(d["months"]):
            check_month(m)
            s = unit_steps(m)
            if k < len(want):
                share = s["exit share"]
                close(share["value"], want[k], (household, k, "share"))
                assert f"exit month {k + 1} of {len(want)} " in share["detail"], share
                assert ("registered_poor_months 8" in share["detail"]) == (household == 901), share
                assert s["gradual exit"]["value"] is True, s["gradual exit"]
                close(s["entitled"]["value"], 320 * want[k], (household, k, "entitled"))
                close(s["paid"]["value"], 320 * want[k], (household, k, "paid"))
            else:   # the schedule is over: neither entitled nor paid
                assert "exit share" not in s and s["gradual exit"]["value"] is False, s
                close(s["paid"]["value"], 0, (household, k, "paid after the schedule"))
        total = sum(m["paid"]["dibao"] for m in d["months"])
        close(total, {901: 1920, 902: 1536}[household], (household, "the year"))
    # take-up 0.5, no reviews: an exit month is paid when the year's take-up draw is below 0.5
    scenario = f"{CASES}/exit_share/take_up.yaml"
    outcomes = set()
    for household in range(901, 909):
        d = explain(scenario, f"{CASES}/exit_share", household, 2017)
        draws = set()
        for k, m in enumerate(d["months"][:6]):
            check_month(m)
            s = unit_steps(m)
            draw = s["take-up draw"]["value"]
            draws.add(draw)
            paid = draw < 0.5
            assert ("claims, paid" in s["take-up draw"]["detail"]) == paid, s["take-up draw"]
            close(s["paid"]["value"], s["entitled"]["value"] if paid else 0, (household, k))
            outcomes.add(paid)
        assert len(draws) == 1, (household, draws)   # the year's draw, every exit month
    assert outcomes == {True, False}, outcomes
    print("gradual exit: the schedule's shares (lengthened for the registered poor) and the exit "
          "months' take-up draws as worked by hand")


def review_alignment():
    """Reviews aligned (tests/explain/review_aligned): two candidates of weight 10 a review would
    remove, coverage 0.5, paid the stale 0.3 x 320 = 96 until reviewed; household 1003 would stay."""
    population = f"{CASES}/review_aligned"
    # logit_shift to 16 of 20: shifted coverage 0.8, delta = logit(0.8) - logit(0.5) = ln 4
    for household in (1001, 1002):
        d = explain(f"{population}/logit.yaml", population, household, 2016)
        for m in d["months"][:11]:
            check_month(m)
            assert "alignment shift" not in unit_steps(m), m["month"]
            close(m["paid"]["dibao"], 96, (household, m["month"]))
        m = d["months"][11]
        check_month(m)
        s = unit_steps(m)
        close(s["alignment shift"]["value"], math.log(4), "delta")
        close(s["shifted coverage"]["value"], 0.8, "shifted coverage")
        reviewed = s["review draw"]["value"] < 0.8
        assert ("reviewed, and removed" in s["shifted coverage"]["detail"]) == reviewed, s
        close(s["paid"]["value"], 0 if reviewed else 96, (household, "December"))
    # sort to 10: the candidate with the smaller draw / coverage is taken, and only that one
    chosen = {}
    for household in (1001, 1002):
        m = explain(f"{population}/sort.yaml", population, household, 2016, 12)["months"][0]
        check_month(m)
        s = unit_steps(m)
        chosen[household] = (s["review draw"]["value"], s["sort selected"]["value"])
        close(s["paid"]["value"], 0 if s["sort selected"]["value"] else 96, (household, "sort"))
    first = min(chosen, key=lambda h: chosen[h][0])
    assert [h for h in chosen if chosen[h][1]] == [first], chosen
    # the group's cut-off, shown to both: the one taken's draw / coverage 0.5
    for household in (1001, 1002):
        m = explain(f"{population}/sort.yaml", population, household, 2016, 12)["months"][0]
        close(unit_steps(m)["sort cut-off"]["value"], chosen[first][0] / 0.5, (household, "cut-off"))
    # a unit a review keeps is reviewed on plain coverage under either method
    for method in ("logit", "sort"):
        m = explain(f"{population}/{method}.yaml", population, 1003, 2016, 12)["months"][0]
        check_month(m)
        s = unit_steps(m)
        assert "plain coverage" in s["review alignment"]["detail"], s["review alignment"]
        assert "alignment shift" not in s and "sort selected" not in s, s
        close(s["paid"]["value"], 320, "kept")
    print("aligned reviews: delta ln 4 and coverage 0.8 under logit_shift, the sort's one "
          "selection, a unit kept on plain coverage")


TIERS = [(1, 3000), (2, 5000), (3, 8000)]   # the default tiers (rules.md 4.2)


def shocks():
    """Temporary assistance's draws and tier, medical entitlement beside receipt
    (tests/explain/shocks): lognormal costs (median 3000, sigma 0.8), the default tiers; medical
    deductible 1000, cap 5000; take-up 0 (no dibao received)."""
    from statistics import NormalDist
    population = f"{CASES}/shocks"
    households = {int(r["household_id"]): r for r in csv.DictReader(open(f"{population}/households.csv"))}
    persons = {int(r["household_id"]): r for r in csv.DictReader(open(f"{population}/persons.csv"))}
    shocked = 0
    for household in households:
        d = explain(f"{population}/scenario.yaml", population, household, 2016)
        for m in d["months"]:
            check_month(m)
        january = steps_of(d["months"][0], "temporary_assistance", 0)
        poor = households[household]["registered_poor"] == "1"
        whether = january["shock draw"]["value"]
        assert ("a shock this year" in january["shock draw"]["detail"]) == (whether < (0.6 if poor else 0.4)), january
        paid = [m["paid"]["temporary_assistance"] for m in d["months"]]
        if whether >= (0.6 if poor else 0.4):
            assert "month draw" not in january and sum(paid) == 0, (household, january)
            continue
        shocked += 1
        month = int(january["month draw"]["value"] * 12)
        cost = round(3000 * math.exp(0.8 * NormalDist().inv_cdf(january["cost draw"]["value"])), 2)
        income = 12 * float(persons[household]["wage"])
        tier = [t for t, (multiple, _) in enumerate(TIERS) if income == 0 or cost >= multiple * income]
        payout = min(cost, TIERS[tier[-1]][1]) if tier else 0
        s = steps_of(d["months"][month], "temporary_assistance", 0)
        close(s["shock"]["value"], cost, (household, "cost"))
        close(s["annual income"]["value"], income, (household, "income"))
        close(s["payout"]["value"], payout, (household, "payout"))
        if tier:
            assert f"the highest tier met, {tier[-1] + 1} " in s["payout"]["detail"], s["payout"]
        close(paid[month], payout, (household, "paid in the shock's month"))
        close(sum(paid), payout, (household, "paid only then"))
    assert 3 <= shocked < len(households), shocked
    # medical: entitlement (on dibao entitlement) beside what was received (on dibao received)
    want = {   # household: (entitlement, received, text of the entitlement)
        1103: (1400, 0, "(3000 - 1000) x 0.7, entitled to dibao (wage 200 < 320): priority"),
        1104: (2800, 2800, "registered poor and ill: (4500 - 1000) x 0.8, either way"),
        1109: (5000, 0, "(12000 - 1000) x 0.7 = 7700, the cap 5000 binds; received nothing"),
        1101: (None, None, "no spending: no step"),
    }
    for household, (entitled, received, note) in want.items():
        m = explain(f"{population}/scenario.yaml", population, household, 2016, 12)["months"][0]
        s = steps_of(m, "medical_assistance", household * 100 + 1)
        if entitled is None:
            assert not s, (household, s)
            continue
        close(s["entitlement"]["value"], entitled, (household, note))
        close(s["reimbursement"]["value"], received, (household, note))
        close(m["entitled"]["medical_assistance"], entitled, (household, "the month's entitled"))
        close(m["paid"]["medical_assistance"], received, (household, "the month's paid"))
    assert "cap 5000.00 binds" in steps_of(explain(f"{population}/scenario.yaml", population, 1109,
                                                   2016, 12)["months"][0], "medical_assistance",
                                          110901)["entitlement"]["detail"]
    print(f"shocks: {shocked} households' draws, month, cost and tier as worked by hand; medical "
          f"entitlement beside receipt, deductible and cap")


if __name__ == "__main__":
    {"rules": lambda: rules(), "hand": lambda: hand(),
     "microdata": lambda: microdata(sys.argv[2]), "exit": exit_share,
     "reviews": review_alignment, "shocks": shocks}[sys.argv[1]]()
