/* labels: props */
/* Properties of the truncations (errors shrink as they loosen, the statistics account for
 * what was dropped, exact() says when nothing is), the gradient of the truncated surrogate
 * against finite differences, depolarising and dephasing noise against closed forms, and
 * refusals (of noise by the engines that cannot model it, too). */
#include "engines/pauliprop/pp_testutil.h"

static int ident[64];

typedef struct fixture {
    plt_circuit *c;
    plt_psum *obs;
    plt_model m;
    double params[4];
    double exact;
} fixture;

static void fixture_make(fixture *f, uint64_t seed, int n, int nops) {
    for (int i = 0; i < 64; i++) ident[i] = i;
    f->c = tu_random_circuit(seed, n, n, ident, nops, 4, 2);
    f->obs = tu_random_obs(seed + 1, n, n, ident, 3, 2);
    f->m = (plt_model){f->c, f->obs, NULL};
    plt_test_rng r;
    plt_test_rng_init(&r, seed + 2);
    for (int k = 0; k < 4; k++) f->params[k] = 2 * plt_test_rng_uniform(&r) - 1;
    plt_opts o;
    plt_opts_init(&o);
    plt_expect_ok(tu_run(&plt_engine_statevector, &f->m, &o, f->params, &f->exact, NULL, NULL));
}

static void fixture_free(fixture *f) {
    plt_circuit_free(f->c);
    plt_psum_free(f->obs);
}

static double err_with(fixture *f, const plt_opts *o, plt_stats *s) {
    double l;
    plt_expect_ok(tu_run(&plt_engine_pauliprop, &f->m, o, f->params, &l, NULL, s));
    return fabs(l - f->exact);
}

static void test_max_weight_converges(void **state) {
    (void)state;
    fixture f;
    fixture_make(&f, plt_test_seed() + 10, 8, 90);
    plt_opts o;
    plt_opts_init(&o);
    plt_stats s1, s8;
    plt_test_opts_set(&o, "max-weight", 1);
    double e1 = err_with(&f, &o, &s1);
    plt_test_opts_set(&o, "max-weight", 8);
    double e8 = err_with(&f, &o, &s8);
    assert_true(s1.dropped_terms > 0);
    assert_true(s1.truncated_weight > 0);
    assert_true(e8 < 1e-12);
    assert_true(s8.dropped_terms == 0);
    assert_true(e1 > e8);
    /* a tighter cap never holds more terms */
    plt_stats prev = s1;
    for (int w = 2; w <= 8; w++) {
        plt_stats s;
        plt_test_opts_set(&o, "max-weight", w);
        (void)err_with(&f, &o, &s);
        assert_true(s.max_terms >= prev.max_terms);
        prev = s;
    }
    plt_test_opts_clear(&o);
    fixture_free(&f);
}

static void test_min_abs_converges(void **state) {
    (void)state;
    fixture f;
    fixture_make(&f, plt_test_seed() + 20, 7, 80);
    plt_opts o;
    plt_opts_init(&o);
    plt_stats sa, sb;
    plt_test_opts_set(&o, "min-abs", 0.2);
    double ea = err_with(&f, &o, &sa);
    plt_test_opts_set(&o, "min-abs", 1e-9);
    double eb = err_with(&f, &o, &sb);
    plt_test_opts_clear(&o);
    assert_true(sa.truncated_weight > sb.truncated_weight);
    assert_true(eb < 1e-6);
    assert_true(eb <= ea + 1e-12);
    fixture_free(&f);
}

