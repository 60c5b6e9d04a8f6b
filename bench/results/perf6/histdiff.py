#!/usr/bin/env python3
"""Per-connection bytes by class from two rss --heap-snapshots dirs (loaded minus empty histograms), and the change."""
import re, sys
def histo(p):
    d = {}
    for line in open(p):
        m = re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)', line)
        if m: d[m.group(3)] = d.get(m.group(3), 0) + int(m.group(2))
    return d
def per(dirname, label, n):
    a = histo(f'{dirname}/{label}-loaded.histo'); b = histo(f'{dirname}/{label}-empty.histo')
    return {k: (a.get(k, 0) - b.get(k, 0)) / n for k in set(a) | set(b)}
base_dir, cut_dir, label, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
a = per(base_dir, label, n); b = per(cut_dir, label, n)
print(f"{label}: {sum(a.values()):.0f} -> {sum(b.values()):.0f} B/conn (all classes, loaded minus empty, / {n})")
rows = sorted(set(a) | set(b), key=lambda k: b.get(k, 0) - a.get(k, 0))
for k in rows:
    d = b.get(k, 0) - a.get(k, 0)
    if abs(d) >= 8: print(f"| `{k}` | {a.get(k,0):.1f} | {b.get(k,0):.1f} | {d:+.1f} |")
