/* plateau run: the main job on the built-in zoo — the quick report into out/, with the
 * summary table and the findings on the terminal (what `make run` does). */
#include "cli/opts.h"
#include "plateau/verdict.h"

int cli_report_to(const char *dir, const plt_report_opts *o, int brief, int json);

int cli_cmd_run(const cli_command *self, int argc, char **argv) {
    const char *dir = "out";
    int seed = 1, json = 0, table = 0;
    double budget = -1;
    const cli_opt opts[] = {
        {"--out", CLI_STRING, "DIR", "folder of the report (default out)", &dir, 0, 0},
        {"--seed", CLI_INT, "S", "seed of the draws (default 1)", &seed, 0, 2147483647},
        {"--budget-seconds", CLI_NUMBER, "T", "time for the whole run (default 60)", &budget,
         1e-3, 1e9},
        {"--table", CLI_CHOICE, "full|brief", "summary columns: all, or those any machine "
         "reproduces (what tools/readme_table.sh puts in the README)", &table, 0, 0},
        {"--json", CLI_FLAG, "", "print the summary as one JSON object", &json, 0, 0},
    };
    const char *pos[1];
    int npos;
    int r = cli_parse(self, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 0, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    plt_report_opts o;
    plt_report_opts_init(&o);
    o.quick = 1;
    o.seed = (uint64_t)seed;
    if (budget > 0) o.budget_seconds = budget;
    return cli_report_to(dir, &o, table, json);
}