static void test_max_terms_and_freq(void **state) {
    (void)state;
    fixture f;
    fixture_make(&f, plt_test_seed() + 30, 7, 80);
    plt_opts o;
    plt_opts_init(&o);
    plt_stats s;
    plt_test_opts_set(&o, "max-terms", 20);
    double e20 = err_with(&f, &o, &s);
    assert_true(s.dropped_terms > 0);
    plt_test_opts_set(&o, "max-terms", 1u << 20);
    double ebig = err_with(&f, &o, &s);
    assert_true(ebig < 1e-12);
    assert_true(e20 >= ebig);
    plt_test_opts_clear(&o);
    plt_opts_init(&o);
    plt_test_opts_set(&o, "max-freq", 1);
    double ef1 = err_with(&f, &o, &s);
    assert_true(s.dropped_terms > 0);
    plt_test_opts_set(&o, "max-freq", 1000);
    double ef = err_with(&f, &o, &s);
    assert_true(ef < 1e-12);
    assert_true(ef1 > ef);
    plt_test_opts_clear(&o);
    plt_opts_init(&o);
    plt_test_opts_set(&o, "small-angle", 0.5);
    double es = err_with(&f, &o, &s);
    assert_true(s.dropped_terms > 0);
    plt_test_opts_set(&o, "small-angle", 1e-300);
    double es0 = err_with(&f, &o, &s);
    plt_test_opts_clear(&o);
    assert_true(es0 < 1e-12);
    assert_true(es >= es0);
    fixture_free(&f);
}

static void test_exact_flag(void **state) {
    (void)state;
    fixture f;
    fixture_make(&f, plt_test_seed() + 40, 3, 10);
    plt_opts o;
    plt_opts_init(&o);
    void *p = NULL;
    plt_expect_ok(plt_engine_pauliprop.plan(&p, &f.m, &o));
    assert_int_equal(plt_engine_pauliprop.exact(p), 1);
    plt_engine_pauliprop.free(p);
    plt_test_opts_set(&o, "min-abs", 1e-3);
    plt_expect_ok(plt_engine_pauliprop.plan(&p, &f.m, &o));
    assert_int_equal(plt_engine_pauliprop.exact(p), 0);
    plt_engine_pauliprop.free(p);
    plt_cost cost;
    plt_expect_ok(plt_engine_pauliprop.estimate(&f.m, &o, &cost));
    assert_int_equal(cost.exactness, PLT_BOUNDED);
    plt_test_opts_clear(&o);
    plt_opts_init(&o);
    plt_expect_ok(plt_engine_pauliprop.estimate(&f.m, &o, &cost));
    assert_int_equal(cost.exactness, PLT_EXACT);
    assert_true(cost.bytes > 0 && cost.seconds > 0);
    fixture_free(&f);
}

/* Weight and frequency caps depend on the strings only, so the truncated loss is smooth
 * and its reverse-mode gradient must equal finite differences. */
static void test_truncated_gradient(void **state) {
    (void)state;
    double gnorm = 0;
    for (int rep = 0; rep < 3; rep++) {
        fixture f;
        fixture_make(&f, plt_test_seed() + 50 + (uint64_t)rep, 8, 70);
        plt_opts o;
        plt_opts_init(&o);
        plt_test_opts_set(&o, "max-weight", 3);
        plt_test_opts_set(&o, "max-freq", 4);
        double l, g[4];
        plt_expect_ok(tu_run(&plt_engine_pauliprop, &f.m, &o, f.params, &l, g, NULL));
        double l2;
        plt_expect_ok(tu_run(&plt_engine_pauliprop, &f.m, &o, f.params, &l2, NULL, NULL));
        plt_expect_close(l, l2, 0, 1e-13);
        const double h = 1e-5;
        for (int k = 0; k < 4; k++) {
            double p[4], lp, lm;
            memcpy(p, f.params, sizeof p);
            p[k] += h;
            plt_expect_ok(tu_run(&plt_engine_pauliprop, &f.m, &o, p, &lp, NULL, NULL));
            p[k] -= 2 * h;
            plt_expect_ok(tu_run(&plt_engine_pauliprop, &f.m, &o, p, &lm, NULL, NULL));
            plt_expect_close(g[k], (lp - lm) / (2 * h), 0, 1e-7);
            gnorm += fabs(g[k]);
        }
        plt_test_opts_clear(&o);
        fixture_free(&f);
    }
    /* some of the three random models must depend on their parameters */
    assert_true(gnorm > 1e-6);
}

