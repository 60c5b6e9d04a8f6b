#!/usr/bin/env python3
"""Aggregates `jfr print --events jdk.ExecutionSample --stack-depth 96 FILE` output: samples per thread group,
top self frames and top inclusive methods of the event-loop threads, and the share of named connect-path methods."""
import re, sys, collections
text = open(sys.argv[1]).read()
samples = []
for block in text.split("jdk.ExecutionSample {")[1:]:
    m = re.search(r'sampledThread = "([^"]+)"', block)
    thread = m.group(1) if m else "?"
    frames = re.findall(r'^\s+([\w$.<>/]+)\(.*?\)\s+line:', block, re.M)
    samples.append((thread, frames))
groups = collections.Counter(re.sub(r'-\d+$', '', t) for t, _ in samples)
print(f"samples: {len(samples)}")
for g, n in groups.most_common(12): print(f"  {n:6d}  {g}")
loop = [(t, f) for t, f in samples if 'eventloop' in t]
print(f"\nevent-loop samples: {len(loop)}")
self_c = collections.Counter(f[0] for _, f in loop if f)
print("\ntop self frames (event loops):")
for k, n in self_c.most_common(25): print(f"  {n:6d} {100*n/len(loop):5.1f}%  {k}")
incl = collections.Counter()
for _, f in loop:
    for k in set(f): incl[k] += 1
print("\ntop inclusive methods (event loops):")
for k, n in incl.most_common(60): print(f"  {n:6d} {100*n/len(loop):5.1f}%  {k}")
pats = sys.argv[2:] or ['getOrCreateMeter', 'micrometer', 'JWT', 'jwt', 'Mac', 'Jackson', 'jackson', 'Origin', 'UUID', 'SecureRandom', 'handshake', 'Handshake']
print("\nshare of event-loop samples with a frame matching:")
for p in pats:
    n = sum(1 for _, f in loop if any(p in x for x in f))
    print(f"  {n:6d} {100*n/max(1,len(loop)):5.1f}%  {p}")
