// SPDX-License-Identifier: GPL-2.0-or-later
/* Values written the same way in the file and in LDAP. */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fields.h"
#include "text.h"

/* A decimal (or 0x hexadecimal) number, no sign, no trailing junk. */
int m3d_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ?
		    16 : 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Permission bits in octal, as chmod takes them: "0660", "660". */
int m3d_parse_mode(const char *s, unsigned int *mode)
{
	unsigned long v;
	char *end;

	if (!s || !*s || strspn(s, "01234567") != strlen(s))
		return -1;
	v = strtoul(s, &end, 8);
	if (v > 0777)
		return -1;
	*mode = (unsigned int)v;
	return 0;
}

/* A name (looked up in passwd or group) or a number. */
static int parse_id(const char *s, int group, unsigned int *id)
{
	unsigned long v;
	struct passwd *pw;
	struct group *gr;

	if (m3d_parse_uint(s, M3D_ID_MAX, &v) == 0) {
		*id = (unsigned int)v;
		return 0;
	}
	if (!s || !*s)
		return -1;
	if (group) {
		gr = getgrnam(s);
		if (gr)
			*id = gr->gr_gid;
		return gr ? 0 : -1;
	}
	pw = getpwnam(s);
	if (pw)
		*id = pw->pw_uid;
	return pw ? 0 : -1;
}

int m3d_parse_user(const char *s, uid_t *uid)
{
	return parse_id(s, 0, uid);
}

int m3d_parse_group(const char *s, gid_t *gid)
{
	return parse_id(s, 1, gid);
}

int m3d_parse_owner(const char *s, int group, unsigned int *id, char *why,
		    size_t len)
{
	const char *digits = s + (s[0] == '-');
	char q[128];

	if (!parse_id(s, group, id))
		return 0;
	m3d_escape(q, sizeof(q), s, ESC_UTF8);
	if (*digits && strspn(digits, "0123456789") == strlen(digits))
		snprintf(why, len, "%s is out of range (0..%u)", q, M3D_ID_MAX);
	else
		snprintf(why, len, "no such %s \"%s\"",
			 group ? "group" : "user", q);
	return -1;
}

/* One VM flag by name (m3d_vm_flags); ORed into *flags. */
int m3d_parse_flag(const char *s, unsigned int *flags)
{
	const struct m3d_flag *fl;

	for (fl = m3d_vm_flags; s && fl->name; fl++) {
		if (!strcmp(s, fl->name)) {
			*flags |= fl->bit;
			return 0;
		}
	}
	return -1;
}

/* A name given: the module's rule (m3_vm_name_len()), and not empty. */
int m3d_check_vm_name(const char *s)
{
	return m3_vm_name_len(s) > 0 ? 0 : -1;
}

int m3d_parse_key(const char *hex, uint8_t key[M3_CLUSTER_KEY_LEN])
{
	unsigned int i, byte;

	if (strlen(hex) != M3D_KEY_HEX_LEN ||
	    strspn(hex, "0123456789abcdefABCDEF") != M3D_KEY_HEX_LEN)
		return -1;
	for (i = 0; i < M3_CLUSTER_KEY_LEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
			return -1;
		key[i] = (uint8_t)byte;
	}
	return 0;
}

int m3d_check_ifname(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || n >= M3D_IFNAME_LEN || !strcmp(s, ".") || !strcmp(s, ".."))
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f || s[i] == '/' || s[i] == ':')
			return -1;
	return 0;
}

/* K_UINT, K_ID: min..max (a malformed id: m3d_field_malformed()). */
static int number(enum m3d_field f, void *obj, const char *s, char *why,
		  size_t len)
{
	const struct m3d_field_info *fi = m3d_field(f);
	unsigned long v;

	if (!m3d_parse_uint(s, fi->max, &v) && v >= fi->min) {
		*(unsigned int *)m3d_field_ptr(f, obj) = (unsigned int)v;
		return 0;
	}
	m3d_field_malformed(f, obj);
	snprintf(why, len, "\"%s\" is not a number from %lu to %lu", s,
		 fi->min, fi->max);
	return -1;
}

