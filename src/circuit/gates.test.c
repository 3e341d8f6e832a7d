/* labels: unit */
/* Walks every row of the Clifford gate table: unitarity, the Heisenberg images
 * against dense matrices, the inverse, and the lookup by name. */
#include <complex.h>

#include "plateau/circuit.h"
#include "support/dense.h"
#include "support/test.h"

typedef double complex cplx;

static void load(const plt_gate_info *g, cplx *u) {
    int d = 1 << g->nqubits;
    for (int i = 0; i < d * d; i++) u[i] = g->u[2 * i] + I * g->u[2 * i + 1];
}

static void mul(int d, const cplx *a, const cplx *b, cplx *o) {
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            cplx s = 0;
            for (int k = 0; k < d; k++) s += a[i * d + k] * b[k * d + j];
            o[i * d + j] = s;
        }
}

static void dagger(int d, const cplx *a, cplx *o) {
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) o[j * d + i] = conj(a[i * d + j]);
}

static double dist_identity(int d, const cplx *a) {
    double m = 0;
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) m = fmax(m, cabs(a[i * d + j] - (i == j ? 1.0 : 0.0)));
    return m;
}

/* Dense matrix of a signed local Pauli text such as "-YX" (letter k = local qubit k). */
static void pauli_text(const char *s, int nq, cplx *m) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_parse(s + 1, nq, NULL, &p));
    plt_dense_pauli_matrix(p, m);
    if (s[0] == '-')
        for (int i = 0; i < (1 << nq) * (1 << nq); i++) m[i] = -m[i];
    else
        assert_int_equal(s[0], '+');
    plt_pstring_free(p);
}

static void test_rows(void **state) {
    (void)state;
    for (int g = 0; g < PLT_GATE_COUNT; g++) {
        const plt_gate_info *gi = plt_gate_info_get((plt_gate)g);
        assert_non_null(gi);
        assert_int_equal(gi->id, g);
        assert_true(gi->nqubits == 1 || gi->nqubits == 2);
        int d = 1 << gi->nqubits;
        cplx u[16], ud[16], t[16], t2[16], p[16], want[16];
        load(gi, u);
        dagger(d, u, ud);
        mul(d, ud, u, t);
        if (dist_identity(d, t) > 1e-14) fail_msg("gate %s is not unitary", gi->name);
        static const char *const src[4] = {"+XI", "+ZI", "+IX", "+IZ"};
        for (int r = 0; r < 2 * gi->nqubits; r++) {
            char in[4];
            snprintf(in, sizeof in, "%.*s", 1 + gi->nqubits, src[r]);
            assert_non_null(gi->image[r]);
            assert_int_equal(strlen(gi->image[r]), 1 + gi->nqubits);
            pauli_text(in, gi->nqubits, p);
            pauli_text(gi->image[r], gi->nqubits, want);
            mul(d, ud, p, t);
            mul(d, t, u, t2);
            for (int i = 0; i < d * d; i++)
                if (cabs(t2[i] - want[i]) > 1e-14)
                    fail_msg("gate %s: U^dag %s U is not %s", gi->name, in, gi->image[r]);
        }
        if (gi->nqubits == 1) assert_null(gi->image[2]);
        assert_int_equal(plt_gate_by_name(gi->name), g);
    }
    assert_null(plt_gate_info_get(PLT_GATE_COUNT));
    assert_null(plt_gate_info_get((plt_gate)-1));
    assert_int_equal(plt_gate_by_name("nope"), PLT_GATE_COUNT);
    assert_int_equal(plt_gate_by_name(NULL), PLT_GATE_COUNT);
}

/* Each gate's inverse is a row of the table, or a power of the gate is the identity. */
static void test_inverses(void **state) {
    (void)state;
    for (int g = 0; g < PLT_GATE_COUNT; g++) {
        const plt_gate_info *gi = plt_gate_info_get((plt_gate)g);
        int d = 1 << gi->nqubits, found = 0;
        cplx u[16], v[16], t[16];
        load(gi, u);
        for (int h = 0; h < PLT_GATE_COUNT && !found; h++) {
            const plt_gate_info *hi = plt_gate_info_get((plt_gate)h);
            if (hi->nqubits != gi->nqubits) continue;
            load(hi, v);
            mul(d, v, u, t);
            cplx id[16] = {0};
            for (int i = 0; i < d; i++) id[i * d + i] = 1;
            found = plt_dense_equal_up_to_phase(t, id, d, 1e-12);
        }
        cplx pw[16];
        memcpy(pw, u, sizeof pw);
        for (int k = 2; k <= 8 && !found; k++) {
            mul(d, pw, u, t);
            memcpy(pw, t, sizeof pw);
            cplx id[16] = {0};
            for (int i = 0; i < d; i++) id[i * d + i] = 1;
            found = plt_dense_equal_up_to_phase(pw, id, d, 1e-12);
        }
        if (!found) fail_msg("gate %s has no inverse in the table and no small power is I",
                             gi->name);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_inverses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
