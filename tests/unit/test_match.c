/*
 * test_match.c - the keyword automaton: whole words, prefixes and
 * suffixes, phrases, case and accents, HTML, offsets, many keywords.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "match.h"

#define MAXHITS	4096

struct hit {
	uint32_t	id;
	unsigned	words;
	int		open_end;
	size_t		end;
};

struct hits {
	struct hit	v[MAXHITS];
	size_t		n;
};

static void
collect(void *ctx, const struct sp_match_hit *found, size_t n, size_t end)
{
	struct hits *h = ctx;
	size_t i;

	/* A call hands over at least one keyword. */
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		assert_true(h->n < MAXHITS);
		h->v[h->n].id = found[i].id;
		h->v[h->n].words = found[i].words;
		h->v[h->n].open_end = found[i].open_end;
		h->v[h->n].end = end;
		h->n++;
	}
}

/* A matcher of the keywords (ids 0, 1, ...), NULL-terminated. */
static sp_matcher *
matcher(const char *kw, ...)
{
	sp_matcher *m = sp_matcher_new();
	va_list ap;
	uint32_t id = 0;

	assert_non_null(m);
	va_start(ap, kw);
	for (; kw != NULL; kw = va_arg(ap, const char *))
		assert_int_equal(sp_matcher_add(m, kw, strlen(kw), id++), 0);
	va_end(ap);
	assert_int_equal(sp_matcher_count(m), id);
	assert_int_equal(sp_matcher_build(m), 0);
	return m;
}

static struct hits hits;

static size_t
scan(const sp_matcher *m, const char *text, size_t n)
{
	hits.n = 0;
	sp_matcher_scan(m, text, n, collect, &hits);
	return hits.n;
}

/* How many times keyword `id` was reported for text. */
static size_t
found(const sp_matcher *m, const char *text, uint32_t id)
{
	size_t i, k = 0;

	scan(m, text, strlen(text));
	for (i = 0; i < hits.n; i++)
		if (hits.v[i].id == id)
			k++;
	return k;
}

/*
 * Keyword `kw` alone: is it found in text? (How many times one occurrence
 * is reported is test_one_report_per_occurrence's business.)
 */
static void
finds(const char *kw, const char *text)
{
	sp_matcher *m = matcher(kw, (char *)NULL);
	size_t k = found(m, text, 0);

	if (k == 0)
		fail_msg("\"%s\" not found in \"%s\"", kw, text);
	sp_matcher_free(m);
}

static void
misses(const char *kw, const char *text)
{
	sp_matcher *m = matcher(kw, (char *)NULL);
	size_t k = scan(m, text, strlen(text));

	if (k != 0)
		fail_msg("\"%s\" found %zu times in \"%s\", want none", kw, k,
		    text);
	sp_matcher_free(m);
}

static void
test_whole_words(void **state)
{
	(void)state;
	finds("samen", "samen");
	finds("samen", "We werken samen.");
	finds("samen", "Samen met de gemeente");
	misses("samen", "samenleving");
	misses("samen", "de energieke samenleving");
	misses("samen", "bijeensamen");
	finds("rijk", "Het Rijk betaalt");
	finds("rijk", "rijk");
	misses("rijk", "belangrijk");
	misses("rijk", "Rijkswaterstaat");
	misses("rijk", "koninkrijken");
	finds("gemeente", "(gemeente)");
	finds("gemeente", "gemeente's");
	misses("gemeente", "gemeentes");
	/* Digits are part of words. */
	finds("a27", "de A27 verbreden");
	misses("a2", "de A27 verbreden");
}

static void
test_prefix_and_suffix(void **state)
{
	(void)state;
	finds("burger*", "burgerinitiatief");
	finds("burger*", "een Burgerinitiatief in Delft");
	finds("burger*", "burger");
	misses("burger*", "medeburger");
	finds("*initiatief", "bewonersinitiatief");
	finds("*initiatief", "initiatief");
	misses("*initiatief", "initiatiefnemer");
	misses("*initiatief", "bewonersinitiatieven");
	finds("*cooperatie*", "Energiecoöperatie");
	finds("*cooperatie*", "coöperatieve vereniging");
	finds("*cooperatie*", "de energiecooperaties");
	misses("*cooperatie*", "co-operatie");
	misses("*cooperatie*", "cooperati");
}

