#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Where a remote round trip's time goes, from the kernel traces of the two
nodes (runs on the host).

    bench/cluster/trace.py NODE1_TRACE NODE0_TRACE

The traces are what node.sh writes with NB_TRACE=1 (run.sh with
BENCH_TRACE=1): switches, wake-ups, work items, the NIC's frames and the
calls' system calls, and on node 1 the client's marks around each timed
batch ("nb start LABEL", "nb end"). Each node's clock is its own, so every
interval is taken on one node:

  node 1, per round trip of the batch's client thread C:
    away       C's request leaves the NIC .. the frame that wakes C arrives
    rx->wake   that frame arrives .. C is woken (for M3: .. the module's
               receive work starts (rx->work), .. it wakes C (work->wake))
    wake->run  C woken .. C runs
    run->send  C runs .. its next request leaves the NIC (back to user
               space, the next call, the send path)
  node 0, per request its server thread S answers:
    rx->wake, wake->run as above; run->send: S runs .. its reply leaves

and node 1's "away" less node 0's turnaround is the link, both ways. Only
calls with one frame each way are taken apart (IPC2, IPC3, TIPC RDM).
Medians, in microseconds; tracing itself slows each node down.
"""
import re
import statistics
import sys

LINE = re.compile(r"^\s*(?P<comm>.+)-(?P<pid>\d+)\s+\[\d+\]\s+\S+\s+"
                  r"(?P<ts>\d+\.\d+):\s+(?P<event>\w+):\s*(?P<rest>.*)$")
KV = re.compile(r"(\w+)=(\S+)")
RX_WORK = "m3_rx_work"
TWO_FRAMES = ("IPC2 ", "IPC3 ", "RT tipc-rdm ")
SERVERS = ("m3s-replyrec", "m3s-recv+send", "m3s-notify", "rdm-srv")


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


def is_work(e):
    return e["ev"] == "workqueue_execute_start" and e["rest"].endswith(RX_WORK)


def next_index(events, i, test):
    while i < len(events) and not test(events[i]):
        i += 1
    return i


def arrival(events, woke):
    """The last frame received before events[woke], and the last receive
    work started after it (None if none)."""
    work = None
    for k in range(woke - 1, -1, -1):
        if events[k]["ev"] == "netif_receive_skb":
            return events[k], work
        if work is None and is_work(events[k]):
            work = events[k]
    return None, None


def turn(events, woke, pid):
    """From the wake-up at events[woke] of @pid: the frame and work that led
    to it, when @pid ran, and when it sent next; or None."""
    rx, work = arrival(events, woke)
    run = next_index(events, woke, lambda e: e["ev"] == "sched_switch" and
                     int(e.get("next_pid", -1)) == pid)
    send = next_index(events, run, lambda e: e["ev"] == "net_dev_xmit" and
                      e["pid"] == pid)
    if not rx or send >= len(events):
        return None
    return dict(rx=rx["t"], work=work["t"] if work else None, wake=events[woke]["t"],
                run=events[run]["t"], send=events[send]["t"])


def client_trips(events):
    """Per label: the round trips of its timed batches on node 1."""
    out, label, pid, last_send = {}, None, None, None
    for i, e in enumerate(events):
        if e["ev"] == "tracing_mark_write":
            if e["rest"].startswith("nb start "):
                label, pid, last_send = e["rest"][9:], e["pid"], None
            else:
                label = None
            continue
        if label is None or not label.startswith(TWO_FRAMES):
            continue
        if e["ev"] == "net_dev_xmit" and e["pid"] == pid and last_send is None:
            last_send = e["t"]
        elif e["ev"] == "sched_wakeup" and int(e["pid"]) == pid and last_send:
            t = turn(events, i, pid)
            if t and t["rx"] > last_send:
                t["away"] = t["rx"] - last_send
                out.setdefault(label, []).append(t)
            last_send = t["send"] if t else None
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
    v = [x for x in values if x is not None]
    return statistics.median(v) if v else float("nan")


def parts(trips):
    """Medians of a list of turns: (n, rx->wake, rx->work, work->wake,
    wake->run, run->send)."""
    return (len(trips),
            med([t["wake"] - t["rx"] for t in trips]),
            med([t["work"] - t["rx"] if t["work"] else None for t in trips]),
            med([t["wake"] - t["work"] if t["work"] else None for t in trips]),
            med([t["run"] - t["wake"] for t in trips]),
            med([t["send"] - t["run"] for t in trips]))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    node1, node0 = parse(argv[1]), parse(argv[2])
    head = "%9s %9s %9s %10s %10s %10s" % ("rx->wake", "rx->work", "work->wake",
                                             "wake->run", "run->send", "n")
    out = ["Where a round trip's time goes (kernel traces of both nodes; medians, us)",
           "", "node 1, the client's round trips:",
           "%-36s %9s %9s " % ("call", "rt", "away") + head]
    trips = client_trips(node1)
    for label, ts in trips.items():
        n, rw, rq, qw, wr, rs = parts(ts)
        rt = med([t["away"] + (t["send"] - t["rx"]) for t in ts])
        out.append("%-36s %9.1f %9.1f %9.1f %9.1f %10.1f %10.1f %10.1f %10d" %
                   (label, rt, med([t["away"] for t in ts]), rw, rq, qw, wr, rs, n))
    out += ["", "node 0, the server's turnarounds (a frame in .. the reply out):",
            "%-36s %9s " % ("server thread", "turn") + head]
    for comm, ts in sorted(server_turns(node0).items()):
        n, rw, rq, qw, wr, rs = parts(ts)
        out.append("%-36s %9.1f %9.1f %9.1f %10.1f %10.1f %10.1f %10d" %
                   (comm, med([t["send"] - t["rx"] for t in ts]), rw, rq, qw, wr, rs, n))
    out.append("(the link, both ways, is node 1's away less node 0's turn; "
               "rdm-srv answers both TIPC RDM rows)")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
