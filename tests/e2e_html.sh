#!/usr/bin/env bash
# End-to-end check of `report --html` as a user sees it: a compared run's page, self-contained
# (no network: no http(s) address in it), rendered by a real browser (Debian's chromium,
# headless) to a PNG that is not blank: charts in several colours over most of its height.
. "$(dirname "$0")/lib_e2e.sh"
base=scenarios/taiyuan-2016-baseline.yaml
check "compare, 2016-2018" exit_code 0 ./dibaosim compare $base scenarios/reform-raise-standard.yaml --population populations/sample --years 2016:2018 --out "$tmp/r.h5"
check "report --html" exit_code 0 ./dibaosim report "$tmp/r.h5" --html "$tmp/r.html"
check "the page has a chart per scenario, the cash flow, the reform and its deciles" \
  bash -c "[ \$(grep -c '<svg' '$tmp/r.html') -ge 5 ] && grep -q 'Winners and losers' '$tmp/r.html'"
check "the page fetches nothing" bash -c "! grep -Eq '(src|href)=\"https?:' '$tmp/r.html'"
check "chromium renders it" bash -c "cd '$tmp' && timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,2000 --screenshot='$tmp/r.png' 'file://$tmp/r.html' >/dev/null 2>&1; [ -s '$tmp/r.png' ]"
check "the rendering is not blank" $py - "$tmp/r.png" <<'PY'
import sys
from PIL import Image
image = Image.open(sys.argv[1]).convert("RGB")
colours = image.getcolors(1 << 20)
assert len(colours) > 50, len(colours)                      # text, axes and several series
non_white = sum(n for n, c in colours if c != (255, 255, 255))
assert non_white > 0.03 * image.width * image.height, non_white
rows = [y for y in range(0, image.height, 10)
        if any(image.getpixel((x, y)) != (255, 255, 255) for x in range(0, image.width, 5))]
assert rows[-1] - rows[0] > image.height / 2, (rows[0], rows[-1])   # drawn down the page
PY
printf 'extends: %s/scenarios/analysis/uncertainty.yaml\nsensitivity: {replications: 6}\n' "$PWD" > "$tmp/uncertainty.yaml"
check "a sensitivity run" exit_code 0 ./dibaosim run "$tmp/uncertainty.yaml" --population populations/sample --years 2016:2017 --out "$tmp/u.h5"
check "its page has the fan and the tornado" bash -c "./dibaosim report '$tmp/u.h5' --html '$tmp/u.html' >/dev/null && grep -q 'Sensitivity: ' '$tmp/u.html' && grep -q 'tornado: total cost' '$tmp/u.html'"
check "report --html of a missing file exits 2" exit_code 2 ./dibaosim report "$tmp/none.h5" --html "$tmp/none.html"
check "and writes no page" test ! -e "$tmp/none.html"
finish
