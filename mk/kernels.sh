#!/bin/sh
# The kernels that `make check` tests, one version a line: $M3_KERNELS if
# set (space-separated), else the matrix below, each kernel present with
# its image and headers (`make deps` installs them, mk/deps/kernels.sh):
#   Debian 12's default kernel (6.1, mk/kver.sh)
#   Debian 12's 6.1 PREEMPT_RT kernel (linux-image-rt-amd64)
#   the newest 6.12 of Debian 12's archive, amd64 and rt-amd64
# A kernel of the matrix that is missing is an error, not a skip.
#   kernels.sh [--build]   --build: also the flavours only built, never
#                          booted (cloud-amd64: no drivers for our guest)
if [ -n "${M3_KERNELS:-}" ]; then
	for k in $M3_KERNELS; do echo "$k"; done
	exit 0
fi
here=$(dirname "$0")
newest() {	# newest KVER under /lib/modules matching the pattern
	ls /lib/modules 2>/dev/null | grep -E "$1" | sort -V | tail -1
}
def=$(sh "$here/kver.sh") || exit 1
want="$def
$(newest '^6\.1\.0-[0-9]+-rt-amd64$')
$(newest '^6\.12\.[0-9]+\+deb12-amd64$')
$(newest '^6\.12\.[0-9]+\+deb12-rt-amd64$')"
[ "${1:-}" = --build ] && want="$want
$(newest '^6\.12\.[0-9]+\+deb12-cloud-amd64$')"
n=0
for k in $want; do
	n=$((n + 1))
	if [ ! -d "/lib/modules/$k/build" ]; then
		echo "kernels: no headers for $k: run 'make deps'" >&2
		exit 1
	fi
	echo "$k"
done
[ "$n" -ge 4 ] || { echo "kernels: the matrix is incomplete ($n): run 'make deps'" >&2; exit 1; }
