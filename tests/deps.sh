#!/usr/bin/env bash
# Install the Debian packages that building and testing need: every
# package named in mk/deps/*.list, and the kernels of the test matrix
# (mk/deps/kernels.sh, which looks up the newest 6.12). Does nothing when
# all are installed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
updated=
update() { [ -n "$updated" ] || $sudo apt-get update -q; updated=1; }

kernels=$(sh "$top/mk/deps/kernels.sh" 2>/dev/null) || {
	update
	kernels=$(sh "$top/mk/deps/kernels.sh")
}
pkgs=$( (cat "$top"/mk/deps/*.list | sed 's/#.*//'; echo "$kernels") |
	tr -s ' \n' '\n' | sort -u | grep . || true)
missing=()
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { echo "deps: all $(echo $pkgs | wc -w) packages installed"; exit 0; }
echo "deps: installing ${missing[*]}"
update
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
