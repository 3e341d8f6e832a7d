/* labels: unit */
/* The OpenQASM 3 writer: writer -> reader gives the same unitary (dense oracle) on random
 * circuits with every Clifford, rotations of weight 1..4 over every letter, shared and
 * constant angles; general unitaries and bad names are refused with a clear message. */
#include <complex.h>

#include "plateau/qasm.h"
#include "plateau/status.h"
#include "support/dense.h"
#include "support/test.h"

static plt_circuit *random_circuit(plt_test_rng *r, int n, int nops) {
    plt_circuit *c = NULL;
    plt_pstring *g = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    plt_expect_ok(plt_pstring_new(n, &g));
    int k;
    plt_expect_ok(plt_circuit_add_param(c, "theta", 0.0, &k));
    plt_expect_ok(plt_circuit_add_param(c, "phi_1", 0.0, &k));
    plt_expect_ok(plt_circuit_add_param(c, "unused", 0.0, &k));
    for (int g0 = 0; g0 < PLT_GATE_COUNT; g0++) { /* every Clifford at least once */
        int qs[2] = {plt_test_rng_int(r, n), 0};
        do
            qs[1] = plt_test_rng_int(r, n);
        while (qs[1] == qs[0]);
        plt_expect_ok(plt_circuit_add_clifford(c, (plt_gate)g0, qs));
    }
    for (int i = 0; i < nops; i++) {
        int w = 1 + plt_test_rng_int(r, 4);
        if (w > n) w = n;
        for (int q = 0; q < n; q++)
            plt_expect_ok(plt_pstring_set(g, q, 'I'));
        int placed = 0;
        while (placed < w) {
            int q = plt_test_rng_int(r, n);
            if (plt_pstring_get(g, q) != 'I') continue;
            plt_expect_ok(plt_pstring_set(g, q, "XYZ"[plt_test_rng_int(r, 3)]));
            placed++;
        }
        int param = plt_test_rng_int(r, 3) - 1; /* -1 constant, 0 or 1 */
        double a = 4 * plt_test_rng_uniform(r) - 2,
               b = plt_test_rng_int(r, 2) ? 0.0 : 3 * plt_test_rng_uniform(r) - 1.5;
        plt_expect_ok(plt_circuit_add_rotation(c, g, param, a, b));
        if (plt_test_rng_int(r, 4) == 0) {
            int qs[2] = {plt_test_rng_int(r, n), 0};
            do
                qs[1] = plt_test_rng_int(r, n);
            while (qs[1] == qs[0]);
            plt_expect_ok(
                plt_circuit_add_clifford(c, (plt_gate)plt_test_rng_int(r, PLT_GATE_COUNT), qs));
        }
    }
    plt_pstring_free(g);
    return c;
}

static void test_round_trip(void **st) {
    (void)st;
    plt_test_rng r;
    uint64_t seed = plt_test_seed();
    plt_test_rng_init(&r, seed);
    int n = 4, dim = 1 << n;
    double complex *u1 = malloc(sizeof *u1 * (size_t)dim * (size_t)dim);
    double complex *u2 = malloc(sizeof *u2 * (size_t)dim * (size_t)dim);
    for (int trial = 0; trial < 20; trial++) {
        plt_circuit *c = random_circuit(&r, n, 30), *back = NULL;
        char *text = NULL;
        plt_expect_ok(plt_qasm_write_string(c, &text));
        plt_qasm_info info;
        plt_expect_ok(plt_qasm_parse(text, strlen(text), "written.qasm", &back, &info));
        assert_int_equal(info.version, 3);
        assert_int_equal(plt_circuit_nqubits(back), n);
        assert_int_equal(plt_circuit_nparams(back), 3);
        for (int k = 0; k < 3; k++)
            assert_string_equal(plt_circuit_param_name(back, k), plt_circuit_param_name(c, k));
        double params[3];
        for (int k = 0; k < 3; k++)
            params[k] = 6 * plt_test_rng_uniform(&r) - 3;
        plt_dense_circuit_matrix(c, params, u1);
        plt_dense_circuit_matrix(back, params, u2);
        if (!plt_dense_equal_up_to_phase(u1, u2, dim, 1e-10)) {
            print_error("seed %llu trial %d: unitaries differ; text:\n%s\n",
                        (unsigned long long)seed, trial, text);
            fail();
        }
        plt_free(text);
        plt_circuit_free(c);
        plt_circuit_free(back);
    }
    free(u1);
    free(u2);
}

static void test_exact_angles(void **st) {
    (void)st;
    plt_circuit *c = NULL, *back = NULL;
    plt_pstring *g = NULL;
    int k;
    plt_expect_ok(plt_circuit_new(2, &c));
    plt_expect_ok(plt_circuit_add_param(c, "w", 0.0, &k));
    plt_expect_ok(plt_pstring_parse("ZZ", 2, NULL, &g));
    plt_expect_ok(plt_circuit_add_rotation(c, g, 0, 0.1, 1.0 / 3.0));
    char *text = NULL;
    plt_expect_ok(plt_qasm_write_string(c, &text));
    assert_non_null(strstr(text, "include \"stdgates.inc\";"));
    assert_non_null(strstr(text, "input float[64] w;"));
    assert_non_null(strstr(text, "gate rzz"));
    assert_non_null(strstr(text, "rzz(0.10000000000000001*w + 0.33333333333333331) q[0], q[1];"));
    plt_expect_ok(plt_qasm_parse(text, strlen(text), NULL, &back, NULL));
    const plt_op *op = plt_circuit_op(back, plt_circuit_nops(back) - 1);
    /* The reader may lower rzz through its definition, but the angle survives exactly. */
    assert_int_equal(op->kind, PLT_OP_CLIFFORD);
    int found = 0;
    for (size_t i = 0; i < plt_circuit_nops(back); i++) {
        const plt_op *o = plt_circuit_op(back, i);
        if (o->kind == PLT_OP_ROTATION) {
            assert_true(o->a == 0.1 && o->b == 1.0 / 3.0);
            found++;
        }
    }
    assert_int_equal(found, 1);
    plt_free(text);
    plt_pstring_free(g);
    plt_circuit_free(c);
    plt_circuit_free(back);
}

static void test_refusals(void **st) {
    (void)st;
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(2, &c));
    double u[8] = {1, 0, 0, 0, 0, 0, 1, 0};
    int q = 1, k;
    plt_expect_ok(plt_circuit_add_unitary(c, 1, &q, u));
    char *text = NULL;
    plt_expect_error(plt_qasm_write_string(c, &text), PLT_EUNSUPPORTED, "general 1-qubit unitary");
    assert_null(text);
    plt_circuit_free(c);
    plt_expect_ok(plt_circuit_new(2, &c));
    plt_expect_ok(plt_circuit_add_param(c, "a b", 0.0, &k));
    plt_expect_error(plt_qasm_write_string(c, &text), PLT_EUNSUPPORTED, "'a b'");
    plt_circuit_free(c);
    plt_expect_ok(plt_circuit_new(2, &c));
    plt_expect_ok(plt_circuit_add_param(c, "pi", 0.0, &k));
    plt_expect_error(plt_qasm_write_string(c, &text), PLT_EUNSUPPORTED, "rename it");
    plt_circuit_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_exact_angles),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
