/* labels: unit agree
 * The light cone of an observable keeps its expectation exactly, on fewer qubits. */
#include "support/test.h"

#include "plateau/circuit.h"
#include "support/dense.h"

static plt_circuit *shallow(plt_test_rng *r, int n, int layers, int *np) {
    plt_circuit *c = NULL;
    plt_pstring *g = NULL;
    int k = 0;
    plt_expect_ok(plt_circuit_new(n, &c));
    plt_expect_ok(plt_pstring_new(n, &g));
    for (int l = 0; l < layers; l++) {
        for (int q = 0; q < n; q++) {
            char name[32];
            snprintf(name, sizeof name, "t%d", k);
            plt_expect_ok(plt_circuit_add_param(c, name, 0, &k));
            plt_expect_ok(plt_pstring_set(g, q, "XYZ"[plt_test_rng_int(r, 3)]));
            plt_expect_ok(plt_circuit_add_rotation(c, g, k, 1.0, 0.1));
            plt_expect_ok(plt_pstring_set(g, q, 'I'));
            k++;
        }
        for (int q = l % 2; q + 1 < n; q += 2) {
            int qs[2] = {q, q + 1};
            plt_expect_ok(plt_circuit_add_clifford(c, l % 3 ? PLT_GATE_CZ : PLT_GATE_CX, qs));
        }
    }
    plt_pstring_free(g);
    *np = k;
    return c;
}

static void test_cone_keeps_expectation(void **unused) {
    (void)unused;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    const int n = 8;
    int refused = 0;
    for (int trial = 0; trial < 12; trial++) {
        int np, nq = 0, layers = 1 + trial % 3;
        plt_circuit *c = shallow(&r, n, layers, &np), *sub = NULL;
        plt_psum *obs = NULL, *sobs = NULL;
        char text[64];
        int a = plt_test_rng_int(&r, n), b = plt_test_rng_int(&r, n);
        snprintf(text, sizeof text, a == b ? "0.7*Z%d + 0.2*X%d" : "0.7*Z%d*Y%d + 0.2", a, b);
        plt_expect_ok(plt_psum_parse(text, n, "test", &obs));
        plt_expect_ok(plt_circuit_lightcone(c, obs, 0, &sub, &sobs, &nq));
        assert_int_equal(plt_circuit_nqubits(sub), nq);
        assert_int_equal(plt_circuit_nparams(sub), np);
        /* Each layer of the brickwork widens each of the (at most two) intervals of the cone by
         * at most one qubit on each side. */
        assert_true(nq <= 2 + 4 * layers);
        double params[64];
        for (int k = 0; k < np; k++) params[k] = 6 * plt_test_rng_uniform(&r) - 3;
        double complex *psi = malloc(sizeof *psi << n), *phi = malloc(sizeof *phi << nq);
        plt_dense_state(c, params, NULL, psi);
        plt_dense_state(sub, params, NULL, phi);
        plt_expect_close(plt_dense_expect(nq, phi, sobs), plt_dense_expect(n, psi, obs), 0, 1e-12);
        free(psi);
        free(phi);
        plt_circuit_free(sub);
        plt_psum_free(sobs);
        /* Too wide for the limit: refused, with the size (a limit needs a cone of two). */
        if (nq > 1) {
            plt_expect_error(plt_circuit_lightcone(c, obs, nq - 1, &sub, &sobs, &nq), PLT_ETOOBIG,
                             "light cone of the observable spans");
            assert_null(sub);
            refused++;
        }
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
    assert_true(refused > 0); /* the refusal above was tested at least once */
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cone_keeps_expectation)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
