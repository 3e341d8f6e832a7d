/* plateau — models and the engine contract (states: plateau/state.h).
 *
 * An engine evaluates a model's loss <psi| U(params)^dag O U(params) |psi> and,
 * on request, its gradient. Plan once (parameter-independent work, memory
 * check), then evaluate many times. A plan owns its scratch space: use one plan
 * per thread.
 */
#ifndef PLATEAU_ENGINE_H
#define PLATEAU_ENGINE_H

#include <stddef.h>

#include "plateau/circuit.h"
#include "plateau/pauli.h"
#include "plateau/settings.h"
#include "plateau/state.h"
#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------- models, options, costs ---------- */

/* A model borrows its parts; they must outlive every plan made from it.
 * state may be NULL for |0...0>. obs must be Hermitian: every coefficient real
 * (imaginary part exactly 0; see plt_psum_check_hermitian). */
typedef struct plt_model {
    const plt_circuit *circuit;
    const plt_psum *obs;
    const plt_state *state;
} plt_model;

typedef enum plt_grad_method { PLT_GRAD_AUTO, PLT_GRAD_ADJOINT, PLT_GRAD_SHIFT } plt_grad_method;

/* Progress of a long operation, reported through plt_progress_fn: `what` names the step
 * ("pauliprop", "lie closure", ...), `done` of `total` units of work (total 0: unknown). */
typedef struct plt_progress {
    const char *what;
    double done, total;
} plt_progress;

/* Called by long operations every so often (never per term or amplitude). Return 0 to go on,
 * nonzero to stop: the operation then returns PLT_EINTERRUPTED with what it had done named in
 * the message. The library never prints; the CLI renders progress on a terminal. */
typedef int (*plt_progress_fn)(void *ctx, const plt_progress *p);

/* Options every engine understands. Set defaults with plt_opts_init. What only one engine
 * knows (pauliprop's truncations, gsim's dimension cap, ...) is not here: it is declared in
 * that engine's settings table and reaches it through `settings` (plateau/settings.h). */
typedef struct plt_opts {
    double max_memory;       /* bytes a plan may use; 0 = the machine's available memory */
    int threads;             /* 0 = OpenMP default */
    plt_grad_method grad_method;
    double noise;            /* depolarising probability on each qubit an op touches, after
                              * the op; 0 = off */
    double dephasing;        /* dephasing probability p on each qubit an op touches, after the
                              * op: rho -> (1-p) rho + p Z rho Z (X, Y damped by 1-2p); 0 = off.
                              * With noise, both channels act. Engines that cannot model noise
                              * refuse a plan with noise or dephasing > 0 (PLT_EUNSUPPORTED). */
    const plt_settings *settings; /* engine settings, e.g. "max-weight" (borrowed; NULL: every
                                   * engine's defaults); see plateau/settings.h */
    plt_progress_fn progress_fn; /* may be NULL; see plt_progress_fn */
    void *progress_ctx;
    int losses_only;         /* 1: the caller asks for losses, never gradients (a verdict): an
                              * estimate may price a loss alone, and an engine's ladder may hold
                              * a step to its allowance by a deterministic work limit instead of
                              * a worst-case size cap */
    double max_work_seconds; /* > 0: hold one evaluation to this many predicted seconds of
                              * counted work (plt_stats.work_seconds; the same on every
                              * machine); an engine that counts stops past it with
                              * PLT_ETOOBIG, one that does not ignores it. For runs whose
                              * estimate extrapolates far (a caller that would rather try).
                              * An engine setting of its own (pauliprop's max-work) wins. */
} plt_opts;

void plt_opts_init(plt_opts *o);

typedef enum plt_exactness { PLT_EXACT, PLT_BOUNDED, PLT_ESTIMATED } plt_exactness;

typedef struct plt_cost {
    double bytes;            /* peak memory of plan + evaluation */
    double seconds;          /* time estimate of one loss evaluation (with gradient, unless
                              * opts.losses_only) */
    plt_exactness exactness;
    double error;            /* bound or estimate of |loss error|; 0 when exact */
} plt_cost;

/* Statistics of the last evaluation (engines fill what applies, zero otherwise). */
typedef struct plt_stats {
    double truncated_weight; /* sum of squared dropped coefficients */
    double error_bound;      /* a rigorous bound on |loss error| of the last evaluation (0 when
                              * exact; pauliprop: dropped_l1) */
    double dropped_l1;       /* sum of |coefficient| of every dropped term: a rigorous bound on
                              * |loss error| (a dropped term moves the loss by at most its
                              * |coefficient|, since later steps are unital contractions) */
    size_t dropped_terms;
    size_t max_terms;        /* largest number of terms / amplitudes held */
    double work_seconds;     /* the predicted seconds of the work the evaluation did, from
                              * deterministic counts (pauliprop: terms held at each op) at the
                              * calibrated rate; 0 when the engine does not count. A verdict
                              * charges this, not a stopwatch, once a run is done. */
} plt_stats;

/* ---------- engines ---------- */

typedef struct plt_engine plt_engine;

/* Number of registered engines and their names ("statevector", ...). */
size_t plt_engine_count(void);
const char *plt_engine_name(size_t i);

/* Cheap: whether engine `name` applies to the model and what it would cost.
 * PLT_EUNSUPPORTED with the reason in plt_error_last() when it does not apply;
 * PLT_EINVAL for an unknown engine name or an invalid model (as plt_engine_plan,
 * e.g. a non-Hermitian observable); PLT_ETOOBIG when it would not fit. */
PLT_NODISCARD plt_status plt_engine_estimate(const char *name, const plt_model *m,
                                             const plt_opts *o, plt_cost *cost);
/* Plans engine `name` for the model ("auto": the cheapest engine whose estimate
 * accepts the model and whose plan succeeds, exact engines first, then by predicted
 * time; plt_engine_plan_name tells which one ran) (validates the model: observable and
 * state on the circuit's qubits, and the observable Hermitian, else PLT_EINVAL naming
 * the first term with a non-real coefficient, for every engine and "auto"; refuses
 * before allocating what would exceed o->max_memory). Free with plt_engine_free. */
PLT_NODISCARD plt_status plt_engine_plan(const char *name, const plt_model *m, const plt_opts *o,
                                         plt_engine **out);
/* Loss for params[0..nparams) (all finite, else PLT_EINVAL); when grad != NULL
 * also the gradient d loss / d params[k] into grad[0..nparams). */
PLT_NODISCARD plt_status plt_engine_loss(plt_engine *e, const double *params, double *loss,
                                         double *grad);
/* 1 when the plan's results are exact (no truncation). */
int plt_engine_exact(const plt_engine *e);
const char *plt_engine_plan_name(const plt_engine *e);
void plt_engine_stats(const plt_engine *e, plt_stats *out);
void plt_engine_free(plt_engine *e);

/* The amplitudes of U(params)|s> for circuit c (2^n interleaved re, im into amps;
 * qubit k is bit k of the index), computed by the statevector engine (its limits
 * apply; s may be NULL for |0...0>, not SHADOWS). params may be NULL when c has none. */
PLT_NODISCARD plt_status plt_statevector_amplitudes(const plt_circuit *c, const plt_state *s,
                                                    const double *params, double *amps);

#ifdef __cplusplus
}
#endif
#endif
