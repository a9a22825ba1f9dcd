/* main.c: the tevreden binary: the command table, `init`, --version and --help. */
#include "core/cli.h"
#include "core/commands.h"
#include "core/error.h"
#include "core/store.h"

#include <stdio.h>
#include <string.h>

static const char init_usage[] =
	"usage: tevreden init STUDY\n"
	"\n"
	"Create a new, empty study file (SQLite). The file must not exist yet.\n";

static int cmd_init(int argc, char **argv)
{
	struct store *st;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return cli_help(init_usage);
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(init_usage, "init expects one study file");
	if (store_create(argv[1], &st) < 0)
		return TV_EXIT_SYSTEM;
	store_close(st);
	printf("created study %s (schema version %d)\n", argv[1], STORE_SCHEMA_VERSION);
	return cli_done(TV_EXIT_OK);
}

static const struct cli_cmd commands[] = {
	{ "init", cmd_init, "create a new study file" },
	{ "collect", cmd_collect, "import survey responses, fieldwork outcomes, transcripts" },
	{ "response", cmd_response, "response rates per wave and segment (AAPOR)" },
	{ "analyze", cmd_analyze, "satisfaction tables with significance tests" },
	{ "report", cmd_report, "the report from a template: HTML, Markdown or Excel" },
	{ "code", cmd_code, "code transcripts and open answers into themes; agreement; quotes" },
};

static const char main_usage[] =
	"usage: tevreden [--version] [--help] COMMAND [ARGS]\n"
	"\n"
	"tevreden: client-experience research in Dutch youth care.\n"
	"\n"
	"commands:\n"
	"  init       create a new study file\n"
	"  collect    import survey responses and fieldwork outcomes\n"
	"             (collect survey, collect contacts)\n"
	"  response   response rates per wave and segment (AAPOR RR1, RR3, RR5, COOP1, REF1, CON1)\n"
	"  analyze    satisfaction tables per item, wave and segment with significance tests\n"
	"  report     the report from a template (tables, charts, quotes, method) as HTML,\n"
	"             Markdown or an Excel workbook\n"
	"  code       code transcripts and open answers into themes (code auto, assign,\n"
	"             remove, import, review, agreement, themes, quotes)\n"
	"\n"
	"'tevreden COMMAND --help' describes a command.\n"
	"exit codes: 0 ok, 1 bad input data (nothing stored), 2 bad command line,\n"
	"            3 system or study file error\n";

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fputs(main_usage, stderr);
		return TV_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("tevreden %s\n", TV_VERSION);
		return cli_done(TV_EXIT_OK);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0)
		return cli_help(main_usage);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, argv[1]) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "tevreden: unknown command '%s'\n%s", argv[1], main_usage);
	return TV_EXIT_USAGE;
}
