/* labels: agree */
/* The symmetric engine on the zoo's S_n-equivariant family (Schatzki et al., npj Quantum Inf.
 * 10, 12 (2024)): at 6 qubits against the statevector, at 200 qubits that it plans and runs
 * (the statevector cannot), with a finite loss inside the observable's range and a gradient
 * that matches a central difference. Here rather than beside the engine: the zoo is a module
 * above the engines, linked into tests/ only. */
#include "plateau/engine.h"
#include "plateau/zoo.h"
#include "support/test.h"

static double run(const char *engine, const plt_model *m, const double *p, double *g) {
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan(engine, m, NULL, &e));
    double l = 0;
    plt_expect_ok(plt_engine_loss(e, p, &l, g));
    plt_engine_free(e);
    return l;
}

static void test_small(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    plt_zoo_model zm;
    plt_expect_ok(plt_zoo_build("sn-equivariant", 6, 3, 1, 0, &zm));
    plt_model m = {zm.circuit, zm.obs, NULL};
    int np = plt_circuit_nparams(zm.circuit);
    double p[32], g1[32], g2[32];
    for (int rep = 0; rep < 3; rep++) {
        for (int k = 0; k < np; k++) p[k] = 2 * M_PI * plt_test_rng_uniform(&r) - M_PI;
        double l1 = run("symmetric", &m, p, g1), l2 = run("statevector", &m, p, g2);
        plt_expect_close(l1, l2, 0, 1e-10);
        for (int k = 0; k < np; k++) plt_expect_close(g1[k], g2[k], 0, 1e-10);
    }
    plt_zoo_model_free(&zm);
}

static void test_200(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 1);
    plt_zoo_model zm;
    plt_expect_ok(plt_zoo_build("sn-equivariant", 200, 2, 1, 0, &zm));
    plt_model m = {zm.circuit, zm.obs, NULL};
    plt_cost cost;
    plt_expect_ok(plt_engine_estimate("symmetric", &m, NULL, &cost));
    assert_int_equal(cost.exactness, PLT_EXACT);
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan("symmetric", &m, NULL, &e));
    int np = plt_circuit_nparams(zm.circuit);
    double p[8], g[8], l, lp, lm, h = 1e-5;
    for (int k = 0; k < np; k++) p[k] = 2 * M_PI * plt_test_rng_uniform(&r) - M_PI;
    plt_expect_ok(plt_engine_loss(e, p, &l, g));
    assert_true(isfinite(l) && fabs(l) <= 1 + 1e-12);
    p[0] += h;
    plt_expect_ok(plt_engine_loss(e, p, &lp, NULL));
    p[0] -= 2 * h;
    plt_expect_ok(plt_engine_loss(e, p, &lm, NULL));
    plt_expect_close(g[0], (lp - lm) / (2 * h), 0, 1e-6);
    plt_engine_free(e);
    plt_zoo_model_free(&zm);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_200),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
