#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Several cross-node benchmark runs side by side (runs on the host).

    bench/cluster/runs.py RUN_DIR...

Each RUN_DIR holds the results.json of one run (report.py). A ratio is only
meaningful inside one run, so every target's ratio is taken in its own run,
then summed up across the runs: each run's, their median, minimum and
maximum. The main rows' times are shown the same way, with the host's load
of each run: on a shared host, which run was quiet says how far to trust it.
"""
import json
import statistics
import sys

KEY_ROWS = (  # (label, group, mechanism, test, variant, size)
    ("M3 remote sendrec/replyrec", "ipc", "m3-remote", "IPC2", "sendrec/replyrec", 64),
    ("M3 remote sendrec/receive+send", "ipc", "m3-remote", "IPC2", "sendrec/receive+send", 64),
    ("M3 remote send+receive", "ipc", "m3-remote", "IPC1", "send+receive", 64),
    ("M3 remote notify/receive", "ipc", "m3-remote", "IPC3", "notify/receive", 64),
    ("TIPC RDM (name)", "ipc", "tipc-rdm", "RT", "name", 64),
    ("TIPC RDM (port)", "ipc", "tipc-rdm", "RT", "port", 64),
    ("TIPC SEQPACKET", "ipc", "tipc-seqpacket", "RT", "", 64),
    ("TCP", "ipc", "tcp", "RT", "nodelay", 64),
    ("M3 local sendrec/replyrec", "ipc", "m3-local", "IPC2", "sendrec/replyrec", 64),
)
COPY_ROWS = tuple(
    ("%s %d MiB" % (label, size >> 20), "copy", mech, test, variant, size)
    for size in (1 << 20, 4 << 20)
    for label, mech, test, variant in (
        ("M3 COPY1 server-reads", "m3-remote", "COPY1", "server-reads"),
        ("M3 COPY1 server-writes", "m3-remote", "COPY1", "server-writes"),
        ("M3 COPY1 client-writes", "m3-remote", "COPY1", "client-writes"),
        ("TIPC stream", "tipc-stream", "bulk", ""),
        ("TCP", "tcp", "bulk", "")))


def load(d):
    with open("%s/results.json" % d) as f:
        return json.load(f)


def row(doc, group, mech, test, variant, size):
    for r in doc["results"]:
        if ("error" not in r and r["group"] == group and r["mechanism"] == mech and
                r["test"] == test and r["variant"] == variant and r["size"] == size):
            return r
    return None


def fast(r):
    """report.py's fast(): the median of the faster half of the slices."""
    got = sorted(r.get("slices", []), reverse=True)
    return statistics.median(got[:(len(got) + 1) // 2]) if got else None


def summary(values):
    v = [x for x in values if x is not None]
    if not v:
        return "-"
    return "median %.2f, min %.2f, max %.2f" % (statistics.median(v), min(v), max(v))


def fmt(v, spec):
    return spec % v if v is not None else "-"


def main(argv):
    dirs = argv[1:]
    if not dirs:
        sys.stderr.write(__doc__)
        return 2
    docs = [load(d) for d in dirs]
    out = ["Runs:"]
    for i, (d, doc) in enumerate(zip(dirs, docs)):
        m = doc["meta"]
        out.append("  %d  %s  %s  load %s" % (i + 1, m.get("date", "?"), d,
                                            m.get("host_load", m.get("host", "?"))))
    out.append("")
    for key, what in (("ratio", "the run's verdict ratio (faster halves, or "
                       "medians without slices)"), ("ratio_best", "its best slices' ratio")):
        out.append("Targets: %s, by run, and across runs" % what)
        for t in docs[0]["targets"]:
            got = [next((x.get(key) for x in doc["targets"]
                         if x["target"] == t["target"]), None) for doc in docs]
            out.append("  %-56s %s  [%s]" % (t["target"], " ".join(fmt(x, "%5.2f") for x in got),
                                             summary(got)))
        out.append("")
    for rate, what in ((lambda r: r["median"], "median of the run's slices"),
                       (fast, "median of its faster half of slices"),
                       (lambda r: r["max"], "its best slice")):
        out.append("us per round trip (%s), by run" % what)
        for label, *want in KEY_ROWS:
            got = [row(doc, *want) for doc in docs]
            us = [1e6 / rate(r) if r and rate(r) else None for r in got]
            out.append("  %-32s %s  [%s]" % (label, " ".join(fmt(x, "%7.0f") for x in us),
                                             summary(us)))
        out.append("")
    out.append("MiB/s (median of the run's slices), by run")
    for label, *want in COPY_ROWS:
        got = [row(doc, *want) for doc in docs]
        rate = [r["median"] if r else None for r in got]
        out.append("  %-32s %s  [%s]" % (label, " ".join(fmt(x, "%7.2f") for x in rate),
                                         summary(rate)))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
