/* labels: unit */
/* The zoo: every family at several sizes has the qubit count, parameter count and
 * observable its definition promises; bad names and sizes fail with clear messages. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plateau/zoo.h"
#include "plateau/status.h"
#include "support/test.h"

static int count_rot(const plt_circuit *c, int weight, int constant) {
    int k = 0;
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind == PLT_OP_ROTATION && op->nq == weight && (op->param < 0) == constant) k++;
    }
    return k;
}

static char *obs_text(const plt_zoo_model *m) {
    char *t = NULL;
    plt_expect_ok(plt_psum_to_text(m->obs, &t));
    return t;
}

static int ceil_log2(int n) {
    int l = 0;
    while ((1 << l) < n)
        l++;
    return l;
}

static void test_hea(void **st) {
    (void)st;
    int sizes[] = {2, 3, 5, 8};
    for (int i = 0; i < 4; i++) {
        int n = sizes[i];
        plt_zoo_model m;
        plt_expect_ok(plt_zoo_build("hea-local", n, 0, 1, 0, &m));
        int L = ceil_log2(n) > 0 ? ceil_log2(n) : 1;
        assert_int_equal(plt_circuit_nqubits(m.circuit), n);
        assert_int_equal(plt_circuit_nparams(m.circuit), 2 * n * L);
        assert_int_equal(count_rot(m.circuit, 1, 0), 2 * n * L);
        char *t = obs_text(&m);
        assert_string_equal(t, "Z0");
        plt_free(t);
        plt_zoo_model_free(&m);

        plt_expect_ok(plt_zoo_build("hea-global", n, 0, 1, 0, &m));
        assert_int_equal(plt_circuit_nparams(m.circuit), 2 * n * n);
        assert_int_equal(plt_psum_nterms(m.obs), 1);
        plt_pstring *p = NULL;
        plt_expect_ok(plt_pstring_new(n, &p));
        plt_expect_ok(plt_psum_term(m.obs, 0, p, NULL, NULL));
        assert_int_equal(plt_pstring_weight(p), n);
        for (int q = 0; q < n; q++)
            assert_int_equal(plt_pstring_get(p, q), 'Z');
        plt_pstring_free(p);
        plt_expect_close(m.param_range, M_PI, 0, 1e-15);
        plt_zoo_model_free(&m);

        plt_expect_ok(plt_zoo_build("hea-small-angle", n, 3, 1, 0.05, &m));
        assert_int_equal(plt_circuit_nparams(m.circuit), 2 * n * 3);
        plt_expect_close(m.param_range, 0.05, 0, 1e-15);
        plt_zoo_model_free(&m);
    }
}

static void test_qcnn(void **st) {
    (void)st;
    int sizes[] = {2, 4, 5, 8, 16};
    for (int i = 0; i < 5; i++) {
        int n = sizes[i];
        plt_zoo_model m;
        plt_expect_ok(plt_zoo_build("qcnn", n, 0, 1, 0, &m));
        /* Each level has (m-1) blocks of 4 parameters and floor(m/2) pools. */
        int np = 0, pools = 0;
        for (int a = n; a > 1; a = (a + 1) / 2) {
            np += 4 * (a - 1) + a / 2;
            pools += a / 2;
        }
        assert_int_equal(plt_circuit_nparams(m.circuit), np);
        assert_int_equal(count_rot(m.circuit, 2, 0), pools); /* the Z_c X_t halves */
        assert_int_equal(pools, n - 1);                      /* n-1 qubits are discarded */
        char *t = obs_text(&m);
        assert_string_equal(t, "Z0");
        plt_free(t);
        plt_zoo_model_free(&m);
    }
}

static void test_hva(void **st) {
    (void)st;
    for (int n = 2; n <= 9; n += 3) {
        plt_zoo_model m;
        plt_expect_ok(plt_zoo_build("hva-tfim", n, 3, 1, 0, &m));
        assert_int_equal(plt_circuit_nparams(m.circuit), 6);
        assert_int_equal(count_rot(m.circuit, 2, 0), 3 * (n - 1));
        assert_int_equal(count_rot(m.circuit, 1, 0), 3 * n);
        assert_int_equal(plt_psum_nterms(m.obs), 2 * n - 1);
        plt_zoo_model_free(&m);
        plt_expect_ok(plt_zoo_build("hva-xxz", n, 2, 1, 0, &m));
        assert_int_equal(plt_circuit_nparams(m.circuit), 4);
        assert_int_equal(count_rot(m.circuit, 2, 0), 2 * 3 * (n - 1));
        assert_int_equal(plt_psum_nterms(m.obs), 3 * (n - 1));
        plt_zoo_model_free(&m);
    }
}

