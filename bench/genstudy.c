/* genstudy.c: deterministic generator of synthetic CEO studies (responses as CSV, .sav or long CSV, plus the fieldwork file) for demos, tests and benchmarks. */
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include <readstat.h>

/*
 * Usage (exit codes: 0 ok, 2 usage, 3 file or system error):
 *   genstudy --wave W (--respondents N | --segments B,S[,J]) [--seed S]
 *            [--format csv|sav|long] [--delimiter C] [--cases B,S[,J]]
 *            [--contacts FILE] -o FILE
 *
 * The items, codes and routing below mirror templates/questionnaires/ceo-jeugd.json;
 * a change there must be made here too. Everything drawn comes from two xoshiro256**
 * streams seeded from --seed: one for the sample (segments, dispositions, order), one
 * for the answers, so the answers do not depend on --format or --contacts.
 */

#define MAX_OPT 9
#define MAX_MISS 3
#define OPEN_WIDTH 255		/* bytes of the .sav string variables */
#define TWO_PI 6.283185307179586

/* ---- scales --------------------------------------------------------------- */

enum scale_id {
	SC_NONE,
	SC_JANEE,
	SC_SEGMENT,
	SC_RESPTYPE,
	SC_MAATREGEL,
	SC_FREQ,
	SC_AKKOORD,
	SC_TEVREDENHEID,
	SC_HULPSOORT,
	SC_VERWIJZERS,
	SC_NETWERK,
	SC_COUNT
};

struct code_label {
	int code;
	const char *label;
};

struct scale_def {
	const char *name;
	int nopt;
	struct code_label opt[MAX_OPT];
	int nmiss;
	struct code_label miss[MAX_MISS];
	readstat_measure_t measure;
};

static const struct scale_def scales[SC_COUNT] = {
	[SC_NONE] = { "", 0, { { 0, NULL } }, 0, { { 0, NULL } }, READSTAT_MEASURE_SCALE },
	[SC_JANEE] = { "janee", 2, { { 1, "ja" }, { 2, "nee" } },
		2, { { 8, "weet niet" }, { 9, "wil niet zeggen" } }, READSTAT_MEASURE_NOMINAL },
	[SC_SEGMENT] = { "segmenten", 3,
		{ { 1, "basishulp" }, { 2, "specialistische hulp" }, { 3, "JB/JR" } },
		0, { { 0, NULL } }, READSTAT_MEASURE_NOMINAL },
	[SC_RESPTYPE] = { "respondenttypen", 2, { { 1, "ouder" }, { 2, "jongere" } },
		0, { { 0, NULL } }, READSTAT_MEASURE_NOMINAL },
	[SC_MAATREGEL] = { "maatregelen", 4,
		{ { 1, "geen" }, { 2, "OTS" }, { 3, "voogdij" }, { 4, "jeugdreclassering" } },
		0, { { 0, NULL } }, READSTAT_MEASURE_NOMINAL },
	[SC_FREQ] = { "frequentie", 4,
		{ { 1, "nooit" }, { 2, "soms" }, { 3, "vaak" }, { 4, "altijd" } },
		2, { { 8, "weet niet" }, { 9, "wil niet zeggen" } }, READSTAT_MEASURE_ORDINAL },
	[SC_AKKOORD] = { "akkoord", 5,
		{ { 1, "zeer mee eens" }, { 2, "mee eens" }, { 3, "neutraal" },
		  { 4, "mee oneens" }, { 5, "zeer mee oneens" } },
		3, { { 7, "n.v.t." }, { 8, "weet niet" }, { 9, "wil niet zeggen" } },
		READSTAT_MEASURE_ORDINAL },
	[SC_TEVREDENHEID] = { "tevredenheid", 5,
		{ { 1, "heel ontevreden" }, { 2, "ontevreden" }, { 3, "neutraal" },
		  { 4, "tevreden" }, { 5, "heel tevreden" } },
		2, { { 8, "weet niet" }, { 9, "wil niet zeggen" } }, READSTAT_MEASURE_ORDINAL },
	[SC_HULPSOORT] = { "hulpsoort", 3,
		{ { 1, "meer hulp" }, { 2, "andere hulp" }, { 3, "beide" } },
		1, { { 8, "weet niet" } }, READSTAT_MEASURE_NOMINAL },
	[SC_VERWIJZERS] = { "verwijzers", 9,
		{ { 1, "school/SMW" }, { 2, "huisarts" }, { 3, "specialist" },
		  { 4, "gemeente/wijkteam" }, { 5, "schoolarts/CJG" }, { 6, "jeugdbescherming" },
		  { 7, "MEE" }, { 8, "overig" }, { 9, "weet niet meer" } },
		0, { { 0, NULL } }, READSTAT_MEASURE_NOMINAL },
	[SC_NETWERK] = { "netwerkleden", 4,
		{ { 1, "familie" }, { 2, "vrienden" }, { 3, "buren" }, { 4, "vrijwilligers" } },
		0, { { 0, NULL } }, READSTAT_MEASURE_NOMINAL },
};

/* ---- items ---------------------------------------------------------------- */

enum item_type { IT_SINGLE, IT_MULTIPLE, IT_NUMBER, IT_MARK, IT_OPEN };

/* When an item is asked (the asked_if of the template). */
enum route {
	RT_ALWAYS,
	RT_JBJR,		/* segment in [3] */
	RT_WAIT,		/* segment not_in [3] and (wave 2016 or eerste_keer in [1]) */
	RT_SEVERAL,		/* meerdere_hulpverleners in [1] */
	RT_NOT_FITTING,		/* passende_hulp in [2] */
	RT_NETWORK,		/* netwerk_steun in [1] */
};

/* How an answer is drawn. */
enum model {
	M_SEGMENT,
	M_RESPTYPE,
	M_AGE,
	M_FIRST,
	M_MEASURE,
	M_BINARY,		/* ja/nee with a per-group probability of ja */
	M_MARK,
	M_WAIT,
	M_WAIT_SAT,
	M_LATENT,		/* ordinal scale driven by the respondent's satisfaction */
	M_REFERRAL,
	M_NETWORK_WHO,
	M_HELP_KIND,
	M_OPEN_GOOD,
	M_OPEN_BETTER,
};

enum item_id {
	I_SEGMENT, I_RESPTYPE, I_LEEFTIJD, I_EERSTE_KEER, I_MAATREGEL,
	I_TEVREDEN, I_CIJFER,
	I_WACHTTIJD, I_WACHT_TEVREDEN,
	I_TOEGANG_WETEN, I_TOEGANG_SNEL, I_TOEGANG_NODIG,
	I_CONTACT_GEMEENTE,
	I_VERWIJZER,
	I_NETWERK_STEUN, I_NETWERK_WIE,
	I_MEERDERE, I_SAMENWERKING,
	I_PASSENDE_HULP, I_PASSEND_NODIG,
	I_UITV_RESPECT, I_UITV_SERIEUS, I_UITV_GEHOLPEN, I_UITV_DESKUNDIG,
	I_UITV_INFORMATIE, I_UITV_SAMENWERKING, I_UITV_SAMEN_BESLISSEN,
	I_EFFECT_BETER, I_EFFECT_GEVOEL, I_EFFECT_ZELFVERTROUWEN,
	I_EFFECT_THUIS, I_EFFECT_RUZIE, I_EFFECT_GEZIN,
	I_EFFECT_PROBLEMEN, I_EFFECT_HULP_VRAGEN, I_EFFECT_TEGENSLAG,
	I_EFFECT_SCHOOL, I_EFFECT_ANDEREN, I_EFFECT_ACTIVITEITEN, I_EFFECT_TOEKOMST,
	I_OPEN_GOED, I_OPEN_BETER,
	I_COUNT
};

struct item_def {
	const char *id;
	enum item_type type;
	enum scale_id scale;
	enum route route;
	enum model model;
	double loc;		/* M_LATENT: item location; M_BINARY: correlation with satisfaction */
	double p[2][3];		/* M_BINARY: P(ja) per [wave 2015/later][segment] */
	double pmiss;		/* share of missing codes among asked respondents */
	const char *text[2];	/* wording "kind" (2015), "ik-kind" (later); [1] NULL = same */
	int min, max;		/* number and mark */
	int miss_code;		/* number: missing code */
};

