/*
 * fuzz_rules.c - libFuzzer target: the rules-file loader.
 *
 * The input is read as a rules file (delimiter sniffed, as --rules does)
 * and loaded with sp_rules_load. A failure must come with a message. When
 * it loads, a classifier is built from the rules and classifies a fixed
 * small register (with invariants: form 0-4, confidence 0-100, form 0
 * has confidence 0, a reason). The rules are written with sp_rules_write
 * and loaded again: the second load must succeed, have as many rules,
 * write the same bytes, and classify the register the same way.
 */
#define FUZZ_NAME "fuzz_rules"
#include "fuzz.h"

/* Every field the classifier reads, Participedia and Decidim included. */
static const char reg[] =
    "id,name,initiator,owner,government_role,reaction_to,description,"
    "manual_form,public_spectrum,approaches_1,approaches_2,"
    "organizer_types_1,type/title/nl,date,step,track\n"
    "2023-004,Buurtmoestuin De Groene Hoek,Bewonersvereniging Oosterpark,"
    "bewoners,faciliteren,,\"Bewoners willen het braakliggende stuk grond "
    "omvormen tot een buurtmoestuin; de gemeente stelt de grond in "
    "bruikleen beschikbaar.\",,,,,,,14-03-2023,2,samenleving\n"
    "2023-009,Toekomst zwembad De Wielewaal,Gemeente Zuiderveen,gemeente,"
    "regisseren,,\"Inwoners denken mee via een enquête en twee "
    "inloopavonden; de gemeenteraad besluit.\",,consult,consultation,,"
    "local government,,5-9-2023,2,\n"
    "2024-011,Alternatief voor de rondweg,Dorpsraad,dorpsraad,,"
    "rondweg N123,\"De dorpsraad stelt een <a href=\"\"x\"\">alternatief "
    "plan</a> voor in plaats van de rondweg.\",,,independent action,,"
    "community based organization,Reactie op plan,2024-05-20,1,\n"
    "2024-012,Citizens' Assembly on Climate,national government,"
    "government,partner,,A randomly selected assembly advised the "
    "government.,3,involve,deliberation,,national government,,2024-06-01,,"
    "\n"
    "2024-013,,,,,,,x,,,,,,,,\n";

/* Write the rules to a buffer. */
static char *
write_rules(const sp_rules *rules, size_t *len)
{
	int fd = scratch_fd(0);
	sp_writer *w;

	if ((w = sp_writer_new(fd)) == NULL)
		abort();
	CHECK(sp_rules_write(rules, w) == SP_OK, "sp_rules_write failed");
	CHECK(sp_writer_end(w) == SP_OK, "flush failed");
	sp_writer_free(w);
	return slurp(fd, len);
}

/* Classify the register: one line per row (form, confidence, reason). */
static char *
classify(const sp_rules *rules, sp_lang lang, size_t *len)
{
	sp_classifier *c;
	sp_reader *rd;
	sp_schema *schema;
	const sp_record *rec;
	sp_status st;
	int fd = scratch_fd(0);
	char line[64];
	sp_writer *w;

	if ((w = sp_writer_new(fd)) == NULL || (rd = sp_reader_new()) == NULL)
		abort();
	CHECK((c = sp_classifier_new(rules)) != NULL, "classifier_new");
	sp_classifier_set_lang(c, lang);
	sp_classifier_set_scores(c, 1);
	sp_reader_set_delimiter(rd, ',');
	CHECK(sp_reader_open_mem(rd, reg, sizeof reg - 1, "reg") == SP_OK,
	    "register");
	if ((schema = sp_schema_new(sp_reader_header(rd))) == NULL)
		abort();
	CHECK(sp_classifier_bind(c, schema) == SP_OK, "bind: %s",
	    sp_classifier_error(c));
	CHECK(sp_classifier_write_header(c, w) == SP_OK, "header");
	while ((st = sp_reader_next(rd, &rec)) == SP_OK) {
		CHECK(sp_classify(c, rec) == SP_OK, "classify");
		check_classified(c);
		snprintf(line, sizeof line, "%d %d %ld %ld %ld %ld ",
		    sp_classifier_form(c), sp_classifier_confidence(c),
		    sp_classifier_score(c, 1), sp_classifier_score(c, 2),
		    sp_classifier_score(c, 3), sp_classifier_score(c, 4));
		CHECK(sp_writer_puts(w, line) == SP_OK, "write");
		CHECK(sp_classifier_write_row(c, rec, w) == SP_OK, "row");
	}
	CHECK(st == SP_EOF, "register: %s", sp_strerror(st));
	CHECK(sp_writer_end(w) == SP_OK, "flush");
	sp_writer_free(w);
	sp_schema_free(schema);
	sp_reader_free(rd);
	sp_classifier_free(c);
	return slurp(fd, len);
}

