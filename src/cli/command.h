/* Internal to the CLI: the command table and the helpers every command shares. */
#ifndef PLT_CLI_COMMAND_H
#define PLT_CLI_COMMAND_H

#include <stdio.h>

#include "plateau/plateau.h"

typedef struct cli_command cli_command;
struct cli_command {
    const char *name;
    const char *summary; /* one line for `plateau --help` */
    /* argv[0] is the command name; returns the exit status (0 ok, 1 error). */
    int (*run)(const cli_command *self, int argc, char **argv);
    const char *help;    /* usage and description for `plateau NAME --help` */
};

int cli_cmd_info(const cli_command *self, int argc, char **argv);
int cli_cmd_simulate(const cli_command *self, int argc, char **argv);
int cli_cmd_run(const cli_command *self, int argc, char **argv);
int cli_cmd_model(const cli_command *self, int argc, char **argv);
int cli_cmd_bp(const cli_command *self, int argc, char **argv);
int cli_cmd_check(const cli_command *self, int argc, char **argv);
int cli_cmd_report(const cli_command *self, int argc, char **argv);
int cli_cmd_dla(const cli_command *self, int argc, char **argv);
int cli_cmd_train(const cli_command *self, int argc, char **argv);
int cli_cmd_shadows(const cli_command *self, int argc, char **argv);
int cli_cmd_calibrate(const cli_command *self, int argc, char **argv);

/* Prints one line to stderr (newlines in the text become spaces); returns 1. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the library's last error as one line (plt_error_format; "plateau: " in
 * front when the error names no input); returns 1. */
int cli_fail_lib(void);

#endif