#define BIN(r, a, b, c, d, e, f) .loc = (r), .p = { { a, b, c }, { d, e, f } }

static const struct item_def items[I_COUNT] = {
	[I_SEGMENT] = { "segment", IT_SINGLE, SC_SEGMENT, RT_ALWAYS, M_SEGMENT,
		.text = { "Soort hulp (uit het cliëntbestand)" } },
	[I_RESPTYPE] = { "resptype", IT_SINGLE, SC_RESPTYPE, RT_ALWAYS, M_RESPTYPE,
		.text = { "Wie beantwoordt de vragen: ouder of jongere?" } },
	[I_LEEFTIJD] = { "leeftijd", IT_NUMBER, SC_NONE, RT_ALWAYS, M_AGE,
		.text = { "Leeftijd van de jeugdige die hulp kreeg" }, .min = 0, .max = 23 },
	[I_EERSTE_KEER] = { "eerste_keer", IT_SINGLE, SC_JANEE, RT_ALWAYS, M_FIRST,
		BIN(0, .60, .40, .50, .60, .45, .50),
		.text = { "Is dit de eerste keer dat u of uw kind jeugdhulp krijgt?" } },
	[I_MAATREGEL] = { "maatregel", IT_SINGLE, SC_MAATREGEL, RT_JBJR, M_MEASURE,
		.text = { "Welke maatregel is er uitgesproken?" } },
	[I_TEVREDEN] = { "tevreden", IT_SINGLE, SC_JANEE, RT_ALWAYS, M_BINARY,
		BIN(.65, .87, .83, .66, .81, .79, .66), .pmiss = .015,
		.text = { "Bent u over het algemeen tevreden over de jeugdhulp die u of uw kind kreeg?" } },
	[I_CIJFER] = { "cijfer", IT_MARK, SC_NONE, RT_ALWAYS, M_MARK,
		.text = { "Welk rapportcijfer geeft u de hulp, van 1 (heel slecht) tot 10 (uitstekend)?" },
		.min = 1, .max = 10 },
	[I_WACHTTIJD] = { "wachttijd", IT_NUMBER, SC_NONE, RT_WAIT, M_WAIT, .pmiss = .05,
		.text = { "Hoeveel maanden zaten er tussen de aanmelding en het begin van de hulp?" },
		.min = 0, .max = 36, .miss_code = 99 },
	[I_WACHT_TEVREDEN] = { "wacht_tevreden", IT_SINGLE, SC_JANEE, RT_WAIT, M_WAIT_SAT,
		BIN(0, .88, .71, .60, .74, .67, .60), .pmiss = .015,
		.text = { "Was u tevreden over de tijd die het duurde voordat de hulp begon?" } },
	[I_TOEGANG_WETEN] = { "toegang_weten", IT_SINGLE, SC_FREQ, RT_ALWAYS, M_LATENT,
		.loc = .1, .pmiss = .025,
		.text = { "Ik weet waar ik terecht kan als ik hulp nodig heb voor mijn kind of mijzelf" } },
	[I_TOEGANG_SNEL] = { "toegang_snel", IT_SINGLE, SC_FREQ, RT_ALWAYS, M_LATENT,
		.loc = -.25, .pmiss = .025, .text = { "Ik word snel geholpen" } },
	[I_TOEGANG_NODIG] = { "toegang_nodig", IT_SINGLE, SC_FREQ, RT_ALWAYS, M_LATENT,
		.loc = 0, .pmiss = .025, .text = { "Ik kan de hulp krijgen die ik nodig heb" } },
	[I_CONTACT_GEMEENTE] = { "contact_gemeente", IT_SINGLE, SC_JANEE, RT_ALWAYS, M_BINARY,
		BIN(0, .60, .36, .35, .62, .38, .35), .pmiss = .02,
		.text = { "Heeft u een gesprek gehad met de gemeente of het wijkteam over de hulp?" } },
	[I_VERWIJZER] = { "verwijzer", IT_MULTIPLE, SC_VERWIJZERS, RT_ALWAYS, M_REFERRAL,
		.text = { "Via wie bent u bij de hulpverlener terechtgekomen? (meer antwoorden mogelijk)" } },
	[I_NETWERK_STEUN] = { "netwerk_steun", IT_SINGLE, SC_JANEE, RT_ALWAYS, M_BINARY,
		BIN(.15, .56, .55, .45, .56, .55, .45), .pmiss = .02,
		.text = { "Krijgt u steun van mensen uit uw eigen omgeving?" } },
	[I_NETWERK_WIE] = { "netwerk_wie", IT_MULTIPLE, SC_NETWERK, RT_NETWORK, M_NETWORK_WHO,
		.text = { "Van wie krijgt u die steun? (meer antwoorden mogelijk)" } },
	[I_MEERDERE] = { "meerdere_hulpverleners", IT_SINGLE, SC_JANEE, RT_ALWAYS, M_BINARY,
		BIN(-.1, .33, .52, .68, .33, .52, .68), .pmiss = .015,
		.text = { "Had u of uw kind met meer dan één hulpverlener te maken?" } },
	[I_SAMENWERKING] = { "samenwerking_tevreden", IT_SINGLE, SC_TEVREDENHEID, RT_SEVERAL,
		M_LATENT, .loc = -.15, .pmiss = .03,
		.text = { "Hoe tevreden bent u over de samenwerking tussen deze hulpverleners?" } },
	[I_PASSENDE_HULP] = { "passende_hulp", IT_SINGLE, SC_JANEE, RT_ALWAYS, M_BINARY,
		BIN(.65, .83, .78, .62, .78, .75, .62), .pmiss = .02,
		.text = { "Kreeg u voldoende hulp en de juiste soort hulp?" } },
	[I_PASSEND_NODIG] = { "passend_nodig", IT_SINGLE, SC_HULPSOORT, RT_NOT_FITTING,
		M_HELP_KIND, .pmiss = .04,
		.text = { "Wat had u nodig gehad: meer hulp, andere hulp of beide?" } },
	[I_UITV_RESPECT] = { "uitv_respect", IT_SINGLE, SC_FREQ, RT_ALWAYS, M_LATENT,
		.loc = .65, .pmiss = .02, .text = { "De hulpverleners behandelen mij met respect" } },
	[I_UITV_SERIEUS] = { "uitv_serieus", IT_SINGLE, SC_FREQ, RT_ALWAYS, M_LATENT,
		.loc = .4, .pmiss = .02, .text = { "De hulpverleners nemen mij serieus" } },
	[I_UITV_GEHOLPEN] = { "uitv_geholpen", IT_SINGLE, SC_FREQ, RT_ALWAYS, M_LATENT,
		.loc = .2, .pmiss = .02, .text = { "Ik word goed geholpen" } },
	[I_UITV_DESKUNDIG] = { "uitv_deskundig", IT_SINGLE, SC_FREQ, RT_ALWAYS, M_LATENT,
		.loc = .2, .pmiss = .03,
		.text = { "De hulpverleners weten genoeg om mij goed te helpen" } },
	[I_UITV_INFORMATIE] = { "uitv_informatie", IT_SINGLE, SC_FREQ, RT_ALWAYS, M_LATENT,
		.loc = -.1, .pmiss = .02, .text = { "Ik krijg voldoende informatie over de hulp" } },
	[I_UITV_SAMENWERKING] = { "uitv_samenwerking", IT_SINGLE, SC_FREQ, RT_ALWAYS, M_LATENT,
		.loc = -.35, .pmiss = .06,
		.text = { "De organisaties die mij helpen werken goed samen" } },
	[I_UITV_SAMEN_BESLISSEN] = { "uitv_samen_beslissen", IT_SINGLE, SC_FREQ, RT_ALWAYS,
		M_LATENT, .loc = 0, .pmiss = .03,
		.text = { "Beslissingen over de hulp nemen de hulpverleners samen met mij" } },
	[I_EFFECT_BETER] = { "effect_beter", IT_SINGLE, SC_AKKOORD, RT_ALWAYS, M_LATENT,
		.loc = .1, .pmiss = .03,
		.text = { "Door de hulp gaat het beter met mijn kind",
			  "Door de hulp gaat het beter met mij / mijn kind" } },
	[I_EFFECT_GEVOEL] = { "effect_gevoel", IT_SINGLE, SC_AKKOORD, RT_ALWAYS, M_LATENT,
		.loc = 0, .pmiss = .03,
		.text = { "Door de hulp voelt mijn kind zich prettiger",
			  "Door de hulp voel ik mij / voelt mijn kind zich prettiger" } },
	[I_EFFECT_ZELFVERTROUWEN] = { "effect_zelfvertrouwen", IT_SINGLE, SC_AKKOORD, RT_ALWAYS,
		M_LATENT, .loc = -.2, .pmiss = .04,
		.text = { "Door de hulp heeft mijn kind meer zelfvertrouwen",
			  "Door de hulp heb ik / heeft mijn kind meer zelfvertrouwen" } },
	[I_EFFECT_THUIS] = { "effect_thuis", IT_SINGLE, SC_AKKOORD, RT_ALWAYS, M_LATENT,
		.loc = -.05, .pmiss = .03,
		.text = { "Door de hulp gaat het thuis beter met mijn kind",
			  "Door de hulp gaat het thuis beter met mij / mijn kind" } },
	[I_EFFECT_RUZIE] = { "effect_ruzie", IT_SINGLE, SC_AKKOORD, RT_ALWAYS, M_LATENT,
		.loc = -.3, .pmiss = .04,
		.text = { "Door de hulp is er thuis minder ruzie met mijn kind",
			  "Door de hulp is er thuis minder ruzie met mij / mijn kind" } },
	[I_EFFECT_GEZIN] = { "effect_gezin", IT_SINGLE, SC_AKKOORD, RT_ALWAYS, M_LATENT,
		.loc = 0, .pmiss = .03,
		.text = { "Door de hulp kan ons gezin beter omgaan met de situatie van mijn kind",
			  "Door de hulp kan ons gezin beter omgaan met mijn situatie / de situatie van mijn kind" } },
	[I_EFFECT_PROBLEMEN] = { "effect_problemen", IT_SINGLE, SC_AKKOORD, RT_ALWAYS, M_LATENT,
		.loc = -.15, .pmiss = .04,
		.text = { "Door de hulp kan mijn kind beter zijn problemen oplossen",
			  "Door de hulp kan ik / kan mijn kind beter mijn / zijn problemen oplossen" } },
	[I_EFFECT_HULP_VRAGEN] = { "effect_hulp_vragen", IT_SINGLE, SC_AKKOORD, RT_ALWAYS,
		M_LATENT, .loc = .05, .pmiss = .04,
		.text = { "Door de hulp weet mijn kind beter wanneer het om hulp moet vragen",
			  "Door de hulp weet ik / weet mijn kind beter wanneer ik / het om hulp moet vragen" } },
	[I_EFFECT_TEGENSLAG] = { "effect_tegenslag", IT_SINGLE, SC_AKKOORD, RT_ALWAYS, M_LATENT,
		.loc = -.25, .pmiss = .04,
		.text = { "Door de hulp kan mijn kind beter omgaan met tegenslag",
			  "Door de hulp kan ik / kan mijn kind beter omgaan met tegenslag" } },
	[I_EFFECT_SCHOOL] = { "effect_school", IT_SINGLE, SC_AKKOORD, RT_ALWAYS, M_LATENT,
		.loc = -.2, .pmiss = .04,
		.text = { "Door de hulp gaat het beter met mijn kind op school of werk",
			  "Door de hulp gaat het beter met mij / mijn kind op school of werk" } },
	[I_EFFECT_ANDEREN] = { "effect_anderen", IT_SINGLE, SC_AKKOORD, RT_ALWAYS, M_LATENT,
		.loc = -.1, .pmiss = .04,
		.text = { "Door de hulp kan mijn kind beter omgaan met anderen",
			  "Door de hulp kan ik / kan mijn kind beter omgaan met anderen" } },
	[I_EFFECT_ACTIVITEITEN] = { "effect_activiteiten", IT_SINGLE, SC_AKKOORD, RT_ALWAYS,
		M_LATENT, .loc = -.45, .pmiss = .05,
		.text = { "Door de hulp doet mijn kind meer mee aan activiteiten",
			  "Door de hulp doe ik / doet mijn kind meer mee aan activiteiten" } },
	[I_EFFECT_TOEKOMST] = { "effect_toekomst", IT_SINGLE, SC_AKKOORD, RT_ALWAYS, M_LATENT,
		.loc = -.05, .pmiss = .05,
		.text = { "Door de hulp ziet mijn kind de toekomst positiever",
			  "Door de hulp zie ik / ziet mijn kind de toekomst positiever" } },
	[I_OPEN_GOED] = { "open_goed", IT_OPEN, SC_NONE, RT_ALWAYS, M_OPEN_GOOD,
		.text = { "Wat vindt u goed aan de hulp?" } },
	[I_OPEN_BETER] = { "open_beter", IT_OPEN, SC_NONE, RT_ALWAYS, M_OPEN_BETTER,
		.text = { "Wat kan er beter aan de hulp?" } },
};

