/* plateau — the simulability verdict: which classical engine evaluates this model,
 * at what cost, with what error, and how that error is known.
 *
 * For each registered engine: whether it applies (and why not), its predicted time and
 * memory, exact or its error bound. Routes run cheapest first by PREDICTED cost (counted work
 * over the rates of plateau/rates.h), never by a stopwatch, so the same input gives the same
 * verdict idle or loaded. When no exact route is affordable, Pauli propagation walks a ladder
 * of truncations; each step's term cap is sized from the remaining budget, and the sum of
 * |coefficient| of the terms it dropped is a rigorous bound on its error.
 *
 * "Simulable" is said only with all three of: a route that ran; an error that is certified
 * (exact, or a rigorous bound within the tolerance); and a cross-check that passed: the same
 * route against an independent exact engine on the reduced instance (the family at small n,
 * the observable's light cone, or the model itself when small), or, without one, a second
 * exact route on the model itself. A cross-check that disagrees by more than
 * max(the route's bound, 1e-8) rejects the route and the next one is tried.
 *
 * Budget: the predicted cost of everything run stays within budget_seconds / 4 (a margin for a
 * busy machine); a wall-clock guard (budget x 1.1 + 1.5 s after the engines' estimates, which
 * are bounded by work counts) stops only a run whose prediction was badly off, and says so.
 */
#ifndef PLATEAU_VERDICT_H
#define PLATEAU_VERDICT_H

#include <stddef.h>

#include "plateau/engine.h"
#include "plateau/moments.h"
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
    const char *skip;      /* engines not to ask, comma-separated (NULL: none) */
    const plt_settings *settings; /* engine settings for every route (borrowed; NULL: the
                              defaults); a ladder step sets its own on top of them */
    double noise;          /* the model is noisy: depolarising probability after each op on the
                              qubits it touches (plt_opts.noise); 0 = off */
    double dephasing;      /* dephasing probability, likewise (plt_opts.dephasing); 0 = off.
                              With either > 0, every estimate, plan, ladder step and cross-check
                              carries them: engines that do not model noise are listed as not
                              applying, and a route is cross-checked against an exact engine
                              that models the same noise (density, on the reduced instance) */
    plt_param_dist average_dist; /* the parameter distribution of an average-case certificate
                              (default uniform on [-pi, pi]): when no ladder step is certified
                              worst-case, a weight-truncated Pauli propagation whose root-mean-
                              square error over this distribution (plt_moments_truncation_mse)
                              is within the tolerance is certified PLT_CERT_AVERAGE_CASE, an
                              average over the parameters, not a bound at the given ones */
    plt_progress_fn progress_fn; /* may be NULL: progress of the runs, and a way to stop */
    void *progress_ctx;
} plt_check_opts;

void plt_check_opts_init(plt_check_opts *o);

#define PLT_CHECK_MAX_ROUTES 16
#define PLT_CHECK_MAX_LADDER 24

/* One engine's answer to "would you do it?" (at exact settings). */
typedef struct plt_route {
    char engine[32];
    int applies;           /* 1 when estimate succeeded */
    int within_budget;     /* applies, predicted time <= budget */
    plt_cost cost;         /* valid when applies */
    char reason[1100];      /* why it does not apply, or a note on the run */
} plt_route;

/* One step of an approximate engine's ladder (its own settings, loosest first). */
typedef struct plt_trunc_step {
    char engine[32];
    int step;                /* 0 = the engine's loosest */
    char setting[96];        /* the step's settings, "min-abs=0.01 max-weight=4 ..." */
    double value;
    double bound;            /* the engine's rigorous |error| bound for this run */
    double change;           /* |value - previous value| of the same engine, NaN for its first */
    double truncated_weight; /* sum of squared dropped coefficients (0 when not reported) */
    size_t terms;            /* largest number of terms held */
    double seconds;          /* wall time (reported, never decisive) */
    double predicted_seconds;/* the step's predicted cost */
} plt_trunc_step;

/* How the error of a verdict's value is known. */
typedef enum plt_certified {
    PLT_CERT_NONE,           /* estimated only (convergence of a ladder): never "simulable" */
    PLT_CERT_EXACT,          /* an exact route: error 0 up to rounding */
    PLT_CERT_WORST_CASE,     /* a rigorous bound for these parameters (e.g. the sum of
                                |coefficients| of every term a truncation dropped) */
    PLT_CERT_AVERAGE_CASE,   /* a rigorous bound on the error averaged over the parameter
                                distribution */
    PLT_CERT_STATISTICAL     /* measured data: a confidence interval (at data_confidence) of the
                                value the data estimate, widened by the route's rigorous bound;
                                never exact */
} plt_certified;

