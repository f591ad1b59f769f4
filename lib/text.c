/*
 * text.c - UTF-8, case and accent folding, legacy encodings.
 *
 * Folding serves comparison only (column names, keywords); values are
 * never changed on their way through.
 */
#include <string.h>

#include "internal.h"

/* U+00C0..U+00FF: the letter each folds to; '_' marks a special case. */
static const char latin1_fold[64 + 1] =
    "aaaaaa_ceeeeiiiidnooooo_ouuuuy__aaaaaa_ceeeeiiiidnooooo_ouuuuy_y";

/* U+0100..U+017F; '_' marks ij and oe. */
static const char latin_a_fold[128 + 1] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii__jjkkklllllll"
    "lllnnnnnnnnnoooooo__rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

size_t
sp_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

size_t
sp_utf8_encode(uint32_t cp, unsigned char out[4])
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xe0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Two letters for one: ae, th, ss, ij, oe. */
static size_t
pair(unsigned char out[4], char a, char b)
{
	out[0] = (unsigned char)a;
	out[1] = (unsigned char)b;
	return 2;
}

size_t
sp_fold_codepoint(uint32_t cp, unsigned char out[4])
{
	char c;

	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
			out[0] = (unsigned char)cp;
			return 1;
		}
		out[0] = ' ';
		return 1;
	}
	if (cp < 0xc0) {		/* C1 controls, Latin-1 punctuation */
		out[0] = ' ';
		return 1;
	}
	if (cp < 0x100) {
		c = latin1_fold[cp - 0xc0];
		if (c != '_') {
			out[0] = (unsigned char)c;
			return 1;
		}
		switch (cp) {
		case 0xc6: case 0xe6:
			return pair(out, 'a', 'e');
		case 0xde: case 0xfe:
			return pair(out, 't', 'h');
		case 0xdf:
			return pair(out, 's', 's');
		default:		/* multiplication and division signs */
			out[0] = ' ';
			return 1;
		}
	}
	if (cp < 0x180) {
		c = latin_a_fold[cp - 0x100];
		if (c != '_') {
			out[0] = (unsigned char)c;
			return 1;
		}
		return cp < 0x140 ? pair(out, 'i', 'j') : pair(out, 'o', 'e');
	}
	if (cp >= 0x300 && cp <= 0x36f)	/* combining accents: drop */
		return 0;
	/* Greek and Cyrillic capitals. */
	if ((cp >= 0x391 && cp <= 0x3a9 && cp != 0x3a2) ||
	    (cp >= 0x410 && cp <= 0x42f))
		cp += 0x20;
	else if (cp >= 0x400 && cp <= 0x40f)
		cp += 0x50;
	else if ((cp >= 0x2000 && cp <= 0x2bff) ||
	    (cp >= 0x3000 && cp <= 0x303f) || cp == 0xfeff || cp == 0xfffd) {
		out[0] = ' ';		/* spaces, punctuation, symbols */
		return 1;
	}
	return sp_utf8_encode(cp, out);
}

/* Is s[0..n) a locale tag such as "nl", "en", "pt-BR", "zh_Hant"? */
static int
is_locale(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') ||
	    (s[i] >= 'A' && s[i] <= 'Z')))
		i++;
	if (i < 2 || i > 3)
		return 0;
	if (i == n)
		return 1;
	if (s[i] != '-' && s[i] != '_')
		return 0;
	n -= i + 1;
	s += i + 1;
	if (n < 2 || n > 4)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

int
sp_fold_key(const char *s, size_t n, sp_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char f[4];
	size_t i, k, len, j;
	uint32_t cp;

	sp_buf_clear(out);
	/* Trim surrounding spaces before looking at the ends. */
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (k = n; k > 0 && s[k - 1] != '/'; k--)
		;
	if (k > 0 && is_locale(s + k, n - k))
		n = k - 1;
	for (k = n; k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9'; k--)
		;
	if (k < n && k > 1 && (s[k - 1] == '_' || s[k - 1] == '-' ||
	    s[k - 1] == ' ' || s[k - 1] == '.'))
		n = k - 1;
	for (i = 0; i < n; i += len) {
		if ((len = sp_utf8_decode(u + i, n - i, &cp)) == 0) {
			len = 1;
			continue;
		}
		if (cp == '/') {
			if (sp_buf_putc(out, '/') == -1)
				return -1;
			continue;
		}
		k = sp_fold_codepoint(cp, f);
		for (j = 0; j < k; j++)
			if (f[j] != ' ' && sp_buf_putc(out, f[j]) == -1)
				return -1;
	}
	if (sp_buf_reserve(out, 0) == -1)
		return -1;
	out->data[out->len] = '\0';
	return 0;
}

/* cp1252 0x80..0x9f; the five undefined bytes map to the C1 controls. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178
};

uint32_t
sp_cp1252_codepoint(unsigned char c)
{
	if (c >= 0x80 && c <= 0x9f)
		return cp1252_high[c - 0x80];
	return c;
}

const char *
sp_trim(const char *s, size_t *n)
{
	size_t len = *n;

	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	*n = len;
	return s;
}

int
sp_is_blank_value(const char *s, size_t n)
{
	static const char *const placeholders[] = {
		"nvt", "na", "nee", "no", "geen", "none", "onbekend",
		"unknown", "null", "nil", "leeg", "empty", "0", "nb"
	};
	char key[12];
	size_t i, k = 0;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (k == sizeof key - 1)
				return 0;
			key[k++] = (char)c;
		} else if (c >= 0x80) {
			/*
			 * What word processors and web forms write for "none"
			 * (an en or em dash, a minus, an ellipsis) is as blank
			 * as '-'; any other character is a value.
			 */
			uint32_t cp;
			size_t len = sp_utf8_decode((const unsigned char *)s + i,
			    n - i, &cp);

			if (len == 0 || !((cp >= 0x2010 && cp <= 0x2015) ||
			    cp == 0x2212 || cp == 0x2026 || cp == 0xa0 ||
			    cp == 0x2022 || cp == 0xb7 || cp == 0x200b ||
			    cp == 0xfeff))
				return 0;
			i += len - 1;
		}
	}
	if (k == 0)
		return 1;
	key[k] = '\0';
	for (i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++)
		if (strcmp(key, placeholders[i]) == 0)
			return 1;
	return 0;
}

int
sp_buf_append_excerpt(sp_buf *b, const char *s, size_t n, size_t max)
{
	size_t i, cut, start;
	char *p;

	while (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' ||
	    s[0] == '\n')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	cut = n;
	if (n > max) {
		cut = max;
		/* Back up to the start of a UTF-8 sequence. */
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	start = b->len;
	if (sp_buf_append(b, s, cut) == -1)
		return -1;
	/* A reason is one line: no line breaks, tabs or NULs. */
	for (p = b->data + start, i = 0; i < cut; i++)
		if (p[i] == '\r' || p[i] == '\n' || p[i] == '\t' ||
		    p[i] == '\0')
			p[i] = ' ';
	if (cut < n && sp_buf_append(b, "\xe2\x80\xa6", 3) == -1)
		return -1;
	return 0;
}
