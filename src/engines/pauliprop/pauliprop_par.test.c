/* labels: agree */
/* pauliprop on tables large enough for the threaded paths (more than PP_PAR_MIN terms):
 * one thread and two hold the same terms (the parallel merge appends in branch order, so the
 * same terms are dropped) and give the same loss and gradient bit for bit (sums are made by
 * blocks fixed by the table's size, added in order), with and without truncations, noise and
 * path tracking; without truncation both equal the statevector engine. */
#include "engines/pauliprop/pp.h"
#include "engines/pauliprop/pp_testutil.h"

enum { N = 16, NOPS = 90, NP = 6 };

static int ident[N];

static plt_circuit *big_circuit(uint64_t seed) {
    return tu_random_circuit(seed, N, N, ident, NOPS, NP, 4);
}

static void run(const plt_model *m, plt_opts *o, int threads, const double *params, double *loss,
                double *grad, plt_stats *stats) {
    o->threads = threads;
    plt_expect_ok(tu_run(&plt_engine_pauliprop, m, o, params, loss, grad, stats));
}

/* Finds a seed whose circuit grows the table past the threaded threshold, so that the test
 * exercises what it claims to. */
static plt_circuit *grown_circuit(plt_model *m, plt_psum *obs, const double *params,
                                  size_t *peak) {
    uint64_t seed = plt_test_seed();
    for (int tries = 0; tries < 40; tries++, seed += 7919) {
        plt_circuit *c = big_circuit(seed);
        m->circuit = c;
        m->obs = obs;
        m->state = NULL;
        plt_opts o;
        plt_opts_init(&o);
        double l;
        plt_stats s;
        run(m, &o, 1, params, &l, NULL, &s);
        if (s.max_terms > 2 * (size_t)PP_PAR_MIN) {
            *peak = s.max_terms;
            return c;
        }
        plt_circuit_free(c);
    }
    return NULL;
}

static void test_threads_agree(void **state) {
    (void)state;
    for (int i = 0; i < N; i++) ident[i] = i;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    double params[NP];
    for (int k = 0; k < NP; k++) params[k] = 2 * M_PI * plt_test_rng_uniform(&r) - M_PI;
    plt_psum *obs = tu_random_obs(plt_test_seed() + 5, N, N, ident, 2, 2);
    plt_model m;
    size_t peak = 0;
    plt_circuit *c = grown_circuit(&m, obs, params, &peak);
    assert_non_null(c);
    assert_true(peak > 2 * (size_t)PP_PAR_MIN);

    /* Exact: threads 1 and 2 identical, both equal to the state vector. */
    plt_opts o;
    plt_opts_init(&o);
    double l1, l2, ls, g1[NP], g2[NP], gs[NP];
    run(&m, &o, 1, params, &l1, g1, NULL);
    run(&m, &o, 2, params, &l2, g2, NULL);
    plt_expect_ok(tu_run(&plt_engine_statevector, &m, &o, params, &ls, gs, NULL));
    assert_true(l1 == l2);
    plt_expect_close(l1, ls, 0, 1e-12);
    for (int k = 0; k < NP; k++) {
        assert_true(g1[k] == g2[k]);
        plt_expect_close(g1[k], gs[k], 0, 1e-10);
    }

    /* Truncated, noisy, with the path data tracked: still identical across threads, and the
     * truncation did drop something. */
    plt_opts_init(&o);
    plt_test_opts_set(&o, "min-abs", 1e-4);
    plt_test_opts_set(&o, "max-weight", 6);
    plt_test_opts_set(&o, "max-freq", 12);
    plt_test_opts_set(&o, "small-angle", 1e-6);
    o.noise = 0.01;
    o.dephasing = 0.02;
    plt_stats s1, s2;
    run(&m, &o, 1, params, &l1, g1, &s1);
    run(&m, &o, 2, params, &l2, g2, &s2);
    assert_true(l1 == l2);
    assert_true(s1.dropped_terms > 0);
    assert_true(s1.dropped_terms == s2.dropped_terms);
    assert_true(s1.max_terms == s2.max_terms);
    plt_expect_close(s1.truncated_weight, s2.truncated_weight, 1e-12, 0);
    for (int k = 0; k < NP; k++) assert_true(g1[k] == g2[k]);

    /* max_terms (selection by size) on the big table. */
    plt_test_opts_clear(&o);
    plt_opts_init(&o);
    plt_test_opts_set(&o, "max-terms", PP_PAR_MIN + 12345);
    run(&m, &o, 1, params, &l1, NULL, &s1);
    run(&m, &o, 2, params, &l2, NULL, &s2);
    assert_true(l1 == l2);
    assert_true(s1.max_terms == s2.max_terms && s1.dropped_terms == s2.dropped_terms);
    assert_true(s1.dropped_terms > 0);
    plt_test_opts_clear(&o);
    plt_circuit_free(c);
    plt_psum_free(obs);
}

