#!/usr/bin/env python3
"""Inclusive share of frames (by substring) among one process's samples whose thread name starts with PREFIX."""
import sys, re, collections
pid, prefix = sys.argv[1], sys.argv[2]
samples, cur = [], None
for line in sys.stdin:
    if not line.strip():
        if cur: samples.append(cur)
        cur = None; continue
    if not line.startswith((" ", "\t")):
        m = re.match(r"\s*(\S.*?)\s+(\d+)/(\d+)", line)
        cur = {"comm": m.group(1), "pid": m.group(2), "chain": []} if m else None
        continue
    if cur is not None:
        m = re.match(r"\s*([0-9a-f]+)\s+(.*?)\s+\((.*)\)\s*$", line)
        if m: cur["chain"].append((m.group(2), m.group(3)))
if cur: samples.append(cur)
mine = [s for s in samples if s["pid"] == pid and s["comm"].startswith(prefix)]
n = len(mine); print(f"{n} samples of {prefix}* in {pid}")
c = collections.Counter()
for s in mine:
    seen = set()
    for f, d in s["chain"]:
        k = re.sub(r"\(.*", "", f).split()[-1] if "JIT" in d else f
        if k not in seen: seen.add(k); c[k] += 1
for k, v in c.most_common(int(sys.argv[3]) if len(sys.argv) > 3 else 60): print(f"{v*100/n:5.1f}%  {k[:120]}")
