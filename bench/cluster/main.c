// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: entry point.
 *
 *   m3netbench server [-l SECS]
 *     -l  exit after SECS even if no client said quit (default: never)
 *   m3netbench client [-a ADDR] [-o FILE] [-r R] [-t T] [-b T] [-p T]
 *                     [-P N] [-w SECS] [-m MECH[,MECH]...] [-k KIND[,KIND]...]
 *     -a  the server's address for TCP: IPv4, or IPv6 (fe80::1%eth0);
 *         default 127.0.0.1 (both roles on one node)
 *     -o  results file (bench/'s lines; they go to stdout too)
 *     -r  slices of every cell (default 9, at most 15)
 *     -t  seconds of a ping-pong slice (default 0.2)
 *     -b  seconds of a bulk slice (default 0.2)
 *     -p  seconds of an N-pairs slice (default 0.3)
 *     -P  most pairs at once (default and at most 8; measured 1, 2, 4 ...)
 *     -w  how long to wait for the server (default 60)
 *     -m  only these mechanisms (by name: tipc-rdm, tcp ...)
 *     -k  only these kinds of cells: ping (one pair's ping-pong), bulk,
 *         pairs (N pairs at once)
 *   m3netbench setup NODE NODES KEYHEX
 *     the DRVS, the VM and the cluster for the M3 rows (m3setup.c)
 *   m3netbench list   the mechanisms, one a line
 */
#include <signal.h>
#include <sys/utsname.h>

#include "m3nb.h"

/* bench/common.c's m3_setup() would set it; the M3 rows use NB_M3_VM. */
int opt_vmid = NB_M3_VM;

static void usage(void)
{
	fprintf(stderr, "usage: m3netbench server [-l SECS]\n"
		"       m3netbench client [-a ADDR] [-o FILE] [-r R] [-t T] [-b T] [-p T] [-P N] [-w SECS] [-m MECH,...] [-k KIND,...]\n"
		"       m3netbench setup NODE NODES KEYHEX\n"
		"       m3netbench list\n");
	exit(2);
}

static void describe(const struct client_opts *o)
{
	struct utsname u;

	uname(&u);
	note("kernel %s %s", u.release, u.machine);
	note("cpus %ld", sysconf(_SC_NPROCESSORS_ONLN));
	note("reps %d ping_secs %.3f bulk_secs %.3f pair_secs %.3f max_pairs %d",
	     o->reps, o->secs, o->bulk_secs, o->pair_secs, o->max_pairs);
}

static int client(int argc, char **argv)
{
	static struct client_opts o = {
		.reps = 9, .secs = 0.2, .bulk_secs = 0.2, .pair_secs = 0.3,
		.max_pairs = NB_MAX_PAIRS, .wait_s = 60,
	};
	const char *addr = "127.0.0.1";
	int opt;

	while ((opt = getopt(argc, argv, "a:o:r:t:b:p:P:w:m:k:")) != -1) {
		switch (opt) {
		case 'a': addr = optarg; break;
		case 'o': result_open(optarg); break;
		case 'r': o.reps = atoi(optarg); break;
		case 't': o.secs = atof(optarg); break;
		case 'b': o.bulk_secs = atof(optarg); break;
		case 'p': o.pair_secs = atof(optarg); break;
		case 'P': o.max_pairs = atoi(optarg); break;
		case 'w': o.wait_s = atof(optarg); break;
		case 'm': o.only = optarg; break;
		case 'k': o.kinds = optarg; break;
		default: usage();
		}
	}
	if (optind != argc || o.reps < 1 || o.reps > MAX_REPS ||
	    o.max_pairs < 1 || o.max_pairs > NB_MAX_PAIRS)
		usage();
	if (addr_parse(addr, &o.peer))
		die("%s: not an IPv4 or IPv6 address (with its interface)", addr);
	describe(&o);
	note("server address %s", addr);
	return client_main(&o);
}

static int server(int argc, char **argv)
{
	double limit = 0;
	int opt;

	while ((opt = getopt(argc, argv, "l:")) != -1) {
		if (opt != 'l')
			usage();
		limit = atof(optarg);
	}
	if (optind != argc)
		usage();
	return server_main(limit) ? 1 : 0;
}

int main(int argc, char **argv)
{
	/* A peer that goes away is an error of the call, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "server"))
		return server(argc - 1, argv + 1);
	if (!strcmp(argv[1], "client"))
		return client(argc - 1, argv + 1);
	if (!strcmp(argv[1], "setup")) {
		int ret = m3_setup_main(argc - 1, argv + 1);

		if (ret == 2)
			usage();
		return ret;
	}
	if (!strcmp(argv[1], "list")) {
		for (int i = 0; i < net_nmechs; i++)
			printf("%s\t%s\t%s\t%s\n", net_mechs[i]->test,
			       net_mechs[i]->name, net_mechs[i]->variant,
			       net_mechs[i]->kind == NB_BULK ? "bulk" : "ping-pong");
		return 0;
	}
	usage();
}
