"""Markdown table of bench/lie/out/closure.csv: one row per generator set, the dimension each
tool found and plateau's speed-up over each peer."""
import csv
import sys

rows = {}
for r in csv.DictReader(open(sys.argv[1])):
    rows.setdefault((r["set"], int(r["n"])), {})[r["sim"]] = (int(r["dim"]), float(r["seconds"]))

print("| set | n | dim (plateau / PennyLane / paulie) | plateau | PennyLane | paulie |"
      " vs PennyLane | vs paulie |")
print("|---|---|---|---|---|---|---|---|")
for (name, n), d in sorted(rows.items()):
    def dim(k):
        return str(d[k][0]) if k in d else "-"

    def sec(k):
        return f"{d[k][1]:.3g} s" if k in d else "-"

    def speed(k):
        if k not in d or "plateau" not in d or d["plateau"][1] == 0:
            return "-"
        return f"{d[k][1] / d['plateau'][1]:.0f}x"

    same = len({v[0] for v in d.values()}) == 1
    dims = f"{dim('plateau')} / {dim('pennylane')} / {dim('paulie')}" + ("" if same else " MISMATCH")
    print(f"| {name} | {n} | {dims} | {sec('plateau')} | {sec('pennylane')} | {sec('paulie')} |"
          f" {speed('pennylane')} | {speed('paulie')} |")
