#!/usr/bin/env python3
"""Splits a system-wide perf script dump for one process: samples by thread kind, kernel vs user, kernel work by
what the call chain went through, top leaf symbols. Usage: perf script -F pid,tid,comm,ip,sym,dso | split.py PID"""
import sys, re, collections
pid = sys.argv[1]
cats = [  # first match in the chain, leaf to root, decides
    ("loopback receive (softirq: tcp_v4_rcv, netif_receive)", re.compile(r"tcp_v4_rcv|__netif_receive_skb|process_backlog|net_rx_action|tcp_rcv_established")),
    ("tcp send (tcp_sendmsg, tcp_write_xmit, ip_output)", re.compile(r"tcp_sendmsg|tcp_write_xmit|__tcp_transmit_skb|ip_output|ip_finish_output|tcp_push|sock_write_iter|__sys_sendmsg|do_writev|ksys_write|__x64_sys_write")),
    ("epoll_wait / scheduling / wakeups", re.compile(r"epoll_wait|do_epoll|schedule|futex|try_to_wake_up|ep_poll")),
    ("socket read (tcp_recvmsg)", re.compile(r"tcp_recvmsg|sock_read_iter|__x64_sys_read|recvfrom")),
    ("page faults / memory", re.compile(r"asm_exc_page_fault|do_user_addr_fault|handle_mm_fault")),
]
samples = []
cur = None
for line in sys.stdin:
    if not line.strip():
        if cur: samples.append(cur)
        cur = None
        continue
    if not line.startswith((" ", "\t")):
        m = re.match(r"\s*(\S.*?)\s+(\d+)/(\d+)", line)
        if m: cur = {"comm": m.group(1), "pid": m.group(2), "tid": m.group(3), "chain": []}
        else:
            parts = line.split()
            cur = {"comm": parts[0], "pid": parts[1].split('/')[0], "tid": parts[1].split('/')[-1], "chain": []}
        continue
    if cur is not None:
        m = re.match(r"\s*([0-9a-f]+)\s+(.*?)\s+\((.*)\)\s*$", line)
        if m: cur["chain"].append((m.group(2), m.group(3)))
if cur: samples.append(cur)
mine = [s for s in samples if s["pid"] == pid and s["chain"]]
n = len(mine)
print(f"samples of pid {pid}: {n}")
kind = collections.Counter()
for s in mine:
    k = re.sub(r"[#\-]?\d+$", "", s["comm"]).strip()
    kind[k] += 1
print("by thread:", ", ".join(f"{k} {v*100/n:.1f}%" for k, v in kind.most_common(8)))
kern = [s for s in mine if "kernel" in s["chain"][0][1] or s["chain"][0][1].startswith("[kernel")]
print(f"kernel (leaf in kernel): {len(kern)*100/n:.1f}%  user: {100-len(kern)*100/n:.1f}%")
kc = collections.Counter()
for s in kern:
    names = " ".join(f for f, _ in s["chain"])
    for label, rx in cats:
        if rx.search(names): kc[label] += 1; break
    else: kc["other kernel"] += 1
for k, v in kc.most_common(): print(f"  kernel {k}: {v*100/n:.1f}% of the process")
user = [s for s in mine if s not in kern]
uc = collections.Counter()
for s in user:
    d = s["chain"][0][1]
    uc["JIT code" if "JIT" in d or "perf-" in d else d.split('/')[-1]] += 1
print("user by dso:", ", ".join(f"{k} {v*100/n:.1f}%" for k, v in uc.most_common(6)))
top = collections.Counter(s["chain"][0][0][:110] for s in user)
print("top user leaf symbols:")
for k, v in top.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 25): print(f"  {v*100/n:5.1f}%  {k}")
topk = collections.Counter(s["chain"][0][0][:80] for s in kern)
print("top kernel leaf symbols:")
for k, v in topk.most_common(12): print(f"  {v*100/n:5.1f}%  {k}")
