/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3x: one static program with a subcommand per role of the cross-node
 * tests (the scripts of tests/xnode, run on every node of a cluster of guests).
 * Each prints what it saw and exits 0 when it held, 1 (with the reason on
 * stderr) when it did not, 2 on a usage error.
 *
 *   m3x [-v VMID] COMMAND ARGS...   (VMID: the VM a member binds in, 1)
 *
 * Messages carry, whoever sends them, the sender's own endpoint in m1_i2
 * and its VM in m1_i3, and a forged m_source (M3X_FORGED): a receiver
 * checks that the kernel stamped the true sender over it and that the
 * message stayed in its VM. Servers answer m_type + 1 with the source
 * they saw in m1_i1.
 */
#ifndef M3X_H
#define M3X_H

#include <m3/m3.h>

#define M3X_FORGED	0x5a5a	/* what senders write into m_source */

extern int m3x_vm;	/* -v: the VM members bind in */

int m3x_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
long long m3x_now_ms(void);
void m3x_sleep_ms(long ms);
int m3x_wait_gate(const char *file);
int m3x_int(const char *s);
int m3x_ep(const char *s);	/* a number, ANY or NONE */
int m3x_bind(int slot);		/* bind in m3x_vm, or fail (negative) */
void m3x_stamp(message *m, int self);
int m3x_check_stamp(const message *m);

/* m3x_setup.c: the DRVS, VMs and the cluster */
int m3x_setup(int argc, char **argv);
int m3x_vm_init_cmd(int argc, char **argv);
int m3x_vm_end_cmd(int argc, char **argv);
int m3x_drvs_end_cmd(int argc, char **argv);
int m3x_join_cmd(int argc, char **argv);
int m3x_leave_cmd(int argc, char **argv);
int m3x_nodes_parse(const char *list, m3_u64 *nodes);

/* m3x_nodes.c: node states */
int m3x_waitup(int argc, char **argv);
int m3x_waitdown(int argc, char **argv);
int m3x_nodeinfo(int argc, char **argv);

/* m3x_calls.c: servers and clients */
int m3x_server(int argc, char **argv);
int m3x_client(int argc, char **argv);

/* m3x_call.c: one call (or a few), its result checked */
int m3x_call(int argc, char **argv);

/* m3x_slots.c: binding, holding a slot, watching one */
int m3x_bind_cmd(int argc, char **argv);
int m3x_hold(int argc, char **argv);
int m3x_waitproc(int argc, char **argv);
int m3x_wait_bound(int ep, int secs);
int m3x_now_cmd(int argc, char **argv);

/* m3x_signal.c: signals a member catches */
void m3x_catch_sigpipe(void);
int m3x_sigpipes(void);
void m3x_alarm_in(long ms, int ep);
int m3x_alarm_fired(void);
int m3x_alarm_ipc_result(int which);

/* m3x_vcopy.c: copies between members, parties anywhere */
int m3x_vcopy(int argc, char **argv);

/* m3x_stall.c: a copy whose party's memory never comes */
int m3x_stall(int argc, char **argv);

/* m3x_hostile.c: an unprivileged process with its own TIPC sockets */
int m3x_hostile(int argc, char **argv);

/* m3x_soak*.c: the soak across nodes, and its verdict */
int m3x_soak(int argc, char **argv);
int m3x_soak_check(int argc, char **argv);

/* m3x_fuzz.c: the wire fuzzer, an unprivileged process */
int m3x_fuzz(int argc, char **argv);

/* m3x_stream.c, m3x_copyloop.c: genuine traffic that tells intruders */
int m3x_stream(int argc, char **argv);
int m3x_copyloop(int argc, char **argv);

/* m3x_sigrain.c: calls under a rain of signals, beside a congested link */
int m3x_sigrain(int argc, char **argv);

#endif
