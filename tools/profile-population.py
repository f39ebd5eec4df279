#!/usr/bin/env python3
"""Untargeted figures of a population file, to set beside their anchors (README, "Known gaps"):
per region, the composition of income, adults with transfers, wage employment, severe
disability and illness, persons living alone, aged 80+, and the registry's share of persons.

    ./dibaosim synth populations/taiyuan-rural-2016-calibrated.yaml --out /tmp/pop.h5
    /usr/bin/python3 tools/profile-population.py /tmp/pop.h5
"""
import sys

import h5py
import numpy as np

with h5py.File(sys.argv[1], "r") as f:
    P, H = f["population/persons"], f["population/households"]
    names = [n.decode() if isinstance(n, bytes) else str(n)
             for n in H["region"].attrs.get("levels", [])] or None
    region, registered = H["region"][:], H["registered_poor"][:]
    _, of, size = np.unique(P["household_id"][:], return_inverse=True, return_counts=True)
    age, level, ill = P["age"][:], P["disability_level"][:], P["serious_illness"][:]
    income = {k: P[k][:].astype(float) / 100 for k in
              ("wage", "business_income", "property_income", "transfer_income", "basic_pension")}
for r in np.unique(region):
    mine = region[of] == r
    total = sum(c[mine].sum() for c in income.values())
    name = names[r] if names and r < len(names) else f"region {r}"
    print(f"{name}: mean income {12 * total / mine.sum():,.0f} yuan/person/year; shares " +
          ", ".join(f"{k} {100 * c[mine].sum() / total:.1f} %" for k, c in income.items()))
    adult, transfer = mine & (age >= 16), income["transfer_income"]
    working_age = mine & (age >= 16) & (age <= 64)
    print(f"  adults with transfers {100 * (transfer[adult] > 0).mean():.1f} %, "
          f"16-64 with a wage {100 * (income['wage'][working_age] > 0).mean():.1f} %")
    print(f"  severe disability (levels 1-2) {100 * np.isin(level[mine], (1, 2)).mean():.2f} %, "
          f"seriously ill {100 * ill[mine].mean():.2f} %, aged 80+ {100 * (age[mine] >= 80).mean():.1f} %")
    households = region == r
    print(f"  households of one {100 * (size[households] == 1).mean():.1f} %, "
          f"registered persons {100 * registered[of][mine].mean():.1f} %")
