// SPDX-License-Identifier: GPL-2.0-or-later
/* m3adm helpers: errors, escapes, VM ids, m3d's status file. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "adm.h"

int adm_error(int r, const char *what)
{
	if (r == -ENOENT && !strcmp(what, "/dev/m3ipc")) {
		fprintf(stderr, "m3adm: the m3ipc module is not loaded "
			"(%s is missing); load it with: modprobe m3ipc\n",
			what);
		return ADM_NOMOD;
	}
	fprintf(stderr, "m3adm: %s: %s\n", what, m3_strerror(r));
	switch (-r) {
	case ENODRVS:
		return ADM_NOMOD;
	case ENOENT:
	case ESRCH:
		return ADM_NOTFOUND;
	default:
		return ADM_REFUSED;
	}
}

const char *adm_esc(const char *s, char *buf, size_t len)
{
	return m3d_escape(buf, len, s, ESC_ASCII);
}

int adm_vmid(const char *s, int *vmid)
{
	unsigned long v;
	char q[64];

	if (!s || m3d_parse_uint(s, M3_MAX_VMS - 1, &v)) {
		fprintf(stderr, "m3adm: \"%s\" is not a VM id (0..%d)\n",
			adm_esc(s ? s : "", q, sizeof(q)), M3_MAX_VMS - 1);
		return ADM_USAGE;
	}
	*vmid = (int)v;
	return 0;
}

int adm_module(struct m3_drvs_info *di)
{
	int r = mnx_drvs_info(di);

	return r < 0 ? adm_error(r, "/dev/m3ipc") : 0;
}

/* The vmids of [VMID], [*from, *to); 0 or the exit code. */
static int vm_range(int argc, char **argv, int *from, int *to)
{
	struct m3_drvs_info di;
	int r;

	*from = 0;
	if (argc > 2 || (argc == 2 && adm_vmid(argv[1], from)))
		return ADM_USAGE;
	r = adm_module(&di);
	if (r)
		return r;
	*to = argc == 2 ? *from + 1 : (int)di.max_vms;
	return 0;
}

int adm_each_vm(struct adm *a, int argc, char **argv, const char *cmd,
		const struct adm_query *q, int (*rows)(struct adm *a, int vmid))
{
	char what[32];
	int id, from, to, r = vm_range(argc, argv, &from, &to);

	if (r)
		return r;
	adm_begin(&a->e, q);
	adm_part(&a->e);
	for (id = from; id < to; id++) {
		r = rows(a, id);
		snprintf(what, sizeof(what), "%s: VM %d", cmd, id);
		if (r < 0 && (argc == 2 || r != -ENOENT))
			return adm_error(r, what);
	}
	adm_end(&a->e);
	return ADM_OK;
}

int adm_managed_ids(const char *list, int *ids, int max)
{
	char tok[16];
	unsigned long v;
	size_t n;
	int count = 0;

	while (*list && count < max) {
		list += strspn(list, " ,");
		n = strcspn(list, " ,");
		snprintf(tok, sizeof(tok), "%.*s", (int)n, list);
		if (n && n < sizeof(tok) &&
		    !m3d_parse_uint(tok, M3_MAX_VMS - 1, &v))
			ids[count++] = (int)v;
		list += n;
	}
	return count;
}

/* The status file into text; 0, or -errno. */
static int read_status(struct adm *a, char *text, size_t size, char *path,
		       size_t plen)
{
	size_t n;
	FILE *f;

	snprintf(path, plen, "%s/status", a->runtime_dir);
	text[0] = 0;
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	n = fread(text, 1, size - 1, f);
	fclose(f);
	text[n] = 0;
	return 0;
}

static void find_key(const char *text, const char *key, char *buf,
		     size_t len)
{
	size_t klen = strlen(key);
	const char *line;

	for (line = text; line; line = strchr(line, '\n')) {
		line += *line == '\n';
		if (!strncmp(line, key, klen) && line[klen] == '=')
			snprintf(buf, len, "%.*s", (int)strcspn(line + klen + 1,
				 "\n"), line + klen + 1);
	}
}

/* pid= of the status file: a process id (> 1), else 0. */
static int status_pid(const char *text)
{
	char num[16];
	unsigned long v;

	if (strncmp(text, "pid=", 4))
		return 0;
	snprintf(num, sizeof(num), "%.*s", (int)strcspn(text + 4, "\n"),
		 text + 4);
	return m3d_parse_uint(num, INT_MAX, &v) || v < 2 ? 0 : (int)v;
}

int adm_daemon(struct adm *a, const char *key, char *buf, size_t len)
{
	char path[4200], text[8192];
	int pid = 0, r = read_status(a, text, sizeof(text), path, sizeof(path));

	if (buf)
		buf[0] = 0;
	if (r < 0) {
		if (buf)
			snprintf(buf, len, "cannot read %s: %s", path,
				 strerror(-r));
		return ADM_DAEMON_UNKNOWN;
	}
	pid = status_pid(text);
	if (pid && kill(pid, 0) && errno == ESRCH)
		pid = 0;
	if (pid && key && buf)
		find_key(text, key, buf, len);
	return pid;
}

int adm_print_text(struct adm *a, const struct adm_query *q,
		   void (*write)(FILE *f))
{
	struct adm_said said = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return ADM_REFUSED;
	write(f);
	if (fclose(f)) {
		free(text);
		return ADM_REFUSED;
	}
	said.text = text;
	adm_print(&a->e, q, &said);
	free(text);
	return ADM_OK;
}
