/* The progress line: the library reports, the CLI draws (and only on a terminal, so that
 * redirected output and the tests see nothing). */
#include <stdio.h>
#include <unistd.h>

#include "cli/command.h"
#include "cli/progress.h"

void cli_progress_init(cli_progress *p) {
    p->show = isatty(fileno(stderr));
    p->drawn = 0;
    p->last = -1;
}

int cli_progress_report(void *ctx, const plt_progress *pr) {
    cli_progress *p = ctx;
    if (!p || !p->show || !pr) return 0;
    double t = plt_clock_seconds();
    if (p->last >= 0 && t - p->last < 0.1) return 0;
    p->last = t;
    if (pr->total > 0)
        fprintf(stderr, "\r%s: %.0f of %.0f (%.0f %%)\033[K", pr->what ? pr->what : "",
                pr->done, pr->total, 100 * pr->done / pr->total);
    else
        fprintf(stderr, "\r%s: %.0f\033[K", pr->what ? pr->what : "", pr->done);
    fflush(stderr);
    p->drawn = 1;
    return 0;
}

void cli_progress_end(cli_progress *p) {
    if (p && p->drawn) fprintf(stderr, "\r\033[K"); /* erase to the end of the line */
    if (p) p->drawn = 0;
}
