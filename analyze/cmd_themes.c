/* cmd_themes.c: `tevreden code themes` and `code quotes`: what the coded material says, per group and wave. */
#include "analyze/stats.h"
#include "analyze/themes.h"
#include "core/cli.h"
#include "core/commands.h"
#include "core/error.h"
#include "core/store.h"
#include "core/table.h"
#include "core/util.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- code themes ---- */

static const char themes_usage[] =
	"usage: tevreden code themes STUDY [--by group|wave|method] [--unit U] [--coder NAME]\n"
	"                            [--wave W] [--min-base N] [--alpha A] [--format F]\n"
	"\n"
	"For every code and polarity, the share of units in each group that mention it:\n"
	"units are speakers (a transcript participant, a survey respondent with open\n"
	"answers; default), documents, respondents or segments. Groups: a transcript's\n"
	"target group and an open answer's segment (--by group), the wave, or the method.\n"
	"Groups are compared pairwise with the tests of 'tevreden analyze' (pooled z, or\n"
	"Fisher's exact test for expected counts below 5; two-sided; Bonferroni over the\n"
	"pairs): [b] in a cell = significantly more often than group b.\n"
	"\n"
	"options:\n"
	"      --by V          group, wave or method (default group)\n"
	"      --unit U        speakers, documents, respondents or segments (default speakers)\n"
	"      --coder NAME    whose codings (default auto, the automatic coder)\n"
	"      --wave W        only this wave\n"
	"      --min-base N    groups with fewer units are not tested (default 10)\n"
	"      --alpha A       significance level (default 0.05)\n"
	"      --format F      text (default), csv, md or json\n"
	"  -h, --help          this text\n";


static int themes_print(const struct th_result *r, double min_base, double alpha, enum out_format f,
			const char *unit, const char *coder)
{
	const char **head = xcalloc(r->ngroups + 2, sizeof(char *));
	int *right = xcalloc(r->ngroups + 2, sizeof(int));
	cJSON *root = NULL, *rows = NULL;
	size_t i, k;
	struct table t;
	int ret;

	if (f == OUT_JSON) {
		cJSON *gs;

		root = cJSON_CreateObject();
		cJSON_AddStringToObject(root, "unit", unit);
		cJSON_AddStringToObject(root, "coder", coder);
		gs = cJSON_AddArrayToObject(root, "groups");
		for (k = 0; k < r->ngroups; k++) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "group", r->group[k]);
			cJSON_AddStringToObject(o, "letter", (char[2]){ (char)('a' + k), 0 });
			cJSON_AddNumberToObject(o, "base", (double)r->base[k]);
			cJSON_AddItemToArray(gs, o);
		}
		rows = cJSON_AddArrayToObject(root, "rows");
	} else {
		head[0] = "code";
		right[0] = 0;
		for (k = 0; k < r->ngroups; k++) {
			head[k + 1] = xasprintf("%s (%c) n=%ld", r->group[k], (int)('a' + k), r->base[k]);
			right[k + 1] = 1;
		}
		table_init(&t, "Thema's: aandeel eenheden dat het thema noemt (% totaal; + positief / - negatief)",
			   r->ngroups + 1, head, right);
	}
	for (i = 0; i < r->nrows; i++) {
		const struct th_row *row = &r->rows[i];
		const char **cells = xcalloc(r->ngroups + 1, sizeof(char *));
		cJSON *rowj = NULL, *cells_j = NULL;

		if (f == OUT_JSON) {
			rowj = cJSON_CreateObject();
			cJSON_AddStringToObject(rowj, "code", row->code);
			cells_j = cJSON_AddArrayToObject(rowj, "cells");
		}
		cells[0] = row->code;
		for (k = 0; k < r->ngroups; k++) {
			const struct th_cell *c = &row->cells[k];

			if (f == OUT_JSON) {
				cJSON *o = cJSON_CreateObject();

				cJSON_AddStringToObject(o, "group", r->group[k]);
				cJSON_AddNumberToObject(o, "n", (double)r->base[k]);
				cJSON_AddNumberToObject(o, "x", (double)c->x);
				cJSON_AddNumberToObject(o, "positive", (double)c->positive);
				cJSON_AddNumberToObject(o, "negative", (double)c->negative);
				if (isnan(c->value))
					cJSON_AddNullToObject(o, "value");
				else
					cJSON_AddNumberToObject(o, "value", c->value);
				cJSON_AddStringToObject(o, "letters", c->letters);
				cJSON_AddItemToArray(cells_j, o);
			} else {
				cells[k + 1] = isnan(c->value) ? xstrdup("–") :
					       xasprintf("%.0f %% (+%ld/-%ld)%s%s%s", 100 * c->value, c->positive,
							 c->negative, *c->letters ? " [" : "", c->letters,
							 *c->letters ? "]" : "");
			}
		}
		if (f == OUT_JSON) {
			cJSON_AddItemToArray(rows, rowj);
		} else {
			table_add_row(&t, cells);
			for (k = 0; k < r->ngroups; k++)
				free((char *)cells[k + 1]);
		}
		free(cells);
	}
	if (f == OUT_JSON) {
		char *s = cJSON_Print(root);

		fputs(s, stdout);
		fputc('\n', stdout);
		cJSON_free(s);
		cJSON_Delete(root);
		ret = file_check(stdout, "standard output");
	} else {
		char alpha_nl[32], *comma;

		snprintf(alpha_nl, sizeof(alpha_nl), "%g", alpha);
		comma = strchr(alpha_nl, '.');
		if (comma)
			*comma = ',';
		table_note(&t, "eenheid: %s; codeur: %s; n = eenheden in de groep met gecodeerd materiaal",
			   unit, coder);
		table_note(&t, "(+x/-y): eenheden met een positieve / negatieve vermelding; [b] = significant "
			   "vaker genoemd dan groep b (z-toets voor twee proporties of Fisher's exacte toets, "
			   "tweezijdig, α = %s, Bonferroni over de paren; groepen met n < %.0f niet getoetst)",
			   alpha_nl, min_base);
		ret = table_write(&t, f, stdout);
		for (k = 0; k < r->ngroups; k++)
			free((char *)head[k + 1]);
		table_release(&t);
	}
	free(head);
	free(right);
	return ret;
}

