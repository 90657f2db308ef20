// SPDX-License-Identifier: GPL-2.0-or-later
/* Values written the same way in the file and in LDAP. */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
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

/* One VM flag by name; ORed into *flags. */
int m3d_parse_flag(const char *s, unsigned int *flags)
{
	if (s && strcmp(s, "strict_copy") == 0) {
		*flags |= M3_VM_STRICT_COPY;
		return 0;
	}
	return -1;
}

/* A name given: the module's rule (m3_vm_name_len()), and not empty. */
int m3d_check_vm_name(const char *s)
{
	return m3_vm_name_len(s) > 0 ? 0 : -1;
}
