/* plateau — training: optimisers, losses over engines, checkpoints.
 *
 * Optimisers are constant type objects in the style of GSL's minimisers
 * ({name, alloc, step, save, load, free}); plt_optimizer wraps one with its state.
 * A step takes the current point, its value and gradient, and leaves the next point,
 * its value and gradient, so a loop evaluates the objective once per step (L-BFGS
 * more in its line search).
 *
 * Checkpoint file (text; every number with %.17g, so reading it back gives the same
 * doubles and a resumed run continues bit for bit):
 *
 *     # plateau checkpoint v1
 *     optimizer adam
 *     n 24                        number of parameters
 *     step 10                     steps done
 *     config LR BETA1 BETA2 EPS MOMENTUM MEMORY
 *     x v_0 ... v_{n-1}           parameters
 *     f LOSS                      loss at x
 *     g g_0 ... g_{n-1}           gradient at x
 *     s.NAME numbers...           optimiser state (Adam: s.t, s.m, s.v; L-BFGS: s.k,
 *                                 s.head, s.s0.., s.y0..; SGD: s.vel)
 */
#ifndef PLATEAU_TRAIN_H
#define PLATEAU_TRAIN_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "plateau/engine.h"
#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------- optimisers ---------- */

/* The function minimised: f(x) and its gradient into grad[0..n). */
typedef plt_status (*plt_objective)(void *ctx, const double *x, double *f, double *grad);

typedef struct plt_optimizer_config {
    double lr;        /* learning rate (Adam, SGD); initial step scale (L-BFGS); default 0.01 */
    double beta1;     /* Adam: 0.9 */
    double beta2;     /* Adam: 0.999 */
    double eps;       /* Adam: 1e-8 */
    double momentum;  /* SGD: heavy-ball momentum in [0, 1), default 0 */
    int memory;       /* L-BFGS: pairs kept, default 10 */
} plt_optimizer_config;

void plt_optimizer_config_init(plt_optimizer_config *c);

typedef struct plt_optimizer_type {
    const char *name;
    plt_status (*alloc)(void **state, size_t n, const plt_optimizer_config *cfg);
    /* One iteration: on entry x, *f, g hold a point, its value and gradient; on exit
     * the next point with its value and gradient. */
    plt_status (*step)(void *state, plt_objective fn, void *ctx, double *x, double *f,
                       double *g);
    /* Writes the state as "s.NAME v..." lines. */
    plt_status (*save)(const void *state, FILE *out);
    /* Reads one "s.NAME" line's values; PLT_EPARSE for an unknown name or count. */
    plt_status (*load)(void *state, const char *name, const double *v, size_t nv);
    void (*free)(void *state);
} plt_optimizer_type;

/* Adam (Kingma & Ba 2015), with bias correction. */
extern const plt_optimizer_type plt_optimizer_adam;
/* Gradient descent x -= lr g, with optional heavy-ball momentum. */
extern const plt_optimizer_type plt_optimizer_sgd;
/* L-BFGS (Nocedal 1980): two-loop recursion, backtracking (Armijo) line search
 * starting from the step 1 (the first step from lr / |g|). */
extern const plt_optimizer_type plt_optimizer_lbfgs;
/* "adam", "sgd" or "lbfgs"; NULL when unknown. */
const plt_optimizer_type *plt_optimizer_lookup(const char *name);

typedef struct plt_optimizer plt_optimizer;

/* n >= 1 parameters; cfg NULL for the defaults (copied). PLT_EINVAL for a bad
 * config (lr <= 0 or not finite, betas outside [0, 1), memory < 1). */
PLT_NODISCARD plt_status plt_optimizer_new(const plt_optimizer_type *t, size_t n,
                                           const plt_optimizer_config *cfg,
                                           plt_optimizer **out);
PLT_NODISCARD plt_status plt_optimizer_step(plt_optimizer *o, plt_objective fn, void *ctx,
                                            double *x, double *f, double *g);
const char *plt_optimizer_name(const plt_optimizer *o);
const plt_optimizer_config *plt_optimizer_get_config(const plt_optimizer *o);
size_t plt_optimizer_size(const plt_optimizer *o);
void plt_optimizer_free(plt_optimizer *o);

/* ---------- checkpoints ---------- */

/* Writes the checkpoint (format above) to path through a temporary file renamed
 * into place, so an interrupted write never leaves a truncated checkpoint. */
PLT_NODISCARD plt_status plt_checkpoint_save(const char *path, const plt_optimizer *o,
                                             size_t step, const double *x, double f,
                                             const double *g);
