/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text from outside (LDAP, m3d.conf, the kernel's member names): checked
 * where it enters, escaped where it leaves. "Text" is valid UTF-8 without
 * control characters (C0, DEL, C1). Escaping turns every other byte into
 * \xNN (\n, \t, \r for those), so a log line stays one line and a terminal
 * gets no escape sequence; escaping escaped text changes nothing.
 */
#ifndef M3D_TEXT_H
#define M3D_TEXT_H

#include <stddef.h>
#include <stdio.h>

enum m3d_esc {
	ESC_UTF8,	/* keep text (printable UTF-8): logs, messages */
	ESC_ASCII,	/* keep printable ASCII only: m3adm's tables */
};

/* 0 if s is text, -1 if not. */
int m3d_text_check(const char *s);
/* Host name characters: letters, digits, '-', '.', '_'; 0 or -1. */
int m3d_host_check(const char *s);
/* s escaped into dst (always terminated, cut at a whole escape); dst. */
char *m3d_escape(char *dst, size_t size, const char *s, enum m3d_esc how);
/* s as a JSON string: always valid UTF-8, controls \u-escaped, a byte
 * that is not UTF-8 written as \ufffd. */
void m3d_json_str(FILE *f, const char *s);

#endif
