/*
 * test_classify.c - the classifier through the public API, with the
 * built-in rules and small registers held in memory; the rules loader
 * and writer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "samenspel.h"

#define S(lit)	(lit), (sizeof(lit) - 1)

static sp_rules *builtin;

static int
setup(void **state)
{
	(void)state;
	return sp_rules_builtin(&builtin) == SP_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	sp_rules_free(builtin);
	return 0;
}

/* ------------------------------------------------------------------ */
/* A register in memory, bound to a classifier                         */

struct fx {
	sp_reader	*rd;
	sp_schema	*schema;
	sp_classifier	*c;
};

/* Open a register (header and rows) and bind a classifier to it. */
static void
fx_open(struct fx *fx, const char *csv, sp_lang lang)
{
	fx->rd = sp_reader_new();
	assert_non_null(fx->rd);
	assert_int_equal(sp_reader_open_mem(fx->rd, csv, strlen(csv), "mem"),
	    SP_OK);
	fx->schema = sp_schema_new(sp_reader_header(fx->rd));
	assert_non_null(fx->schema);
	fx->c = sp_classifier_new(builtin);
	assert_non_null(fx->c);
	sp_classifier_set_lang(fx->c, lang);
	assert_int_equal(sp_classifier_bind(fx->c, fx->schema), SP_OK);
}

/* Classify the next row. */
static const sp_record *
fx_next(struct fx *fx)
{
	const sp_record *rec = NULL;

	assert_int_equal(sp_reader_next(fx->rd, &rec), SP_OK);
	assert_int_equal(sp_classify(fx->c, rec), SP_OK);
	return rec;
}

static void
fx_close(struct fx *fx)
{
	sp_classifier_free(fx->c);
	sp_schema_free(fx->schema);
	sp_reader_free(fx->rd);
}

/* The result of the next row: form, confidence and reason. */
static void
expect(struct fx *fx, int form, int confidence, const char *reason)
{
	fx_next(fx);
	assert_int_equal(sp_classifier_form(fx->c), form);
	assert_int_equal(sp_classifier_confidence(fx->c), confidence);
	if (reason != NULL)
		assert_string_equal(sp_classifier_reason(fx->c), reason);
}

/* A register of one row, classified in English. */
static void
one(const char *csv, int form, int confidence, const char *reason)
{
	struct fx fx;

	fx_open(&fx, csv, SP_LANG_EN);
	expect(&fx, form, confidence, reason);
	fx_close(&fx);
}

/* The confidence formula of samenspel.h, in hundredths, rounded. */
static int
formula(long s1, long s2)
{
	/* (2*S1 - S2) / (2*(S1 + 2)), with S in hundredths. */
	long num = (2 * s1 - s2) * 100, den = 2 * (s1 + 200);

	return (int)((num + den / 2) / den);
}

/* ------------------------------------------------------------------ */
/* manual_form                                                         */

static void
test_manual_form_wins(void **state)
{
	struct fx fx;
	int f;

	(void)state;
	/* Against strong evidence for another form. */
	fx_open(&fx, "name,owner,reaction_to,manual_form\n"
	    "a,gemeente,plan X,1\n"
	    "b,gemeente,plan X,2\n"
	    "c,gemeente,,3\n"
	    "d,bewoners,,4\n"
	    "e,gemeente,, 2 \n", SP_LANG_EN);
	for (f = 1; f <= 4; f++)
		expect(&fx, f, 100, "manual");
	expect(&fx, 2, 100, "manual");
	fx_close(&fx);

	/* In Dutch, with a Dutch column name. */
	fx_open(&fx, "naam;Handmatige vorm\nx;3\n", SP_LANG_NL);
	expect(&fx, 3, 100, "handmatig");
	fx_close(&fx);
}

