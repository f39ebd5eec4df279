#!/usr/bin/python3
"""The numpy peer of `make bench`: tools/bench/simple-dibao.yaml's rule, hand-vectorised.

Reads a population HDF5 file (the engine's format: /population/households, /population/persons)
and, for each of the twelve months of a year, pays every household of the given hukou type

    benefit = max(0, standard × members − household income)     (fen, exact integers)

that is (standard − pc) × members with pc = household income / members, income being the sum of
wage, business, property and transfer income and the basic pension; the standard is the one of the
household's region. Exactly the rule the engine runs for simple-dibao.yaml: amounts are whole fen,
so the engine's rounding to the fen leaves them unchanged.

Writes each household's annual amount (yuan) to --out (HDF5: household_id, dibao), like the
engine's --microdata; with --check RESULTS.h5 (an engine run of simple-dibao.yaml on the same
file, with --microdata) compares the expenditure, paid units and paid persons of every month and
region, and every household's annual amount, and exits 1 unless they agree to the fen.
"""
import argparse
import re
import sys

import h5py
import numpy as np


def read_population(path):
    with h5py.File(path, "r") as f:
        hh, pp = f["population/households"], f["population/persons"]
        levels = [v.decode() if isinstance(v, bytes) else str(v)
                  for v in hh["region"].attrs["levels"]]
        hukou_levels = [v.decode() if isinstance(v, bytes) else str(v)
                        for v in hh["hukou"].attrs["levels"]]
        household_id = hh["household_id"][:]
        region = hh["region"][:].astype(np.intp)
        hukou = hh["hukou"][:]
        weight = hh["weight"][:].astype(np.float64)
        person_household = pp["household_id"][:]
        income = pp["wage"][:].astype(np.int64)
        for column in ("business_income", "property_income", "transfer_income", "basic_pension"):
            income += pp[column][:]
    return levels, hukou_levels, household_id, region, hukou, weight, person_household, income


def group(household_id, person_household, income):
    """Household income (fen a month) and members, households in file order."""
    n = len(household_id)
    runs = np.flatnonzero(np.r_[True, person_household[1:] != person_household[:-1]]) \
        if len(person_household) else np.zeros(0, np.intp)
    if len(runs) == n and np.array_equal(person_household[runs], household_id):
        # persons grouped by household, in the households' order (what synth and import write)
        members = np.diff(np.r_[runs, len(person_household)])
        return np.add.reduceat(income, runs) if n else np.zeros(0, np.int64), members
    order = np.argsort(household_id, kind="stable")
    at = order[np.searchsorted(household_id, person_household, sorter=order)]
    members = np.bincount(at, minlength=n)
    # float64 sums of whole fen are exact below 2^53 fen
    total = np.bincount(at, weights=income, minlength=n)
    return np.rint(total).astype(np.int64), members


def simulate(levels, hukou_levels, standards, hukou_name, region, hukou, weight, income, members):
    """Per month and region: expenditure (yuan), paid units, paid persons; annual fen per household."""
    missing = [r for r in levels if r not in standards]
    if missing:
        sys.exit(f"peer: no standard for region(s) {', '.join(missing)}")
    standard = np.array([round(standards[r] * 100) for r in levels], dtype=np.int64)  # fen
    served = hukou == hukou_levels.index(hukou_name)
    n_regions = len(levels)
    expenditure = np.zeros((12, n_regions))
    units = np.zeros((12, n_regions))
    persons = np.zeros((12, n_regions))
    annual = np.zeros(len(region), dtype=np.int64)
    for month in range(12):
        line = standard[region] * members            # standard × members, fen
        paid = served & (income < line)              # income exactly at the line is not paid
        payment = np.where(paid, line - income, 0)
        annual += payment
        expenditure[month] = np.bincount(region, weights=weight * (payment / 100.0),
                                         minlength=n_regions)
        units[month] = np.bincount(region, weights=weight * paid, minlength=n_regions)
        persons[month] = np.bincount(region, weights=weight * (members * paid),
                                     minlength=n_regions)
    return expenditure, units, persons, annual


