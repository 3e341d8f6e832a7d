"""Turns bench/out/results.csv into the markdown table of bench/RESULTS.md."""
import csv
import sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1])))
t = defaultdict(dict)  # (op, n, threads) -> sim -> seconds
for r in rows:
    t[(r["op"], int(r["n"]), int(r["threads"]))][r["sim"]] = float(r["seconds"])
sweep = {(n, th): v["plateau"] for (op, n, th), v in t.items() if op == "sweep"}
triad = {(n, th): v["plateau"] for (op, n, th), v in t.items() if op == "triad_GBps"}
peers = ["qulacs", "lightning", "aer"]
print("| op | n | thr | plateau | unfused | qulacs | lightning | aer | ours / best peer | plateau in passes |")
print("|---|---|---|---|---|---|---|---|---|---|")
order = ["rx", "cnot", "cz", "xyzx", "expval100", "hea_forward", "hea_grad"]
for op in order:
    for (o, n, th) in sorted(k for k in t if k[0] == op):
        v = t[(o, n, th)]
        ours = v.get("plateau", v.get("plateau"))
        if ours is None and op == "xyzx":
            ours = t.get(("xyzx_unfused", n, th), {}).get("plateau")
        unf = t.get((op + "_unfused", n, th), {}).get("plateau")
        best = min((v[p] for p in peers if p in v), default=None)
        fmt = lambda x: "-" if x is None else (f"{x*1e3:.3f} ms" if x < 1 else f"{x:.2f} s")
        ratio = "-" if best is None or ours is None else f"{ours/best:.2f}"
        passes = "-" if ours is None or (n, th) not in sweep else f"{ours/sweep[(n, th)]:.2f}"
        print(f"| {op} | {n} | {th} | {fmt(ours)} | {fmt(unf)} | {fmt(v.get('qulacs'))} | "
              f"{fmt(v.get('lightning'))} | {fmt(v.get('aer'))} | {ratio} | {passes} |")
print()
print("| n | thr | in-place sweep | triad GB/s |")
print("|---|---|---|---|")
for (n, th) in sorted(sweep):
    print(f"| {n} | {th} | {sweep[(n, th)]*1e3:.3f} ms | {triad.get((n, th), 0):.1f} |")
