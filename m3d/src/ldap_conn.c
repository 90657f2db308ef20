// SPDX-License-Identifier: GPL-2.0-or-later
/* Connect, StartTLS, bind. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "job.h"
#include "ldap_conn.h"
#include "log.h"
#include "secret.h"

/* The password (secret.h: owner-only file, no stdio copy) as cred. */
static int read_password(const char *path, struct berval *cred, char *buf,
			 size_t size, char *err, size_t len)
{
	if (m3d_secret_read(path, buf, size, err, len))
		return -1;
	cred->bv_val = buf;
	cred->bv_len = strlen(buf);
	return 0;
}

/* Timeouts bound each wait for a first byte; the job's deadline the rest. */
static int set_options(LDAP *ld, const struct m3d_ldap_conf *c)
{
	int v3 = LDAP_VERSION3, idle = m3d_ldap_idle(c), probes = 3;
	struct timeval tv = { c->timeout, 0 };

	m3d_log(LOG_DEBUG, "ldap: protocol 3, timeouts %d s, keepalive after "
		"%d s", c->timeout, idle);
	if (ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v3) ||
	    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv) ||
	    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv) ||
	    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF) ||
	    ldap_set_option(ld, LDAP_OPT_X_KEEPALIVE_IDLE, &idle) ||
	    ldap_set_option(ld, LDAP_OPT_X_KEEPALIVE_PROBES, &probes) ||
	    ldap_set_option(ld, LDAP_OPT_X_KEEPALIVE_INTERVAL, &c->timeout))
		return -1;
	return 0;
}

int m3d_ldap_failure(int rc)
{
	switch (rc) {
	case LDAP_SERVER_DOWN:
	case LDAP_TIMEOUT:
	case LDAP_CONNECT_ERROR:
	case LDAP_UNAVAILABLE:
	case LDAP_BUSY:
		return LDAP_UNREACHABLE;
	default:
		return LDAP_REFUSED;
	}
}

static int do_bind(LDAP *ld, const struct m3d_ldap_conf *c, int *fail,
		   char *err, size_t len)
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
				  err, len)) {
			*fail = LDAP_REFUSED;
			return -1;
		}
		m3d_log(LOG_DEBUG, "ldap: simple bind as %s", c->bind_dn);
		r = ldap_sasl_bind_s(ld, c->bind_dn, LDAP_SASL_SIMPLE, &cred,
				     NULL, NULL, NULL);
		explicit_bzero(pw, sizeof(pw));
	} else {
		return 0;	/* anonymous */
	}
	if (r != LDAP_SUCCESS) {
		snprintf(err, len, "bind: %s", ldap_err2string(r));
		*fail = m3d_ldap_failure(r);
		return -1;
	}
	return 0;
}

/* A TLS failure is LDAP_CONNECT_ERROR too: only "no answer" is unreachable. */
static int start_tls(LDAP *ld, int *fail, char *err, size_t len)
{
	int r;

	m3d_job_step("StartTLS");
	r = ldap_start_tls_s(ld, NULL, NULL);
	if (r == LDAP_SUCCESS)
		return 0;
	snprintf(err, len, "StartTLS: %s", ldap_err2string(r));
	*fail = r == LDAP_SERVER_DOWN || r == LDAP_TIMEOUT ?
		LDAP_UNREACHABLE : LDAP_REFUSED;
	return -1;
}

LDAP *m3d_ldap_open(const struct m3d_ldap_conf *c, int *fail, char *err,
		    size_t len)
{
	LDAP *ld = NULL;
	int r;

	*fail = LDAP_REFUSED;
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
	if (c->starttls && start_tls(ld, fail, err, len))
		goto err;
	m3d_job_step("bind");
	if (do_bind(ld, c, fail, err, len))
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

/* Any ldap:// in the list (space or comma separated), case aside. */
static int has_plain_uri(const char *list)
{
	const char *p = list;

	while (*p) {
		p += strspn(p, " ,\t");
		if (!strncasecmp(p, "ldap://", 7))
			return 1;
		p += strcspn(p, " ,\t");
	}
	return 0;
}

int m3d_ldap_cleartext(const struct m3d_ldap_conf *c, char *uri, size_t len)
{
	char *def = NULL;

	if (c->starttls || !c->bind_dn[0] ||
	    !strcasecmp(c->sasl_mech, "EXTERNAL"))
		return 0;
	if (!c->uri[0])	/* ldap.conf's URI: read, not connected */
		ldap_get_option(NULL, LDAP_OPT_URI, &def);
	snprintf(uri, len, "%s", c->uri[0] ? c->uri : def ? def : "");
	ldap_memfree(def);
	return has_plain_uri(uri);
}
