/* cmd_analyze.c: `tevreden analyze`: satisfaction tables with significance tests between waves and groups. */
#include "analyze/render.h"
#include "analyze/stats.h"
#include "analyze/tables.h"
#include "core/cli.h"
#include "core/commands.h"
#include "core/error.h"
#include "core/store.h"
#include "core/table.h"
#include "core/util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char analyze_usage[] =
	"usage: tevreden analyze STUDY [--waves W1,W2 | --wave W] [--by VAR] [--items A,B,...]\n"
	"                        [--letters none|reference|pairwise] [--adjust none|bonferroni|holm]\n"
	"                        [--year-mark letters|star] [--sided two|one] [--alpha A]\n"
	"                        [--min-base N] [--mean-test welch|pooled] [--total-exclude G[,G]]\n"
	"                        [--distribution] [--decimals N] [--lang nl|en]\n"
	"                        [--format text|csv|md|json]\n"
	"\n"
	"One table per item and measure: rows are the groups of --by plus a total, columns\n"
	"the waves, each cell a percentage or mean with its base n and marks where\n"
	"differences are significant; a legend says which test, sidedness, alpha,\n"
	"correction and bases were used (docs/analyze.md).\n"
	"\n"
	"options:\n"
	"      --waves W1,W2     compare two waves, the first the earlier one (default: the\n"
	"                        last two waves with respondents)\n"
	"  -w, --wave W          one wave\n"
	"      --by VAR          groups: a single-choice item (default: the item with role\n"
	"                        segment); 'none' for the total only\n"
	"  -i, --items A,B       these items (default: every closed item of the modules)\n"
	"      --letters L       compare groups within a wave: none, reference (the first\n"
	"                        group) or pairwise (default: reference for one wave, none\n"
	"                        for two)\n"
	"      --adjust M        p-value correction within each wave's group comparisons:\n"
	"                        none, bonferroni or holm (default: bonferroni with\n"
	"                        pairwise letters, else none)\n"
	"      --year-mark M     between waves: letters (a)/(b) (default) or star (*)\n"
	"      --sided S         two (default) or one (in the direction of the difference)\n"
	"      --alpha A         significance level, above 0 and below 1 (default 0.05)\n"
	"      --min-base N      cells with a smaller base are not tested (default 30)\n"
	"      --mean-test T     welch (default) or pooled (Student's t)\n"
	"      --total-exclude G leave groups (label or code) out of the total\n"
	"      --distribution    also a table per option of single-choice items with a top box\n"
	"      --decimals N      decimals of percentages in text and md, 0..6 (default 0;\n"
	"                        means get one more)\n"
	"      --lang L          nl (default) or en: legend, warnings, decimal sign\n"
	"  -f, --format F        text (default), csv, md or json\n"
	"  -h, --help            this text\n"
	"\n"
	"exit codes: 0 ok, 1 the study does not have what was asked (unknown item, wave\n"
	"or group; no respondents), 2 bad command line, 3 study file or output error\n";

/* A list of names from comma-separated option values; the strings are owned. */
struct names {
	char **v;
	size_t n;
};

static void names_add(struct names *l, const char *arg)
{
	const char *p = arg;

	while (1) {
		size_t len = strcspn(p, ",");

		if (len > 0) {
			l->v = xrealloc(l->v, (l->n + 1) * sizeof(char *));
			l->v[l->n++] = xstrndup(p, len);
		}
		if (!p[len])
			break;
		p += len + 1;
	}
}

