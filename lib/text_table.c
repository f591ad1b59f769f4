/*
 * text_table.c - rows of cells as an aligned table for a terminal.
 *
 * Widths are counted in characters as a terminal shows them (wide East
 * Asian characters take two); a cell wider than the limit is wrapped at
 * spaces onto more lines, so nothing is cut off.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_WIDTH	48

/* Display width of one code point: 0, 1 or 2 columns. */
static int
cp_width(uint32_t cp)
{
	if (cp == 0 || (cp >= 0x300 && cp <= 0x36f) || cp == 0x200b)
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) ||
	    (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

/* Width of s[0..n); control characters count as one (shown as ' '). */
size_t
sp_display_width(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, w = 0, len;
	uint32_t cp;

	while (i < n) {
		if ((len = sp_utf8_decode(u + i, n - i, &cp)) == 0) {
			w++;
			i++;
			continue;
		}
		w += (size_t)cp_width(cp);
		i += len;
	}
	return w;
}

/*
 * The next line of a cell no wider than max: its byte length in *take and
 * the bytes to skip after it (a space or line break) in *skip.
 */
static void
next_line(const char *s, size_t n, size_t max, size_t *take, size_t *skip)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, w = 0, len, brk = 0;
	uint32_t cp;

	*skip = 0;
	while (i < n) {
		if (s[i] == '\n' || s[i] == '\r') {
			*take = i;
			*skip = 1 + (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n');
			return;
		}
		if ((len = sp_utf8_decode(u + i, n - i, &cp)) == 0) {
			len = 1;
			cp = '?';
		}
		if (w + (size_t)cp_width(cp) > max) {
			if (s[i] == ' ') {	/* the line is full just here */
				*take = i;
				*skip = 1;
			} else if (brk > 0) {
				*take = brk;
				*skip = 1;
			} else
				*take = i;
			return;
		}
		if (s[i] == ' ')
			brk = i;
		w += (size_t)cp_width(cp);
		i += len;
	}
	*take = n;
}

/* Text for a terminal: no control characters, no bytes that are not
 * UTF-8 (both become U+FFFD, one column wide as counted). */
static int
put_text(sp_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;
	int bad = 0;

	while (i < n) {
		len = 1;
		if (u[i] == '\t' || u[i] == '\0')
			bad |= sp_buf_putc(out, ' ');
		else if (u[i] >= 0x20 && u[i] < 0x7f)
			bad |= sp_buf_putc(out, s[i]);
		else if (u[i] >= 0x80 && (len = sp_utf8_decode(u + i, n - i,
		    &cp)) > 0 && cp >= 0xa0)
			bad |= sp_buf_append(out, s + i, len);
		else {
			/* A control character, C1 included, or not UTF-8. */
			bad |= sp_buf_puts(out, "\xef\xbf\xbd");
			if (len == 0)
				len = 1;
		}
		i += len;
	}
	return bad;
}

static int
pad(sp_buf *out, size_t n)
{
	while (n-- > 0)
		if (sp_buf_putc(out, ' ') == -1)
			return -1;
	return 0;
}

int
sp_render_table(sp_buf *out, const char *data, const size_t *cell,
    const size_t *rowstart, size_t nrows)
{
	size_t ncols = 0, r, c, *width, n, w, take, skip, line;
	size_t *pos = NULL, *left = NULL;
	int bad = 0, more;

	for (r = 0; r < nrows; r++)
		if (rowstart[r + 1] - rowstart[r] > ncols)
			ncols = rowstart[r + 1] - rowstart[r];
	if (ncols == 0)
		return 0;
	width = calloc(ncols, sizeof *width);
	pos = calloc(ncols, sizeof *pos);
	left = calloc(ncols, sizeof *left);
	if (width == NULL || pos == NULL || left == NULL) {
		free(width);
		free(pos);
		free(left);
		return -1;
	}
	for (r = 0; r < nrows; r++)
		for (c = 0; c < rowstart[r + 1] - rowstart[r]; c++) {
			n = cell[rowstart[r] + c + 1] - cell[rowstart[r] + c];
			w = sp_display_width(data + cell[rowstart[r] + c], n);
			if (w > MAX_WIDTH)
				w = MAX_WIDTH;
			if (w > width[c])
				width[c] = w;
		}
	for (r = 0; r < nrows && !bad; r++) {
		for (c = 0; c < ncols; c++) {
			pos[c] = c < rowstart[r + 1] - rowstart[r] ?
			    cell[rowstart[r] + c] : 0;
			left[c] = c < rowstart[r + 1] - rowstart[r] ?
			    cell[rowstart[r] + c + 1] - pos[c] : 0;
		}
		/* A row takes as many lines as its longest wrapped cell. */
		for (line = 0, more = 1; more && !bad; line++) {
			more = 0;
			for (c = 0; c < ncols; c++) {
				next_line(data + pos[c], left[c], width[c],
				    &take, &skip);
				bad |= put_text(out, data + pos[c], take);
				if (c + 1 < ncols)
					bad |= pad(out, width[c] + 2 -
					    sp_display_width(data + pos[c],
					    take));
				pos[c] += take + skip;
				left[c] -= take + skip;
				more |= left[c] > 0;
			}
			/* No trailing blanks. */
			while (out->len > 0 && out->data[out->len - 1] == ' ')
				out->len--;
			bad |= sp_buf_putc(out, '\n');
		}
		if (r == 0) {
			for (c = 0; c < ncols; c++) {
				for (n = 0; n < width[c]; n++)
					bad |= sp_buf_putc(out, '-');
				if (c + 1 < ncols)
					bad |= pad(out, 2);
			}
			bad |= sp_buf_putc(out, '\n');
		}
	}
	free(width);
	free(pos);
	free(left);
	return bad ? -1 : 0;
}