static void
test_manual_form_invalid(void **state)
{
	struct fx fx;

	(void)state;
	fx_open(&fx, "owner,manual_form\n"
	    "gemeente,5\n"
	    "gemeente,x\n"
	    "gemeente,0\n"
	    "gemeente,12\n"
	    "gemeente,\n", SP_LANG_EN);
	expect(&fx, 1, 75, "[1] owner \"gemeente\": government owns the plan "
	    "(§2.1); manual_form \"5\" ignored: not a form 1-4");
	expect(&fx, 1, 75, "[1] owner \"gemeente\": government owns the plan "
	    "(§2.1); manual_form \"x\" ignored: not a form 1-4");
	expect(&fx, 1, 75, "[1] owner \"gemeente\": government owns the plan "
	    "(§2.1); manual_form \"0\" ignored: not a form 1-4");
	expect(&fx, 1, 75, "[1] owner \"gemeente\": government owns the plan "
	    "(§2.1); manual_form \"12\" ignored: not a form 1-4");
	/* Empty: nothing to mention. */
	expect(&fx, 1, 75, "[1] owner \"gemeente\": government owns the plan "
	    "(§2.1)");
	fx_close(&fx);

	/* Nothing else to go on: form 0, and the value still mentioned. */
	fx_open(&fx, "naam,handmatige_vorm\nx,vijf\n", SP_LANG_NL);
	expect(&fx, 0, 0, "geen aanwijzingen in de herkende kolommen; "
	    "handmatige_vorm \"vijf\" genegeerd: geen vorm 1-4");
	fx_close(&fx);
}

/* ------------------------------------------------------------------ */
/* The structured columns                                              */

static void
test_reaction_to(void **state)
{
	struct fx fx;

	(void)state;
	fx_open(&fx, "name,reaction_to\n"
	    "Bypass,Tracébesluit A27\n"
	    "Bypass,-\n"
	    "Bypass,n.v.t.\n"
	    "Bypass,  \n", SP_LANG_EN);
	/* S1 = 40.00, S2 = 0: (80 / 84) = 0.95. */
	expect(&fx, 4, 95, "[4] reaction_to \"Tracébesluit A27\": society "
	    "answers a government plan with a solution of its own (§2.4)");
	expect(&fx, 0, 0, "no evidence in the recognised columns");
	expect(&fx, 0, 0, "no evidence in the recognised columns");
	expect(&fx, 0, 0, "no evidence in the recognised columns");
	fx_close(&fx);

	/* Under a Dutch name. */
	one("naam,Alternatief voor\nx,het bestemmingsplan\n", 4, 95, NULL);
}

static void
test_owner(void **state)
{
	(void)state;
	one("name,owner\nx,gemeente\n", 1, 75,
	    "[1] owner \"gemeente\": government owns the plan (§2.1)");
	one("name,owner\nx,Gemeente Utrecht\n", 1, 75, NULL);
	one("name,owner\nx,Rijkswaterstaat\n", 1, 75, NULL);
	one("name,owner\nx,bewoners\n", 2, 75,
	    "[2] owner \"bewoners\": society owns the initiative (§2.2)");
	one("name,eigenaar\nx,Stichting Groen\n", 2, 75, NULL);
	/* Shared: 3 gets 12, 1 and 2 get 6 - 6. */
	one("name,owner\nx,gemeente en stichting\n", 3, 86, NULL);
	one("name,owner\nx,gezamenlijk\n", 3, 86,
	    "[3] owner \"gezamenlijk\": shared ownership (§2.3)");
	/* "rijk" is a word, not a part of one. */
	one("name,owner\nx,belangrijk\n", 0, 0,
	    "no evidence in the recognised columns");
}

