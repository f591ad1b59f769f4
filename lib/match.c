/*
 * match.c - find many keywords in one pass: an Aho-Corasick automaton.
 *
 * Text is folded on the fly (case, accents, HTML tags and entities; every
 * run of other characters is a word boundary) and fed through a full
 * transition table, so the cost per byte does not depend on the number of
 * keywords. A keyword is stored with a space on each side ("samen" is
 * " samen "), which gives whole-word matching without a separate check:
 * " samen " does not occur in " samenleving ". A '*' at either end of a
 * keyword drops that space, so "burger*" finds "burgerinitiatief".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "match.h"

#define SLOW	0xff		/* class marker: fold this byte the slow way */
#define NONE	UINT32_MAX

struct pattern {
	uint32_t	 id;
	uint16_t	 words;		/* words the keyword spans */
	uint8_t		 open_end;	/* ends in '*' */
	size_t		 off;		/* bytes in m->pbytes */
	size_t		 len;
};

struct sp_matcher {
	/* Patterns, as added. */
	struct pattern	*pat;
	size_t		 npat;
	size_t		 patcap;
	sp_buf		 pbytes;

	/* The automaton, after sp_matcher_build. */
	unsigned char	 cls[256];	/* raw byte -> class, or SLOW */
	unsigned char	 fcls[256];	/* folded byte -> class */
	uint32_t	 ncls;
	uint32_t	 shift;		/* a row is 1 << shift entries */
	uint32_t	 nstates;
	/*
	 * delta[state + class] is the next state. A state is kept as its
	 * row's offset (index << shift), and states that report keywords come
	 * last, from out_off: the scan then costs one load and one compare
	 * per byte.
	 */
	uint32_t	*delta;
	uint32_t	 out_off;
	uint32_t	*out_first;	/* per state index: index in outs */
	uint32_t	*out_count;
	uint32_t	*outs;		/* pattern indexes, while building */
	struct sp_match_hit *hits;	/* what outs stand for, when built */
	uint32_t	 start;		/* the state after the leading space */
};

sp_matcher *
sp_matcher_new(void)
{
	return calloc(1, sizeof(sp_matcher));
}

void
sp_matcher_free(sp_matcher *m)
{
	if (m == NULL)
		return;
	free(m->pat);
	sp_buf_free(&m->pbytes);
	free(m->delta);
	free(m->out_first);
	free(m->out_count);
	free(m->outs);
	free(m->hits);
	free(m);
}

size_t
sp_matcher_count(const sp_matcher *m)
{
	return m->npat;
}

/* Fold text the way the scanner does, into b; runs of separators -> ' '. */
static int
fold_text(const char *s, size_t n, sp_buf *b)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char f[4];
	size_t i, len, k, j;
	uint32_t cp;

	for (i = 0; i < n; i += len) {
		if ((len = sp_utf8_decode(u + i, n - i, &cp)) == 0) {
			len = 1;
			cp = ' ';
		}
		k = sp_fold_codepoint(cp, f);
		for (j = 0; j < k; j++) {
			if (f[j] == ' ' && (b->len == 0 ||
			    b->data[b->len - 1] == ' '))
				continue;
			if (sp_buf_putc(b, f[j]) == -1)
				return -1;
		}
	}
	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	return 0;
}

