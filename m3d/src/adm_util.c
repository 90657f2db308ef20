// SPDX-License-Identifier: GPL-2.0-or-later
/* m3adm helpers: errors, JSON strings, node sets, m3d's status file. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "adm.h"

int adm_error(int r, const char *what)
{
	fprintf(stderr, "m3adm: %s: %s\n", what, m3_strerror(r));
	if (r == -ENOENT && !strcmp(what, "/dev/m3ipc"))
		return ADM_NOMOD;
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

int adm_vmid(const char *s, int *vmid)
{
	unsigned long v;

	if (!s || m3d_parse_uint(s, M3_MAX_VMS - 1, &v)) {
		fprintf(stderr, "m3adm: \"%s\" is not a VM id (0..%d)\n",
			s ? s : "", M3_MAX_VMS - 1);
		return ADM_USAGE;
	}
	*vmid = (int)v;
	return 0;
}

int adm_vm_range(int argc, char **argv, int *from, int *to)
{
	struct m3_drvs_info di;
	int r;

	*from = 0;
	if (argc > 2 || (argc == 2 && adm_vmid(argv[1], from)))
		return ADM_USAGE;
	r = mnx_drvs_info(&di);
	if (r < 0)
		return adm_error(r, "/dev/m3ipc");
	*to = argc == 2 ? *from + 1 : (int)di.max_vms;
	return 0;
}

void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* "0,1,5" or [0,1,5]. */
void print_nodes(FILE *f, const uint64_t *nodes, int json)
{
	const char *sep = "";
	int n;

	if (json)
		fputc('[', f);
	for (n = 0; n < M3_MAX_NODES; n++)
		if (M3_NODE_ISSET(nodes, n)) {
			fprintf(f, "%s%d", sep, n);
			sep = ",";
		}
	if (json)
		fputc(']', f);
}

int adm_daemon(struct adm *a, const char *key, char *buf, size_t len)
{
	char path[4200], text[8192] = "", *line;
	size_t n = 0, klen = key ? strlen(key) : 0;
	FILE *f;
	int pid = 0;

	snprintf(path, sizeof(path), "%s/status", a->runtime_dir);
	f = fopen(path, "re");
	if (f) {
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	}
	text[n] = 0;
	if (!strncmp(text, "pid=", 4))
		pid = atoi(text + 4);
	if (pid && kill(pid, 0) && errno == ESRCH)
		pid = 0;
	if (buf)
		buf[0] = 0;
	for (line = text; pid && key && line; line = strchr(line, '\n')) {
		line += *line == '\n';
		if (!strncmp(line, key, klen) && line[klen] == '=')
			snprintf(buf, len, "%.*s", (int)strcspn(line + klen + 1,
				 "\n"), line + klen + 1);
	}
	return pid;
}
