// SPDX-License-Identifier: GPL-2.0
/*
 * m3bench report: runs on the host. Reads the result files written in the
 * guest, prints the table, checks the targets of the benchmark issue and
 * writes results.json, the chart data and a gnuplot script.
 *
 *   m3bench report -d OUTDIR [-m KEY=VALUE]... RESULTS...
 */
#include <math.h>
#include <stdarg.h>

#include "bench.h"

#define MAX_ROWS	1024
#define MAX_META	64

struct row {
	char group[16], test[24], mech[24], variant[32], unit[12];
	long size;
	double med, min, max;
	int reps;
	long iters;
	int na;
	char why[64];
};

static struct row rows[MAX_ROWS];
static int nrows;
static char *meta_k[MAX_META], *meta_v[MAX_META];
static int nmeta;
static char *notes[256];
static int nnotes;

static const char *const peers[] = {
	"pipe", "fifo", "unix-stream", "unix-seqpacket", "tcp-loopback",
	"posix-mq", "sysv-msg", "eventfd+shm", "futex+shm", "binder", NULL,
};
static const char *const copy_mechs[] = {
	"m3-copy1", "m3-copy2", "process_vm_writev", "pipe", "unix-stream",
	"memcpy", "pvr+pvw-3rd", NULL,
};
static const char *const aligns[] = { "aligned", "unaligned", "shifted", NULL };
static const long sizes[] = { 4096, 16384, 65536, 262144, 1048576, 4194304, 0 };

static void load(const char *path)
{
	char line[1024];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "report: %s: %s\n", path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		struct row *r = &rows[nrows];
		char *fld[16], *save = NULL, *t;
		int n = 0;

		line[strcspn(line, "\n")] = 0;
		if (line[0] == '#' && line[1] == '\t' && nnotes < 256) {
			notes[nnotes++] = strdup(line + 2);
			continue;
		}
		if ((line[0] != 'R' && line[0] != 'N') || line[1] != '\t' ||
		    nrows >= MAX_ROWS)
			continue;
		/* strtok_r would merge empty fields (the variant may be ""). */
		for (t = line; n < 16; n++) {
			fld[n] = t;
			t = strchr(t, '\t');
			if (!t) {
				n++;
				break;
			}
			*t++ = 0;
		}
		(void)save;
		memset(r, 0, sizeof(*r));
		if (n < 7)
			continue;
		snprintf(r->group, sizeof(r->group), "%s", fld[1]);
		snprintf(r->test, sizeof(r->test), "%s", fld[2]);
		snprintf(r->mech, sizeof(r->mech), "%s", fld[3]);
		snprintf(r->variant, sizeof(r->variant), "%s", fld[4]);
		r->size = atol(fld[5]);
		if (line[0] == 'N') {
			r->na = 1;
			snprintf(r->why, sizeof(r->why), "%s", fld[6]);
		} else {
			if (n < 12)
				continue;
			r->med = atof(fld[6]);
			r->min = atof(fld[7]);
			r->max = atof(fld[8]);
			r->reps = atoi(fld[9]);
			r->iters = atol(fld[10]);
			snprintf(r->unit, sizeof(r->unit), "%s", fld[11]);
		}
		nrows++;
	}
	fclose(f);
}

static const struct row *find(const char *group, const char *test,
			      const char *mech, const char *variant, long size)
{
	for (int i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];

		if (!r->na && !strcmp(r->group, group) && !strcmp(r->test, test) &&
		    (!mech || !strcmp(r->mech, mech)) &&
		    (!variant || !strcmp(r->variant, variant)) &&
		    (size < 0 || r->size == size))
			return r;
	}
	return NULL;
}

/* Targets are checked on medians, then again on the best repetitions. */
static int use_best;

static double val(const struct row *r)
{
	return r ? (use_best ? r->max : r->med) : NAN;
}

/* The fastest peer of @test ("RT" or "EVENT"). */
static const struct row *fastest(const char *test)
{
	const struct row *best = NULL, *r;

	for (int i = 0; peers[i]; i++) {
		r = find("ipc", test, peers[i], NULL, -1);
		if (r && (!best || val(r) > val(best)))
			best = r;
	}
	return best;
}

static double spread(const struct row *r)
{
	return r && r->med > 0 ? 100.0 * (r->max - r->min) / r->med : NAN;
}

static void fmt_rate(char *b, size_t n, double v)
{
	if (isnan(v))
		snprintf(b, n, "-");
	else if (v >= 100)
		snprintf(b, n, "%.0f", v);
	else
		snprintf(b, n, "%.2f", v);
}