int
sp_matcher_add(sp_matcher *m, const char *kw, size_t n, uint32_t id)
{
	sp_buf core = { 0 };
	struct pattern *p;
	int open_start = 0, open_end = 0;
	size_t i, words = 1;

	kw = sp_trim(kw, &n);
	if (n > 0 && kw[0] == '*') {
		open_start = 1;
		kw++;
		n--;
	}
	if (n > 0 && kw[n - 1] == '*') {
		open_end = 1;
		n--;
	}
	if (fold_text(kw, n, &core) == -1) {
		sp_buf_free(&core);
		return -1;
	}
	if (core.len == 0) {
		sp_buf_free(&core);
		return -2;
	}
	for (i = 0; i < core.len; i++)
		if (core.data[i] == ' ')
			words++;
	if (m->npat == m->patcap) {
		size_t cap = m->patcap ? m->patcap * 2 : 64;

		if ((p = realloc(m->pat, cap * sizeof *p)) == NULL) {
			sp_buf_free(&core);
			return -1;
		}
		m->pat = p;
		m->patcap = cap;
	}
	p = &m->pat[m->npat];
	p->id = id;
	p->words = words > UINT16_MAX ? UINT16_MAX : (uint16_t)words;
	p->open_end = (uint8_t)open_end;
	p->off = m->pbytes.len;
	if ((!open_start && sp_buf_putc(&m->pbytes, ' ') == -1) ||
	    sp_buf_append(&m->pbytes, core.data, core.len) == -1 ||
	    (!open_end && sp_buf_putc(&m->pbytes, ' ') == -1)) {
		sp_buf_free(&core);
		return -1;
	}
	p->len = m->pbytes.len - p->off;
	m->npat++;
	sp_buf_free(&core);
	return 0;
}

/* The folded form of an ASCII byte: a-z, 0-9, or ' '. */
static unsigned char
fold_ascii(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c + ('a' - 'A'));
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return c;
	return ' ';
}

/*
 * Number the states so that those that report keywords come last, and
 * keep each as its row offset in the transition table.
 */
static int
renumber(sp_matcher *m, const uint32_t *go, uint32_t nstates,
    const uint32_t *order)
{
	uint32_t *id, *delta, *first, *count, s, c, k, n = 0, nout = 0;

	for (s = 0; s < nstates; s++)
		nout += m->out_count[s] != 0;
	/* Rows a power of two wide: a state's index is its offset shifted. */
	for (m->shift = 0; (1U << m->shift) < m->ncls; m->shift++)
		;
	if (nstates > UINT32_MAX >> m->shift)
		return -1;
	id = malloc(nstates * sizeof *id);
	delta = calloc((size_t)nstates << m->shift, sizeof *delta);
	first = malloc(nstates * sizeof *first);
	count = malloc(nstates * sizeof *count);
	if (id == NULL || delta == NULL || first == NULL || count == NULL) {
		free(id);
		free(delta);
		free(first);
		free(count);
		return -1;
	}
	/*
	 * In breadth-first order, the root first: the shallow states, where
	 * a scan spends its time, then lie together in the cache.
	 */
	for (k = 0; k < nstates; k++)
		if (m->out_count[s = order[k]] == 0)
			id[s] = n++;
	for (k = 0; k < nstates; k++)
		if (m->out_count[s = order[k]] != 0)
			id[s] = n++;
	for (s = 0; s < nstates; s++) {
		for (c = 0; c < m->ncls; c++)
			delta[(id[s] << m->shift) + c] =
			    id[go[s * m->ncls + c]] << m->shift;
		first[id[s]] = m->out_first[s];
		count[id[s]] = m->out_count[s];
	}
	free(m->out_first);
	free(m->out_count);
	m->out_first = first;
	m->out_count = count;
	m->delta = delta;
	m->nstates = nstates;
	m->out_off = (nstates - nout) << m->shift;
	m->start = delta[m->fcls[' ']];
	free(id);
	return 0;
}

