/* plateau calibrate: measure this machine's rates and keep them for every later run. */
#include <stdio.h>

#include "cli/opts.h"
#include "cli/progress.h"
#include "plateau/rates.h"

int cli_cmd_calibrate(const cli_command *self, int argc, char **argv) {
    int dry = 0, show = 0;
    const cli_opt opts[] = {
        {"--dry-run", CLI_FLAG, "", "measure and print, but do not write the file", &dry, 0, 0},
        {"--show", CLI_FLAG, "", "print the rates in use and where they come from; measure "
         "nothing", &show, 0, 0},
    };
    const char *pos[1];
    int npos;
    int r = cli_parse(self, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 0, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    double rates[PLT_RATE_COUNT];
    if (show) {
        printf("rates from %s\n", plt_rate_source());
        printf("%-14s %-12s %s\n", "rate", "in use", "default");
        for (int k = 0; k < PLT_RATE_COUNT; k++)
            printf("%-14s %-12.4g %.4g\n", plt_rate_name((plt_rate_kind)k),
                   plt_rate((plt_rate_kind)k), plt_rate_default((plt_rate_kind)k));
        return 0;
    }
    cli_progress bar;
    cli_progress_init(&bar);
    plt_status st = plt_rate_measure(rates, cli_progress_report, &bar);
    cli_progress_end(&bar);
    if (st) return cli_fail_lib();
    printf("%-14s %-12s %-12s %s\n", "rate", "measured", "was", "default");
    for (int k = 0; k < PLT_RATE_COUNT; k++)
        printf("%-14s %-12.4g %-12.4g %.4g\n", plt_rate_name((plt_rate_kind)k), rates[k],
               plt_rate((plt_rate_kind)k), plt_rate_default((plt_rate_kind)k));
    if (dry) return 0;
    if (plt_rate_save(rates)) return cli_fail_lib();
    printf("written to %s (read by every later run; plateau calibrate again to refresh)\n",
           plt_rate_path());
    return 0;
}
