// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * m3adm: look at and steer M3-IPC on this node. See m3adm(8).
 *   m3adm [--json] [SUBCOMMAND [ARGS]]     (no subcommand: status)
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "adm.h"
#include "fields.h"

static int adm_help(struct adm *a, int argc, char **argv);

static const struct {
	const char *name;
	int (*fn)(struct adm *a, int argc, char **argv);
	const char *usage;
	const char *description;
} cmds[] = {
	{ "status", adm_status, "", "the DRVS, m3d, the nodes, the VMs (the default)" },
	{ "vm", adm_vm, "[list] | start ID|any [KEY=VALUE...] | end ID",
	  "list the VMs; start or end one by hand" },
	{ "proc", adm_proc, "[list] [VMID]", "the bound processes" },
	{ "stats", adm_stats, "[VMID]", "per-VM counters" },
	{ "reload", adm_reload, "", "make m3d re-read its configuration" },
	{ "keys", adm_keys, "", "the keys of every --json output" },
	{ "help", adm_help, "", "this text" },
};

#define NR_CMDS (sizeof(cmds) / sizeof(cmds[0]))

static void usage(FILE *f)
{
	char head[80], flags[M3D_FLAGS_LEN];
	size_t i;

	fprintf(f, "usage: m3adm [--json] [SUBCOMMAND [ARGS]]\n");
	for (i = 0; i < NR_CMDS; i++) {
		snprintf(head, sizeof(head), "%s %s", cmds[i].name,
			 cmds[i].usage);
		if (strlen(head) < 24)
			fprintf(f, "  %-24s%s\n", head, cmds[i].description);
		else
			fprintf(f, "  %s\n  %24s%s\n", head, "",
				cmds[i].description);
	}
	fprintf(f, "vm start keys: name= max_procs= owner= group= mode=0660 "
		"nodes=0,1 flags=%s\n", m3d_flags_str(flags, sizeof(flags),
		M3_VM_FLAGS_ALL, "", ","));
}

/* The usage; with --json as {"usage":"..."}. */
static int adm_help(struct adm *a, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return adm_print_text(a, &adm_q_help, usage);
}

int adm_reload(struct adm *a, int argc, char **argv)
{
	char why[4400], q[4 * sizeof(why)];
	struct adm_said said = { 0 };
	int pid;

	(void)argv;
	if (argc > 1)
		return ADM_USAGE;
	pid = adm_daemon(a, NULL, why, sizeof(why));
	if (pid == ADM_DAEMON_UNKNOWN) {
		fprintf(stderr, "m3adm: %s\n", adm_esc(why, q, sizeof(q)));
		return ADM_REFUSED;
	}
	if (!pid) {
		fprintf(stderr, "m3adm: m3d is not running (no %s/status)\n",
			adm_esc(a->runtime_dir, q, sizeof(q)));
		return ADM_NODAEMON;
	}
	if (kill(pid, SIGHUP)) {
		fprintf(stderr, "m3adm: cannot signal m3d (pid %d): %s\n", pid,
			strerror(errno));
		return errno == ESRCH ? ADM_NODAEMON : ADM_REFUSED;
	}
	said.pid = pid;
	adm_print(&a->e, &adm_q_reload, &said);
	return ADM_OK;
}

/* Takes --json (anywhere) out of argv. */
static int take_flags(struct adm *a, int argc, char **argv)
{
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j"))
			a->e.json = 1;
		else
			argv[n++] = argv[i];
	}
	argv[n] = NULL;
	return n;
}

static int run(struct adm *a, int argc, char **argv)
{
	char q[256];
	size_t i;
	int r;

	for (i = 0; i < NR_CMDS; i++) {
		if (strcmp(argv[0], cmds[i].name))
			continue;
		r = cmds[i].fn(a, argc, argv);
		if (r == ADM_USAGE)
			usage(stderr);
		return r;
	}
	fprintf(stderr, "m3adm: unknown subcommand \"%s\"\n",
		adm_esc(argv[0], q, sizeof(q)));
	usage(stderr);
	return ADM_USAGE;
}

/* With --json, what the command printed goes out only if it succeeded. */
int main(int argc, char **argv)
{
	struct adm a = { { .out = stdout }, getenv("M3D_RUNTIME_DIR") };
	char *def[] = { "status", NULL }, *json = NULL;
	size_t len = 0;
	int r;

	if (!a.runtime_dir)
		a.runtime_dir = "/run/m3d";
	argc = take_flags(&a, argc - 1, argv + 1);
	argv++;
	if (argc == 0) {
		argc = 1;
		argv = def;
	}
	if (a.e.json && !(a.e.out = open_memstream(&json, &len))) {
		perror("m3adm");
		return ADM_REFUSED;
	}
	r = run(&a, argc, argv);
	if (a.e.json) {
		if (fclose(a.e.out))
			r = r ? r : ADM_REFUSED;
		if (r == ADM_OK)
			fwrite(json, 1, len, stdout);
		free(json);
	}
	if (fflush(stdout) && r == ADM_OK)
		r = ADM_REFUSED;
	return r;
}