static int check_choice(const char *usage, const char *opt, const char *v, const char *const *ok)
{
	size_t i;

	for (i = 0; ok[i]; i++)
		if (strcmp(ok[i], v) == 0)
			return 0;
	cli_usage(usage, "%s does not accept '%s'", opt, v);
	return -1;
}

int cmd_code_themes(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "unit", required_argument, NULL, 'u' },
		{ "coder", required_argument, NULL, 'c' },
		{ "wave", required_argument, NULL, 'w' },
		{ "min-base", required_argument, NULL, 'm' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const bys[] = { "group", "wave", "method", NULL };
	static const char *const units[] = { "speakers", "documents", "respondents", "segments", NULL };
	struct th_filter flt = { .by = "group", .unit = "speakers" };
	struct th_material m = { 0 };
	struct th_result r = { 0 };
	const char *coder = "auto";
	struct store *st = NULL;
	enum out_format f = OUT_TEXT;
	double min_base = 10, alpha = 0.05, mb;
	int c, rc, ret = TV_EXIT_SYSTEM;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (check_choice(themes_usage, "--by", optarg, bys) < 0)
				return TV_EXIT_USAGE;
			flt.by = optarg;
			break;
		case 'u':
			if (check_choice(themes_usage, "--unit", optarg, units) < 0)
				return TV_EXIT_USAGE;
			flt.unit = optarg;
			break;
		case 'c': coder = optarg; break;
		case 'w': flt.only_wave = optarg; break;
		case 'm':
			if (cli_double(themes_usage, "--min-base", optarg, 0, 1e9, &mb) < 0)
				return TV_EXIT_USAGE;
			min_base = mb;
			break;
		case 'a':
			if (cli_double(themes_usage, "--alpha", optarg, 1e-6, 0.5, &alpha) < 0)
				return TV_EXIT_USAGE;
			break;
		case 'f':
			if (out_format_parse(optarg, &f) < 0)
				return cli_usage(themes_usage, "--format expects text, csv, json or md, not '%s'", optarg);
			break;
		case 'h': return cli_help(themes_usage);
		case ':': return cli_usage(themes_usage, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage(themes_usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage(themes_usage, "expected one STUDY");
	stats_init();
	if (store_open(argv[optind], &st) < 0 || th_material_load(st, &flt, &m) < 0)
		goto out;
	rc = th_themes(st, &m, coder, min_base, alpha, &r);
	if (rc < 0) {
		ret = rc == TH_EDATA ? TV_EXIT_DATA : TV_EXIT_SYSTEM;
		goto out;
	}
	if (r.ncodings == 0) {
		tv_error("%s: no codings by '%s' (run 'tevreden code auto' or code by hand)", argv[optind],
			 coder);
		ret = TV_EXIT_DATA;
		goto out;
	}
	ret = themes_print(&r, min_base, alpha, f, flt.unit, coder) < 0 ? TV_EXIT_SYSTEM : TV_EXIT_OK;
out:
	th_result_release(&r);
	th_material_release(&m);
	store_close(st);
	return ret;
}

/* ---- code quotes ---- */

static const char quotes_usage[] =
	"usage: tevreden code quotes STUDY CODE [--polarity +|-|~] [--group G] [--wave W]\n"
	"                            [--coder NAME] [--limit N] [--min-length N] [--max-length N] [--format F]\n"
	"\n"
	"Verbatim quotes (pseudonymised, as stored) coded with CODE, with their target\n"
	"group, wave, method and speaker role, for reports. Quotes are taken in turn from\n"
	"different documents, so one talkative participant does not fill the list.\n"
	"\n"
	"options:\n"
	"      --polarity P    only + (positive), - (negative) or ~ (mixed) mentions\n"
	"      --group G       only this target group (or survey segment)\n"
	"      --wave W        only this wave\n"
	"      --coder NAME    whose codings (default auto)\n"
	"      --limit N       at most N quotes (default 10)\n"
	"      --max-length N  skip quotes longer than N characters (default 400)\n"
	"      --min-length N  skip quotes shorter than N characters (default 30)\n"
	"      --format F      text (default), md or json\n"
	"  -h, --help          this text\n";

int cmd_code_quotes(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "polarity", required_argument, NULL, 'p' },
		{ "group", required_argument, NULL, 'g' },
		{ "wave", required_argument, NULL, 'w' },
		{ "coder", required_argument, NULL, 'c' },
		{ "limit", required_argument, NULL, 'l' },
		{ "max-length", required_argument, NULL, 'x' },
		{ "min-length", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct th_filter flt = { .by = "group", .unit = "segments" };
	struct th_material m = { 0 };
	struct th_quote_opts q = { .coder = "auto", .min_len = 30, .max_len = 400, .limit = 10 };
	const struct th_segment **found = NULL;
	struct store *st = NULL;
	enum out_format f = OUT_TEXT;
	size_t nfound = 0;
	cJSON *root = NULL;
	int c, ret = TV_EXIT_SYSTEM;
	size_t i;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (strlen(optarg) != 1 || !strchr("+-~", *optarg))
				return cli_usage(quotes_usage, "--polarity expects +, - or ~, not '%s'", optarg);
			q.polarity = *optarg;
			break;
		case 'g': flt.only_group = optarg; break;
		case 'w': flt.only_wave = optarg; break;
		case 'c': q.coder = optarg; break;
		case 'l':
			if (cli_long(quotes_usage, "--limit", optarg, 1, 100000, &q.limit) < 0)
				return TV_EXIT_USAGE;
			break;
		case 'x':
			if (cli_long(quotes_usage, "--max-length", optarg, 1, 100000, &q.max_len) < 0)
				return TV_EXIT_USAGE;
			break;
		case 'n':
			if (cli_long(quotes_usage, "--min-length", optarg, 0, 100000, &q.min_len) < 0)
				return TV_EXIT_USAGE;
			break;
		case 'f':
			if (out_format_parse(optarg, &f) < 0 || f == OUT_CSV)
				return cli_usage(quotes_usage, "--format expects text, md or json, not '%s'", optarg);
			break;
		case 'h': return cli_help(quotes_usage);
		case ':': return cli_usage(quotes_usage, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage(quotes_usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return cli_usage(quotes_usage, "expected STUDY and CODE");
	q.code = argv[optind + 1];
	if (store_open(argv[optind], &st) < 0 || th_material_load(st, &flt, &m) < 0 ||
	    th_quotes(st, &m, &q, &found, &nfound) < 0)
		goto out;
	if (f == OUT_JSON)
		root = cJSON_CreateArray();
	for (i = 0; i < nfound; i++) {
		const struct th_segment *s = found[i];

		if (f == OUT_JSON) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddNumberToObject(o, "segment", (double)s->id);
			cJSON_AddStringToObject(o, "text", s->text);
			cJSON_AddStringToObject(o, "document", s->document);
			cJSON_AddStringToObject(o, "group", s->grp);
			cJSON_AddStringToObject(o, "wave", s->wave);
			cJSON_AddStringToObject(o, "method", s->method);
			cJSON_AddStringToObject(o, "role", s->role);
			cJSON_AddItemToArray(root, o);
		} else if (f == OUT_MD) {
			printf("> %s\n>\n> — %s, %s, %s%s%s (segment %lld)\n\n", s->text, s->role, s->grp,
			       s->method, *s->wave ? ", " : "", s->wave, (long long)s->id);
		} else {
			printf("\"%s\"\n    — %s, %s, %s%s%s (segment %lld)\n", s->text, s->role, s->grp,
			       s->method, *s->wave ? ", " : "", s->wave, (long long)s->id);
		}
	}
	if (f == OUT_JSON) {
		char *s = cJSON_Print(root);

		fputs(s, stdout);
		fputc('\n', stdout);
		cJSON_free(s);
	} else if (nfound == 0) {
		printf("no quotes for '%s'%s\n", q.code, q.polarity ? " with that polarity" : "");
	}
	ret = cli_done(TV_EXIT_OK);
out:
	cJSON_Delete(root);
	free(found);
	th_material_release(&m);
	store_close(st);
	return ret;
}