static void fmt_ratio(char *b, size_t n, double v)
{
	if (isnan(v) || isinf(v))
		snprintf(b, n, "-");
	else
		snprintf(b, n, "%.2fx", v);
}

/* ---- targets ----------------------------------------------------------- */

struct target {
	char name[96], detail[160], detail_best[160];
	double ratio, goal, best;
};
static struct target targets[64];
static int ntargets, nbest;

static void target(double ratio, double goal, const char *detail,
		   const char *fmt, ...)
{
	struct target *t = &targets[ntargets];
	va_list ap;

	if (use_best) {
		t = &targets[nbest++];
		t->best = ratio;
		snprintf(t->detail_best, sizeof(t->detail_best), "%s", detail);
		return;
	}
	ntargets++;
	va_start(ap, fmt);
	vsnprintf(t->name, sizeof(t->name), fmt, ap);
	va_end(ap);
	snprintf(t->detail, sizeof(t->detail), "%s", detail);
	t->ratio = ratio;
	t->goal = goal;
}

/* Smallest copy ratio @mech / @peer over sizes >= @from (all alignments). */
static double copy_min_ratio(const char *mech, const char *peer, long from,
			     long only, char *where, size_t wn)
{
	double worst = NAN;

	snprintf(where, wn, "no results");
	for (int a = 0; aligns[a]; a++)
		for (int s = 0; sizes[s]; s++) {
			const struct row *x, *y;
			double q;

			if (sizes[s] < from || (only && sizes[s] != only))
				continue;
			x = find("copy", aligns[a], mech, NULL, sizes[s]);
			y = find("copy", aligns[a], peer, NULL, sizes[s]);
			if (!x || !y)
				continue;
			q = val(x) / val(y);
			if (isnan(worst) || q < worst) {
				worst = q;
				snprintf(where, wn, "worst: %s %ld KiB", aligns[a],
					 sizes[s] / 1024);
			}
		}
	return worst;
}

static void compute_targets(void)
{
	const struct row *rt = fastest("RT"), *ev = fastest("EVENT");
	const char *cm[] = { "m3-copy1", "m3-copy2" };
	char d[160], w[96];

	snprintf(d, sizeof(d), "vs %s", rt ? rt->mech : "?");
	target(val(find("ipc", "IPC2", "m3", "sendrec/replyrec", -1)) / val(rt),
	       1.5, d, "IPC2 sendrec/replyrec >= 1.5x fastest peer");
	target(val(find("ipc", "IPC2", "m3", "sendrec/receive+send", -1)) / val(rt),
	       1.5, d, "IPC2 sendrec/receive+send >= 1.5x fastest peer");
	target(val(find("ipc", "IPC1", "m3", NULL, -1)) / val(rt), 1.0, d,
	       "IPC1 >= fastest peer");
	snprintf(d, sizeof(d), "vs %s", ev ? ev->mech : "?");
	target(val(find("ipc", "IPC3", "m3", NULL, -1)) / val(ev), 1.0, d,
	       "IPC3 >= fastest peer");
	for (int i = 0; i < 2; i++) {
		const char *n = i ? "COPY2" : "COPY1";

		target(copy_min_ratio(cm[i], "process_vm_writev", 0, 0, w, sizeof(w)),
		       0.9, w, "%s >= 0.9x process_vm_writev, every size", n);
		target(copy_min_ratio(cm[i], "pipe", 65536, 0, w, sizeof(w)), 1.5,
		       w, "%s >= 1.5x pipe from 64 KiB", n);
		target(copy_min_ratio(cm[i], "unix-stream", 65536, 0, w, sizeof(w)),
		       1.5, w, "%s >= 1.5x UNIX socket from 64 KiB", n);
		target(copy_min_ratio(cm[i], "memcpy", 0, 4194304, w, sizeof(w)),
		       0.5, w, "%s >= 0.5x memcpy at 4 MiB", n);
	}
	target(copy_min_ratio("m3-copy2", "pvr+pvw-3rd", 0, 0, w, sizeof(w)),
	       1.0, w, "(extra) COPY2 >= third-party pvr+pvw, every size");
	for (int i = 0; i < 2; i++) {
		const char *v = i ? "send+receive" : "sendrec/replyrec";

		target(val(find("scale", "pairs2", "m3", v, -1)) /
		       val(find("scale", "pairs1", "m3", v, -1)), 1.6,
		       "2 pairs on 2 vCPUs vs 1 pair on 1 vCPU",
		       "scaling m3 %s: 2 pairs >= 1.6x one pair", v);
	}
}

