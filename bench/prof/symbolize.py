#!/usr/bin/env python3
"""Instructions per round trip, per kernel function, from insnprof segments.

  symbolize.py KALLSYMS N SEGMENT [LABEL]...   (N: round trips per segment)
  symbolize.py --tsv ...                        machine-readable rows
  symbolize.py --categories ...                 one table: what each
                                                 instruction does, by mode

Each SEGMENT is a file of "hexaddr count" lines written by insnprof.so;
KALLSYMS is the guest's /proc/kallsyms of the same boot. Addresses below
the kernel's half are summed as [user]. Prints, for each segment, the
functions by instructions per round trip, and a side-by-side table of all
segments.
"""
import bisect
import re
import sys

USER_TOP = 0x0000800000000000


# What a kernel function is for, first match wins; the rest is "other".
CATEGORIES = [
    ("M3-IPC module", r"\[m3ipc\]"),
    ("user space", r"^\[user\]$"),
    ("hand-off (yield_to)", r"^(yield_to|yield_task_fair|yield_to_task_fair|"
     r"set_next_buddy|double_rq_lock)"),
    ("wake-up", r"^(try_to_wake_up|ttwu_|enqueue_|check_preempt|place_entity|"
     r"wake_up_process|default_wake_function|__wake_up|activate_task|"
     r"resched_curr)"),
    ("sleep and switch", r"^(__schedule|schedule|dequeue_|pick_next|"
     r"put_prev|set_next_entity|__switch_to|switch_mm|finish_task_switch|"
     r"psi_|update_|__update_|rcu_note_context_switch|load_new_mm_cr3|"
     r"native_load_|asm_load_gs_index|switch_ldt|sched_clock|native_sched_clock|"
     r"cpuacct_charge|record_times|clear_buddies|rb_|check_spread|"
     r"check_cfs_rq_runtime|hrtick_update|cr4_update_irqsoff|save_fpregs|"
     r"native_write_msr|__x86_indirect_thunk|pick_next_entity|sched_)"),
    ("syscall entry and exit", r"^(entry_SYSCALL|do_syscall_64|syscall_|"
     r"x64_sys_call|exit_to_user_mode|__rseq|mem_cgroup_handle_over_high|"
     r"blkcg_maybe_throttle_current|fpregs_assert|switch_fpu_return|"
     r"restore_fpregs|amd_clear_divider|invalidate_user_asid|__x64_sys_getppid)"),
    ("file, ioctl and LSM", r"^(__x64_sys_ioctl|do_vfs_ioctl|__fget|__fdget|"
     r"security_|tomoyo_|bpf_lsm_|apparmor_|aa_|vfs_|ksys_|rw_verify_area|"
     r"fsnotify|__x64_sys_read|__x64_sys_write|tty_|n_tty|uart_|ldsem|"
     r"__get_task_ioprio|__cond_resched|mutex_)"),
    ("eventfd", r"^eventfd_"),
    ("user copies", r"^(copy_user_|_copy_from_user|_copy_to_user|__get_user|"
     r"__put_user|_copy_to_iter)"),
    ("locks, RCU, list checks", r"^(_raw_spin|__rcu_read|__list_)"),
]


def category(name):
    for cat, rx in CATEGORIES:
        if re.search(rx, name):
            return cat
    return "other"


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
    cats = argv[:1] == ["--categories"]
    if tsv or cats:
        argv = argv[1:]
    kallsyms, n = argv[0], int(argv[1])
    segs = argv[2:]
    labels = [s.split("=", 1)[0] if "=" in s else s for s in segs]
    paths = [s.split("=", 1)[1] if "=" in s else s for s in segs]
    addrs, names = load_syms(kallsyms)
    profs = [profile(p, addrs, names, n) for p in paths]
    if cats:
        names = [c for c, _ in CATEGORIES] + ["other"]
        print("instructions per round trip".ljust(26) +
              "".join(f"{lab:>10}" for lab in labels))
        for c in names:
            row = [sum(v for k, v in pr.items() if category(k) == c)
                   for pr in profs]
            print(c.ljust(26) + "".join(f"{v:10.0f}" for v in row))
        print("total".ljust(26) +
              "".join(f"{sum(pr.values()):10.0f}" for pr in profs))
        return
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
