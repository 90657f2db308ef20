#!/usr/bin/env bash
# m3d against a real slapd (tests/m3d/slapd.sh): the shipped schema loads
# (slapd.conf and cn=config forms), the model is read over LDAP with the
# binds m3d offers, malformed entries are refused naming DN and attribute,
# the cluster key is read by m3d's DN alone (the ACL of slapd.sh), and the
# syncrepl watcher sees changes and a lost server.
# Prints "ok NAME" / "not ok NAME" per test.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
export TOP
. "$TOP/tests/m3d/slapd.sh"
M3D=${M3D:-$TOP/m3d/m3d}
dir=$(mktemp -d /tmp/m3d-ldap.XXXXXX)
trap 'slapd_stop; rm -rf "$dir"' EXIT
BASE="cn=cluster1,ou=m3,$SLAPD_SUFFIX"
M3T_PREFIX=ldap M3T_TMP=$dir
. "$TOP/tests/m3d/tap.sh"


# How m3d binds by default here: as its DN, which may read the key.
as_m3d() {
	echo "bind_dn = \"$SLAPD_M3D\"; password_file = \"$dir/srv/m3d.secret\";"
}

# conf NAME [ldap settings]: an m3d.conf for this slapd; without them m3d
# binds as its DN ("" is anonymous).
conf() {
	cat > "$dir/$1.conf" <<CONF
source = "ldap";
nodeid = 0;
ldap = { uri = "$SLAPD_URI"; base = "$BASE"; timeout = 5; ${2-$(as_m3d)} };
CONF
	echo "$dir/$1.conf"
}

expect_check() {	# CONF EXPECTED-STDERR-LINE...: --check fails with exactly these
	local c=$1; shift
	local got
	got=$("$M3D" --check -c "$c" 2>&1 >/dev/null) && { echo "check passed"; return 1; }
	[ "$got" = "$(printf '%s\n' "$@")" ] || { printf 'got:\n%s\nwant:\n%s\n' "$got" "$(printf '%s\n' "$@")"; return 1; }
}

t_schema_slapd_conf() {
	slapd_setup "$dir/srv" "$TOP/schema/example.ldif" && slapd_start "$dir/srv"
}

t_schema_cn_config() {
	local cfg=$dir/cnconfig
	mkdir -p "$cfg/slapd.d" "$cfg/db"
	{
		printf 'dn: cn=config\nobjectClass: olcGlobal\ncn: config\n\n'
		printf 'dn: cn=module{0},cn=config\nobjectClass: olcModuleList\ncn: module{0}\nolcModulePath: /usr/lib/ldap\nolcModuleLoad: back_mdb\nolcModuleLoad: syncprov\n\n'
		printf 'dn: cn=schema,cn=config\nobjectClass: olcSchemaConfig\ncn: schema\n\n'
		grep -v '^#' /etc/ldap/schema/core.ldif; echo
		grep -v '^#' /etc/ldap/schema/cosine.ldif; echo
		grep -v '^#' "$TOP/schema/m3.ldif"; echo
		printf 'dn: olcDatabase={1}mdb,cn=config\nobjectClass: olcDatabaseConfig\nobjectClass: olcMdbConfig\nolcDatabase: {1}mdb\nolcSuffix: %s\nolcDbDirectory: %s/db\n\n' "$SLAPD_SUFFIX" "$cfg"
		printf 'dn: olcOverlay={0}syncprov,olcDatabase={1}mdb,cn=config\nobjectClass: olcOverlayConfig\nobjectClass: olcSyncProvConfig\nolcOverlay: {0}syncprov\n'
	} > "$cfg/config.ldif"
	slapadd -q -n0 -F "$cfg/slapd.d" -l "$cfg/config.ldif" &&
	slaptest -Q -u -F "$cfg/slapd.d" &&
	slapadd -q -F "$cfg/slapd.d" -n1 -l "$dir/srv/base.ldif" &&
	slapadd -q -F "$cfg/slapd.d" -n1 -l "$TOP/schema/example.ldif" &&
	slapschema -F "$cfg/slapd.d" -n1 &&
	slapcat -F "$cfg/slapd.d" -n0 -o ldif_wrap=no | grep -q "NAME 'm3VM'"
}

