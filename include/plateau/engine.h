/* plateau — states, models and the engine contract.
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
#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------- states ---------- */

typedef enum plt_state_kind {
    PLT_STATE_ZERO,     /* |0...0> */
    PLT_STATE_BASIS,    /* a computational-basis state */
    PLT_STATE_PRODUCT,  /* a product of single-qubit (possibly mixed) states, Bloch vectors */
    PLT_STATE_CIRCUIT,  /* a preparation circuit applied to |0...0> */
    PLT_STATE_SHADOWS,  /* measured data (classical shadows), see the shadows module */
    PLT_STATE_VECTOR,   /* any pure state: 2^n amplitudes (small n) */
    PLT_STATE_TABLE     /* measured Pauli expectation values, one per string */
} plt_state_kind;

typedef struct plt_state plt_state;

/* Parses a state spec for n qubits:
 *   "zero"            |0...0>
 *   "basis:0110"      character k is qubit k; exactly n characters of 0/1
 *   "product:FILE"    n lines "bx by bz" (Bloch vector, |b| <= 1), qubit 0 first
 *   "qasm:FILE.qasm"  a preparation circuit without parameters
 *   "shadows:FILE"    classical-shadow data (kind recorded; read by the engines that take it)
 *   "vector:FILE"     2^n amplitudes, line k (or element k) is basis state k, where qubit q is
 *                     bit q of k: text with one amplitude "re im" (or "re") a line, '#'
 *                     comments, or a NumPy .npy file of complex128 or float64 (a 1-D array,
 *                     C order, as numpy.save writes). The norm must be 1 within 1e-6; the
 *                     amplitudes are then normalised exactly. At most PLT_STATE_VECTOR_MAX_QUBITS.
 *   "expect:FILE"     measured expectation values, one "STRING VALUE" a line ("Z0*Z3 0.42" or
 *                     "ZIIZ 0.42"; '#' comments; |value| <= 1.1, each string once): the
 *                     Heisenberg-picture engines (pauliprop, gsim) read the values of the
 *                     strings they end with and fail, naming it, on a string the table lacks.
 * `origin` names the option for messages (e.g. "--state"). Free with plt_state_free. */
PLT_NODISCARD plt_status plt_state_parse(const char *spec, int n, const char *origin,
                                         plt_state **out);
PLT_NODISCARD plt_status plt_state_new_zero(int n, plt_state **out);
/* A basis state from n chars '0'/'1' (character k is qubit k), copied. */
PLT_NODISCARD plt_status plt_state_new_basis(int n, const char *bits, plt_state **out);
/* A product state from 3n doubles (Bloch vector of qubit k at [3k..3k+2], |b| <= 1), copied. */
PLT_NODISCARD plt_status plt_state_new_product(int n, const double *bloch, plt_state **out);
/* A state vector from 2^n interleaved (re, im) amplitudes (norm 1 within 1e-6; normalised
 * exactly), copied. n <= PLT_STATE_VECTOR_MAX_QUBITS. */
PLT_NODISCARD plt_status plt_state_new_vector(int n, const double *amps, plt_state **out);
#define PLT_STATE_VECTOR_MAX_QUBITS 30
void plt_state_free(plt_state *s);
plt_state_kind plt_state_kind_of(const plt_state *s);
int plt_state_nqubits(const plt_state *s);
/* BASIS: bit k of qubit k, as n chars '0'/'1' (borrowed); NULL for other kinds. */
const char *plt_state_bits(const plt_state *s);
/* PRODUCT: 3n doubles, Bloch vector of qubit k at [3k..3k+2] (borrowed); NULL otherwise. */
const double *plt_state_bloch(const plt_state *s);
/* CIRCUIT: the preparation circuit (borrowed); NULL otherwise. */
const plt_circuit *plt_state_circuit(const plt_state *s);
/* VECTOR: the 2^n interleaved amplitudes (borrowed); NULL otherwise. */
const double *plt_state_amplitudes(const plt_state *s);
/* TABLE: the number of measured strings; 0 for other kinds. */
size_t plt_state_table_size(const plt_state *s);
/* SHADOWS, TABLE: the data file path (borrowed); NULL otherwise. */
const char *plt_state_path(const plt_state *s);
/* <s|p|s>, the expectation value of a Pauli string in the state: exact for zero, basis
 * and product states and for stabilizer (Clifford) preparation circuits; for SHADOWS the
 * median-of-means estimate from the loaded data (plateau/shadows.h); exact in O(2^n) for
 * VECTOR; the measured value for TABLE (PLT_EUNSUPPORTED, naming p, when it has none).
 * PLT_EUNSUPPORTED for
 * a non-Clifford preparation circuit (use the statevector engine); PLT_EINVAL when p is
 * on another number of qubits. The hook the Heisenberg-picture engines use for their
 * final overlap. Cost O(n) (product), O(shots n / 64) (shadows), O(n^2 gates) (Clifford). */
PLT_NODISCARD plt_status plt_state_pauli_expect(const plt_state *s, const plt_pstring *p,
                                                double *value);
/* The amplitudes of U(params)|s> for circuit c (2^n interleaved re, im into amps;
 * qubit k is bit k of the index), computed by the statevector engine (its limits
 * apply; s may be NULL for |0...0>, not SHADOWS). params may be NULL when c has none. */
PLT_NODISCARD plt_status plt_statevector_amplitudes(const plt_circuit *c, const plt_state *s,
                                                    const double *params, double *amps);

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

/* Options every engine reads the fields it knows of. Set defaults with plt_opts_init. */
typedef struct plt_opts {
    double max_memory;       /* bytes a plan may use; 0 = the machine's available memory */
    int threads;             /* 0 = OpenMP default */
    plt_grad_method grad_method;
    /* pauliprop truncations (0 / negative = off) */
    int max_weight;
    double min_abs;
    size_t max_terms;
    int max_freq;
    double small_angle;
    double noise;            /* depolarising probability on each qubit an op touches, after
                              * the op; 0 = off */
    double dephasing;        /* dephasing probability p on each qubit an op touches, after the
                              * op: rho -> (1-p) rho + p Z rho Z (X, Y damped by 1-2p); 0 = off.
                              * With noise, both channels act. Engines that cannot model noise
                              * refuse a plan with noise or dephasing > 0 (PLT_EUNSUPPORTED). */
    /* gsim */
    size_t max_dim;
    plt_progress_fn progress_fn; /* may be NULL; see plt_progress_fn */
    void *progress_ctx;
} plt_opts;

void plt_opts_init(plt_opts *o);

typedef enum plt_exactness { PLT_EXACT, PLT_BOUNDED, PLT_ESTIMATED } plt_exactness;

typedef struct plt_cost {
    double bytes;            /* peak memory of plan + evaluation */
    double seconds;          /* time estimate of one loss evaluation (with gradient) */
    plt_exactness exactness;
    double error;            /* bound or estimate of |loss error|; 0 when exact */
} plt_cost;

/* Statistics of the last evaluation (engines fill what applies, zero otherwise). */
typedef struct plt_stats {
    double truncated_weight; /* sum of squared dropped coefficients */
    double dropped_l1;       /* sum of |coefficient| of every dropped term: a rigorous bound on
                              * |loss error| (a dropped term moves the loss by at most its
                              * |coefficient|, since later steps are unital contractions) */
    size_t dropped_terms;
    size_t max_terms;        /* largest number of terms / amplitudes held */
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

#ifdef __cplusplus
}
#endif
#endif
