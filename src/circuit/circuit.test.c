/* labels: unit */
/* The circuit IR: boundary validation with its messages, ownership of generators,
 * clone and append, parameter generators and the ASAP depth. */
#include <complex.h>

#include "plateau/circuit.h"
#include "support/dense.h"
#include "support/test.h"

static plt_pstring *ps(const char *t, int n) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_parse(t, n, NULL, &p));
    return p;
}

static void test_validation(void **state) {
    (void)state;
    plt_circuit *c = NULL;
    plt_expect_error(plt_circuit_new(0, &c), PLT_EINVAL, "got 0");
    assert_null(c);
    plt_expect_ok(plt_circuit_new(5, &c));
    int q7[2] = {7, 0}, rep[2] = {3, 3}, neg[1] = {-1};
    plt_expect_error(plt_circuit_add_clifford(c, PLT_GATE_CX, q7), PLT_EINVAL,
                     "qubit 7 is out of range for a 5-qubit circuit (valid 0..4)");
    plt_expect_error(plt_circuit_add_clifford(c, PLT_GATE_H, neg), PLT_EINVAL, "qubit -1");
    plt_expect_error(plt_circuit_add_clifford(c, PLT_GATE_CZ, rep), PLT_EINVAL,
                     "qubit 3 is repeated");
    plt_expect_error(plt_circuit_add_clifford(c, PLT_GATE_COUNT, rep), PLT_EINVAL,
                     "unknown Clifford gate");
    plt_pstring *z = ps("ZIIII", 5), *small = ps("ZZ", 2);
    plt_expect_error(plt_circuit_add_rotation(c, z, 0, 1, 0), PLT_EINVAL, "unknown parameter 0");
    plt_expect_error(plt_circuit_add_rotation(c, z, -1, 1, NAN), PLT_EINVAL, "finite");
    plt_expect_error(plt_circuit_add_rotation(c, z, -1, INFINITY, 0), PLT_EINVAL, "a=inf");
    plt_expect_error(plt_circuit_add_rotation(c, small, -1, 0, 1), PLT_EINVAL, "2 qubits");
    double u[8] = {1, 0, 0, 0, 0, 0, 1, 0};
    plt_expect_error(plt_circuit_add_unitary(c, 1, q7, u), PLT_EINVAL, "qubit 7");
    plt_expect_error(plt_circuit_add_unitary(c, 3, q7, u), PLT_EINVAL, "1 or 2");
    int k;
    plt_expect_ok(plt_circuit_add_param(c, "theta", 0.5, &k));
    assert_int_equal(k, 0);
    plt_expect_error(plt_circuit_add_param(c, "theta", 0.1, &k), PLT_EINVAL, "'theta'");
    assert_int_equal(plt_circuit_param_index(c, "theta"), 0);
    assert_int_equal(plt_circuit_param_index(c, "phi"), -1);
    assert_null(plt_circuit_param_name(c, 1));
    plt_expect_close(plt_circuit_param_init(c, 0), 0.5, 0, 0);
    assert_int_equal(plt_circuit_nops(c), 0);
    /* an identity generator is a global phase and is dropped */
    plt_pstring *id = NULL;
    plt_expect_ok(plt_pstring_new(5, &id));
    plt_expect_ok(plt_circuit_add_rotation(c, id, 0, 1, 0));
    assert_int_equal(plt_circuit_nops(c), 0);
    plt_pstring_free(id);
    plt_pstring_free(z);
    plt_pstring_free(small);
    plt_circuit_free(c);
    plt_circuit_free(NULL);
}

/* The circuit owns copies: changing or freeing the caller's string changes nothing. */
static void test_ownership_clone_append(void **state) {
    (void)state;
    plt_circuit *c = NULL, *d = NULL;
    plt_expect_ok(plt_circuit_new(2, &c));
    int a, b;
    plt_expect_ok(plt_circuit_add_param(c, "a", 0.1, &a));
    plt_expect_ok(plt_circuit_add_param(c, "b", 0.2, &b));
    plt_pstring *p = ps("XY", 2);
    int q[2] = {1, 0};
    plt_expect_ok(plt_circuit_add_rotation(c, p, a, 2.0, 0.5));
    plt_expect_ok(plt_pstring_set(p, 0, 'Z'));
    plt_expect_ok(plt_circuit_add_rotation(c, p, b, -1.0, 0.0));
    plt_pstring_free(p);
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, q));
    for (int i = 0; i < 20; i++) plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_H, q));
    assert_int_equal(plt_pstring_get(plt_circuit_op(c, 0)->gen, 0), 'X');
    assert_int_equal(plt_pstring_get(plt_circuit_op(c, 1)->gen, 0), 'Z');
    assert_int_equal(plt_circuit_op(c, 0)->nq, 2);
    plt_expect_ok(plt_circuit_clone(c, &d));
    assert_int_equal(plt_circuit_nops(d), plt_circuit_nops(c));
    assert_int_equal(plt_circuit_nparams(d), 2);
    assert_string_equal(plt_circuit_param_name(d, 1), "b");
    double pv[2] = {0.3, -1.1};
    double complex m1[16], m2[16];
    plt_dense_circuit_matrix(c, pv, m1);
    plt_dense_circuit_matrix(d, pv, m2);
    for (int i = 0; i < 16; i++) plt_expect_close(cabs(m1[i] - m2[i]), 0, 0, 0);
    /* append with a swapped parameter map, and to itself */
    int pmap[2] = {1, 0};
    size_t n0 = plt_circuit_nops(d);
    plt_expect_ok(plt_circuit_append(d, c, pmap));
    assert_int_equal(plt_circuit_nops(d), 2 * n0);
    assert_int_equal(plt_circuit_op(d, n0)->param, 1);
    plt_expect_ok(plt_circuit_append(d, d, NULL));
    assert_int_equal(plt_circuit_nops(d), 4 * n0);
    int bad[2] = {0, 5};
    plt_expect_error(plt_circuit_append(d, c, bad), PLT_EINVAL, "parameter 'b' maps to 5");
    plt_circuit *e = NULL;
    plt_expect_ok(plt_circuit_new(3, &e));
    plt_expect_error(plt_circuit_append(e, c, NULL), PLT_EINVAL, "2-qubit circuit to a 3-qubit");
    plt_circuit_free(e);
    plt_circuit_free(c);
    plt_circuit_free(d);
}

