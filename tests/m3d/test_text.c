// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Text from outside (text.h): the check where it enters, the escapes where
 * it leaves (logs, terminals, JSON), over hostile strings and random bytes;
 * m3d_log() keeps one line per call; the LDAP password file (secret.h).
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "log.h"
#include "model.h"
#include "secret.h"
#include "text.h"

#define ROUNDS	20000

static const char *const not_text[] = {
	"\x1b]0;pwned\x07", "a\nm3d: forged line", "\x1b[2J", "tab\there",
	"del\x7f", "nel\xc2\x85", "csi\xc2\x9b", "raw\x9b", "bad\xff",
	"overlong\xc0\xaf", "surrogate\xed\xa0\x80", "cut\xe6\x97",
	"big\xf4\x90\x80\x80", "cr\r",
};

static const char *const text[] = {
	"", "web", "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac",
	"\xf0\x9f\x98\x80", "quote\" back\\slash", "a b",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void random_bytes(char *s, size_t n)
{
	static const char pool[] = "a\"\\\n\x1b\x7f\xc3\xa9\xe6\x97\xa5\xff"
				   "\xc2\x85\xed\xa0\x80\xf0\x9f\x98\x80";
	size_t i;

	for (i = 0; i < n; i++)
		s[i] = rand() % 3 ? pool[rand() % (sizeof(pool) - 1)] :
				    (char)(rand() % 255 + 1);
	s[n] = 0;
}

static void t_text_check(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N(not_text); i++)
		assert_int_equal(m3d_text_check(not_text[i]), -1);
	for (i = 0; i < N(text); i++)
		assert_int_equal(m3d_text_check(text[i]), 0);
	assert_int_equal(m3d_host_check("alpha-1.example_org"), 0);
	assert_int_equal(m3d_host_check("a b"), -1);
	assert_int_equal(m3d_host_check("h\n"), -1);
}

static void t_escape_examples(void **state)
{
	char b[256];

	(void)state;
	assert_string_equal(m3d_escape(b, sizeof(b), "a\nm3d: forged",
				       ESC_UTF8), "a\\nm3d: forged");
	assert_string_equal(m3d_escape(b, sizeof(b), "\x1b]0;x\x07\xff",
				       ESC_UTF8), "\\x1b]0;x\\x07\\xff");
	assert_string_equal(m3d_escape(b, sizeof(b), "caf\xc3\xa9\xc2\x85",
				       ESC_UTF8), "caf\xc3\xa9\\xc2\\x85");
	assert_string_equal(m3d_escape(b, sizeof(b), "caf\xc3\xa9", ESC_ASCII),
			    "caf\\xc3\\xa9");
	/* Cut at a whole escape, always terminated. */
	assert_string_equal(m3d_escape(b, 6, "ab\x1b", ESC_UTF8), "ab");
	assert_string_equal(m3d_escape(b, 1, "abc", ESC_UTF8), "");
}

/* Whatever the bytes: one line of text, printable ASCII for ESC_ASCII,
 * and escaping the result again changes nothing. */
static void t_escape_random(void **state)
{
	char s[64], e1[512], e2[512];
	size_t i, j;

	(void)state;
	srand(1);
	for (i = 0; i < ROUNDS; i++) {
		random_bytes(s, (size_t)rand() % 40);
		m3d_escape(e1, sizeof(e1), s, ESC_UTF8);
		assert_int_equal(m3d_text_check(e1), 0);
		m3d_escape(e2, sizeof(e2), e1, ESC_UTF8);
		assert_string_equal(e2, e1);
		if (!m3d_text_check(s))
			assert_string_equal(e1, s);
		m3d_escape(e1, sizeof(e1), s, ESC_ASCII);
		for (j = 0; e1[j]; j++)
			assert_true(e1[j] >= 0x20 && e1[j] < 0x7f);
	}
}

/* Decodes a JSON string made by m3d_json_str (\", \\, \uXXXX). */
static void json_decode(const char *j, char *out)
{
	unsigned int cp;

	assert_int_equal(*j++, '"');
	while (*j != '"') {
		assert_true(*j);
		if (*j != '\\') {
			*out++ = *j++;
			continue;
		}
		if (j[1] != 'u') {
			*out++ = j[1];
			j += 2;
			continue;
		}
		assert_int_equal(sscanf(j + 2, "%4x", &cp), 1);
		if (cp == 0xfffd) {
			memcpy(out, "\xef\xbf\xbd", 3);
			out += 3;
		} else {
			assert_true(cp < 0xa0);
			out += cp < 0x80 ? (*out = (char)cp, 1) :
			       (out[0] = (char)0xc2, out[1] = (char)cp, 2);
		}
		j += 6;
	}
	assert_int_equal(j[1], 0);
	*out = 0;
}

/* JSON strings: valid UTF-8 without raw controls; text comes back as it
 * was; the comm of the review ("\x1b]0;..." with \xff) as \u and \ufffd. */
