/* Internal to the CLI: long options shared by the commands, and the option values
 * that need more than one token (number lists, byte sizes, files). */
#ifndef PLT_CLI_OPTS_H
#define PLT_CLI_OPTS_H

#include <stddef.h>

#include "cli/command.h"

typedef enum cli_kind {
    CLI_FLAG,   /* int *: set to 1 */
    CLI_STRING, /* const char **: borrowed from argv */
    CLI_NUMBER, /* double *: finite, in [lo, hi] */
    CLI_INT,    /* int *: an integer in [lo, hi] */
    CLI_BYTES,  /* double *: a size such as 8G, 512M, 1e9 (> 0) */
    CLI_CHOICE  /* int *: index of the value in `arg` ("adjoint|shift") */
} cli_kind;

typedef struct cli_opt {
    const char *name; /* with the dashes: "--obs" */
    cli_kind kind;
    const char *arg;  /* what the value looks like, for help and messages: "EXPR" */
    const char *help;
    void *dest;
    double lo, hi;    /* CLI_NUMBER, CLI_INT */
} cli_opt;

enum { CLI_PARSED = 0, CLI_FAILED = 1, CLI_HELP = 2 };

/* Parses argv[1..argc) of command `cmd` against opts[0..nopts): `--name value`,
 * `--name=value`, `--` ends options, `-h`/`--help` asks for help (printed here).
 * Words that are not options go to pos[0..maxpos) with their count in *npos.
 * Each option may be given once. On an error prints one line and returns
 * CLI_FAILED. */
int cli_parse(const cli_command *cmd, const cli_opt *opts, size_t nopts, int argc, char **argv,
              const char **pos, int maxpos, int *npos);

/* Prints the help of a command: its text, then the option table. */
void cli_print_help(const cli_command *cmd, const cli_opt *opts, size_t nopts);

/* Parses a number strictly (the whole text, finite); 0 on success. */
int cli_strtod(const char *text, double *out);
/* Parses a byte size: a positive number with an optional K, M, G or T suffix
 * (powers of 1024; a trailing B or iB is allowed): "8G", "512M", "1e9". */
int cli_parse_bytes(const char *text, double *out);

/* Parses a list of finite numbers separated by commas, spaces or newlines ('#'
 * starts a comment when from_file). origin names the option or the file; on
 * error prints one line (FILE:LINE:COL for files) and returns 1. *vals is
 * malloc'ed (free it), *count its length. */
int cli_parse_numbers(const char *text, const char *origin, int from_file, double **vals,
                      size_t *count);

/* Reads a whole text file; on error prints "origin: cannot read 'path': why"
 * and returns 1. *text is malloc'ed and NUL-terminated. */
int cli_read_file(const char *path, const char *origin, char **text);

#endif
