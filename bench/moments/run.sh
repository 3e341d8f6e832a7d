#!/bin/sh
# The issue's scan: `plateau bp FAMILY --sizes 16,32,64,128,256 --method moments` for the
# families where moment propagation applies, timed as a whole (the target: under 2 minutes
# each; the budget is on predicted cost, 110 s), with how each point was certified. For
# scale, parameter sampling (200 draws of loss and gradient) at n = 16.
# usage: bench/moments/run.sh [BUILD_DIR]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target plateau_cli >/dev/null
echo "# family wall_s | n certified Var[L] [lo, hi] | mean_k Var[dL/dtk] [lo, hi] | note"
for fam in hea-local hea-small-angle xy-matchgate hea-global qcnn; do
    start=$(date +%s.%N)
    "$build/plateau" bp "$fam" --sizes 16,32,64,128,256 --method moments \
        --budget-seconds 110 --json >"$build/moments-$fam.json" 2>/dev/null || true
    end=$(date +%s.%N)
    python3 - "$fam" "$start" "$end" "$build/moments-$fam.json" <<'PY'
import json, sys
fam, t0, t1, path = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
print("%s %.1f s" % (fam, t1 - t0))
try:
    pts = json.load(open(path))["points"]
except Exception as e:
    print("  failed:", e); sys.exit(0)
for p in pts:
    if p.get("skipped"):
        print("  %4d skipped: %s" % (p["n"], p.get("note", ""))); continue
    l, g = p["loss"], p["grad_mean"]
    print("  %4d %-13s %.4e [%.3e, %.3e] | %.4e [%.3e, %.3e] | %s" % (
        p["n"], p.get("certified"), l["var"], l["lo"], l["hi"], g["var"], g["lo"], g["hi"],
        p.get("note", "")))
PY
done
echo "# parameter sampling, 200 draws, n = 16"
for fam in hea-local hea-small-angle xy-matchgate hea-global qcnn; do
    /usr/bin/time -f "$fam n=16 sampling: %e s" "$build/plateau" bp "$fam" --sizes 16 \
        --method sample --budget-seconds 110 >/dev/null
done