static void
report_difference(const char *what, const char *a, size_t alen,
    const char *b, size_t blen)
{
	size_t i = 0;

	while (i < alen && i < blen && a[i] == b[i])
		i++;
	fprintf(stderr, "fuzz_rules: %s differs at byte %zu (%zu vs %zu "
	    "bytes)\n--- first\n%.*s\n--- second\n%.*s\n", what, i, alen,
	    blen, (int)alen, a, (int)blen, b);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sp_rules *rules = NULL, *again = NULL;
	sp_reader *rd;
	sp_status st;
	unsigned long line = 0;
	char msg[256], *out1, *out2, *cl1, *cl2;
	size_t len1, len2, clen1, clen2;
	sp_lang lang = (size & 1) ? SP_LANG_NL : SP_LANG_EN;

	if ((rd = sp_reader_new()) == NULL)
		abort();
	if (sp_reader_open_mem(rd, data, size, "rules") != SP_OK) {
		sp_reader_free(rd);
		return 0;
	}
	msg[0] = '\0';
	st = sp_rules_load(rd, &rules, &line, msg, sizeof msg);
	sp_reader_free(rd);
	if (st != SP_OK) {
		CHECK(rules == NULL, "a failed load gives rules");
		CHECK(st == SP_EINVAL || st == SP_ERECORD, "load: %s",
		    sp_strerror(st));
		CHECK(msg[0] != '\0' && line > 0, "load failed (%s) without a "
		    "message or a line", sp_strerror(st));
		return 0;
	}
	CHECK(rules != NULL && sp_rules_count(rules) > 0, "no rules loaded");

	cl1 = classify(rules, lang, &clen1);
	out1 = write_rules(rules, &len1);

	/* The written rules load again, to the same rules. */
	if ((rd = sp_reader_new()) == NULL)
		abort();
	sp_reader_set_delimiter(rd, ',');
	st = sp_reader_open_mem(rd, out1, len1, "written");
	CHECK(st == SP_OK, "written rules: %s", sp_strerror(st));
	st = sp_rules_load(rd, &again, &line, msg, sizeof msg);
	CHECK(st == SP_OK, "written rules do not load: line %lu: %s", line,
	    msg);
	sp_reader_free(rd);
	CHECK(sp_rules_count(again) == sp_rules_count(rules),
	    "%zu rules, %zu after writing", sp_rules_count(rules),
	    sp_rules_count(again));
	out2 = write_rules(again, &len2);
	if (len1 != len2 || memcmp(out1, out2, len1) != 0)
		report_difference("sp_rules_write", out1, len1, out2, len2);
	cl2 = classify(again, lang, &clen2);
	if (clen1 != clen2 || memcmp(cl1, cl2, clen1) != 0)
		report_difference("classification", cl1, clen1, cl2, clen2);

	free(out1);
	free(out2);
	free(cl1);
	free(cl2);
	sp_rules_free(rules);
	sp_rules_free(again);
	return 0;
}
