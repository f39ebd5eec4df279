"""Reads a dibaosim results file back with h5py, as a user would, and checks it.

usage: check_results.py RESULTS.h5 POPULATION_DIR

- every dataset carries non-empty `units` and `description` attributes;
- /meta holds the provenance, and each input's SHA-256 matches the file on disk;
- each scenario's summary is a table of equal-length columns by year, month, region and program;
- the microdata are [years x households] per program and add up to the summary's expenditure
  of that program (weighted by the population's household weights);
- the cash flow and fund needs add up to the summary's expenditure, and their `year` columns
  count the years.
"""
import csv
import hashlib
import sys

import h5py
import numpy as np


def main(results_path, population_dir):
    datasets = []
    with h5py.File(results_path, "r") as f:
        f.visititems(lambda name, obj: datasets.append(name) if isinstance(obj, h5py.Dataset) else None)
        assert datasets, "no datasets"
        for name in datasets:
            attrs = f[name].attrs
            for key in ("units", "description"):
                value = attrs.get(key)
                assert value is not None and len(value) > 0, f"{name} lacks {key}"

        meta = f["meta"]
        for key in ("engine_version", "command_line", "started", "seed", "threads", "population"):
            assert key in meta, f"/meta/{key} missing"
        paths = [p.decode() for p in meta["inputs/path"][:]]
        hashes = [h.decode() for h in meta["inputs/sha256"][:]]
        assert len(paths) == len(hashes) >= 3
        for path, digest in zip(paths, hashes):
            with open(path, "rb") as handle:
                assert hashlib.sha256(handle.read()).hexdigest() == digest, path

        with open(f"{population_dir}/households.csv") as handle:
            rows = list(csv.DictReader(handle))
        weight = {int(r["household_id"]): float(r["weight"]) for r in rows}

        for name, group in f["scenarios"].items():
            assert name in meta["scenarios"], f"resolved YAML of {name} missing"
            yaml_text = meta["scenarios"][name][()].decode()
            assert "standard" in yaml_text and "financial_months" in yaml_text
            summary = group["summary"]
            lengths = {len(summary[c]) for c in summary}
            assert len(lengths) == 1, f"{name}: summary columns differ in length"
            years = np.unique(summary["year"][:])
            assert set(summary["month"][:]) == set(range(1, 13))
            micro = group["households"]
            dibao = micro["dibao"][:]
            ids = micro["household_id"][:]
            assert dibao.shape == (len(years), len(ids)), dibao.shape
            assert micro["months_paid"].shape == dibao.shape
            assert (micro["months_paid"][:] <= 12).all()
            w = np.array([weight[int(i)] for i in ids])
            programs = np.array([p.decode() for p in summary["program"][:]])
            for program in (p for p in dict.fromkeys(programs) if p != "all"):
                paid = micro[program][:]
                for k, year in enumerate(years):
                    rows = (summary["year"][:] == year) & (programs == program)
                    total = summary["expenditure"][:][rows].sum()
                    assert abs(total - (paid[k] * w).sum()) < 1e-6 * max(1.0, total), (program, year, total)
                    assert abs(group["fund_needs"][program][k] - total) < 1e-6 * max(1.0, total)
            assert list(group["fund_needs"]["year"][:]) == list(years), f"{name}: fund_needs/year"
            assert list(group["cash_flow"]["year"][:]) == [y for y in years for _ in range(12)]
            flow = group["cash_flow"]["total"][:]
            assert abs(flow.sum() - summary["expenditure"][:][programs == "all"].sum()) < 1e-6 * max(1.0, flow.sum())
            assert dibao.sum() > 0, f"{name}: nobody paid"
    print(f"check_results: {results_path}: {len(datasets)} datasets ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
