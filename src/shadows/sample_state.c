/* Shadows from a state: the cheapest exact sampler for its kind. It needs the states and the
 * statevector engine, so CMake links it as its own unit after the engines (plt_shadows_state),
 * while the rest of this folder sits below the states, which read shadow data. */
#include <stdlib.h>

#include "core/error.h"
#include "plateau/engine.h"
#include "plateau/shadows.h"

#define SAMPLE_SV_MAX 24

plt_status plt_shadows_sample_state(const plt_state *st, size_t shots, uint64_t seed,
                                    const char **method, plt_shadows **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_shadows_sample_state: out is NULL");
    *out = NULL;
    if (!st) return plt_fail(PLT_EINVAL, "plt_shadows_sample_state: no state");
    int n = plt_state_nqubits(st);
    const char *m = "tableau";
    plt_status s;
    switch (plt_state_kind_of(st)) {
    case PLT_STATE_ZERO:
        s = plt_shadows_sample_clifford(n, NULL, NULL, shots, seed, out);
        break;
    case PLT_STATE_BASIS:
        s = plt_shadows_sample_clifford(n, NULL, plt_state_bits(st), shots, seed, out);
        break;
    case PLT_STATE_PRODUCT:
        m = "product";
        s = plt_shadows_sample_product(n, plt_state_bloch(st), shots, seed, out);
        break;
    case PLT_STATE_CIRCUIT: {
        const plt_circuit *c = plt_state_circuit(st);
        if (plt_circuit_is_clifford(c)) {
            s = plt_shadows_sample_clifford(n, c, NULL, shots, seed, out);
            break;
        }
        m = "statevector";
        if (n > SAMPLE_SV_MAX)
            return plt_fail(PLT_ETOOBIG,
                            "the preparation circuit is not Clifford and has %d qubits: sampling "
                            "needs its state vector, which plateau does for at most %d qubits "
                            "(use a Clifford preparation for the stabilizer sampler at any n)",
                            n, SAMPLE_SV_MAX);
        plt_circuit *empty = NULL;
        double *amps = malloc(2 * ((size_t)1 << n) * sizeof *amps);
        if (!amps) return plt_fail_nomem("the state vector");
        s = plt_circuit_new(n, &empty);
        if (!s) s = plt_statevector_amplitudes(empty, st, NULL, amps);
        if (!s) s = plt_shadows_sample_amplitudes(n, amps, shots, seed, out);
        plt_circuit_free(empty);
        free(amps);
        break;
    }
    case PLT_STATE_VECTOR:
        m = "statevector";
        s = plt_shadows_sample_amplitudes(n, plt_state_amplitudes(st), shots, seed, out);
        break;
    case PLT_STATE_TABLE:
        return plt_fail(PLT_EINVAL,
                        "the state is a table of measured values (%s), which cannot be sampled; "
                        "sample from a state instead", plt_state_path(st));
    case PLT_STATE_SHADOWS:
        return plt_fail(PLT_EINVAL,
                        "the state is already shadow data (%s); sample from a state instead",
                        plt_state_path(st));
    default:
        return plt_fail(PLT_EINVAL, "unknown state kind");
    }
    if (!s && method) *method = m;
    return s;
}
