/*
 * test_text.c - folding, UTF-8, blank values, excerpts, field names and
 * the parsing of the shared settings (language, encoding, delimiter).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

/* ------------------------------------------------------------------ */
/* sp_fold_key                                                         */

static void
check_key(const char *name, const char *want)
{
	sp_buf b = { 0 };

	assert_int_equal(sp_fold_key(name, strlen(name), &b), 0);
	/*
	 * Even an empty key is a NUL-terminated buffer. Compare by length
	 * and bytes (the NUL included), so that a key without its NUL is
	 * reported, not read past its end.
	 */
	assert_non_null(b.data);
	assert_int_equal(b.len, strlen(want));
	assert_true(b.cap > b.len);
	if (memcmp(b.data, want, b.len + 1) != 0)
		fail_msg("key of \"%s\" is \"%.*s\" with byte %zu 0x%02x, "
		    "want \"%s\" and a NUL", name, (int)b.len, b.data, b.len,
		    (unsigned char)b.data[b.len], want);
	sp_buf_free(&b);
}

static void
test_fold_key_case_and_accents(void **state)
{
	(void)state;
	check_key("Naam", "naam");
	check_key("OMSCHRIJVING", "omschrijving");
	check_key("Één", "een");
	check_key("Coöperatie", "cooperatie");
	check_key("Straße", "strasse");
	check_key("Ĳsselmeer", "ijsselmeer");
	check_key("Kenmerk2024", "kenmerk2024");
}

static void
test_fold_key_separators(void **state)
{
	(void)state;
	check_key("Rol overheid", "roloverheid");
	check_key("rol_overheid", "roloverheid");
	check_key("rol-over heid", "roloverheid");
	check_key("  Handmatige  vorm\t", "handmatigevorm");
	check_key("a.b,c;d", "abcd");
}

/* Allocate, scribble on and free a few small blocks, for reuse. */
static void
dirty_heap(void)
{
	void *p[4];
	size_t i;

	for (i = 0; i < 4; i++) {
		p[i] = malloc(64);
		assert_non_null(p[i]);
		memset(p[i], 'x', 64);
	}
	for (i = 0; i < 4; i++)
		free(p[i]);
}

static void
test_fold_key_empty(void **state)
{
	/* A name that folds to nothing gives the empty key "". */
	(void)state;
	dirty_heap();
	check_key("", "");
	dirty_heap();
	check_key("   ", "");
	dirty_heap();
	check_key("---", "");
	dirty_heap();
	check_key("\xe2\x80\x93", "");	/* en dash */
}

static void
test_fold_key_locale_and_number(void **state)
{
	(void)state;
	check_key("title/nl", "title");
	check_key("description/en", "description");
	check_key("description/pt-BR", "description");
	check_key("type/title/en", "type/title");
	check_key("type/title/nl", "type/title");
	check_key("approaches_2", "approaches");
	check_key("organizer_types_3", "organizertypes");
	check_key("Stap 3", "stap");
	check_key("vorm-1", "vorm");
	/* A number that is part of the word stays. */
	check_key("covid19", "covid19");
	/* A last segment that is no locale stays. */
	check_key("a/bcdef", "a/bcdef");
}

/* ------------------------------------------------------------------ */
/* sp_fold_codepoint                                                   */

static void
check_fold(uint32_t cp, const char *want, size_t wantlen)
{
	unsigned char out[4];
	size_t n = sp_fold_codepoint(cp, out);

	assert_int_equal(n, wantlen);
	if (wantlen > 0)
		assert_memory_equal(out, want, wantlen);
}

static void
test_fold_codepoint(void **state)
{
	(void)state;
	check_fold('A', "a", 1);
	check_fold('z', "z", 1);
	check_fold('7', "7", 1);
	check_fold(0xe9, "e", 1);	/* é */
	check_fold(0xc9, "e", 1);	/* É */
	check_fold(0xf6, "o", 1);	/* ö */
	check_fold(0xf1, "n", 1);	/* ñ */
	check_fold(0xe7, "c", 1);	/* ç */
	check_fold(0xdf, "ss", 2);	/* ß */
	check_fold(0x132, "ij", 2);	/* Ĳ */
	check_fold(0x133, "ij", 2);	/* ĳ */
	check_fold(0xe6, "ae", 2);	/* æ */
	check_fold(0xc6, "ae", 2);	/* Æ */
	check_fold(0x153, "oe", 2);	/* œ */
	check_fold(0xfe, "th", 2);	/* þ */
	check_fold(0x141, "l", 1);	/* Ł */
	check_fold(0x17e, "z", 1);	/* ž */
	/* Combining accents vanish. */
	check_fold(0x301, "", 0);
	/* Greek and Cyrillic capitals fold to small letters. */
	check_fold(0x3a9, "\xcf\x89", 2);	/* Ω -> ω */
	check_fold(0x414, "\xd0\xb4", 2);	/* Д -> д */
	/* Letters it does not know pass as UTF-8. */
	check_fold(0x4e2d, "\xe4\xb8\xad", 3);	/* 中 */
}

