/* cli.c: dispatching subcommands and reporting usage errors the same way everywhere. */
#include "cli.h"
#include "error.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cli_usage(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fputs("tevreden: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage);
	return TV_EXIT_USAGE;
}

int cli_done(int code)
{
	if (file_check(stdout, "standard output") < 0)
		return TV_EXIT_SYSTEM;
	return code;
}

int cli_help(const char *usage)
{
	fputs(usage, stdout);
	return cli_done(TV_EXIT_OK);
}

int cli_long(const char *usage, const char *opt, const char *arg, long min, long max, long *out)
{
	if (num_parse_long(arg, out) < 0 || *out < min || *out > max)
	{
		cli_usage(usage, "%s expects a whole number from %ld to %ld, not '%s'", opt, min,
			  max, arg);
		return -1;
	}
	return 0;
}

int cli_double(const char *usage, const char *opt, const char *arg, double min, double max,
	       double *out)
{
	if (num_parse(arg, 0, out) < 0 || *out < min || *out > max)
	{
		cli_usage(usage, "%s expects a number from %g to %g, not '%s'", opt, min, max, arg);
		return -1;
	}
	return 0;
}

static void list(FILE *out, const char *group, const struct cli_cmd *cmds, size_t n)
{
	size_t i;

	fprintf(out, "usage: tevreden %s COMMAND [OPTIONS]\n\ncommands:\n", group);
	for (i = 0; i < n; i++)
		fprintf(out, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(out, "\n'tevreden %s COMMAND --help' describes a command.\n", group);
}

int cli_dispatch(const char *group, const struct cli_cmd *cmds, size_t n, int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "tevreden: '%s' needs a command\n", group);
		list(stderr, group, cmds, n);
		return TV_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		list(stdout, group, cmds, n);
		return cli_done(TV_EXIT_OK);
	}
	for (i = 0; i < n; i++)
		if (strcmp(cmds[i].name, argv[1]) == 0)
			return cmds[i].run(argc - 1, argv + 1);
	fprintf(stderr, "tevreden: unknown command '%s %s'\n", group, argv[1]);
	list(stderr, group, cmds, n);
	return TV_EXIT_USAGE;
}
