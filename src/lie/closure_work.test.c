/* labels: unit */
/* The closure's work cap and progress callback: a capped closure stops at the same place on
 * every run (also with a busy thread beside it), reports itself incomplete with a lower bound
 * that never exceeds the true dimension, and the callback can stop it. */
#include <pthread.h>
#include <stdatomic.h>

#include "support/test.h"
#include "plateau/lie.h"

/* The XXZ Hamiltonian variational ansatz's generators on an open chain: the even bonds and
 * the odd bonds, each a sum of XX + YY + 0.5 ZZ (a Pauli-sum algebra with dense elements). */
static size_t xxz(int n, plt_psum **g) {
    char text[4096];
    for (int parity = 0; parity < 2; parity++) {
        text[0] = 0;
        for (int i = parity; i + 1 < n; i += 2) {
            char t[96];
            snprintf(t, sizeof t, "%sX%d*X%d + Y%d*Y%d + 0.5*Z%d*Z%d", text[0] ? " + " : "", i,
                     i + 1, i, i + 1, i, i + 1);
            strcat(text, t);
        }
        g[parity] = NULL;
        plt_expect_ok(plt_psum_parse(text, n, "test", &g[parity]));
    }
    return 2;
}

typedef struct outcome {
    size_t dim, bound;
    double work;
    plt_lie_stop stop;
    int complete;
} outcome;

static outcome close_sums(plt_psum **g, size_t m, double cap) {
    plt_lie_closure_opts o;
    plt_lie_closure_opts_init(&o);
    o.max_work = cap;
    plt_dla *d = NULL;
    plt_expect_ok(plt_lie_closure_with((const plt_psum *const *)g, m, &o, &d));
    outcome r = {plt_dla_dim(d), plt_dla_lower_bound(d), plt_dla_work(d), plt_dla_stop(d),
                 plt_dla_complete(d)};
    plt_dla_free(d);
    return r;
}

static void expect_same(outcome a, outcome b) {
    assert_int_equal(a.dim, b.dim);
    assert_int_equal(a.bound, b.bound);
    assert_int_equal(a.stop, b.stop);
    assert_int_equal(a.complete, b.complete);
    if (a.work != b.work) {
        print_error("work %.17g then %.17g\n", a.work, b.work);
        fail();
    }
}

static void *spin(void *arg) {
    atomic_int *stop = arg;
    volatile double x = 0;
    while (!atomic_load(stop)) x = x + 1;
    return NULL;
}

/* The same cap stops at the same place: twice, then with a thread spinning beside it. */
static void test_same_stop(void **state) {
    (void)state;
    plt_psum *g[2];
    xxz(8, g);
    const double cap = 3e6;
    outcome a = close_sums(g, 2, cap), b = close_sums(g, 2, cap);
    assert_int_equal(a.stop, PLT_LIE_STOP_WORK);
    assert_int_equal(a.complete, 0);
    expect_same(a, b);
    atomic_int stop = 0;
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, spin, &stop), 0);
    outcome c = close_sums(g, 2, cap);
    atomic_store(&stop, 1);
    pthread_join(th, NULL);
    expect_same(a, c);
    /* The string route too: the TFIM chain on 30 qubits closes to so(60), dimension 1770. */
    plt_pstring *p[59];
    size_t m = 0;
    char t[32];
    for (int i = 0; i < 30; i++) {
        snprintf(t, sizeof t, "X%d", i);
        plt_expect_ok(plt_pstring_parse(t, 30, "test", &p[m++]));
    }
    for (int i = 0; i + 1 < 30; i++) {
        snprintf(t, sizeof t, "Z%d*Z%d", i, i + 1);
        plt_expect_ok(plt_pstring_parse(t, 30, "test", &p[m++]));
    }
    plt_lie_closure_opts o;
    plt_lie_closure_opts_init(&o);
    o.max_work = 2e4;
    size_t dims[2];
    double works[2];
    for (int rep = 0; rep < 2; rep++) {
        plt_dla *d = NULL;
        plt_expect_ok(plt_lie_closure_strings_with((const plt_pstring *const *)p, m, &o, &d));
        assert_int_equal(plt_dla_stop(d), PLT_LIE_STOP_WORK);
        dims[rep] = plt_dla_lower_bound(d);
        works[rep] = plt_dla_work(d);
        assert_true(dims[rep] < 1770);
        plt_dla_free(d);
    }
    assert_int_equal(dims[0], dims[1]);
    assert_true(works[0] == works[1]);
    o.max_work = 0;
    plt_dla *d = NULL;
    plt_expect_ok(plt_lie_closure_strings_with((const plt_pstring *const *)p, m, &o, &d));
    assert_int_equal(plt_dla_dim(d), 1770);
    assert_int_equal(plt_dla_stop(d), PLT_LIE_DONE);
    /* each element bracketed with each of the 59 generators */
    assert_true(plt_dla_work(d) >= 1770.0 * 59);
    plt_dla_free(d);
    for (size_t i = 0; i < m; i++) plt_pstring_free(p[i]);
    plt_psum_free(g[0]);
    plt_psum_free(g[1]);
}

