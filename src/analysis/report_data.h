/* Internal to the report: what the compute step hands to the writers and the plots.
 * plt_report_run is compute (report_compute.c) -> write (report_write.c: Markdown and
 * HTML) -> plot (report_plot.c: data files, gnuplot script, gnuplot run as a child). */
#ifndef PLT_REPORT_DATA_H
#define PLT_REPORT_DATA_H

#include <stddef.h>

#include "plateau/scan.h"
#include "plateau/verdict.h"

#define RPT_MAX_COSTS (PLT_REPORT_MAX_ROWS * 20)

/* One measured cost: a family's evaluation at n qubits by an engine. */
typedef struct rpt_cost {
    size_t family; /* row index */
    char engine[32];
    int n;
    double seconds;
} rpt_cost;

typedef struct rpt_data {
    plt_report *out;                          /* the rows, opts and sizes */
    plt_bp_result *scans[PLT_REPORT_MAX_ROWS]; /* NULL when the scan did not run */
    plt_bp_result *mscans[PLT_REPORT_MAX_ROWS]; /* the moment scan (to 64 or 128 qubits); NULL
                                                  when moments do not apply or it did not run */
    size_t nladder[PLT_REPORT_MAX_ROWS];      /* the truncation ladder of each verdict */
    plt_trunc_step ladder[PLT_REPORT_MAX_ROWS][PLT_CHECK_MAX_LADDER];
    size_t ncost;
    rpt_cost costs[RPT_MAX_COSTS];
} rpt_data;

/* The budget is planned on predicted cost: each stage (a family's scan, then its verdict)
 * gets an equal part of what the stages before it did not use, counted in their PREDICTED
 * seconds, so a stage's budget (and so its route) does not depend on how fast the machine
 * ran the stages before. The plan spends this part of the budget; the rest is slack for
 * mispredictions, the plots and the writing. */
#define RPT_PLAN_SHARE 0.85

/* The report's options with the mode's defaults filled in. */
void rpt_resolve_opts(const plt_report_opts *in, int quick, plt_report_opts *out);
/* The scan sizes (at most 16) and draws per size of a mode. */
void rpt_mode(int quick, int *sizes, size_t *nsizes, size_t *samples);
/* The moment scan's sizes of a mode (at most 8). */
void rpt_moment_sizes(int quick, int *sizes, size_t *nsizes);

/* Scans and verdicts of every family into d (d->out must point at a zeroed report whose
 * opts are resolved). Stages past the budget are not run and are named in the rows.
 * PLT_EINTERRUPTED when the progress callback asked to stop (d holds what was done). */
plt_status rpt_compute(rpt_data *d);

/* DIR/report.md and DIR/report.html from d. PLT_EIO when they cannot be written. */
plt_status rpt_write(const char *dir, const rpt_data *d);

/* The gnuplot script for d's data files (in the current folder of gnuplot): literal
 * labels, axes fitted to the data, one line per family and engine. *script is malloc'ed.
 * *figures gets a bit per figure drawn: 1 variance, 2 cost, 4 truncation. */
plt_status rpt_plot_script(const rpt_data *d, char **script, int *figures);

/* Writes the data files and plots.gp into dir and runs gnuplot on them (a child process,
 * no shell). Returns the figures drawn (bits as above; 0 none) and says why in note when
 * gnuplot is missing or failed. */
int rpt_plot(const char *dir, const rpt_data *d, char *note, size_t cap);

/* Cell c (0..8) of the summary table for row r (shared by Markdown, HTML and the
 * terminal); brief picks the short, machine-independent form of the cells. */
void rpt_row_cells(const plt_report_row *r, int brief, char cells[9][160]);
extern const char *const rpt_headers[9];

void rpt_data_free(rpt_data *d);

#endif