/* pp_propagate applies runs of Cliffords in one pass; stepping through the same ops one at a
 * time must keep the same terms, drop the same ones and give the same value, with weight
 * and coefficient truncations and noise active. */
static void test_clifford_runs(void **state) {
    (void)state;
    for (int i = 0; i < N; i++) ident[i] = i;
    uint64_t seed = plt_test_seed();
    size_t tabs = 0;
    for (int trial = 0; trial < 16; trial++) {
        const int n = 6 + trial % 5;
        plt_circuit *c = tu_random_circuit(seed + 101 * (uint64_t)trial, n, n, ident, 80, 3, 3);
        plt_psum *obs = tu_random_obs(seed + 103 * (uint64_t)trial, n, n, ident, 3, 2);
        plt_model m = {c, obs, NULL};
        plt_opts o;
        plt_opts_init(&o);
        /* max_weight 0 without noise: the runs are composed into tableaux. */
        const int max_weight = trial % 4 == 3 ? 0 : 1 + trial % 4;
        plt_test_opts_set(&o, "max-weight", max_weight);
        plt_test_opts_set(&o, "min-abs", trial % 2 ? 1e-3 : 0);
        o.noise = trial % 3 == 1 || max_weight ? (trial % 3 ? 0.02 : 0) : 0;
        o.dephasing = trial % 4 == 1 ? 0.03 : 0;
        double params[3] = {0.3, -1.1, 2.0};
        void *st = NULL;
        plt_expect_ok(plt_engine_pauliprop.plan(&st, &m, &o));
        pp_plan *p = st;
        tabs += p->ntabs;
        pp_table a, b;
        pp_table_init(&a, p->nw, p->obs.tf, p->obs.ts);
        pp_table_init(&b, p->nw, p->obs.tf, p->obs.ts);
        pp_acc acc_a = {0}, acc_b = {0};
        plt_expect_ok(pp_table_copy(&a, &p->obs));
        plt_expect_ok(pp_truncate(&a, &p->tr, &p->sc, &acc_a, 1));
        plt_expect_ok(pp_table_copy(&b, &a));
        acc_b = acc_a;
        p->acc = acc_a;
        plt_expect_ok(pp_propagate(p, params, p->nsteps, 0, &a));
        acc_a = p->acc;
        int runs = 0;
        for (size_t k = p->nsteps; k > 0; k--) {
            const pp_step *s = &p->steps[k - 1];
            runs += k >= 2 && s->kind != PP_ROT && p->steps[k - 2].kind != PP_ROT;
            double th = 0;
            if (s->kind == PP_ROT) th = s->param >= 0 ? s->a * params[s->param] + s->b : s->b;
            plt_expect_ok(pp_step_apply(&b, s, s->kind != PP_CLIFF ? p->gens + s->gen : NULL, th,
                                        &p->tr, &p->sc, &acc_b));
        }
        assert_true(runs > 0);
        assert_true(a.count == b.count);
        assert_true(acc_a.dropped_n == acc_b.dropped_n);
        plt_expect_close(acc_a.dropped_w2, acc_b.dropped_w2, 1e-12, 1e-15);
        plt_expect_close(pp_overlap(p, &a, NULL), pp_overlap(p, &b, NULL), 0, 1e-14);
        pp_table_free(&a);
        pp_table_free(&b);
        plt_engine_pauliprop.free(st);
        plt_test_opts_clear(&o);
        plt_circuit_free(c);
        plt_psum_free(obs);
    }
    assert_true(tabs > 0);
}

