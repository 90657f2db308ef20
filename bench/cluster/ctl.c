// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: the control connection, how the two roles agree on what to
 * run. The server listens on TCP port NB_TCP_PORT + NB_P_CTL once every
 * mechanism it can serve is served; the client connects (retrying until
 * the server is up), and the lines are:
 *
 *   client: m3netbench <proto> hello
 *   server: m3netbench <proto> ok node <tipc-node> pairs <n> mechs <k>
 *           mech <i> <name> <variant|-> <errno> <info|->     (k lines)
 *           end
 *   ... the client measures, on the well-known addresses ...
 *   client: quit
 *   server: bye                    (and the server exits)
 *
 * A server of another protocol version answers
 * "m3netbench <proto> error version". The client refuses a server whose
 * mechanism table differs from its own (another build).
 */
#include <stdarg.h>

#include "netbench.h"

#define LINE	384	/* a mech line: two names, an errno and the info */

/* One line, without its newline: 0, or -errno (-EPIPE at end of file). */
static int read_line(int fd, char *buf, size_t len)
{
	size_t n = 0;
	int ret;

	for (;;) {
		ret = readn(fd, buf + n, 1);
		if (ret)
			return ret;
		if (buf[n] == '\n' || n + 1 == len)
			break;
		n++;
	}
	buf[n] = 0;
	return 0;
}

static int write_line(int fd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int write_line(int fd, const char *fmt, ...)
{
	char buf[LINE];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof(buf) - 1)
		return -EOVERFLOW;
	buf[n++] = '\n';
	return writen(fd, buf, n);
}

static const char *dash(const char *s)
{
	return *s ? s : "-";
}

static const char *undash(const char *s)
{
	return strcmp(s, "-") ? s : "";
}

/* ---- client ---------------------------------------------------------------- */

/* "mech <i> <name> <variant> <errno> <info>" for mechanism @i into @p. */
static int read_mech(int fd, int i, struct peer *p)
{
	char line[LINE], name[64], variant[64], info[NB_INFO_LEN];
	const struct net_mech *m = net_mechs[i];
	int ret = read_line(fd, line, sizeof(line)), k, err;

	if (ret)
		return ret;
	_Static_assert(NB_INFO_LEN == 128, "the %127s below");
	if (sscanf(line, "mech %d %63s %63s %d %127s", &k, name, variant, &err,
		   info) != 5 || k != i) {
		fprintf(stderr, "m3netbench: server said \"%s\"\n", line);
		return -EPROTO;
	}
	if (strcmp(name, m->name) || strcmp(undash(variant), m->variant)) {
		fprintf(stderr, "m3netbench: server's mechanism %d is %s %s, ours %s %s: not the same build\n",
			i, name, variant, m->name, dash(m->variant));
		return -EPROTO;
	}
	p->err[i] = err;
	snprintf(p->info[i], sizeof(p->info[i]), "%s", undash(info));
	return 0;
}

static int read_answer(int fd, struct peer *p)
{
	char line[LINE];
	int proto, k, ret = read_line(fd, line, sizeof(line));

	if (ret)
		return ret;
	if (sscanf(line, "m3netbench %d ok node %u pairs %d mechs %d", &proto,
		   &p->tipc_node, &p->pairs, &k) != 4 || proto != NB_PROTO ||
	    k != net_nmechs) {
		fprintf(stderr, "m3netbench: server said \"%s\"\n", line);
		return -EPROTO;
	}
	for (int i = 0; i < k && !ret; i++)
		ret = read_mech(fd, i, p);
	if (!ret)
		ret = read_line(fd, line, sizeof(line));
	return ret ? ret : strcmp(line, "end") ? -EPROTO : 0;
}

int ctl_hello(struct peer *p, double wait_s)
{
	int fd = tcp_connect(p, NB_TCP_PORT + NB_P_CTL, wait_s), ret;

	if (fd < 0)
		return fd;
	ret = write_line(fd, "m3netbench %d hello", NB_PROTO);
	if (!ret)
		ret = read_answer(fd, p);
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

int ctl_quit(int fd)
{
	char line[LINE];
	int ret = write_line(fd, "quit");

	if (!ret)
		ret = read_line(fd, line, sizeof(line));
	close(fd);
	return ret ? ret : strcmp(line, "bye") ? -EPROTO : 0;
}

/* ---- server ---------------------------------------------------------------- */

/*
 * The TIPC node address is read when a client asks: a node whose identity
 * was just set has none until TIPC has tried its address for a while.
 */
static int answer(int fd, const struct peer *self)
{
	int ret = write_line(fd, "m3netbench %d ok node %u pairs %d mechs %d",
			     NB_PROTO, tipc_own_node(), self->pairs, net_nmechs);

	for (int i = 0; i < net_nmechs && !ret; i++)
		ret = write_line(fd, "mech %d %s %s %d %s", i, net_mechs[i]->name,
				 dash(net_mechs[i]->variant), self->err[i],
				 dash(self->info[i]));
	return ret ? ret : write_line(fd, "end");
}

/* One client's session: 1 when it said quit, else 0 (it went away). */
static int session(int fd, const struct peer *self)
{
	char line[LINE], hello[64];

	snprintf(hello, sizeof(hello), "m3netbench %d hello", NB_PROTO);
	while (!read_line(fd, line, sizeof(line))) {
		if (!strcmp(line, hello)) {
			if (answer(fd, self))
				return 0;
		} else if (!strcmp(line, "quit")) {
			write_line(fd, "bye");
			return 1;
		} else if (!strncmp(line, "m3netbench ", 11)) {
			write_line(fd, "m3netbench %d error version", NB_PROTO);
			return 0;
		} else {
			return 0;
		}
	}
	return 0;
}

int ctl_serve(int lfd, const struct peer *self)
{
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC), quit;

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return -errno;
		}
		quit = session(fd, self);
		close(fd);
		if (quit)
			return 0;
	}
}
