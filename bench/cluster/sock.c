// SPDX-License-Identifier: GPL-2.0
/* m3netbench: addresses, sockets and the threads that serve them. */
#include <arpa/inet.h>
#include <linux/tipc.h>
#include <net/if.h>
#include <netinet/tcp.h>
#include <pthread.h>

#include "netbench.h"

int addr_parse(const char *s, struct peer *p)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)&p->tcp;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&p->tcp;
	char host[INET6_ADDRSTRLEN + IF_NAMESIZE + 1];
	char *scope;

	memset(&p->tcp, 0, sizeof(p->tcp));
	if (inet_pton(AF_INET, s, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		p->tcp_len = sizeof(*v4);
		return 0;
	}
	snprintf(host, sizeof(host), "%s", s);
	scope = strchr(host, '%');
	if (scope)
		*scope++ = 0;
	if (inet_pton(AF_INET6, host, &v6->sin6_addr) != 1)
		return -EINVAL;
	v6->sin6_family = AF_INET6;
	if (scope && !(v6->sin6_scope_id = if_nametoindex(scope)))
		return -ENODEV;
	p->tcp_len = sizeof(*v6);
	return 0;
}

int set_nodelay(int fd)
{
	int one = 1;

	return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) ?
		-errno : 0;
}

/* Worth another try: nobody listens yet, or the address is not up yet. */
static int transient(int err)
{
	return err == ECONNREFUSED || err == ENETUNREACH ||
	       err == EHOSTUNREACH || err == EADDRNOTAVAIL ||
	       err == ETIMEDOUT || err == ENETDOWN;
}

int tcp_connect(const struct peer *p, int port, double wait_s)
{
	struct sockaddr_storage a = p->tcp;
	double end = now() + wait_s;
	int fd, err;

	/* sin_port and sin6_port are at the same place. */
	((struct sockaddr_in *)&a)->sin_port = htons(port);
	for (;;) {
		fd = socket(a.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		if (!connect(fd, (struct sockaddr *)&a, p->tcp_len))
			break;
		err = errno;
		close(fd);
		if (!transient(err) || now() > end)
			return -err;
		usleep(100000);
	}
	err = set_nodelay(fd);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

int tcp_listen(int port)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons(port),
				   .sin6_addr = IN6ADDR_ANY_INIT };
	struct sockaddr_in a4 = { .sin_family = AF_INET,
				  .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(INADDR_ANY) };
	struct sockaddr *a = (struct sockaddr *)&a6;
	socklen_t len = sizeof(a6);
	int fd, one = 1, zero = 0;

	fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		/* Both families on one socket. */
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	} else {
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		a = (struct sockaddr *)&a4;
		len = sizeof(a4);
	}
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (set_nodelay(fd) || bind(fd, a, len) || listen(fd, 64)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int tipc_serve_socket(int type, int t, int inst)
{
	struct sockaddr_tipc a = {
		.family = AF_TIPC,
		.addrtype = TIPC_SERVICE_RANGE,
		.scope = TIPC_CLUSTER_SCOPE,
		.addr.nameseq = { NB_TIPC_TYPE + t, inst, inst },
	};
	int fd = socket(AF_TIPC, type | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    (type != SOCK_RDM && listen(fd, 64))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

void tipc_service(struct sockaddr_storage *a, socklen_t *len, int t,
		  int inst, unsigned int node)
{
	struct sockaddr_tipc *ta = (struct sockaddr_tipc *)a;

	memset(a, 0, sizeof(*a));
	ta->family = AF_TIPC;
	ta->addrtype = TIPC_SERVICE_ADDR;
	ta->addr.name.name.type = NB_TIPC_TYPE + t;
	ta->addr.name.name.instance = inst;
	ta->addr.name.domain = node;
	*len = sizeof(*ta);
}

unsigned int tipc_own_node(void)
{
	struct sockaddr_tipc a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_TIPC, SOCK_RDM | SOCK_CLOEXEC, 0);
	unsigned int node = 0;

	if (fd < 0)
		return 0;
	if (!getsockname(fd, (struct sockaddr *)&a, &len))
		node = a.addr.id.node;
	close(fd);
	return node;
}

int start_thread(void *(*fn)(void *), void *arg)
{
	pthread_attr_t at;
	pthread_t t;
	int ret;

	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	ret = pthread_create(&t, &at, fn, arg);
	pthread_attr_destroy(&at);
	return -ret;
}

struct served {
	void (*fn)(int fd);
	int fd;
};

static void *serve_one(void *arg)
{
	struct served s = *(struct served *)arg;

	free(arg);
	s.fn(s.fd);
	close(s.fd);
	return NULL;
}

static void *accepting(void *arg)
{
	struct served l = *(struct served *)arg;

	free(arg);
	for (;;) {
		struct served *s;
		int fd = accept4(l.fd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept: %s", strerror(errno));
		}
		s = malloc(sizeof(*s));
		if (!s)
			die("out of memory");
		*s = (struct served){ l.fn, fd };
		if (start_thread(serve_one, s))
			die("cannot start a thread");
	}
	return NULL;
}

int serve_accepting(int lfd, void (*fn)(int fd))
{
	struct served *l = malloc(sizeof(*l));
	int ret;

	if (!l)
		return -ENOMEM;
	*l = (struct served){ fn, lfd };
	ret = start_thread(accepting, l);
	if (ret)
		free(l);
	return ret;
}
