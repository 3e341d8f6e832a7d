/* Internal to the CLI: the engine-settings options every engine-running command accepts,
 * made from the registered engines' tables (plateau/settings.h), so a new engine's settings
 * appear in every command and its --help without a line here. */
#ifndef PLT_CLI_SETTINGS_OPTS_H
#define PLT_CLI_SETTINGS_OPTS_H

#include "cli/opts.h"
#include "plateau/settings.h"

#define CLI_MAX_OPTS 64
#define CLI_MAX_SETTINGS 32

typedef struct cli_settings_opts {
    cli_opt opts[CLI_MAX_OPTS]; /* the command's own options, then one per setting */
    size_t n, first;            /* all options; index of the first setting option */
    double vals[CLI_MAX_SETTINGS]; /* NaN: not given */
    char names[CLI_MAX_SETTINGS][40], help[CLI_MAX_SETTINGS][160];
} cli_settings_opts;

/* Copies fixed[0..nfixed) and appends one option per distinct setting name (in registry
 * order). c must stay where it is while the options are parsed (they point into it). */
void cli_settings_opts_make(cli_settings_opts *c, const cli_opt *fixed, size_t nfixed);
/* The values given, validated by the engines' tables, as a new plt_settings (*out NULL when
 * none was given). Returns 0, or 1 after printing one line ("--max-weight: ...") . */
int cli_settings_collect(const cli_settings_opts *c, plt_settings **out);

#endif