static void
test_phrases(void **state)
{
	(void)state;
	finds("alternatief voor", "een alternatief voor de weg");
	finds("alternatief voor", "Alternatief voor");
	misses("alternatief voor", "alternatief plan voor de weg");
	misses("alternatief voor", "alternatief voorstel");
	finds("alternatief voor*", "alternatief voorstel");
	/* Spaces in the keyword are folded like the text. */
	finds("alternatief  voor", "alternatief voor");
	finds("dienst landelijk gebied", "Dienst Landelijk Gebied");
}

static void
test_phrases_across_separators(void **state)
{
	/*
	 * Every run of characters that are not letters or digits is one
	 * word boundary, in the text as in the keyword.
	 */
	(void)state;
	finds("alternatief voor", "een alternatief, voor de weg");
	finds("alternatief voor", "alternatief  voor");
	finds("alternatief voor", "alternatief\n\tvoor");
	finds("alternatief voor", "alternatief - voor");
	finds("alternatief voor", "alternatief<br>\n<b>voor</b>");
	finds("alternatief voor", "alternatief &amp; voor");
	finds("samen", "wij ,  samen");
	finds("samen", "wij -- samen -- verder");
}

static void
test_case_and_accents(void **state)
{
	(void)state;
	finds("cooperatie", "COÖPERATIE");
	finds("cooperatie", "Coöperatie");
	finds("cooperatie", "cooperatie");
	finds("coöperatie", "Cooperatie");
	finds("COÖPERATIE", "coöperatie");
	/* A combining diaeresis (o + U+0308) folds the same way. */
	finds("cooperatie", "coo\xcc\x88peratie");
	finds("strasse", "Straße");
	finds("ijssel", "Ĳssel");
	finds("cafe", "CAFÉ");
	finds("een", "één");
	misses("cooperatie", "coperatie");
}

static void
test_html(void **state)
{
	(void)state;
	finds("cooperatie", "<p>co&ouml;peratie</p>");
	finds("cooperatie", "<p class=\"x\">Co&Ouml;peratie</p>");
	finds("cafe", "caf&#233;");
	finds("cafe", "caf&#xE9;");
	finds("cafe", "caf&eacute;");
	/* A tag is a word boundary. */
	finds("samen", "<b>samen</b>leving");
	finds("samen", "<p>samen</p>");
	misses("samen", "<p>samenleving</p>");
	/* Attributes are not text. */
	misses("samen", "<a title=\"samen\">x</a>");
	/* A lone '<' or '&' is a boundary, not the start of a tag. */
	finds("samen", "a<samen");
	finds("samen", "a & samen");
	finds("samen", "x&samen");
}

