/*
 * gen - write a deterministic, realistic register for benchmarks.
 *
 * Usage: gen ROWS > register.csv
 *
 * Columns as a Dutch municipality's register has them; descriptions of
 * 50 to 400 characters in Dutch, with commas, quoted words and now and
 * then a line break, so that the parser meets what real exports hold.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9e3779b97f4a7c15ULL;

/* xorshift64*: the same stream on every machine. */
static uint32_t
rnd(uint32_t n)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (uint32_t)((state * 0x2545f4914f6cdd1dULL) >> 33) % n;
}

#define PICK(a) (a[rnd(sizeof a / sizeof a[0])])

static const char *const subjects[] = {
	"Bewoners van de wijk", "De gemeente", "Een groep buurtbewoners",
	"De energiecoöperatie", "Het waterschap", "Ondernemers in het centrum",
	"De provincie", "Stichting Dorpsbelang", "Rijkswaterstaat",
	"De bewonersvereniging", "Ouders van de basisschool", "Het college"
};
static const char *const verbs[] = {
	"willen", "organiseren", "werken aan", "nemen het initiatief voor",
	"ontwikkelen", "onderzoeken", "zoeken steun voor", "komen met",
	"vragen medewerking bij", "betrekken inwoners bij"
};
static const char *const objects[] = {
	"een buurtmoestuin", "de herinrichting van het plein", "een fietspad",
	"zonnepanelen op het dak van de sporthal",
	"een alternatief voor het tracé", "het beheer van het zwembad",
	"een speeltuin",
	"de dijkversterking", "een windpark", "het omgevingsplan",
	"een \"groene\" schoolroute", "een voedselbank", "een repair café"
};
static const char *const tails[] = {
	", samen met de gemeente", ", zonder subsidie",
	", met een klankbordgroep en twee inloopavonden",
	"; de gemeente faciliteert",
	", als tegenvoorstel", ", in het kader van de omgevingsvisie",
	", met vrijwilligers uit de buurt", "", "", ""
};
static const char *const places[] = {
	"Stationsplein", "Oosterpark", "De Meent", "Kerkweide", "Noordpolder",
	"Havenkade", "Molenwei", "Zuiderdijk", "Vogelbuurt", "Centrum"
};
static const char *const owners[] = {
	"gemeente", "bewoners", "gezamenlijk", "stichting", "", "provincie",
	"coöperatie", "waterschap", ""
};
static const char *const roles[] = {
	"faciliteren", "regisseren", "partner", "stimuleren", "loslaten",
	"reguleren", "", "", "geen"
};
static const char *const initiators[] = {
	"Gemeente Zuiderveen", "Bewonersvereniging Oost", "Stichting Groen",
	"Energiecoöperatie Zuiderzon", "Waterschap Rivierland", "",
	"Ondernemersvereniging", "Provincie"
};

/* A description of 50 to 400 bytes, CSV-quoted. */
static void
description(void)
{
	char buf[1024];
	size_t len = 0, want = 50 + rnd(351), i;

	buf[0] = '\0';
	while (len < want) {
		/* One pick a statement: argument order is the compiler's. */
		const char *tail = PICK(tails), *object = PICK(objects);
		const char *verb = PICK(verbs), *subject = PICK(subjects);
		const char *sep = len == 0 ? "" : rnd(12) == 0 ? "\n" : " ";

		len += (size_t)snprintf(buf + len, sizeof buf - len,
		    "%s%s %s %s%s.", sep, subject, verb, object, tail);
		if (len >= sizeof buf - 200)
			break;
	}
	/* Cut at want + 60 at most, but never inside a UTF-8 character. */
	if (len > want + 60)
		for (len = want + 60; ((unsigned char)buf[len] & 0xc0) == 0x80;
		    len--)
			;
	putchar('"');
	for (i = 0; i < len; i++) {
		if (buf[i] == '"')
			putchar('"');
		putchar(buf[i]);
	}
	putchar('"');
}

int
main(int argc, char **argv)
{
	long rows, i;

	if (argc != 2 || (rows = strtol(argv[1], NULL, 10)) < 0) {
		fputs("usage: gen ROWS\n", stderr);
		return 2;
	}
	fputs("nr,naam,initiatiefnemer,eigenaar,rol_overheid,reactie_op,"
	    "omschrijving,datum,stap\n", stdout);
	for (i = 0; i < rows; i++) {
		const char *reaction = rnd(15) == 0 ?
		    "Herinrichting Stationsplein" : "";
		const char *role = PICK(roles), *owner = PICK(owners);
		const char *initiator = PICK(initiators);
		const char *place = PICK(places);
		unsigned step, year, month, day;

		printf("%ld,Project %s %ld,%s,%s,%s,%s,", 2020000 + i, place, i,
		    initiator, owner, role, reaction);
		description();
		step = rnd(8);
		year = 18 + rnd(8);
		month = 1 + rnd(12);
		day = 1 + rnd(28);
		printf(",%02u-%02u-20%02u,%u\n", day, month, year, step);
	}
	return ferror(stdout) ? 1 : 0;
}
