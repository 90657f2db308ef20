// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * insnprof: a QEMU TCG plugin that counts, for every guest instruction
 * address, how many times it ran between two marks the guest makes.
 *
 * A mark is the instruction `xchg %bx,%bx` (66 87 db) run in user space
 * (bench/prof/pingpong.c runs one before and one after its measured loop).
 * At the first mark the plugin takes a snapshot of every counter; at the
 * second it writes OUT.N (N = 0, 1, ...): one line "vaddr count" for each
 * address that ran in between. bench/prof/symbolize.py turns that into
 * instructions per kernel function with the guest's /proc/kallsyms.
 *
 *   qemu-system-x86_64 ... -plugin /path/insnprof.so,arg=out=/tmp/prof
 *
 * Counting is inline (no callback per instruction): a TCG add per
 * instruction. The table never moves, so the counters' addresses given to
 * TCG stay valid; it holds TABLE_SIZE distinct addresses.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_plugin_api.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define TABLE_BITS	23
#define TABLE_SIZE	(1UL << TABLE_BITS)
#define USER_TOP	0x0000800000000000ULL

struct counter {
	uint64_t vaddr;		/* 0: unused */
	uint64_t count;
};

static struct counter *table;
static uint64_t *snap;
static unsigned long used;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const char *out = "insnprof";
static int marks;

static struct counter *counter_of(uint64_t vaddr)
{
	unsigned long i = (vaddr * 0x9e3779b97f4a7c15ULL) >> (64 - TABLE_BITS);

	while (table[i].vaddr && table[i].vaddr != vaddr)
		i = (i + 1) & (TABLE_SIZE - 1);
	if (!table[i].vaddr) {
		if (++used > TABLE_SIZE - TABLE_SIZE / 8) {
			fprintf(stderr, "insnprof: table full\n");
			abort();
		}
		table[i].vaddr = vaddr;
	}
	return &table[i];
}

static void write_segment(void)
{
	char path[4096];
	unsigned long i;
	FILE *f;

	snprintf(path, sizeof(path), "%s.%d", out, marks / 2);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return;
	}
	for (i = 0; i < TABLE_SIZE; i++)
		if (table[i].vaddr && table[i].count != snap[i])
			fprintf(f, "%" PRIx64 " %" PRIu64 "\n", table[i].vaddr,
				table[i].count - snap[i]);
	fclose(f);
}

/* A mark: the first of a pair takes the snapshot, the second writes. */
static void mark(unsigned int vcpu, void *udata)
{
	unsigned long i;

	(void)vcpu;
	(void)udata;
	pthread_mutex_lock(&lock);
	if (marks % 2 == 0) {
		for (i = 0; i < TABLE_SIZE; i++)
			snap[i] = table[i].count;
	} else {
		write_segment();
	}
	marks++;
	pthread_mutex_unlock(&lock);
}

static int is_mark(const struct qemu_plugin_insn *insn, uint64_t vaddr)
{
	static const unsigned char xchg_bx_bx[] = { 0x66, 0x87, 0xdb };

	return vaddr < USER_TOP &&
	       qemu_plugin_insn_size(insn) == sizeof(xchg_bx_bx) &&
	       !memcmp(qemu_plugin_insn_data(insn), xchg_bx_bx,
		       sizeof(xchg_bx_bx));
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);
	struct qemu_plugin_insn *insn;
	uint64_t vaddr;

	(void)id;
	pthread_mutex_lock(&lock);
	for (i = 0; i < n; i++) {
		insn = qemu_plugin_tb_get_insn(tb, i);
		vaddr = qemu_plugin_insn_vaddr(insn);
		if (is_mark(insn, vaddr))
			qemu_plugin_register_vcpu_insn_exec_cb(insn, mark,
				QEMU_PLUGIN_CB_NO_REGS, NULL);
		qemu_plugin_register_vcpu_insn_exec_inline(insn,
			QEMU_PLUGIN_INLINE_ADD_U64, &counter_of(vaddr)->count, 1);
	}
	pthread_mutex_unlock(&lock);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	int i;

	(void)info;
	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out = argv[i] + 4;
	table = calloc(TABLE_SIZE, sizeof(*table));
	snap = calloc(TABLE_SIZE, sizeof(*snap));
	if (!table || !snap)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	return 0;
}