/* ---- the table ------------------------------------------------------- */

/* A row's name in the IPC tables: "M3 <test> <variant>", else the peer. */
static void ipc_name(char *b, size_t n, const struct row *r)
{
	if (!strcmp(r->mech, "m3"))
		snprintf(b, n, "M3 %s %s", r->test, r->variant);
	else
		snprintf(b, n, "%s", r->mech);
}

static int listed(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

/*
 * One IPC table: the measured rows of @tests, each with a ratio column per
 * reference row: @refs[k]'s rate over the row's, headed @heads[k].
 */
static void print_ipc_table(FILE *o, const char *const *tests,
			    const char *const *heads,
			    const struct row *const *refs)
{
	char a[32], b[32];

	fprintf(o, "%-34s %12s %8s %10s %6s", "mechanism", "rt/s", "spread",
		"ns/rt", "sw/rt");
	for (int k = 0; heads[k]; k++)
		fprintf(o, " %9s", heads[k]);
	fprintf(o, "\n");
	for (int i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		char name[64];

		if (r->na || strcmp(r->group, "ipc") || !listed(r->test, tests))
			continue;
		ipc_name(name, sizeof(name), r);
		fmt_rate(a, sizeof(a), r->med);
		fprintf(o, "%-34s %12s %7.1f%% %10.0f %6.2f", name, a,
			spread(r), 1e9 / r->med,
			val(find("ctxsw", r->test, r->mech, r->variant, -1)));
		for (int k = 0; heads[k]; k++) {
			fmt_ratio(b, sizeof(b), val(refs[k]) / r->med);
			fprintf(o, " %9s", b);
		}
		fprintf(o, "\n");
	}
}

static void print_ipc(FILE *o)
{
	static const char *const rt_tests[] = { "RT", "IPC1", "IPC2", NULL };
	static const char *const rt_heads[] = { "IPC1/x", "IPC2/x", NULL };
	static const char *const ev_tests[] = { "EVENT", "IPC3", NULL };
	static const char *const ev_heads[] = { "IPC3/x", NULL };
	const struct row *rt_refs[] = {
		find("ipc", "IPC1", "m3", NULL, -1),
		find("ipc", "IPC2", "m3", "sendrec/replyrec", -1),
	};
	const struct row *ev_refs[] = { find("ipc", "IPC3", "m3", NULL, -1) };

	fprintf(o, "\nIPC1/IPC2: round trips, 64-byte request and 64-byte reply (1 vCPU)\n");
	print_ipc_table(o, rt_tests, rt_heads, rt_refs);
	fprintf(o, "(sw/rt: context switches per round trip, whole guest; IPC1/x: M3 send+receive\n"
		   " over this row; IPC2/x: M3 sendrec/replyrec over this row)\n");

	fprintf(o, "\nIPC3: notify/receive ping-pong vs the smallest event of each peer (1 vCPU)\n");
	print_ipc_table(o, ev_tests, ev_heads, ev_refs);
	for (int i = 0; i < nrows; i++)
		if (rows[i].na && !strcmp(rows[i].group, "ipc"))
			fprintf(o, "not measured: %s %s %s: %s\n", rows[i].test,
				rows[i].mech, rows[i].variant, rows[i].why);
}

static void print_copy(FILE *o)
{
	char b[32];

	for (int a = 0; aligns[a]; a++) {
		fprintf(o, "\nCOPY, %s (%s), MiB/s (median of reps; 1 vCPU)\n",
			aligns[a],
			a == 0 ? "page-aligned" : a == 1 ? "src and dst at offset 1" :
			"src at offset 1, dst at offset 2051");
		fprintf(o, "%-22s", "mechanism");
		for (int s = 0; sizes[s]; s++)
			fprintf(o, " %9ldK", sizes[s] / 1024);
		fprintf(o, "\n");
		for (int m = 0; copy_mechs[m]; m++) {
			fprintf(o, "%-22s", copy_mechs[m]);
			for (int s = 0; sizes[s]; s++) {
				fmt_rate(b, sizeof(b), val(find("copy", aligns[a],
							copy_mechs[m], NULL, sizes[s])));
				fprintf(o, " %10s", b);
			}
			fprintf(o, "\n");
		}
		for (int c = 0; c < 2; c++)
			for (int m = 2; copy_mechs[m]; m++) {
				char name[48];

				snprintf(name, sizeof(name), "  COPY%d/%s", c + 1,
					 copy_mechs[m]);
				if (c == 0 && !strcmp(copy_mechs[m], "pvr+pvw-3rd"))
					continue;
				fprintf(o, "%-22.22s", name);
				for (int s = 0; sizes[s]; s++) {
					fmt_ratio(b, sizeof(b),
						  val(find("copy", aligns[a], copy_mechs[c], NULL, sizes[s])) /
						  val(find("copy", aligns[a], copy_mechs[m], NULL, sizes[s])));
					fprintf(o, " %10s", b);
				}
				fprintf(o, "\n");
			}
	}
}

static void print_misc(FILE *o)
{
	char a[32], b[32];

	fprintf(o, "\nScaling: N client/server pairs, pair i pinned to vCPU i (2-vCPU guest)\n");
	fprintf(o, "%-30s %12s %12s %8s\n", "mechanism", "1 pair rt/s",
		"2 pairs rt/s", "ratio");
	for (int i = 0; i < nrows; i++) {
		const struct row *r = &rows[i], *r2;
		char name[64];

		if (r->na || strcmp(r->group, "scale") || strcmp(r->test, "pairs1"))
			continue;
		r2 = find("scale", "pairs2", r->mech, r->variant, -1);
		snprintf(name, sizeof(name), "%s %s", r->mech, r->variant);
		fmt_rate(a, sizeof(a), r->med);
		fmt_rate(b, sizeof(b), val(r2));
		fprintf(o, "%-30s %12s %12s %7.2fx\n", name, a, b, val(r2) / r->med);
	}
	fprintf(o, "\nKernel entry floors and administration (1 vCPU)\n");
	for (int i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];

		if (r->na || strcmp(r->group, "floor"))
			continue;
		fprintf(o, "%-30s %12.0f op/s %10.0f ns/op  %5.2f sw/op  (spread %.1f%%)\n",
			r->test, r->med, 1e9 / r->med,
			val(find("ctxsw", r->test, "", "", -1)), spread(r));
	}
	fprintf(o, "\nMemory (from /proc/m3ipc)\n");
	for (int i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];

		if (r->na || strcmp(r->group, "mem"))
			continue;
		if (!strcmp(r->test, "slot_bytes"))
			fprintf(o, "bytes per slot (struct m3_proc)           %10.0f\n",
				r->med);
		else
			fprintf(o, "bytes per VM, max_procs %-5ld %-11s %10.0f  (%.0f per slot)\n",
				r->size, strcmp(r->test, "vm_bytes") ? "8 bound" : "empty",
				r->med, r->med / r->size);
	}
}

