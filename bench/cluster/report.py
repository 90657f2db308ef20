#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The report of a cross-node benchmark run (runs on the host).

    bench/cluster/report.py -d OUTDIR [-m KEY=VALUE]... RESULTS...

Reads the result files that m3netbench client wrote (bench/'s lines: R, N
and # notes, see bench/common.c), prints the tables, writes OUTDIR/table.txt
and OUTDIR/results.json in bench/'s schema (meta, notes, results, targets;
bench/compare.py reads it), and checks the targets of issue 13 on the
"m3-remote" rows of the run ("n/a" without them); the "m3-local" rows (the
same calls inside the client's node) are there for scale.
"""
import json
import math
import statistics
import sys

MIB = 1048576
PING_REFS = ("tipc-rdm", "tcp")  # the references of the ratio columns
REMOTE, LOCAL = "m3-remote", "m3-local"
COPY1_VARIANTS = ("server-reads", "server-writes", "client-writes")


def load(paths):
    """The rows (R: measured, N: not), each measured one with its slices in
    the order of the rounds (the client's "slices" notes), and the notes."""
    rows, notes, slices = [], [], {}
    for path in paths:
        with open(path) as f:
            for line in f:
                fld = line.rstrip("\n").split("\t")
                if fld[:2] == ["#", "slices"] and len(fld) == 8:
                    slices[tuple(fld[2:7])] = [float(x) for x in fld[7].split()]
                elif fld[0] == "#" and len(fld) > 1:
                    notes.append("\t".join(fld[1:]))
                elif fld[0] == "R" and len(fld) >= 12:
                    rows.append(dict(group=fld[1], test=fld[2], mechanism=fld[3],
                                     variant=fld[4], size=int(fld[5]),
                                     median=float(fld[6]), min=float(fld[7]),
                                     max=float(fld[8]), reps=int(fld[9]),
                                     batch=int(fld[10]), unit=fld[11]))
                elif fld[0] == "N" and len(fld) >= 7:
                    rows.append(dict(group=fld[1], test=fld[2], mechanism=fld[3],
                                     variant=fld[4], size=int(fld[5]),
                                     error=fld[6]))
    for r in rows:
        key = (r["group"], r["test"], r["mechanism"], r["variant"], str(r["size"]))
        if "error" not in r and key in slices:
            r["slices"] = slices[key]
    return rows, notes


def measured(rows, **want):
    return [r for r in rows if "error" not in r and
            all(r[k] == v for k, v in want.items())]


def best(rows, key, **want):
    """The row of @want whose @key ("median" or "max") is highest, or None."""
    found = measured(rows, **want)
    return max(found, key=lambda r: r[key]) if found else None


def name(r):
    m3 = r["mechanism"].startswith("m3")
    parts = [r["mechanism"], r["test"] if m3 else "", r["variant"]]
    return " ".join(p for p in parts if p)


def spread(r):
    return 100.0 * (r["max"] - r["min"]) / r["median"] if r["median"] else math.nan


def ratio(a, b, key="median"):
    return a[key] / b[key] if a and b and b[key] else math.nan


def fmt_ratio(v):
    return "-" if math.isnan(v) else "%.2fx" % v


def fmt_num(spec, v):
    return "-" if math.isnan(v) else spec % v


def node1(rows, group, r):
    """The median of @r's companion row in @group (ctxsw, cpu), or NaN."""
    got = measured(rows, group=group, test=r["test"], mechanism=r["mechanism"],
                   variant=r["variant"])
    return got[0]["median"] if got else math.nan


def table_rt(rows, out):
    refs = [best(rows, "median", group="ipc", test="RT", mechanism=m)
            for m in PING_REFS]
    out.append("Round trips, 64-byte request and reply (median of the slices; "
               "x/ref: this row's rate over the reference's)")
    out.append("%-36s %10s %9s %21s %8s %8s %7s %7s %6s %7s" %
               ("mechanism", "rt/s", "us/rt", "us/rt min..max", "spread", "fast",
                "x/rdm", "x/tcp", "sw/rt", "busy"))
    for r in measured(rows, group="ipc"):
        out.append("%-36s %10.0f %9.1f %10.1f..%-9.1f %7.1f%% %8s %7s %7s %6s %7s" %
                   (name(r), r["median"], 1e6 / r["median"], 1e6 / r["max"],
                    1e6 / r["min"], spread(r), fmt_num("%.1f", 1e6 / fast(r)),
                    fmt_ratio(ratio(r, refs[0])),
                    fmt_ratio(ratio(r, refs[1])),
                    fmt_num("%.2f", node1(rows, "ctxsw", r)),
                    fmt_num("%.1f", node1(rows, "cpu", r))))
    out.append("(x/rdm: against the faster TIPC RDM row, %s; x/tcp: against TCP;" %
               (name(refs[0]) if refs[0] else "none"))
    out.append(" fast: us/rt of the faster half of the slices; sw/rt: context switches"
               " per round trip on the")
    out.append(" client's node; busy: its CPU time not idle, us/rt)")


def table_bulk(rows, out):
    bulk = measured(rows, group="copy")
    sizes = sorted({r["size"] for r in bulk})
    mechs = []
    for r in bulk:
        if (r["test"], r["mechanism"], r["variant"]) not in mechs:
            mechs.append((r["test"], r["mechanism"], r["variant"]))
    out.append("Bulk: SIZE bytes one way and a 1-byte ack, MiB/s (median; "
               "spread in brackets)")
    out.append("%-34s" % "mechanism" + "".join("%16s" % ("%d KiB" % (s // 1024))
                                                for s in sizes))
    for t, m, v in mechs:
        cells = []
        for s in sizes:
            r = measured(bulk, test=t, mechanism=m, variant=v, size=s)
            cells.append("%7.1f (%3.0f%%)" % (r[0]["median"], spread(r[0]))
                         if r else "-")
        out.append("%-34s" % " ".join(x for x in (m, t if m.startswith("m3") else "", v) if x) +
                   "".join("%16s" % c for c in cells))


def table_pairs(rows, out):
    pairs = measured(rows, group="scale")
    ns = sorted({r["size"] for r in pairs})
    mechs = []
    for r in pairs:
        if (r["mechanism"], r["variant"]) not in mechs:
            mechs.append((r["mechanism"], r["variant"]))
    out.append("N client/server pairs at once: round trips per second, all pairs "
               "(median); N/1: over one pair")
    out.append("%-28s" % "mechanism" + "".join("%11s" % ("N=%d" % n) for n in ns) +
               "%9s" % ("%d/1" % ns[-1] if ns else ""))
    for m, v in mechs:
        got = {r["size"]: r for r in measured(pairs, mechanism=m, variant=v)}
        cells = ["%11.0f" % got[n]["median"] if n in got else "%11s" % "-" for n in ns]
        scale = ratio(got.get(ns[-1]), got.get(1)) if ns else math.nan
        out.append("%-28s" % " ".join(x for x in (m, v) if x) + "".join(cells) +
                   "%9s" % fmt_ratio(scale))


def table_split(rows, out):
    """Each M3 call across nodes against the same call inside one node."""
    remote = measured(rows, group="ipc", mechanism=REMOTE)
    rdm = best(rows, "median", group="ipc", test="RT", mechanism="tipc-rdm")
    if not remote:
        return
    out.append("M3 across the link and inside node 1: us per round trip "
               "(medians); remote-local: what crossing adds")
    out.append("%-32s %10s %10s %13s" % ("call", "remote", "local", "remote-local"))
    for r in remote:
        loc = measured(rows, group="ipc", mechanism=LOCAL, test=r["test"],
                       variant=r["variant"])
        us_r = 1e6 / r["median"]
        us_l = 1e6 / loc[0]["median"] if loc else math.nan
        out.append("%-32s %10.1f %10.1f %13.1f" %
                   ("%s %s" % (r["test"], r["variant"]), us_r, us_l, us_r - us_l))
    if rdm:
        out.append("(a raw TIPC RDM round trip, %s: %.1f us)" %
                   (name(rdm), 1e6 / rdm["median"]))


def fast(r):
    """The median of the faster half of @r's slices (NaN without slices).
    On a busy host a slice runs either while the guests have their cores
    or while they wait for them, ten times slower: the slices of a row are
    two heaps, the median falls in one or the other by chance, and the
    faster heap is what the mechanism costs."""
    got = sorted(r.get("slices", []) if r else [], reverse=True)
    return statistics.median(got[:(len(got) + 1) // 2]) if got else math.nan


def target(rows, group, m3_want, ref_want, label, goal):
    """One target: M3's row @m3_want over the best row of @ref_want; the
    verdict on their faster halves, or on the medians without slices."""
    m3 = best(rows, "median", group=group, mechanism=REMOTE, **m3_want)
    refs = measured(rows, group=group, **ref_want)
    ref = max(refs, key=fast) if refs and not any(math.isnan(fast(r)) for r in refs) \
        else best(rows, "median", group=group, **ref_want)
    top = ratio(best(rows, "max", group=group, mechanism=REMOTE, **m3_want),
                best(rows, "max", group=group, **ref_want), "max")
    med = ratio(m3, ref)
    quick = fast(m3) / fast(ref) if ref and fast(ref) else math.nan
    return dict(target=label, goal=goal, vs=name(ref) if ref else "?",
                ratio=med if math.isnan(quick) else quick, ratio_fast=quick,
                ratio_median=med, ratio_best=top)


def targets(rows):
    """Issue 13's targets on the m3-remote rows of this run."""
    out = []
    for variant in ("sendrec/replyrec", "sendrec/receive+send"):
        for ref, goal in (("tipc-rdm", 1.0), ("tcp", 1.2)):
            out.append(target(rows, "ipc", dict(test="IPC2", variant=variant),
                              dict(test="RT", mechanism=ref),
                              "remote IPC2 %s >= %.1fx %s" % (variant, goal, ref),
                              goal))
    for size in (MIB, 4 * MIB):
        for variant in COPY1_VARIANTS:
            out.append(target(rows, "copy", dict(test="COPY1", variant=variant, size=size),
                              dict(test="bulk", size=size),
                              "remote COPY1 %s %d MiB >= 0.8x best bulk" %
                              (variant, size // MIB), 0.8))
    return out


def table_targets(tgts, out):
    out.append("Targets of issue 13 (ratios within this run; the verdict on the faster "
               "halves: the median of the faster")
    out.append("half of each row's slices; on the medians without slices)")
    out.append("%-6s %-56s %7s %8s %8s  %s" % ("", "target", "fast", "medians",
                                              "best", "reference"))
    for t in tgts:
        verdict = "n/a" if math.isnan(t["ratio"]) else \
            "MET" if t["ratio"] >= t["goal"] else "MISSED"
        out.append("%-6s %-56s %7s %8s %8s  %s" %
                   (verdict, t["target"], fmt_ratio(t["ratio_fast"]),
                    fmt_ratio(t["ratio_median"]), fmt_ratio(t["ratio_best"]), t["vs"]))


def not_measured(rows):
    """One line per mechanism and error: the cells it kept from measuring."""
    why = {}
    for r in rows:
        if "error" in r:
            cell = r["test"] if r["group"] != "copy" else "%d KiB" % (r["size"] // 1024)
            why.setdefault((name(r), r["error"]), []).append(cell)
    return ["not measured: %s (%s): %s" % (n, ", ".join(cells), err)
            for (n, err), cells in why.items()]


def num(v):
    return None if math.isnan(v) or math.isinf(v) else float("%.6g" % v)


def write_json(path, meta, notes, rows, tgts):
    results = []
    for r in rows:
        j = dict(r)
        if "error" not in r and r["unit"] in ("rt/s", "op/s"):
            j["ns_per_op"] = num(1e9 / r["median"])
        results.append(j)
    doc = dict(meta=meta, notes=notes, results=results,
               targets=[dict(t, met=None if math.isnan(t["ratio"]) else t["ratio"] >= t["goal"],
                             **{k: num(v) for k, v in t.items() if k.startswith("ratio")})
                        for t in tgts])
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


def main(argv):
    outdir, meta, paths = ".", {}, []
    args = iter(argv[1:])
    for a in args:
        if a == "-d":
            outdir = next(args)
        elif a == "-m":
            k, _, v = next(args).partition("=")
            meta[k] = v
        else:
            paths.append(a)
    if not paths:
        sys.stderr.write(__doc__)
        return 2
    rows, notes = load(paths)
    if not rows:
        sys.stderr.write("report: no results\n")
        return 1
    tgts = targets(rows)
    out = ["%s: %s" % kv for kv in meta.items()]
    for section in (table_rt, table_split, table_bulk, table_pairs):
        part = []
        section(rows, part)
        if part:
            out.append("")
            out.extend(part)
    out.append("")
    table_targets(tgts, out)
    out.extend(not_measured(rows))
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    with open("%s/table.txt" % outdir, "w") as f:
        f.write(text)
    write_json("%s/results.json" % outdir, meta, notes, rows, tgts)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
