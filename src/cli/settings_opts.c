/* Engine settings as command-line options: the tables decide names, ranges and help; the
 * library validates the values, so the messages name the engine and its range. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/command.h"
#include "cli/settings_opts.h"
#include "plateau/engine.h"

void cli_settings_opts_make(cli_settings_opts *c, const cli_opt *fixed, size_t nfixed) {
    memset(c, 0, sizeof *c);
    c->n = nfixed < CLI_MAX_OPTS ? nfixed : CLI_MAX_OPTS;
    memcpy(c->opts, fixed, c->n * sizeof *fixed);
    c->first = c->n;
    size_t ns = 0;
    for (size_t i = 0; i < plt_engine_count(); i++) {
        size_t cnt;
        const plt_setting_info *t = plt_engine_settings(i, &cnt);
        for (size_t k = 0; k < cnt; k++) {
            size_t j = 0;
            while (j < ns && strcmp(c->names[j] + 2, t[k].name) != 0) j++;
            if (j < ns || ns == CLI_MAX_SETTINGS || c->n == CLI_MAX_OPTS) continue;
            snprintf(c->names[ns], sizeof c->names[ns], "--%s", t[k].name);
            snprintf(c->help[ns], sizeof c->help[ns], "%s (default %.15g)", t[k].help, t[k].def);
            c->vals[ns] = NAN;
            /* The range is checked by the engines' tables, whose message names them. */
            c->opts[c->n++] = (cli_opt){c->names[ns], CLI_NUMBER, t[k].arg, c->help[ns],
                                        &c->vals[ns], -HUGE_VAL, HUGE_VAL};
            ns++;
        }
    }
}

int cli_settings_collect(const cli_settings_opts *c, plt_settings **out) {
    *out = NULL;
    for (size_t i = c->first; i < c->n; i++) {
        double v = c->vals[i - c->first];
        if (isnan(v)) continue;
        if (!*out && plt_settings_new(out)) return cli_fail_lib();
        if (plt_settings_set(*out, c->opts[i].name + 2, v)) {
            plt_settings_free(*out);
            *out = NULL;
            return cli_error("--%s", plt_error_last()->message);
        }
    }
    return 0;
}