static void
test_owner_shared_reason(void **state)
{
	struct fx fx;

	(void)state;
	fx_open(&fx, "name,owner\nx,gemeente en stichting\n", SP_LANG_EN);
	fx_next(&fx);
	assert_int_equal(sp_classifier_form(fx.c), 3);
	assert_int_equal(sp_classifier_score(fx.c, 1), 0);
	assert_int_equal(sp_classifier_score(fx.c, 2), 0);
	assert_int_equal(sp_classifier_score(fx.c, 3), 1200);
	assert_int_equal(sp_classifier_score(fx.c, 4), 0);
	assert_int_equal(sp_classifier_confidence(fx.c), formula(1200, 0));
	/*
	 * The winner's evidence first, then the rest by weight (equal
	 * weights in the order of the rules).
	 */
	assert_string_equal(sp_classifier_reason(fx.c),
	    "[3] owner \"gemeente en stichting\": ownership shared by "
	    "government and society (§2.3); "
	    "[1] owner \"gemeente en stichting\": shared ownership: not the "
	    "government alone (§2.3); "
	    "[2] owner \"gemeente en stichting\": shared ownership: not "
	    "society alone (§2.3); "
	    "[1] owner \"gemeente en stichting\": government owns the plan "
	    "(§2.1); "
	    "[2] owner \"gemeente en stichting\": society owns the initiative "
	    "(§2.2)");
	fx_close(&fx);
}

static void
test_government_role(void **state)
{
	(void)state;
	one("name,government_role\nx,partner\n", 3, 86,
	    "[3] government_role \"partner\": government is an equal partner "
	    "(Appendix 1; §2.3)");
	one("naam,Rol overheid\nx,Gelijkwaardig partner\n", 3, 86, NULL);
	one("name,government_role\nx,faciliteren\n", 2, 67, NULL);
	one("name,government_role\nx,regisseren\n", 1, 67, NULL);
	one("name,government_role\nx,geen\n", 2, 60, NULL);
}

static void
test_protest_without_alternative(void **state)
{
	struct fx fx;

	(void)state;
	fx_open(&fx, "name,description\n"
	    "Kap,Bewoners protesteren tegen de kap\n"
	    "Kap,Bewoners protesteren tegen de kap en komen met een "
	    "alternatief plan voor de bomen\n", SP_LANG_EN);
	fx_next(&fx);
	assert_int_equal(sp_classifier_form(fx.c), 0);
	assert_int_equal(sp_classifier_confidence(fx.c), 0);
	assert_int_equal(sp_classifier_score(fx.c, 2), -100);
	assert_int_equal(sp_classifier_score(fx.c, 4), -100);
	assert_string_equal(sp_classifier_reason(fx.c),
	    "too little evidence (score 0.00, 1.00 needed): "
	    "[2] description \"protesteren\": a protest or objection is not "
	    "an initiative society carries out itself (§2.2); "
	    "[4] description \"protesteren\": a protest or objection counts "
	    "as form 4 only with an alternative solution (§2.4); "
	    "[2] description \"Bewoners\": parties from society mentioned "
	    "(§2.2)");
	/* With an alternative it is form 4. */
	fx_next(&fx);
	assert_int_equal(sp_classifier_form(fx.c), 4);
	assert_int_equal(sp_classifier_score(fx.c, 4), 500);
	assert_int_equal(sp_classifier_confidence(fx.c), formula(500, 0));
	assert_int_equal(sp_classifier_confidence(fx.c), 71);
	fx_close(&fx);
}

static void
test_too_little_evidence(void **state)
{
	(void)state;
	one("name,description\nx,De bewoners\n", 0, 0,
	    "too little evidence (score 0.50, 1.00 needed): "
	    "[2] description \"bewoners\": parties from society mentioned "
	    "(§2.2)");
}

static void
test_decidim_html_reason(void **state)
{
	struct fx fx;
	const char *reason;

	/*
	 * A Decidim description holds HTML. The reason quotes the words
	 * that matched, not the tag after them or a part of an entity.
	 */
	(void)state;
	fx_open(&fx, "title/nl,description/nl,type/title/nl\n"
	    "Zon,\"<p>De Energieco&ouml;peratie van bewoners</p>\",\n",
	    SP_LANG_EN);
	fx_next(&fx);
	assert_int_equal(sp_classifier_form(fx.c), 2);
	assert_int_equal(sp_classifier_score(fx.c, 2), 150);
	assert_int_equal(sp_classifier_confidence(fx.c), formula(150, 0));
	reason = sp_classifier_reason(fx.c);
	if (strstr(reason, "; [2] description/nl \"bewoners\": parties from "
	    "society mentioned (§2.2)") == NULL ||
	    strstr(reason, "[2] description/nl \"Energieco") == NULL)
		fail_msg("reason: %s", reason);
	fx_close(&fx);
}

