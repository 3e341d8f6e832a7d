/* labels: agree */
/* The pauliprop gradient (pp_grad.c, pp_layer_adjoint) on layered circuits, where the loss
 * fuses rotation layers and composes Clifford runs: without truncation against the
 * statevector adjoint and central differences; with truncations whose decisions do not move
 * under a small step, against central differences of the truncated loss; the value returned
 * with the gradient equal to the loss alone, bit for bit; the gradient the same for any
 * checkpoint spacing and for one or two threads; a class wider than 64 rotations. */
#include <stdio.h>

#include "engines/pauliprop/pp.h"
#include "engines/pauliprop/pp_testutil.h"

static int ident[128];

enum { MAXP = 8 };

/* nl layers on n qubits (pp_testutil.h), about one rotation in five constant, with a
 * parameterised ZZ rotation in every other layer that splits the next layer from this one. */
static plt_circuit *layered(uint64_t seed, int n, int nl, int np, int diag) {
    return tu_layered_circuit(seed, n, n, ident, nl, np, 5, diag, 1);
}

static void random_params(plt_test_rng *r, double *p, int np) {
    for (int k = 0; k < np; k++) p[k] = 2 * M_PI * plt_test_rng_uniform(r) - M_PI;
}

/* Plan, then loss (and gradient when grad) with the checkpoint knobs set on the plan. */
static void run(const plt_model *m, const plt_opts *o, const double *params, size_t spacing,
                double budget, double *loss, double *grad, plt_stats *stats) {
    void *st = NULL;
    plt_expect_ok(plt_engine_pauliprop.plan(&st, m, o));
    pp_plan *p = st;
    p->grad_spacing = spacing;
    p->grad_budget = budget;
    plt_expect_ok(plt_engine_pauliprop.loss(st, params, loss, grad));
    if (stats) plt_engine_pauliprop.stats(st, stats);
    plt_engine_pauliprop.free(st);
}

/* Central differences of the loss; returns 1 when the truncation dropped as many terms at
 * both points as at params (its decisions did not move), else 0 (fd not set). */
static int central(const plt_model *m, const plt_opts *o, const double *params, int k,
                   double h, size_t dropped, double *fd) {
    double pp[MAXP], lp, lm;
    plt_stats sp, sm;
    memcpy(pp, params, sizeof pp);
    pp[k] = params[k] + h;
    run(m, o, pp, 0, 0, &lp, NULL, &sp);
    pp[k] = params[k] - h;
    run(m, o, pp, 0, 0, &lm, NULL, &sm);
    if (sp.dropped_terms != dropped || sm.dropped_terms != dropped) return 0;
    *fd = (lp - lm) / (2 * h);
    return 1;
}

/* Untruncated: the statevector's loss and adjoint gradient, and central differences. */
static void test_exact(void **state) {
    (void)state;
    const uint64_t seed = plt_test_seed();
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    for (int trial = 0; trial < 16; trial++) {
        const int n = 2 + trial % 7, np = 1 + trial % 4;
        plt_circuit *c = layered(seed + 11 * (uint64_t)trial, n, 2 + trial % 3, np, trial % 3 == 2);
        plt_psum *obs = tu_random_obs(seed + 13 * (uint64_t)trial, n, n, ident, 3, 3);
        plt_state *s = NULL;
        if (trial % 2) {
            char spec[80] = "basis:";
            for (int q = 0; q < n; q++) spec[6 + q] = plt_test_rng_int(&r, 2) ? '1' : '0';
            spec[6 + n] = 0;
            plt_expect_ok(plt_state_parse(spec, n, "test", &s));
        }
        plt_model m = {c, obs, s};
        plt_opts o;
        plt_opts_init(&o);
        o.threads = 1;
        double params[MAXP] = {0}, lp, ls, l0, gp[MAXP], gs[MAXP];
        random_params(&r, params, np);
        run(&m, &o, params, 0, 0, &l0, NULL, NULL);
        run(&m, &o, params, 0, 0, &lp, gp, NULL);
        plt_expect_ok(tu_run(&plt_engine_statevector, &m, &o, params, &ls, gs, NULL));
        assert_true(lp == l0);
        plt_expect_close(lp, ls, 0, 1e-12);
        for (int k = 0; k < np; k++) {
            plt_expect_close(gp[k], gs[k], 0, 1e-10);
            double fd;
            assert_true(central(&m, &o, params, k, 1e-5, 0, &fd));
            plt_expect_close(gp[k], fd, 0, 1e-7);
        }
        plt_state_free(s);
        plt_circuit_free(c);
        plt_psum_free(obs);
    }
}