# The example's key, as the directory holds it.
example_key() {
	sed -n 's/^m3ClusterKey: //p' "$TOP/schema/example.ldif"
}

t_read_as_m3d() {
	local out
	out=$("$M3D" --check --print -c "$(conf m3d)") || return 1
	echo "$out" | grep -qx '  nr_nodes = 2; max_vms = 32; max_procs = 256; max_copy = 0; cluster_key_file = ""; /\* cluster_key: set, not shown \*/ bearers = \["eth0"\]; link_tolerance_ms = 1500;' &&
	! echo "$out" | grep -q "$(example_key)" &&
	echo "$out" | grep -qx '  { vmid = 1; name = "web"; nodes = \[0, 1\]; max_procs = 64; owner = 0; group = 0; mode = "0660"; flags = \[\]; }' &&
	echo "$out" | grep -qx '  { vmid = 2; name = "batch"; nodes = \[1\]; max_procs = 256; owner = 0; group = 0; mode = "0660"; flags = \["strict_copy"\]; },' &&
	echo "$out" | grep -q 'id = 1; name = "beta"; host = "beta.example.org"; }' || { echo "$out"; return 1; }
}

# Anonymously the ACL hides the key: the node cannot join, and says why.
t_key_hidden_from_anonymous() {
	expect_check "$(conf anon "")" \
		"$BASE: m3ClusterKey: missing: VM 1 spans node 0 and others: this node joins them over TIPC, with the cluster key"
}

# The reader itself: the key's hex as the directory holds it, for m3d's
# DN only (build/test_ldap_cluster, cmocka).
t_cluster_attributes() {
	M3D_TEST_URI=$SLAPD_URI M3D_TEST_BASE=$BASE M3D_TEST_M3D_DN=$SLAPD_M3D \
	M3D_TEST_M3D_PW=$dir/srv/m3d.secret M3D_TEST_KEY=$(example_key) \
	CMOCKA_MESSAGE_OUTPUT=TAP "$TOP/tests/m3d/build/test_ldap_cluster"
}

# set_drvs ATTR [VALUE]: the m3Drvs entry's ATTR replaced by VALUE, or
# deleted without one.
set_drvs() {
	if [ $# -gt 1 ]; then
		printf 'dn: %s\nchangetype: modify\nreplace: %s\n%s: %s\n' "$BASE" "$1" "$1" "$2"
	else
		printf 'dn: %s\nchangetype: modify\ndelete: %s\n' "$BASE" "$1"
	fi | slapd_modify
}

# drvs_attr ATTR VALUE EXPECTED...: ATTR replaced by VALUE ("" deletes
# it); --check fails with exactly EXPECTED; ATTR put back.
drvs_attr() {
	local attr=$1 value=$2 r old
	shift 2
	old=$(ldapsearch -LLL -o ldif-wrap=no -x -H "$SLAPD_URI" -D "$SLAPD_ADMIN" -w secret \
		-b "$BASE" -s base "$attr" | sed -n "s/^$attr: //p")
	if [ -n "$value" ]; then set_drvs "$attr" "$value"; else set_drvs "$attr"; fi || return 1
	expect_check "$(conf drvs)" "$@"; r=$?
	if [ -n "$old" ]; then set_drvs "$attr" "$old"; else set_drvs "$attr"; fi || return 1
	return $r
}

t_bad_key() {	# never quoted back
	drvs_attr m3ClusterKey 00ff \
		"$BASE: m3ClusterKey: not a key: 72 hex digits (36 bytes: TIPC's gcm(aes) key and salt)"
}

t_bad_bearer() {
	drvs_attr m3Bearer eth:0 \
		"$BASE: m3Bearer: \"eth:0\" is not a network interface name (1 to 15 printable characters, no space, '/' or ':')"
}

t_bad_tolerance() {
	drvs_attr m3LinkTolerance 40000 \
		"$BASE: m3LinkTolerance: \"40000\" is not a number from 50 to 30000"
}

t_no_bearer() {
	drvs_attr m3Bearer "" \
		"$BASE: m3Bearer: missing: VM 1 spans node 0 and others: this node joins them over TIPC, over at least one network interface"
}

# The key and its file both: refused. The file alone: the rule of secret
# files; then taken.
t_key_file_attribute() {
	local key=$dir/cluster.key r
	example_key > "$key" && chmod 644 "$key" &&
	drvs_attr m3ClusterKeyFile "$key" \
		"$BASE: m3ClusterKey: give the key or its file (m3ClusterKeyFile), not both" &&
	set_drvs m3ClusterKey || return 1
	drvs_attr m3ClusterKeyFile "$key" \
		"$BASE: m3ClusterKeyFile: $key may be read or written by group or others (mode 0644): chmod 600 it"; r=$?
	chmod 600 "$key" &&
	set_drvs m3ClusterKeyFile "$key" &&
	{ "$M3D" --check -c "$(conf keyfile)" || r=1; } &&
	set_drvs m3ClusterKeyFile &&
	set_drvs m3ClusterKey "$(example_key)" && return $r
}

t_simple_bind() {
	"$M3D" --check -c "$(conf bind "bind_dn = \"$SLAPD_ADMIN\"; password_file = \"$dir/srv/secret\";")"
}