/* One qubit: RX(theta) then depolarising noise p, observable Z: <Z> = (1-p) cos theta;
 * X then noise: <Z> = -(1-p). */
static void test_noise_closed_form(void **state) {
    (void)state;
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    plt_pstring *x = NULL;
    plt_expect_ok(plt_circuit_new(1, &c));
    int k;
    plt_expect_ok(plt_circuit_add_param(c, "t", 0.0, &k));
    plt_expect_ok(plt_pstring_parse("X", 1, NULL, &x));
    plt_expect_ok(plt_circuit_add_rotation(c, x, k, 1.0, 0.0));
    int q0 = 0;
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_X, &q0));
    plt_expect_ok(plt_psum_parse("Z0", 1, NULL, &obs));
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    o.noise = 0.1;
    double th = 0.7, l, g;
    plt_expect_ok(tu_run(&plt_engine_pauliprop, &m, &o, &th, &l, &g, NULL));
    plt_expect_close(l, -0.9 * 0.9 * cos(th), 0, 1e-14);
    plt_expect_close(g, 0.9 * 0.9 * sin(th), 0, 1e-14);
    plt_pstring_free(x);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

/* Dephasing rho -> (1-d) rho + d Z rho Z keeps <Z> and damps <X>, <Y> by a = 1-2d; with
 * depolarising noise p as well, an X or Y factor is damped by (1-p)(1-2d), a Z by (1-p).
 * One qubit from |0>: RY(t) gives the Bloch vector (sin t, 0, cos t); the channels make it
 * (A sin t, 0, B cos t) with A = (1-p)(1-2d), B = 1-p; H swaps x and z, the channels again:
 * (A B cos t, 0, A B sin t). So <X + Z/2> = A B (cos t + sin t / 2). */
static void test_dephasing_closed_form(void **state) {
    (void)state;
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    plt_pstring *y = NULL;
    plt_expect_ok(plt_circuit_new(1, &c));
    int k;
    plt_expect_ok(plt_circuit_add_param(c, "t", 0.0, &k));
    plt_expect_ok(plt_pstring_parse("Y", 1, NULL, &y));
    plt_expect_ok(plt_circuit_add_rotation(c, y, k, 1.0, 0.0));
    double th = 0.9, l, g;
    plt_opts o;
    plt_opts_init(&o);
    plt_model m = {c, NULL, NULL};
    /* RY alone, dephasing only: <X> = (1-2d) sin t, <Z> = cos t. */
    o.dephasing = 0.15;
    plt_expect_ok(plt_psum_parse("X0", 1, NULL, &obs));
    m.obs = obs;
    plt_expect_ok(tu_run(&plt_engine_pauliprop, &m, &o, &th, &l, &g, NULL));
    plt_expect_close(l, 0.7 * sin(th), 0, 1e-14);
    plt_expect_close(g, 0.7 * cos(th), 0, 1e-14);
    plt_psum_free(obs);
    plt_expect_ok(plt_psum_parse("Z0", 1, NULL, &obs));
    m.obs = obs;
    plt_expect_ok(tu_run(&plt_engine_pauliprop, &m, &o, &th, &l, NULL, NULL));
    plt_expect_close(l, cos(th), 0, 1e-14);
    plt_psum_free(obs);
    /* Then H, both channels on. */
    int q0 = 0;
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_H, &q0));
    plt_expect_ok(plt_psum_parse("X0 + 0.5*Z0", 1, NULL, &obs));
    m.obs = obs;
    o.noise = 0.1;
    o.dephasing = 0.2;
    const double A = 0.9 * 0.6, B = 0.9;
    plt_expect_ok(tu_run(&plt_engine_pauliprop, &m, &o, &th, &l, &g, NULL));
    plt_expect_close(l, A * B * (cos(th) + 0.5 * sin(th)), 0, 1e-14);
    plt_expect_close(g, A * B * (-sin(th) + 0.5 * cos(th)), 0, 1e-14);
    /* Full dephasing (d = 1/2) erases X and Y: only the Z path survives, and after H nothing. */
    o.noise = 0;
    o.dephasing = 0.5;
    plt_expect_ok(tu_run(&plt_engine_pauliprop, &m, &o, &th, &l, NULL, NULL));
    plt_expect_close(l, 0.0, 0, 1e-15);
    plt_pstring_free(y);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

