#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Where a remote round trip's time goes, from the kernel traces of the two
nodes (runs on the host).

    bench/cluster/trace.py NODE1_TRACE NODE0_TRACE

The traces are what node.sh writes with NB_TRACE=1 (run.sh with
BENCH_TRACE=1): switches, wake-ups, work items, the NIC's frames and the
calls' system calls, and on node 1 the client's marks around each timed
batch ("nb start LABEL", "nb end"). Each node's clock is its own, so every
interval is taken on one node. A round trip of node 1's client thread C,
from one request leaving the NIC to the next, is:

  away        the request leaves .. the frame that wakes C arrives
  rx->deliv   that frame arrives .. the first wake-up after it: TIPC's own
              receive path (link, decryption, socket), which wakes C for a
              socket, the module's receive worker for M3
  deliv->wake M3: the worker gets the CPU and takes the frame (m3_rx_work)
              until it wakes C; 0 for a socket
  wake->run   C woken .. C runs
  run->enter  C leaves its call, runs in user space, enters the next call
  enter->send that call .. its request leaves the NIC (the send path)

and node 0's server thread S answers a request the same way, from the
frame's arrival to its reply leaving the NIC ("turn"); node 1's "away"
less node 0's turn is the link, both ways. Only calls with one frame each
way are taken apart (IPC2, IPC3, TIPC RDM). Medians, in microseconds;
tracing itself slows each node down.
"""
import re
import statistics
import sys

LINE = re.compile(r"^\s*(?P<comm>.+)-(?P<pid>\d+)\s+\[\d+\]\s+\S+\s+"
                  r"(?P<ts>\d+\.\d+):\s+(?P<event>\w+):\s*(?P<rest>.*)$")
KV = re.compile(r"(\w+)=(\S+)")
TWO_FRAMES = ("IPC2 ", "IPC3 ", "RT tipc-rdm ")
SERVERS = ("m3s-replyrec", "m3s-recv+send", "m3s-notify", "rdm-srv")
STEPS = ("rx", "deliv", "wake", "run", "enter", "send")
PARTS = ("rx->deliv", "deliv->wake", "wake->run", "run->enter", "enter->send")


def parse(path):
    events = []
    with open(path, errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            e = dict(comm=m["comm"].strip(), pid=int(m["pid"]), t=float(m["ts"]) * 1e6,
                     ev=m["event"], rest=m["rest"])
            if e["ev"] in ("sched_wakeup", "sched_switch"):
                e.update(KV.findall(e["rest"]))
            events.append(e)
    return events


def next_index(events, i, test):
    while i < len(events) and not test(events[i]):
        i += 1
    return i


def last_index(events, i, test):
    while i >= 0 and not test(events[i]):
        i -= 1
    return i


def turn(events, woke, pid):
    """From the wake-up at events[woke] of @pid: when the frame that led to
    it arrived, the first wake-up after that, when @pid ran, entered its
    next call and sent its next frame (STEPS, and PARTS between them); or
    None."""
    rx = last_index(events, woke, lambda e: e["ev"] == "netif_receive_skb")
    deliv = next_index(events, rx, lambda e: e["ev"] == "sched_wakeup")
    run = next_index(events, woke, lambda e: e["ev"] == "sched_switch" and
                     int(e.get("next_pid", -1)) == pid)
    send = next_index(events, run, lambda e: e["ev"] == "net_dev_xmit" and
                      e["pid"] == pid)
    enter = last_index(events, send - 1, lambda e: e["ev"] == "sys_enter" and
                       e["pid"] == pid)
    if rx < 0 or send >= len(events) or enter < run:
        return None
    t = dict(zip(STEPS, (events[k]["t"] for k in (rx, deliv, woke, run, enter, send))))
    t["parts"] = [t[b] - t[a] for a, b in zip(STEPS, STEPS[1:])]
    return t


def client_trips(events):
    """Per label: the round trips of its timed batches on node 1."""
    out, label, pid, sent = {}, None, None, None
    for i, e in enumerate(events):
        if e["ev"] == "tracing_mark_write":
            label = e["rest"][9:] if e["rest"].startswith("nb start ") else None
            pid, sent = e["pid"], None
            continue
        if label is None or not label.startswith(TWO_FRAMES):
            continue
        if e["ev"] == "net_dev_xmit" and e["pid"] == pid and sent is None:
            sent = e["t"]
        elif e["ev"] == "sched_wakeup" and int(e["pid"]) == pid and sent is not None:
            t = turn(events, i, pid)
            if t and t["rx"] > sent:
                out.setdefault(label, []).append(dict(t, away=t["rx"] - sent))
            sent = t["send"] if t else None
    return out


def server_turns(events):
    """Per server thread name: the requests it answered on node 0."""
    out = {}
    for i, e in enumerate(events):
        if e["ev"] == "sched_wakeup" and e.get("comm") in SERVERS:
            t = turn(events, i, int(e["pid"]))
            if t and t["send"] - t["rx"] < 50000:
                out.setdefault(e["comm"], []).append(t)
    return out


def med(values):
    return statistics.median(values) if values else float("nan")


def row(name, first, second, trips):
    return ("%-36s %8s %8s" % (name, first, second) +
            "".join("%12.0f" % med([t["parts"][k] for t in trips])
                    for k in range(len(PARTS))) + "%6d" % len(trips))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    node1, node0 = parse(argv[1]), parse(argv[2])
    cols = "".join("%12s" % p for p in PARTS) + "%6s" % "n"
    out = ["Where a round trip's time goes (kernel traces of both nodes; medians, us)",
           "", "node 1, the client's round trips:",
           "%-36s %8s %8s" % ("call", "rt", "away") + cols]
    for label, ts in client_trips(node1).items():
        out.append(row(label, "%.0f" % med([t["away"] + t["send"] - t["rx"] for t in ts]),
                       "%.0f" % med([t["away"] for t in ts]), ts))
    out += ["", "node 0, the server's turnarounds (a request in .. the reply out):",
            "%-36s %8s %8s" % ("server thread", "turn", "") + cols]
    for comm, ts in sorted(server_turns(node0).items()):
        out.append(row(comm, "%.0f" % med([t["send"] - t["rx"] for t in ts]), "", ts))
    out.append("(the link, both ways: node 1's away less node 0's turn; "
               "rdm-srv answers both TIPC RDM rows)")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
