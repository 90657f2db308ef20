// SPDX-License-Identifier: GPL-2.0-or-later
/* Text from outside: checks, escapes for logs and terminals, JSON strings. */
#include <string.h>
#include "text.h"

/*
 * Length (1..4) of the UTF-8 character at s, its code point in *cp; 0 if
 * the bytes there are not one (overlong, surrogate, above U+10FFFF, cut
 * short by the end of the string).
 */
static int utf8_char(const unsigned char *s, unsigned int *cp)
{
	unsigned int c = s[0], min, n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if ((c & 0xf0) == 0xe0)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	c &= 0x7f >> n;
	min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return (int)n;
}

static int is_control(unsigned int cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

int m3d_text_check(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned int cp;
	int n;

	for (; *p; p += n) {
		n = utf8_char(p, &cp);
		if (!n || is_control(cp))
			return -1;
	}
	return 0;
}

int m3d_host_check(const char *s)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";

	return strspn(s, ok) == strlen(s) ? 0 : -1;
}

/* The escape of byte c into out (5 bytes at most); its length. */
static int byte_escape(unsigned char c, char *out)
{
	static const char hex[] = "0123456789abcdef";

	out[0] = '\\';
	if (c == '\n' || c == '\t' || c == '\r') {
		out[1] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		return 2;
	}
	out[1] = 'x';
	out[2] = hex[c >> 4];
	out[3] = hex[c & 15];
	return 4;
}

char *m3d_escape(char *dst, size_t size, const char *s, enum m3d_esc how)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = 0;
	unsigned int cp;
	char esc[8];
	int n, elen;

	if (!size)
		return dst;
	for (; *p; p += n) {
		n = utf8_char(p, &cp);
		if (n && !is_control(cp) && (how == ESC_UTF8 || n == 1)) {
			memcpy(esc, p, (size_t)n);
			elen = n;
		} else {
			n = 1;
			elen = byte_escape(*p, esc);
		}
		if (len + (size_t)elen >= size)
			break;
		memcpy(dst + len, esc, (size_t)elen);
		len += (size_t)elen;
	}
	dst[len] = 0;
	return dst;
}

void m3d_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned int cp;
	int n;

	fputc('"', f);
	for (; *p; p += n) {
		n = utf8_char(p, &cp);
		if (!n) {
			fputs("\\ufffd", f);
			n = 1;
		} else if (cp == '"' || cp == '\\') {
			fprintf(f, "\\%c", (char)cp);
		} else if (is_control(cp)) {
			fprintf(f, "\\u%04x", cp);
		} else {
			fwrite(p, 1, (size_t)n, f);
		}
	}
	fputc('"', f);
}
