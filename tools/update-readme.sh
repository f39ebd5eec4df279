#!/usr/bin/env bash
# Regenerates the README's reference sections from the engine's own tables:
# between "<!-- BEGIN dibaosim doc TOPIC -->" and "<!-- END dibaosim doc TOPIC -->" it puts the
# output of `./dibaosim doc TOPIC`. `make docs` runs it; tests/e2e_cli.sh checks it was run.
set -euo pipefail
cd "$(dirname "$0")/.."
for topic in keys schema population spec targets; do
  ./dibaosim doc "$topic" > "/tmp/dibaosim-doc-$topic.md"
  /usr/bin/python3 - "$topic" "/tmp/dibaosim-doc-$topic.md" <<'PY'
import re, sys
topic, doc = sys.argv[1], open(sys.argv[2]).read()
text = open("README.md").read()
begin, end = f"<!-- BEGIN dibaosim doc {topic} -->", f"<!-- END dibaosim doc {topic} -->"
pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
if not pattern.search(text):
    sys.exit(f"README.md has no {begin} ... {end} section")
text = pattern.sub(lambda m: begin + "\n" + doc.rstrip("\n") + "\n" + end, text)
open("README.md", "w").write(text)
PY
  rm -f "/tmp/dibaosim-doc-$topic.md"
done