static void
test_end_offset_and_words(void **state)
{
	sp_matcher *m;

	(void)state;
	m = matcher("samen", "alternatief voor", "burger*", "*initiatief",
	    "dienst landelijk gebied", (char *)NULL);

	/* "samen" then '.' (offset 16): end is past the '.'. */
	assert_true(scan(m, "wij werken samen.", 17) >= 1);
	assert_int_equal(hits.v[0].id, 0);
	assert_int_equal(hits.v[0].words, 1);
	assert_int_equal(hits.v[0].open_end, 0);
	assert_int_equal(hits.v[0].end, 17);

	/* At the end of the text: the length. */
	assert_int_equal(scan(m, "samen", 5), 1);
	assert_int_equal(hits.v[0].end, 5);

	/* Twice, sharing the space between them. */
	assert_int_equal(scan(m, "samen samen", 11), 2);
	assert_int_equal(hits.v[0].end, 6);
	assert_int_equal(hits.v[1].end, 11);

	/* A phrase of two words. */
	assert_int_equal(scan(m, "een alternatief voor de weg", 27), 1);
	assert_int_equal(hits.v[0].id, 1);
	assert_int_equal(hits.v[0].words, 2);
	assert_int_equal(hits.v[0].end, 21);

	/* An open end: just past the prefix. */
	assert_int_equal(scan(m, "het burgerinitiatief", 20), 2);
	assert_int_equal(hits.v[0].id, 2);
	assert_int_equal(hits.v[0].open_end, 1);
	assert_int_equal(hits.v[0].end, 10);
	assert_int_equal(hits.v[1].id, 3);
	assert_int_equal(hits.v[1].open_end, 0);
	assert_int_equal(hits.v[1].words, 1);
	assert_int_equal(hits.v[1].end, 20);

	/* Three words. */
	assert_true(scan(m, "Dienst Landelijk Gebied: x", 26) >= 1);
	assert_int_equal(hits.v[0].id, 4);
	assert_int_equal(hits.v[0].words, 3);
	assert_int_equal(hits.v[0].end, 24);

	/* Multi-byte characters: offsets in bytes of the raw text. */
	assert_int_equal(scan(m, "één samen é", 14), 1);
	assert_int_equal(hits.v[0].id, 0);
	assert_int_equal(hits.v[0].end, 12);

	/* An HTML tag ends the word: past the tag. */
	assert_int_equal(scan(m, "<p>samen</p>x", 13), 1);
	assert_int_equal(hits.v[0].end, 12);

	/* Only n bytes are read. */
	assert_int_equal(scan(m, "samenleving", 5), 1);
	assert_int_equal(hits.v[0].end, 5);
	sp_matcher_free(m);
}

/* Scan text and compare the reports, written "id@end id@end ...". */
static void
expect_reports(const sp_matcher *m, const char *text, const char *want)
{
	char got[256];
	size_t i, k = 0;

	scan(m, text, strlen(text));
	got[0] = '\0';
	for (i = 0; i < hits.n && k < sizeof got - 32; i++)
		k += (size_t)snprintf(got + k, sizeof got - k, "%s%u@%zu",
		    i > 0 ? " " : "", (unsigned)hits.v[i].id, hits.v[i].end);
	if (strcmp(got, want) != 0)
		fail_msg("in \"%s\": reports \"%s\", want \"%s\"", text, got,
		    want);
}

static void
test_one_report_per_occurrence(void **state)
{
	sp_matcher *m;

	/*
	 * One occurrence, one call: a run of several boundaries after a
	 * word (". ", ", ", "</p> ", the end of the text after a '.') does
	 * not report it again.
	 */
	(void)state;
	m = matcher("samen", "alternatief voor", "dienst landelijk gebied",
	    (char *)NULL);
	expect_reports(m, "samen", "0@5");
	expect_reports(m, "samen samen", "0@6 0@11");
	expect_reports(m, "wij werken samen.", "0@17");
	expect_reports(m, "x samen  ", "0@8");
	expect_reports(m, "samen, samen", "0@6 0@12");
	expect_reports(m, "<p>samen</p> <p>x</p>", "0@12");
	expect_reports(m, "een alternatief, voor de weg", "1@22");
	expect_reports(m, "Dienst Landelijk Gebied: x", "2@24");
	sp_matcher_free(m);
}

static void
test_invalid_utf8_and_nul(void **state)
{
	sp_matcher *m = matcher("samen", (char *)NULL);

	(void)state;
	/* An invalid byte is a boundary. */
	assert_int_equal(scan(m, "samen\xffwerken", 12), 1);
	assert_int_equal(hits.v[0].end, 6);
	assert_int_equal(scan(m, "wij\xc3samen", 9), 1);
	/* So is NUL. */
	assert_int_equal(scan(m, "x\0samen\0y", 9), 1);
	assert_int_equal(hits.v[0].end, 8);
	/* Nothing to scan. */
	assert_int_equal(scan(m, "", 0), 0);
	sp_matcher_free(m);
}

