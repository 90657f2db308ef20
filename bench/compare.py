#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare two benchmark runs cell by cell.

    bench/compare.py BEFORE/results.json AFTER/results.json [GROUP...]

Prints, for every cell present in both runs, the figure before, after and
the change: ns per operation (or round trip) for the floor, ipc and bind
groups, MiB/s for copies. Meant for runs made with BENCH_ICOUNT=1, where
"ns" are guest instructions and the same module gives the same figures
to a fraction of a percent, so a change shows even when it is small.
GROUPs (floor, ipc, bind, copy) restrict the output; default: all four.
"""
import json
import sys


def cells(path):
    with open(path) as f:
        results = json.load(f)["results"]
    out = {}
    for r in results:
        if r["group"] == "copy":
            value = r["median"]
        elif "ns_per_op" in r:
            value = r["ns_per_op"]
        else:
            continue
        name = " ".join(str(x) for x in
                        (r["test"], r["mechanism"], r["variant"], r["size"] or "")
                        if x != "")
        out[(r["group"], name)] = value
    return out


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    before, after = cells(argv[1]), cells(argv[2])
    groups = argv[3:] or ["floor", "ipc", "bind", "copy"]
    print("%-6s %-44s %12s %12s %8s" % ("group", "cell", "before", "after", "change"))
    for key, value in after.items():
        if key[0] not in groups or key not in before or not before[key]:
            continue
        unit = "MiB/s" if key[0] == "copy" else "ns"
        change = 100.0 * (value / before[key] - 1)
        print("%-6s %-44s %12.0f %12.0f %+7.1f%%  %s" %
              (key[0], key[1], before[key], value, change, unit))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
