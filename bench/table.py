"""Turns bench/out/results.csv into the markdown tables of bench/RESULTS.md.

"passes" = plateau's time / the in-place sweep (psi *= s over the state) measured in the same run.
"triad bound / ours" = (one read + write of the state, 32 * 2^n bytes, at the triad bandwidth of
the same run) / plateau's time: 1 means a gate costs exactly one sweep at the triad rate, above 1
means fusion/blocking beat one sweep per gate. Only for gate rows."""
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
gates = ["rx", "cnot", "cz", "xyzx"]


def fmt(x):
    return "-" if x is None else (f"{x*1e3:.3f} ms" if x < 1 else f"{x:.2f} s")


print("| op | n | thr | plateau | unfused | qulacs | lightning | aer | ours / best peer "
      "| passes | triad bound / ours |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for op in gates + ["expval100", "hea_forward", "hea_grad"]:
    for (o, n, th) in sorted(k for k in t if k[0] == op):
        v = t[(o, n, th)]
        ours = v.get("plateau")
        unf = t.get((op + "_unfused", n, th), {}).get("plateau")
        best = min((v[p] for p in peers if p in v and v[p] > 0), default=None)
        ratio = "-" if best is None or ours is None else f"{ours/best:.2f}"
        passes = "-" if ours is None or (n, th) not in sweep else f"{ours/sweep[(n, th)]:.2f}"
        bound = "-"
        if op in gates and ours and triad.get((n, th)):
            bound = f"{32 * 2**n / (triad[(n, th)] * 1e9) / ours:.2f}"
        print(f"| {op} | {n} | {th} | {fmt(ours)} | {fmt(unf)} | {fmt(v.get('qulacs'))} | "
              f"{fmt(v.get('lightning'))} | {fmt(v.get('aer'))} | {ratio} | {passes} | {bound} |")
fw = {(n, th): v["plateau"] for (op, n, th), v in t.items() if op == "hea_forward" and "plateau" in v}
gr = {(n, th): v["plateau"] for (op, n, th), v in t.items() if op == "hea_grad" and "plateau" in v}
if gr:
    print()
    print("| n | thr | plateau gradient / forward |")
    print("|---|---|---|")
    for k in sorted(gr):
        if k in fw:
            print(f"| {k[0]} | {k[1]} | {gr[k]/fw[k]:.2f} |")
print()
print("| n | thr | in-place sweep | triad GB/s | 2-thread speed-up of the sweep |")
print("|---|---|---|---|---|")
for (n, th) in sorted(sweep):
    su = sweep.get((n, 1), 0) / sweep[(n, th)] if th == 2 else None
    print(f"| {n} | {th} | {sweep[(n, th)]*1e3:.3f} ms | {triad.get((n, th), 0):.1f} | "
          f"{'-' if su is None else f'{su:.2f}'} |")