static void test_matchgate_qaoa_sn(void **st) {
    (void)st;
    for (int n = 4; n <= 10; n += 2) {
        plt_zoo_model m;
        plt_expect_ok(plt_zoo_build("xy-matchgate", n, 2, 1, 0, &m));
        assert_int_equal(plt_circuit_nparams(m.circuit), 2 * (n + 2 * (n - 1)));
        for (size_t i = 0; i < plt_circuit_nops(m.circuit); i++)
            assert_int_equal(plt_circuit_op(m.circuit, i)->kind, PLT_OP_ROTATION);
        plt_zoo_model_free(&m);

        plt_expect_ok(plt_zoo_build("qaoa-maxcut", n, 3, 1, 0, &m));
        assert_int_equal(plt_circuit_nparams(m.circuit), 6);
        assert_int_equal(plt_psum_nterms(m.obs), n);
        plt_zoo_model_free(&m);

        plt_expect_ok(plt_zoo_build("qaoa-maxcut-3reg", n, 1, (uint64_t)n, 0, &m));
        assert_int_equal(plt_psum_nterms(m.obs), 3 * n / 2);
        /* every vertex has degree 3, no loops */
        int deg[16] = {0};
        plt_pstring *p = NULL;
        plt_expect_ok(plt_pstring_new(n, &p));
        for (size_t t = 0; t < plt_psum_nterms(m.obs); t++) {
            plt_expect_ok(plt_psum_term(m.obs, t, p, NULL, NULL));
            assert_int_equal(plt_pstring_weight(p), 2);
            for (int q = 0; q < n; q++)
                deg[q] += plt_pstring_get(p, q) == 'Z';
        }
        for (int q = 0; q < n; q++)
            assert_int_equal(deg[q], 3);
        plt_pstring_free(p);
        plt_zoo_model_free(&m);

        plt_expect_ok(plt_zoo_build("sn-equivariant", n, 2, 1, 0, &m));
        assert_int_equal(plt_circuit_nparams(m.circuit), 6);
        assert_int_equal(count_rot(m.circuit, 2, 0), 2 * n * (n - 1) / 2);
        assert_int_equal(plt_psum_nterms(m.obs), n);
        plt_zoo_model_free(&m);
    }
}

static void test_kicked(void **st) {
    (void)st;
    plt_zoo_model m;
    plt_expect_ok(plt_zoo_build("kicked-ising", 127, 0, 1, 0, &m));
    assert_int_equal(plt_circuit_nqubits(m.circuit), 127);
    assert_int_equal(plt_circuit_nparams(m.circuit), 1);
    assert_int_equal(count_rot(m.circuit, 2, 1), 20 * 144);
    assert_int_equal(count_rot(m.circuit, 1, 0), 20 * 127);
    char *t = obs_text(&m);
    assert_string_equal(t, "Z62");
    plt_free(t);
    /* Heavy-hex: every qubit has degree 1..3. */
    int deg[127] = {0};
    for (size_t i = 0; i < 144; i++) {
        const plt_op *op = plt_circuit_op(m.circuit, 127 + i);
        assert_int_equal(op->nq, 2);
        for (int q = 0; q < 127; q++)
            deg[q] += plt_pstring_get(op->gen, q) == 'Z';
    }
    for (int q = 0; q < 127; q++)
        assert_true(deg[q] >= 1 && deg[q] <= 3);
    plt_zoo_model_free(&m);

    plt_expect_ok(plt_zoo_build("kicked-ising", 16, 5, 1, 0, &m));
    assert_int_equal(count_rot(m.circuit, 2, 1), 5 * 24);
    t = obs_text(&m);
    assert_string_equal(t, "Z10");
    plt_free(t);
    plt_zoo_model_free(&m);
}

static void test_errors(void **st) {
    (void)st;
    plt_zoo_model m;
    plt_expect_error(plt_zoo_build("nope", 4, 0, 1, 0, &m), PLT_EINVAL, "hea-global, hea-local");
    assert_null(m.circuit);
    plt_expect_error(plt_zoo_build("nope", 4, 0, 1, 0, &m), PLT_EINVAL, "kicked-ising");
    plt_expect_error(plt_zoo_build("kicked-ising", 10, 0, 1, 0, &m), PLT_EINVAL, "square");
    plt_expect_error(plt_zoo_build("qaoa-maxcut-3reg", 7, 0, 1, 0, &m), PLT_EINVAL, "even");
    plt_expect_error(plt_zoo_build("hea-local", 1, 0, 1, 0, &m), PLT_EINVAL, "not 1");
    plt_expect_error(plt_zoo_build("hea-local", 4, -1, 1, 0, &m), PLT_EINVAL, "layers");
    plt_expect_error(plt_zoo_build("hea-small-angle", 4, 0, 1, -1, &m), PLT_EINVAL, "eps");
    assert_int_equal(plt_zoo_count(), 12);
    for (size_t i = 0; i < plt_zoo_count(); i++) {
        assert_non_null(plt_zoo_summary(i));
        /* every family builds at its smallest allowed even square size */
        plt_status s = plt_zoo_build(plt_zoo_name(i), 4, 1, 3, 0, &m);
        assert_int_equal(s, PLT_OK);
        assert_int_equal(plt_circuit_nqubits(m.circuit), 4);
        assert_int_equal(plt_psum_nqubits(m.obs), 4);
        assert_true(plt_psum_nterms(m.obs) >= 1);
        plt_zoo_model_free(&m);
    }
    assert_null(plt_zoo_name(plt_zoo_count()));
}