static void
test_several_keywords(void **state)
{
	sp_matcher *m;

	(void)state;
	m = matcher("gemeente", "gemeente*", "*gemeente", "de gemeente",
	    "provincie", (char *)NULL);
	/* Each keyword that fits is reported, overlapping or not. */
	assert_int_equal(found(m, "de gemeente", 0), 1);
	assert_int_equal(found(m, "de gemeente", 1), 1);
	assert_int_equal(found(m, "de gemeente", 2), 1);
	assert_int_equal(found(m, "de gemeente", 3), 1);
	assert_int_equal(found(m, "de gemeente", 4), 0);
	assert_int_equal(scan(m, "de gemeente", 11), 4);
	assert_int_equal(found(m, "gemeentehuis", 0), 0);
	assert_int_equal(found(m, "gemeentehuis", 1), 1);
	assert_int_equal(found(m, "buurgemeente", 2), 1);
	assert_int_equal(found(m, "buurgemeente", 1), 0);
	assert_int_equal(found(m, "gemeente en provincie", 4), 1);
	/* The same id may be given to several keywords. */
	sp_matcher_free(m);
	m = sp_matcher_new();
	assert_non_null(m);
	assert_int_equal(sp_matcher_add(m, "rijk", 4, 7), 0);
	assert_int_equal(sp_matcher_add(m, "rijks*", 6, 7), 0);
	assert_int_equal(sp_matcher_build(m), 0);
	assert_int_equal(found(m, "het rijk en rijkswaterstaat", 7), 2);
	sp_matcher_free(m);
}

static void
test_many_keywords(void **state)
{
	enum { N = 2000 };
	sp_matcher *m = sp_matcher_new();
	char kw[32], *text, *p;
	unsigned count[N];
	size_t i, n = 0;

	(void)state;
	assert_non_null(m);
	/* k0 ... k1999: k1 is a prefix of k10, k100 and k1000. */
	for (i = 0; i < N; i++) {
		snprintf(kw, sizeof kw, "k%zu", i);
		assert_int_equal(sp_matcher_add(m, kw, strlen(kw),
		    (uint32_t)i), 0);
	}
	assert_int_equal(sp_matcher_count(m), N);
	assert_int_equal(sp_matcher_build(m), 0);
	text = malloc(N * 16);
	assert_non_null(text);
	p = text;
	for (i = N; i-- > 0;)
		p += sprintf(p, i % 3 == 0 ? "K%zu," : "k%zu ", i);
	/* Words that are no keyword. */
	p += sprintf(p, "k2000 kk1 k01 k1x");
	n = (size_t)(p - text);

	memset(count, 0, sizeof count);
	hits.n = 0;
	sp_matcher_scan(m, text, n, collect, &hits);
	for (i = 0; i < hits.n; i++) {
		assert_true(hits.v[i].id < N);
		count[hits.v[i].id]++;
	}
	for (i = 0; i < N; i++)
		if (count[i] == 0)
			fail_msg("k%zu not found", i);
	/* Each once: N reports in all (k1 not in k10, "k01" no keyword). */
	if (hits.n != N)
		fail_msg("%zu reports for %d occurrences", hits.n, N);
	free(text);
	sp_matcher_free(m);
}

/* Sort hits by end, then id, and drop repeats. */
static int
hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static size_t
distinct(struct hit *v, size_t n)
{
	size_t i, k = 0;

	qsort(v, n, sizeof *v, hit_cmp);
	for (i = 0; i < n; i++)
		if (k == 0 || hit_cmp(&v[k - 1], &v[i]) != 0)
			v[k++] = v[i];
	return k;
}

