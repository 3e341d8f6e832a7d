/* plateau report: the zoo across sizes, written as report.md and report.html. */
#include <stdlib.h>

#include "cli/opts.h"
#include "plateau/verdict.h"

/* Shared with plateau run: runs the report into dir and prints the summary table. */
int cli_report_to(const char *dir, const plt_report_opts *o, int json);

int cli_report_to(const char *dir, const plt_report_opts *o, int json) {
    plt_report *r = calloc(1, sizeof *r);
    char *table = NULL;
    if (!r) return cli_error("plateau: out of memory for the report");
    if (!json) {
        fprintf(stderr, "plateau: writing the report to %s (scans, large-n verdicts, plots)...\n",
                dir);
        fflush(stderr);
    }
    if (plt_report_run(dir, o, r) || plt_report_table(r, &table)) {
        free(r);
        return cli_fail_lib();
    }
    if (json) {
        printf("{\"dir\": ");
        cli_json_string(stdout, dir);
        printf(", \"seconds\": ");
        cli_json_double(stdout, r->seconds);
        printf(", \"plots\": %s, \"families\": [", r->plots ? "true" : "false");
        for (size_t i = 0; i < r->nrows; i++) {
            const plt_report_row *w = &r->rows[i];
            printf("%s{\"family\": ", i ? ", " : "");
            cli_json_string(stdout, w->family);
            printf(", \"decision\": ");
            cli_json_string(stdout, w->decision);
            printf(", \"rate\": ");
            cli_json_double(stdout, w->rate);
            printf(", \"rate_se\": ");
            cli_json_double(stdout, w->rate_se);
            printf(", \"exponent\": ");
            cli_json_double(stdout, w->exponent);
            printf(", \"dla_dim\": ");
            cli_json_double(stdout, w->dla_dim > 0 ? w->dla_dim : -1);
            printf(", \"dla_complete\": %s, \"route\": ", w->dla_complete ? "true" : "false");
            cli_json_string(stdout, w->route[0] ? w->route : NULL);
            printf(", \"setting\": ");
            cli_json_string(stdout, w->route[0] ? w->setting : NULL);
            printf(", \"largest_n\": %d, \"seconds\": ", w->largest_n);
            cli_json_double(stdout, w->seconds);
            printf(", \"error\": ");
            cli_json_double(stdout, w->route[0] ? w->error : -1);
            printf(", \"cross_error\": ");
            cli_json_double(stdout, w->cross_error);
            printf(", \"cross_n\": %d, \"note\": ", w->cross_n);
            cli_json_string(stdout, w->note);
            printf("}");
        }
        printf("]}\n");
    } else {
        printf("%s", table);
        if (!r->plots) printf("%s\n", r->plot_note);
        printf("report: %s/report.html and %s/report.md (%.1f s)\n", dir, dir, r->seconds);
    }
    plt_free(table);
    free(r);
    return 0;
}

int cli_cmd_report(const cli_command *self, int argc, char **argv) {
    const char *dir = NULL;
    int quick = 0, seed = 1, big_n = 200, json = 0;
    double tol = -1, budget = -1;
    const cli_opt opts[] = {
        {"--out", CLI_STRING, "DIR", "folder of report.md, report.html and the plots", &dir, 0, 0},
        {"--quick", CLI_FLAG, "", "smaller scans and budgets (what plateau run does)", &quick, 0,
         0},
        {"--seed", CLI_INT, "S", "seed of the draws (default 1)", &seed, 0, 2147483647},
        {"--large-n", CLI_INT, "N", "size of the large-n verdicts (default 200)", &big_n, 8,
         1000000},
        {"--tolerance", CLI_NUMBER, "E", "tolerance of the large-n verdicts (default 1e-3, "
         "quick 1e-2)", &tol, 1e-15, 1e6},
        {"--budget-seconds", CLI_NUMBER, "T", "budget of each large-n verdict (default 30, "
         "quick 60)", &budget, 1e-3, 1e9},
        {"--json", CLI_FLAG, "", "print the summary as one JSON object", &json, 0, 0},
    };
    const char *pos[1];
    int npos;
    int r = cli_parse(self, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 0, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    if (!dir) return cli_error("--out: no output folder given (e.g. --out out)");
    plt_report_opts o;
    plt_report_opts_init(&o);
    o.quick = quick;
    o.seed = (uint64_t)seed;
    o.big_n = big_n;
    if (quick) {
        o.tolerance = 1e-2;
        /* qcnn at n = 200 needs its weight-10 truncation step (~16 s, predicted ~31 s from
         * the steps before it, twice that on a loaded machine); the others take < 1 s. */
        o.check_budget = 60;
    }
    if (tol > 0) o.tolerance = tol;
    if (budget > 0) o.check_budget = budget;
    return cli_report_to(dir, &o, json);
}
