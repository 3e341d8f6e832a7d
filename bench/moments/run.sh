#!/bin/sh
# Times `plateau bp FAMILY --method moments` over n = 16 ... 256 (the issue's scan) for the
# families where moment propagation applies, one size per call so that each gets the whole
# budget, and prints how each point was certified. For scale, the same families by parameter
# sampling (200 draws, the statevector or Pauli propagation) at n = 16.
# usage: bench/moments/run.sh [BUILD_DIR] [BUDGET_SECONDS]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
budget=${2:-120}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target plateau_cli >/dev/null
echo "# family n wall_s route Var[L] [lo, hi] meanVar[dL/dtk] [lo, hi] note"
for fam in hea-local hea-small-angle xy-matchgate hea-global qcnn; do
    for n in 16 32 64 128 256; do
        start=$(date +%s.%N)
        out=$("$build/plateau" bp "$fam" --sizes "$n" --method moments \
              --budget-seconds "$budget" --json 2>/dev/null || true)
        end=$(date +%s.%N)
        printf '%s\n' "$out" | python3 -c '
import json, sys
fam, n, wall = sys.argv[1], sys.argv[2], float(sys.argv[4]) - float(sys.argv[3])
try:
    p = json.load(sys.stdin)["points"][0]
except Exception:
    print(fam, n, "%.2f" % wall, "failed"); sys.exit(0)
if p.get("skipped"):
    print(fam, n, "%.2f" % wall, "skipped:", p.get("note", "")); sys.exit(0)
l, g = p["loss"], p["grad_mean"]
print(fam, n, "%.2f" % wall, p.get("certified", p.get("route")),
      "%.4e [%.3e, %.3e]" % (l["var"], l["lo"], l["hi"]),
      "%.4e [%.3e, %.3e]" % (g["var"], g["lo"], g["hi"]), "|", p.get("note", ""))
' "$fam" "$n" "$start" "$end"
    done
done
echo "# parameter sampling, 200 draws, n = 16"
for fam in hea-local hea-small-angle xy-matchgate hea-global qcnn; do
    /usr/bin/time -f "$fam n=16 sampling wall %e s" "$build/plateau" bp "$fam" --sizes 16 \
        --method sample --budget-seconds "$budget" >/dev/null
done
