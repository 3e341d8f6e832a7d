/* labels: unit */
/* Clifford absorption keeps every expectation value exactly (dense oracle), leaves
 * only non-Clifford rotations, and scales to hundreds of qubits. */
#include <complex.h>

#include "plateau/circuit.h"
#include "support/dense.h"
#include "support/test.h"

#define PI 3.14159265358979323846

static plt_pstring *random_string(int n, int maxw, plt_test_rng *r) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(n, &p));
    int w = 1 + plt_test_rng_int(r, maxw);
    for (int i = 0; i < w; i++)
        plt_expect_ok(plt_pstring_set(p, plt_test_rng_int(r, n), "XYZ"[plt_test_rng_int(r, 3)]));
    return p;
}

static void random_qubits(int n, int k, int *q, plt_test_rng *r) {
    q[0] = plt_test_rng_int(r, n);
    if (k == 2) {
        do q[1] = plt_test_rng_int(r, n);
        while (q[1] == q[0]);
    }
}

static plt_circuit *random_circuit(int n, int nops, int nparams, plt_test_rng *r) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    for (int k = 0; k < nparams; k++) {
        char nm[16];
        snprintf(nm, sizeof nm, "t%d", k);
        plt_expect_ok(plt_circuit_add_param(c, nm, 0.0, NULL));
    }
    for (int i = 0; i < nops; i++) {
        int kind = plt_test_rng_int(r, 4);
        if (kind == 0 || (kind == 1 && n < 2)) {
            plt_gate g;
            do g = (plt_gate)plt_test_rng_int(r, PLT_GATE_COUNT);
            while (plt_gate_info_get(g)->nqubits > n);
            int q[2];
            random_qubits(n, plt_gate_info_get(g)->nqubits, q, r);
            plt_expect_ok(plt_circuit_add_clifford(c, g, q));
        } else {
            plt_pstring *p = random_string(n, 3, r);
            if (kind == 1) /* a Clifford angle, possibly large or negative */
                plt_expect_ok(plt_circuit_add_rotation(c, p, -1, 0,
                                                       (plt_test_rng_int(r, 17) - 8) * PI / 2));
            else if (kind == 2)
                plt_expect_ok(plt_circuit_add_rotation(c, p, -1, 0,
                                                       4 * plt_test_rng_uniform(r) - 2));
            else
                plt_expect_ok(plt_circuit_add_rotation(c, p, plt_test_rng_int(r, nparams),
                                                       2 * plt_test_rng_uniform(r) - 1,
                                                       plt_test_rng_uniform(r)));
            plt_pstring_free(p);
        }
    }
    return c;
}

static plt_psum *random_obs(int n, plt_test_rng *r) {
    plt_psum *o = NULL;
    plt_expect_ok(plt_psum_new(n, &o));
    for (int t = 0; t < 5; t++) {
        plt_pstring *p = random_string(n, n, r);
        plt_expect_ok(plt_psum_add(o, p, 2 * plt_test_rng_uniform(r) - 1, 0));
        plt_pstring_free(p);
    }
    return o;
}

static void test_random_circuits(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 1);
    for (int trial = 0; trial < 60; trial++) {
        int n = 1 + trial % 6;
        plt_circuit *c = random_circuit(n, 30, 3, &r), *d = NULL;
        plt_psum *o = random_obs(n, &r), *o2 = NULL;
        plt_expect_ok(plt_circuit_absorb_cliffords(c, o, &d, &o2));
        assert_int_equal(plt_circuit_nparams(d), 3);
        for (size_t i = 0; i < plt_circuit_nops(d); i++) {
            const plt_op *op = plt_circuit_op(d, i);
            assert_int_equal(op->kind, PLT_OP_ROTATION);
            if (op->param < 0) {
                double m = op->b / (PI / 2);
                assert_true(fabs(m - nearbyint(m)) > 1e-9);
            }
        }
        double pv[3];
        for (int k = 0; k < 3; k++) pv[k] = 4 * plt_test_rng_uniform(&r) - 2;
        size_t dim = (size_t)1 << n;
        double complex *psi = malloc(dim * sizeof *psi);
        char bits[8];
        for (int k = 0; k < n; k++) bits[k] = plt_test_rng_int(&r, 2) ? '1' : '0';
        plt_dense_state(c, pv, bits, psi);
        double before = plt_dense_expect(n, psi, o);
        plt_dense_state(d, pv, bits, psi);
        double after = plt_dense_expect(n, psi, o2);
        plt_expect_close(after, before, 0, 1e-12);
        free(psi);
        plt_circuit_free(c);
        plt_circuit_free(d);
        plt_psum_free(o);
        plt_psum_free(o2);
    }
}

/* Qiskit's rzz body cx; rz; cx becomes one ZZ rotation with the same angle. */
static void test_rzz_body(void **state) {
    (void)state;
    plt_circuit *c = NULL, *d = NULL;
    plt_psum *o2 = NULL;
    plt_pstring *z = NULL, *zz = NULL;
    plt_expect_ok(plt_circuit_new(3, &c));
    plt_expect_ok(plt_circuit_add_param(c, "theta", 0.3, NULL));
    int q[2] = {0, 2};
    plt_expect_ok(plt_pstring_parse("IIZ", 3, NULL, &z));
    plt_expect_ok(plt_pstring_parse("ZIZ", 3, NULL, &zz));
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, q));
    plt_expect_ok(plt_circuit_add_rotation(c, z, 0, 1.5, 0.25));
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, q));
    plt_expect_ok(plt_circuit_absorb_cliffords(c, NULL, &d, &o2));
    assert_null(o2);
    assert_int_equal(plt_circuit_nops(d), 1);
    const plt_op *op = plt_circuit_op(d, 0);
    assert_true(plt_pstring_equal(op->gen, zz));
    assert_int_equal(op->param, 0);
    plt_expect_close(op->a, 1.5, 0, 0);
    plt_expect_close(op->b, 0.25, 0, 0);
    plt_pstring_free(z);
    plt_pstring_free(zz);
    plt_circuit_free(c);
    plt_circuit_free(d);
}