static void
test_fold_codepoint_separators(void **state)
{
	/*
	 * A separator folds to one space: the matcher and sp_fold_key rely
	 * on it as a word boundary (internal.h says "nothing ... (returns
	 * 0)", but 0 is what combining accents give: they join words).
	 */
	(void)state;
	check_fold(0x2013, " ", 1);	/* en dash */
	check_fold(0x2014, " ", 1);	/* em dash */
	check_fold(0x201c, " ", 1);	/* left double quote */
	check_fold(0xa0, " ", 1);	/* no-break space */
	check_fold(0xd7, " ", 1);	/* multiplication sign */
	check_fold('-', " ", 1);
	check_fold('_', " ", 1);
	check_fold(' ', " ", 1);
	check_fold(0xfeff, " ", 1);	/* BOM */
}

/* ------------------------------------------------------------------ */
/* sp_utf8_decode                                                      */

static void
check_decode(const char *s, size_t n, size_t wantlen, uint32_t wantcp)
{
	uint32_t cp = 0xdeadbeef;
	size_t len = sp_utf8_decode((const unsigned char *)s, n, &cp);

	assert_int_equal(len, wantlen);
	if (wantlen > 0)
		assert_int_equal(cp, wantcp);
}

static void
test_utf8_decode_valid(void **state)
{
	(void)state;
	check_decode("A", 1, 1, 0x41);
	check_decode("\x7f", 1, 1, 0x7f);
	check_decode("\xc2\x80", 2, 2, 0x80);
	check_decode("\xc3\xa9xyz", 5, 2, 0xe9);
	check_decode("\xdf\xbf", 2, 2, 0x7ff);
	check_decode("\xe0\xa0\x80", 3, 3, 0x800);
	check_decode("\xe2\x82\xac", 3, 3, 0x20ac);
	check_decode("\xef\xbf\xbd", 3, 3, 0xfffd);
	check_decode("\xf0\x90\x80\x80", 4, 4, 0x10000);
	check_decode("\xf0\x9f\x98\x80", 4, 4, 0x1f600);
	check_decode("\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff);
}

static void
test_utf8_decode_invalid(void **state)
{
	(void)state;
	/* Overlong forms. */
	check_decode("\xc0\xaf", 2, 0, 0);
	check_decode("\xc1\xbf", 2, 0, 0);
	check_decode("\xe0\x80\xaf", 3, 0, 0);
	check_decode("\xe0\x9f\xbf", 3, 0, 0);
	check_decode("\xf0\x80\x80\xaf", 4, 0, 0);
	check_decode("\xf0\x8f\xbf\xbf", 4, 0, 0);
	/* Surrogates. */
	check_decode("\xed\xa0\x80", 3, 0, 0);
	check_decode("\xed\xbf\xbf", 3, 0, 0);
	/* Past U+10FFFF. */
	check_decode("\xf4\x90\x80\x80", 4, 0, 0);
	check_decode("\xf5\x80\x80\x80", 4, 0, 0);
	/* Truncated: the bytes are there but n says they are not. */
	check_decode("\xc3\xa9", 1, 0, 0);
	check_decode("\xe2\x82\xac", 2, 0, 0);
	check_decode("\xf0\x9f\x98\x80", 3, 0, 0);
	/* A continuation byte where a lead byte belongs, bad continuations. */
	check_decode("\x80", 1, 0, 0);
	check_decode("\xbf", 1, 0, 0);
	check_decode("\xc3\x41", 2, 0, 0);
	check_decode("\xe2\x82\x41", 3, 0, 0);
	check_decode("\xff", 1, 0, 0);
	check_decode("\xfe", 1, 0, 0);
}

static void
test_utf8_encode(void **state)
{
	unsigned char out[4];
	uint32_t cp;

	(void)state;
	assert_int_equal(sp_utf8_encode(0xe9, out), 2);
	assert_memory_equal(out, "\xc3\xa9", 2);
	assert_int_equal(sp_utf8_encode(0x20ac, out), 3);
	assert_memory_equal(out, "\xe2\x82\xac", 3);
	assert_int_equal(sp_utf8_encode(0x1f600, out), 4);
	assert_memory_equal(out, "\xf0\x9f\x98\x80", 4);
	/* Round trip over the planes, skipping surrogates. */
	for (cp = 0; cp <= 0x10ffff; cp += 0x3f) {
		uint32_t back = 0;
		size_t n;

		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = sp_utf8_encode(cp, out);
		assert_int_equal(sp_utf8_decode(out, n, &back), n);
		assert_int_equal(back, cp);
	}
}

static void
test_cp1252_codepoint(void **state)
{
	(void)state;
	assert_int_equal(sp_cp1252_codepoint(0x41), 0x41);
	assert_int_equal(sp_cp1252_codepoint(0x80), 0x20ac);	/* € */
	assert_int_equal(sp_cp1252_codepoint(0x93), 0x201c);	/* “ */
	assert_int_equal(sp_cp1252_codepoint(0x94), 0x201d);	/* ” */
	assert_int_equal(sp_cp1252_codepoint(0x96), 0x2013);	/* – */
	assert_int_equal(sp_cp1252_codepoint(0x9f), 0x178);	/* Ÿ */
	assert_int_equal(sp_cp1252_codepoint(0x81), 0x81);	/* undefined */
	assert_int_equal(sp_cp1252_codepoint(0xe9), 0xe9);	/* é */
}

/* ------------------------------------------------------------------ */
/* sp_is_blank_value                                                   */

static int
blank(const char *s)
{
	return sp_is_blank_value(s, strlen(s));
}

static void
test_is_blank_value(void **state)
{
	(void)state;
	assert_int_equal(blank(""), 1);
	assert_int_equal(blank("  "), 1);
	assert_int_equal(blank("\t"), 1);
	assert_int_equal(blank("-"), 1);
	assert_int_equal(blank("--"), 1);
	assert_int_equal(blank("n.v.t."), 1);
	assert_int_equal(blank("N.V.T."), 1);
	assert_int_equal(blank("nvt"), 1);
	assert_int_equal(blank("N/A"), 1);
	assert_int_equal(blank("n/a"), 1);
	assert_int_equal(blank("nee"), 1);
	assert_int_equal(blank("Nee"), 1);
	assert_int_equal(blank("geen"), 1);
	assert_int_equal(blank(" geen "), 1);
	assert_int_equal(blank("none"), 1);
	assert_int_equal(blank("onbekend"), 1);
	/* Dashes and dots as a word processor writes them. */
	assert_int_equal(blank("\xe2\x80\x94"), 1);		/* em dash */
	assert_int_equal(blank(" \xe2\x80\x93 "), 1);	/* en dash */
	assert_int_equal(blank("\xe2\x88\x92"), 1);		/* minus */
	assert_int_equal(blank("\xe2\x80\xa6"), 1);		/* ellipsis */
	assert_int_equal(blank("\xc2\xa0"), 1);		/* no-break space */

	assert_int_equal(blank("x"), 0);
	assert_int_equal(blank("gemeente"), 0);
	assert_int_equal(blank("geen idee"), 0);
	assert_int_equal(blank("neen"), 0);
	assert_int_equal(blank("Tracébesluit"), 0);
	assert_int_equal(blank("é"), 0);
	assert_int_equal(blank("\xe2\x80\x94x"), 0);
	assert_int_equal(blank("\xe2\x80"), 0);		/* cut short */
	assert_int_equal(blank("\xe2\x82\xac"), 0);		/* euro sign */
	assert_int_equal(blank("a very long value that is no placeholder"), 0);
	/* The length counts, not the NUL. */
	assert_int_equal(sp_is_blank_value("-x", 1), 1);
	assert_int_equal(sp_is_blank_value("\0x", 2), 0);
}

/* ------------------------------------------------------------------ */
/* sp_buf_append_excerpt                                               */

static void
check_excerpt(const char *prefix, const char *s, size_t n, size_t max,
    const char *want)
{
	sp_buf b = { 0 };

	assert_int_equal(sp_buf_puts(&b, prefix), 0);
	assert_int_equal(sp_buf_append_excerpt(&b, s, n, max), 0);
	assert_string_equal(sp_buf_str(&b), want);
	assert_int_equal(b.len, strlen(want));
	sp_buf_free(&b);
}

static void
test_excerpt(void **state)
{
	(void)state;
	/* Short enough: whole. */
	check_excerpt("", "abcde", 5, 5, "abcde");
	check_excerpt("", "abc", 3, 60, "abc");
	/* Cut, with an ellipsis. */
	check_excerpt("", "abcdef", 6, 5, "abcde\xe2\x80\xa6");
	/* A cut inside é (c3 a9) backs up to its start. */
	check_excerpt("", "abcd\xc3\xa9xyz", 8, 5, "abcd\xe2\x80\xa6");
	/* Inside € (e2 82 ac) at either continuation byte. */
	check_excerpt("", "ab\xe2\x82\xacxyz", 8, 3, "ab\xe2\x80\xa6");
	check_excerpt("", "ab\xe2\x82\xacxyz", 8, 4, "ab\xe2\x80\xa6");
	check_excerpt("", "ab\xe2\x82\xacxyz", 8, 5, "ab\xe2\x82\xac\xe2\x80\xa6");
	/* Line breaks, tabs and NULs become spaces. */
	check_excerpt("", "a\nb\r\nc\td", 8, 60, "a b  c d");
	check_excerpt("", "a\0b", 3, 60, "a b");
	/* Surrounding white space goes. */
	check_excerpt("", "  \n hello \r\n", 12, 60, "hello");
	/* It appends. */
	check_excerpt("x: ", "value", 5, 60, "x: value");
	check_excerpt("x: ", "", 0, 60, "x: ");
}

/* ------------------------------------------------------------------ */
/* sp_field_lookup                                                     */

static int
lookup(const char *name)
{
	return sp_field_lookup(name, strlen(name));
}

static void
test_field_lookup_canonical(void **state)
{
	sp_field f;

	(void)state;
	for (f = 0; f < SP_FIELD_TEXT; f++)
		assert_int_equal(lookup(sp_field_name(f)), f);
	/*
	 * The field is called type (as in -m type=COLUMN), but a register's
	 * column is taken for it by the Decidim export name only: a plain
	 * "type" column of some register is no evidence of a citizens'
	 * initiative.
	 */
	assert_string_equal(sp_field_name(SP_FIELD_TYPE), "type");
	{
		static const char csv[] = "type,naam\nx,y\n";
		sp_reader *r = sp_reader_new();
		sp_schema *sc;

		assert_non_null(r);
		assert_int_equal(sp_reader_open_mem(r, csv, sizeof csv - 1,
		    "t"), SP_OK);
		sc = sp_schema_new(sp_reader_header(r));
		assert_non_null(sc);
		assert_int_equal(sp_schema_column(sc, SP_FIELD_TYPE), -1);
		assert_int_equal(sp_schema_column(sc, SP_FIELD_NAME), 1);
		sp_schema_free(sc);
		sp_reader_free(r);
	}
	assert_string_equal(sp_field_name(SP_FIELD_GOVERNMENT_ROLE),
	    "government_role");
	assert_string_equal(sp_field_name(SP_FIELD_MANUAL_FORM), "manual_form");
	assert_string_equal(sp_field_name(SP_FIELD_FORM_LABEL), "form_label");
	assert_string_equal(sp_field_name(SP_FIELD_COUNT), "");
}

static void
test_field_lookup_aliases(void **state)
{
	(void)state;
	/* Every alias group of DESIGN.md. */
	assert_int_equal(lookup("id"), SP_FIELD_ID);
	assert_int_equal(lookup("nr"), SP_FIELD_ID);
	assert_int_equal(lookup("Nummer"), SP_FIELD_ID);
	assert_int_equal(lookup("name"), SP_FIELD_NAME);
	assert_int_equal(lookup("naam"), SP_FIELD_NAME);
	assert_int_equal(lookup("Titel"), SP_FIELD_NAME);
	assert_int_equal(lookup("title"), SP_FIELD_NAME);
	assert_int_equal(lookup("initiator"), SP_FIELD_INITIATOR);
	assert_int_equal(lookup("Initiatiefnemer"), SP_FIELD_INITIATOR);
	assert_int_equal(lookup("owner"), SP_FIELD_OWNER);
	assert_int_equal(lookup("eigenaar"), SP_FIELD_OWNER);
	assert_int_equal(lookup("government_role"), SP_FIELD_GOVERNMENT_ROLE);
	assert_int_equal(lookup("rol_overheid"), SP_FIELD_GOVERNMENT_ROLE);
	assert_int_equal(lookup("Rol overheid"), SP_FIELD_GOVERNMENT_ROLE);
	assert_int_equal(lookup("Government Role"), SP_FIELD_GOVERNMENT_ROLE);
	assert_int_equal(lookup("reaction_to"), SP_FIELD_REACTION_TO);
	assert_int_equal(lookup("reactie_op"), SP_FIELD_REACTION_TO);
	assert_int_equal(lookup("Reactie op"), SP_FIELD_REACTION_TO);
	assert_int_equal(lookup("alternatief_voor"), SP_FIELD_REACTION_TO);
	assert_int_equal(lookup("Alternatief voor"), SP_FIELD_REACTION_TO);
	assert_int_equal(lookup("description"), SP_FIELD_DESCRIPTION);
	assert_int_equal(lookup("omschrijving"), SP_FIELD_DESCRIPTION);
	assert_int_equal(lookup("Beschrijving"), SP_FIELD_DESCRIPTION);
	assert_int_equal(lookup("toelichting"), SP_FIELD_DESCRIPTION);
	assert_int_equal(lookup("step"), SP_FIELD_STEP);
	assert_int_equal(lookup("stap"), SP_FIELD_STEP);
	assert_int_equal(lookup("track"), SP_FIELD_TRACK);
	assert_int_equal(lookup("spoor"), SP_FIELD_TRACK);
	assert_int_equal(lookup("form"), SP_FIELD_FORM);
	assert_int_equal(lookup("vorm"), SP_FIELD_FORM);
	assert_int_equal(lookup("manual_form"), SP_FIELD_MANUAL_FORM);
	assert_int_equal(lookup("handmatige_vorm"), SP_FIELD_MANUAL_FORM);
	assert_int_equal(lookup("Handmatige vorm"), SP_FIELD_MANUAL_FORM);
	assert_int_equal(lookup("Manual-Form"), SP_FIELD_MANUAL_FORM);
	assert_int_equal(lookup("date"), SP_FIELD_DATE);
	assert_int_equal(lookup("datum"), SP_FIELD_DATE);
	assert_int_equal(lookup("form_label"), SP_FIELD_FORM_LABEL);
	assert_int_equal(lookup("confidence"), SP_FIELD_CONFIDENCE);
	assert_int_equal(lookup("reason"), SP_FIELD_REASON);
	assert_int_equal(lookup("scores"), SP_FIELD_SCORES);
}

static void
test_field_lookup_exports(void **state)
{
	(void)state;
	/* Decidim. */
	assert_int_equal(lookup("title/nl"), SP_FIELD_NAME);
	assert_int_equal(lookup("title/en"), SP_FIELD_NAME);
	assert_int_equal(lookup("description/en"), SP_FIELD_DESCRIPTION);
	assert_int_equal(lookup("description/nl"), SP_FIELD_DESCRIPTION);
	assert_int_equal(lookup("type/title/nl"), SP_FIELD_TYPE);
	assert_int_equal(lookup("type/title/en"), SP_FIELD_TYPE);
	/* Participedia. */
	assert_int_equal(lookup("public_spectrum"), SP_FIELD_PUBLIC_SPECTRUM);
	assert_int_equal(lookup("approaches_1"), SP_FIELD_APPROACHES);
	assert_int_equal(lookup("approaches_2"), SP_FIELD_APPROACHES);
	assert_int_equal(lookup("approaches_3"), SP_FIELD_APPROACHES);
	assert_int_equal(lookup("organizer_types_1"), SP_FIELD_ORGANIZER_TYPES);
	assert_int_equal(lookup("organizer_types_3"), SP_FIELD_ORGANIZER_TYPES);
	/* Surrounding spaces do not matter. */
	assert_int_equal(lookup(" Eigenaar "), SP_FIELD_OWNER);
}

static void
test_field_lookup_unknown(void **state)
{
	(void)state;
	assert_int_equal(lookup("foo"), -1);
	assert_int_equal(lookup(""), -1);
	assert_int_equal(lookup("   "), -1);
	assert_int_equal(lookup("expected_form"), -1);
	assert_int_equal(lookup("kind"), -1);
	assert_int_equal(lookup("names"), -1);
	assert_int_equal(lookup("nam"), -1);
	assert_int_equal(lookup("title/"), -1);
	assert_int_equal(lookup("/nl"), -1);
	/* Only the given length counts. */
	assert_int_equal(sp_field_lookup("naamloos", 4), SP_FIELD_NAME);
}

static void
test_field_describe(void **state)
{
	char buf[256], small[8];
	size_t n;

	(void)state;
	n = sp_field_describe(1UL << SP_FIELD_TRACK | 1UL << SP_FIELD_SCORES,
	    buf, sizeof buf);
	assert_string_equal(buf, "track (spoor), scores");
	assert_int_equal(n, strlen("track (spoor), scores"));
	/* Truncated, NUL-terminated, and the length needed returned. */
	n = sp_field_describe(1UL << SP_FIELD_TRACK, small, sizeof small);
	assert_string_equal(small, "track (");
	assert_int_equal(n, strlen("track (spoor)"));
}

/* ------------------------------------------------------------------ */
/* Settings                                                            */

static void
check_lang(const char *name, sp_status want, sp_lang wantlang)
{
	sp_lang lang = (sp_lang)42;

	assert_int_equal(sp_lang_parse(name, &lang), want);
	if (want == SP_OK)
		assert_int_equal(lang, wantlang);
}

static void
test_lang_parse(void **state)
{
	(void)state;
	check_lang("nl", SP_OK, SP_LANG_NL);
	check_lang("NL", SP_OK, SP_LANG_NL);
	check_lang("nl_NL.UTF-8", SP_OK, SP_LANG_NL);
	check_lang("nl_BE", SP_OK, SP_LANG_NL);
	check_lang("en", SP_OK, SP_LANG_EN);
	check_lang("en_GB.UTF-8", SP_OK, SP_LANG_EN);
	check_lang("C", SP_OK, SP_LANG_EN);
	check_lang("C.UTF-8", SP_OK, SP_LANG_EN);
	check_lang("POSIX", SP_OK, SP_LANG_EN);
	check_lang("de", SP_EINVAL, SP_LANG_EN);
	check_lang("fr_FR.UTF-8", SP_EINVAL, SP_LANG_EN);
	check_lang("", SP_EINVAL, SP_LANG_EN);
	check_lang("n", SP_EINVAL, SP_LANG_EN);
	check_lang(NULL, SP_EINVAL, SP_LANG_EN);
}

static void
test_lang_default(void **state)
{
	(void)state;
	/* run.sh unsets SAMENSPEL_* and sets LC_ALL=C. */
	assert_int_equal(setenv("LC_ALL", "C", 1), 0);
	assert_int_equal(unsetenv("SAMENSPEL_LANG"), 0);
	assert_int_equal(sp_lang_default(), SP_LANG_EN);
	assert_int_equal(setenv("LC_ALL", "nl_NL.UTF-8", 1), 0);
	assert_int_equal(sp_lang_default(), SP_LANG_NL);
	assert_int_equal(setenv("SAMENSPEL_LANG", "en", 1), 0);
	assert_int_equal(sp_lang_default(), SP_LANG_EN);
	assert_int_equal(setenv("SAMENSPEL_LANG", "nl", 1), 0);
	assert_int_equal(setenv("LC_ALL", "C", 1), 0);
	assert_int_equal(sp_lang_default(), SP_LANG_NL);
	/* An empty variable is skipped. */
	assert_int_equal(setenv("SAMENSPEL_LANG", "", 1), 0);
	assert_int_equal(setenv("LC_ALL", "", 1), 0);
	assert_int_equal(setenv("LC_MESSAGES", "nl_BE", 1), 0);
	assert_int_equal(sp_lang_default(), SP_LANG_NL);
	assert_int_equal(unsetenv("LC_MESSAGES"), 0);
	assert_int_equal(unsetenv("SAMENSPEL_LANG"), 0);
	assert_int_equal(setenv("LC_ALL", "C", 1), 0);
}

static void
check_enc(const char *name, sp_status want, sp_encoding wantenc)
{
	sp_encoding enc = (sp_encoding)42;

	assert_int_equal(sp_encoding_parse(name, &enc), want);
	if (want == SP_OK)
		assert_int_equal(enc, wantenc);
}

static void
test_encoding_parse(void **state)
{
	(void)state;
	check_enc("utf-8", SP_OK, SP_ENC_UTF8);
	check_enc("UTF-8", SP_OK, SP_ENC_UTF8);
	check_enc("utf8", SP_OK, SP_ENC_UTF8);
	check_enc("cp1252", SP_OK, SP_ENC_CP1252);
	check_enc("windows-1252", SP_OK, SP_ENC_CP1252);
	check_enc("latin1", SP_OK, SP_ENC_LATIN1);
	check_enc("ISO-8859-1", SP_OK, SP_ENC_LATIN1);
	check_enc("iso-8859-1", SP_OK, SP_ENC_LATIN1);
	check_enc("ebcdic", SP_EINVAL, SP_ENC_UTF8);
	check_enc("utf-16", SP_OK, SP_ENC_UTF16LE);
	check_enc("UTF-16LE", SP_OK, SP_ENC_UTF16LE);
	check_enc("utf-16be", SP_OK, SP_ENC_UTF16BE);
	check_enc("utf-32", SP_EINVAL, SP_ENC_UTF8);
	check_enc("", SP_EINVAL, SP_ENC_UTF8);
	check_enc(NULL, SP_EINVAL, SP_ENC_UTF8);
}

static void
check_delim(const char *name, sp_status want, int wantdelim)
{
	int delim = 42;

	assert_int_equal(sp_delimiter_parse(name, &delim), want);
	if (want == SP_OK)
		assert_int_equal(delim, wantdelim);
}

static void
test_delimiter_parse(void **state)
{
	(void)state;
	check_delim(",", SP_OK, ',');
	check_delim(";", SP_OK, ';');
	check_delim("|", SP_OK, '|');
	check_delim("\t", SP_OK, '\t');
	check_delim("tab", SP_OK, '\t');
	check_delim("auto", SP_OK, 0);
	check_delim("x", SP_EINVAL, 0);
	check_delim(",,", SP_EINVAL, 0);
	check_delim("", SP_EINVAL, 0);
	check_delim(" ", SP_EINVAL, 0);
	check_delim(":", SP_EINVAL, 0);
	check_delim("\"", SP_EINVAL, 0);
	check_delim("TAB ", SP_EINVAL, 0);
	check_delim(NULL, SP_EINVAL, 0);
}

static void
test_version_and_strerror(void **state)
{
	(void)state;
	assert_string_equal(sp_version(), SAMENSPEL_VERSION);
	assert_string_equal(sp_strerror(SP_OK), "success");
	assert_string_equal(sp_strerror(SP_ERECORD), "bad record");
	assert_string_equal(sp_strerror(SP_EHEADER), "bad header");
	assert_string_equal(sp_strerror(SP_EIO), "input/output error");
	assert_string_equal(sp_strerror((sp_status)99), "unknown error");
	assert_string_equal(sp_form_label(0, SP_LANG_EN), "undetermined");
	assert_string_equal(sp_form_label(2, SP_LANG_NL),
	    "maatschappelijk initiatief");
	assert_string_equal(sp_form_label(9, SP_LANG_EN), "undetermined");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_key_case_and_accents),
		cmocka_unit_test(test_fold_key_separators),
		cmocka_unit_test(test_fold_key_empty),
		cmocka_unit_test(test_fold_key_locale_and_number),
		cmocka_unit_test(test_fold_codepoint),
		cmocka_unit_test(test_fold_codepoint_separators),
		cmocka_unit_test(test_utf8_decode_valid),
		cmocka_unit_test(test_utf8_decode_invalid),
		cmocka_unit_test(test_utf8_encode),
		cmocka_unit_test(test_cp1252_codepoint),
		cmocka_unit_test(test_is_blank_value),
		cmocka_unit_test(test_excerpt),
		cmocka_unit_test(test_field_lookup_canonical),
		cmocka_unit_test(test_field_lookup_aliases),
		cmocka_unit_test(test_field_lookup_exports),
		cmocka_unit_test(test_field_lookup_unknown),
		cmocka_unit_test(test_field_describe),
		cmocka_unit_test(test_lang_parse),
		cmocka_unit_test(test_lang_default),
		cmocka_unit_test(test_encoding_parse),
		cmocka_unit_test(test_delimiter_parse),
		cmocka_unit_test(test_version_and_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
