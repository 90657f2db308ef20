# Shared by the m3d test scripts (sourced): one line per check, "ok NAME"
# or "not ok NAME" followed by "# " lines saying why, and the summary;
# ms and within, to wait for something with a deadline.
#   M3T_PREFIX   prefix of the names ("ldap", "cli", "e2e")
#   M3T_TMP      a directory for the output of the check being run
#   m3t_on_fail  a function run after a failure (optional)
m3t_fails=0

t() {	# NAME COMMAND...: run one check in this shell
	local name=$1; shift
	if "$@" >"$M3T_TMP/out" 2>&1; then
		echo "ok $M3T_PREFIX/$name"
	else
		echo "not ok $M3T_PREFIX/$name"
		sed 's/^/# /' "$M3T_TMP/out" | tail -20
		if declare -F m3t_on_fail >/dev/null; then m3t_on_fail; fi
		m3t_fails=$((m3t_fails + 1))
	fi
}

# LOG [NOTE]: "N passed, N failed [NOTE]" from the lines of LOG; the exit
# status says whether all passed (and at least one ran).
m3t_summary() {
	local passed failed
	passed=$(grep -c '^ok ' "$1")
	failed=$(grep -c '^not ok ' "$1")
	echo "$passed passed, $failed failed${2:+ $2}"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

ms() { echo $(( $(date +%s%N) / 1000000 )); }	# CLOCK_REALTIME, in ms

within() {	# MS COMMAND...: until it succeeds, or MS milliseconds passed
	local end=$(( $(ms) + $1 )); shift
	until "$@" >/dev/null 2>&1; do
		[ "$(ms)" -lt "$end" ] || { "$@"; return 1; }
		sleep 0.05
	done
}