#undef BIN

/* ---- groups, referral and open answers ------------------------------------ */

/* Per [wave 2015/later][segment]: what DOMAIN.md section 3 reports, plus guesses. */
struct group_def {
	double shift;		/* mean of the latent satisfaction of M_LATENT items */
	double mark_mean, mark_sd;
	double wait_median;	/* months; lognormal */
	double age_mean, age_sd;
};

/*
 * Mark means sit a little above the target because clamping at 10 pulls them down;
 * specialistische hulp has the wider spread that makes 7.6 -> 7.3 not significant.
 */
static const struct group_def groups[2][3] = {
	{ { .20, 7.92, 1.3, 1.2, 9.5, 4.5 }, { .10, 7.66, 2.0, 2.4, 11, 4.5 },
	  { -.35, 6.75, 1.9, 2.0, 14, 3.5 } },
	{ { 0, 7.32, 1.4, 1.8, 9.5, 4.5 }, { 0, 7.36, 2.0, 3.0, 11, 4.5 },
	  { -.35, 6.75, 1.9, 2.0, 14, 3.5 } },
};

/* Segment shares of the respondents (Rotterdam waves) and response rates. */
static const double default_share[2][3] = { { 219, 286, 0 }, { 256, 257, 101 } };
static const double default_rate[2][3] = { { .70, .62, .74 }, { .72, .65, .74 } };

/* Weights of the first referral route (codes 1..9) per segment. */
static const double referral_weight[3][MAX_OPT] = {
	{ 20, 12, 3, 35, 12, 2, 2, 9, 5 },
	{ 15, 38, 12, 15, 6, 2, 2, 6, 4 },
	{ 6, 3, 2, 15, 2, 55, 2, 10, 5 },
};

static const double network_p[4] = { .80, .40, .12, .08 };

/* Final dispositions of the fieldwork file: AAPOR code, share of the non-respondents. */
struct disposition_def {
	const char *code;
	double share;
};

static const struct disposition_def dispositions[] = {
	{ "1.1", 0 },		/* complete: every respondent */
	{ "2.11", .30 },	/* refusal */
	{ "2.12", .05 },	/* break-off */
	{ "2.20", .28 },	/* non-contact */
	{ "2.30", .07 },	/* other */
	{ "3.10", .05 },	/* unknown if eligible (number never answered) */
	{ "3.20", .08 },	/* unknown eligibility, other */
	{ "4.10", .10 },	/* not eligible: out of sample, wrong number */
	{ "4.30", .07 },	/* not eligible: non-working number */
};
#define N_DISPOSITIONS (sizeof(dispositions) / sizeof(dispositions[0]))

/* NOTHING_GOOD and NOTHING_BETTER: "nothing" answers to open_goed and open_beter. */
enum polarity { POS, NEG, NOTHING_GOOD, NOTHING_BETTER };

