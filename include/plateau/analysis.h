/* plateau — analysis of a model's dynamical Lie algebra (DLA): dimension, centre and simple
 * ideals, g-purities and the Lie-algebraic prediction of the loss variance of deep circuits.
 *
 * Conventions
 * - The DLA basis {B_i} of plateau/lie.h is orthonormal under Tr(A B) / 2^n. Coordinates:
 *   e_i = Tr[B_i rho] for a state, o_i = Tr[B_i O] / 2^n for an observable, so that
 *   Tr[O rho] = o_I + sum_i o_i e_i when O lies in the algebra (o_I: identity coefficient).
 * - g-purity, as in Ragone et al., Nat. Commun. 15, 7172 (2024): P_g(X) = sum_i Tr[C_i X]^2
 *   over a basis {C_i} orthonormal under the unnormalised product Tr(C_i C_j) = delta_ij,
 *   i.e. C_i = B_i / 2^(n/2). So P_g(rho) = sum_i e_i^2 / 2^n (<= 1 - 1/2^n for a pure state
 *   and g = su(2^n)) and P_g(O) = 2^n sum_i o_i^2 (= 2^n for a Pauli string in g).
 * - Variance of the loss Tr[U rho U^dag O] over Haar-random U in the DLA's group (the limit
 *   of deep random circuits), for O in the algebra (Ragone et al. 2024; Fontana et al.,
 *   Nat. Commun. 15, 7171 (2024)): with g = centre (+) g_1 (+) ... (+) g_K,
 *     Var = sum_k P_{g_k}(rho) P_{g_k}(O) / dim(g_k)  =  sum_k (sum_{i in k} e_i^2)
 *                                                         (sum_{i in k} o_i^2) / dim(g_k),
 *   where the sums run over orthonormal vectors of ideal k; the centre adds no variance
 *   (its component of the loss is conserved).
 */
#ifndef PLATEAU_ANALYSIS_H
#define PLATEAU_ANALYSIS_H

#include <stddef.h>

#include "plateau/circuit.h"
#include "plateau/engine.h"
#include "plateau/lie.h"
#include "plateau/pauli.h"
#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The DLA of a circuit: Cliffords are absorbed first (plt_circuit_absorb_cliffords), then the
 * generators are each parameter's generator (plt_circuit_param_generator: the sum over the
 * gates sharing it, so shared parameters give Pauli sums) and the strings of constant
 * non-Clifford rotations. obs (may be NULL) is conjugated by the absorbed Cliffords into
 * *obs_out (NULL when obs is NULL; may itself be NULL to discard). max_dim as in
 * plt_lie_closure. Returns PLT_EINVAL, PLT_EUNSUPPORTED (a UNITARY op, no rotation),
 * PLT_ENOMEM, PLT_ETOOBIG. Caller frees *out (plt_dla_free) and *obs_out (plt_psum_free).
 * Cost: the absorption (O(ops n^2 / 64)) plus the closure. */
PLT_NODISCARD plt_status plt_dla_of_circuit(const plt_circuit *c, const plt_psum *obs,
                                            size_t max_dim, plt_dla **out, plt_psum **obs_out);
/* The generators plt_dla_of_circuit closes, without the closure: *gens gets *ngens Pauli
 * sums (so that a caller can classify them first, plt_lie_classify) and *obs_out as there.
 * Caller frees each generator, the array (free) and *obs_out. Same errors, without the
 * closure's. */
PLT_NODISCARD plt_status plt_circuit_dla_generators(const plt_circuit *c, const plt_psum *obs,
                                                    plt_psum ***gens, size_t *ngens,
                                                    plt_psum **obs_out);

/* e_i = Tr[B_i rho] for i < dim into e (caller's, dim entries), for the states |0...0>
 * (state NULL or zero), basis and product states. PLT_EUNSUPPORTED for preparation circuits
 * and measured data; PLT_EINVAL on a qubit-count mismatch. Cost O(terms * n). */
PLT_NODISCARD plt_status plt_dla_state_coords(const plt_dla *g, const plt_state *state,
                                              double *e);

/* Everything `plateau dla` prints. Filled by plt_dla_analyse; release with
 * plt_dla_report_clear. Fields that do not apply are 0 (flags say which apply). */
typedef struct plt_dla_report {
    int nqubits;
    size_t dim;             /* the dimension, or a lower bound when !complete */
    int complete;           /* 0: the closure stopped at max_dim */
    double su_dim;          /* 4^n - 1 */
    int is_full;            /* 1: g = su(2^n) */
    int is_pauli;           /* 1: the basis is made of Pauli strings */
    int decomposed;         /* 1: centre and ideals below were computed */
    size_t centre_dim;
    size_t nideals;
    size_t *ideal_dims;     /* nideals entries, owned by the report */
    int verified;           /* 1: every ideal was checked simple numerically */
    int has_state, has_obs;
    double purity_state;    /* P_g(rho) */
    double purity_obs;      /* P_g(O) */
    double obs_outside;     /* squared norm (Tr(.^2)/2^n) of O outside g + identity */
    int has_prediction;
    double predicted_variance;
    char note[256];         /* why a prediction or decomposition is missing, else "" */
} plt_dla_report;

/* Analyses g, with the state and observable when given (either may be NULL; the observable
 * must be on g's qubits and already conjugated like the circuit, see plt_dla_of_circuit).
 * A failed decomposition or an observable outside g is not an error: the report says so in
 * `note`. Returns PLT_EINVAL (NULL g or report, qubit mismatch), PLT_EUNSUPPORTED (the state
 * kind, see plt_dla_state_coords), PLT_ENOMEM. Cost: the decomposition (plt_dla_decompose)
 * plus O(dim) per projection. */
PLT_NODISCARD plt_status plt_dla_analyse(const plt_dla *g, const plt_state *state,
                                         const plt_psum *obs, plt_dla_report *out);
void plt_dla_report_clear(plt_dla_report *r);

/* Predicted variance from coordinates (e, o as above) and a decomposition: the formula of
 * the header comment. Pure arithmetic, O(entries of d). */
double plt_dla_predict_variance(const plt_lie_decomp *d, const double *e, const double *o);

#ifdef __cplusplus
}
#endif
#endif