/* Noise is exact (no truncation), but turns layers off and acts inside Clifford runs (they
 * go back by their images): central differences of the noisy loss. */
static void test_noise(void **state) {
    (void)state;
    const uint64_t seed = plt_test_seed() + 100;
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    for (int trial = 0; trial < 6; trial++) {
        const int n = 3 + trial % 4, np = 2;
        plt_circuit *c = layered(seed + (uint64_t)trial, n, 3, np, trial % 2);
        plt_psum *obs = tu_random_obs(seed + 3 * (uint64_t)trial, n, n, ident, 3, 3);
        plt_model m = {c, obs, NULL};
        plt_opts o;
        plt_opts_init(&o);
        o.threads = 1;
        o.noise = 0.02;
        o.dephasing = trial % 2 ? 0.03 : 0;
        double params[MAXP] = {0}, l, l0, g[MAXP];
        random_params(&r, params, np);
        run(&m, &o, params, 0, 0, &l0, NULL, NULL);
        run(&m, &o, params, 0, 0, &l, g, NULL);
        assert_true(l == l0);
        for (int k = 0; k < np; k++) {
            double fd;
            assert_true(central(&m, &o, params, k, 1e-5, 0, &fd));
            plt_expect_close(g[k], fd, 0, 1e-7);
        }
        plt_circuit_free(c);
        plt_psum_free(obs);
    }
}

/* The truncations, one at a time: max_weight and max_freq decide independently of the
 * angles, min_abs and small_angle on values (compared only where the number dropped is the
 * same at both difference points). Central differences of the truncated loss; the value
 * equal to the loss alone. */
static void test_truncated(void **state) {
    (void)state;
    static const struct {
        const char *name;
        double value;
    } tr[] = {{"max-weight", 3}, {"max-freq", 3}, {"min-abs", 2e-3}, {"small-angle", 0.2}};
    const uint64_t seed = plt_test_seed() + 200;
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    int compared = 0, tried = 0, acted = 0;
    for (int trial = 0; trial < 16; trial++) {
        const int n = 4 + trial % 5, np = 3;
        plt_circuit *c = layered(seed + 5 * (uint64_t)trial, n, 3, np, trial % 2);
        plt_psum *obs = tu_random_obs(seed + 7 * (uint64_t)trial, n, n, ident, 3, 3);
        plt_model m = {c, obs, NULL};
        plt_opts o;
        plt_opts_init(&o);
        o.threads = 1;
        plt_test_opts_set(&o, tr[trial % 4].name, tr[trial % 4].value);
        double params[MAXP] = {0}, l, l0, g[MAXP];
        random_params(&r, params, np);
        plt_stats s;
        run(&m, &o, params, 0, 0, &l0, NULL, &s);
        run(&m, &o, params, 0, 0, &l, g, NULL);
        assert_true(l == l0);
        acted += s.dropped_terms > 0;
        for (int k = 0; k < np; k++) {
            double fd;
            tried++;
            if (!central(&m, &o, params, k, 1e-6, s.dropped_terms, &fd)) continue;
            compared++;
            plt_expect_close(g[k], fd, 0, 1e-6);
        }
        plt_test_opts_clear(&o);
        plt_circuit_free(c);
        plt_psum_free(obs);
    }
    assert_true(compared >= tried / 2);
    assert_true(acted >= 14); /* the truncations act */
}

/* Checkpoints at every group, every 2nd, 3rd, 5th, by memory with a budget of one byte (all
 * but every sqrt-th freed at once) and of part of the tables (freed halfway): the same loss
 * bit for bit, equal to the loss alone, and the same gradient; one and two threads (the
 * layers' adjoint then looks its strings up instead of walking the output) agree. */
