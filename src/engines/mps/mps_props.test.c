/* labels: props
 * What the statevector cannot say about mps: its error bound covers the exact value on
 * truncated runs, its estimate and ladder, its refusals and its settings' validation. */
#include "engines/engine_ops.h"
#include "engines/mps/mps_testutil.h"

/* 200 random truncated cases (max-bond 1..4, some with a cutoff): |value - exact| <= bound. */
static void test_bound_covers(void **state) {
    (void)state;
    plt_test_rng r;
    uint64_t seed = plt_test_seed();
    plt_test_rng_init(&r, seed);
    int truncated = 0;
    double worst = 0;
    for (int it = 0; it < 200; it++) {
        int n = 4 + plt_test_rng_int(&r, 7), np = 3;
        plt_circuit *c = mt_circuit(&r, n, 25, np, MT_ALL);
        plt_psum *obs = mt_obs(&r, n, 1 + plt_test_rng_int(&r, 4));
        plt_state *s = mt_state(&r, n, it % 3);
        plt_model m = {c, obs, s};
        double p[3];
        mt_params(&r, np, p);
        plt_opts o;
        plt_opts_init(&o);
        plt_test_opts_set(&o, "max-bond", 1 + plt_test_rng_int(&r, 4));
        if (it % 4 == 0) plt_test_opts_set(&o, "cutoff", it % 8 ? 1e-2 : 1e-4);
        plt_stats st;
        double exact = mt_run("statevector", &m, NULL, p, NULL, NULL);
        double v = mt_run("mps", &m, &o, p, NULL, &st);
        if (st.error_bound > 0) truncated++;
        assert_true(st.dropped_l1 == st.error_bound);
        if (fabs(v - exact) > st.error_bound + 1e-12)
            print_error("seed %llu case %d: |%.12g - %.12g| > bound %.3g\n",
                        (unsigned long long)seed, it, v, exact, st.error_bound);
        assert_true(fabs(v - exact) <= st.error_bound + 1e-12);
        if (st.error_bound > 0) worst = fmax(worst, fabs(v - exact) / st.error_bound);
        plt_test_opts_clear(&o);
        plt_state_free(s);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
    print_message("%d of 200 truncated; largest error / bound %.3g\n", truncated, worst);
    assert_true(truncated >= 150);
}

/* A 1D brickwork of random 2-qubit unitaries on 14 qubits, 8 layers: bonds reach 2^7, so
 * max-bond 16 truncates; the estimate says bounded, then exact once max-bond covers it. */
static plt_circuit *brickwork(plt_test_rng *r, int n, int layers) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    for (int l = 0; l < layers; l++)
        for (int q = l & 1; q + 1 < n; q += 2) {
            double u[32];
            int qs[2] = {q, q + 1};
            mt_unitary(r, 4, u);
            plt_expect_ok(plt_circuit_add_unitary(c, 2, qs, u));
        }
    return c;
}