static void
test_no_evidence(void **state)
{
	struct fx fx;

	(void)state;
	one("name,description\nx,y\n", 0, 0,
	    "no evidence in the recognised columns");
	one("name,description,owner\n,,\n", 0, 0,
	    "no evidence in the recognised columns");
	fx_open(&fx, "naam,omschrijving\nx,y\n", SP_LANG_NL);
	expect(&fx, 0, 0, "geen aanwijzingen in de herkende kolommen");
	assert_string_equal(sp_form_label(sp_classifier_form(fx.c), SP_LANG_NL),
	    "niet te bepalen");
	fx_close(&fx);
}

static void
test_confidence_formula(void **state)
{
	struct fx fx;
	long s1, s2;

	(void)state;
	fx_open(&fx, "name,owner,initiator,government_role,description\n"
	    "a,gemeente,bewoners,,\n"
	    "b,,,faciliteren,Een inspraakavond over het plan\n", SP_LANG_EN);

	/* Owner government (1: 6.00), initiator society (2: 3.00). */
	fx_next(&fx);
	s1 = sp_classifier_score(fx.c, 1);
	s2 = sp_classifier_score(fx.c, 2);
	assert_int_equal(s1, 600);
	assert_int_equal(s2, 300);
	assert_int_equal(sp_classifier_score(fx.c, 3), 0);
	assert_int_equal(sp_classifier_score(fx.c, 4), 0);
	assert_int_equal(sp_classifier_form(fx.c), 1);
	/* (12 - 3) / (2 * 8) = 0.5625 */
	assert_int_equal(sp_classifier_confidence(fx.c), formula(s1, s2));
	assert_int_equal(sp_classifier_confidence(fx.c), 56);

	/* Role facilitating (2: 4.00), "inspraakavond" (1: 1.50). */
	fx_next(&fx);
	s1 = sp_classifier_score(fx.c, 2);
	s2 = sp_classifier_score(fx.c, 1);
	assert_int_equal(s1, 400);
	assert_int_equal(s2, 150);
	assert_int_equal(sp_classifier_form(fx.c), 2);
	/* (8 - 1.5) / (2 * 6) = 0.541666 */
	assert_int_equal(sp_classifier_confidence(fx.c), formula(s1, s2));
	assert_int_equal(sp_classifier_confidence(fx.c), 54);
	assert_string_equal(sp_classifier_reason(fx.c),
	    "[2] government_role \"faciliteren\": government stimulates, "
	    "facilitates or lets go (ROB ladder; §2.2); "
	    "[1] description \"inspraakavond\": the public takes part in a "
	    "government plan (§2.1)");
	fx_close(&fx);
}

static void
test_tie(void **state)
{
	struct fx fx;

	(void)state;
	/* 1: owner government 6.00; 2: initiator 3.00 + role none 3.00. */
	fx_open(&fx, "name,owner,initiator,government_role\n"
	    "x,gemeente,bewoners,geen\n", SP_LANG_EN);
	fx_next(&fx);
	assert_int_equal(sp_classifier_score(fx.c, 1), 600);
	assert_int_equal(sp_classifier_score(fx.c, 2), 600);
	assert_int_equal(sp_classifier_form(fx.c), 0);
	assert_int_equal(sp_classifier_confidence(fx.c), 0);
	assert_string_equal(sp_classifier_reason(fx.c),
	    "tie between forms 1 and 2 (score 6.00): "
	    "[1] owner \"gemeente\": government owns the plan (§2.1); "
	    "[2] government_role \"geen\": government is not involved "
	    "(Appendix 1); "
	    "[2] initiator \"bewoners\": the initiative comes from society "
	    "(§2.2)");
	fx_close(&fx);
}