struct phrase {
	enum polarity pol;
	int jbjr_only;
	const char *text;
};

/* Short answers to the open questions; some with commas, semicolons and quotes. */
static const struct phrase phrases[] = {
	{ POS, 0, "De hulpverlener luisterde echt naar ons." },
	{ POS, 0, "We werden met respect behandeld." },
	{ POS, 0, "Ik voelde me serieus genomen, niet als een nummer." },
	{ POS, 0, "Binnen twee weken konden we al terecht." },
	{ POS, 0, "Niet lang hoeven wachten, dat was fijn." },
	{ POS, 0, "Twee dagen na het eerste gesprek werd ze opgenomen." },
	{ POS, 0, "Eén vast contactpersoon, dat gaf rust." },
	{ POS, 0, "Ze was altijd bereikbaar, ook via WhatsApp." },
	{ POS, 0, "Ze belden altijd snel terug." },
	{ POS, 0, "Duidelijke uitleg over wat er ging gebeuren." },
	{ POS, 0, "School en wijkteam werkten goed samen." },
	{ POS, 0, "We beslisten samen wat er moest gebeuren." },
	{ POS, 0, "Precies de hulp die we nodig hadden." },
	{ POS, 0, "Deskundig; ze wist veel van autisme." },
	{ POS, 0, "Ze hielp ook met de aanvraag van de toeslag en met de schulden." },
	{ POS, 0, "Fijn dat ze gewoon bij ons thuis kwam." },
	{ POS, 0, "Er was begrip voor onze cultuur en er was een tolk." },
	{ POS, 0, "Mijn zoon is veel rustiger geworden." },
	{ POS, 0, "Het gaat nu weer goed op school." },
	{ POS, 0, "Mijn dochter zei: \"ik word eindelijk gehoord\"." },
	{ POS, 0, "Heel betrokke hulpverlener, altijd vriendelijk." },
	{ POS, 0, "Alleen [naam] van het wijkteam nam ons echt serieus." },
	{ POS, 1, "De jeugdbeschermer was eerlijk, ook als het moeilijk was." },
	{ NEG, 0, "De wachttijd was veel te lang." },
	{ NEG, 0, "We stonden maanden op een wachtlijst." },
	{ NEG, 0, "Steeds een andere hulpverlener, elke keer opnieuw mijn verhaal vertellen." },
	{ NEG, 0, "Te veel wisselingen van hulpverleners." },
	{ NEG, 0, "Slecht bereikbaar; je krijgt steeds de voicemail." },
	{ NEG, 0, "Ze belden niet terug." },
	{ NEG, 0, "Ik werd van het kastje naar de muur gestuurd." },
	{ NEG, 0, "De instanties werken langs elkaar heen." },
	{ NEG, 0, "Weinig informatie over wat er ging gebeuren." },
	{ NEG, 0, "Er werd over ons beslist, niet met ons." },
	{ NEG, 0, "De hulp was te kort, het stopte net toen het beter ging." },
	{ NEG, 0, "Niet de juiste hulp, we hadden specialistische hulp nodig." },
	{ NEG, 0, "De diagnose kwam pas na een jaar." },
	{ NEG, 0, "Ik voelde me niet serieus genomen." },
	{ NEG, 0, "Afstandelijk, ik was \"een dossier\"." },
	{ NEG, 0, "Het duurde lang voordat alles geregeld was." },
	{ NEG, 0, "Er was geen begrip voor onze cultuur." },
	{ NEG, 0, "Er is eigenlijk niks veranderd." },
	{ NEG, 0, "Meer huisbezoeken in plaats van afspraken op kantoor." },
	{ NEG, 0, "Tevreden over de kliniek, maar ze hielden te veel vast aan die ene test." },
	{ NEG, 1, "Er werd steeds gedreigd met een uithuisplaatsing." },
	{ NEG, 1, "De jeugdbeschermer speelde op macht." },
	{ NEG, 1, "Na de melding vertrouwde ik niemand meer." },
	{ NOTHING_GOOD, 0, "Eigenlijk niets." },
	{ NOTHING_GOOD, 0, "Weet ik niet." },
	{ NOTHING_BETTER, 0, "Niks, het is goed zo." },
	{ NOTHING_BETTER, 0, "Niets, ga zo door!" },
};
#define N_PHRASES (sizeof(phrases) / sizeof(phrases[0]))

