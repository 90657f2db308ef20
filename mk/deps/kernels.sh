#!/bin/sh
# The kernels of the test matrix (mk/kernels.sh), as Debian 12 packages,
# one a line: 6.1 PREEMPT_RT through its metapackages, and the newest 6.12
# that Debian 12's own archive (bookworm-security) serves, amd64 and
# rt-amd64 booted in guests, cloud-amd64 only built (headers). The 6.12
# names carry their ABI number, so they are looked up, not listed.
echo linux-image-rt-amd64 linux-headers-rt-amd64
newest() {
	apt-cache search --names-only "$1" 2>/dev/null | cut -d' ' -f1 | sort -V | tail -1
}
for flavour in amd64 rt-amd64 cloud-amd64; do
	h=$(newest "^linux-headers-6\.12\.[0-9]+\+deb12-$flavour\$")
	if [ -z "$h" ]; then
		echo "deps: no linux-headers-6.12.*+deb12-$flavour in the package lists" >&2
		exit 1
	fi
	echo "$h"
	[ "$flavour" = cloud-amd64 ] || echo "${h#linux-headers-}" | sed 's/^/linux-image-/'
done
