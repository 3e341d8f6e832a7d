/* plateau — the simulability verdict: which classical engine evaluates this model,
 * at what cost, with what error.
 *
 * For each registered engine: whether it applies (and why not), its predicted time and
 * memory, exact or its error bound. The cheapest exact engine within the budget runs;
 * when none does, Pauli propagation runs with a ladder of truncations that loosens
 * step by step (coefficient threshold and weight cap), and its error is estimated by
 * the change of the value from one step to the next. The chosen route is then
 * cross-checked against the statevector engine on a reduced instance (the same family
 * at small n, or the model itself when it is small).
 */
#ifndef PLATEAU_VERDICT_H
#define PLATEAU_VERDICT_H

#include <stddef.h>

#include "plateau/engine.h"
#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct plt_check_opts {
    double tolerance;      /* required |error| of the value (default 1e-3) */
    double budget_seconds; /* wall-time budget of the whole check (default 60) */
    double max_memory;     /* bytes per plan (0 = the machine's available memory) */
    int threads;           /* 0 = OpenMP default */
    size_t max_terms;      /* cap of Pauli terms in the truncated ladder (default 2e6) */
    const char *skip;      /* engines not to ask, comma-separated (NULL: none); e.g. "gsim",
                              whose estimate runs the Lie closure and can take minutes */
} plt_check_opts;

void plt_check_opts_init(plt_check_opts *o);

#define PLT_CHECK_MAX_ROUTES 16
#define PLT_CHECK_MAX_LADDER 10

/* One engine's answer to "would you do it?" (at exact settings). */
typedef struct plt_route {
    char engine[32];
    int applies;           /* 1 when estimate succeeded */
    int within_budget;     /* applies, predicted time <= budget */
    plt_cost cost;         /* valid when applies */
    char reason[1100];      /* why it does not apply, or a note on the run */
} plt_route;

/* One step of the pauliprop truncation ladder. */
typedef struct plt_trunc_step {
    double min_abs;
    int max_weight;
    double value;
    double change;           /* |value - previous value|, NaN for the first step */
    double truncated_weight; /* sum of squared dropped coefficients */
    size_t terms;            /* largest number of terms held */
    double seconds;
} plt_trunc_step;

/* How the error of a verdict's value is known. */
typedef enum plt_certified {
    PLT_CERT_NONE,           /* estimated only (convergence of a ladder): never "simulable" */
    PLT_CERT_EXACT,          /* an exact route: error 0 up to rounding */
    PLT_CERT_WORST_CASE,     /* a rigorous bound for these parameters (e.g. the sum of
                                |coefficients| of every term a truncation dropped) */
    PLT_CERT_AVERAGE_CASE    /* a rigorous bound on the error averaged over the parameter
                                distribution */
} plt_certified;

/* "none", "exact", "worst-case bound", "average-case bound". */
const char *plt_certified_name(plt_certified c);

typedef struct plt_verdict {
    int simulable;           /* 1: a route ran, its error is certified within the tolerance,
                                and no cross-check contradicted it */
    plt_certified certified; /* how the error is known (NONE when not simulable) */
    double error_bound;      /* the rigorous bound of the chosen value (0 exact; NaN none) */
    int route_found;         /* 1: a route ran and gave a value (certified or not) */
    int cross_failed;        /* 1: a route's cross-check disagreed (see cross_note) */
    char engine[32];         /* the route that ran last ("" when none could) */
    char setting[96];        /* "exact" or the truncation */
    int exact;
    double value;            /* the loss at the given parameters (NaN when none) */
    double error;            /* 0 when exact, else the convergence estimate */
    double seconds;          /* wall time of the chosen run */
    double bytes;            /* predicted peak memory of the chosen run */
    double total_seconds;    /* the whole check */
    size_t nroutes;
    plt_route routes[PLT_CHECK_MAX_ROUTES];
    size_t nladder;
    plt_trunc_step ladder[PLT_CHECK_MAX_LADDER];
    /* cross-check on the reduced instance */
    int cross_checked;       /* 1 when both the route and the statevector ran on it */
    int cross_n;             /* qubits of the reduced instance */
    double cross_value, cross_reference, cross_error;
    char cross_note[512];
    char reasons[4096];      /* why not simulable, or how the route was chosen */
} plt_verdict;

