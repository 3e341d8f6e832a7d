/* plateau run: the main job on the built-in zoo — the quick report into out/, with the
 * summary table on the terminal (what `make run` does). */
#include "cli/opts.h"
#include "plateau/verdict.h"

int cli_report_to(const char *dir, const plt_report_opts *o, int json);

int cli_cmd_run(const cli_command *self, int argc, char **argv) {
    const char *dir = "out";
    int seed = 1, json = 0;
    const cli_opt opts[] = {
        {"--out", CLI_STRING, "DIR", "folder of the report (default out)", &dir, 0, 0},
        {"--seed", CLI_INT, "S", "seed of the draws (default 1)", &seed, 0, 2147483647},
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
    o.tolerance = 1e-2;
    /* qcnn at n = 200 needs its weight-10 truncation step (~16 s, predicted ~31 s from the
     * steps before it, twice that on a loaded machine); the others take < 1 s each. */
    o.check_budget = 60;
    return cli_report_to(dir, &o, json);
}
