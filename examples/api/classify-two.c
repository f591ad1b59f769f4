/*
 * classify-two.c - classify a register of two records with libsamenspel.
 *
 *	cc classify-two.c $(pkg-config --cflags --libs samenspel)
 */

#include <stdio.h>

#include <samenspel.h>

/* A register as a spreadsheet exports it: a header and two rows. */
static const char reg[] =
    "naam,eigenaar,omschrijving\n"
    "Herinrichting Stationsplein,gemeente,"
    "De gemeente vraagt inwoners mee te denken over het nieuwe plein.\n"
    "Buurtmoestuin De Groene Hoek,bewoners,"
    "Bewoners leggen zelf een moestuin aan op braakliggende grond.\n";

/* Say what failed: the object's message, or else the status's. */
static void
fail(const char *what, sp_status st, const char *msg)
{
	if (msg == NULL || *msg == '\0')
		msg = sp_strerror(st);
	fprintf(stderr, "classify-two: %s: %s\n", what, msg);
}

int
main(void)
{
	sp_rules *rules = NULL;
	sp_classifier *cls = NULL;
	sp_reader *r = NULL;
	sp_schema *schema = NULL;
	const sp_record *rec;
	sp_status st;
	int form, conf, rv = 1;

	/* The built-in rules, and a classifier that reasons in English. */
	if ((st = sp_rules_builtin(&rules)) != SP_OK) {
		fail("built-in rules", st, NULL);
		goto done;
	}
	if ((cls = sp_classifier_new(rules)) == NULL) {
		fail("classifier", SP_ENOMEM, NULL);
		goto done;
	}
	sp_classifier_set_lang(cls, SP_LANG_EN);

	/* A reader on the register in memory; opening it reads the header. */
	if ((r = sp_reader_new()) == NULL) {
		fail("reader", SP_ENOMEM, NULL);
		goto done;
	}
	st = sp_reader_open_mem(r, reg, sizeof(reg) - 1, "register");
	if (st != SP_OK) {
		fail("register", st, sp_reader_error(r, NULL, NULL, NULL));
		goto done;
	}

	/* Bind the columns (naam, eigenaar, ...) to the fields they hold. */
	if ((schema = sp_schema_new(sp_reader_header(r))) == NULL) {
		fail("schema", SP_ENOMEM, NULL);
		goto done;
	}
	if ((st = sp_classifier_bind(cls, schema)) != SP_OK) {
		fail("register", st, sp_classifier_error(cls));
		goto done;
	}

	/* Classify each record and say what it is, how sure, and why. */
	while ((st = sp_reader_next(r, &rec)) == SP_OK) {
		if ((st = sp_classify(cls, rec)) != SP_OK) {
			fail("classify", st, sp_classifier_error(cls));
			goto done;
		}
		form = sp_classifier_form(cls);
		conf = sp_classifier_confidence(cls);
		printf("%s\n", sp_schema_value(schema, rec, SP_FIELD_NAME, NULL));
		printf("  form %d: %s\n", form, sp_form_label(form, SP_LANG_EN));
		printf("  confidence %d.%02d\n", conf / 100, conf % 100);
		printf("  reason: %s\n", sp_classifier_reason(cls));
	}
	if (st != SP_EOF) {
		fail("register", st, sp_reader_error(r, NULL, NULL, NULL));
		goto done;
	}
	if (fflush(stdout) == EOF) {
		fail("standard output", SP_EIO, NULL);
		goto done;
	}
	rv = 0;
done:
	/* Every _free accepts NULL. */
	sp_schema_free(schema);
	sp_reader_free(r);
	sp_classifier_free(cls);
	sp_rules_free(rules);
	return rv;
}