t_sasl_external_ldapi() {
	sed "s|uri = \"$SLAPD_URI\"|uri = \"$SLAPD_LDAPI\"|" \
		"$(conf ext 'sasl_mech = "EXTERNAL";')" > "$dir/ext2.conf"
	"$M3D" --check -c "$dir/ext2.conf"
}

t_starttls_refused() {
	local got
	got=$("$M3D" --check -c "$(conf tls 'starttls = true;')" 2>&1) && return 1
	case $got in "m3d: LDAP: StartTLS: "*) ;; *) echo "$got"; return 1 ;; esac
}

# A second slapd that requires TLS (security tls=1) with a certificate for
# 127.0.0.1 signed by a CA made here; SLAPD_* point at it afterwards.
tls_server() {
	local d=$dir/tls ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
	mkdir -p "$d" &&
	openssl req -x509 "${ec[@]}" -keyout "$d/ca.key" -out "$d/ca.pem" \
		-days 2 -subj "/CN=M3 test CA" 2>/dev/null &&
	openssl req "${ec[@]}" -keyout "$d/srv.key" -out "$d/srv.csr" \
		-subj "/CN=127.0.0.1" 2>/dev/null &&
	printf 'subjectAltName=IP:127.0.0.1\n' > "$d/ext" &&
	openssl x509 -req -in "$d/srv.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
		-CAcreateserial -days 2 -extfile "$d/ext" -out "$d/srv.pem" 2>/dev/null &&
	chmod 644 "$d/srv.key" &&
	slapd_setup "$d" "$TOP/schema/example.ldif" &&
	sed -i "1i TLSCACertificateFile $d/ca.pem\nTLSCertificateFile $d/srv.pem\nTLSCertificateKeyFile $d/srv.key\nsecurity tls=1" "$d/slapd.conf" &&
	slaptest -Q -u -f "$d/slapd.conf" &&
	slapd_stop && SLAPD_PORT= slapd_start "$d"
}

t_starttls_trusted() {	# the CA from the usual ldap.conf variables
	local out
	out=$(LDAPTLS_CACERT=$dir/tls/ca.pem "$M3D" --check -c "$(conf tls2 "$(as_m3d) starttls = true;")" 2>&1) &&
	case $out in *"configuration OK: 2 VMs"*) ;; *) echo "$out"; false ;; esac
}

t_starttls_untrusted() {
	local got
	got=$(LDAPTLS_CACERT=/dev/null "$M3D" --check -c "$(conf tls3 'starttls = true;')" 2>&1) && return 1
	case $got in "m3d: LDAP: StartTLS: "*) ;; *) echo "$got"; return 1 ;; esac
}

t_tls_required_without_starttls() {	# so the test above did use TLS
	local got
	got=$("$M3D" --check -c "$(conf notls)" 2>&1) && return 1
	case $got in *"Confidentiality required"*) ;; *) echo "$got"; return 1 ;; esac
}

t_bad_password() {
	echo wrong > "$dir/wrong" && chmod 600 "$dir/wrong"
	local got
	got=$("$M3D" --check -c "$(conf badpw "bind_dn = \"$SLAPD_ADMIN\"; password_file = \"$dir/wrong\";")" 2>&1) && return 1
	[ "$got" = "m3d: LDAP: bind: Invalid credentials" ] || { echo "$got"; return 1; }
}

