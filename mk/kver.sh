#!/bin/sh
# The kernel that builds and guest runs use unless told otherwise: $M3_KVER
# if set, else Debian's default kernel (the one the linux-image-amd64
# metapackage depends on), else the newest with both an image and headers.
# Installing a newer kernel (Debian 12's 6.12) never changes it silently.
if [ -n "${M3_KVER:-}" ]; then
	echo "$M3_KVER"
	exit 0
fi
v=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
	sed -n 's/.*linux-image-\([^ ,]*\).*/\1/p')
if [ -n "$v" ] && [ -f "/boot/vmlinuz-$v" ] && [ -d "/lib/modules/$v/build" ]; then
	echo "$v"
	exit 0
fi
best=
for v in $(ls /lib/modules 2>/dev/null | sort -V); do
	[ -f "/boot/vmlinuz-$v" ] && [ -d "/lib/modules/$v/build" ] && best=$v
done
[ -n "$best" ] || { echo "no kernel with headers: run 'make deps'" >&2; exit 1; }
echo "$best"
