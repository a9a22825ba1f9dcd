/* commands.h: the entry points of tevreden's commands, one per stage folder; main.c holds the table. */
#ifndef TV_COMMANDS_H
#define TV_COMMANDS_H

int cmd_collect(int argc, char **argv);		/* collect/cmd.c */
int cmd_response(int argc, char **argv);	/* analyze/cmd_response.c */
int cmd_analyze(int argc, char **argv);		/* analyze/cmd_analyze.c */

#endif
