# Shared by the checkers of kmod/ (checkpatch.sh, sparse.sh). Sourced.

# m3_lint_verdict TOOL OUTPUT PATTERN [NOTE]: the lines of OUTPUT that
# match PATTERN (grep -E) are problems: print them, count them on stderr
# and exit 1; without any, say kmod/ is clean (and NOTE, in brackets).
m3_lint_verdict() {
	local tool=$1 bad
	bad=$(echo "$2" | grep -E "$3" || true)
	if [ -n "$bad" ]; then
		echo "$bad"
		echo "$tool: $(echo "$bad" | wc -l) problem(s) in kmod/" >&2
		exit 1
	fi
	echo "$tool: kmod/ clean${4:+ ($4)}"
}