static void test_estimate_and_ladder(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 1);
    const int n = 14;
    plt_circuit *c = brickwork(&r, n, 8);
    plt_psum *obs = NULL;
    plt_expect_ok(plt_psum_parse("Z6*Z7 + 0.5*X0", n, "test", &obs));
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    plt_cost cost;
    plt_expect_ok(plt_engine_estimate("mps", &m, &o, &cost));
    assert_int_equal(cost.exactness, PLT_EXACT);
    assert_true(cost.seconds > 0 && cost.bytes > 0);
    plt_test_opts_set(&o, "max-bond", 16);
    plt_expect_ok(plt_engine_estimate("mps", &m, &o, &cost));
    assert_int_equal(cost.exactness, PLT_BOUNDED);
    assert_true(cost.error > 0);
    plt_test_opts_clear(&o);

    double exact = mt_run("statevector", &m, NULL, NULL, NULL, NULL);
    const plt_engine_ops *ops = plt_engine_ops_find("mps");
    assert_non_null(ops);
    assert_non_null(ops->ladder);
    double prev_bond = 0, prev_bound = INFINITY;
    size_t k = 0;
    for (;; k++) {
        plt_settings *s = NULL;
        plt_expect_ok(plt_settings_new(&s));
        plt_error_clear();
        plt_status rc = ops->ladder(&m, &o, k, 1e6, s, &cost);
        if (rc) {
            assert_int_equal(rc, PLT_EUNSUPPORTED);
            assert_non_null(strstr(plt_error_last()->message, "ladder ends"));
            plt_settings_free(s);
            break;
        }
        double bond = plt_settings_value(s, &ops->settings[0]);
        assert_true(bond > prev_bond);
        prev_bond = bond;
        plt_opts so = o;
        so.settings = s;
        plt_stats st;
        double v = mt_run("mps", &m, &so, NULL, NULL, &st);
        assert_true(fabs(v - exact) <= st.error_bound + 1e-12);
        assert_true(st.error_bound <= prev_bound * (1 + 1e-9) || st.error_bound == 0);
        prev_bound = st.error_bound;
        plt_settings_free(s);
    }
    /* 8, 16, 32, 64, 128: the last is exact. */
    assert_true(k >= 4);
    assert_true(prev_bound == 0);
    /* A step that does not fit its allowance is refused. */
    plt_settings *s = NULL;
    plt_expect_ok(plt_settings_new(&s));
    plt_expect_error(ops->ladder(&m, &o, 0, 1e-12, s, &cost), PLT_EUNSUPPORTED, "over the");
    plt_settings_free(s);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

/* Large thetas (max-bond 64: 128 x 128) are truncated through the eigenvectors of
 * theta^+ theta (mps_gate.c), smaller ones by the SVD: the bound covers the exact value in
 * both, and tightens as max-bond grows. */
static void test_gram_truncation(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 2);
    const int n = 14;
    plt_circuit *c = brickwork(&r, n, 12);
    plt_psum *obs = NULL;
    plt_expect_ok(plt_psum_parse("Z7*Z8 - 0.5*X3 + 0.25*Y12", n, "test", &obs));
    plt_model m = {c, obs, NULL};
    double exact = mt_run("statevector", &m, NULL, NULL, NULL, NULL);
    double bound_before = INFINITY;
    for (int bond = 32; bond <= 64; bond *= 2) {
        plt_opts o;
        plt_opts_init(&o);
        plt_test_opts_set(&o, "max-bond", bond);
        plt_stats st;
        double v = mt_run("mps", &m, &o, NULL, NULL, &st);
        print_message("max-bond %d: |%.10f - %.10f| = %.3g, bound %.3g\n", bond, v, exact,
                      fabs(v - exact), st.error_bound);
        assert_true(st.error_bound > 0);
        assert_true(fabs(v - exact) <= st.error_bound);
        assert_true(st.error_bound < bound_before);
        bound_before = st.error_bound;
        plt_test_opts_clear(&o);
    }
    plt_psum_free(obs);
    plt_circuit_free(c);
}

static int stop_at_second(void *ctx, const plt_progress *p) {
    int *calls = ctx;
    assert_string_equal(p->what, "mps");
    return ++*calls >= 2;
}

/* A long run reports progress and stops when asked (the verdict's wall-clock guard). */
static void test_interrupt(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 3);
    plt_circuit *c = brickwork(&r, 8, 12);
    plt_psum *obs = NULL;
    plt_expect_ok(plt_psum_parse("Z3", 8, "test", &obs));
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    int calls = 0;
    o.progress_fn = stop_at_second;
    o.progress_ctx = &calls;
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan("mps", &m, &o, &e));
    double v;
    plt_expect_error(plt_engine_loss(e, NULL, &v, NULL), PLT_EINTERRUPTED, "mps stopped at op 16");
    assert_int_equal(calls, 2);
    plt_engine_free(e);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