static void print_targets(FILE *o)
{
	fprintf(o, "\nTargets (ratios within one guest run; verdict on medians)\n");
	for (int i = 0; i < ntargets; i++) {
		const struct target *t = &targets[i];
		const char *v = isnan(t->ratio) ? "n/a" :
				t->ratio >= t->goal ? "MET" : "MISSED";

		fprintf(o, "%-6s %-55s %6.2fx  (%s)\n", v, t->name, t->ratio,
			t->detail);
		fprintf(o, "       %-55s %6.2fx  (%s)\n", "  on best repetitions:",
			t->best, t->detail_best);
	}
}

/* ---- JSON -------------------------------------------------------------- */

static void jstr(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void jnum(FILE *f, double v)
{
	if (isnan(v) || isinf(v))
		fputs("null", f);
	else
		fprintf(f, "%.6g", v);
}

/* , "key": "string" and , "key": number */
static void jks(FILE *f, const char *key, const char *v)
{
	fprintf(f, ", \"%s\": ", key);
	jstr(f, v);
}

static void jkn(FILE *f, const char *key, double v)
{
	fprintf(f, ", \"%s\": ", key);
	jnum(f, v);
}

/* Element @i of an array: the comma before all but the first, the indent. */
static void jelem(FILE *f, int i)
{
	fprintf(f, "%s\n    ", i ? "," : "");
}

/* Element @i of an array of objects, opened with its first member. */
static void jobj(FILE *f, int i, const char *key, const char *v)
{
	jelem(f, i);
	fprintf(f, "{\"%s\": ", key);
	jstr(f, v);
}

static void json_meta(FILE *f)
{
	for (int i = 0; i < nmeta; i++) {
		jelem(f, i);
		jstr(f, meta_k[i]);
		fputs(": ", f);
		jstr(f, meta_v[i]);
	}
}

static void json_notes(FILE *f)
{
	for (int i = 0; i < nnotes; i++) {
		jelem(f, i);
		jstr(f, notes[i]);
	}
}

static void json_results(FILE *f)
{
	for (int i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];

		jobj(f, i, "group", r->group);
		jks(f, "test", r->test);
		jks(f, "mechanism", r->mech);
		jks(f, "variant", r->variant);
		fprintf(f, ", \"size\": %ld", r->size);
		if (r->na) {
			jks(f, "error", r->why);
		} else {
			jks(f, "unit", r->unit);
			jkn(f, "median", r->med);
			jkn(f, "min", r->min);
			jkn(f, "max", r->max);
			fprintf(f, ", \"reps\": %d, \"batch\": %ld", r->reps, r->iters);
			if (!strcmp(r->unit, "rt/s") || !strcmp(r->unit, "op/s"))
				jkn(f, "ns_per_op", 1e9 / r->med);
		}
		fputc('}', f);
	}
}