static void t_json_random(void **state)
{
	char s[64], back[512], *j;
	size_t len, i;
	FILE *f;

	(void)state;
	srand(2);
	for (i = 0; i < ROUNDS; i++) {
		random_bytes(s, (size_t)rand() % 40);
		f = open_memstream(&j, &len);
		m3d_json_str(f, s);
		fclose(f);
		assert_int_equal(m3d_text_check(j), 0);
		json_decode(j, back);
		if (!m3d_text_check(s))
			assert_string_equal(back, s);
		free(j);
	}
	f = open_memstream(&j, &len);
	m3d_json_str(f, "a\x1b]0;x\x07\n\xff\"");
	fclose(f);
	assert_string_equal(j, "\"a\\u001b]0;x\\u0007\\u000a\\ufffd\\\"\"");
	free(j);
}

/* m3d_log: one line per call, no control bytes, whatever the message. */
static void t_log_one_line(void **state)
{
	char buf[4096];
	int fd = open("log.txt", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int saved = dup(STDERR_FILENO);
	ssize_t n;

	(void)state;
	assert_true(fd >= 0 && saved >= 0);
	dup2(fd, STDERR_FILENO);
	m3d_log(LOG_ERR, "bad value \"%s\"", "x\nm3d: forged line\x1b[2J\xff");
	m3d_log(LOG_ERR, "t.conf:1: a\nt.conf:2: b\n");
	dup2(saved, STDERR_FILENO);
	close(saved);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	unlink("log.txt");
	assert_true(n > 0);
	buf[n] = 0;
	assert_string_equal(buf, "<3>bad value \"x\\nm3d: forged line\\x1b[2J"
			    "\\xff\"\n<3>t.conf:1: a\\nt.conf:2: b\n");
}

/*
 * The VM name rule is the module's (m3_vm_name_len() in the uapi header),
 * and m3d's check is that rule: printable ASCII, no spaces, at most 15
 * bytes. The module took Latin-1 letters (its isgraph()), so "caf\xc3\xa9"
 * passed there and failed in m3d.
 */
static void t_vm_name_rule(void **state)
{
	static const struct { const char *name; int len; } names[] = {
		{ "", 0 }, { "web", 3 }, { "a!~\"#{;", 7 },
		{ "abcdefghijklmno", 15 }, { "abcdefghijklmnop", -1 },
		{ "a b", -1 }, { "tab\t", -1 }, { "del\x7f", -1 },
		{ "caf\xc3\xa9", -1 }, { "nbsp\xa0", -1 }, { "\xe9t\xe9", -1 },
	};
	char s[24];
	size_t i;

	(void)state;
	for (i = 0; i < N(names); i++) {
		assert_int_equal(m3_vm_name_len(names[i].name), names[i].len);
		assert_int_equal(m3d_check_vm_name(names[i].name),
				 names[i].len > 0 ? 0 : -1);
	}
	srand(4);
	for (i = 0; i < ROUNDS; i++) {
		random_bytes(s, (size_t)rand() % 20);
		assert_int_equal(m3d_check_vm_name(s),
				 m3_vm_name_len(s) > 0 ? 0 : -1);
	}
}

/* A DRVS without nr_nodes has enough nodes for its nodeid (the module's
 * rule, which m3d's validation applies too). */
static void t_def_nodes(void **state)
{
	(void)state;
	assert_int_equal(m3_drvs_def_nodes(-1), M3_DEF_NODES);
	assert_int_equal(m3_drvs_def_nodes(0), M3_DEF_NODES);
	assert_int_equal(m3_drvs_def_nodes(2), 3);
	assert_int_equal(m3_drvs_def_nodes(M3_MAX_NODES - 1), M3_MAX_NODES);
}

static void write_secret(const char *text, mode_t mode)
{
	FILE *f = fopen("pw", "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod("pw", mode), 0);
}

static void t_secret(void **state)
{
	char buf[64], why[256];
	size_t i;

	(void)state;
	write_secret("s3cret\nsecond line\n", 0600);
	assert_int_equal(m3d_secret_check("pw", why, sizeof(why)), 0);
	assert_int_equal(m3d_secret_read("pw", buf, sizeof(buf), why,
					 sizeof(why)), 0);
	assert_string_equal(buf, "s3cret");
	for (i = strlen(buf); i < sizeof(buf); i++)	/* the rest wiped */
		assert_int_equal(buf[i], 0);
	write_secret("s3cret\n", 0640);
	assert_int_equal(m3d_secret_check("pw", why, sizeof(why)), -1);
	assert_string_equal(why, "pw may be read or written by group or "
			    "others (mode 0640): chmod 600 it");
	assert_int_equal(m3d_secret_read("pw", buf, sizeof(buf), why,
					 sizeof(why)), -1);
	write_secret("s3cret\n", 0604);
	assert_int_equal(m3d_secret_read("pw", buf, sizeof(buf), why,
					 sizeof(why)), -1);
	unlink("pw");
	assert_int_equal(m3d_secret_check("pw", why, sizeof(why)), 0);
	assert_int_equal(m3d_secret_read("pw", buf, sizeof(buf), why,
					 sizeof(why)), -1);
	assert_string_equal(why, "pw: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_text_check),
		cmocka_unit_test(t_escape_examples),
		cmocka_unit_test(t_escape_random),
		cmocka_unit_test(t_json_random),
		cmocka_unit_test(t_vm_name_rule),
		cmocka_unit_test(t_def_nodes),
		cmocka_unit_test(t_log_one_line),
		cmocka_unit_test(t_secret),
	};
	char dir[] = "/tmp/m3d-text.XXXXXX";
	int r;

	if (!mkdtemp(dir) || chdir(dir))
		return 1;
	r = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return r;
}
