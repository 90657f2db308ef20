/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * m3d.conf and the files it @includes, as one text for libconfig 1.5,
 * each of its lines traced back to its file and line.
 *
 * On the way, integers that libconfig 1.5 misreads are made 64-bit: it
 * reads 3000000000 as -1294967296 and 4294967296 as 0, without a word,
 * but 3000000000L right. So an integer outside the int32 range gets an L
 * (written that way already, it is left alone), and one beyond 64 bits is
 * an error here. The fields then check their own ranges.
 */
#ifndef M3D_CONF_TEXT_H
#define M3D_CONF_TEXT_H

#include "model.h"

#define CONF_MAX_DEPTH	10	/* @include nesting, as libconfig's */

struct conf_line {
	int file;			/* index in files */
	int line;
};

struct conf_text {
	char *text;
	size_t len, size;
	struct conf_line *lines;	/* of text's line n: lines[n - 1] */
	size_t nr_lines, lines_size;
	int at_line_start;		/* nothing written on the last line */
	char **files;
	int nr_files;
	struct m3d_errors *e;
};

/* Reads path and its includes into t; returns the errors added to e. */
int conf_text_read(struct conf_text *t, const char *path,
		   struct m3d_errors *e);
/* File and line of line n of t->text. */
const char *conf_text_file(const struct conf_text *t, int n);
int conf_text_line(const struct conf_text *t, int n);
void conf_text_free(struct conf_text *t);

#endif
