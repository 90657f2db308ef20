#!/usr/bin/env bash
# Build (or reuse) the debug kernel: Debian's linux-source-6.1, tinyconfig,
# then debug.config merged over it (KASAN, UBSAN, lockdep, kmemleak...).
# The tree lives in a cache outside the source tree, keyed by a hash of the
# fragment and the linux-source package version:
#   $M3_DEBUG_CACHE (default /var/cache/m3ipc/debug-kernel)/<hash>/
# On success prints that directory (the KDIR: arch/x86/boot/bzImage,
# Module.symvers) as the last line of stdout.
#   build-kernel.sh [-j N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jobs=2
[ "${1:-}" = -j ] && jobs=$2
cache=${M3_DEBUG_CACHE:-/var/cache/m3ipc/debug-kernel}
tarball=/usr/src/linux-source-6.1.tar.xz
frag=$here/debug.config
[ -f "$tarball" ] || { echo "no $tarball: run 'make deps'" >&2; exit 1; }
ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
hash=$( (cat "$frag"; echo "linux-source-6.1 $ver"; gcc --version | head -1) |
	sha256sum | cut -c1-16)
src=$cache/src-$ver
kdir=$cache/$hash
mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9

log() { echo "build-kernel: $*" >&2; }

unpack() {
	[ -f "$src/.unpacked" ] && return 0
	log "unpacking $tarball into $src"
	rm -rf "$src" "$src.tmp" && mkdir -p "$src.tmp"
	tar -xJf "$tarball" -C "$src.tmp" --strip-components=1
	mv "$src.tmp" "$src" && touch "$src/.unpacked"
}

# Every option of the fragment must have the value asked for.
verify_config() {
	local line opt want bad=0
	while read -r line; do
		case $line in
		CONFIG_*=*) opt=${line%%=*}; want=$line ;;
		"# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *}; want= ;;
		*) continue ;;
		esac
		if [ -n "$want" ]; then
			grep -qx "$want" "$kdir/.config" || { log "missing: $want"; bad=1; }
		elif grep -q "^$opt=" "$kdir/.config"; then
			log "should be off: $opt"; bad=1
		fi
	done < "$frag"
	return $bad
}

configure() {
	local mk=(make -s -C "$src" O="$kdir" ARCH=x86_64)
	"${mk[@]}" tinyconfig >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$kdir" "$kdir/.config" "$frag" >/dev/null
	"${mk[@]}" olddefconfig >/dev/null
	verify_config
}

build() {
	local t0=$SECONDS
	log "building in $kdir (make -j$jobs, nice 19); takes 10-20 minutes"
	nice -n 19 make -s -C "$src" O="$kdir" ARCH=x86_64 -j"$jobs" bzImage modules \
		> "$kdir/build.log" 2>&1 || { tail -40 "$kdir/build.log" >&2; return 1; }
	[ -s "$kdir/Module.symvers" ] || { log "no Module.symvers"; return 1; }
	echo "$((SECONDS - t0))" > "$kdir/.build-seconds"
	log "built in $((SECONDS - t0)) s"
}

# Trees of other fragments or package versions are stale once this one is
# built: each takes 0.5-1.5 GB.
prune() {
	local d
	for d in "$cache"/*/; do
		d=${d%/}
		case $d in "$kdir" | "$src") continue ;; esac
		log "removing the stale tree $d"
		rm -rf "$d"
	done
}

if [ ! -f "$kdir/.done" ]; then
	unpack
	rm -rf "$kdir" && mkdir -p "$kdir"
	cp "$frag" "$kdir/debug.config.used"
	configure || { log "the merged .config lacks options (see above)"; exit 1; }
	build
	touch "$kdir/.done"
	prune
else
	log "cached: $kdir (built in $(cat "$kdir/.build-seconds" 2>/dev/null || echo '?') s)"
fi
echo "$kdir"
