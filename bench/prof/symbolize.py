#!/usr/bin/env python3
"""Instructions per round trip, per kernel function, from insnprof segments.

  symbolize.py KALLSYMS N SEGMENT [LABEL]...   (N: round trips per segment)
  symbolize.py --tsv ...                        machine-readable rows

Each SEGMENT is a file of "hexaddr count" lines written by insnprof.so;
KALLSYMS is the guest's /proc/kallsyms of the same boot. Addresses below
the kernel's half are summed as [user]. Prints, for each segment, the
functions by instructions per round trip, and a side-by-side table of all
segments.
"""
import bisect
import sys

USER_TOP = 0x0000800000000000


def load_syms(path):
    syms = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or parts[1] not in "tTwW":
                continue
            name = parts[2]
            if len(parts) > 3:
                name += " " + parts[3]
            syms.append((int(parts[0], 16), name))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def profile(path, addrs, names, n):
    per = {}
    with open(path) as f:
        for line in f:
            a, c = line.split()
            a, c = int(a, 16), int(c)
            if a < USER_TOP:
                name = "[user]"
            else:
                i = bisect.bisect_right(addrs, a) - 1
                name = names[i] if i >= 0 else "[unknown]"
            per[name] = per.get(name, 0) + c
    return {k: v / n for k, v in per.items()}


def main(argv):
    tsv = argv[:1] == ["--tsv"]
    if tsv:
        argv = argv[1:]
    kallsyms, n = argv[0], int(argv[1])
    segs = argv[2:]
    labels = [s.split("=", 1)[0] if "=" in s else s for s in segs]
    paths = [s.split("=", 1)[1] if "=" in s else s for s in segs]
    addrs, names = load_syms(kallsyms)
    profs = [profile(p, addrs, names, n) for p in paths]
    if tsv:
        for lab, pr in zip(labels, profs):
            for k, v in sorted(pr.items(), key=lambda kv: -kv[1]):
                print(f"{lab}\t{k}\t{v:.1f}")
        return
    for lab, pr in zip(labels, profs):
        total = sum(pr.values())
        print(f"== {lab}: {total:.0f} instructions per round trip")
        for k, v in sorted(pr.items(), key=lambda kv: -kv[1]):
            if v >= 5:
                print(f"  {v:8.1f}  {k}")
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
