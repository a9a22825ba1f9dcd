/* cmd_report.c: `tevreden report`: a report from a template as HTML, Markdown or an Excel workbook. */
#include "analyze/mdhtml.h"
#include "analyze/report.h"
#include "analyze/stats.h"
#include "analyze/xlsx.h"
#include "core/cli.h"
#include "core/commands.h"
#include "core/error.h"
#include "core/store.h"
#include "core/util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEMPLATE_MAX (4L << 20)

static const char report_usage[] =
	"usage: tevreden report STUDY --template T.md -o OUT [--format html|md|xlsx]\n"
	"                       [--waves W1,W2 | --wave W] [--suppress N] [--alpha A]\n"
	"                       [--min-base N] [--lang nl]\n"
	"\n"
	"Write the report a policy team reads: the template's Markdown with every\n"
	"directive ({{ table ... }}, {{ chart ... }}, {{ response }}, {{ themes }},\n"
	"{{ quotes ... }}, {{ agreement }}, {{ method }}) replaced by live results of the\n"
	"study (docs/report-templates.md). OUT ending in .html gives one self-contained\n"
	"page (inline CSS and SVG, printable), .md Markdown with GFM tables, .xlsx a\n"
	"workbook with one sheet per table; '-o -' writes html or md to standard output.\n"
	"\n"
	"options:\n"
	"  -t, --template T    the report template (Markdown with directives)\n"
	"  -o, --output OUT    the file to write (replaced when it exists)\n"
	"      --format F      html, md or xlsx (default: from OUT's extension)\n"
	"      --waves W1,W2   the two waves the tables compare (default: the last two\n"
	"                      waves with respondents); --wave W for one\n"
	"      --suppress N    values on fewer than N answers are shown as '–' (default 10)\n"
	"      --alpha A       significance level (default 0.05)\n"
	"      --min-base N    cells with fewer answers are not tested (default 30)\n"
	"      --lang L        language of the generated text: nl (the only one so far)\n"
	"  -h, --help          this text\n"
	"\n"
	"exit codes: 0 written, 1 the template does not fit the study (errors name the\n"
	"template's line and column), 2 bad command line, 3 study or output file error\n";

enum fmt { F_NONE, F_HTML, F_MD, F_XLSX };

static enum fmt fmt_parse(const char *s)
{
	if (strcmp(s, "html") == 0)
		return F_HTML;
	if (strcmp(s, "md") == 0)
		return F_MD;
	if (strcmp(s, "xlsx") == 0)
		return F_XLSX;
	return F_NONE;
}

static enum fmt fmt_of_path(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return F_NONE;
	if (strcmp(dot, ".htm") == 0)
		return F_HTML;
	return fmt_parse(dot + 1);
}