static void test_refusals(void **state) {
    (void)state;
    const int n = 3;
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    int qs[2] = {0, 2};
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, qs));
    plt_expect_ok(plt_psum_parse("Z0", n, "test", &obs));
    plt_engine *e = NULL;
    plt_opts o;
    plt_opts_init(&o);

    double amps[16] = {0};
    amps[0] = 1;
    plt_state *vec = NULL;
    plt_expect_ok(plt_state_new_vector(n, amps, &vec));
    plt_model m = {c, obs, vec};
    plt_expect_error(plt_engine_plan("mps", &m, &o, &e), PLT_EUNSUPPORTED, "product state");

    double bloch[9] = {0, 0, 1, 0.5, 0, 0, 0, 0, -1};
    plt_state *mixed = NULL;
    plt_expect_ok(plt_state_new_product(n, bloch, &mixed));
    m.state = mixed;
    plt_expect_error(plt_engine_plan("mps", &m, &o, &e), PLT_EUNSUPPORTED, "mixed");

    m.state = NULL;
    o.noise = 0.01;
    plt_expect_error(plt_engine_plan("mps", &m, &o, &e), PLT_EUNSUPPORTED, "noise");
    o.noise = 0;
    o.max_memory = 100;
    plt_expect_error(plt_engine_plan("mps", &m, &o, &e), PLT_ETOOBIG, "mps");
    o.max_memory = 0;

    plt_settings *s = NULL;
    plt_expect_ok(plt_settings_new(&s));
    plt_expect_error(plt_settings_set(s, "max-bond", 0), PLT_EINVAL, "max-bond");
    plt_expect_error(plt_settings_set(s, "max-bond", 2.5), PLT_EINVAL, "max-bond");
    plt_expect_error(plt_settings_set(s, "cutoff", -1e-3), PLT_EINVAL, "cutoff");
    plt_expect_error(plt_settings_set(s, "cutoff", 2), PLT_EINVAL, "cutoff");
    plt_expect_ok(plt_settings_set(s, "cutoff", 1e-8));
    plt_settings_free(s);

    plt_state_free(vec);
    plt_state_free(mixed);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

/* Far past the statevector: a 200-qubit shallow circuit with a rotation of weight 4 spanning
 * the chain, checked against lightcone. */
static void test_wide(void **state) {
    (void)state;
    const int n = 200;
    plt_circuit *c = NULL;
    plt_pstring *g = NULL;
    plt_psum *obs = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    plt_expect_ok(plt_pstring_new(n, &g));
    int k;
    plt_expect_ok(plt_circuit_add_param(c, "t", 0, &k));
    for (int q = 0; q < n; q++) plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_H, &q));
    for (int q = 0; q + 1 < n; q++) {
        int qs[2] = {q, q + 1};
        if (q % 3 == 0) plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CZ, qs));
    }
    const char *spec[4][2] = {{"X", "5"}, {"Y", "6"}, {"Z", "60"}, {"X", "61"}};
    for (int j = 0; j < 4; j++) plt_expect_ok(plt_pstring_set(g, atoi(spec[j][1]), spec[j][0][0]));
    plt_expect_ok(plt_circuit_add_rotation(c, g, k, 1, 0.3));
    plt_expect_ok(plt_psum_parse("Z5 + X6*Y7 - 0.5*Z61 + 0.25*X150", n, "test", &obs));
    plt_model m = {c, obs, NULL};
    double p = 0.8, gm, gl;
    double lm = mt_run("mps", &m, NULL, &p, &gm, NULL);
    double ll = mt_run("lightcone", &m, NULL, &p, &gl, NULL);
    plt_expect_close(lm, ll, 0, 1e-10);
    plt_expect_close(gm, gl, 0, 1e-10);
    plt_pstring_free(g);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bound_covers),
        cmocka_unit_test(test_estimate_and_ladder),
        cmocka_unit_test(test_gram_truncation),
        cmocka_unit_test(test_interrupt),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_wide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
