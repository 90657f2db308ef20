# Shared by the debug kernel's runners (run.sh: one guest; cluster.sh:
# clusters of guests): building the kernel and the module, and what counts
# as a kernel report in a guest's logs. Sourced, not run.
# shellcheck shell=bash

# Any KASAN, UBSAN, lockdep, kmemleak, DEBUG_OBJECTS, BUG, WARNING or oops
# line.
M3_DEBUG_REPORTS='BUG:|WARNING:|Oops|Call Trace:|KASAN|UBSAN|kmemleak: [0-9]+ new|possible recursive locking|circular locking|inconsistent lock state|lock held when returning|ODEBUG|Kernel panic|general protection|list_(add|del) corruption|sleeping function called'

# The debug kernel (built or from its cache) and m3ipc.ko built against
# it: sets kdir (the kernel tree) and ko (the module); false if either
# build fails (its messages on stderr).
m3_debug_build() {
	local here
	here=$(dirname "${BASH_SOURCE[0]}")
	kdir=$("$here/build-kernel.sh" | tail -1) && [ -n "$kdir" ] &&
		ko=$("$here/build-module.sh" "$kdir" | tail -1) && [ -n "$ko" ]
}

# The report lines of the logs on stdin (a guest's console.log, its
# dmesg...), once each; nothing when they are clean.
m3_debug_reports() {
	tr -d '\r' | grep -E "$M3_DEBUG_REPORTS" | sort -u
}