int
sp_matcher_build(sp_matcher *m)
{
	const unsigned char *pb = (const unsigned char *)m->pbytes.data;
	uint32_t *go = NULL, *fail = NULL, *queue = NULL, *own = NULL;
	uint32_t *own_next = NULL;
	unsigned char *last = NULL;	/* class of the byte into a state */
	size_t maxstates = 1, i, k, nouts = 0, qh, qt, gocap;
	uint32_t s, c, t, nstates = 1, q;
	int used[256] = { 0 };

	for (i = 0; i < m->npat; i++)
		maxstates += m->pat[i].len;
	/* Classes: 0 for bytes no keyword holds, then one per byte used. */
	for (i = 0; i < m->pbytes.len; i++)
		used[pb[i]] = 1;
	used[' '] = 1;
	memset(m->fcls, 0, sizeof m->fcls);
	m->ncls = 1;
	for (i = 0; i < 256; i++)
		if (used[i])
			m->fcls[i] = (unsigned char)m->ncls++;
	for (i = 0; i < 256; i++)
		m->cls[i] = i < 0x80 ? m->fcls[fold_ascii((unsigned char)i)] :
		    SLOW;
	m->cls['<'] = m->cls['&'] = SLOW;

	if (maxstates > UINT32_MAX / m->ncls)
		return -1;
	/*
	 * The trie's rows grow as states are made: keywords repeated across
	 * rules share their states, so the sum of their lengths would
	 * overstate the table, and the peak memory with it.
	 */
	gocap = 256;
	go = malloc(gocap * m->ncls * sizeof *go);
	own = malloc(maxstates * sizeof *own);
	own_next = malloc((m->npat + 1) * sizeof *own_next);
	last = calloc(maxstates, 1);
	if (go == NULL || own == NULL || own_next == NULL || last == NULL)
		goto nomem;
	memset(go, 0xff, gocap * m->ncls * sizeof *go);
	for (i = 0; i < maxstates; i++)
		own[i] = NONE;

	/* The trie. own[] chains the patterns that end in a state. */
	for (i = 0; i < m->npat; i++) {
		s = 0;
		for (k = 0; k < m->pat[i].len; k++) {
			c = m->fcls[pb[m->pat[i].off + k]];
			if (go[s * m->ncls + c] == NONE) {
				if (nstates == gocap) {
					uint32_t *p = realloc(go, gocap * 2 *
					    m->ncls * sizeof *go);

					if (p == NULL)
						goto nomem;
					go = p;
					memset(go + gocap * m->ncls, 0xff,
					    gocap * m->ncls * sizeof *go);
					gocap *= 2;
				}
				last[nstates] = (unsigned char)c;
				go[s * m->ncls + c] = nstates++;
			}
			s = go[s * m->ncls + c];
		}
		own_next[i] = own[s];
		own[s] = (uint32_t)i;
	}

	/* Breadth first: failure links, full transitions, output lists. */
	fail = malloc(nstates * sizeof *fail);
	queue = malloc(nstates * sizeof *queue);
	m->out_first = malloc(nstates * sizeof *m->out_first);
	m->out_count = malloc(nstates * sizeof *m->out_count);
	if (fail == NULL || queue == NULL || m->out_first == NULL ||
	    m->out_count == NULL)
		goto nomem;
	qh = qt = 0;
	fail[0] = 0;
	for (c = 0; c < m->ncls; c++) {
		t = go[c];
		if (t == NONE)
			go[c] = 0;
		else {
			fail[t] = 0;
			queue[qt++] = t;
		}
	}
	/* Count outputs in BFS order (root first) to size the array. */
	{
		uint32_t *cnt = m->out_count;

		cnt[0] = 0;
		for (q = own[0]; q != NONE; q = own_next[q])
			cnt[0]++;
		for (qh = 0; qh < qt; qh++) {
			s = queue[qh];
			for (c = 0; c < m->ncls; c++) {
				t = go[s * m->ncls + c];
				if (t == NONE) {
					go[s * m->ncls + c] =
					    go[fail[s] * m->ncls + c];
					continue;
				}
				fail[t] = go[fail[s] * m->ncls + c];
				queue[qt++] = t;
			}
			cnt[s] = cnt[fail[s]];
			for (q = own[s]; q != NONE; q = own_next[q])
				cnt[s]++;
		}
		for (s = 0; s < nstates; s++) {
			m->out_first[s] = (uint32_t)nouts;
			nouts += cnt[s];
		}
	}
	if ((m->outs = malloc((nouts + 1) * sizeof *m->outs)) == NULL)
		goto nomem;
	/* Fill: a state's own patterns, then its failure state's list. */
	for (s = 0; s < nstates; s++)
		m->out_count[s] = 0;
	for (q = own[0]; q != NONE; q = own_next[q])
		m->outs[m->out_first[0] + m->out_count[0]++] = q;
	for (qh = 0; qh < qt; qh++) {
		uint32_t f;

		s = queue[qh];
		f = fail[s];
		for (q = own[s]; q != NONE; q = own_next[q])
			m->outs[m->out_first[s] + m->out_count[s]++] = q;
		for (k = 0; k < m->out_count[f]; k++)
			m->outs[m->out_first[s] + m->out_count[s]++] =
			    m->outs[m->out_first[f] + k];
	}
	/* A scan hands over a state's keywords as they are, in one call. */
	if ((m->hits = malloc((nouts + 1) * sizeof *m->hits)) == NULL)
		goto nomem;
	for (i = 0; i < nouts; i++) {
		const struct pattern *p = &m->pat[m->outs[i]];

		m->hits[i].id = p->id;
		m->hits[i].words = p->words;
		m->hits[i].open_end = p->open_end;
	}
	free(m->outs);
	m->outs = NULL;
	/*
	 * A run of separators is one word boundary: a state reached by a
	 * space stays put on the next space (keywords never hold two spaces
	 * in a row, so no match is lost). Where such a state reports
	 * keywords, the next space goes to a silent twin instead, so that
	 * each occurrence is reported once.
	 */
	{
		uint32_t sp = m->fcls[' '], ntwins = 0, twin, *p;

		for (s = 1; s < nstates; s++)
			if (last[s] == sp && m->out_count[s] != 0)
				ntwins++;
		if (ntwins > 0) {
			if ((size_t)nstates + ntwins > UINT32_MAX / m->ncls)
				goto nomem;
			if ((p = realloc(go, ((size_t)nstates + ntwins) *
			    m->ncls * sizeof *go)) == NULL)
				goto nomem;
			go = p;
			if ((p = realloc(m->out_first, ((size_t)nstates +
			    ntwins) * sizeof *p)) == NULL)
				goto nomem;
			m->out_first = p;
			if ((p = realloc(m->out_count, ((size_t)nstates +
			    ntwins) * sizeof *p)) == NULL)
				goto nomem;
			m->out_count = p;
		}
		twin = nstates;
		for (s = 1; s < nstates; s++) {
			if (last[s] != sp)
				continue;
			if (m->out_count[s] == 0) {
				go[s * m->ncls + sp] = s;
				continue;
			}
			memcpy(go + (size_t)twin * m->ncls,
			    go + (size_t)s * m->ncls, m->ncls * sizeof *go);
			go[(size_t)twin * m->ncls + sp] = twin;
			go[s * m->ncls + sp] = twin;
			m->out_first[twin] = 0;
			m->out_count[twin] = 0;
			twin++;
		}
		nstates = twin;
	}
	/* The order to number states in: root, the BFS queue, the twins. */
	{
		uint32_t *order = malloc(nstates * sizeof *order), k;

		if (order == NULL)
			goto nomem;
		order[0] = 0;
		memcpy(order + 1, queue, qt * sizeof *order);
		for (k = (uint32_t)qt + 1; k < nstates; k++)
			order[k] = k;
		k = renumber(m, go, nstates, order) == -1;
		free(order);
		if (k)
			goto nomem;
	}
	free(go);
	free(fail);
	free(queue);
	free(own);
	free(own_next);
	free(last);
	return 0;
nomem:
	free(last);
	free(go);
	free(fail);
	free(queue);
	free(own);
	free(own_next);
	free(m->out_first);
	free(m->out_count);
	m->out_first = m->out_count = NULL;
	return -1;
}

