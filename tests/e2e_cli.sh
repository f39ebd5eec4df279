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
says() { "${@:2}" > "$tmp/said" 2>&1; grep -qF -- "$1" "$tmp/said"; }   # says TEXT COMMAND...
two_lines() { "$@" > "$tmp/said" 2>&1; [ "$(wc -l < "$tmp/said")" = 2 ] && [ "$(tail -1 "$tmp/said")" = 'try `dibaosim run --help`' ]; }
check "a misspelt option gets a suggestion" \
  says "unknown option '--populaton'; did you mean \`--population\`?" ./dibaosim run $base --populaton $pop --out x.h5
check "a usage error is two lines, ending with the command's help" two_lines ./dibaosim run $base --population $pop
check "a misspelt command gets a suggestion" says 'did you mean `compare`?' ./dibaosim compre a b
check "an option the command does not take is refused (2)" exit_code 2 ./dibaosim run $base --population $pop --out "$tmp/x.h5" --monthly
check "run --help prints run's options" says '  --microdata' ./dibaosim run --help
check "run --help leaves out report's" bash -c "! ./dibaosim run --help | grep -q -- --monthly"
check "-V prints the version" says 'dibaosim ' ./dibaosim -V
check "--seed beyond 2^64 is refused (2)" exit_code 2 ./dibaosim run $base --population $pop --out "$tmp/x.h5" --seed 18446744073709551616
check "every scenario validates" exit_code 0 ./dibaosim validate scenarios/*.yaml tests/rules/*/scenario.yaml

# A misspelt key: exit 2, file:line:col, a suggestion, and no output file.
sed 's/^  standard:/  standrad:/' $base > "$tmp/misspelt.yaml"
check "misspelt key exits 2" exit_code 2 ./dibaosim run "$tmp/misspelt.yaml" --population $pop --out "$tmp/bad.h5"
check "misspelt key names file:line:col and suggests" \
  grep -Eq "misspelt.yaml:[0-9]+:[0-9]+: unknown key 'dibao.standrad'; did you mean \`standard\`\?" "$tmp/err"
check "no output file after the error" bash -c "! ls $tmp/bad.h5* 2>/dev/null"
check "validate reports it too" exit_code 2 ./dibaosim validate "$tmp/misspelt.yaml"
printf 'extends: %s\nname: many\ndibao:\n  standrad: 3\n  unit: famly\n  benefit: {min_share: 3}\nprojecton: {}\n' "$PWD/$base" > "$tmp/many.yaml"
check "a file with four errors exits 2" exit_code 2 ./dibaosim validate "$tmp/many.yaml"
check "and all four are reported at once" bash -c "grep -c 'many.yaml:[0-9]*:[0-9]*: ' '$tmp/err' | grep -qx 4"

# A failing run leaves an existing results file untouched.
echo "earlier results" > "$tmp/keep.h5"
sed 's/Yangqu:/Xinzhou:/' $base > "$tmp/region.yaml"
check "a region the population has but the scenario lacks exits 2" \
  exit_code 2 ./dibaosim run "$tmp/region.yaml" --population $pop --out "$tmp/keep.h5"
check "that error names the population file, row, column and value" \
  grep -q "households.csv: row [0-9]* (line [0-9]*), column region: value 'Yangqu'" "$tmp/err"
check "the existing file is untouched" grep -q "earlier results" "$tmp/keep.h5"
check "no temporary file is left" bash -c "! ls $tmp/keep.h5.tmp* 2>/dev/null"
# A misspelt region in a reform would change nothing: exit 2 at the name, suggesting the region.
printf 'extends: %s\nname: typo\ndibao:\n  standard: {Yangku: {2017-07: 350}}\n' "$PWD/$base" > "$tmp/typo.yaml"
check "a misspelt region exits 2" exit_code 2 ./dibaosim run "$tmp/typo.yaml" --population $pop --out "$tmp/typo.h5"
check "a misspelt region is named where it was written, with the region meant" \
  grep -q "typo.yaml:4:14: dibao.standard: 'Yangku' is not a region of the population; did you mean \`Yangqu\`?" "$tmp/err"
check "validate --population finds it too" exit_code 2 ./dibaosim validate "$tmp/typo.yaml" --population $pop
check "naming the place" grep -q "typo.yaml:4:14: dibao.standard: 'Yangku'" "$tmp/err"
# --out is checked before any work: a missing folder or a folder as --out is exit 2 at once.
check "--out in a missing folder exits 2" exit_code 2 ./dibaosim run $base --population $pop --out "$tmp/none/x.h5"
check "and says which folder" grep -q "^dibaosim: --out $tmp/none/x.h5: folder $tmp/none does not exist" "$tmp/err"
check "before simulating anything" bash -c "! grep -q 'simulated in' '$tmp/err'"
check "--out naming a folder exits 2" exit_code 2 ./dibaosim synth populations/taiyuan-rural-2016.yaml --out "$tmp"
check "--quiet leaves only warnings on stderr" bash -c "./dibaosim run $base --population $pop --out '$tmp/q.h5' --quiet 2>&1 >/dev/null | grep -v 'warning' | wc -l | grep -qx 0"
# The values in force, and a reform's "raise" below the baseline's indexed standard.
check "params prints the values in force side by side" exit_code 0 ./dibaosim params $base scenarios/reform-raise-standard.yaml --population $pop
check "the indexed standard in 2017 beside the reform's" grep -Eq "^dibao.standard \(yuan/person/month\) +Yangqu +2017-01 +359.36 +395.296" "$tmp/out"
printf 'extends: %s\nname: raise-yangqu\ndibao:\n  standard: {Yangqu: {2016-01: 320, 2017-07: 350}}\n' "$PWD/$base" > "$tmp/cut.yaml"
check "compare with a cut" exit_code 0 ./dibaosim compare $base "$tmp/cut.yaml" --population $pop --out "$tmp/cut.h5" --years 2016:2017
check "warns that the raise is a cut" grep -q "warning: raise-yangqu: dibao.standard in Yangqu is 350 from 2017-07, below the baseline's 359.36 in force then" "$tmp/err"
check "and only there" bash -c "[ \$(grep -c 'a cut, not a raise' '$tmp/err') = 1 ]"
check "report of a missing file exits 2" exit_code 2 ./dibaosim report "$tmp/nope.h5"
check "and says there is no such file" grep -q "nope.h5: no such file" "$tmp/err"
check "report of a text file says it is not HDF5" bash -c "! ./dibaosim report README.md 2>&1 | grep -vq 'README.md: not an HDF5 results file'"
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
