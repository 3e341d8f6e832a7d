/* labels: agree */
/* pauliprop on tables large enough for the threaded paths (more than PP_PAR_MIN terms):
 * one thread and two hold the same terms (the parallel merge appends in branch order, so the
 * same terms are dropped) and give the same loss and gradient up to the order of the final
 * sums, with and without truncations, noise and path tracking; without truncation both
 * equal the statevector engine. */
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
        if (getenv("PP_TEST_VERBOSE")) fprintf(stderr, "seed %llu: peak %zu\n", (unsigned long long)seed, s.max_terms);
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
    plt_expect_close(l1, l2, 0, 1e-13);
    plt_expect_close(l1, ls, 0, 1e-12);
    for (int k = 0; k < NP; k++) {
        plt_expect_close(g1[k], g2[k], 0, 1e-13);
        plt_expect_close(g1[k], gs[k], 0, 1e-10);
    }

    /* Truncated, noisy, with the path data tracked: still identical across threads, and the
     * truncation did drop something. */
    plt_opts_init(&o);
    o.min_abs = 1e-4;
    o.max_weight = 6;
    o.max_freq = 12;
    o.small_angle = 1e-6;
    o.noise = 0.01;
    plt_stats s1, s2;
    run(&m, &o, 1, params, &l1, g1, &s1);
    run(&m, &o, 2, params, &l2, g2, &s2);
    plt_expect_close(l1, l2, 0, 1e-13);
    assert_true(s1.dropped_terms > 0);
    assert_true(s1.dropped_terms == s2.dropped_terms);
    assert_true(s1.max_terms == s2.max_terms);
    plt_expect_close(s1.truncated_weight, s2.truncated_weight, 1e-12, 0);
    for (int k = 0; k < NP; k++) plt_expect_close(g1[k], g2[k], 0, 1e-13);

    /* max_terms (selection by size) on the big table. */
    plt_opts_init(&o);
    o.max_terms = PP_PAR_MIN + 12345;
    run(&m, &o, 1, params, &l1, NULL, &s1);
    run(&m, &o, 2, params, &l2, NULL, &s2);
    plt_expect_close(l1, l2, 0, 1e-13);
    assert_true(s1.max_terms == s2.max_terms && s1.dropped_terms == s2.dropped_terms);
    assert_true(s1.dropped_terms > 0);
    plt_circuit_free(c);
    plt_psum_free(obs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