static void json_targets(FILE *f)
{
	for (int i = 0; i < ntargets; i++) {
		const struct target *t = &targets[i];

		jobj(f, i, "target", t->name);
		jkn(f, "ratio", t->ratio);
		jkn(f, "goal", t->goal);
		fprintf(f, ", \"met\": %s",
			isnan(t->ratio) ? "null" : t->ratio >= t->goal ? "true" : "false");
		jks(f, "detail", t->detail);
		jkn(f, "ratio_best", t->best);
		jks(f, "detail_best", t->detail_best);
		fputc('}', f);
	}
}

static void write_json(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "report: %s: %s\n", path, strerror(errno));
		return;
	}
	fputs("{\n  \"meta\": {", f);
	json_meta(f);
	fputs("\n  },\n  \"notes\": [", f);
	json_notes(f);
	fputs("\n  ],\n  \"results\": [", f);
	json_results(f);
	fputs("\n  ],\n  \"targets\": [", f);
	json_targets(f);
	fputs("\n  ]\n}\n", f);
	fclose(f);
}

/* ---- chart data and the gnuplot script ------------------------------- */

static FILE *open_in(const char *dir, const char *name)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "report: %s: %s\n", path, strerror(errno));
	return f;
}

/* A chart data file's header line: @first, then the columns @names. */
static void dat_header(FILE *d, const char *first, const char *const *names)
{
	fputs(first, d);
	for (int i = 0; names[i]; i++)
		fprintf(d, " %s", names[i]);
	fputc('\n', d);
}

/* One cell: @r's median in format @fmt, or "-" where it was not measured. */
static void dat_cell(FILE *d, const char *fmt, const struct row *r)
{
	if (r)
		fprintf(d, fmt, r->med);
	else
		fprintf(d, " -");
}

/* ipc.dat: rows are the tests, columns M3 then every peer. */
static int write_ipc_dat(const char *dir)
{
	FILE *d = open_in(dir, "ipc.dat");
	const char *tests[3][3] = {
		{ "IPC1", "IPC1", "RT" }, { "IPC2", "IPC2", "RT" },
		{ "IPC3", "IPC3", "EVENT" },
	};

	if (!d)
		return -1;
	dat_header(d, "test M3-IPC", peers);
	for (int t = 0; t < 3; t++) {
		const struct row *m = t == 1 ?
			find("ipc", "IPC2", "m3", "sendrec/replyrec", -1) :
			find("ipc", tests[t][1], "m3", NULL, -1);

		fprintf(d, "%s %.1f", tests[t][0], val(m));
		for (int p = 0; peers[p]; p++)
			dat_cell(d, " %.1f", find("ipc", tests[t][2], peers[p],
						  NULL, -1));
		fprintf(d, "\n");
	}
	fclose(d);
	return 0;
}

/* copy-ALIGN.dat: rows are the sizes, columns the copy mechanisms. */
static int write_copy_dat(const char *dir, const char *align)
{
	char name[64];
	FILE *d;

	snprintf(name, sizeof(name), "copy-%s.dat", align);
	d = open_in(dir, name);
	if (!d)
		return -1;
	dat_header(d, "size_kib", copy_mechs);
	for (int s = 0; sizes[s]; s++) {
		fprintf(d, "%ld", sizes[s] / 1024);
		for (int m = 0; copy_mechs[m]; m++)
			dat_cell(d, " %.2f", find("copy", align, copy_mechs[m],
						  NULL, sizes[s]));
		fprintf(d, "\n");
	}
	fclose(d);
	return 0;
}