/* Two qubits: RY(t) on 0, then CZ(0, 1) and the quarter turn RZ(pi/2) on 1 (a run of
 * Cliffords), observable X0 Z1, both channels. Backwards: RZ's channel damps Z1 by B and
 * RZ keeps Z1; CZ's channels damp X0 by A and Z1 by B, and CZ maps X0 Z1 to X0; RY's channel
 * damps X0 by A. So the value is A^2 B^2 sin t, with A = (1-p)(1-2d), B = 1-p. */
static void test_dephasing_two_qubits(void **state) {
    (void)state;
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    plt_pstring *y = NULL, *z = NULL;
    plt_expect_ok(plt_circuit_new(2, &c));
    int k;
    plt_expect_ok(plt_circuit_add_param(c, "t", 0.0, &k));
    plt_expect_ok(plt_pstring_parse("YI", 2, NULL, &y));
    plt_expect_ok(plt_pstring_parse("IZ", 2, NULL, &z));
    plt_expect_ok(plt_circuit_add_rotation(c, y, k, 1.0, 0.0));
    int qs[2] = {0, 1};
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CZ, qs));
    plt_expect_ok(plt_circuit_add_rotation(c, z, -1, 0.0, M_PI / 2));
    plt_expect_ok(plt_psum_parse("X0*Z1", 2, NULL, &obs));
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    o.noise = 0.05;
    o.dephasing = 0.1;
    const double A = 0.95 * 0.8, B = 0.95, th = 0.4;
    double l, g;
    plt_expect_ok(tu_run(&plt_engine_pauliprop, &m, &o, &th, &l, &g, NULL));
    plt_expect_close(l, A * A * B * B * sin(th), 0, 1e-14);
    plt_expect_close(g, A * A * B * B * cos(th), 0, 1e-14);
    /* Engines that cannot model noise refuse it instead of ignoring it; "auto" then picks
     * pauliprop. */
    plt_engine *e = NULL;
    plt_expect_error(plt_engine_plan("statevector", &m, &o, &e), PLT_EUNSUPPORTED,
                     "does not model noise");
    assert_null(e);
    plt_cost cost;
    plt_expect_error(plt_engine_estimate("statevector", &m, &o, &cost), PLT_EUNSUPPORTED,
                     "dephasing 0.1");
    o.noise = 0;
    plt_expect_error(plt_engine_plan("statevector", &m, &o, &e), PLT_EUNSUPPORTED,
                     "does not model noise");
    plt_expect_ok(plt_engine_plan("auto", &m, &o, &e));
    assert_string_equal(plt_engine_plan_name(e), "pauliprop");
    plt_expect_ok(plt_engine_loss(e, &th, &l, NULL));
    plt_expect_close(l, 0.8 * 0.8 * sin(th), 0, 1e-14);
    plt_engine_free(e);
    plt_pstring_free(y);
    plt_pstring_free(z);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

