/* Internal to the CLI: renders the library's progress reports (plt_progress_fn) as one
 * line on stderr, rewritten in place, only when stderr is a terminal. */
#ifndef PLT_CLI_PROGRESS_H
#define PLT_CLI_PROGRESS_H

#include "plateau/engine.h"

typedef struct cli_progress {
    int show;      /* stderr is a terminal */
    int drawn;     /* a line is on the screen */
    double last;   /* when the line was last drawn */
} cli_progress;

void cli_progress_init(cli_progress *p);
/* A plt_progress_fn: ctx is a cli_progress. Draws at most ten times a second; never stops
 * the operation (returns 0). */
int cli_progress_report(void *ctx, const plt_progress *pr);
/* Clears the line, if one was drawn. */
void cli_progress_end(cli_progress *p);

#endif