static void
test_bind_unknown_header(void **state)
{
	sp_reader *rd;
	sp_schema *schema;
	sp_classifier *c;
	const char *msg;

	(void)state;
	rd = sp_reader_new();
	assert_non_null(rd);
	assert_int_equal(sp_reader_open_mem(rd, S("foo,bar,id,datum\n1,2,3,4\n"),
	    "mem"), SP_OK);
	schema = sp_schema_new(sp_reader_header(rd));
	assert_non_null(schema);
	c = sp_classifier_new(builtin);
	assert_non_null(c);
	assert_int_equal(sp_classifier_bind(c, schema), SP_EHEADER);
	msg = sp_classifier_error(c);
	assert_non_null(strstr(msg, "no recognised column; known columns are "));
	assert_ptr_equal(strstr(msg, "no recognised column"), msg);
	assert_non_null(strstr(msg, "name (naam, titel, title"));
	assert_non_null(strstr(msg, "owner (eigenaar"));
	assert_non_null(strstr(msg, "government_role (rol_overheid"));
	assert_non_null(strstr(msg, "reaction_to (reactie_op, alternatief_voor"));
	assert_non_null(strstr(msg, "description (omschrijving, beschrijving, "
	    "toelichting"));
	assert_non_null(strstr(msg, "manual_form (handmatige_vorm"));
	/* The list is whole: it ends with the last evidence field. */
	assert_true(strlen(msg) > 45);
	assert_string_equal(msg + strlen(msg) - 45,
	    "type/title (initiative_type, type_initiatief)");
	/* id and date hold no evidence: not offered as a way out. */
	assert_null(strstr(msg, "id (nr"));
	sp_classifier_free(c);
	sp_schema_free(schema);
	sp_reader_free(rd);
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

static char *
contents(sp_writer *w, int fd, size_t *len)
{
	off_t size;
	char *p;

	assert_int_equal(sp_writer_flush(w), SP_OK);
	sp_writer_free(w);
	size = lseek(fd, 0, SEEK_END);
	assert_true(size >= 0);
	p = malloc((size_t)size + 1);
	assert_non_null(p);
	assert_int_equal(pread(fd, p, (size_t)size, 0), (ssize_t)size);
	p[size] = '\0';
	close(fd);
	*len = (size_t)size;
	return p;
}

/* Classify every row of csv, return the output written. */
static char *
classify_all(const char *csv, int scores, int decimal)
{
	char path[] = "/tmp/test_classify.XXXXXX";
	struct fx fx;
	const sp_record *rec;
	sp_writer *w;
	sp_status st;
	size_t len;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(unlink(path), 0);
	w = sp_writer_new(fd);
	assert_non_null(w);
	sp_writer_set_decimal(w, decimal);
	fx.rd = sp_reader_new();
	assert_non_null(fx.rd);
	assert_int_equal(sp_reader_open_mem(fx.rd, csv, strlen(csv), "mem"),
	    SP_OK);
	fx.schema = sp_schema_new(sp_reader_header(fx.rd));
	assert_non_null(fx.schema);
	fx.c = sp_classifier_new(builtin);
	assert_non_null(fx.c);
	sp_classifier_set_scores(fx.c, scores);
	assert_int_equal(sp_classifier_bind(fx.c, fx.schema), SP_OK);
	assert_int_equal(sp_classifier_write_header(fx.c, w), SP_OK);
	while ((st = sp_reader_next(fx.rd, &rec)) == SP_OK) {
		assert_int_equal(sp_classify(fx.c, rec), SP_OK);
		assert_int_equal(sp_classifier_write_row(fx.c, rec, w), SP_OK);
	}
	assert_int_equal(st, SP_EOF);
	fx_close(&fx);
	return contents(w, fd, &len);
}

static void
test_output_appends(void **state)
{
	char *out;

	(void)state;
	out = classify_all("id,name,owner\n7,x,gemeente\n8,y,\n", 0, '.');
	assert_string_equal(out,
	    "id,name,owner,form,form_label,confidence,reason\n"
	    "7,x,gemeente,1,public participation in government plans,0.75,"
	    "\"[1] owner \"\"gemeente\"\": government owns the plan (§2.1)\"\n"
	    "8,y,,0,undetermined,0.00,no evidence in the recognised columns\n");
	free(out);
}

static void
test_output_replaces_in_place(void **state)
{
	char *once, *twice;

	(void)state;
	/* The output columns where they are, in another order. */
	once = classify_all("reason,name,form,owner,confidence,form_label\n"
	    "old,x,9,gemeente,0.01,old label\n", 0, '.');
	assert_string_equal(once,
	    "reason,name,form,owner,confidence,form_label\n"
	    "\"[1] owner \"\"gemeente\"\": government owns the plan (§2.1)\","
	    "x,1,gemeente,0.75,public participation in government plans\n");
	free(once);

	/* A classified file run again is unchanged. */
	once = classify_all("name,owner\nx,gemeente\ny,bewoners\n", 0, '.');
	twice = classify_all(once, 0, '.');
	assert_string_equal(twice, once);
	free(once);
	free(twice);
}

static void
test_output_scores(void **state)
{
	char *out, *again;

	(void)state;
	out = classify_all("name,owner,initiator\n"
	    "x,bewoners,\n"
	    "y,gemeente,bewoners\n"
	    "z,,\n", 1, '.');
	assert_string_equal(out,
	    "name,owner,initiator,form,form_label,confidence,reason,scores\n"
	    "x,bewoners,,2,societal initiative,0.75,"
	    "\"[2] owner \"\"bewoners\"\": society owns the initiative "
	    "(§2.2)\",1:0.00 2:1.00 3:0.00 4:0.00\n"
	    "y,gemeente,bewoners,1,public participation in government plans,"
	    "0.56,\"[1] owner \"\"gemeente\"\": government owns the plan "
	    "(§2.1); [2] initiator \"\"bewoners\"\": the initiative comes from "
	    "society (§2.2)\",1:0.67 2:0.33 3:0.00 4:0.00\n"
	    "z,,,0,undetermined,0.00,no evidence in the recognised columns,"
	    "1:0.00 2:0.00 3:0.00 4:0.00\n");
	/* A scores column already there is kept up to date, in place. */
	again = classify_all(out, 0, '.');
	assert_string_equal(again, out);
	free(again);
	free(out);

	/* With a decimal comma. */
	out = classify_all("name,owner\nx,bewoners\n", 1, ',');
	assert_string_equal(out,
	    "name,owner,form,form_label,confidence,reason,scores\n"
	    "x,bewoners,2,societal initiative,\"0,75\",\"[2] owner "
	    "\"\"bewoners\"\": society owns the initiative (§2.2)\","
	    "\"1:0,00 2:1,00 3:0,00 4:0,00\"\n");
	free(out);
}

/* ------------------------------------------------------------------ */
/* Rules                                                               */

#define RULES_HEADER "field,match,value,form,weight,reason_nl,reason_en\n"

/* Load rules from text; returns the status, line and message. */
static sp_status
load(const char *text, sp_rules **rules, unsigned long *line, char *msg,
    size_t size)
{
	sp_reader *rd = sp_reader_new();
	sp_status st;

	assert_non_null(rd);
	sp_reader_set_delimiter(rd, ',');
	assert_int_equal(sp_reader_open_mem(rd, text, strlen(text), "rules"),
	    SP_OK);
	*line = 0;
	msg[0] = '\0';
	st = sp_rules_load(rd, rules, line, msg, size);
	sp_reader_free(rd);
	return st;
}

static void
bad_rules(const char *text, sp_status want, unsigned long wantline,
    const char *wantmsg)
{
	sp_rules *rules = (sp_rules *)1;
	unsigned long line;
	char msg[256];

	assert_int_equal(load(text, &rules, &line, msg, sizeof msg), want);
	assert_null(rules);
	assert_string_equal(msg, wantmsg);
	assert_int_equal(line, wantline);
}

static void
test_rules_load(void **state)
{
	sp_rules *rules = NULL;
	unsigned long line;
	char msg[256];

	(void)state;
	assert_int_equal(load(RULES_HEADER
	    "owner,word,gemeente|provincie*,1,6,nl,en\n"
	    "text,all,samen&gemeente,3,1.5,nl,en\n"
	    "reaction_to,nonempty,,4,-0.25,nl,en\n", &rules, &line, msg,
	    sizeof msg), SP_OK);
	assert_non_null(rules);
	assert_int_equal(sp_rules_count(rules), 3);
	sp_rules_free(rules);

	/* Columns in another order, names in capitals. */
	assert_int_equal(load("Reason_EN,Weight,Form,Value,Match,Field,"
	    "Reason_NL\nen,1,1,x,word,owner,nl\n", &rules, &line, msg,
	    sizeof msg), SP_OK);
	assert_int_equal(sp_rules_count(rules), 1);
	sp_rules_free(rules);
	sp_rules_free(NULL);
}

static void
test_rules_load_errors(void **state)
{
	static const char good[] = "owner,word,gemeente,1,6,\"twee\nregels\",en\n";
	char text[512];

	(void)state;
	/* Line 2 holds a rule of two lines, so the bad one is on line 4. */
#define BAD(row, msg) \
	do { \
		snprintf(text, sizeof text, RULES_HEADER "%s%s", good, row); \
		bad_rules(text, SP_EINVAL, 4, msg); \
	} while (0)
	BAD("eigenaarx,word,x,1,1,a,b\n", "unknown field 'eigenaarx'");
	BAD("form_label,word,x,1,1,a,b\n", "unknown field 'form_label'");
	BAD("owner,regex,x,1,1,a,b\n",
	    "unknown match 'regex' (word, all or nonempty)");
	BAD("owner,word,x,7,1,a,b\n", "form must be 0, 1, 2, 3 or 4");
	BAD("owner,word,x,,1,a,b\n", "form must be 0, 1, 2, 3 or 4");
	BAD("owner,word,x,12,1,a,b\n", "form must be 0, 1, 2, 3 or 4");
	BAD("owner,word,x,1,abc,a,b\n", "weight must be a number with at "
	    "most two decimals, such as 1.5");
	BAD("owner,word,x,1,1.555,a,b\n", "weight must be a number with at "
	    "most two decimals, such as 1.5");
	BAD("owner,word,x,1,,a,b\n", "weight must be a number with at "
	    "most two decimals, such as 1.5");
	BAD("owner,word,x,1,1.,a,b\n", "weight must be a number with at "
	    "most two decimals, such as 1.5");
	BAD("owner,word,,1,1,a,b\n", "value is empty");
	BAD("owner,word,x||y,1,1,a,b\n", "a keyword without letters or digits");
	BAD("owner,word,x|--,1,1,a,b\n", "a keyword without letters or digits");
	BAD("owner,word,x&y,1,1,a,b\n", "'&' is only allowed with match 'all'");
	BAD("owner,all,a&b&c&d&e&f&g&h&i,1,1,a,b\n",
	    "too many '&' groups (at most 8)");
#undef BAD
	/* A ragged row. */
	snprintf(text, sizeof text, RULES_HEADER "%sowner,word,x\n", good);
	bad_rules(text, SP_ERECORD, 4, "expected 7 fields, found 3");
	/* A missing column, on the header line. */
	bad_rules("field,match,value,form,weight,reason_nl\n"
	    "owner,word,x,1,1,a\n", SP_EINVAL, 1,
	    "missing column 'reason_en' (a rules file has field,match,value,"
	    "form,weight,reason_nl,reason_en)");
	bad_rules("\nfield,match,value,weight,reason_nl,reason_en\n",
	    SP_EINVAL, 2, "missing column 'form' (a rules file has field,"
	    "match,value,form,weight,reason_nl,reason_en)");
}

static void
test_rules_write_builtin(void **state)
{
	char path[] = "/tmp/test_classify.XXXXXX";
	char *want, *got;
	size_t wantlen = 0, gotlen, cap = 1 << 16;
	ssize_t n;
	sp_writer *w;
	int fd;

	(void)state;
	/* The data file, read from the repository root. */
	fd = open("lib/data/rules.csv", O_RDONLY);
	assert_true(fd >= 0);
	want = malloc(cap);
	assert_non_null(want);
	while ((n = read(fd, want + wantlen, cap - wantlen)) > 0) {
		wantlen += (size_t)n;
		if (wantlen == cap) {
			want = realloc(want, cap *= 2);
			assert_non_null(want);
		}
	}
	assert_int_equal(n, 0);
	close(fd);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(unlink(path), 0);
	w = sp_writer_new(fd);
	assert_non_null(w);
	assert_int_equal(sp_rules_write(builtin, w), SP_OK);
	got = contents(w, fd, &gotlen);
	assert_int_equal(gotlen, wantlen);
	assert_memory_equal(got, want, wantlen);
	free(got);
	free(want);
}

static void
test_dup_shares_rules_not_results(void **state)
{
	static const char csv[] =
	    "naam,eigenaar,omschrijving\n"
	    "Buurttuin,bewoners,een burgerinitiatief zonder subsidie\n"
	    "Zwembad,gemeente,inspraak op het omgevingsplan\n";
	struct fx fx;
	sp_classifier *d;
	const sp_record *first, *second;
	char *reason;

	(void)state;
	fx_open(&fx, csv, SP_LANG_NL);
	d = sp_classifier_dup(fx.c);
	assert_non_null(d);
	assert_int_equal(sp_classifier_bind(d, fx.schema), SP_OK);
	first = fx_next(&fx);
	reason = strdup(sp_classifier_reason(fx.c));
	assert_non_null(reason);
	/* The copy classifies alike, in the language it was copied with. */
	assert_int_equal(sp_classify(d, first), SP_OK);
	assert_int_equal(sp_classifier_form(d), 2);
	assert_string_equal(sp_classifier_reason(d), reason);
	/* Its results are its own: it keeps the first row's. */
	second = fx_next(&fx);
	assert_int_equal(sp_classifier_form(fx.c), 1);
	assert_int_equal(sp_classifier_form(d), 2);
	assert_string_equal(sp_classifier_reason(d), reason);
	/* Freed first, it leaves the shared automata to the original. */
	sp_classifier_free(d);
	assert_int_equal(sp_classify(fx.c, second), SP_OK);
	assert_int_equal(sp_classifier_form(fx.c), 1);
	free(reason);
	fx_close(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manual_form_wins),
		cmocka_unit_test(test_manual_form_invalid),
		cmocka_unit_test(test_reaction_to),
		cmocka_unit_test(test_owner),
		cmocka_unit_test(test_owner_shared_reason),
		cmocka_unit_test(test_government_role),
		cmocka_unit_test(test_protest_without_alternative),
		cmocka_unit_test(test_too_little_evidence),
		cmocka_unit_test(test_decidim_html_reason),
		cmocka_unit_test(test_no_evidence),
		cmocka_unit_test(test_confidence_formula),
		cmocka_unit_test(test_tie),
		cmocka_unit_test(test_bind_unknown_header),
		cmocka_unit_test(test_output_appends),
		cmocka_unit_test(test_output_replaces_in_place),
		cmocka_unit_test(test_output_scores),
		cmocka_unit_test(test_rules_load),
		cmocka_unit_test(test_rules_load_errors),
		cmocka_unit_test(test_rules_write_builtin),
		cmocka_unit_test(test_dup_shares_rules_not_results),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
