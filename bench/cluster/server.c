// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench server: serve every mechanism at once on its well-known
 * address, then answer the control connection until a client says quit
 * (or @limit_s seconds pass). A mechanism that cannot be served here (no
 * TIPC, say) is reported to the client with its error; the rest run. The
 * mechanisms served on the client's node (local.c) are left alone here.
 */
#include "netbench.h"

int server_main(double limit_s)
{
	static struct peer self;
	int lfd, ret;

	self.pairs = NB_MAX_PAIRS;
	for (int i = 0; i < net_nmechs; i++) {
		const struct net_mech *m = net_mechs[i];
		int here = m->serve && !m->on_client;

		ret = here ? m->serve(m, self.info[i], sizeof(self.info[i])) : 0;
		self.err[i] = -ret;
		fprintf(stderr, "m3netbench server: %s %s%s%s: %s\n", m->test,
			m->name, *m->variant ? " " : "", m->variant,
			ret ? m3_strerror(ret) : here ? "served" :
			m->on_client ? "served on the client's node" :
			"answered by another row's server");
	}
	lfd = tcp_listen(NB_TCP_PORT + NB_P_CTL);
	if (lfd < 0)
		die("control port %d: %s", NB_TCP_PORT + NB_P_CTL, strerror(-lfd));
	fprintf(stderr, "m3netbench server: control on TCP port %d\n",
		NB_TCP_PORT + NB_P_CTL);
	if (limit_s > 0)
		alarm((unsigned int)limit_s);
	ret = ctl_serve(lfd, &self);
	close(lfd);
	return ret;
}
