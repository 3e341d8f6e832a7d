/* labels: agree
 * mps against the statevector on random circuits with every op kind (Cliffords of the whole
 * table, Pauli rotations of weight 1..4 on non-adjacent qubits, 1- and 2-qubit unitaries) and
 * random states and observables; against lightcone and pauliprop past the statevector's
 * reach; gradients against central differences and across thread counts. */
#include "engines/mps/mps_testutil.h"

/* Untruncated runs (max-bond large enough) agree to 1e-10 in loss and gradient. */
static void test_vs_statevector(void **state) {
    (void)state;
    plt_test_rng r;
    uint64_t seed = plt_test_seed();
    plt_test_rng_init(&r, seed);
    for (int it = 0; it < 30; it++) {
        int n = 2 + plt_test_rng_int(&r, 11), np = 1 + plt_test_rng_int(&r, 6);
        plt_circuit *c = mt_circuit(&r, n, 10 + plt_test_rng_int(&r, 30), np, MT_ALL);
        plt_psum *obs = mt_obs(&r, n, 1 + plt_test_rng_int(&r, 8));
        plt_state *s = mt_state(&r, n, it % 3);
        plt_model m = {c, obs, s};
        double p[8], gs[8], gm[8];
        mt_params(&r, np, p);
        plt_opts o;
        plt_opts_init(&o);
        plt_test_opts_set(&o, "max-bond", 4096);
        plt_cost cost;
        plt_expect_ok(plt_engine_estimate("mps", &m, &o, &cost));
        assert_int_equal(cost.exactness, PLT_EXACT);
        plt_stats st;
        double ls = mt_run("statevector", &m, NULL, p, gs, NULL);
        double lm = mt_run("mps", &m, &o, p, gm, &st);
        if (fabs(ls - lm) > 1e-10) print_error("seed %llu case %d n %d\n", (unsigned long long)seed, it, n);
        plt_expect_close(lm, ls, 0, 1e-10);
        for (int k = 0; k < np; k++) plt_expect_close(gm[k], gs[k], 0, 1e-10);
        assert_true(st.error_bound == 0);
        plt_test_opts_clear(&o);
        plt_state_free(s);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
}

/* The gradient is the derivative of the computed loss. */
static void test_central_differences(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 1);
    for (int it = 0; it < 6; it++) {
        int n = 3 + plt_test_rng_int(&r, 6), np = 3;
        plt_circuit *c = mt_circuit(&r, n, 30, np, MT_ALL);
        plt_psum *obs = mt_obs(&r, n, 4);
        plt_model m = {c, obs, NULL};
        plt_engine *e = NULL;
        plt_expect_ok(plt_engine_plan("mps", &m, NULL, &e));
        double p[3], g[3], l;
        mt_params(&r, np, p);
        plt_expect_ok(plt_engine_loss(e, p, &l, g));
        for (int k = 0; k < np; k++) {
            const double h = 1e-5, keep = p[k];
            double lp, lm;
            p[k] = keep + h;
            plt_expect_ok(plt_engine_loss(e, p, &lp, NULL));
            p[k] = keep - h;
            plt_expect_ok(plt_engine_loss(e, p, &lm, NULL));
            p[k] = keep;
            plt_expect_close(g[k], (lp - lm) / (2 * h), 0, 1e-7);
        }
        plt_engine_free(e);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
}

/* A brickwork on 40 qubits, a local cost: lightcone and pauliprop (both exact here) agree. */
static void test_vs_lightcone_pauliprop(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 2);
    const int n = 40, layers = 3;
    plt_circuit *c = NULL;
    plt_pstring *g = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    plt_expect_ok(plt_pstring_new(n, &g));
    int np = 0;
    for (int l = 0; l < layers; l++)
        for (int q = 0; q + 1 < n; q++) {
            if ((q & 1) != (l & 1)) continue;
            char name[16];
            int k;
            snprintf(name, sizeof name, "p%d", np);
            plt_expect_ok(plt_circuit_add_param(c, name, 0, &k));
            np++;
            plt_expect_ok(plt_pstring_set(g, q, 'Y'));
            plt_expect_ok(plt_circuit_add_rotation(c, g, k, 1, 0));
            plt_expect_ok(plt_pstring_set(g, q, 'I'));
            plt_expect_ok(plt_pstring_set(g, q, 'X'));
            plt_expect_ok(plt_pstring_set(g, q + 1, 'Z'));
            plt_expect_ok(plt_circuit_add_rotation(c, g, k, 0.7, 0.1));
            plt_expect_ok(plt_pstring_set(g, q, 'I'));
            plt_expect_ok(plt_pstring_set(g, q + 1, 'I'));
            int qs[2] = {q, q + 1};
            plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CZ, qs));
        }
    plt_psum *obs = NULL;
    plt_expect_ok(plt_psum_parse("0.5*Z3*Z4 - X20 + 0.25*Y37*Z38*X39", n, "test", &obs));
    plt_model m = {c, obs, NULL};
    double *p = malloc((size_t)np * sizeof *p), *g1 = malloc((size_t)np * sizeof *g1),
           *g2 = malloc((size_t)np * sizeof *g2);
    mt_params(&r, np, p);
    double lm = mt_run("mps", &m, NULL, p, g1, NULL);
    double ll = mt_run("lightcone", &m, NULL, p, g2, NULL);
    plt_expect_close(lm, ll, 0, 1e-10);
    for (int k = 0; k < np; k++) plt_expect_close(g1[k], g2[k], 0, 1e-10);
    double lp = mt_run("pauliprop", &m, NULL, p, NULL, NULL);
    plt_expect_close(lm, lp, 0, 1e-10);
    free(p);
    free(g1);
    free(g2);
    plt_pstring_free(g);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

/* The gradient's threads take chunks of the rotations: the same numbers on 1 and 2 threads. */
static void test_threads_agree(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 3);
    plt_circuit *c = mt_circuit(&r, 8, 60, 5, MT_ALL);
    plt_psum *obs = mt_obs(&r, 8, 5);
    plt_model m = {c, obs, NULL};
    double p[5], g1[5], g2[5];
    mt_params(&r, 5, p);
    plt_opts o;
    plt_opts_init(&o);
    o.threads = 1;
    double l1 = mt_run("mps", &m, &o, p, g1, NULL);
    o.threads = 2;
    double l2 = mt_run("mps", &m, &o, p, g2, NULL);
    plt_expect_close(l1, l2, 0, 1e-12);
    for (int k = 0; k < 5; k++) plt_expect_close(g1[k], g2[k], 0, 1e-12);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vs_statevector),
        cmocka_unit_test(test_central_differences),
        cmocka_unit_test(test_vs_lightcone_pauliprop),
        cmocka_unit_test(test_threads_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
