#!/usr/bin/env bash
# End-to-end checks of the dibaosim command as a user runs it: exit codes, error messages with
# file:line:col, no output left behind on failure, identical results for 1 and 2 threads and for
# CSV, imported HDF5 and h5py-written (64-bit, deflated) populations, results read back by h5py,
# and the README in step with the engine's own tables.
. "$(dirname "$0")/lib_e2e.sh"
base=scenarios/taiyuan-2016-baseline.yaml
pop=populations/sample

check "--version"  exit_code 0 ./dibaosim --version
check "--help"     exit_code 0 ./dibaosim --help
check "no command is a usage error (2)"        exit_code 2 ./dibaosim
check "unknown option is a usage error (2)"    exit_code 2 ./dibaosim run $base --population $pop --out "$tmp/x.h5" --fast
check "--threads 0 is a usage error (2)"       exit_code 2 ./dibaosim run $base --population $pop --out "$tmp/x.h5" --threads 0
check "run without --out is a usage error (2)" exit_code 2 ./dibaosim run $base --population $pop
check "every scenario validates" exit_code 0 ./dibaosim validate scenarios/*.yaml tests/rules/*/scenario.yaml

# A misspelt key: exit 2, file:line:col, a suggestion, and no output file.
sed 's/^  standard:/  standrad:/' $base > "$tmp/misspelt.yaml"
check "misspelt key exits 2" exit_code 2 ./dibaosim run "$tmp/misspelt.yaml" --population $pop --out "$tmp/bad.h5"
check "misspelt key names file:line:col and suggests" \
  grep -Eq "misspelt.yaml:[0-9]+:[0-9]+: unknown key 'dibao.standrad'; did you mean \`standard\`\?" "$tmp/err"
check "no output file after the error" bash -c "! ls $tmp/bad.h5* 2>/dev/null"
check "validate reports it too" exit_code 2 ./dibaosim validate "$tmp/misspelt.yaml"

# A failing run leaves an existing results file untouched.
echo "earlier results" > "$tmp/keep.h5"
sed 's/Yangqu:/Xinzhou:/' $base > "$tmp/region.yaml"
check "a region the population has but the scenario lacks exits 2" \
  exit_code 2 ./dibaosim run "$tmp/region.yaml" --population $pop --out "$tmp/keep.h5"
check "that error names the population file, row, column and value" \
  grep -q "households.csv: row [0-9]* (line [0-9]*), column region: value 'Yangqu'" "$tmp/err"
check "the existing file is untouched" grep -q "earlier results" "$tmp/keep.h5"
check "no temporary file is left" bash -c "! ls $tmp/keep.h5.tmp* 2>/dev/null"
check "a missing population exits 2" exit_code 2 ./dibaosim run $base --population "$tmp/none" --out "$tmp/keep.h5"

# Alignment the run cannot do: review_exit without dibao.review (exit 2, file:line:col).
printf 'extends: %s\nprojection:\n  years: 2016:2017\n  alignment:\n    - {transition: review_exit, method: sort, totals: {2017: 5}}\ndibao:\n  review: {enabled: false}\n' \
  "$PWD/$base" > "$tmp/review.yaml"
check "review_exit alignment exits 2" exit_code 2 ./dibaosim run "$tmp/review.yaml" --population $pop --out "$tmp/review.h5"
check "review_exit alignment says what it needs" \
  grep -q "review.yaml:5:7: projection.alignment\[0\]: review_exit alignment needs dibao.review.enabled" "$tmp/err"

# Runs: 1 and 2 threads give identical datasets; CSV, imported HDF5 and the same population as
# another tool might write it (64-bit integers, deflated) give identical results.
check "run, 1 thread"  exit_code 0 ./dibaosim run $base --population $pop --out "$tmp/t1.h5" --threads 1 --microdata --years 2015:2016
check "tables printed" grep -q "^2016 all " "$tmp/out"
check "run, 2 threads" exit_code 0 ./dibaosim run $base --population $pop --out "$tmp/t2.h5" --threads 2 --microdata --years 2015:2016
check "1 and 2 threads: identical results" h5diff "$tmp/t1.h5" "$tmp/t2.h5" /scenarios /scenarios
check "import the sample population" exit_code 0 ./dibaosim import $pop --out "$tmp/pop.h5"
check "run on the imported population" exit_code 0 ./dibaosim run $base --population "$tmp/pop.h5" --out "$tmp/t3.h5" --threads 2 --microdata --years 2015:2016
check "CSV and HDF5 populations: identical results" h5diff "$tmp/t1.h5" "$tmp/t3.h5" /scenarios /scenarios
check "h5py rewrites the population with 64-bit integers, chunked and deflated" "$py" - "$tmp/pop.h5" "$tmp/pop64.h5" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1]) as src, h5py.File(sys.argv[2], "w") as out:
    for table in ("households", "persons"):
        for name, d in src["population/" + table].items():
            data = d[:]
            if data.dtype.kind in "iu":
                data = data.astype(np.int64)
            copy = out.create_dataset(f"population/{table}/{name}", data=data, chunks=True,
                                      compression="gzip")
            for key, value in d.attrs.items():
                copy.attrs[key] = value
PY
check "run on it: identical results (wide columns read through 64 bits)" exit_code 0 ./dibaosim run $base --population "$tmp/pop64.h5" --out "$tmp/t4.h5" --threads 2 --microdata --years 2015:2016
check "64-bit and engine-written populations: identical results" h5diff "$tmp/t1.h5" "$tmp/t4.h5" /scenarios /scenarios
check "import of a bad population exits 2" exit_code 2 ./dibaosim import "$tmp/none" --out "$tmp/p.h5"

# Read back as a user would.
check "h5py reads the results back" "$py" tests/check_results.py "$tmp/t1.h5" $pop
check "h5dump -A shows units on every dataset" bash -c \
  "[ \$(h5dump -A '$tmp/t1.h5' | grep -c '^ *DATASET ') -eq \$(h5dump -A '$tmp/t1.h5' | grep -c 'ATTRIBUTE \"units\"') ]"
check "h5dump -A shows a description on every dataset" bash -c \
  "[ \$(h5dump -A '$tmp/t1.h5' | grep -c '^ *DATASET ') -eq \$(h5dump -A '$tmp/t1.h5' | grep -c 'ATTRIBUTE \"description\"') ]"

# The README's reference sections are the engine's own tables.
for topic in keys schema population spec targets; do
  ./dibaosim doc $topic > "$tmp/doc-$topic.md"
  check "README holds 'dibaosim doc $topic' verbatim" "$py" - "$tmp/doc-$topic.md" <<'PY'
import sys
doc = open(sys.argv[1]).read().strip()
sys.exit(0 if doc in open("README.md").read() else 1)
PY
done

finish
