// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for m3d's configuration parser: every input is written
 * to a memory file and read as m3d.conf (libconfig syntax, then m3d's
 * reading and whole-model validation), as `m3d --check` does. Built with
 * clang -fsanitize=fuzzer,address,undefined (see Makefile); a crash, a
 * sanitizer report or a leak is a finding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conf_file.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct m3d_settings st;
	struct m3d_errors *e = calloc(1, sizeof(*e));
	struct m3d_model *m = m3d_model_new();
	char path[64];
	int fd = memfd_create("m3d.conf", 0);

	if (fd < 0 || !e || !m)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	m3d_settings_default(&st);
	if (m3d_conf_read(path, &st, m, e) == 0)
		m3d_validate(m, "fuzzhost", e);
	/* Every error is a line of text that names where it comes from. */
	if (e->count && (e->len == 0 || e->len >= sizeof(e->buf)))
		abort();
	close(fd);
	m3d_model_free(m);
	free(e);
	return 0;
}