static void
report(const sp_matcher *m, uint32_t s, size_t end, sp_match_fn fn,
    void *ctx)
{
	s >>= m->shift;
	fn(ctx, m->hits + m->out_first[s], m->out_count[s], end);
}

static uint32_t
step(const sp_matcher *m, uint32_t s, unsigned char folded, size_t end,
    sp_match_fn fn, void *ctx)
{
	s = m->delta[s + m->fcls[folded]];
	if (s >= m->out_off)
		report(m, s, end, fn, ctx);
	return s;
}

/* HTML entities that stand for an accented letter: &eacute; &uuml; ... */
static int entity_letter(const unsigned char *, size_t, unsigned char *);

/*
 * Is s[0..n) (from '&' to ';') an entity that stands for a letter?
 * &eacute; and &#233; are; &amp; and &nbsp; are separators.
 */
static int
letter_entity(const unsigned char *s, size_t n)
{
	unsigned char f[4], letter;
	uint32_t cp = 0;
	size_t i;
	int hex;

	if (n < 4 || s[0] != '&' || s[n - 1] != ';')
		return 0;
	if (s[1] != '#')
		return entity_letter(s + 1, n - 2, &letter);
	hex = (s[2] | 0x20) == 'x';
	for (i = 2 + (size_t)hex; i < n - 1; i++) {
		unsigned lc = (unsigned)(s[i] | 0x20) - 'a';

		if (s[i] >= '0' && s[i] <= '9')
			cp = cp * (hex ? 16 : 10) + (uint32_t)(s[i] - '0');
		else if (hex && lc < 6)
			cp = cp * 16 + lc + 10;
		else
			return 0;
		if (cp > 0x10ffff)
			return 0;
	}
	return sp_fold_codepoint(cp, f) > 0 && f[0] != ' ';
}