t_unreachable() {	# --check passes (ExecReload must reach m3d), and says so
	local got port
	port=$(slapd_free_port)
	sed "s|$SLAPD_URI|ldap://127.0.0.1:$port/|" "$(conf down "")" > "$dir/down2.conf"
	got=$("$M3D" --check -c "$dir/down2.conf" 2>&1) || { echo "$got"; return 1; }
	[ "$got" = "m3d: LDAP: search under \"$BASE\": Can't contact LDAP server
m3d: $dir/down2.conf: the file is valid; the directory was not reachable, its entries were not checked" ] ||
		{ echo "$got"; return 1; }
}

# bad_entry NAME ATTRS EXPECTED: add a VM entry, expect one error, remove it.
bad_entry() {
	local dn="cn=$1,$BASE" r
	printf 'dn: %s\nobjectClass: m3VM\ncn: %s\n%b\n' "$dn" "$1" "$2" | slapd_modify || return 1
	expect_check "$(conf bad)" "$3"; r=$?
	ldapdelete -x -H "$SLAPD_URI" -D "$SLAPD_ADMIN" -w secret "$dn"
	return $r
}

t_bad_mode() {
	bad_entry badmode 'm3VmId: 5\nm3VmMode: 0999' \
		"cn=badmode,$BASE: m3VmMode: \"0999\" is not octal permission bits, like 0660"
}

t_bad_owner() {
	bad_entry badowner 'm3VmId: 5\nm3VmOwner: no-such-user-x' \
		"cn=badowner,$BASE: m3VmOwner: no such user \"no-such-user-x\""
}

t_bad_flag() {
	bad_entry badflag 'm3VmId: 5\nm3VmFlags: fast' \
		"cn=badflag,$BASE: m3VmFlags: unknown flag \"fast\" (known: strict_copy)"
}

t_bad_name() {
	bad_entry badname 'm3VmId: 5\nm3VmName: a b' \
		"cn=badname,$BASE: m3VmName: must be printable, without spaces"
}

t_bad_vmid_twice() {
	bad_entry twice 'm3VmId: 1' \
		"cn=web,$BASE: m3VmId: VM 1 is defined twice (also by cn=twice,$BASE)"
}

# Refused whatever order the server sends them in: by DN, b after a,
# though b was added first.
t_dup_vmid_by_dn() {
	local r
	printf 'dn: cn=b-dup,%s\nobjectClass: m3VM\ncn: b-dup\nm3VmId: 7\n\ndn: cn=a-dup,%s\nobjectClass: m3VM\ncn: a-dup\nm3VmId: 7\n' \
		"$BASE" "$BASE" | slapd_modify || return 1
	expect_check "$(conf dup)" \
		"cn=b-dup,$BASE: m3VmId: VM 7 is defined twice (also by cn=a-dup,$BASE)"; r=$?
	ldapdelete -x -H "$SLAPD_URI" -D "$SLAPD_ADMIN" -w secret "cn=a-dup,$BASE" "cn=b-dup,$BASE"
	return $r
}

# 1025 m3VM entries (the 1025th repeats a vmid): refused, not cut to 1024.
t_too_many_vms() {
	local big="ou=big,$SLAPD_SUFFIX" i
	{
		printf 'dn: %s\nobjectClass: organizationalUnit\nou: big\n\n' "$big"
		printf 'dn: cn=drvs,%s\nobjectClass: m3Drvs\ncn: drvs\nm3NrNodes: 1\nm3MaxVms: 1024\n\n' "$big"
		for i in $(seq 0 1024); do
			printf 'dn: cn=vm%04d,%s\nobjectClass: m3VM\ncn: vm%04d\nm3VmId: %d\n\n' \
				"$i" "$big" "$i" $((i % 1024))
		done
	} | slapd_modify || return 1
	sed "s|base = \"$BASE\"|base = \"$big\"|" \
		"$(conf big "bind_dn = \"$SLAPD_ADMIN\"; password_file = \"$dir/srv/secret\";")" > "$dir/big2.conf"
	expect_check "$dir/big2.conf" \
		"$big: 1025 m3VM entries here or below, more than a DRVS can have (1024)"
}

t_bad_vmid_range() {
	bad_entry big 'm3VmId: 40' "cn=big,$BASE: m3VmId: 40 is not below max_vms (32)"
}

