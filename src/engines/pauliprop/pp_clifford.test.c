/* labels: unit */
/* The local Clifford maps pauliprop derives from the gate table's images, checked for every
 * gate and every local string against U^dag P U computed from the table's dense unitary. */
#include <complex.h>

#include "engines/pauliprop/pp.h"
#include "support/dense.h"
#include "support/test.h"

typedef double complex cplx;

static void local_matrix(unsigned bits, int nq, double sign, cplx *m) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(nq, &p));
    for (int q = 0; q < nq; q++) {
        unsigned x = (bits >> (2 * q)) & 1u, z = (bits >> (2 * q + 1)) & 1u;
        plt_expect_ok(plt_pstring_set(p, q, x ? (z ? 'Y' : 'X') : (z ? 'Z' : 'I')));
    }
    plt_dense_pauli_matrix(p, m);
    int d = 1 << nq;
    for (int i = 0; i < d * d; i++) m[i] *= sign;
    plt_pstring_free(p);
}

static void test_every_gate(void **state) {
    (void)state;
    for (int g = 0; g < PLT_GATE_COUNT; g++) {
        const plt_gate_info *gi = plt_gate_info_get((plt_gate)g);
        uint8_t out[16];
        uint16_t neg;
        plt_expect_ok(pp_clifford_map((plt_gate)g, out, &neg));
        const int nq = gi->nqubits, d = 1 << nq;
        cplx u[16], p[16], want[16], tmp[16], got[16];
        for (int i = 0; i < d * d; i++) u[i] = gi->u[2 * i] + I * gi->u[2 * i + 1];
        for (unsigned s = 0; s < (1u << (2 * nq)); s++) {
            local_matrix(s, nq, 1.0, p);
            /* want = U^dag P U */
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) {
                    cplx acc = 0;
                    for (int k = 0; k < d; k++) acc += p[i * d + k] * u[k * d + j];
                    tmp[i * d + j] = acc;
                }
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) {
                    cplx acc = 0;
                    for (int k = 0; k < d; k++) acc += conj(u[k * d + i]) * tmp[k * d + j];
                    want[i * d + j] = acc;
                }
            local_matrix(out[s], nq, ((neg >> s) & 1u) ? -1.0 : 1.0, got);
            double err = 0;
            for (int i = 0; i < d * d; i++) err = fmax(err, cabs(got[i] - want[i]));
            if (err > 1e-12) print_error("gate %s, local string %u: error %g\n", gi->name, s, err);
            assert_true(err <= 1e-12);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_gate)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