static void
test_long_text_cut_in_two(void **state)
{
	/*
	 * Long text is scanned as two halves side by side. Whatever the
	 * cut meets (a phrase, a prefix keyword, an entity, an accent, a
	 * run of separators), the occurrences found are those of a scan in
	 * one run: the same text behind "< ", which is never cut (a '<'
	 * may open a tag) and shifts every end by two.
	 */
	static const char *const pieces[] = {
		"samen", "samen met de gemeente", "de gemeente", "met",
		"burgerinitiatief", "burgers", "initiatief", "caf&eacute;",
		"Caf\xc3\xa9", "cafe", "&amp;", "x", "samenleving", ", ",
		".  ", "\n", "zorg&#233;", "gemeente", "  ", "de",
		"&x samen;"
	};
	struct hit want[MAXHITS];
	sp_matcher *m;
	char *text;
	size_t n, nwant, ngot, i, round;
	unsigned long seed = 1;

	(void)state;
	m = matcher("samen", "samen met de gemeente", "burger*",
	    "*initiatief", "caf\xc3\xa9", "de gemeente", "zorge",
	    (char *)NULL);
	text = malloc(4096);
	assert_non_null(text);
	for (round = 0; round < 300; round++) {
		memcpy(text, "< ", 2);
		n = 2;
		while (n < 160 + round * 5) {
			const char *p;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			p = pieces[(seed >> 33) % (sizeof pieces / sizeof *pieces)];
			memcpy(text + n, p, strlen(p));
			n += strlen(p);
			if ((seed >> 20) % 3 != 0)
				text[n++] = ' ';
		}
		scan(m, text, n);
		nwant = distinct(hits.v, hits.n);
		memcpy(want, hits.v, nwant * sizeof *want);
		scan(m, text + 2, n - 2);
		ngot = distinct(hits.v, hits.n);
		if (ngot != nwant)
			fail_msg("round %zu: %zu occurrences, want %zu", round,
			    ngot, nwant);
		for (i = 0; i < ngot; i++)
			if (hits.v[i].id != want[i].id ||
			    hits.v[i].end + 2 != want[i].end)
				fail_msg("round %zu: keyword %u at %zu, want %u "
				    "at %zu", round, hits.v[i].id,
				    hits.v[i].end, want[i].id, want[i].end - 2);
	}
	free(text);
	sp_matcher_free(m);
}

static void
test_bad_keywords(void **state)
{
	sp_matcher *m = sp_matcher_new();

	(void)state;
	assert_non_null(m);
	assert_int_equal(sp_matcher_add(m, "--!", 3, 0), -2);
	assert_int_equal(sp_matcher_add(m, "...", 3, 0), -2);
	assert_int_equal(sp_matcher_add(m, "*", 1, 0), -2);
	assert_int_equal(sp_matcher_add(m, "**", 2, 0), -2);
	assert_int_equal(sp_matcher_add(m, "", 0, 0), -2);
	assert_int_equal(sp_matcher_add(m, "   ", 3, 0), -2);
	assert_int_equal(sp_matcher_add(m, "\xe2\x80\x93", 3, 0), -2);
	assert_int_equal(sp_matcher_count(m), 0);
	/* Letters after all: fine. */
	assert_int_equal(sp_matcher_add(m, " -x- ", 5, 1), 0);
	assert_int_equal(sp_matcher_count(m), 1);
	assert_int_equal(sp_matcher_build(m), 0);
	assert_int_equal(found(m, "a x b", 1), 1);
	sp_matcher_free(m);

	/* An empty matcher finds nothing. */
	m = sp_matcher_new();
	assert_non_null(m);
	assert_int_equal(sp_matcher_build(m), 0);
	assert_int_equal(scan(m, "samen", 5), 0);
	sp_matcher_free(m);
	sp_matcher_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_words),
		cmocka_unit_test(test_prefix_and_suffix),
		cmocka_unit_test(test_phrases),
		cmocka_unit_test(test_phrases_across_separators),
		cmocka_unit_test(test_case_and_accents),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_end_offset_and_words),
		cmocka_unit_test(test_one_report_per_occurrence),
		cmocka_unit_test(test_invalid_utf8_and_nul),
		cmocka_unit_test(test_several_keywords),
		cmocka_unit_test(test_many_keywords),
		cmocka_unit_test(test_long_text_cut_in_two),
		cmocka_unit_test(test_bad_keywords),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
