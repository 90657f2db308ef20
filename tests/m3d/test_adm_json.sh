#!/usr/bin/env bash
# m3adm's JSON as m3adm(8) documents it, on the host (no module needed):
# the list under JSON in man/m3adm.8 is what `m3adm keys` prints (the
# record tables of m3d/src/adm_records.c), and reads the same once
# rendered; the emitters write made-up records of every kind as the
# tables say (build/test_adm_json, cmocka). What the module answers is
# checked against the list in the e2e guest (test_output.sh,
# json_documented). Prints "ok NAME" / "not ok NAME".
#   bash tests/m3d/test_adm_json.sh            check
#   bash tests/m3d/test_adm_json.sh --update   write the list into m3adm.8
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
ADM=${ADM:-$TOP/m3d/m3adm}
MAN=${MAN:-$TOP/man/m3adm.8}
dir=$(mktemp -d /tmp/m3d-admjson.XXXXXX)
trap 'rm -rf "$dir"' EXIT
M3T_PREFIX=adm_json M3T_TMP=$dir
. "$TOP/tests/m3d/tap.sh"

export BEGIN='.\" BEGIN m3adm keys' END='.\" END m3adm keys'

# `m3adm keys` as roff lines: \ and - escaped, no line taken for a request.
keys_roff() {
	"$ADM" keys | sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^[.']/\\\\\&&/"
}

# The lines of the man page between the markers (with -v keep, and the
# markers too, and the file's other lines replaced by FILE's lines).
between() {
	awk -v with="${1:-}" '
		BEGIN { b = ENVIRON["BEGIN"]; e = ENVIRON["END"] }
		index($0, e) == 1 { inside = 0 }
		inside && !with { print }
		!inside && with { print }
		index($0, b) == 1 { inside = 1
			if (with) while ((getline l < with) > 0) print l }
	' "$MAN"
}

if [ "${1:-}" = --update ]; then
	keys_roff > "$dir/keys" && between "$dir/keys" > "$dir/man" &&
		cat "$dir/man" > "$MAN" && exit 0
	exit 1
fi

t_man_lists_keys() {
	keys_roff > "$dir/keys" || return 1
	# an 80-column page indents it by 7: 72 left
	! awk 'length($0) > 72 { print "too long: " $0; bad = 1 } END { exit !bad }' "$dir/keys" || return 1
	[ -s "$dir/keys" ] && between > "$dir/man" &&
	diff -u "$dir/man" "$dir/keys" ||
		{ echo "man/m3adm.8 is not m3adm keys: bash $0 --update"; return 1; }
}

# The rendered page holds the same lines (roff took nothing for markup).
t_man_renders_keys() {
	"$ADM" keys | sed 's/ *$//' | grep . > "$dir/keys" &&
	MANWIDTH=100 man -l -E ascii "$MAN" 2>/dev/null | sed 's/^ \{7\}//; s/ *$//' \
		> "$dir/page" &&
	grep -vxFf "$dir/page" "$dir/keys" > "$dir/missing"
	[ ! -s "$dir/missing" ] || { echo "not in the rendered page:"; cat "$dir/missing"; return 1; }
}

t_emitters() {
	make -s -B -C "$TOP/tests/m3d" build/test_adm_json >/dev/null &&
	CMOCKA_MESSAGE_OUTPUT=TAP "$TOP/tests/m3d/build/test_adm_json" > "$dir/tap" 2>&1 &&
	! grep -q '^not ok' "$dir/tap" || { cat "$dir/tap"; return 1; }
}

t man_lists_keys t_man_lists_keys
t man_renders_keys t_man_renders_keys
t emitters t_emitters
[ "$m3t_fails" -eq 0 ]
