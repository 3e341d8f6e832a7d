"""Markdown table from bench/pauliprop/out/results.csv: per case and theta, each simulator's
time, peak memory and value, and the ratio peer time / ours (one thread) and ours(1)/ours(2).
"plateau-points" rows: the points of a case shared among the threads (one plan each); their
seconds are the sweep's wall time divided by the number of points. "plateau-grad" rows (value
dL/dtheta_h): the time of loss and gradient, and its ratio to the "plateau-loss" row of the same
plan and threads."""

import csv
import sys
from collections import defaultdict


def main(path):
    rows = []
    with open(path) as f:
        lines = [line for line in f if not line.startswith("#")]
    for r in csv.DictReader(lines):
        rows.append(r)
    by = defaultdict(list)
    order = []
    for r in rows:
        key = (r["case"], r["theta"])
        if key not in by:
            order.append(key)
        by[key].append(r)
    print("| case | theta_h | simulator | threads | seconds | peak MB | terms | value | time vs plateau 1 thread |")
    print("|---|---|---|---|---|---|---|---|---|")
    for key in order:
        group = by[key]
        ours1 = [r for r in group if r["sim"] == "plateau" and r["threads"] == "1"]
        t1 = float(ours1[0]["seconds"]) if ours1 else None
        for r in group:
            s = float(r["seconds"])
            gl = [q for q in group if q["sim"] == "plateau-loss" and q["threads"] == r["threads"]]
            if r["sim"] == "plateau-grad" and gl:  # the gradient's cost in losses
                ratio = f"{s / float(gl[0]['seconds']):.2f} losses"
            elif r["sim"] == "plateau-loss":
                ratio = "1 loss"
            elif r["sim"] == "plateau" and r["threads"] == "1":
                ratio = "1"
            elif r["sim"].startswith("plateau"):  # more threads, or points shared by threads
                ratio = f"{t1 / s:.2f}x faster" if t1 else ""
            else:
                ratio = f"plateau {s / t1:.1f}x faster" if t1 else ""
            print(f"| {r['case']} | {float(r['theta']):.3f} | {r['sim']} | {r['threads'] or '-'} | "
                  f"{s:.3f} | {float(r['maxrss_mb']):.0f} | {r['terms']} | {float(r['value']):+.10f} | {ratio} |")
    # Sweep totals.
    sweep = defaultdict(float)
    for r in rows:
        if r["case"].endswith("sweep"):
            sweep[(r["case"], r["sim"], r["threads"])] += float(r["seconds"])
    for (case, sim, th), s in sorted(sweep.items()):
        print(f"\n{case}: {sim}, {th} thread(s): {s:.2f} s for the whole sweep")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/pauliprop/out/results.csv")