static void names_release(struct names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* Index of s in the NULL-terminated list, or -1. */
static int choice(const char *s, const char *const *list)
{
	int i;

	for (i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

enum {
	O_WAVES = 256, O_BY, O_LETTERS, O_ADJUST, O_YEAR_MARK, O_SIDED, O_ALPHA, O_MIN_BASE,
	O_MEAN_TEST, O_TOTAL_EXCLUDE, O_DISTRIBUTION, O_DECIMALS, O_LANG,
};

/* Parse one option into rq and the lists; returns 0 or TV_EXIT_USAGE (reported). */
static int option(int c, const char *arg, struct an_request *rq, struct names *waves,
	struct names *items, struct names *excl, int *wave_opts, enum out_format *f, long *decimals)
{
	static const char *const letters[] = { "none", "reference", "pairwise", NULL };
	static const char *const adjust[] = { "none", "bonferroni", "holm", NULL };
	static const char *const year[] = { "letters", "star", NULL };
	static const char *const sided[] = { "two", "one", NULL };
	static const char *const mean[] = { "welch", "pooled", NULL };
	static const char *const lang[] = { "nl", "en", NULL };
	int k;

	switch (c) {
	case O_WAVES:
	case 'w':
		(*wave_opts)++;
		names_add(waves, arg);
		if (c == 'w' && strchr(arg, ','))
			return cli_usage(analyze_usage, "--wave expects one wave; use --waves W1,W2 "
					 "to compare two");
		return 0;
	case O_BY: rq->by = arg; return 0;
	case 'i': names_add(items, arg); return 0;
	case O_TOTAL_EXCLUDE: names_add(excl, arg); return 0;
	case O_DISTRIBUTION: rq->set.distribution = 1; return 0;
	case O_LETTERS:
		if ((k = choice(arg, letters)) < 0)
			return cli_usage(analyze_usage, "--letters expects none, reference or pairwise, "
					 "not '%s'", arg);
		rq->set.letters = (enum an_letters)(AN_LETTERS_NONE + k);
		return 0;
	case O_ADJUST:
		if ((k = choice(arg, adjust)) < 0)
			return cli_usage(analyze_usage, "--adjust expects none, bonferroni or holm, "
					 "not '%s'", arg);
		rq->set.adjust = k == 0 ? STATS_ADJUST_NONE : k == 1 ? STATS_ADJUST_BONFERRONI
								    : STATS_ADJUST_HOLM;
		return 0;
	case O_YEAR_MARK:
		if ((k = choice(arg, year)) < 0)
			return cli_usage(analyze_usage, "--year-mark expects letters or star, not '%s'",
					 arg);
		rq->set.year_mark = k ? AN_YEAR_STAR : AN_YEAR_LETTERS;
		return 0;
	case O_SIDED:
		if ((k = choice(arg, sided)) < 0)
			return cli_usage(analyze_usage, "--sided expects two or one, not '%s'", arg);
		rq->set.one_sided = k;
		return 0;
	case O_MEAN_TEST:
		if ((k = choice(arg, mean)) < 0)
			return cli_usage(analyze_usage, "--mean-test expects welch or pooled, not '%s'",
					 arg);
		rq->set.pooled = k;
		return 0;
	case O_LANG:
		if ((k = choice(arg, lang)) < 0)
			return cli_usage(analyze_usage, "--lang expects nl or en, not '%s'", arg);
		rq->set.lang = k ? AN_LANG_EN : AN_LANG_NL;
		return 0;
	case O_ALPHA:
		if (num_parse(arg, 0, &rq->set.alpha) < 0 || !(rq->set.alpha > 0 && rq->set.alpha < 1))
			return cli_usage(analyze_usage, "--alpha expects a number above 0 and below 1, "
					 "not '%s'", arg);
		return 0;
	case O_MIN_BASE:
		return cli_long(analyze_usage, "--min-base", arg, 0, 1000000000L, &rq->set.min_base) < 0
			? TV_EXIT_USAGE : 0;
	case O_DECIMALS:
		return cli_long(analyze_usage, "--decimals", arg, 0, 6, decimals) < 0 ? TV_EXIT_USAGE : 0;
	case 'f':
		if (out_format_parse(arg, f) < 0)
			return cli_usage(analyze_usage, "--format expects text, csv, json or md, not '%s'",
					 arg);
		return 0;
	}
	return cli_usage(analyze_usage, "unknown option");
}

int cmd_analyze(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "waves", required_argument, NULL, O_WAVES },
		{ "wave", required_argument, NULL, 'w' },
		{ "by", required_argument, NULL, O_BY },
		{ "items", required_argument, NULL, 'i' },
		{ "letters", required_argument, NULL, O_LETTERS },
		{ "adjust", required_argument, NULL, O_ADJUST },
		{ "year-mark", required_argument, NULL, O_YEAR_MARK },
		{ "sided", required_argument, NULL, O_SIDED },
		{ "alpha", required_argument, NULL, O_ALPHA },
		{ "min-base", required_argument, NULL, O_MIN_BASE },
		{ "mean-test", required_argument, NULL, O_MEAN_TEST },
		{ "total-exclude", required_argument, NULL, O_TOTAL_EXCLUDE },
		{ "distribution", no_argument, NULL, O_DISTRIBUTION },
		{ "decimals", required_argument, NULL, O_DECIMALS },
		{ "lang", required_argument, NULL, O_LANG },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct names waves = { NULL, 0 }, items = { NULL, 0 }, excl = { NULL, 0 };
	struct an_request rq;
	struct an_result *res = NULL;
	struct store *st = NULL;
	enum out_format f = OUT_TEXT;
	long decimals = 0;
	int c, wave_opts = 0, ret = TV_EXIT_USAGE, rc;
	size_t i;

	an_request_init(&rq);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":w:i:f:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			ret = cli_help(analyze_usage);
			goto out;
		}
		if (c == ':') {
			cli_usage(analyze_usage, "option '%s' needs a value", argv[optind - 1]);
			goto out;
		}
		if (c == '?') {
			cli_usage(analyze_usage, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
		if (option(c, optarg, &rq, &waves, &items, &excl, &wave_opts, &f, &decimals) != 0)
			goto out;
	}
	if (argc - optind != 1) {
		cli_usage(analyze_usage, "expected one STUDY");
		goto out;
	}
	if (wave_opts > 1 || waves.n > AN_MAX_WAVES) {
		cli_usage(analyze_usage, "give at most two waves, in one --waves W1,W2 or one --wave W");
		goto out;
	}
	if (waves.n == 2 && strcmp(waves.v[0], waves.v[1]) == 0) {
		cli_usage(analyze_usage, "--waves names wave '%s' twice", waves.v[0]);
		goto out;
	}
	for (i = 0; i < waves.n; i++)
		rq.waves[i] = waves.v[i];
	rq.nwaves = waves.n;
	if (items.n) {
		rq.items = (const char *const *)items.v;
		rq.nitems = items.n;
	}
	rq.exclude = (const char *const *)excl.v;
	rq.nexclude = excl.n;
	if (rq.by && strcmp(rq.by, "none") == 0 && excl.n) {
		cli_usage(analyze_usage, "--total-exclude needs groups; it cannot go with --by none");
		goto out;
	}
	if (store_open(argv[optind], &st) < 0) {
		ret = TV_EXIT_SYSTEM;
		goto out;
	}
	stats_init();
	rc = an_run(st, &rq, &res);
	if (rc < 0) {
		ret = rc == AN_EDATA ? TV_EXIT_DATA : TV_EXIT_SYSTEM;
		goto out;
	}
	ret = render_result(res, f, (int)decimals, stdout) < 0 ? TV_EXIT_SYSTEM : cli_done(TV_EXIT_OK);
out:
	an_result_free(res);
	store_close(st);
	names_release(&waves);
	names_release(&items);
	names_release(&excl);
	return ret;
}