static int
wordbyte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

/* The length of the part of a word that ends at t[b-1], or 0. */
static size_t
word_back(const unsigned char *t, size_t b)
{
	size_t a;

	if (wordbyte(t[b - 1]))
		return 1;
	if (t[b - 1] == ';')
		for (a = b - 1; a > 0 && b - a < 12; a--)
			if (t[a - 1] == '&')
				return letter_entity(t + a - 1, b - a + 1) ?
				    b - a + 1 : 0;
	return 0;
}

/* The length of the separator that ends at t[b-1]: a tag, an entity. */
static size_t
separator_back(const unsigned char *t, size_t b)
{
	size_t a;

	if (t[b - 1] == '>')
		for (a = b - 1; a > 0 && b - a < 256; a--)
			if (t[a - 1] == '<')
				return b - a + 1;
	if (t[b - 1] == ';')
		for (a = b - 1; a > 0 && b - a < 12; a--)
			if (t[a - 1] == '&')
				return b - a + 1;
	return 1;
}

/* The length of the part of a word that starts at t[e], or 0. */
static size_t
word_forward(const unsigned char *t, size_t len, size_t e)
{
	const unsigned char *q;

	if (wordbyte(t[e]))
		return 1;
	if (t[e] == '&' && (q = memchr(t + e, ';', len - e < 12 ? len - e :
	    12)) != NULL && letter_entity(t + e, (size_t)(q - (t + e)) + 1))
		return (size_t)(q - (t + e)) + 1;
	return 0;
}

void
sp_match_span(const char *text, size_t len, size_t end, unsigned words,
    int open_end, size_t *start, size_t *stop)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t b, k;

	if (end > len)
		end = len;
	/* Back from the boundary that ended the match to the word's end. */
	while (end > 0 && word_back(t, end) == 0)
		end -= separator_back(t, end);
	if (open_end)
		while (end < len && (k = word_forward(t, len, end)) > 0)
			end += k;
	b = end;
	while (words-- > 0) {
		while (b > 0 && word_back(t, b) == 0)
			b -= separator_back(t, b);
		while (b > 0 && (k = word_back(t, b)) > 0)
			b -= k;
	}
	*start = b;
	*stop = end;
}