/* Runs the check of model m at params (one value per circuit parameter). reduced and
 * reduced_params (may be NULL: no cross-check) give the small instance for the
 * cross-check; pass m itself when it is small enough for the statevector.
 * Fills *out (no allocation is kept). Returns PLT_OK whether or not the model is
 * simulable (see out->simulable and out->reasons); PLT_EINVAL on bad arguments. */
PLT_NODISCARD plt_status plt_check_run(const plt_model *m, const double *params,
                                       const plt_model *reduced, const double *reduced_params,
                                       const plt_check_opts *o, plt_verdict *out);

/* The cheapest registered engine whose estimate is exact for m, whose predicted time
 * is at most max_seconds (<= 0: no limit) and whose memory fits o->max_memory. Its
 * name goes to name[0..cap) and its cost to *cost. PLT_EUNSUPPORTED with the reasons
 * of every engine when none qualifies. */
PLT_NODISCARD plt_status plt_verdict_pick_exact(const plt_model *m, const plt_opts *o,
                                                double max_seconds, char *name, size_t cap,
                                                plt_cost *cost);

/* ---------- the report ---------- */

typedef struct plt_report_opts {
    int quick;               /* smaller sizes and samples, shorter budgets (for `plateau run`) */
    uint64_t seed;           /* default 1 */
    int big_n;               /* size of the large-n verdict (default 200) */
    double tolerance;        /* of the large-n verdict (default 1e-3; quick 1e-2) */
    double check_budget;     /* seconds per large-n verdict (default 30; quick 60) */
} plt_report_opts;

void plt_report_opts_init(plt_report_opts *o);

#define PLT_REPORT_MAX_ROWS 12

/* One family's line of the summary table. */
typedef struct plt_report_row {
    char family[32];
    int bp;                  /* 1 barren plateau (exponential), 0 none (polynomial), -1 undecided */
    char decision[16];       /* "exponential", "polynomial", "inconclusive" */
    double rate, rate_se;    /* exponential fit of the gradient variance, per qubit */
    double exponent;         /* power-law fit */
    int scan_min_n, scan_max_n;
    double dla_dim;          /* at the largest scanned size with a DLA (0: none) */
    int dla_n, dla_complete;
    char route[32];          /* engine of the large-n verdict, "" when none */
    char setting[96];
    int big_layers;          /* layers of the large-n instance (0 = the family default) */
    int largest_n;           /* largest size simulated (exactly or within tolerance) */
    double seconds;          /* time of the run at largest_n */
    double value, error;     /* large-n value and its error (0 exact, else estimate) */
    double cross_error;      /* |route - statevector| at cross_n */
    int cross_n;
    char note[4608];
} plt_report_row;

typedef struct plt_report {
    size_t nrows;
    plt_report_row rows[PLT_REPORT_MAX_ROWS];
    int plots;               /* 1 when gnuplot drew the figures */
    char plot_note[200];
    double seconds;
} plt_report;

/* Runs the zoo families across sizes (scan, large-n verdict with cross-check) and writes
 * DIR/report.md, DIR/report.html and, when gnuplot is on the PATH, DIR/variance.png|svg,
 * DIR/cost.png|svg, DIR/truncation.png|svg (their data in DIR as .dat files). DIR is created when
 * missing. Fills *out. PLT_EIO when DIR cannot be made or written, PLT_EINVAL, and the
 * errors of the scans. */
PLT_NODISCARD plt_status plt_report_run(const char *dir, const plt_report_opts *o,
                                        plt_report *out);

/* The summary table as Markdown text (caller frees with plt_free). */
PLT_NODISCARD plt_status plt_report_table(const plt_report *r, char **text);

#ifdef __cplusplus
}
#endif
#endif
