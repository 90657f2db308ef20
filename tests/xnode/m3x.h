/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3x: one static program with a subcommand per role of the cross-node
 * tests. Each prints what it checked and exits 0 when it holds, 1 (with
 * the reason on stderr) when it does not, 2 on a usage error.
 */
#ifndef M3X_H
#define M3X_H

#include <m3/m3.h>

#define M3X_VM		1	/* the VM that spans every node */

int m3x_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
long long m3x_now_ms(void);
int m3x_int(const char *s);

/* m3x_setup.c */
int m3x_setup(int argc, char **argv);
int m3x_waitup(int argc, char **argv);
int m3x_waitdown(int argc, char **argv);

/* m3x_calls.c */
int m3x_server(int argc, char **argv);
int m3x_client(int argc, char **argv);
int m3x_expect(int argc, char **argv);

#endif
