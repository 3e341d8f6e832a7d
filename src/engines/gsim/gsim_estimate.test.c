/* labels: unit */
/* gsim's estimate decides on counted work, never on a clock: the same model gets the same
 * status, message and cost on every call, with a thread spinning beside it too; a closure past
 * the work cap is declined naming the cap; the plan's progress callback can stop it. */
#include <pthread.h>
#include <stdatomic.h>

#include "engines/gsim/gsim.h"
#include "engines/gsim/gsim_testutil.h"

/* S_n-equivariant layers: one parameter for every X_i, one for every Y_i, one for every
 * Z_i Z_j (i < j). The single strings generate a huge algebra; the three sums do not, but
 * their closure at 40 qubits is far past the estimate's work cap. */
static plt_circuit *sn_circuit(int n) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    int px, py, pz;
    plt_expect_ok(plt_circuit_add_param(c, "x", 0, &px));
    plt_expect_ok(plt_circuit_add_param(c, "y", 0, &py));
    plt_expect_ok(plt_circuit_add_param(c, "zz", 0, &pz));
    char gen[32];
    for (int i = 0; i < n; i++) {
        snprintf(gen, sizeof gen, "X%d", i);
        gst_rot(c, gen, px, 1, 0);
    }
    for (int i = 0; i < n; i++) {
        snprintf(gen, sizeof gen, "Y%d", i);
        gst_rot(c, gen, py, 1, 0);
    }
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            snprintf(gen, sizeof gen, "Z%d*Z%d", i, j);
            gst_rot(c, gen, pz, 1, 0);
        }
    return c;
}

typedef struct answer {
    plt_status st;
    char msg[512];
    plt_cost cost;
} answer;

static answer estimate(const plt_model *m) {
    answer a;
    memset(&a, 0, sizeof a);
    plt_error_clear();
    a.st = plt_engine_gsim.estimate(m, NULL, &a.cost);
    snprintf(a.msg, sizeof a.msg, "%s", a.st ? plt_error_last()->message : "");
    return a;
}

static void expect_same(const answer *a, const answer *b) {
    assert_int_equal(a->st, b->st);
    assert_string_equal(a->msg, b->msg);
    assert_true(a->cost.seconds == b->cost.seconds);
    assert_true(a->cost.bytes == b->cost.bytes);
}

static void *spin(void *arg) {
    atomic_int *stop = arg;
    volatile double x = 0;
    while (!atomic_load(stop)) x = x + 1;
    return NULL;
}

static void test_deterministic(void **state) {
    (void)state;
    /* Declined at the work cap: the same message (work and dimension reached) each time. */
    plt_circuit *c = sn_circuit(40);
    plt_psum *o = gst_sum("Z0", 40);
    plt_model m = {c, o, NULL};
    answer a = estimate(&m), b = estimate(&m);
    assert_int_equal(a.st, PLT_EUNSUPPORTED);
    char want[64];
    snprintf(want, sizeof want, "work cap (%.3g units", gsim_estimate_work());
    if (!strstr(a.msg, want)) {
        print_error("unexpected message: %s\n", a.msg);
        fail();
    }
    expect_same(&a, &b);
    atomic_int stop = 0;
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, spin, &stop), 0);
    answer busy = estimate(&m);
    atomic_store(&stop, 1);
    pthread_join(th, NULL);
    expect_same(&a, &busy);
    plt_circuit_free(c);
    plt_psum_free(o);
    /* Accepted: the same predicted cost, to the bit, from counted work. */
    c = sn_circuit(6);
    o = gst_sum("Z0", 6);
    m = (plt_model){c, o, NULL};
    a = estimate(&m);
    b = estimate(&m);
    plt_expect_ok(a.st);
    expect_same(&a, &b);
    assert_true(a.cost.seconds > 0);
    assert_int_equal(a.cost.exactness, PLT_EXACT);
    plt_circuit_free(c);
    plt_psum_free(o);
}

static int stop_now(void *ctx, const plt_progress *p) {
    (void)p;
    ++*(int *)ctx;
    return 1;
}

/* The plan has no work cap; the caller's callback stops it (PLT_EINTERRUPTED). */
static void test_plan_cancel(void **state) {
    (void)state;
    plt_circuit *c = sn_circuit(12);
    plt_psum *o = gst_sum("Z0", 12);
    plt_model m = {c, o, NULL};
    plt_opts opts;
    plt_opts_init(&opts);
    int calls = 0;
    opts.progress_fn = stop_now;
    opts.progress_ctx = &calls;
    double loss = 0, p[3] = {0.1, 0.2, 0.3};
    plt_expect_error(gst_gsim(&m, &opts, p, &loss, NULL), PLT_EINTERRUPTED,
                     "stopped by its caller");
    assert_int_equal(calls, 1);
    plt_circuit_free(c);
    plt_psum_free(o);
}

static int stop_pairs(void *ctx, const plt_progress *p) {
    int *seen = ctx;
    if (strcmp(p->what, "lie closure") == 0) seen[0]++;
    if (strcmp(p->what, "gsim plan") == 0) seen[1]++;
    return strcmp(p->what, "gsim plan") == 0;
}

/* After the closure the plan builds the pair lists (dimension x generators brackets, here
 * 19900 x 299 for the XY chain on 100 qubits, so(200)): reported too, and stoppable there. */
static void test_pairs_cancel(void **state) {
    (void)state;
    const int n = 100;
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    int pa;
    plt_expect_ok(plt_circuit_add_param(c, "a", 0, &pa));
    char gen[32];
    for (int i = 0; i + 1 < n; i++) {
        snprintf(gen, sizeof gen, "X%d*X%d", i, i + 1);
        gst_rot(c, gen, pa, 1, 0.1 * i);
        snprintf(gen, sizeof gen, "Y%d*Y%d", i, i + 1);
        gst_rot(c, gen, pa, 1, 0.2 * i);
    }
    for (int i = 0; i < n; i++) {
        snprintf(gen, sizeof gen, "Z%d", i);
        gst_rot(c, gen, pa, 1, 0.3 * i);
    }
    plt_psum *o = gst_sum("Z0", n);
    plt_model m = {c, o, NULL};
    plt_opts opts;
    plt_opts_init(&opts);
    int seen[2] = {0, 0};
    opts.progress_fn = stop_pairs;
    opts.progress_ctx = seen;
    double loss = 0, p = 0.4;
    plt_expect_error(gst_gsim(&m, &opts, &p, &loss, NULL), PLT_EINTERRUPTED, "pair lists");
    assert_true(seen[0] >= 1); /* the closure reported first, and went on */
    assert_int_equal(seen[1], 1);
    plt_circuit_free(c);
    plt_psum_free(o);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_plan_cancel),
        cmocka_unit_test(test_pairs_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