/* "none", "exact", "worst-case bound", "average-case bound", "statistical interval". */
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
    double error;            /* 0 when exact, the rigorous bound when certified by one, else
                                the convergence estimate (NaN when none) */
    double seconds;          /* wall time of the chosen run */
    double bytes;            /* predicted peak memory of the chosen run */
    double total_seconds;    /* the whole check (wall time) */
    double predicted_total;  /* predicted cost of everything that ran (what the budget bounds) */
    int guard_stopped;       /* 1: the wall-clock guard stopped a run (a prediction was off) */
    size_t nroutes;
    plt_route routes[PLT_CHECK_MAX_ROUTES];
    size_t nladder;
    plt_trunc_step ladder[PLT_CHECK_MAX_LADDER];
    /* cross-check on the reduced instance */
    int cross_checked;       /* 1 when both the route and the reference ran on it */
    int cross_passed;        /* 1 when the chosen route's cross-check passed */
    char cross_reference_engine[32];
    int cross_n;             /* qubits of the reduced instance */
    double cross_value, cross_reference, cross_error;
    char cross_note[512];
    char reasons[4096];      /* why not simulable, or how the route was chosen */
    double noise, dephasing; /* the model's noise, as given in plt_check_opts (0: noiseless) */
    /* Measured data (a SHADOWS or TABLE state): the value is an estimate. */
    int from_data;           /* 1 when the state is measured data */
    size_t data_shots;       /* shots of the shadow data (0 for a table) */
    int data_batches;        /* B: the shots cut into B consecutive batches, the route run on
                                each (0: no interval, e.g. a table of values) */
    double data_confidence;  /* the interval's confidence level (0.95) */
    double data_halfwidth;   /* statistical half-width: t(B-1) s / sqrt(B), s the standard
                                deviation of the B batch values (NaN: none) */
    double interval_low, interval_high; /* value -+ (half-width + the route's bound) */
} plt_verdict;

/* Measured data (m->state of kind SHADOWS or TABLE): only engines that take data are routes;
 * the others are listed as not applying, with their reason. The value is never exact: it is an
 * estimate from the data. For shadows the certified statement is a confidence interval by batch
 * means: the shots are cut into B = 10 consecutive batches, the route runs on each batch and on
 * all shots; with s the standard deviation of the batch values, the half-width is
 * t_{B-1,(1+C)/2} s / sqrt(B) at confidence C = 0.95 (t = 2.262), to which the route's rigorous
 * truncation bound is added. It needs no model of the engine's estimator (the median of means
 * of each string's single-shot values, plateau/shadows.h), only that batch values are roughly
 * normal. "Simulable after data acquisition" when the whole half-width is within the tolerance
 * and the cross-check passes: the route on the first and on the second half of the batches
 * agrees within 4.78 s sqrt(4/B) (t_9 at 0.999) plus twice the bound, a statistical
 * consistency check of the interval (a route that cannot be checked against an exact engine,
 * since no exact engine knows the measured state). A TABLE of values gives a value without an
 * interval: a route, not certified. The run costs B + 1 evaluations of the route.
 *
 * Runs the check of model m at params (one value per circuit parameter). reduced and
 * reduced_params (may be NULL) give the small instance for the cross-check; pass m itself
 * when it is small enough for an exact engine. Without one, a second exact route on m is the
 * cross-check when one is affordable, else the verdict is "not cross-checked" (not simulable).
 * Fills *out (no allocation is kept). Returns PLT_OK whether or not the model is
 * simulable (see out->simulable, certified, route_found, cross_failed and reasons);
 * PLT_EINVAL on bad arguments or a model no engine may take (a non-Hermitian observable). */
PLT_NODISCARD plt_status plt_check_run(const plt_model *m, const double *params,
                                       const plt_model *reduced, const double *reduced_params,
                                       const plt_check_opts *o, plt_verdict *out);

/* The verdict in a word: "simulable", "cross-check failed", "not certified" (a route gave
 * a value, but its error is not certified or it was not cross-checked) or "no route". */
const char *plt_verdict_status(const plt_verdict *v);

/* The cheapest registered engine whose estimate is exact for m, whose predicted time
 * is at most max_seconds (<= 0: no limit) and whose memory fits o->max_memory. Its
 * name goes to name[0..cap) and its cost to *cost. PLT_EUNSUPPORTED with the reasons
 * of every engine when none qualifies. */
PLT_NODISCARD plt_status plt_verdict_pick_exact(const plt_model *m, const plt_opts *o,
                                                double max_seconds, char *name, size_t cap,
                                                plt_cost *cost);

/* ---------- the report ---------- */

typedef struct plt_report_opts {
    int quick;               /* smaller sizes and samples, a shorter budget (for `plateau run`) */
    uint64_t seed;           /* default 1 */
    int big_n;               /* size of the large-n verdicts (default 200, at least 8) */
    double tolerance;        /* of the large-n verdicts (0: the mode's default, 1e-3; quick 1e-2) */
    double budget_seconds;   /* the whole report (0: the default, 60 s, also quick). Each
                                stage (a family's scan, its verdict) gets an equal part of what
                                the stages before did not use by their PREDICTED cost, so the
                                routes do not depend on the machine's load; a stage that would
                                start past the budget on the clock is not run, and the report
                                names it. The report returns within the budget + 10 % + 2 s
                                when the scans and verdicts keep their own budgets. */
    const plt_settings *settings; /* engine settings for every scan and verdict (borrowed;
                                    NULL: the defaults) */
    plt_progress_fn progress_fn; /* may be NULL: called before each stage ("scan qcnn", ...,
                                    done = stages finished, total = all stages); nonzero stops
                                    the report after writing what it has (PLT_EINTERRUPTED) */
    void *progress_ctx;
} plt_report_opts;