/* Fused layers past their threaded size (kicked Ising on a ladder, one shared angle): the
 * forward's blocks and the layer adjoint's are fixed by the table's size, so one thread and
 * two give the same loss, gradient and dropped weight bit for bit, truncated or not. */
static void test_layers_threads(void **state) {
    (void)state;
    enum { NQ = 14 };
    int edges[2 * NQ][2], ne = 0;
    for (int q = 0; q + 1 < NQ; q++) {
        edges[ne][0] = q;
        edges[ne++][1] = q + 1;
    }
    for (int q = 0; q + 4 < NQ; q += 3) {
        edges[ne][0] = q;
        edges[ne++][1] = q + 4;
    }
    /* Per step RX(theta) on every qubit (one parameter), then RZZ(-pi/2) on every edge. */
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(NQ, &c));
    int par;
    plt_expect_ok(plt_circuit_add_param(c, "theta", 0.0, &par));
    for (int step = 0; step < 4; step++) {
        for (int q = 0; q < NQ; q++) {
            plt_pstring *g = NULL;
            plt_expect_ok(plt_pstring_new(NQ, &g));
            plt_expect_ok(plt_pstring_set(g, q, 'X'));
            plt_expect_ok(plt_circuit_add_rotation(c, g, par, 1.0, 0.0));
            plt_pstring_free(g);
        }
        for (int e = 0; e < ne; e++) {
            plt_pstring *g = NULL;
            plt_expect_ok(plt_pstring_new(NQ, &g));
            plt_expect_ok(plt_pstring_set(g, edges[e][0], 'Z'));
            plt_expect_ok(plt_pstring_set(g, edges[e][1], 'Z'));
            plt_expect_ok(plt_circuit_add_rotation(c, g, -1, 0.0, -M_PI / 2));
            plt_pstring_free(g);
        }
    }
    plt_psum *obs = NULL;
    plt_expect_ok(plt_psum_parse("Z7 + 0.5*Z3*Z4", NQ, NULL, &obs));
    plt_model m = {c, obs, NULL};
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 17);
    const double th = 0.3 + 0.6 * plt_test_rng_uniform(&r);
    for (int t = 0; t < 2; t++) {
        plt_opts o;
        plt_opts_init(&o);
        plt_test_opts_set(&o, "min-abs", t ? 1e-5 : 0);
        double l1, l2, g1, g2;
        plt_stats s1, s2;
        run(&m, &o, 1, &th, &l1, &g1, &s1);
        run(&m, &o, 2, &th, &l2, &g2, &s2);
        assert_true(s1.max_terms > 8 * (size_t)PP_PAR_MIN_LAYER);
        assert_true(l1 == l2 && g1 == g2);
        assert_true(s1.dropped_terms == s2.dropped_terms);
        assert_true(s1.truncated_weight == s2.truncated_weight);
        if (t) {
            assert_true(s1.dropped_terms > 0);
        } else {
            double ls, gs;
            plt_expect_ok(tu_run(&plt_engine_statevector, &m, &o, &th, &ls, &gs, NULL));
            plt_expect_close(l1, ls, 0, 1e-12);
            plt_expect_close(g1, gs, 0, 1e-10);
        }
        plt_test_opts_clear(&o);
    }
    plt_circuit_free(c);
    plt_psum_free(obs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layers_threads),
        cmocka_unit_test(test_clifford_runs),
        cmocka_unit_test(test_threads_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
