/* cmd.c: the `tevreden collect` commands: option parsing and reporting around the importers. */
#include "collect/contacts.h"
#include "collect/pull.h"
#include "collect/survey.h"
#include "collect/transcripts.h"
#include "core/cli.h"
#include "core/commands.h"
#include "core/error.h"
#include "core/store.h"
#include "core/util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_MAX_ERRORS 20

static const char survey_usage[] =
	"usage: tevreden collect survey STUDY --questionnaire Q.json --wave W [OPTIONS] FILE\n"
	"\n"
	"Import survey responses (CSV, SPSS .sav/.zsav, JSON or a LimeSurvey JSON export)\n"
	"into wave W, validated against the questionnaire definition. On any problem\n"
	"nothing is stored and every problem is listed as FILE:LINE:COLUMN: message.\n"
	"\n"
	"options:\n"
	"  -q, --questionnaire FILE  questionnaire definition (docs/questionnaire.md)\n"
	"  -w, --wave W              wave the responses belong to, e.g. 2016\n"
	"      --format F            csv, sav or json (default: from the file extension)\n"
	"      --delimiter C         CSV delimiter: ',' ';' '|' or 'tab' (default: detected)\n"
	"      --encoding E          utf-8 (default) or windows-1252\n"
	"      --map FILE            CSV 'column,item' mapping other header names to items\n"
	"      --names FILE          names to pseudonymise in open answers, one per line\n"
	"      --ignore COL[,COL]    skip these columns (repeatable)\n"
	"      --ignore-unknown      warn about unknown columns instead of refusing them\n"
	"      --allow-missing       leave out items without a column instead of refusing\n"
	"      --routing error|warn  answers to items routing did not ask: refuse (default)\n"
	"                            or warn and drop them\n"
	"      --replace             import a file again in place of its earlier import\n"
	"                            (whose log entry stays, marked replaced)\n"
	"      --max-errors N        list up to N problems (default 20)\n"
	"  -h, --help                this text\n";

static const char contacts_usage[] =
	"usage: tevreden collect contacts STUDY --wave W [OPTIONS] FILE\n"
	"\n"
	"Import the sampled cases of a wave with their final fieldwork outcome. The CSV\n"
	"has a case id column (case_id, id or respnr), optionally 'segment', and a\n"
	"'disposition' column holding an AAPOR code (1.1, 2.11, 3.13, 4.10, ...) or one\n"
	"of the labels in docs/contacts.md.\n"
	"\n"
	"options:\n"
	"  -w, --wave W              wave of the fieldwork\n"
	"      --map FILE            CSV 'label,aapor' for the agency's own outcome labels\n"
	"      --delimiter C         CSV delimiter: ',' ';' '|' or 'tab' (default: detected)\n"
	"      --encoding E          utf-8 (default) or windows-1252\n"
	"      --replace             import a file again in place of its earlier import\n"
	"                            (whose log entry stays, marked replaced)\n"
	"      --max-errors N        list up to N problems (default 20)\n"
	"  -h, --help                this text\n";

enum { OPT_ID = 300, OPT_GROUP, OPT_METHOD, OPT_DATE, OPT_INTERVIEWER, OPT_NAMES, OPT_KEY,
	OPT_CODE_INTERVIEWER };

enum {
	OPT_FORMAT = 256, OPT_DELIM, OPT_ENC, OPT_MAP, OPT_IGNORE, OPT_IGNORE_UNKNOWN,
	OPT_ALLOW_MISSING, OPT_ROUTING, OPT_REPLACE, OPT_MAX_ERRORS,
};

static int parse_delimiter(const char *usage, const char *s, int *out)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 || strcmp(s, "\t") == 0)
		*out = '\t';
	else if (strlen(s) == 1 && (s[0] == ',' || s[0] == ';' || s[0] == '|'))
		*out = s[0];
	else
		return cli_usage(usage, "--delimiter expects ',', ';', '|' or 'tab', not '%s'", s);
	return 0;
}

