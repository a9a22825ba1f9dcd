/* cli.h: the command table, usage and help messages, and checked option values. */
#ifndef TV_CLI_H
#define TV_CLI_H

#include <stddef.h>

struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);	/* argv[0] is the command's name; returns enum tv_exit */
	const char *summary;
};

/*
 * Run the command named argv[1] of the table (argv[0] is the group, e.g.
 * "collect"). "--help"/"help"/no name prints the group's commands.
 */
int cli_dispatch(const char *group, const struct cli_cmd *cmds, size_t n, int argc, char **argv);

/* Print "tevreden: <message>" and the usage to stderr; returns TV_EXIT_USAGE. */
int cli_usage(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print the usage to stdout; returns TV_EXIT_OK (TV_EXIT_SYSTEM if stdout fails). */
int cli_help(const char *usage);
/* Parse an option value as a whole number in [min, max]; reports via cli_usage. */
int cli_long(const char *usage, const char *opt, const char *arg, long min, long max, long *out);
/* Parse an option value as a number in [min, max]. */
int cli_double(const char *usage, const char *opt, const char *arg, double min, double max,
	       double *out);
/* Finish a command: check stdout was written; returns code or TV_EXIT_SYSTEM. */
int cli_done(int code);

#endif
