/* Pauli expectation values in a state: the overlap hook of the Heisenberg-picture
 * engines, including measured data (classical shadows, tables). */
#include "core/error.h"
#include "state/state_expect.h"
#include "state/state_table.h"
#include "state/state_vector.h"
#include "pauli/pstring.h"
#include "plateau/state.h"
#include "plateau/shadows.h"

plt_status state_expect_words(const plt_state *s, int n, const uint64_t *x, const uint64_t *z,
                              double *value) {
    plt_state_kind kind = s ? plt_state_kind_of(s) : PLT_STATE_ZERO;
    switch (kind) {
    case PLT_STATE_ZERO:
    case PLT_STATE_BASIS: {
        const char *bits = kind == PLT_STATE_BASIS ? plt_state_bits(s) : NULL;
        int odd = 0;
        for (int w = 0; w < plt_nwords(n); w++)
            if (x[w]) {
                *value = 0.0;
                return PLT_OK;
            }
        if (bits)
            for (int q = 0; q < n; q++) odd ^= bits[q] == '1' && ((z[q / 64] >> (q % 64)) & 1);
        *value = odd ? -1.0 : 1.0;
        return PLT_OK;
    }
    case PLT_STATE_PRODUCT: {
        const double *b = plt_state_bloch(s);
        double v = 1.0;
        for (int q = 0; q < n && v != 0.0; q++) {
            int xb = (int)(x[q / 64] >> (q % 64)) & 1, zb = (int)(z[q / 64] >> (q % 64)) & 1;
            if (xb || zb) v *= b[3 * (size_t)q + (xb ? (zb ? 1 : 0) : 2)];
        }
        *value = v;
        return PLT_OK;
    }
    case PLT_STATE_CIRCUIT:
        return plt_fail(PLT_EUNSUPPORTED,
                        "a preparation circuit's expectation values need the Pauli string "
                        "(plt_state_pauli_expect)");
    case PLT_STATE_TABLE:
        if (!state_table_value(s, x, z, value)) return state_table_missing(s, x, z);
        return PLT_OK;
    case PLT_STATE_VECTOR:
        *value = state_vector_expect(n, plt_state_amplitudes(s), x[0], z[0]);
        return PLT_OK;
    case PLT_STATE_SHADOWS: {
        const plt_shadows *d = plt_state_shadows(s);
        if (!d) return plt_fail(PLT_EINVAL, "the shadows state holds no data");
        *value = plt_shadows_value_words(d, x, z);
        return PLT_OK;
    }
    }
    return plt_fail(PLT_EINVAL, "unknown state kind %d", (int)kind);
}

plt_status plt_state_pauli_expect(const plt_state *s, const plt_pstring *p, double *value) {
    if (!p || !value) return plt_fail(PLT_EINVAL, "plt_state_pauli_expect: NULL argument");
    int n = p->n;
    if (s && plt_state_nqubits(s) != n)
        return plt_fail(PLT_EINVAL, "the Pauli string has %d qubits but the state has %d", n,
                        plt_state_nqubits(s));
    if (s && plt_state_kind_of(s) == PLT_STATE_CIRCUIT)
        return plt_clifford_expect(n, plt_state_circuit(s), NULL, p, value);
    return state_expect_words(s, n, p->x, p->z, value);
}