/* Reads a checkpoint: a new optimiser of the saved type, config and state, the step,
 * and new arrays x and g of *n entries (free them with free()). PLT_EPARSE with
 * FILE:LINE:COL on malformed text, PLT_EIO when unreadable. */
PLT_NODISCARD plt_status plt_checkpoint_load(const char *path, plt_optimizer **o, size_t *step,
                                             double **x, double *f, double **g, size_t *n);

/* ---------- data sets and losses ---------- */

/* A labelled data set: one example a line, `LABEL STATE`, LABEL a number in [-1, 1]
 * (the classes are -1 and +1), STATE a state spec as --state takes it (basis:0110,
 * product:FILE, qasm:FILE, shadows:FILE, zero); '#' starts a comment line, blank
 * lines are skipped; a relative FILE is relative to the data set's folder. */
typedef struct plt_dataset plt_dataset;

PLT_NODISCARD plt_status plt_dataset_read_file(const char *path, int n, plt_dataset **out);
/* An empty data set on n qubits; add examples (the state is taken over). */
PLT_NODISCARD plt_status plt_dataset_new(int n, plt_dataset **out);
PLT_NODISCARD plt_status plt_dataset_add(plt_dataset *d, double label, plt_state *state);
size_t plt_dataset_size(const plt_dataset *d);
double plt_dataset_label(const plt_dataset *d, size_t i);
const plt_state *plt_dataset_state(const plt_dataset *d, size_t i);
void plt_dataset_free(plt_dataset *d);

typedef enum plt_loss_kind {
    PLT_LOSS_EXPECT, /* <O> in one state (no data) */
    PLT_LOSS_MSE,    /* mean over examples of (<O>_i - y_i)^2 */
    PLT_LOSS_XENT    /* mean cross-entropy of p_i = (1 + <O>_i) / 2 against (1 + y_i) / 2 */
} plt_loss_kind;

typedef struct plt_train_loss plt_train_loss;

/* A loss over an engine: one plan per example (plans are reused across steps).
 * data NULL: kind must be PLT_LOSS_EXPECT and `state` (NULL = |0...0>) is used.
 * engine: a registered name or "auto" (the cheapest exact engine that applies, by
 * plt_engine_estimate; else the cheapest that applies). All arguments are borrowed
 * and must outlive the loss. */
PLT_NODISCARD plt_status plt_train_loss_new(const plt_circuit *c, const plt_psum *obs,
                                            const plt_state *state, const plt_dataset *data,
                                            plt_loss_kind kind, const char *engine,
                                            const plt_opts *o, plt_train_loss **out);
/* The objective (plt_objective): loss and gradient (grad may be NULL). */
PLT_NODISCARD plt_status plt_train_loss_eval(void *loss, const double *x, double *f,
                                             double *grad);
/* Fraction of examples with sign(<O>_i) == sign(y_i) (0 without data). */
PLT_NODISCARD plt_status plt_train_loss_accuracy(plt_train_loss *l, const double *x,
                                                 double *accuracy);
const char *plt_train_loss_engine(const plt_train_loss *l);
void plt_train_loss_free(plt_train_loss *l);

/* ---------- the loop ---------- */

typedef struct plt_train_progress {
    size_t step;        /* steps done */
    double loss;        /* at the current x */
    double grad_norm;
    double seconds;     /* since the loop started */
    const double *x;
    size_t n;
} plt_train_progress;

typedef struct plt_train_opts {
    size_t steps;                  /* run until this many steps are done in total */
    const char *checkpoint;        /* NULL: none */
    size_t checkpoint_every;       /* 0: only at the end and on a stop */
    volatile sig_atomic_t *stop;   /* set by a signal handler: checkpoint and stop */
    /* Called after every step (and once before the first with the start point);
     * a non-zero return stops the loop like *stop. May be NULL. */
    int (*on_step)(void *ctx, const plt_train_progress *p);
    void *ctx;
} plt_train_opts;

/* Runs the optimiser from *step to o->steps. x, *f, g hold the start point and (when
 * have_fg) its value and gradient; on return the last point. PLT_EINTERRUPTED when
 * stopped (after writing the checkpoint, if any). */
PLT_NODISCARD plt_status plt_train_run(plt_optimizer *opt, plt_objective fn, void *ctx,
                                       double *x, double *f, double *g, int have_fg,
                                       size_t *step, const plt_train_opts *o);

#ifdef __cplusplus
}
#endif
#endif