/* d/dtheta U = -i G U where the rotation sits, with G = sum (a/2) gen. */
static void test_param_generator(void **state) {
    (void)state;
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(3, &c));
    int t;
    plt_expect_ok(plt_circuit_add_param(c, "t", 0, &t));
    plt_expect_ok(plt_circuit_add_param(c, "u", 0, NULL));
    plt_pstring *zz = ps("ZZI", 3), *x = ps("IIX", 3), *y = ps("IZI", 3);
    plt_expect_ok(plt_circuit_add_rotation(c, zz, t, 0.5, 1.0));
    plt_expect_ok(plt_circuit_add_rotation(c, x, t, -3.0, 0.0));
    plt_expect_ok(plt_circuit_add_rotation(c, zz, t, 1.0, 0.0));
    plt_expect_ok(plt_circuit_add_rotation(c, y, 1, 1.0, 0.0));
    plt_psum *g = NULL;
    plt_expect_ok(plt_circuit_param_generator(c, t, &g));
    double re, im;
    plt_expect_ok(plt_psum_get(g, zz, &re, &im));
    plt_expect_close(re, 0.75, 0, 1e-15);
    plt_expect_ok(plt_psum_get(g, x, &re, &im));
    plt_expect_close(re, -1.5, 0, 1e-15);
    plt_expect_ok(plt_psum_get(g, y, &re, &im));
    plt_expect_close(re, 0, 0, 0);
    /* the generator predicts the derivative (all these rotations commute) */
    double pv[2] = {0.37, 0.2}, h = 1e-6;
    double complex u0[64], up[64], um[64], gm[64], pm[64];
    plt_dense_circuit_matrix(c, pv, u0);
    pv[0] += h;
    plt_dense_circuit_matrix(c, pv, up);
    pv[0] -= 2 * h;
    plt_dense_circuit_matrix(c, pv, um);
    memset(gm, 0, sizeof gm);
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(3, &p));
    for (size_t i = 0; i < plt_psum_nterms(g); i++) {
        plt_expect_ok(plt_psum_term(g, i, p, &re, &im));
        plt_dense_pauli_matrix(p, pm);
        for (int j = 0; j < 64; j++) gm[j] += (re + I * im) * pm[j];
    }
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) {
            double complex s = 0;
            for (int k = 0; k < 8; k++) s += gm[i * 8 + k] * u0[k * 8 + j];
            double complex want = -I * s, fd = (up[i * 8 + j] - um[i * 8 + j]) / (2 * h);
            plt_expect_close(cabs(fd - want), 0, 0, 1e-8);
        }
    plt_psum_free(g);
    plt_expect_error(plt_circuit_param_generator(c, 2, &g), PLT_EINVAL, "parameter 2");
    assert_null(g);
    plt_pstring_free(p);
    plt_pstring_free(zz);
    plt_pstring_free(x);
    plt_pstring_free(y);
    plt_circuit_free(c);
}

static void test_depth(void **state) {
    (void)state;
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(4, &c));
    assert_int_equal(plt_circuit_depth(c), 0);
    for (int q = 0; q < 4; q++) plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_H, &q));
    assert_int_equal(plt_circuit_depth(c), 1);
    int q01[2] = {0, 1}, q23[2] = {2, 3}, q12[2] = {1, 2};
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, q01));
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, q23));
    assert_int_equal(plt_circuit_depth(c), 2);
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CZ, q12));
    assert_int_equal(plt_circuit_depth(c), 3);
    /* a rotation occupies its generator's whole support */
    plt_pstring *p = ps("XIZZ", 4);
    plt_expect_ok(plt_circuit_add_rotation(c, p, -1, 0, 0.3));
    assert_int_equal(plt_circuit_depth(c), 4);
    int q0 = 0;
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_S, &q0));
    assert_int_equal(plt_circuit_depth(c), 5);
    int q1 = 1;
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_S, &q1));
    assert_int_equal(plt_circuit_depth(c), 5);
    plt_pstring_free(p);
    plt_circuit_free(c);
}

/* Many parameters: lookups stay right through index growth and duplicates are caught. */
static void test_many_params(void **state) {
    (void)state;
    plt_circuit *c = NULL, *d = NULL;
    char name[32];
    plt_expect_ok(plt_circuit_new(3, &c));
    for (int k = 0; k < 50000; k++) {
        int idx = -1;
        snprintf(name, sizeof name, "theta_%d", k);
        plt_expect_ok(plt_circuit_add_param(c, name, k, &idx));
        assert_int_equal(idx, k);
    }
    plt_expect_error(plt_circuit_add_param(c, "theta_4242", 0, NULL), PLT_EINVAL, "declared twice");
    plt_expect_ok(plt_circuit_clone(c, &d));
    for (int k = 0; k < 50000; k += 997) {
        snprintf(name, sizeof name, "theta_%d", k);
        assert_int_equal(plt_circuit_param_index(d, name), k);
    }
    assert_int_equal(plt_circuit_param_index(d, "theta_50000"), -1);
    plt_circuit_free(c);
    plt_circuit_free(d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_ownership_clone_append),
        cmocka_unit_test(test_param_generator),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_many_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