/* ---- random numbers ------------------------------------------------------- */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, 1). */
static double rng_unif(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n > 0, without modulo bias. */
static uint64_t rng_below(struct rng *r, uint64_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n, x;

	do
		x = rng_next(r);
	while (x >= limit);
	return x % n;
}

static double rng_normal(struct rng *r)
{
	double u = 1.0 - rng_unif(r), v = rng_unif(r);

	return sqrt(-2.0 * log(u)) * cos(TWO_PI * v);
}

static int rng_weighted(struct rng *r, const double *w, int n)
{
	double total = 0, x;
	int i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = rng_unif(r) * total;
	for (i = 0; i < n - 1; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* Inverse of the standard normal CDF (Acklam's rational approximation, |rel. error| < 1.2e-9). */
static double probit(double p)
{
	static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
		2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549671324908174e+00, 4.374664141464968e+00,
		2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
		2.445134137142996e+00, 3.754408661907416e+00 };
	double q, t;

	if (p <= 0)
		return -HUGE_VAL;
	if (p >= 1)
		return HUGE_VAL;
	if (p < 0.02425) {
		q = sqrt(-2 * log(p));
		return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		       ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	if (p > 1 - 0.02425) {
		q = sqrt(-2 * log(1 - p));
		return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		       ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	q = p - 0.5;
	t = q * q;
	return (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * q /
	       (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
}

/* ---- options -------------------------------------------------------------- */

enum out_format { FMT_CSV, FMT_SAV, FMT_LONG };

struct options {
	const char *wave;
	int wave_index;		/* 0: wave 2015 (wording "kind"), 1: any later wave */
	int wave_2016;		/* the wave named in the waiting-time routing */
	long long wave_prefix;	/* leading digits of the case ids */
	long respondents;	/* -1 = from --segments */
	long segments[3];	/* -1 = from the default shares */
	long cases[3];		/* -1 = from the default response rates */
	uint64_t seed;
	enum out_format format;
	int delimiter;		/* 0 = default of the format */
	const char *contacts;
	const char *output;
};

/* ---- the sample ----------------------------------------------------------- */

struct sample_case {
	unsigned char segment;	/* 0..2 */
	unsigned char disposition;	/* index into dispositions */
};

struct sample {
	struct sample_case *cases;
	size_t ncases;
	long long id_base;	/* case id = id_base + index + 1 */
	long respondents[3];
};

/* Split total into n parts proportional to w (largest remainder, ties to the first). */
static void apportion(long total, const double *w, int n, long *out)
{
	double sum = 0, rest[N_DISPOSITIONS];
	long given = 0;
	int i;

	for (i = 0; i < n; i++)
		sum += w[i];
	for (i = 0; i < n; i++) {
		double exact = sum > 0 ? total * w[i] / sum : 0;

		out[i] = (long)floor(exact);
		rest[i] = exact - out[i];
		given += out[i];
	}
	while (given < total) {
		int best = -1;

		for (i = 0; i < n; i++)
			if (w[i] > 0 && (best < 0 || rest[i] > rest[best]))
				best = i;
		out[best]++;
		rest[best] = -1;
		given++;
	}
}

static void sample_build(struct sample *s, const struct options *o, struct rng *r)
{
	double nonresp_share[N_DISPOSITIONS];
	long ncases[3], per_disp[N_DISPOSITIONS], digits = 1, k;
	size_t i, n = 0;
	int seg;
	unsigned d;

	if (o->segments[0] >= 0)
		memcpy(s->respondents, o->segments, sizeof(s->respondents));
	else
		apportion(o->respondents, default_share[o->wave_index], 3, s->respondents);
	for (seg = 0; seg < 3; seg++) {
		if (o->cases[seg] >= 0)
			ncases[seg] = o->cases[seg];
		else
			ncases[seg] = (long)floor(s->respondents[seg] /
						  default_rate[o->wave_index][seg] + 1e-9);
		n += (size_t)ncases[seg];
	}
	for (d = 0; d < N_DISPOSITIONS; d++)
		nonresp_share[d] = dispositions[d].share;

	s->ncases = n;
	s->cases = xcalloc(n, sizeof(*s->cases));
	n = 0;
	for (seg = 0; seg < 3; seg++) {
		for (k = 0; k < s->respondents[seg]; k++)
			s->cases[n++] = (struct sample_case){ (unsigned char)seg, 0 };
		apportion(ncases[seg] - s->respondents[seg], nonresp_share, N_DISPOSITIONS,
			  per_disp);
		for (d = 1; d < N_DISPOSITIONS; d++)
			for (k = 0; k < per_disp[d]; k++)
				s->cases[n++] = (struct sample_case){ (unsigned char)seg,
								      (unsigned char)d };
	}
	for (i = n; i > 1; i--) {
		size_t j = (size_t)rng_below(r, i);
		struct sample_case t = s->cases[i - 1];

		s->cases[i - 1] = s->cases[j];
		s->cases[j] = t;
	}
	for (k = (long)n; k >= 10; k /= 10)
		digits++;
	if (digits < 6)
		digits = 6;
	s->id_base = o->wave_prefix;
	for (k = 0; k < digits; k++)
		s->id_base *= 10;
}

static void sample_release(struct sample *s)
{
	free(s->cases);
	s->cases = NULL;
}

/* ---- one respondent ------------------------------------------------------- */

enum answer_state { A_NOT_ASKED, A_EMPTY, A_VALUE };

struct answer {
	enum answer_state state;
	long value;		/* single, number, mark */
	unsigned mask;		/* multiple: bit (code - 1) set when chosen */
};

struct respondent {
	long long id;
	int segment;		/* 0..2 */
	double sat;		/* standardised latent satisfaction */
	double wait;		/* standardised latent waiting time */
	long age;		/* drawn first: respondent type and n.v.t. answers depend on it */
	struct answer a[I_COUNT];
	struct buf open[2];
};

static int is_valid(const struct answer *a)
{
	return a->state == A_VALUE && a->value != 8 && a->value != 9;
}

static int asked(const struct respondent *p, enum route route, int wave_2016)
{
	switch (route) {
	case RT_ALWAYS:
		return 1;
	case RT_JBJR:
		return p->segment == 2;
	case RT_WAIT:
		return p->segment != 2 &&
		       (wave_2016 || (is_valid(&p->a[I_EERSTE_KEER]) &&
					    p->a[I_EERSTE_KEER].value == 1));
	case RT_SEVERAL:
		return is_valid(&p->a[I_MEERDERE]) && p->a[I_MEERDERE].value == 1;
	case RT_NOT_FITTING:
		return is_valid(&p->a[I_PASSENDE_HULP]) && p->a[I_PASSENDE_HULP].value == 2;
	case RT_NETWORK:
		return is_valid(&p->a[I_NETWERK_STEUN]) && p->a[I_NETWERK_STEUN].value == 1;
	}
	return 0;
}

/* A latent variable correlated rho with the respondent's satisfaction. */
static double correlated(struct rng *r, double sat, double rho)
{
	return rho * sat + sqrt(1 - rho * rho) * rng_normal(r);
}

static long missing_code(struct rng *r, const struct item_def *it)
{
	if (it->type == IT_NUMBER)
		return it->miss_code;
	if (scales[it->scale].nmiss == 1)
		return scales[it->scale].miss[0].code;
	return rng_unif(r) < .75 ? 8 : 9;
}

/* Category of latent x on an ordinal scale, worst first: code of that category. */
static long ordinal_code(enum scale_id sc, double x)
{
	static const double cut4[] = { -1.6, -0.8, 0.1 };
	static const double cut5[] = { -2.0, -1.2, -0.35, 0.85 };
	const double *cut = scales[sc].nopt == 4 ? cut4 : cut5;
	int ncut = scales[sc].nopt - 1, k = 0;

	while (k < ncut && x >= cut[k])
		k++;
	return sc == SC_AKKOORD ? 5 - k : k + 1;	/* akkoord: 1 = zeer mee eens */
}

/* Is the statement not applicable to a child of this age? */
static int not_applicable(struct rng *r, enum item_id i, long age)
{
	double p = .01;

	if (i == I_EFFECT_SCHOOL && age < 4)
		p = .8;
	else if ((i == I_EFFECT_ANDEREN || i == I_EFFECT_ACTIVITEITEN) && age < 2)
		p = .7;
	return rng_unif(r) < p;
}

static void draw_multiple(struct rng *r, struct respondent *p, enum item_id i)
{
	double w[MAX_OPT];
	unsigned mask = 0;
	int k, extra;

	if (items[i].model == M_NETWORK_WHO) {
		for (k = 0; k < 4; k++)
			if (rng_unif(r) < network_p[k])
				mask |= 1u << k;
		p->a[i].mask = mask ? mask : 1u;
		return;
	}
	memcpy(w, referral_weight[p->segment], sizeof(w));
	k = rng_weighted(r, w, MAX_OPT);
	mask = 1u << k;
	if (k != 8) {
		w[8] = 0;	/* "weet niet meer" goes alone */
		for (extra = 0; extra < 2 && rng_unif(r) < (extra ? .25 : .22); extra++) {
			w[k] = 0;
			k = rng_weighted(r, w, MAX_OPT);
			mask |= 1u << k;
		}
	}
	p->a[i].mask = mask;
}

static const struct phrase *pick_phrase(struct rng *r, enum polarity pol, int segment)
{
	for (;;) {
		const struct phrase *ph = &phrases[rng_below(r, N_PHRASES)];

		if (ph->pol == pol && (!ph->jbjr_only || segment == 2))
			return ph;
	}
}

static void draw_open(struct rng *r, struct respondent *p, enum item_id i)
{
	int good = items[i].model == M_OPEN_GOOD;
	struct buf *b = &p->open[good ? 0 : 1];
	const struct phrase *first, *second;

	buf_reset(b);
	if (rng_unif(r) >= (good ? .72 : .62)) {
		p->a[i].state = A_EMPTY;
		return;
	}
	p->a[i].state = A_VALUE;
	if ((good && p->sat < -1.2 && rng_unif(r) < .4) ||
	    (!good && p->sat > .8 && rng_unif(r) < .5)) {
		buf_adds(b, pick_phrase(r, good ? NOTHING_GOOD : NOTHING_BETTER, p->segment)->text);
		return;
	}
	first = pick_phrase(r, good ? POS : NEG, p->segment);
	buf_adds(b, first->text);
	if (rng_unif(r) < .22) {
		second = pick_phrase(r, good ? POS : NEG, p->segment);
		if (second != first) {
			buf_addc(b, ' ');
			buf_adds(b, second->text);
		}
	}
}

static long draw_single(struct rng *r, const struct options *o, struct respondent *p,
			enum item_id i)
{
	const struct item_def *it = &items[i];
	const struct group_def *g = &groups[o->wave_index][p->segment];
	double pja = it->p[o->wave_index][p->segment], x;
	long age = p->age;

	switch (it->model) {
	case M_SEGMENT:
		return p->segment + 1;
	case M_RESPTYPE:
		if (age < 12)
			return 1;
		return rng_unif(r) < (age < 16 ? .40 : .85) ? 2 : 1;
	case M_FIRST:
		return rng_unif(r) < pja ? 1 : 2;
	case M_MEASURE: {
		static const double w[] = { 10, 65, 25 };

		if (age >= 12 && rng_unif(r) < .35)
			return 4;
		return rng_weighted(r, w, 3) + 1;
	}
	case M_BINARY:
		return correlated(r, p->sat, it->loc) > -probit(pja) ? 1 : 2;
	case M_WAIT_SAT:
		/* Longer waits make for less satisfied clients. */
		x = -.55 * p->wait + .3 * p->sat + sqrt(1 - .55 * .55 - .3 * .3) * rng_normal(r);
		return x > -probit(pja) ? 1 : 2;
	case M_LATENT:
		if (it->scale == SC_AKKOORD && not_applicable(r, i, age))
			return 7;
		return ordinal_code(it->scale, it->loc + g->shift + correlated(r, p->sat, .75));
	case M_HELP_KIND: {
		static const double w[] = { 35, 40, 25 };

		return rng_weighted(r, w, 3) + 1;
	}
	default:
		return 0;
	}
}

static long draw_number(struct rng *r, const struct options *o, struct respondent *p,
			enum item_id i)
{
	const struct group_def *g = &groups[o->wave_index][p->segment];
	double x;

	switch (items[i].model) {
	case M_AGE:
		return p->age;
	case M_MARK:
		x = floor(g->mark_mean + g->mark_sd * correlated(r, p->sat, .7) + .5);
		break;
	case M_WAIT:
		x = floor(exp(log(g->wait_median) + .9 * p->wait));
		break;
	default:
		x = 0;
		break;
	}
	if (x < items[i].min)
		x = items[i].min;
	if (x > items[i].max)
		x = items[i].max;
	return (long)x;
}

static void respondent_draw(struct rng *r, const struct options *o, struct respondent *p,
			    long long id, int segment)
{
	const struct group_def *g = &groups[o->wave_index][segment];
	int i;

	p->id = id;
	p->segment = segment;
	p->sat = rng_normal(r);
	p->wait = rng_normal(r);
	p->age = (long)floor(g->age_mean + g->age_sd * rng_normal(r) + .5);
	if (p->age < items[I_LEEFTIJD].min)
		p->age = items[I_LEEFTIJD].min;
	if (p->age > items[I_LEEFTIJD].max)
		p->age = items[I_LEEFTIJD].max;
	memset(p->a, 0, sizeof(p->a));	/* A_NOT_ASKED: routing reads earlier items only */
	for (i = 0; i < I_COUNT; i++) {
		const struct item_def *it = &items[i];
		struct answer *a = &p->a[i];

		if (!asked(p, it->route, o->wave_2016))
			continue;
		if (it->type == IT_OPEN) {
			draw_open(r, p, (enum item_id)i);
			continue;
		}
		a->state = A_VALUE;
		if (it->pmiss > 0 && rng_unif(r) < it->pmiss) {
			a->value = missing_code(r, it);
			continue;
		}
		switch (it->type) {
		case IT_SINGLE:
			a->value = draw_single(r, o, p, (enum item_id)i);
			break;
		case IT_MULTIPLE:
			draw_multiple(r, p, (enum item_id)i);
			break;
		case IT_NUMBER:
		case IT_MARK:
			a->value = draw_number(r, o, p, (enum item_id)i);
			break;
		case IT_OPEN:
			break;
		}
	}
}

/* ---- writers -------------------------------------------------------------- */

static const char *item_text(const struct options *o, enum item_id i)
{
	const struct item_def *it = &items[i];

	return o->wave_index == 1 && it->text[1] ? it->text[1] : it->text[0];
}

static const char *open_text(const struct respondent *p, enum item_id i)
{
	return p->open[i == I_OPEN_GOED ? 0 : 1].s ? p->open[i == I_OPEN_GOED ? 0 : 1].s : "";
}

/* Add s as one CSV field, quoted when it holds the delimiter, a quote or a line break. */
static void csv_field(struct buf *b, const char *s, int delim)
{
	const char *c;

	if (!strchr(s, delim) && !strpbrk(s, "\"\r\n")) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (c = s; *c; c++) {
		if (*c == '"')
			buf_addc(b, '"');
		buf_addc(b, *c);
	}
	buf_addc(b, '"');
}

static void csv_header(struct buf *b, int delim)
{
	int i, k;

	buf_adds(b, "respnr");
	for (i = 0; i < I_COUNT; i++) {
		const struct item_def *it = &items[i];

		if (it->type != IT_MULTIPLE) {
			buf_addc(b, (char)delim);
			buf_adds(b, it->id);
			continue;
		}
		for (k = 0; k < scales[it->scale].nopt; k++)
			buf_printf(b, "%c%s_%d", delim, it->id, scales[it->scale].opt[k].code);
	}
	buf_addc(b, '\n');
}

/* Append v in decimal; buf_printf would parse a format for every cell. */
static void add_long(struct buf *b, long long v)
{
	char tmp[24];
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
	size_t n = sizeof(tmp);

	do
		tmp[--n] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		tmp[--n] = '-';
	buf_add(b, tmp + n, sizeof(tmp) - n);
}

static void csv_row(struct buf *b, const struct respondent *p, int delim)
{
	int i, k;

	add_long(b, p->id);
	for (i = 0; i < I_COUNT; i++) {
		const struct item_def *it = &items[i];
		const struct answer *a = &p->a[i];

		if (it->type == IT_MULTIPLE) {
			for (k = 0; k < scales[it->scale].nopt; k++) {
				buf_addc(b, (char)delim);
				if (a->state == A_VALUE)
					buf_addc(b, a->mask & (1u << k) ? '1' : '0');
			}
			continue;
		}
		buf_addc(b, (char)delim);
		if (a->state != A_VALUE)
			continue;
		if (it->type == IT_OPEN)
			csv_field(b, open_text(p, (enum item_id)i), delim);
		else
			add_long(b, a->value);
	}
	buf_addc(b, '\n');
}

/* Start a line of the long format: "respondent,item,". */
static void long_start(struct buf *b, const struct respondent *p, const char *item, int delim)
{
	add_long(b, p->id);
	buf_addc(b, (char)delim);
	buf_adds(b, item);
	buf_addc(b, (char)delim);
}

/* One line per stored answer: exactly the non-empty cells of csv_row. */
static void long_rows(struct buf *b, const struct respondent *p, int delim)
{
	int i, k;

	for (i = 0; i < I_COUNT; i++) {
		const struct item_def *it = &items[i];
		const struct answer *a = &p->a[i];

		if (a->state != A_VALUE)
			continue;
		if (it->type == IT_MULTIPLE) {
			for (k = 0; k < scales[it->scale].nopt; k++) {
				if (!(a->mask & (1u << k)))
					continue;
				long_start(b, p, it->id, delim);
				add_long(b, scales[it->scale].opt[k].code);
				buf_addc(b, '\n');
			}
			continue;
		}
		long_start(b, p, it->id, delim);
		if (it->type == IT_OPEN)
			csv_field(b, open_text(p, (enum item_id)i), delim);
		else
			add_long(b, a->value);
		buf_addc(b, '\n');
	}
}

static ssize_t sav_write_bytes(const void *data, size_t len, void *ctx)
{
	return fwrite(data, 1, len, ctx) == len ? (ssize_t)len : -1;
}

struct sav_out {
	readstat_writer_t *w;
	readstat_variable_t *id;
	readstat_variable_t *var[I_COUNT][MAX_OPT];	/* [item][option] for multiple */
};

static int sav_check(readstat_error_t err, const char *path)
{
	if (err == READSTAT_OK)
		return 0;
	return tv_error("cannot write '%s': %s", path, readstat_error_message(err));
}

/* Define the variables and value labels of every item. */
static void sav_define(struct sav_out *s, const struct options *o)
{
	readstat_label_set_t *sets[SC_COUNT] = { NULL };
	char name[96], label[320];
	int i, k;

	for (i = 1; i < SC_COUNT; i++) {
		const struct scale_def *sc = &scales[i];

		if (sc->measure == READSTAT_MEASURE_SCALE)
			continue;
		sets[i] = readstat_add_label_set(s->w, READSTAT_TYPE_DOUBLE, sc->name);
		for (k = 0; k < sc->nopt; k++)
			readstat_label_double_value(sets[i], sc->opt[k].code, sc->opt[k].label);
		for (k = 0; k < sc->nmiss; k++)
			readstat_label_double_value(sets[i], sc->miss[k].code, sc->miss[k].label);
	}
	s->id = readstat_add_variable(s->w, "respnr", READSTAT_TYPE_DOUBLE, 0);
	readstat_variable_set_label(s->id, "Respondentnummer");
	readstat_variable_set_format(s->id, "F10.0");
	readstat_variable_set_measure(s->id, READSTAT_MEASURE_NOMINAL);
	for (i = 0; i < I_COUNT; i++) {
		const struct item_def *it = &items[i];
		const struct scale_def *sc = &scales[it->scale];
		readstat_variable_t *v;

		switch (it->type) {
		case IT_OPEN:
			v = readstat_add_variable(s->w, it->id, READSTAT_TYPE_STRING, OPEN_WIDTH);
			readstat_variable_set_label(v, item_text(o, (enum item_id)i));
			readstat_variable_set_measure(v, READSTAT_MEASURE_NOMINAL);
			s->var[i][0] = v;
			break;
		case IT_MULTIPLE:
			/* SPSS multiple dichotomy set: 1 = mentioned, labelled with the option. */
			for (k = 0; k < sc->nopt; k++) {
				readstat_label_set_t *ls;

				snprintf(name, sizeof(name), "%s_%d", it->id, sc->opt[k].code);
				snprintf(label, sizeof(label), "%s: %s", item_text(o, (enum item_id)i),
					 sc->opt[k].label);
				ls = readstat_add_label_set(s->w, READSTAT_TYPE_DOUBLE, name);
				readstat_label_double_value(ls, 0, "niet genoemd");
				readstat_label_double_value(ls, 1, sc->opt[k].label);
				v = readstat_add_variable(s->w, name, READSTAT_TYPE_DOUBLE, 0);
				readstat_variable_set_label(v, label);
				readstat_variable_set_format(v, "F1.0");
				readstat_variable_set_measure(v, READSTAT_MEASURE_NOMINAL);
				readstat_variable_set_label_set(v, ls);
				s->var[i][k] = v;
			}
			break;
		default:
			v = readstat_add_variable(s->w, it->id, READSTAT_TYPE_DOUBLE, 0);
			readstat_variable_set_label(v, item_text(o, (enum item_id)i));
			readstat_variable_set_format(v, "F2.0");
			readstat_variable_set_measure(v, it->type == IT_SINGLE ? sc->measure
									 : READSTAT_MEASURE_SCALE);
			if (it->type == IT_SINGLE) {
				readstat_variable_set_label_set(v, sets[it->scale]);
				for (k = 0; k < sc->nmiss; k++)
					readstat_variable_add_missing_double_value(v, sc->miss[k].code);
			} else if (it->miss_code) {
				readstat_variable_add_missing_double_value(v, it->miss_code);
			}
			s->var[i][0] = v;
			break;
		}
	}
}

static int sav_row(struct sav_out *s, const struct respondent *p, const char *path)
{
	readstat_writer_t *w = s->w;
	int i, k;

	if (sav_check(readstat_begin_row(w), path) ||
	    sav_check(readstat_insert_double_value(w, s->id, (double)p->id), path))
		return -1;
	for (i = 0; i < I_COUNT; i++) {
		const struct item_def *it = &items[i];
		const struct answer *a = &p->a[i];
		readstat_error_t err = READSTAT_OK;

		if (it->type == IT_MULTIPLE) {
			for (k = 0; k < scales[it->scale].nopt && err == READSTAT_OK; k++)
				err = a->state == A_VALUE
					? readstat_insert_double_value(w, s->var[i][k],
								       a->mask & (1u << k) ? 1 : 0)
					: readstat_insert_missing_value(w, s->var[i][k]);
		} else if (it->type == IT_OPEN) {
			err = readstat_insert_string_value(w, s->var[i][0],
							   a->state == A_VALUE ? open_text(p, (enum item_id)i)
									       : "");
		} else if (a->state == A_VALUE) {
			err = readstat_insert_double_value(w, s->var[i][0], (double)a->value);
		} else {
			err = readstat_insert_missing_value(w, s->var[i][0]);
		}
		if (sav_check(err, path))
			return -1;
	}
	return sav_check(readstat_end_row(w), path);
}

/* ---- main loop ------------------------------------------------------------ */

static FILE *open_out(const char *path)
{
	FILE *f;

	if (!strcmp(path, "-"))
		return stdout;
	f = fopen(path, "wb");
	if (!f)
		tv_error("cannot create '%s': %s", path, strerror(errno));
	return f;
}

static int close_out(FILE *f, const char *path)
{
	int ret = file_check(f, path);

	if (f != stdout && fclose(f) != 0 && ret == 0)
		ret = tv_error("cannot write '%s': %s", path, strerror(errno));
	return ret;
}

/* Write buf to f when it has grown past a chunk (or always with force). */
static int flush_buf(struct buf *b, FILE *f, const char *path, int force)
{
	if (!force && b->len < (1u << 16))
		return 0;
	if (b->len && fwrite(b->s, 1, b->len, f) != b->len)
		return tv_error("cannot write '%s': %s", path, strerror(errno));
	buf_reset(b);
	return 0;
}

static int write_contacts(const struct sample *s, const struct options *o)
{
	static const char *const seg_label[3] = { "basishulp", "specialistische hulp", "JB/JR" };
	int delim = o->delimiter ? o->delimiter : ';';
	FILE *f = open_out(o->contacts);
	struct buf b;
	size_t i;
	int ret = -1;

	if (!f)
		return -1;
	buf_init(&b);
	buf_printf(&b, "case_id%csegment%cdisposition\n", delim, delim);
	for (i = 0; i < s->ncases; i++) {
		buf_printf(&b, "%lld%c", s->id_base + (long long)i + 1, delim);
		csv_field(&b, seg_label[s->cases[i].segment], delim);
		buf_printf(&b, "%c%s\n", delim, dispositions[s->cases[i].disposition].code);
		if (flush_buf(&b, f, o->contacts, 0))
			goto out;
	}
	if (flush_buf(&b, f, o->contacts, 1))
		goto out;
	ret = 0;
out:
	buf_release(&b);
	if (close_out(f, o->contacts))
		ret = -1;
	return ret;
}

static int write_responses(const struct sample *s, const struct options *o, struct rng *r)
{
	int delim = o->delimiter ? o->delimiter : o->format == FMT_LONG ? ',' : ';';
	long total = s->respondents[0] + s->respondents[1] + s->respondents[2];
	struct sav_out sav = { NULL, NULL, { { NULL } } };
	struct respondent p;
	struct buf b;
	FILE *f;
	size_t i;
	int ret = -1;

	f = open_out(o->output);
	if (!f)
		return -1;
	buf_init(&b);
	buf_init(&p.open[0]);
	buf_init(&p.open[1]);
	if (o->format == FMT_SAV) {
		char flabel[80];

		sav.w = readstat_writer_init();
		readstat_set_data_writer(sav.w, sav_write_bytes);
		readstat_writer_set_compression(sav.w, READSTAT_COMPRESS_ROWS);
		snprintf(flabel, sizeof(flabel), "CEO jeugd, meting %s (synthetisch)", o->wave);
		readstat_writer_set_file_label(sav.w, flabel);
		/* A fixed creation time keeps the file identical for one seed. */
		readstat_writer_set_file_timestamp(sav.w, (time_t)1483228800);
		sav_define(&sav, o);
		if (sav_check(readstat_begin_writing_sav(sav.w, f, total), o->output))
			goto out;
	} else if (o->format == FMT_CSV) {
		csv_header(&b, delim);
	} else {
		buf_printf(&b, "respondent%citem%cvalue\n", delim, delim);
	}
	for (i = 0; i < s->ncases; i++) {
		if (s->cases[i].disposition != 0)
			continue;
		respondent_draw(r, o, &p, s->id_base + (long long)i + 1, s->cases[i].segment);
		if (p.open[0].len > OPEN_WIDTH || p.open[1].len > OPEN_WIDTH) {
			tv_error("open answer of respondent %lld longer than %d bytes", p.id,
				 OPEN_WIDTH);
			goto out;
		}
		if (o->format == FMT_SAV) {
			if (sav_row(&sav, &p, o->output))
				goto out;
			continue;
		}
		if (o->format == FMT_CSV)
			csv_row(&b, &p, delim);
		else
			long_rows(&b, &p, delim);
		if (flush_buf(&b, f, o->output, 0))
			goto out;
	}
	if (o->format == FMT_SAV) {
		if (sav_check(readstat_end_writing(sav.w), o->output))
			goto out;
	} else if (flush_buf(&b, f, o->output, 1)) {
		goto out;
	}
	ret = 0;
out:
	if (sav.w)
		readstat_writer_free(sav.w);
	buf_release(&b);
	buf_release(&p.open[0]);
	buf_release(&p.open[1]);
	if (close_out(f, o->output))
		ret = -1;
	return ret;
}

/* ---- command line --------------------------------------------------------- */

static const char usage_text[] =
	"usage: genstudy --wave W (--respondents N | --segments B,S[,J]) [--seed S]\n"
	"                [--format csv|sav|long] [--delimiter C] [--cases B,S[,J]]\n"
	"                [--contacts FILE] -o FILE\n"
	"\n"
	"  --wave W          wave name, e.g. 2015 or 2016 (2015 uses the first wording)\n"
	"  --respondents N   number of respondents, split over the segments in the\n"
	"                    proportions of the Rotterdam wave (2015: no JB/JR)\n"
	"  --segments B,S,J  respondents per segment (basishulp, specialistisch, JB/JR)\n"
	"  --cases B,S,J     sampled cases per segment (default: from response rates)\n"
	"  --seed S          seed of the random numbers (default 1)\n"
	"  --format F        csv (default), sav or long (respondent,item,value)\n"
	"  --delimiter C     ';', ',', '|' or 'tab'; default ';' (csv, contacts), ',' (long)\n"
	"  --contacts FILE   also write the fieldwork file: case_id;segment;disposition\n"
	"  -o FILE           output file ('-' for standard output)\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report a bad command line through tv_error and return the usage exit code. */
static int usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tv_error("%s", msg);
	fputs("try 'genstudy --help'\n", stderr);
	return TV_EXIT_USAGE;
}

/* Parse "a,b[,c]" of non-negative counts into out[3]. Returns 0 or -1. */
static int parse_counts(const char *s, long out[3])
{
	char *copy = xstrdup(s), *p = copy, *comma;
	int n = 0, ret = -1;

	out[0] = out[1] = out[2] = 0;
	for (;;) {
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (n == 3 || num_parse_long(p, &out[n]) || out[n] < 0 || out[n] > 100000000)
			goto out;
		n++;
		if (!comma)
			break;
		p = comma + 1;
	}
	ret = n >= 2 ? 0 : -1;
out:
	free(copy);
	return ret;
}

static int parse_delimiter(const char *s)
{
	if (!strcmp(s, "tab") || !strcmp(s, "\\t"))
		return '\t';
	if (!strcmp(s, ";") || !strcmp(s, ",") || !strcmp(s, "|") || !strcmp(s, "\t"))
		return s[0];
	return 0;	/* anything else could occur unquoted in a code or a number */
}

/* Fill o from argv. Returns 0, or an exit code after printing the problem. */
static int parse_args(int argc, char **argv, struct options *o)
{
	long n;
	int i, k;

	memset(o, 0, sizeof(*o));
	o->respondents = -1;
	o->seed = 1;
	o->format = FMT_CSV;
	for (k = 0; k < 3; k++)
		o->segments[k] = o->cases[k] = -1;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *val;

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage_text, stdout);
			return -1;
		}
		if (arg[0] != '-')
			return usage_error("unexpected argument '%s'", arg);
		if (i + 1 >= argc)
			return usage_error("option '%s' needs a value", arg);
		val = argv[++i];
		if (!strcmp(arg, "--wave")) {
			o->wave = val;
		} else if (!strcmp(arg, "--respondents")) {
			if (num_parse_long(val, &n) || n < 1 || n > 100000000)
				return usage_error("bad number of respondents '%s'", val);
			o->respondents = n;
		} else if (!strcmp(arg, "--segments")) {
			if (parse_counts(val, o->segments))
				return usage_error("bad --segments '%s' (want B,S or B,S,J)", val);
		} else if (!strcmp(arg, "--cases")) {
			if (parse_counts(val, o->cases))
				return usage_error("bad --cases '%s' (want B,S or B,S,J)", val);
		} else if (!strcmp(arg, "--seed")) {
			if (num_parse_long(val, &n) || n < 0)
				return usage_error("bad seed '%s'", val);
			o->seed = (uint64_t)n;
		} else if (!strcmp(arg, "--format")) {
			if (!strcmp(val, "csv"))
				o->format = FMT_CSV;
			else if (!strcmp(val, "sav"))
				o->format = FMT_SAV;
			else if (!strcmp(val, "long"))
				o->format = FMT_LONG;
			else
				return usage_error("unknown format '%s' (csv, sav or long)", val);
		} else if (!strcmp(arg, "--delimiter")) {
			o->delimiter = parse_delimiter(val);
			if (!o->delimiter)
				return usage_error("bad delimiter '%s' (';', ',', '|' or 'tab')",
						   val);
		} else if (!strcmp(arg, "--contacts")) {
			o->contacts = val;
		} else if (!strcmp(arg, "-o") || !strcmp(arg, "--output")) {
			o->output = val;
		} else {
			return usage_error("unknown option '%s'", arg);
		}
	}
	return 0;
}

/* Cross-check the options and derive the wave settings. Returns 0 or an exit code. */
static int check_args(struct options *o)
{
	long sum, n;
	const char *c;
	int k;

	if (!o->wave)
		return usage_error("--wave is required");
	if (!o->output)
		return usage_error("-o FILE is required");
	for (c = o->wave; *c; c++)
		if (!(*c >= '0' && *c <= '9') && !(*c >= 'a' && *c <= 'z') &&
		    !(*c >= 'A' && *c <= 'Z') && *c != '_' && *c != '-')
			return usage_error("bad wave name '%s'", o->wave);
	if (!*o->wave || strlen(o->wave) > 32)
		return usage_error("bad wave name '%s'", o->wave);
	o->wave_index = strcmp(o->wave, "2015") ? 1 : 0;
	o->wave_2016 = !strcmp(o->wave, "2016");
	o->wave_prefix = num_parse_long(o->wave, &n) == 0 && n >= 0 ? n % 100 : 0;
	if (o->segments[0] >= 0) {
		sum = o->segments[0] + o->segments[1] + o->segments[2];
		if (sum < 1)
			return usage_error("--segments gives no respondents");
		if (o->respondents >= 0 && o->respondents != sum)
			return usage_error("--respondents differs from the sum of --segments");
		o->respondents = sum;
	}
	if (o->respondents < 0)
		return usage_error("--respondents or --segments is required");
	if (o->cases[0] >= 0) {
		long resp[3];

		if (o->segments[0] >= 0)
			memcpy(resp, o->segments, sizeof(resp));
		else
			apportion(o->respondents, default_share[o->wave_index], 3, resp);
		for (k = 0; k < 3; k++)
			if (o->cases[k] < resp[k])
				return usage_error("--cases has fewer cases than respondents in a segment");
	}
	if (o->format == FMT_SAV && !strcmp(o->output, "-"))
		return usage_error("--format sav needs a file, not '-'");
	if (o->contacts && !strcmp(o->contacts, o->output))
		return usage_error("--contacts and -o name the same file");
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	struct sample s = { NULL, 0, 0, { 0, 0, 0 } };
	struct rng sample_rng, answer_rng;
	int ret;

	ret = parse_args(argc, argv, &o);
	if (ret < 0)
		return TV_EXIT_OK;
	if (ret == 0)
		ret = check_args(&o);
	if (ret)
		return ret;
	/* ReadStat writes the creation time in local time; fix the zone for identical files. */
	setenv("TZ", "UTC", 1);
	tzset();
	rng_seed(&sample_rng, o.seed, 1);
	rng_seed(&answer_rng, o.seed, 2);
	sample_build(&s, &o, &sample_rng);
	ret = TV_EXIT_OK;
	if (write_responses(&s, &o, &answer_rng))
		ret = TV_EXIT_SYSTEM;
	else if (o.contacts && write_contacts(&s, &o))
		ret = TV_EXIT_SYSTEM;
	sample_release(&s);
	return ret;
}
