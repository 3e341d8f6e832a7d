"""Markdown table of bench/lie/out/closure.csv: one row per generator set, the dimension each
tool found, plateau's two times (classification without a basis, closure with the basis) and
the speed-up of each plateau method over each peer."""
import csv
import sys

rows = {}
for r in csv.DictReader(open(sys.argv[1])):
    rows.setdefault((r["set"], int(r["n"])), {})[r["sim"]] = (int(r["dim"]), float(r["seconds"]))

TOOLS = ["plateau-class", "plateau", "pennylane", "paulie"]
print("| set | n | dim (classification / closure / PennyLane / paulie) |"
      " plateau (classification) | plateau (closure) | PennyLane | paulie |"
      " classification vs PennyLane | classification vs paulie |"
      " closure vs PennyLane | closure vs paulie |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for (name, n), d in sorted(rows.items()):
    def dim(k):
        return str(d[k][0]) if k in d else "-"

    def sec(k):
        return f"{d[k][1]:.3g} s" if k in d else "-"

    def speed(ours, peer):
        if peer not in d or ours not in d or d[ours][1] == 0:
            return "-"
        r = d[peer][1] / d[ours][1]
        return f"{r:.0f}x" if r >= 10 else f"{r:.2g}x"

    same = len({v[0] for v in d.values()}) == 1
    dims = " / ".join(dim(k) for k in TOOLS) + ("" if same else " MISMATCH")
    print(f"| {name} | {n} | {dims} | {sec('plateau-class')} | {sec('plateau')} |"
          f" {sec('pennylane')} | {sec('paulie')} |"
          f" {speed('plateau-class', 'pennylane')} | {speed('plateau-class', 'paulie')} |"
          f" {speed('plateau', 'pennylane')} | {speed('plateau', 'paulie')} |")