/* The kicked-Ising builder on a given map is the family's circuit on the same map: with a
 * parameter op for op; with a constant angle the same ops with that angle and no parameter. */
static void test_kicked_builder(void **state) {
    (void)state;
    plt_zoo_model m = {0};
    plt_expect_ok(plt_zoo_build("kicked-ising", 9, 3, 1, 0, &m));
    static const int grid[12][2] = {{0, 1}, {0, 3}, {1, 2}, {1, 4}, {2, 5}, {3, 4},
                                     {3, 6}, {4, 5}, {4, 7}, {5, 8}, {6, 7}, {7, 8}};
    plt_circuit *a = NULL, *b = NULL;
    plt_expect_ok(plt_zoo_kicked_ising(9, grid, 12, 3, NAN, &a));
    plt_expect_ok(plt_zoo_kicked_ising(9, grid, 12, 3, 0.25, &b));
    assert_int_equal(plt_circuit_nops(a), plt_circuit_nops(m.circuit));
    assert_int_equal(plt_circuit_nops(b), plt_circuit_nops(m.circuit));
    assert_int_equal(plt_circuit_nparams(a), 1);
    assert_int_equal(plt_circuit_nparams(b), 0);
    for (size_t i = 0; i < plt_circuit_nops(a); i++) {
        const plt_op *x = plt_circuit_op(a, i), *y = plt_circuit_op(m.circuit, i),
                     *z = plt_circuit_op(b, i);
        assert_true(plt_pstring_equal(x->gen, y->gen) && plt_pstring_equal(z->gen, y->gen));
        assert_true(x->param == y->param && x->a == y->a && x->b == y->b);
        if (y->param >= 0)
            assert_true(z->param < 0 && z->b == 0.25);
        else
            assert_true(z->param < 0 && z->b == y->b);
    }
    plt_circuit_free(a);
    plt_circuit_free(b);
    plt_zoo_model_free(&m);
    static const int bad[1][2] = {{0, 9}};
    plt_expect_error(plt_zoo_kicked_ising(9, bad, 1, 1, NAN, &a), PLT_EINVAL,
                     "edge 0 (0, 9) is not a pair of distinct qubits of a 9-qubit register");
    assert_null(a);
}

/* mps-staircase: 4 parameters per block, n - 1 blocks per sweep, 3 sweeps by default; one CZ
 * per block on neighbours, so each cut is crossed once per sweep; cost Z on the last qubit. */
static void test_mps_staircase(void **state) {
    (void)state;
    int sizes[] = {2, 5, 9};
    for (int i = 0; i < 3; i++) {
        int n = sizes[i];
        for (int layers = 0; layers <= 2; layers++) {
            plt_zoo_model m;
            plt_expect_ok(plt_zoo_build("mps-staircase", n, layers, 1, 0, &m));
            int L = layers ? layers : 3;
            assert_int_equal(plt_circuit_nparams(m.circuit), 4 * (n - 1) * L);
            assert_int_equal(count_rot(m.circuit, 1, 0), 4 * (n - 1) * L);
            int cz = 0, last = -1;
            for (size_t k = 0; k < plt_circuit_nops(m.circuit); k++) {
                const plt_op *op = plt_circuit_op(m.circuit, k);
                if (op->kind != PLT_OP_CLIFFORD) continue;
                assert_int_equal(op->gate, PLT_GATE_CZ);
                assert_int_equal(abs(op->q[0] - op->q[1]), 1);
                /* the blocks run down the chain, then the next sweep starts at the top */
                int lo = op->q[0] < op->q[1] ? op->q[0] : op->q[1];
                assert_true(lo == last + 1 || (lo == 0 && last == n - 2));
                last = lo;
                cz++;
            }
            assert_int_equal(cz, (n - 1) * L);
            char *t = obs_text(&m), want[16];
            snprintf(want, sizeof want, "Z%d", n - 1);
            assert_string_equal(t, want);
            plt_free(t);
            plt_zoo_model_free(&m);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mps_staircase),
        cmocka_unit_test(test_hea),    cmocka_unit_test(test_qcnn),
        cmocka_unit_test(test_hva),    cmocka_unit_test(test_matchgate_qaoa_sn),
        cmocka_unit_test(test_kicked), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_kicked_builder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