static int parse_encoding(const char *usage, const char *s, enum src_encoding *out)
{
	if (strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0)
		*out = SRC_UTF8;
	else if (strcasecmp(s, "windows-1252") == 0 || strcasecmp(s, "cp1252") == 0 ||
		 strcasecmp(s, "latin1") == 0 || strcasecmp(s, "iso-8859-1") == 0)
		*out = SRC_WINDOWS_1252;
	else
		return cli_usage(usage, "--encoding expects utf-8 or windows-1252, not '%s'", s);
	return 0;
}

/* Split "a,b" arguments of a repeatable option into a growing list (strings owned). */
static void add_list(char ***list, size_t *n, const char *arg)
{
	const char *p = arg;

	while (*p) {
		size_t len = strcspn(p, ",");

		if (len) {
			*list = xrealloc(*list, (*n + 1) * sizeof(char *));
			(*list)[(*n)++] = xstrndup(p, len);
		}
		p += len;
		if (*p)
			p++;
	}
}

static int cmd_survey(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "questionnaire", required_argument, NULL, 'q' },
		{ "wave", required_argument, NULL, 'w' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "delimiter", required_argument, NULL, OPT_DELIM },
		{ "encoding", required_argument, NULL, OPT_ENC },
		{ "map", required_argument, NULL, OPT_MAP },
		{ "ignore", required_argument, NULL, OPT_IGNORE },
		{ "ignore-unknown", no_argument, NULL, OPT_IGNORE_UNKNOWN },
		{ "allow-missing", no_argument, NULL, OPT_ALLOW_MISSING },
		{ "routing", required_argument, NULL, OPT_ROUTING },
		{ "replace", no_argument, NULL, OPT_REPLACE },
		{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
		{ "names", required_argument, NULL, OPT_NAMES },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct survey_options o = { .max_errors = DEFAULT_MAX_ERRORS };
	struct survey_result res;
	struct store *st = NULL;
	char **ignore = NULL;
	size_t nignore = 0, i;
	int c, rc, ret = TV_EXIT_USAGE;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":q:w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'q': o.questionnaire = optarg; break;
		case 'w': o.wave = optarg; break;
		case 'h': ret = cli_help(survey_usage); goto out;
		case OPT_FORMAT:
			if (strcmp(optarg, "csv") && strcmp(optarg, "sav") && strcmp(optarg, "json")) {
				cli_usage(survey_usage, "--format expects csv, sav or json, not '%s'", optarg);
				goto out;
			}
			o.format = optarg;
			break;
		case OPT_DELIM:
			if (parse_delimiter(survey_usage, optarg, &o.src.delimiter))
				goto out;
			break;
		case OPT_ENC:
			if (parse_encoding(survey_usage, optarg, &o.src.encoding))
				goto out;
			break;
		case OPT_MAP: o.map = optarg; break;
		case OPT_NAMES: o.names = optarg; break;
		case OPT_IGNORE: add_list(&ignore, &nignore, optarg); break;
		case OPT_IGNORE_UNKNOWN: o.ignore_unknown = 1; break;
		case OPT_ALLOW_MISSING: o.allow_missing = 1; break;
		case OPT_ROUTING:
			if (strcmp(optarg, "warn") && strcmp(optarg, "error")) {
				cli_usage(survey_usage, "--routing expects error or warn, not '%s'", optarg);
				goto out;
			}
			o.routing_warn = strcmp(optarg, "warn") == 0;
			break;
		case OPT_REPLACE: o.replace = 1; break;
		case OPT_MAX_ERRORS:
			if (cli_long(survey_usage, "--max-errors", optarg, 1, 1000000, &o.max_errors) < 0)
				goto out;
			break;
		case ':':
			cli_usage(survey_usage, "option '%s' needs a value", argv[optind - 1]);
			goto out;
		default:
			cli_usage(survey_usage, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (argc - optind != 2) {
		cli_usage(survey_usage, "expected STUDY and FILE");
		goto out;
	}
	if (!o.questionnaire || !o.wave) {
		cli_usage(survey_usage, "--questionnaire and --wave are required");
		goto out;
	}
	o.ignore = (const char *const *)ignore;
	o.nignore = nignore;
	if (store_open(argv[optind], &st) < 0) {
		ret = TV_EXIT_SYSTEM;
		goto out;
	}
	rc = survey_import(st, argv[optind + 1], &o, &res);
	if (rc == 0) {
		printf("imported %ld respondents with %ld answers into wave %s from %s%s\n",
		       res.respondents, res.answers, o.wave, argv[optind + 1],
		       res.replaced ? " (replacing the earlier import)" : "");
		if (res.open_answers) {
			static const char *const types[] = { "e-mail", "telefoon", "postcode", "bsn",
				"iban", "datum", "naam" };
			size_t t;

			printf("%ld open answers stored as segments for coding; pseudonymised:",
			       res.open_answers);
			for (t = 0; t < sizeof(types) / sizeof(types[0]); t++)
				printf(" %s %ld", types[t], res.replaced_pd[t]);
			printf("\n");
		}
		if (res.warnings)
			printf("%ld warnings\n", res.warnings);
		ret = cli_done(TV_EXIT_OK);
	} else if (rc > 0) {
		if (res.errors)
			fprintf(stderr, "tevreden: %s: nothing imported: %ld error%s%s\n",
				argv[optind + 1], res.errors, res.errors == 1 ? "" : "s",
				res.errors >= o.max_errors ? " (stopped at --max-errors)" : "");
		ret = TV_EXIT_DATA;
	} else {
		ret = TV_EXIT_SYSTEM;
	}
out:
	store_close(st);
	for (i = 0; i < nignore; i++)
		free(ignore[i]);
	free(ignore);
	return ret;
}

static int cmd_contacts(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "wave", required_argument, NULL, 'w' },
		{ "map", required_argument, NULL, OPT_MAP },
		{ "delimiter", required_argument, NULL, OPT_DELIM },
		{ "encoding", required_argument, NULL, OPT_ENC },
		{ "replace", no_argument, NULL, OPT_REPLACE },
		{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const cats[] = { "I", "P", "R", "NC", "O", "UH", "UO", "NE" };
	struct contacts_options o = { .max_errors = DEFAULT_MAX_ERRORS };
	struct contacts_result res;
	struct store *st = NULL;
	int c, rc, ret = TV_EXIT_USAGE;
	size_t i;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'w': o.wave = optarg; break;
		case 'h': return cli_help(contacts_usage);
		case OPT_MAP: o.map = optarg; break;
		case OPT_DELIM:
			if (parse_delimiter(contacts_usage, optarg, &o.src.delimiter))
				return TV_EXIT_USAGE;
			break;
		case OPT_ENC:
			if (parse_encoding(contacts_usage, optarg, &o.src.encoding))
				return TV_EXIT_USAGE;
			break;
		case OPT_REPLACE: o.replace = 1; break;
		case OPT_MAX_ERRORS:
			if (cli_long(contacts_usage, "--max-errors", optarg, 1, 1000000, &o.max_errors) < 0)
				return TV_EXIT_USAGE;
			break;
		case ':':
			return cli_usage(contacts_usage, "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage(contacts_usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return cli_usage(contacts_usage, "expected STUDY and FILE");
	if (!o.wave)
		return cli_usage(contacts_usage, "--wave is required");
	if (store_open(argv[optind], &st) < 0)
		return TV_EXIT_SYSTEM;
	rc = contacts_import(st, argv[optind + 1], &o, &res);
	if (rc == 0) {
		printf("imported %ld sampled cases into wave %s from %s:", res.cases, o.wave,
		       argv[optind + 1]);
		for (i = 0; i < 8; i++)
			printf(" %s %ld", cats[i], res.by_category[i]);
		printf("\n");
		ret = cli_done(TV_EXIT_OK);
	} else {
		if (rc > 0)
			fprintf(stderr, "tevreden: %s: nothing imported\n", argv[optind + 1]);
		ret = rc > 0 ? TV_EXIT_DATA : TV_EXIT_SYSTEM;
	}
	store_close(st);
	return ret;
}

static const char transcript_usage[] =
	"usage: tevreden collect transcript STUDY [OPTIONS] FILE...\n"
	"\n"
	"Import interview and focus-group transcripts (plain text or Markdown with speaker\n"
	"prefixes, WebVTT, SRT; docs/transcripts.md). Personal data is replaced by typed\n"
	"placeholders before anything is stored: e-mail addresses, phone numbers,\n"
	"postcodes, BSN, IBAN, full dates, speaker names and the names in --names.\n"
	"Speaker turns and their sentences become segments for coding; interviewer turns\n"
	"are kept but not coded. All files are imported in one transaction.\n"
	"\n"
	"options (each overrides the file's metadata header):\n"
	"      --id ID               document id (one file only; default: header or file name)\n"
	"  -w, --wave W              wave, e.g. 2017\n"
	"      --group G             target group, e.g. JB-ouders\n"
	"      --method M            focusgroep, groepsinterview, face-to-face or telefonisch\n"
	"      --date YYYY-MM-DD     date of the interview\n"
	"      --interviewer NAME    interviewer\n"
	"      --names FILE          names to pseudonymise, one per line\n"
	"      --key FILE            write the key from placeholders to originals to FILE\n"
	"                            (a new file, mode 0600; keep it apart from the study)\n"
	"      --code-interviewer    also code the interviewer's turns\n"
	"      --replace             replace documents with the same id\n"
	"      --max-errors N        list up to N problems (default 20)\n"
	"  -h, --help                this text\n";

static int cmd_transcript(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "id", required_argument, NULL, OPT_ID },
		{ "wave", required_argument, NULL, 'w' },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "method", required_argument, NULL, OPT_METHOD },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "interviewer", required_argument, NULL, OPT_INTERVIEWER },
		{ "names", required_argument, NULL, OPT_NAMES },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "code-interviewer", no_argument, NULL, OPT_CODE_INTERVIEWER },
		{ "replace", no_argument, NULL, OPT_REPLACE },
		{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const methods[] = { "focusgroep", "groepsinterview", "face-to-face",
		"telefonisch", NULL };
	static const char *const types[] = { "e-mail", "telefoon", "postcode", "bsn", "iban",
		"datum", "naam" };
	struct transcripts_options o = { .max_errors = DEFAULT_MAX_ERRORS };
	struct transcripts_result res;
	struct store *st = NULL;
	int c, rc;
	size_t i;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":w:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ID: o.id = optarg; break;
		case 'w': o.wave = optarg; break;
		case OPT_GROUP: o.group = optarg; break;
		case OPT_METHOD:
			for (i = 0; methods[i] && strcmp(methods[i], optarg); i++)
				;
			if (!methods[i])
				return cli_usage(transcript_usage, "--method expects focusgroep, "
						 "groepsinterview, face-to-face or telefonisch, not '%s'",
						 optarg);
			o.method = optarg;
			break;
		case OPT_DATE: o.date = optarg; break;
		case OPT_INTERVIEWER: o.interviewer = optarg; break;
		case OPT_NAMES: o.names = optarg; break;
		case OPT_KEY: o.key = optarg; break;
		case OPT_CODE_INTERVIEWER: o.code_interviewer = 1; break;
		case OPT_REPLACE: o.replace = 1; break;
		case OPT_MAX_ERRORS:
			if (cli_long(transcript_usage, "--max-errors", optarg, 1, 1000000, &o.max_errors) < 0)
				return TV_EXIT_USAGE;
			break;
		case 'h': return cli_help(transcript_usage);
		case ':':
			return cli_usage(transcript_usage, "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage(transcript_usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind < 2)
		return cli_usage(transcript_usage, "expected STUDY and at least one FILE");
	if (store_open(argv[optind], &st) < 0)
		return TV_EXIT_SYSTEM;
	rc = transcripts_import(st, argv + optind + 1, (size_t)(argc - optind - 1), &o, &res);
	store_close(st);
	if (rc != 0) {
		if (rc > 0)
			fprintf(stderr, "tevreden: nothing imported\n");
		return rc > 0 ? TV_EXIT_DATA : TV_EXIT_SYSTEM;
	}
	printf("imported %ld transcript%s: %ld speakers, %ld turns, %ld sentences\n",
	       res.documents, res.documents == 1 ? "" : "s", res.speakers, res.turns, res.sentences);
	printf("pseudonymised:");
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		printf(" %s %ld", types[i], res.replaced[i]);
	printf("\n");
	if (o.key)
		printf("key written to %s (mode 0600); keep it apart from the study\n", o.key);
	return cli_done(TV_EXIT_OK);
}

/* ---- collect limesurvey ---- */

static const char limesurvey_usage[] =
	"usage: tevreden collect limesurvey STUDY --survey ID --wave W [OPTIONS]\n"
	"\n"
	"Pull the completed responses of LimeSurvey survey ID over its RemoteControl 2\n"
	"API (JSON-RPC) into wave W, validated like 'collect survey'. The first pull of a\n"
	"survey needs --url, --user and --questionnaire; later pulls reuse them from the\n"
	"study and fetch only responses newer than the last one pulled. On any problem\n"
	"nothing is stored. See docs/collect-limesurvey.md.\n"
	"\n"
	"The password is read from the environment variable " PULL_PASSWORD_ENV "\n"
	"or from --credentials FILE (its first line; the file must be yours and mode\n"
	"0600). It is never accepted on the command line.\n"
	"\n"
	"options:\n"
	"      --survey ID           LimeSurvey survey id (sid)\n"
	"  -w, --wave W              wave the responses belong to, e.g. 2017\n"
	"      --url URL             RemoteControl URL, e.g.\n"
	"                            https://enquete.example.nl/index.php/admin/remotecontrol\n"
	"                            (default: the URL of the earlier pull)\n"
	"      --user NAME           LimeSurvey user (default: the user of the earlier pull)\n"
	"  -q, --questionnaire FILE  questionnaire definition (default: the one of the\n"
	"                            earlier pull, as stored in the study)\n"
	"      --credentials FILE    file holding the password (mode 0600)\n"
	"      --map FILE            CSV 'column,item' mapping question codes to items\n"
	"      --names FILE          names to pseudonymise in open answers, one per line\n"
	"      --ignore COL[,COL]    skip these columns (repeatable); LimeSurvey's own\n"
	"                            columns (submitdate, lastpage, startlanguage, seed,\n"
	"                            startdate, datestamp, token, refurl, ipaddr) are\n"
	"                            always skipped, 'id' unless it is the respondent id\n"
	"      --ignore-unknown      warn about unknown columns instead of refusing them\n"
	"      --allow-missing       leave out items without a column instead of refusing\n"
	"      --routing error|warn  answers to items routing did not ask: refuse (default)\n"
	"                            or warn and drop them\n"
	"      --max-errors N        list up to N problems (default 20)\n"
	"      --connect-timeout S   seconds to connect (default 10)\n"
	"      --timeout S           seconds for each request and its answer (default 300)\n"
	"      --retries N           retries after a 5xx answer or a connection error, with\n"
	"                            waits of 0.5, 1, 2, ... s (default 3; never after 4xx)\n"
	"      --max-size MIB        largest answer accepted, in MiB (default 64)\n"
	"      --insecure            do not check the server's TLS certificate (test\n"
	"                            servers only; prints a warning)\n"
	"      --allow-http          allow plain http:// to other hosts than this machine\n"
	"                            (test servers only; prints a warning)\n"
	"  -h, --help                this text\n"
	"\n"
	"Proxies are taken from https_proxy, http_proxy and no_proxy.\n";

enum {
	OPT_LS_SURVEY = 400, OPT_LS_URL, OPT_LS_USER, OPT_LS_CREDENTIALS, OPT_LS_PASSWORD,
	OPT_LS_CONNECT_TIMEOUT, OPT_LS_TIMEOUT, OPT_LS_RETRIES, OPT_LS_MAX_SIZE, OPT_LS_INSECURE,
	OPT_LS_ALLOW_HTTP,
};

static int cmd_limesurvey(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "survey", required_argument, NULL, OPT_LS_SURVEY },
		{ "wave", required_argument, NULL, 'w' },
		{ "url", required_argument, NULL, OPT_LS_URL },
		{ "user", required_argument, NULL, OPT_LS_USER },
		{ "questionnaire", required_argument, NULL, 'q' },
		{ "credentials", required_argument, NULL, OPT_LS_CREDENTIALS },
		{ "password", optional_argument, NULL, OPT_LS_PASSWORD },
		{ "map", required_argument, NULL, OPT_MAP },
		{ "names", required_argument, NULL, OPT_NAMES },
		{ "ignore", required_argument, NULL, OPT_IGNORE },
		{ "ignore-unknown", no_argument, NULL, OPT_IGNORE_UNKNOWN },
		{ "allow-missing", no_argument, NULL, OPT_ALLOW_MISSING },
		{ "routing", required_argument, NULL, OPT_ROUTING },
		{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
		{ "connect-timeout", required_argument, NULL, OPT_LS_CONNECT_TIMEOUT },
		{ "timeout", required_argument, NULL, OPT_LS_TIMEOUT },
		{ "retries", required_argument, NULL, OPT_LS_RETRIES },
		{ "max-size", required_argument, NULL, OPT_LS_MAX_SIZE },
		{ "insecure", no_argument, NULL, OPT_LS_INSECURE },
		{ "allow-http", no_argument, NULL, OPT_LS_ALLOW_HTTP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pull_options o = {
		.http = { .connect_timeout = 10, .timeout = 300, .retries = 3, .retry_wait_ms = 500,
			  .max_body = (size_t)64 << 20 },
		.import = { .max_errors = DEFAULT_MAX_ERRORS },
	};
	struct pull_result res;
	struct store *st = NULL;
	char **ignore = NULL;
	size_t nignore = 0, i;
	long v;
	int c, rc, ret = TV_EXIT_USAGE;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":q:w:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_LS_SURVEY:
			if (cli_long(limesurvey_usage, "--survey", optarg, 1, 2147483647L, &o.survey) < 0)
				goto out;
			break;
		case 'w': o.wave = optarg; break;
		case OPT_LS_URL: o.url = optarg; break;
		case OPT_LS_USER: o.user = optarg; break;
		case 'q': o.questionnaire = optarg; break;
		case OPT_LS_CREDENTIALS: o.credentials = optarg; break;
		case OPT_LS_PASSWORD:
			/* Never echo optarg. */
			cli_usage(limesurvey_usage, "--password is not accepted: other users can read "
				  "the command line; set %s or use --credentials FILE",
				  PULL_PASSWORD_ENV);
			goto out;
		case OPT_MAP: o.import.map = optarg; break;
		case OPT_NAMES: o.import.names = optarg; break;
		case OPT_IGNORE: add_list(&ignore, &nignore, optarg); break;
		case OPT_IGNORE_UNKNOWN: o.import.ignore_unknown = 1; break;
		case OPT_ALLOW_MISSING: o.import.allow_missing = 1; break;
		case OPT_ROUTING:
			if (strcmp(optarg, "warn") && strcmp(optarg, "error")) {
				cli_usage(limesurvey_usage, "--routing expects error or warn, not '%s'",
					  optarg);
				goto out;
			}
			o.import.routing_warn = strcmp(optarg, "warn") == 0;
			break;
		case OPT_MAX_ERRORS:
			if (cli_long(limesurvey_usage, "--max-errors", optarg, 1, 1000000,
				     &o.import.max_errors) < 0)
				goto out;
			break;
		case OPT_LS_CONNECT_TIMEOUT:
			if (cli_long(limesurvey_usage, "--connect-timeout", optarg, 1, 3600,
				     &o.http.connect_timeout) < 0)
				goto out;
			break;
		case OPT_LS_TIMEOUT:
			if (cli_long(limesurvey_usage, "--timeout", optarg, 1, 86400, &o.http.timeout) < 0)
				goto out;
			break;
		case OPT_LS_RETRIES:
			if (cli_long(limesurvey_usage, "--retries", optarg, 0, 10, &v) < 0)
				goto out;
			o.http.retries = (int)v;
			break;
		case OPT_LS_MAX_SIZE:
			if (cli_long(limesurvey_usage, "--max-size", optarg, 1, 4096, &v) < 0)
				goto out;
			o.http.max_body = (size_t)v << 20;
			break;
		case OPT_LS_INSECURE: o.http.insecure = 1; break;
		case OPT_LS_ALLOW_HTTP: o.allow_http = 1; break;
		case 'h': ret = cli_help(limesurvey_usage); goto out;
		case ':':
			cli_usage(limesurvey_usage, "option '%s' needs a value", argv[optind - 1]);
			goto out;
		default:
			cli_usage(limesurvey_usage, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (argc - optind != 1) {
		cli_usage(limesurvey_usage, "expected STUDY");
		goto out;
	}
	if (!o.survey || !o.wave) {
		cli_usage(limesurvey_usage, "--survey and --wave are required");
		goto out;
	}
	o.import.ignore = (const char *const *)ignore;
	o.import.nignore = nignore;
	if (store_open(argv[optind], &st) < 0) {
		ret = TV_EXIT_SYSTEM;
		goto out;
	}
	rc = pull_limesurvey(st, &o, &res);
	if (rc == 0 && res.nothing_new) {
		if (res.since)
			printf("no new responses in survey %ld since response %lld; the study is "
			       "unchanged\n", o.survey, (long long)res.since);
		else
			printf("no responses in survey %ld yet; the study is unchanged\n", o.survey);
		ret = cli_done(TV_EXIT_OK);
	} else if (rc == 0) {
		printf("imported %ld respondents with %ld answers into wave %s from survey %ld "
		       "(responses %lld-%lld)\n", res.respondents, res.answers, o.wave, o.survey,
		       (long long)res.first, (long long)res.last);
		if (res.open_answers)
			printf("%ld open answers stored as segments for coding\n", res.open_answers);
		if (res.warnings)
			printf("%ld warnings\n", res.warnings);
		ret = cli_done(TV_EXIT_OK);
	} else if (rc == 1) {
		fprintf(stderr, "tevreden: survey %ld: nothing imported: %ld error%s%s\n", o.survey,
			res.errors, res.errors == 1 ? "" : "s",
			res.errors >= o.import.max_errors ? " (stopped at --max-errors)" : "");
		ret = TV_EXIT_DATA;
	} else {
		ret = rc == 2 ? TV_EXIT_USAGE : TV_EXIT_SYSTEM;
	}
out:
	store_close(st);
	for (i = 0; i < nignore; i++)
		free(ignore[i]);
	free(ignore);
	return ret;
}

static const struct cli_cmd collect_cmds[] = {
	{ "survey", cmd_survey, "import survey responses (CSV, .sav, JSON) into a wave" },
	{ "contacts", cmd_contacts, "import sampled cases with their fieldwork outcome" },
	{ "transcript", cmd_transcript, "import interview and focus-group transcripts" },
	{ "limesurvey", cmd_limesurvey, "pull new survey responses from LimeSurvey over HTTPS" },
};

int cmd_collect(int argc, char **argv)
{
	return cli_dispatch("collect", collect_cmds, sizeof(collect_cmds) / sizeof(collect_cmds[0]),
			    argc, argv);
}
