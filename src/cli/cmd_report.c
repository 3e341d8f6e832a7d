/* plateau report: the zoo across sizes, written as report.md and report.html. */
#include <math.h>
#include <stdlib.h>

#include "cli/json.h"
#include "cli/opts.h"
#include "cli/settings_opts.h"
#include "cli/progress.h"
#include "plateau/verdict.h"

/* Shared with plateau run: runs the report into dir and prints the summary table (brief:
 * only the columns any machine reproduces) and the findings. */
int cli_report_to(const char *dir, const plt_report_opts *o, int brief, int json);

static void print_json(const char *dir, const plt_report *r) {
    cli_json w;
    cli_json_init(&w, stdout);
    cli_json_begin_object(&w, NULL);
    cli_json_str(&w, "dir", dir);
    cli_json_num(&w, "seconds", r->seconds);
    cli_json_num(&w, "budget_seconds", r->opts.budget_seconds);
    cli_json_num(&w, "tolerance", r->opts.tolerance);
    cli_json_bool(&w, "finished", r->finished);
    cli_json_bool(&w, "plots", r->plots);
    cli_json_begin_array(&w, "families");
    for (size_t i = 0; i < r->nrows; i++) {
        const plt_report_row *row = &r->rows[i];
        int found = row->route_found;
        cli_json_begin_object(&w, NULL);
        cli_json_str(&w, "family", row->family);
        cli_json_str(&w, "decision", row->decision);
        cli_json_num(&w, "rate", row->rate);
        cli_json_num(&w, "rate_se", row->rate_se);
        cli_json_num(&w, "exponent", row->exponent);
        cli_json_num(&w, "dla_dim", row->dla_dim > 0 ? row->dla_dim : -1);
        cli_json_bool(&w, "dla_complete", row->dla_complete);
        cli_json_str(&w, "route", found ? row->route : NULL);
        cli_json_str(&w, "setting", found ? row->setting : NULL);
        cli_json_bool(&w, "simulable", row->simulable);
        cli_json_str(&w, "certified", plt_certified_name(row->certified));
        cli_json_bool(&w, "cross_failed", row->cross_failed);
        cli_json_int(&w, "largest_n", row->largest_n);
        cli_json_num(&w, "seconds", row->seconds);
        cli_json_num(&w, "value", found ? row->value : NAN);
        cli_json_num(&w, "error", found ? row->error : NAN);
        cli_json_num(&w, "error_bound", found ? row->error_bound : NAN);
        cli_json_num(&w, "cross_error", row->cross_error);
        cli_json_int(&w, "cross_n", row->cross_n);
        cli_json_str(&w, "unfinished", row->unfinished[0] ? row->unfinished : NULL);
        cli_json_str(&w, "note", row->note);
        cli_json_end_object(&w);
    }
    cli_json_end_array(&w);
    cli_json_end_object(&w);
}

int cli_report_to(const char *dir, const plt_report_opts *o, int brief, int json) {
    plt_report *r = calloc(1, sizeof *r);
    char *table = NULL, *found = NULL;
    if (!r) return cli_error("plateau: out of memory for the report");
    cli_progress bar;
    cli_progress_init(&bar);
    plt_report_opts ro = *o;
    ro.progress_fn = cli_progress_report;
    ro.progress_ctx = &bar;
    plt_status st = plt_report_run(dir, &ro, r);
    cli_progress_end(&bar);
    /* An interrupted report still wrote what it did: print that, then the error. */
    if ((st && st != PLT_EINTERRUPTED) || plt_report_table(r, brief, &table) ||
        plt_report_findings(r, &found)) {
        free(r);
        return cli_fail_lib();
    }
    if (json) {
        print_json(dir, r);
    } else {
        printf("%s\n%s", table, found);
        if (!r->plots) printf("%s\n", r->plot_note);
        printf("report: %s/report.html and %s/report.md (%.1f s)\n", dir, dir, r->seconds);
    }
    plt_free(table);
    plt_free(found);
    free(r);
    return st ? cli_fail_lib() : 0;
}

int cli_cmd_report(const cli_command *self, int argc, char **argv) {
    const char *dir = NULL;
    int quick = 0, seed = 1, big_n = 200, json = 0, table = 0;
    double tol = -1, budget = -1;
    const cli_opt opts[] = {
        {"--out", CLI_STRING, "DIR", "folder of report.md, report.html and the plots", &dir, 0, 0},
        {"--quick", CLI_FLAG, "", "smaller scans and budget (what plateau run does)", &quick, 0,
         0},
        {"--seed", CLI_INT, "S", "seed of the draws (default 1)", &seed, 0, 2147483647},
        {"--large-n", CLI_INT, "N", "size of the large-n verdicts (default 200)", &big_n, 8,
         1000000},
        {"--tolerance", CLI_NUMBER, "E", "tolerance of the large-n verdicts (default 1e-3, "
         "quick 1e-2)", &tol, 1e-15, 1e6},
        {"--budget-seconds", CLI_NUMBER, "T", "time for the whole report (default 60, quick "
         "25); what does not fit is named in the report", &budget, 1e-3, 1e9},
        {"--table", CLI_CHOICE, "full|brief", "summary columns: all, or those any machine "
         "reproduces (family, barren plateau, DLA dim, route, largest n)", &table, 0, 0},
        {"--json", CLI_FLAG, "", "print the summary as one JSON object", &json, 0, 0},
    };
    cli_settings_opts so;
    cli_settings_opts_make(&so, opts, sizeof opts / sizeof opts[0]);
    const char *pos[1];
    int npos;
    int r = cli_parse(self, so.opts, so.n, argc, argv, pos, 0, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    if (!dir) return cli_error("--out: no output folder given (e.g. --out out)");
    plt_settings *settings = NULL;
    if (cli_settings_collect(&so, &settings)) return 1;
    plt_report_opts o;
    plt_report_opts_init(&o);
    o.quick = quick;
    o.seed = (uint64_t)seed;
    o.big_n = big_n;
    if (tol > 0) o.tolerance = tol;
    if (budget > 0) o.budget_seconds = budget;
    o.settings = settings;
    int status = cli_report_to(dir, &o, table, json);
    plt_settings_free(settings);
    return status;
}