t_bad_nodes() {
	bad_entry far 'm3VmId: 6\nm3VmNodes: 7' "cn=far,$BASE: m3VmNodes: node 7 is not below nr_nodes (2)"
}

t_bad_max_procs() {
	bad_entry fat 'm3VmId: 6\nm3MaxProcs: 300' \
		"cn=fat,$BASE: m3MaxProcs: 300 is more than the DRVS's max_procs (256)"
}

# A VM entry whose DN and IA5String values hold an escape sequence, a
# newline and control characters (LDIF base64; IA5String takes them):
# refused, each error one printable line (no forged journal line, no
# sequence reaching the terminal).
t_hostile_values() {
	local b rc dn
	b() { printf '%b' "$1" | base64 -w0; }
	dn="cn=evil\033[2J,$BASE"
	printf 'dn:: %s\nobjectClass: m3VM\ncn:: %s\nm3VmId: 7\n' "$(b "$dn")" "$(b 'evil\033[2J')" > "$dir/evil.ldif"
	printf 'm3VmOwner:: %s\nm3VmGroup:: %s\nm3VmMode:: %s\nm3VmFlags:: %s\n' \
		"$(b 'x\nm3d: forged line')" "$(b 'g\001\002\177')" "$(b '\033]0;pwn\007')" \
		"$(b '\033]0;pwn\007')" >> "$dir/evil.ldif"
	slapd_modify -f "$dir/evil.ldif" || return 1
	"$M3D" --check -c "$(conf evil)" 2>"$dir/e" >/dev/null; rc=$?
	ldapdelete -x -H "$SLAPD_URI" -D "$SLAPD_ADMIN" -w secret "$(printf '%b' "$dn")"
	[ "$rc" -eq 1 ] && [ "$(wc -l < "$dir/e")" -eq 4 ] &&
		! LC_ALL=C grep -q '[^[:print:]]' "$dir/e" || { echo "exit $rc"; cat -v "$dir/e"; return 1; }
}

t_no_drvs() {
	sed "s|base = \"$BASE\"|base = \"ou=nothing,$SLAPD_SUFFIX\"|" "$(conf nodrvs)" > "$dir/nodrvs2.conf"
	printf 'dn: ou=nothing,%s\nobjectClass: organizationalUnit\nou: nothing\n' "$SLAPD_SUFFIX" | slapd_modify
	expect_check "$dir/nodrvs2.conf" "ou=nothing,$SLAPD_SUFFIX: no m3Drvs entry here or below"
}

t_watch() {
	M3D_TEST_URI=$SLAPD_URI M3D_TEST_BASE=$BASE M3D_TEST_SLAPD_PID=$SLAPD_PID \
	CMOCKA_MESSAGE_OUTPUT=TAP "$TOP/tests/m3d/build/test_ldap_watch"
}

t schema_slapd_conf t_schema_slapd_conf
t schema_cn_config t_schema_cn_config
t read_as_m3d t_read_as_m3d
t key_hidden_from_anonymous t_key_hidden_from_anonymous
t cluster_attributes t_cluster_attributes
t bad_key t_bad_key
t bad_bearer t_bad_bearer
t bad_tolerance t_bad_tolerance
t no_bearer t_no_bearer
t key_file_attribute t_key_file_attribute
t simple_bind_password_file t_simple_bind
t sasl_external_ldapi t_sasl_external_ldapi
t starttls_refused_by_server t_starttls_refused
t bad_password t_bad_password
t unreachable t_unreachable
t bad_mode t_bad_mode
t bad_owner t_bad_owner
t bad_flag t_bad_flag
t bad_name t_bad_name
t bad_vmid_twice t_bad_vmid_twice
t bad_vmid_range t_bad_vmid_range
t bad_nodes t_bad_nodes
t bad_max_procs t_bad_max_procs
t no_drvs t_no_drvs
t duplicate_vmid_refused_by_dn t_dup_vmid_by_dn
t too_many_vms_refused t_too_many_vms
t hostile_values t_hostile_values
t syncrepl_watch t_watch
t tls_server tls_server
t starttls_with_trusted_ca t_starttls_trusted
t starttls_untrusted_ca_refused t_starttls_untrusted
t tls_required_without_starttls t_tls_required_without_starttls
[ "$m3t_fails" -eq 0 ]
