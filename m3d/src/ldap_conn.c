// SPDX-License-Identifier: GPL-2.0-or-later
/* Connect, StartTLS, bind. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "ldap_conn.h"
#include "log.h"

static int read_password(const char *path, struct berval *cred, char *buf,
			 size_t size, char *err, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = 0;
	buf[strcspn(buf, "\r\n")] = 0;
	cred->bv_val = buf;
	cred->bv_len = strlen(buf);
	return 0;
}

static int set_options(LDAP *ld, const struct m3d_ldap_conf *c)
{
	int v3 = LDAP_VERSION3;
	struct timeval tv = { c->timeout, 0 };

	m3d_log(LOG_DEBUG, "ldap: protocol 3, timeouts %d s", c->timeout);
	if (ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v3) ||
	    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv) ||
	    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv) ||
	    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF))
		return -1;
	return 0;
}

static int do_bind(LDAP *ld, const struct m3d_ldap_conf *c, char *err,
		   size_t len)
{
	struct berval cred = { 0, NULL };
	char pw[512];
	int r;

	if (!strcasecmp(c->sasl_mech, "EXTERNAL")) {
		/* An empty initial response: "the identity I have". */
		cred.bv_val = pw;
		pw[0] = 0;
		m3d_log(LOG_DEBUG, "ldap: SASL EXTERNAL bind");
		r = ldap_sasl_bind_s(ld, NULL, "EXTERNAL", &cred, NULL, NULL,
				     NULL);
	} else if (c->bind_dn[0]) {
		if (c->password_file[0] &&
		    read_password(c->password_file, &cred, pw, sizeof(pw),
				  err, len))
			return -1;
		m3d_log(LOG_DEBUG, "ldap: simple bind as %s", c->bind_dn);
		r = ldap_sasl_bind_s(ld, c->bind_dn, LDAP_SASL_SIMPLE, &cred,
				     NULL, NULL, NULL);
		memset(pw, 0, sizeof(pw));
	} else {
		return 0;	/* anonymous */
	}
	if (r != LDAP_SUCCESS) {
		snprintf(err, len, "bind: %s", ldap_err2string(r));
		return -1;
	}
	return 0;
}

LDAP *m3d_ldap_open(const struct m3d_ldap_conf *c, char *err, size_t len)
{
	LDAP *ld = NULL;
	int r;

	r = ldap_initialize(&ld, c->uri[0] ? c->uri : NULL);
	if (r != LDAP_SUCCESS) {
		snprintf(err, len, "%s: %s", c->uri[0] ? c->uri : "ldap.conf URI",
			 ldap_err2string(r));
		return NULL;
	}
	if (set_options(ld, c)) {
		snprintf(err, len, "cannot set LDAP options");
		goto err;
	}
	if (c->starttls) {
		r = ldap_start_tls_s(ld, NULL, NULL);
		if (r != LDAP_SUCCESS) {
			snprintf(err, len, "StartTLS: %s", ldap_err2string(r));
			goto err;
		}
	}
	if (do_bind(ld, c, err, len))
		goto err;
	return ld;
err:
	ldap_unbind_ext_s(ld, NULL, NULL);
	return NULL;
}

void m3d_ldap_base(LDAP *ld, const struct m3d_ldap_conf *c, char *base,
		   size_t len)
{
	char *def = NULL;

	if (c->base[0]) {
		snprintf(base, len, "%s", c->base);
		return;
	}
	ldap_get_option(ld, LDAP_OPT_DEFBASE, &def);
	snprintf(base, len, "%s", def ? def : "");
	ldap_memfree(def);
}