/* Sets the defaults above (the mode's defaults are resolved when the report runs). */
void plt_report_opts_init(plt_report_opts *o);

#define PLT_REPORT_MAX_ROWS 16

/* One family's line of the summary table. */
typedef struct plt_report_row {
    char family[32];
    char theory[256];        /* what the literature says of the family, with the citation,
                              * and which case of the perspective it is */
    int expect_bp;           /* that statement as a decision: 1 barren plateau, 0 none */
    int bp;                  /* 1 barren plateau (exponential), 0 none (polynomial), -1 undecided */
    char decision[16];       /* "exponential", "polynomial", "inconclusive" */
    double rate, rate_se;    /* exponential fit of the gradient variance, per qubit */
    double exponent;         /* power-law fit */
    int scan_min_n, scan_max_n; /* the sizes the scan evaluated (max 0: none) */
    int scan_skipped;        /* sizes the scan skipped (predicted past its budget, or no exact
                                engine); why is in `unfinished` */
    double scan_budget;      /* seconds the scan was given (0: not run) */
    int moments_min_n, moments_max_n; /* the sizes the moment scan propagated (max 0: none);
                                the decision is the moment scan's when it is conclusive */
    char sample_decision[16];/* the sampled scan's decision, the cross-check, when the row's
                                decision is the moment scan's ("" otherwise) */
    double dla_dim;          /* at the largest scanned size with a DLA (0: none) */
    int dla_n, dla_complete;
    int checked;             /* 1 when the large-n verdict ran (0: not run within the budget) */
    int big_n;               /* the size of the large-n verdict */
    int big_layers;          /* layers of the large-n instance (0 = the family default) */
    double check_budget;     /* seconds the verdict was given */
    int route_found;         /* a route ran at big_n and gave a value (certified or not) */
    int simulable;           /* its error is certified within the tolerance (plt_verdict) */
    plt_certified certified; /* how the error is known */
    int cross_failed;        /* the route's cross-check disagreed */
    char route[32];          /* engine of the large-n verdict, "" when none */
    char setting[96];
    int largest_n;           /* largest size evaluated with a certified error (big_n when
                                simulable, else the largest scanned size) */
    double seconds;          /* time of the run at largest_n (per evaluation in a scan) */
    double value, error;     /* large-n value and its estimated error (0 exact) */
    double error_bound;      /* the rigorous bound of the value (0 exact; NaN none) */
    double cross_error;      /* |route - statevector| at cross_n (NaN: not cross-checked) */
    int cross_n;
    char unfinished[1024];   /* what of this family did not finish, and why ("" all did) */
    char note[4608];         /* the verdict's reasons */
} plt_report_row;

typedef struct plt_report {
    plt_report_opts opts;    /* as run: the mode's defaults resolved */
    int sizes[16];           /* the sizes of the scans */
    size_t nsizes;
    size_t samples;          /* parameter draws per size */
    size_t nrows;
    plt_report_row rows[PLT_REPORT_MAX_ROWS];
    int finished;            /* 1 when every stage ran to its end */
    int interrupted;         /* 1 when the progress callback stopped the report */
    int plots;               /* 1 when gnuplot drew the figures */
    char plot_note[256];
    double seconds;
} plt_report;

/* Runs the zoo families across sizes (scan, large-n verdict with cross-check) within
 * o->budget_seconds and writes DIR/report.md, DIR/report.html and, when gnuplot is on the
 * PATH, DIR/variance.png|svg, DIR/cost.png|svg, DIR/truncation.png|svg (their data in DIR as
 * .dat files, the script as plots.gp, gnuplot's messages in gnuplot.log). DIR is created
 * when missing. Fills *out, also when a stage did not finish (out->finished, each row's
 * `unfinished`). Never prints. PLT_EIO when DIR cannot be made or written, PLT_EINVAL,
 * PLT_EINTERRUPTED when the progress callback stopped it (the report written has what was
 * done), and the errors of the scans and verdicts. */
PLT_NODISCARD plt_status plt_report_run(const char *dir, const plt_report_opts *o,
                                        plt_report *out);

/* The summary table as Markdown text (caller frees with plt_free): every column, or with
 * brief = 1 only those that the same seed reproduces on any machine (family, barren
 * plateau, DLA dim, classical route, largest n; fitted rates and times left out). */
PLT_NODISCARD plt_status plt_report_table(const plt_report *r, int brief, char **text);

/* The findings of a report as sentences computed from its rows (caller frees with
 * plt_free): which families have a barren plateau, whether that agrees with the theory,
 * which have a certified classical route at large n and which only an uncertified one,
 * and what did not finish within the budget. */
PLT_NODISCARD plt_status plt_report_findings(const plt_report *r, char **text);

#ifdef __cplusplus
}
#endif
#endif