static plt_gate inverse_of(plt_gate g) {
    switch (g) {
    case PLT_GATE_S: return PLT_GATE_SDG;
    case PLT_GATE_SDG: return PLT_GATE_S;
    case PLT_GATE_SX: return PLT_GATE_SXDG;
    case PLT_GATE_SXDG: return PLT_GATE_SX;
    default: return g;
    }
}

/* 200 qubits: a random Clifford circuit, rotations, then the Clifford's inverse. The
 * observable must come back unchanged, and the rotations conjugated by C. */
static void test_large(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 2);
    int n = 200, ng = 4000;
    plt_circuit *c = NULL, *d = NULL;
    plt_psum *o = random_obs(n, &r), *o2 = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    int(*qs)[2] = malloc(sizeof *qs * ng);
    plt_gate *gs = malloc(sizeof *gs * ng);
    for (int i = 0; i < ng; i++) {
        do gs[i] = (plt_gate)plt_test_rng_int(&r, PLT_GATE_COUNT);
        while (gs[i] == PLT_GATE_ISWAP);
        random_qubits(n, plt_gate_info_get(gs[i])->nqubits, qs[i], &r);
        plt_expect_ok(plt_circuit_add_clifford(c, gs[i], qs[i]));
    }
    for (int i = ng - 1; i >= 0; i--)
        plt_expect_ok(plt_circuit_add_clifford(c, inverse_of(gs[i]), qs[i]));
    plt_pstring *p = random_string(n, 5, &r);
    plt_expect_ok(plt_circuit_add_rotation(c, p, -1, 0, 0.3));
    plt_expect_ok(plt_circuit_absorb_cliffords(c, o, &d, &o2));
    assert_int_equal(plt_circuit_nops(d), 1);
    assert_true(plt_pstring_equal(plt_circuit_op(d, 0)->gen, p));
    plt_expect_close(plt_circuit_op(d, 0)->b, 0.3, 0, 0);
    assert_int_equal(plt_psum_nterms(o2), plt_psum_nterms(o));
    plt_psum *diff = NULL;
    plt_expect_ok(plt_psum_clone(o, &diff));
    plt_expect_ok(plt_psum_add_sum(diff, o2, -1, 0));
    plt_psum_drop_small(diff, 1e-15);
    assert_int_equal(plt_psum_nterms(diff), 0);
    plt_psum_free(diff);
    plt_pstring_free(p);
    free(qs);
    free(gs);
    plt_circuit_free(c);
    plt_circuit_free(d);
    plt_psum_free(o);
    plt_psum_free(o2);
}

static void test_refusals(void **state) {
    (void)state;
    plt_circuit *c = NULL, *d = NULL;
    plt_psum *o = NULL, *o2 = NULL;
    plt_expect_ok(plt_circuit_new(2, &c));
    plt_expect_ok(plt_psum_new(3, &o));
    plt_expect_error(plt_circuit_absorb_cliffords(c, o, &d, &o2), PLT_EINVAL, "3 qubits");
    assert_null(d);
    double u[8] = {1, 0, 0, 0, 0, 0, 1, 0};
    int q = 1;
    plt_expect_ok(plt_circuit_add_unitary(c, 1, &q, u));
    plt_expect_error(plt_circuit_absorb_cliffords(c, NULL, &d, &o2), PLT_EUNSUPPORTED,
                     "general unitary");
    assert_null(d);
    assert_null(o2);
    plt_psum_free(o);
    plt_circuit_free(c);
}

/* Constant rotations become parameters initialised at their angles: same unitary. */
static void test_params_from_angles(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 3);
    plt_circuit *c = random_circuit(3, 20, 2, &r), *d = NULL;
    plt_expect_ok(plt_circuit_add_param(c, "a0", 0.0, NULL)); /* name clash on purpose */
    plt_expect_ok(plt_circuit_params_from_angles(c, &d));
    int nconst = 0;
    for (size_t i = 0; i < plt_circuit_nops(c); i++)
        if (plt_circuit_op(c, i)->kind == PLT_OP_ROTATION && plt_circuit_op(c, i)->param < 0)
            nconst++;
    assert_int_equal(plt_circuit_nparams(d), 3 + nconst);
    assert_int_equal(plt_circuit_nops(d), plt_circuit_nops(c));
    double pv[64] = {0.4, -0.7, 0.0};
    for (int k = 3; k < plt_circuit_nparams(d); k++) {
        assert_string_not_equal(plt_circuit_param_name(d, k), "a0");
        pv[k] = plt_circuit_param_init(d, k);
    }
    for (size_t i = 0; i < plt_circuit_nops(d); i++)
        if (plt_circuit_op(d, i)->kind == PLT_OP_ROTATION)
            assert_true(plt_circuit_op(d, i)->param >= 0);
    double complex a[64], b[64];
    plt_dense_circuit_matrix(c, pv, a);
    plt_dense_circuit_matrix(d, pv, b);
    for (int i = 0; i < 64; i++) plt_expect_close(cabs(a[i] - b[i]), 0, 0, 1e-13);
    plt_circuit_free(c);
    plt_circuit_free(d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_circuits), cmocka_unit_test(test_rzz_body),
        cmocka_unit_test(test_large),           cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_params_from_angles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