def check(results, scenario, levels, household_id, expenditure, units, persons, annual):
    """Compares with the engine's results file; returns the number of disagreements."""
    bad = 0
    with h5py.File(results, "r") as f:
        s = f[f"scenarios/{scenario}/summary"]
        text = lambda d: np.array([v.decode() if isinstance(v, bytes) else str(v) for v in d[:]])
        program, region, month = text(s["program"]), text(s["region"]), s["month"][:]
        rows = np.flatnonzero(program == "dibao")
        for i in rows:
            m, r = int(month[i]) - 1, levels.index(region[i])
            # expenditure to the fen; weighted counts to a millionth of a household or person
            # (the sums of the same products in another order differ in the last bits)
            for name, ours, tol in (("expenditure", expenditure, 0.005),
                                    ("paid_units", units, 1e-6), ("paid_persons", persons, 1e-6)):
                theirs = float(s[name][i])
                if not abs(ours[m, r] - theirs) < tol:
                    print(f"peer: {name} month {m + 1} {region[i]}: engine {theirs:.6f}, "
                          f"numpy {ours[m, r]:.6f}", file=sys.stderr)
                    bad += 1
        if len(rows) != 12 * len(levels):
            print(f"peer: engine has {len(rows)} dibao rows, expected {12 * len(levels)}",
                  file=sys.stderr)
            bad += 1
        hh = f[f"scenarios/{scenario}/households"]
        ids, amounts = hh["household_id"][:], hh["dibao"][0, :]
    order = np.argsort(household_id)
    theirs_at = np.argsort(ids)
    if not np.array_equal(household_id[order], ids[theirs_at]):
        print("peer: the engine's households are not the population's", file=sys.stderr)
        return bad + 1
    ours = annual[order]
    theirs = np.rint(amounts[theirs_at] * 100).astype(np.int64)
    differ = np.flatnonzero(ours != theirs)
    for j in differ[:5]:
        print(f"peer: household {household_id[order][j]}: engine {theirs[j] / 100:.2f}, "
              f"numpy {ours[j] / 100:.2f} yuan", file=sys.stderr)
    return bad + (len(differ) > 0)


def scenario_standards(path):
    """dibao.standard and dibao.hukou of a scenario written as tools/bench/simple-dibao.yaml is
    (`standard: {Region: yuan, ...}` on one line, undated): a small parser, not YAML."""
    text = open(path, encoding="utf-8").read()
    found = re.search(r"^  standard: *\{([^}]*)\}", text, re.M)
    if not found:
        sys.exit(f"peer: {path}: no one-line `standard: {{Region: yuan, ...}}` under dibao")
    standards = {}
    for item in found.group(1).split(","):
        name, _, value = item.partition(":")
        standards[name.strip()] = float(value)
    hukou = re.search(r"^  hukou: *(\w+)", text, re.M)
    return standards, hukou.group(1) if hukou else "rural"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("population", help="population HDF5 file")
    ap.add_argument("--standard", action="append", default=[], metavar="REGION=YUAN",
                    help="monthly standard of a region, yuan/person (one per region)")
    ap.add_argument("--hukou", default="rural", help="hukou type served (default rural)")
    ap.add_argument("--scenario-file", metavar="YAML",
                    help="take the standards and hukou from this scenario (simple-dibao.yaml)")
    ap.add_argument("--out", help="write household_id and annual dibao (yuan) here (HDF5)")
    ap.add_argument("--check", metavar="RESULTS.h5", help="compare with an engine run")
    ap.add_argument("--scenario", default="simple-dibao", help="its scenario name")
    ap.add_argument("--summary", action="store_true", help="print the totals by month and region")
    a = ap.parse_args()
    standards, served = {}, a.hukou
    if a.scenario_file:
        standards, served = scenario_standards(a.scenario_file)
    for s in a.standard:
        name, _, value = s.partition("=")
        standards[name] = float(value)

    levels, hukou_levels, household_id, region, hukou, weight, person_household, income = \
        read_population(a.population)
    household_income, members = group(household_id, person_household, income)
    expenditure, units, persons, annual = simulate(levels, hukou_levels, standards, served,
                                                   region, hukou, weight, household_income,
                                                   members)
    if a.out:
        with h5py.File(a.out, "w") as f:
            f["household_id"] = household_id
            f["dibao"] = annual / 100.0
    if a.summary:
        print("month region   expenditure (yuan)   paid units  paid persons")
        for m in range(12):
            for r, name in enumerate(levels):
                print(f"{m + 1:5d} {name:8s} {expenditure[m, r]:18.2f} {units[m, r]:12.2f} "
                      f"{persons[m, r]:13.2f}")
    print(f"peer: {len(household_id)} households, {len(person_household)} persons; "
          f"dibao {expenditure.sum():.2f} yuan in the year")
    if a.check:
        bad = check(a.check, a.scenario, levels, household_id, expenditure, units, persons, annual)
        if bad:
            print(f"peer: {bad} disagreement(s) with {a.check}", file=sys.stderr)
            return 1
        print(f"peer: agrees with {a.check}: expenditure to the fen, paid units and persons, by "
              f"month and region; every household's annual amount")
    return 0


if __name__ == "__main__":
    sys.exit(main())