static int
entity_letter(const unsigned char *name, size_t n, unsigned char *letter)
{
	static const char *const marks[] = {
		"acute", "grave", "uml", "circ", "tilde", "cedil", "ring",
		"slash"
	};
	size_t i, ml;

	for (i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		ml = strlen(marks[i]);
		if (n == ml + 1 && memcmp(name + 1, marks[i], ml) == 0) {
			*letter = fold_ascii(name[0]);
			return *letter != ' ';
		}
	}
	return 0;
}

/*
 * Fold the character at s[i] the slow way and step through its folded
 * bytes. Returns the offset of the next character.
 */
static size_t
slow(const sp_matcher *m, const unsigned char *s, size_t n, size_t i,
    uint32_t *state, sp_match_fn fn, void *ctx)
{
	const unsigned char *q;
	unsigned char f[4], letter;
	size_t len, k, nf;
	uint32_t cp;

	if (s[i] == '<') {
		/* A tag is a word boundary; so is a lone '<'. */
		if (i + 1 < n && ((unsigned)(s[i + 1] | 0x20) - 'a' < 26 ||
		    s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?') &&
		    (q = memchr(s + i + 1, '>', n - i - 1)) != NULL)
			len = (size_t)(q - (s + i)) + 1;
		else
			len = 1;
		*state = step(m, *state, ' ', i + len, fn, ctx);
		return i + len;
	}
	if (s[i] == '&') {
		q = memchr(s + i + 1, ';', n - i - 1 < 10 ? n - i - 1 : 10);
		if (q == NULL) {
			*state = step(m, *state, ' ', i + 1, fn, ctx);
			return i + 1;
		}
		len = (size_t)(q - (s + i)) + 1;
		nf = 0;
		if (len > 3 && s[i + 1] == '#') {
			/* &#233; or &#xe9; */
			const unsigned char *d = s + i + 2;
			int hex = (*d | 0x20) == 'x';

			cp = 0;
			for (d += hex; d < q && cp < 0x110000; d++) {
				unsigned lc = (unsigned)(*d | 0x20) - 'a';
				unsigned v = *d >= '0' && *d <= '9' ?
				    (unsigned)(*d - '0') :
				    hex && lc < 6 ? lc + 10 : 99;
				if (v == 99)
					break;
				cp = cp * (hex ? 16 : 10) + v;
			}
			if (d == q && cp < 0x110000)
				nf = sp_fold_codepoint(cp, f);
		} else if (entity_letter(s + i + 1, len - 2, &letter)) {
			f[0] = letter;
			nf = 1;
		}
		if (nf == 0) {
			f[0] = ' ';
			nf = 1;
		}
		for (k = 0; k < nf; k++)
			*state = step(m, *state, f[k], i + len, fn, ctx);
		return i + len;
	}
	if ((len = sp_utf8_decode(s + i, n - i, &cp)) == 0) {
		*state = step(m, *state, ' ', i + 1, fn, ctx);
		return i + 1;
	}
	nf = sp_fold_codepoint(cp, f);
	for (k = 0; k < nf; k++)
		*state = step(m, *state, f[k], i + len, fn, ctx);
	return i + len;
}

/* Step through the character at s[i]; returns the offset of the next. */
static inline size_t
advance(const sp_matcher *m, const unsigned char *s, size_t n, size_t i,
    uint32_t *st, sp_match_fn fn, void *ctx)
{
	unsigned c = m->cls[s[i]];

	if (c == SLOW)
		return slow(m, s, n, i, st, fn, ctx);
	*st = m->delta[*st + c];
	if (__builtin_expect(*st >= m->out_off, 0))
		report(m, *st, i + 1, fn, ctx);
	return i + 1;
}

/* Scan s[i..to) from state st; returns the state. */
static uint32_t
scan_run(const sp_matcher *m, const unsigned char *s, size_t n, size_t i,
    size_t to, uint32_t st, sp_match_fn fn, void *ctx)
{
	const uint32_t *delta = m->delta;
	const uint32_t out_off = m->out_off;
	unsigned c;

	while (i < to) {
		c = m->cls[s[i]];
		if (c != SLOW) {
			st = delta[st + c];
			i++;
			if (__builtin_expect(st >= out_off, 0))
				report(m, st, i, fn, ctx);
			continue;
		}
		/* A copy, so that st itself can stay in a register. */
		{
			uint32_t sst = st;

			i = slow(m, s, n, i, &sst, fn, ctx);
			st = sst;
		}
	}
	return st;
}

#define SPLIT_MIN	160	/* bytes: shorter text is scanned in one run */
#define SYNC		64	/* bytes past the cut where the halves meet */

/*
 * Where a long text can be cut in two: just after a space near the
 * middle, so that the second half starts as a scan does after a space.
 * Not in text with tags, whose insides are not words, nor within an
 * entity's reach. Returns 0 for no cut.
 */
static size_t
split_point(const unsigned char *s, size_t n)
{
	size_t mid, from;

	if (n < SPLIT_MIN || memchr(s, '<', n) != NULL)
		return 0;
	for (mid = n / 2; mid < n / 2 + SYNC; mid++) {
		/* slow() looks up to 10 bytes past a '&' for its ';'. */
		from = mid > 13 ? mid - 13 : 0;
		if (s[mid - 1] == ' ' && memchr(s + from, '&', mid - from) ==
		    NULL)
			return mid;
	}
	return 0;
}

/*
 * A scan is one dependent table load per byte: the next load waits for
 * the last. A long text is therefore cut in two halves that are scanned
 * side by side, so that the loads of one overlap those of the other.
 * The first half then runs on past the cut until it is in the state the
 * second half's scan had there: from then on the two would agree. So a
 * keyword across the cut is found, and one just past it is reported
 * twice, with the same end.
 */
void
sp_matcher_scan(const sp_matcher *m, const char *text, size_t n,
    sp_match_fn fn, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	const uint32_t *delta = m->delta;
	const uint32_t out_off = m->out_off;
	uint32_t a, b, seen[SYNC + 1];	/* seen[k]: b at mid + k */
	size_t mid, i, j;
	unsigned ca, cb;

	if (m->npat == 0)
		return;
	if ((mid = split_point(s, n)) == 0) {
		b = scan_run(m, s, n, 0, n, m->start, fn, ctx);
		(void)step(m, b, ' ', n, fn, ctx);
		return;
	}
	for (i = 0; i <= SYNC; i++)
		seen[i] = NONE;
	a = b = m->start;
	i = 0;
	j = mid;
	while (i < mid && j < n) {
		ca = m->cls[s[i]];
		cb = m->cls[s[j]];
		/* Through copies, so that a and b can stay in registers. */
		if (__builtin_expect(ca == SLOW, 0)) {
			uint32_t sa = a;

			i = slow(m, s, n, i, &sa, fn, ctx);
			a = sa;
			continue;
		}
		if (__builtin_expect(cb == SLOW, 0)) {
			uint32_t sb = b;

			j = slow(m, s, n, j, &sb, fn, ctx);
			b = sb;
		} else {
			b = delta[b + cb];
			j++;
			if (__builtin_expect(b >= out_off, 0))
				report(m, b, j, fn, ctx);
		}
		a = delta[a + ca];
		i++;
		if (__builtin_expect(a >= out_off, 0))
			report(m, a, i, fn, ctx);
		if (j - mid <= SYNC)
			seen[j - mid] = b;
	}
	a = scan_run(m, s, n, i, mid, a, fn, ctx);
	b = scan_run(m, s, n, j, n, b, fn, ctx);
	(void)step(m, b, ' ', n, fn, ctx);
	for (i = mid; i < n; ) {
		uint32_t sa = a;

		i = advance(m, s, n, i, &sa, fn, ctx);
		a = sa;
		if (i - mid <= SYNC && seen[i - mid] == a)
			return;
	}
	(void)step(m, a, ' ', n, fn, ctx);
}