static void check_spacings(const plt_model *m, plt_opts *o, const double *params, int np) {
    double l0, lref, gref[MAXP];
    plt_stats s;
    o->threads = 1;
    run(m, o, params, 0, 0, &l0, NULL, &s);
    run(m, o, params, 1, 0, &lref, gref, NULL);
    assert_true(lref == l0);
    const double part = 40.0 * 4 * (double)s.max_terms;
    const size_t sp[] = {2, 3, 5, 0, 0, 0};
    const double bud[] = {0, 0, 0, 0, 1, part};
    for (int v = 0; v < 6; v++) {
        double l, g[MAXP];
        run(m, o, params, sp[v], bud[v], &l, g, NULL);
        assert_true(l == l0);
        for (int k = 0; k < np; k++) plt_expect_close(g[k], gref[k], 1e-13, 1e-13);
    }
    o->threads = 2;
    double l2, g2[MAXP];
    run(m, o, params, 0, 0, &l2, g2, NULL);
    o->threads = 1;
    assert_true(l2 == l0);
    for (int k = 0; k < np; k++) assert_true(g2[k] == gref[k]);
}

static void test_checkpoints(void **state) {
    (void)state;
    static const struct {
        const char *name;
        double value;
    } tr[] = {{NULL, 0},       {"min-abs", 1e-3},    {"max-weight", 4},
              {"max-terms", 300}, {"small-angle", 0.02}, {"max-freq", 4}};
    const uint64_t seed = plt_test_seed() + 300;
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    for (int trial = 0; trial < 12; trial++) {
        const int n = 6 + trial % 4, np = 3;
        plt_circuit *c = layered(seed + 9 * (uint64_t)trial, n, 4, np, trial % 3 == 1);
        plt_psum *obs = tu_random_obs(seed + 19 * (uint64_t)trial, n, n, ident, 4, 3);
        plt_model m = {c, obs, NULL};
        plt_opts o;
        plt_opts_init(&o);
        if (tr[trial % 6].name) plt_test_opts_set(&o, tr[trial % 6].name, tr[trial % 6].value);
        if (trial == 11) o.noise = 0.01;
        double params[MAXP] = {0};
        random_params(&r, params, np);
        check_spacings(&m, &o, params, np);
        plt_test_opts_clear(&o);
        plt_circuit_free(c);
        plt_psum_free(obs);
    }
}

/* 70 qubits in a line: RX layers under Z on every qubit, a class touched by all 70 rotations
 * of a layer (more than the 64 a pattern holds, so strings are carried whole), with min_abs
 * keeping it small; central differences where the decisions hold, and the spacings. */
static void test_wide_class(void **state) {
    (void)state;
    enum { N = 70 };
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(N, &c));
    int idx;
    plt_expect_ok(plt_circuit_add_param(c, "a", 0.0, &idx));
    plt_expect_ok(plt_circuit_add_param(c, "b", 0.0, &idx));
    for (int l = 0; l < 2; l++) {
        for (int q = 0; q < N; q++) {
            plt_pstring *g = NULL;
            plt_expect_ok(plt_pstring_new(N, &g));
            plt_expect_ok(plt_pstring_set(g, q, 'X'));
            plt_expect_ok(plt_circuit_add_rotation(c, g, q % 3 ? l : -1, 1.0, q % 3 ? 0 : 0.01));
            plt_pstring_free(g);
        }
        for (int q = 0; q + 1 < N; q++) {
            int qq[2] = {q, q + 1};
            plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CZ, qq));
        }
    }
    char text[4 * N + 8] = "";
    for (int q = 0; q < N; q++) {
        char f[16];
        snprintf(f, sizeof f, "%sZ%d", q ? "*" : "", q);
        strcat(text, f);
    }
    plt_psum *obs = NULL;
    plt_expect_ok(plt_psum_parse(text, N, NULL, &obs));
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    o.threads = 1;
    plt_test_opts_set(&o, "min-abs", 1e-4);
    const double params[MAXP] = {0.02, -0.015};
    double l, l0, g[2];
    plt_stats s;
    run(&m, &o, params, 0, 0, &l0, NULL, &s);
    run(&m, &o, params, 0, 0, &l, g, NULL);
    assert_true(l == l0);
    assert_true(s.dropped_terms > 0);
    for (int k = 0; k < 2; k++) {
        double fd;
        assert_true(central(&m, &o, params, k, 1e-6, s.dropped_terms, &fd));
        plt_expect_close(g[k], fd, 1e-6, 1e-6);
    }
    check_spacings(&m, &o, params, 2);
    plt_test_opts_clear(&o);
    plt_circuit_free(c);
    plt_psum_free(obs);
}

int main(void) {
    for (int i = 0; i < 128; i++) ident[i] = i;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact),       cmocka_unit_test(test_noise),
        cmocka_unit_test(test_truncated),   cmocka_unit_test(test_checkpoints),
        cmocka_unit_test(test_wide_class),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