/* Write text to path through a temporary file renamed into place; "-" is standard output. */
static int write_text(const char *path, const char *text)
{
	char *tmp;
	FILE *f;
	int ret = -1;

	if (strcmp(path, "-") == 0) {
		fputs(text, stdout);
		return file_check(stdout, "standard output");
	}
	tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
	f = fopen(tmp, "w");
	if (!f) {
		tv_error("cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	fputs(text, f);
	if (fflush(f) != 0 || ferror(f)) {
		tv_error("cannot write '%s': %s", tmp, strerror(errno));
		fclose(f);
		remove(tmp);
		goto out;
	}
	if (fclose(f) != 0) {
		tv_error("cannot write '%s': %s", tmp, strerror(errno));
		remove(tmp);
		goto out;
	}
	if (rename(tmp, path) != 0) {
		tv_error("cannot replace '%s': %s", path, strerror(errno));
		remove(tmp);
		goto out;
	}
	ret = 0;
out:
	free(tmp);
	return ret;
}

static int write_xlsx(const char *path, const struct report *r)
{
	char *tmp = xasprintf("%s.tmp%ld.xlsx", path, (long)getpid());
	int ret = -1;

	if (xlsx_write(tmp, r) < 0)
		goto out;
	if (rename(tmp, path) != 0) {
		tv_error("cannot replace '%s': %s", path, strerror(errno));
		remove(tmp);
		goto out;
	}
	ret = 0;
out:
	free(tmp);
	return ret;
}

static int parse_waves(const char *arg, struct report_opts *o, char **copy)
{
	char *comma;

	*copy = xstrdup(arg);
	comma = strchr(*copy, ',');
	if (!comma || comma == *copy || !comma[1] || strchr(comma + 1, ','))
		return cli_usage(report_usage, "--waves expects two waves W1,W2, not '%s'", arg);
	*comma = '\0';
	if (strcmp(*copy, comma + 1) == 0)
		return cli_usage(report_usage, "wave '%s' is named twice", *copy);
	o->waves[0] = *copy;
	o->waves[1] = comma + 1;
	o->nwaves = 2;
	return 0;
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "template", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "waves", required_argument, NULL, 'W' },
		{ "wave", required_argument, NULL, 'w' },
		{ "suppress", required_argument, NULL, 's' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "min-base", required_argument, NULL, 'm' },
		{ "lang", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *tpath = NULL, *out = NULL;
	struct report_opts o;
	struct report_template *tpl = NULL;
	struct report *r = NULL;
	struct store *st = NULL;
	enum fmt f = F_NONE;
	char *text = NULL, *waves = NULL, *page = NULL;
	size_t len;
	int c, rc, ret = TV_EXIT_USAGE;

	report_opts_init(&o);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': tpath = optarg; break;
		case 'o': out = optarg; break;
		case 'f':
			f = fmt_parse(optarg);
			if (f == F_NONE) {
				cli_usage(report_usage, "--format expects html, md or xlsx, not '%s'", optarg);
				goto out;
			}
			break;
		case 'W':
			if (o.nwaves) {
				cli_usage(report_usage, "give --waves or --wave once");
				goto out;
			}
			if (parse_waves(optarg, &o, &waves) != 0)
				goto out;
			break;
		case 'w':
			if (o.nwaves) {
				cli_usage(report_usage, "give --waves or --wave once");
				goto out;
			}
			o.waves[0] = optarg;
			o.nwaves = 1;
			break;
		case 's':
			if (cli_long(report_usage, "--suppress", optarg, 0, 1000000, &o.suppress) < 0)
				goto out;
			break;
		case 'a':
			if (cli_double(report_usage, "--alpha", optarg, 1e-6, 0.5, &o.alpha) < 0)
				goto out;
			break;
		case 'm':
			if (cli_long(report_usage, "--min-base", optarg, 2, 1000000000, &o.min_base) < 0)
				goto out;
			break;
		case 'l':
			if (strcmp(optarg, "nl") != 0) {
				cli_usage(report_usage, "--lang: reports are written in Dutch (nl) only, not "
					  "'%s'", optarg);
				goto out;
			}
			break;
		case 'h': ret = cli_help(report_usage); goto out;
		case ':':
			cli_usage(report_usage, "option '%s' needs a value", argv[optind - 1]);
			goto out;
		default:
			cli_usage(report_usage, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (argc - optind != 1) {
		cli_usage(report_usage, "expected one STUDY");
		goto out;
	}
	if (!tpath || !out) {
		cli_usage(report_usage, "%s is required", !tpath ? "--template" : "-o");
		goto out;
	}
	if (f == F_NONE && (f = fmt_of_path(out)) == F_NONE) {
		cli_usage(report_usage, "cannot tell the format from '%s': end it in .html, .md or .xlsx, "
			  "or give --format", out);
		goto out;
	}
	if (f == F_XLSX && strcmp(out, "-") == 0) {
		cli_usage(report_usage, "a workbook cannot go to standard output: give a file");
		goto out;
	}
	o.html = f == F_HTML;
	ret = TV_EXIT_SYSTEM;
	if (file_read(tpath, TEMPLATE_MAX, &text, &len) < 0)
		goto out;
	if (report_template_parse(tpath, text, len, NULL, &tpl) < 0) {
		ret = TV_EXIT_DATA;
		goto out;
	}
	if (store_open(argv[optind], &st) < 0)
		goto out;
	stats_init();
	rc = report_build(st, tpl, &o, &r);
	if (rc < 0) {
		ret = rc == REPORT_EDATA ? TV_EXIT_DATA : TV_EXIT_SYSTEM;
		goto out;
	}
	if (f == F_XLSX)
		rc = write_xlsx(out, r);
	else if (f == F_HTML)
		rc = mdhtml_page(r->markdown, strlen(r->markdown), r->title, "nl", &page) < 0 ? -1 :
		     write_text(out, page);
	else
		rc = write_text(out, r->markdown);
	if (rc < 0)
		goto out;
	if (strcmp(out, "-") != 0)
		printf("wrote %s: %zu table%s, %zu chart%s, %zu quote%s\n", out, r->ntables,
		       r->ntables == 1 ? "" : "s", r->ncharts, r->ncharts == 1 ? "" : "s", r->nquotes,
		       r->nquotes == 1 ? "" : "s");
	ret = cli_done(TV_EXIT_OK);
out:
	free(page);
	report_free(r);
	store_close(st);
	report_template_free(tpl);
	free(text);
	free(waves);
	return ret;
}
