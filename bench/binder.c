// SPDX-License-Identifier: GPL-2.0
/*
 * m3bench: Binder, driven with raw BINDER_WRITE_READ ioctls on /dev/binder
 * (no libbinder). The server is the context manager (handle 0); the client
 * sends a synchronous BC_TRANSACTION of 64 bytes and reads until BR_REPLY;
 * the server answers each BR_TRANSACTION with BC_FREE_BUFFER + BC_REPLY of
 * 64 bytes and, in the same ioctl, reads the next request: the combined
 * reply-and-receive that Android's IPCThreadState uses. The client frees
 * each reply buffer in the ioctl that sends its next transaction.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/android/binder.h>

#include "pair.h"

#define BINDER_DEV	"/dev/binder"
#define BINDER_MAP	(128 * 1024)
#define CODE_PING	1
#define CODE_QUIT	2

struct binder_state {
	int fd;
	void *map;
	binder_uintptr_t to_free;	/* buffer to free with the next write */
	char wbuf[256];
	char rbuf[256];
	char data[MSG_SIZE];
};

static struct binder_state bs;

static int binder_open(void)
{
	struct binder_version v;

	bs.fd = open(BINDER_DEV, O_RDWR | O_CLOEXEC);
	if (bs.fd < 0)
		return -errno;
	if (ioctl(bs.fd, BINDER_VERSION, &v) ||
	    v.protocol_version != BINDER_CURRENT_PROTOCOL_VERSION)
		return -EPROTO;
	bs.map = mmap(NULL, BINDER_MAP, PROT_READ, MAP_PRIVATE, bs.fd, 0);
	if (bs.map == MAP_FAILED)
		return -errno;
	return 0;
}

/* Append command @cmd with @len bytes of @arg to the write buffer. */
static size_t put_cmd(size_t at, uint32_t cmd, const void *arg, size_t len)
{
	memcpy(bs.wbuf + at, &cmd, sizeof(cmd));
	memcpy(bs.wbuf + at + sizeof(cmd), arg, len);
	return at + sizeof(cmd) + len;
}

static size_t put_txn(size_t at, uint32_t cmd, uint32_t code)
{
	struct binder_transaction_data tr;

	memset(&tr, 0, sizeof(tr));
	tr.target.handle = 0;
	tr.code = code;
	tr.data_size = MSG_SIZE;
	tr.data.ptr.buffer = (binder_uintptr_t)(uintptr_t)bs.data;
	if (bs.to_free) {
		at = put_cmd(at, BC_FREE_BUFFER, &bs.to_free, sizeof(bs.to_free));
		bs.to_free = 0;
	}
	return put_cmd(at, cmd, &tr, sizeof(tr));
}

/*
 * Write @wlen bytes of commands, then read until a BR_TRANSACTION or
 * BR_REPLY (@want) arrives; its transaction data in *@out.
 */
static int binder_call(size_t wlen, uint32_t want,
		       struct binder_transaction_data *out)
{
	struct binder_write_read bwr;

	memset(&bwr, 0, sizeof(bwr));
	bwr.write_buffer = (binder_uintptr_t)(uintptr_t)bs.wbuf;
	bwr.write_size = wlen;
	for (;;) {
		size_t at = 0;

		bwr.read_buffer = (binder_uintptr_t)(uintptr_t)bs.rbuf;
		bwr.read_size = sizeof(bs.rbuf);
		bwr.read_consumed = 0;
		if (ioctl(bs.fd, BINDER_WRITE_READ, &bwr) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		bwr.write_size = 0;	/* written: only read from now on */
		bwr.write_consumed = 0;
		while (at + sizeof(uint32_t) <= bwr.read_consumed) {
			uint32_t cmd;

			memcpy(&cmd, bs.rbuf + at, sizeof(cmd));
			at += sizeof(cmd);
			if (cmd == want) {
				memcpy(out, bs.rbuf + at, sizeof(*out));
				return 0;
			}
			switch (cmd) {
			case BR_NOOP:
			case BR_TRANSACTION_COMPLETE:
			case BR_SPAWN_LOOPER:
			case BR_OK:
			case BR_INCREFS:
			case BR_ACQUIRE:
			case BR_RELEASE:
			case BR_DECREFS:
				break;
			default:	/* BR_DEAD_REPLY, BR_FAILED_REPLY, ... */
				return -EPROTO;
			}
			at += _IOC_SIZE(cmd);
		}
	}
}

static int binder_server(struct pp_ctx *c)
{
	struct binder_transaction_data tr;
	size_t at;
	int ret, tries;

	ret = binder_open();
	if (ret)
		return ret;
	/* The previous context manager's release may still be in flight. */
	for (tries = 0; ioctl(bs.fd, BINDER_SET_CONTEXT_MGR, 0); tries++) {
		if (errno != EBUSY || tries > 200)
			return -errno;
		usleep(10000);
	}
	ready(c);
	at = put_cmd(0, BC_ENTER_LOOPER, NULL, 0);
	ret = binder_call(at, BR_TRANSACTION, &tr);
	while (!ret) {
		/* The work: read the request, write the reply. */
		memcpy(bs.data, (void *)(uintptr_t)tr.data.ptr.buffer, MSG_SIZE);
		bs.data[MSG_SIZE - 1]++;
		bs.to_free = tr.data.ptr.buffer;
		at = put_txn(0, BC_REPLY, 0);
		if (tr.code == CODE_QUIT) {
			struct binder_write_read bwr = {
				.write_buffer = (binder_uintptr_t)(uintptr_t)bs.wbuf,
				.write_size = at,
			};
			ret = ioctl(bs.fd, BINDER_WRITE_READ, &bwr) < 0 ? -errno : 0;
			break;
		}
		ret = binder_call(at, BR_TRANSACTION, &tr);
	}
	close(bs.fd);
	return ret;
}

static int binder_client_init(struct pp_ctx *c)
{
	(void)c;
	return binder_open();
}

static int binder_txn(uint32_t code)
{
	struct binder_transaction_data tr;
	size_t at = put_txn(0, BC_TRANSACTION, code);
	int ret = binder_call(at, BR_REPLY, &tr);

	if (ret)
		return ret;
	if (tr.data_size != MSG_SIZE)
		return -EPROTO;
	memcpy(bs.data, (void *)(uintptr_t)tr.data.ptr.buffer, MSG_SIZE);
	bs.to_free = tr.data.ptr.buffer;
	return 0;
}

static int binder_batch(void *arg, long n)
{
	int ret = 0;

	(void)arg;
	for (long i = 0; i < n && !ret; i++) {
		char before = bs.data[MSG_SIZE - 1];

		ret = binder_txn(CODE_PING);
		if (!ret && bs.data[MSG_SIZE - 1] != (char)(before + 1))
			ret = -EPROTO;
	}
	return ret;
}

static void binder_quit(struct pp_ctx *c)
{
	(void)c;
	binder_txn(CODE_QUIT);
	close(bs.fd);
}

const struct pp_ops binder_ops = {
	.name = "binder",
	.server = binder_server,
	.client_init = binder_client_init,
	.batch = binder_batch,
	.quit = binder_quit,
};