/* K_KEY: "" (none) or the hex of a key; never quoted back (a secret). */
static int key(const struct m3d_field_info *fi, char *p, const char *s,
	       char *why, size_t len)
{
	uint8_t bytes[M3_CLUSTER_KEY_LEN];
	int bad = *s && m3d_parse_key(s, bytes);

	explicit_bzero(bytes, sizeof(bytes));
	if (bad) {
		snprintf(why, len, "not a key: %d hex digits (%d bytes: "
			 "TIPC's gcm(aes) key and salt)", M3D_KEY_HEX_LEN,
			 M3_CLUSTER_KEY_LEN);
		return -1;
	}
	snprintf(p, fi->size, "%s", s);
	return 0;
}

/* K_NAMES: one interface name more, in the first free place. */
static int name(const struct m3d_field_info *fi, char *p, const char *s,
		char *why, size_t len)
{
	size_t each = fi->size / fi->max, i;
	char q[128];

	m3d_escape(q, sizeof(q), s, ESC_UTF8);
	if (m3d_check_ifname(s)) {
		snprintf(why, len, "\"%s\" is not a network interface name "
			 "(1 to %zu printable characters, no space, '/' or "
			 "':')", q, each - 1);
		return -1;
	}
	for (i = 0; i < fi->max && p[i * each]; i++)
		if (!strcmp(p + i * each, s)) {
			snprintf(why, len, "\"%s\" is named twice", q);
			return -1;
		}
	if (i == fi->max) {
		snprintf(why, len, "more than %lu interfaces (TIPC's limit)",
			 fi->max);
		return -1;
	}
	strcpy(p + i * each, s);
	return 0;
}

/* K_TEXT, K_VM_NAME: shorter than the field; a VM name by its rule. */
static int text(const struct m3d_field_info *fi, char *p, const char *s,
		char *why, size_t len)
{
	if (strlen(s) >= fi->size) {
		snprintf(why, len, "longer than %zu characters", fi->size - 1);
		return -1;
	}
	if (fi->kind == K_VM_NAME && m3d_check_vm_name(s)) {
		snprintf(why, len, "must be printable, without spaces");
		return -1;
	}
	strcpy(p, s);
	return 0;
}

static int node(const struct m3d_field_info *fi, uint64_t *nodes,
		const char *s, char *why, size_t len)
{
	unsigned long n;

	if (!m3d_parse_uint(s, fi->max, &n)) {
		M3_NODE_SET(nodes, n);
		return 0;
	}
	snprintf(why, len, "\"%s\" is not a node id (0..%lu)", s, fi->max);
	return -1;
}

int m3d_field_parse(enum m3d_field f, void *obj, const char *s, char *why,
		    size_t len)
{
	const struct m3d_field_info *fi = m3d_field(f);
	void *p = m3d_field_ptr(f, obj);
	char known[M3D_FLAGS_LEN];

	switch (fi->kind) {
	case K_UINT:
	case K_ID:
		return number(f, obj, s, why, len);
	case K_TEXT:
	case K_VM_NAME:
		return text(fi, p, s, why, len);
	case K_NODES:
		return node(fi, p, s, why, len);
	case K_KEY:
		return key(fi, p, s, why, len);
	case K_NAMES:
		return name(fi, p, s, why, len);
	case K_USER:
	case K_GROUP:
		return m3d_parse_owner(s, fi->kind == K_GROUP, p, why, len);
	case K_MODE:
		if (!m3d_parse_mode(s, p))
			return 0;
		snprintf(why, len, "\"%s\" is not octal permission bits, like "
			 "0660", s);
		return -1;
	case K_FLAGS:
		if (!m3d_parse_flag(s, p))
			return 0;
		snprintf(why, len, "unknown flag \"%s\" (known: %s)", s,
			 m3d_flags_str(known, sizeof(known), M3_VM_FLAGS_ALL,
				       "", ", "));
		return -1;
	default:
		snprintf(why, len, "is not read from text");
		return -1;
	}
}