static void test_refusals(void **state) {
    (void)state;
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    plt_expect_ok(plt_circuit_new(2, &c));
    plt_expect_ok(plt_psum_parse("Z0", 2, NULL, &obs));
    double u[8] = {1, 0, 0, 0, 0, 0, 1, 0};
    int q = 1;
    plt_expect_ok(plt_circuit_add_unitary(c, 1, &q, u));
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    void *p = NULL;
    plt_cost cost;
    plt_expect_error(plt_engine_pauliprop.plan(&p, &m, &o), PLT_EUNSUPPORTED,
                     "general 1-qubit unitary");
    plt_expect_error(plt_engine_pauliprop.estimate(&m, &o, &cost), PLT_EUNSUPPORTED, "op 0");
    plt_circuit_free(c);
    plt_expect_ok(plt_circuit_new(2, &c));
    char path[64], spec[80];
    tu_temp_file(path, sizeof path, "");
    snprintf(spec, sizeof spec, "shadows:%s", path);
    plt_state *s = NULL;
    /* Shadows are read when the state is parsed, so an empty file never reaches the engine. */
    plt_expect_error(plt_state_parse(spec, 2, "test", &s), PLT_EPARSE, "empty shadow file");
    unlink(path);
    assert_null(s);
    plt_model m0 = {c, obs, NULL};
    o.noise = 1.5;
    plt_expect_error(plt_engine_pauliprop.plan(&p, &m0, &o), PLT_EINVAL, "noise is 1.5");
    o.noise = 0;
    o.dephasing = 1.5;
    plt_expect_error(plt_engine_pauliprop.plan(&p, &m0, &o), PLT_EINVAL, "dephasing is 1.5");
    o.dephasing = NAN;
    plt_expect_error(plt_engine_pauliprop.estimate(&m0, &o, &cost), PLT_EINVAL, "dephasing is nan");
    plt_state_free(s);
    plt_psum_free(obs);
    plt_circuit_free(c);
}


/* The sum of |coefficient| of every dropped term is a rigorous bound on the loss error (each
 * dropped term moves the loss by at most its |coefficient|): checked for every truncation kind
 * and their mix, on random circuits, and that the bound is not vacuous (it drops to 0 when
 * nothing is dropped). */
static void test_dropped_l1_bounds_error(void **state) {
    (void)state;
    int bounded = 0;
    for (int trial = 0; trial < 24; trial++) {
        fixture f;
        fixture_make(&f, plt_test_seed() + 100 + (uint64_t)trial, 5 + trial % 4, 60 + 5 * trial);
        plt_opts o;
        plt_opts_init(&o);
        switch (trial % 6) {
        case 0: plt_test_opts_set(&o, "max-weight", 1 + trial % 3); break;
        case 1: plt_test_opts_set(&o, "min-abs", 0.05 + 0.02 * (trial % 5)); break;
        case 2: plt_test_opts_set(&o, "max-terms", 4 + trial); break;
        case 3: plt_test_opts_set(&o, "max-freq", 1 + trial % 3); break;
        case 4: plt_test_opts_set(&o, "small-angle", 0.3); break;
        default:
            plt_test_opts_set(&o, "max-weight", 2);
            plt_test_opts_set(&o, "min-abs", 0.02);
            plt_test_opts_set(&o, "max-freq", 3);
            break;
        }
        plt_stats s;
        double err = err_with(&f, &o, &s);
        plt_test_opts_clear(&o);
        if (err > 1e-12) assert_true(s.dropped_terms > 0);
        if (s.dropped_terms == 0) assert_true(s.dropped_l1 == 0);
        if (!(err <= s.dropped_l1 + 1e-12))
            fail_msg("trial %d: error %.3g exceeds the dropped L1 %.3g (seed %llu)", trial, err,
                     s.dropped_l1, (unsigned long long)plt_test_seed());
        assert_true(s.dropped_l1 * s.dropped_l1 + 1e-15 >= s.truncated_weight);
        bounded += s.dropped_terms > 0;
        fixture_free(&f);
    }
    assert_true(bounded >= 12); /* most trials really truncated something */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_max_weight_converges), cmocka_unit_test(test_min_abs_converges),
        cmocka_unit_test(test_max_terms_and_freq),   cmocka_unit_test(test_exact_flag),
        cmocka_unit_test(test_truncated_gradient),   cmocka_unit_test(test_noise_closed_form),
        cmocka_unit_test(test_dephasing_closed_form), cmocka_unit_test(test_dephasing_two_qubits),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_dropped_l1_bounds_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