static void write_charts(const char *dir, const char *title)
{
	FILE *g;

	if (write_ipc_dat(dir))
		return;
	for (int a = 0; aligns[a]; a++)
		if (write_copy_dat(dir, aligns[a]))
			return;

	static const char colours[] =
		"set linetype 1 lc rgb '#d62728'\n"
		"set linetype 2 lc rgb '#1f77b4'\n"
		"set linetype 3 lc rgb '#aec7e8'\n"
		"set linetype 4 lc rgb '#ff7f0e'\n"
		"set linetype 5 lc rgb '#ffbb78'\n"
		"set linetype 6 lc rgb '#2ca02c'\n"
		"set linetype 7 lc rgb '#98df8a'\n"
		"set linetype 8 lc rgb '#9467bd'\n"
		"set linetype 9 lc rgb '#c5b0d5'\n"
		"set linetype 10 lc rgb '#8c564b'\n"
		"set linetype 11 lc rgb '#7f7f7f'\n";

	g = open_in(dir, "charts.gp");
	if (!g)
		return;
	fprintf(g,
		"# Generated by m3bench report; run in this folder: gnuplot charts.gp\n"
		"set terminal pngcairo noenhanced size 1100,600 font 'sans,10'\n"
		"%s"
		"set datafile missing '-'\n"
		"set key outside right top\n"
		"set grid ytics\n"
		"set output 'ipc.png'\n"
		"set title 'IPC rates, 64-byte messages (%s)'\n"
		"set ylabel 'round trips per second (median)'\n"
		"set style data histograms\n"
		"set style histogram clustered gap 1\n"
		"set style fill solid 0.85 border -1\n"
		"set boxwidth 0.9\n"
		"set yrange [0:*]\n"
		"plot for [i=2:%d] 'ipc.dat' using i:xtic(1) title columnheader(i)\n",
		colours, title, 2 + (int)(sizeof(peers) / sizeof(peers[0])) - 1);
	for (int a = 0; aligns[a]; a++)
		fprintf(g,
			"reset\n"
			"set terminal pngcairo noenhanced size 1000,600 font 'sans,10'\n"
			"%s"
			"set datafile missing '-'\n"
			"set output 'copy-%s.png'\n"
			"set title 'Copy throughput, %s blocks (%s)'\n"
			"set xlabel 'block size (KiB)'\n"
			"set ylabel 'MiB/s (median)'\n"
			"set logscale x 2\n"
			"set logscale y 10\n"
			"set grid\n"
			"set key outside right top\n"
			"plot for [i=2:%d] 'copy-%s.dat' using 1:i with linespoints lw 2 title columnheader(i)\n",
			colours, aligns[a], aligns[a], title,
			1 + (int)(sizeof(copy_mechs) / sizeof(copy_mechs[0])) - 1,
			aligns[a]);
	fclose(g);
}

int report_main(int argc, char **argv)
{
	const char *dir = ".", *title = "QEMU TCG guest";
	char path[1024];
	FILE *t;
	int opt;

	while ((opt = getopt(argc, argv, "d:m:")) != -1) {
		switch (opt) {
		case 'd':
			dir = optarg;
			break;
		case 'm': {
			char *eq = strchr(optarg, '=');

			if (!eq || nmeta >= MAX_META)
				return 2;
			*eq = 0;
			meta_k[nmeta] = optarg;
			meta_v[nmeta++] = eq + 1;
			if (!strcmp(optarg, "title"))
				title = eq + 1;
			break;
		}
		default:
			fprintf(stderr, "usage: m3bench report [-d DIR] [-m K=V]... RESULTS...\n");
			return 2;
		}
	}
	for (int i = optind; i < argc; i++)
		load(argv[i]);
	if (!nrows) {
		fprintf(stderr, "report: no results\n");
		return 1;
	}
	compute_targets();
	use_best = 1;
	compute_targets();
	use_best = 0;
	snprintf(path, sizeof(path), "%s/table.txt", dir);
	t = fopen(path, "w");
	for (int k = 0; k < 2; k++) {
		FILE *o = k ? t : stdout;

		if (!o)
			continue;
		for (int i = 0; i < nmeta; i++)
			if (strcmp(meta_k[i], "title"))
				fprintf(o, "%s: %s\n", meta_k[i], meta_v[i]);
		print_ipc(o);
		print_copy(o);
		print_misc(o);
		print_targets(o);
	}
	if (t)
		fclose(t);
	snprintf(path, sizeof(path), "%s/results.json", dir);
	write_json(path);
	write_charts(dir, title);
	return 0;
}