/* A closure stopped by the cap is incomplete, its lower bound at most the true dimension
 * (245 for the XXZ ansatz on 6 qubits), and it stops near the cap. */
static void test_lower_bound(void **state) {
    (void)state;
    plt_psum *g[2];
    xxz(6, g);
    outcome full = close_sums(g, 2, 0);
    assert_int_equal(full.complete, 1);
    assert_int_equal(full.stop, PLT_LIE_DONE);
    assert_int_equal(full.dim, 245);
    assert_int_equal(full.bound, 245);
    size_t last = 0;
    const double caps[] = {2e4, 1e5, 4e5};
    for (size_t k = 0; k < sizeof caps / sizeof *caps; k++) {
        outcome r = close_sums(g, 2, caps[k]);
        assert_int_equal(r.complete, 0);
        assert_int_equal(r.stop, PLT_LIE_STOP_WORK);
        assert_true(r.dim <= r.bound);
        assert_true(r.bound >= 1 && r.bound < 245);
        assert_true(r.bound >= last); /* more work finds no fewer */
        last = r.bound;
        assert_true(r.work >= 0.8 * caps[k]);
        if (r.work > 1.25 * caps[k] + 2e4) {
            print_error("cap %g, work %g\n", caps[k], r.work);
            fail();
        }
    }
    /* A cap above the closure's own work changes nothing. */
    outcome big = close_sums(g, 2, 10 * full.work);
    expect_same(full, big);
    plt_psum_free(g[0]);
    plt_psum_free(g[1]);
}

typedef struct calls {
    int n, stop_at;
    double last_done, total;
} calls;

static int count(void *ctx, const plt_progress *p) {
    calls *c = ctx;
    assert_true(p->done > c->last_done);
    assert_string_equal(p->what, "lie closure");
    c->last_done = p->done;
    c->total = p->total;
    return ++c->n >= c->stop_at;
}

/* The callback is called every so often, and a nonzero return stops the closure:
 * PLT_EINTERRUPTED, or with keep_partial the basis so far. */
static void test_cancel(void **state) {
    (void)state;
    plt_psum *g[2];
    xxz(8, g);
    plt_lie_closure_opts o;
    plt_lie_closure_opts_init(&o);
    o.max_work = 3e7;
    calls c = {0, 2, 0, 0};
    o.progress_fn = count;
    o.progress_ctx = &c;
    plt_dla *d = NULL;
    plt_expect_error(plt_lie_closure_with((const plt_psum *const *)g, 2, &o, &d),
                     PLT_EINTERRUPTED, "stopped by its caller");
    assert_null(d);
    assert_int_equal(c.n, 2);
    assert_true(c.total == 3e7);
    /* never per bracket: at most one call per 2^22 units of work */
    assert_true(c.last_done >= 2.0 * (1 << 22));
    c = (calls){0, 2, 0, 0};
    o.keep_partial = 1;
    plt_expect_ok(plt_lie_closure_with((const plt_psum *const *)g, 2, &o, &d));
    assert_int_equal(plt_dla_stop(d), PLT_LIE_STOP_CALLER);
    assert_int_equal(plt_dla_complete(d), 0);
    assert_true(plt_dla_lower_bound(d) >= 1);
    assert_true(plt_dla_work(d) < 3e7);
    plt_dla_free(d);
    o.max_work = -1;
    plt_expect_error(plt_lie_closure_with((const plt_psum *const *)g, 2, &o, &d), PLT_EINVAL,
                     "work cap");
    o.max_work = NAN;
    plt_expect_error(plt_lie_closure_with((const plt_psum *const *)g, 2, &o, &d), PLT_EINVAL,
                     "work cap");
    plt_psum_free(g[0]);
    plt_psum_free(g[1]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_stop),
        cmocka_unit_test(test_lower_bound),
        cmocka_unit_test(test_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
