# A throw-away slapd for tests: mdb backend, syncprov overlay, the shipped
# schema, a free port on 127.0.0.1, everything in one temporary directory.
# Sourced, not run. Needs: slapd, ldap-utils.
#   slapd_setup DIR        write DIR/slapd.conf (suffix dc=example,dc=org,
#                          rootdn cn=admin,dc=example,dc=org, password in
#                          DIR/secret) and load DIR/*.ldif given as $2...
#                          The ACL is the one docs/admin-m3d.md shows: the
#                          cluster key (m3ClusterKey) is for m3d's DN
#                          (SLAPD_M3D, password "change-me" as in
#                          schema/example.ldif, in DIR/m3d.secret) and for
#                          this user over ldapi:// (SASL EXTERNAL) alone.
#   slapd_start DIR        start it in the foreground (-d 0), in the
#                          background of this shell, on $SLAPD_HOST
#                          (default 127.0.0.1); wait until it answers
#   slapd_stop DIR
# After slapd_start: SLAPD_URI, SLAPD_LDAPI (a UNIX socket), SLAPD_PID (SLAPD_PORT set beforehand is kept,
# so that a restarted slapd answers at the same URI).
SLAPD_TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
SLAPD_SUFFIX="dc=example,dc=org"
SLAPD_ADMIN="cn=admin,$SLAPD_SUFFIX"
SLAPD_M3D="cn=m3d,ou=m3,$SLAPD_SUFFIX"

slapd_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

slapd_setup() {
	local dir=$1; shift
	mkdir -p "$dir/db"
	echo secret > "$dir/secret" && chmod 600 "$dir/secret"	# m3d refuses more
	echo change-me > "$dir/m3d.secret" && chmod 600 "$dir/m3d.secret"
	cat > "$dir/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include $SLAPD_TOP/schema/m3.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload syncprov
pidfile $dir/slapd.pid
database mdb
suffix "$SLAPD_SUFFIX"
rootdn "$SLAPD_ADMIN"
rootpw secret
directory $dir/db
maxsize 16777216
index objectClass eq
index entryCSN,entryUUID eq
access to attrs=m3ClusterKey
	by dn.exact="$SLAPD_M3D" read
	by dn.exact="gidNumber=$(id -g)+uidNumber=$(id -u),cn=peercred,cn=external,cn=auth" read
	by * none
access to attrs=userPassword
	by self write
	by anonymous auth
	by * none
access to * by * read
overlay syncprov
syncprov-checkpoint 100 10
CONF
	slaptest -Q -u -f "$dir/slapd.conf" || return 1
	printf 'dn: %s\nobjectClass: organization\nobjectClass: dcObject\no: example\ndc: example\n' \
		"$SLAPD_SUFFIX" > "$dir/base.ldif"
	slapadd -q -f "$dir/slapd.conf" -l "$dir/base.ldif" || return 1
	local l
	for l in "$@"; do
		slapadd -q -f "$dir/slapd.conf" -l "$l" || return 1
	done
}

slapd_start() {
	local dir=$1 i
	SLAPD_PORT=${SLAPD_PORT:-$(slapd_free_port)}
	SLAPD_URI="ldap://${SLAPD_HOST:-127.0.0.1}:$SLAPD_PORT/"
	SLAPD_LDAPI="ldapi://$(printf %s "$dir/ldapi" | sed 's|/|%2F|g')"
	slapd -d 0 -h "$SLAPD_URI $SLAPD_LDAPI" -f "$dir/slapd.conf" >"$dir/slapd.log" 2>&1 &
	SLAPD_PID=$!
	for i in $(seq 1 100); do
		# Any LDAP answer will do (a server that requires TLS refuses
		# this search with 13); 255 is "Can't contact LDAP server".
		ldapsearch -x -H "$SLAPD_URI" -b "" -s base >/dev/null 2>&1
		[ $? -ne 255 ] && return 0
		kill -0 "$SLAPD_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "slapd did not answer on $SLAPD_URI:" >&2
	cat "$dir/slapd.log" >&2
	return 1
}

slapd_stop() {
	[ -n "${SLAPD_PID:-}" ] || return 0
	kill "$SLAPD_PID" 2>/dev/null
	wait "$SLAPD_PID" 2>/dev/null
	SLAPD_PID=
}

# ldapmodify as the admin, LDIF on stdin.
slapd_modify() {
	ldapmodify -x -H "$SLAPD_URI" -D "$SLAPD_ADMIN" -w secret -a "$@" >/dev/null
}
