/* commands.h: the entry points of tevreden's commands, one per stage folder; main.c holds the table. */
#ifndef TV_COMMANDS_H
#define TV_COMMANDS_H

int cmd_collect(int argc, char **argv);		/* collect/cmd.c */
int cmd_response(int argc, char **argv);	/* analyze/cmd_response.c */
int cmd_analyze(int argc, char **argv);		/* analyze/cmd_analyze.c */
int cmd_report(int argc, char **argv);		/* analyze/cmd_report.c */

int cmd_code(int argc, char **argv);		/* code/cmd_code.c */
int cmd_code_agreement(int argc, char **argv);	/* code/cmd_agreement.c */
int cmd_code_themes(int argc, char **argv);	/* analyze/cmd_themes.c */
int cmd_code_quotes(int argc, char **argv);	/* analyze/cmd_themes.c */
int cmd_code_explain(int argc, char **argv);	/* code/cmd_explain.c */

#endif
