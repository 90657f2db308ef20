/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * m3adm: the subcommands share this. Each prints through the record
 * tables and their emitters (adm_record.h): aligned text, or JSON with
 * --json. Exit codes (m3adm(8)):
 */
#ifndef M3D_ADM_H
#define M3D_ADM_H

#include <stdio.h>
#include "model.h"
#include "text.h"
#include "adm_record.h"

#define ADM_OK		0
#define ADM_USAGE	1	/* bad command line */
#define ADM_NOMOD	2	/* no /dev/m3ipc, or no DRVS */
#define ADM_NOTFOUND	3	/* no such VM */
#define ADM_REFUSED	4	/* the module refused (permission, limits) */
#define ADM_NODAEMON	5	/* m3d is not running */

/*
 * With --json, e.out is a memory stream that main() prints only if the
 * command succeeds: stdout has one JSON object or nothing, on every path.
 */
struct adm {
	struct adm_emit e;		/* out, json: what it prints, how */
	const char *runtime_dir;	/* m3d's pid and status files */
};

/* m3d as its status file shows it (adm_daemon()). */
#define ADM_DAEMON_UNKNOWN	(-1)	/* the file cannot be read */

int adm_status(struct adm *a, int argc, char **argv);
int adm_vm(struct adm *a, int argc, char **argv);
int adm_proc(struct adm *a, int argc, char **argv);
int adm_stats(struct adm *a, int argc, char **argv);
int adm_reload(struct adm *a, int argc, char **argv);
int adm_keys(struct adm *a, int argc, char **argv);

/* What write() writes, as the one record of q (help, keys): text as it
 * is, or {"KEY":"..."}; 0 or the exit code. */
int adm_print_text(struct adm *a, const struct adm_query *q,
		   void (*write)(FILE *f));
/* The VMs of m, as part of the query (status, vm list). */
void adm_put_vms(struct adm *a, const struct m3d_model *m);
/* The nodes of the DRVS di describes, and the members of m's VMs per
 * node, as parts of status (adm_nodes.c). */
void adm_put_nodes(struct adm *a, const struct m3_drvs_info *di);
void adm_put_members(struct adm *a, const struct m3d_model *m);

/* Helpers (adm_util.c). */
int adm_error(int r, const char *what);		/* message, exit code */
int adm_vmid(const char *s, int *vmid);		/* 0, or ADM_USAGE */
/* The module is there (ENOENT from a VM call would mean no such VM);
 * 0, or the exit code. */
int adm_module(struct m3_drvs_info *di);
/*
 * cmd [VMID], a query of one table (proc, stats): rows(a, vmid) puts the
 * records of a VM, or returns -errno; a VM that is not there is skipped,
 * unless it is the one named. 0 or the exit code.
 */
int adm_each_vm(struct adm *a, int argc, char **argv, const char *cmd,
		const struct adm_query *q, int (*rows)(struct adm *a, int vmid));
/* A string from outside (kernel, status file, command line) for a
 * terminal: control bytes and non-ASCII escaped (\x1b) into buf; buf.
 * JSON output takes m3d_json_str() (text.h). */
const char *adm_esc(const char *s, char *buf, size_t len);
/*
 * m3d's pid (0: not running; ADM_DAEMON_UNKNOWN: its status file cannot
 * be read, why in buf), and the value of key (may be NULL) from its
 * status file into buf ("" if absent).
 */
int adm_daemon(struct adm *a, const char *key, char *buf, size_t len);
/* The VM ids of status's managed= (space-separated) into ids; count. */
int adm_managed_ids(const char *list, int *ids, int max);

#endif
