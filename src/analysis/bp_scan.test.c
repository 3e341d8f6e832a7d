/* labels: props */
/* The scan reproduces the theory at small sizes: a global cost on the hardware-efficient
 * ansatz decays exponentially, a local cost at log depth polynomially. A size that does not
 * fit is skipped with the reason and the decision comes from the others; a truncated point's
 * interval is wider than the exact one and holds the exact variance; the same scan twice
 * gives the same points. */
#include <math.h>

#include "plateau/plateau.h"
#include "support/test.h"

static void test_hea_global_exponential(void **state) {
    (void)state;
    int sizes[4] = {4, 6, 8, 10};
    plt_bp_opts o;
    plt_bp_opts_init(&o);
    o.samples = 100;
    o.dla_max_dim = 300;
    plt_bp_result *r = NULL;
    plt_expect_ok(plt_bp_scan_zoo("hea-global", sizes, 4, 0, 0, &o, &r));
    assert_int_equal(r->npoints, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_true(r->points[i].engine[0]);
        assert_true(r->points[i].grad_mean.lo <= r->points[i].grad_mean.var);
        assert_true(r->points[i].grad_mean.var <= r->points[i].grad_mean.hi);
    }
    assert_int_equal(r->grad_fit.decision, PLT_DECAY_EXPONENTIAL);
    assert_true(r->grad_fit.rate > 0.3);
    /* n = 4: the DLA is su(16), and the deep-circuit variance of a Pauli cost is 1/(2^n+1). */
    assert_true(r->points[0].dla_complete);
    plt_expect_close(r->points[0].dla_dim, 255, 0, 0);
    plt_expect_close(r->points[0].dla_pred, 1.0 / 17, 1e-9, 0);
    /* n = 6..10: su(2^n) is past the closure's cap of 300, but the generators are Pauli
     * strings, so the classification gives the exact dimension 4^n - 1, and for su(2^n) the
     * purities need no basis: the prediction 1/(2^n+1) at every size. */
    for (size_t i = 1; i < 4; i++) {
        assert_true(r->points[i].dla_complete);
        plt_expect_close(r->points[i].dla_dim, ldexp(1.0, 2 * sizes[i]) - 1, 0, 0);
        plt_expect_close(r->points[i].dla_pred, 1.0 / (ldexp(1.0, sizes[i]) + 1), 1e-9, 0);
    }
    plt_bp_result_free(r);
}

static void test_hea_local_polynomial(void **state) {
    (void)state;
    int sizes[5] = {4, 6, 8, 10, 12};
    plt_bp_opts o;
    plt_bp_opts_init(&o);
    o.samples = 100;
    o.dla_max_dim = 0;
    plt_bp_result *r = NULL;
    plt_expect_ok(plt_bp_scan_zoo("hea-local", sizes, 5, 0, 0, &o, &r));
    assert_int_equal(r->grad_fit.decision, PLT_DECAY_POLYNOMIAL);
    plt_bp_result_free(r);
}

/* Parameters do not depend on the thread count: two runs agree exactly. */
static void test_reproducible_and_errors(void **state) {
    (void)state;
    int sizes[1] = {6};
    plt_bp_opts o;
    plt_bp_opts_init(&o);
    o.samples = 20;
    o.dla_max_dim = 0;
    plt_bp_result *a = NULL, *b = NULL;
    plt_expect_ok(plt_bp_scan_zoo("hea-local", sizes, 1, 0, 0, &o, &a));
    o.threads = 1;
    plt_expect_ok(plt_bp_scan_zoo("hea-local", sizes, 1, 0, 0, &o, &b));
    plt_expect_close(a->points[0].loss.var, b->points[0].loss.var, 1e-12, 0);
    assert_int_equal(a->grad_fit.decision, PLT_DECAY_INCONCLUSIVE);
    plt_bp_result_free(a);
    plt_bp_result_free(b);
    o.samples = 2;
    plt_expect_error(plt_bp_scan_zoo("hea-local", sizes, 1, 0, 0, &o, &a), PLT_EINVAL, "samples");
    o.samples = 20;
    plt_expect_error(plt_bp_scan_zoo("no-such-family", sizes, 1, 0, 0, &o, &a), PLT_EINVAL,
                     "no-such-family");
    assert_null(a);
}


/* n = 20 does not fit 100 KB (the state vector needs 16 MB, truncated Pauli propagation not
 * even 64 terms with its gradient's tables): skipped with the reason, the others decide. */
static void test_memory_skip(void **state) {
    (void)state;
    int sizes[4] = {4, 6, 8, 20};
    plt_bp_opts o;
    plt_bp_opts_init(&o);
    o.samples = 60;
    o.dla_max_dim = 0;
    o.max_memory = 20 * 1024.0;
    o.method = PLT_BP_METHOD_SAMPLE; /* the sampled routes' memory refusals under test */
    plt_bp_result *r = NULL;
    plt_expect_ok(plt_bp_scan_zoo("hea-global", sizes, 4, 0, 0, &o, &r));
    assert_int_equal(r->npoints, 4);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(r->points[i].route, PLT_BP_EXACT);
        assert_true(r->points[i].engine[0]);
        assert_true(r->points[i].grad_certified);
        plt_expect_close(r->points[i].error_bound, 0, 0, 0);
    }
    const plt_bp_point *big = &r->points[3];
    assert_int_equal(big->n, 20);
    assert_int_equal(big->route, PLT_BP_SKIPPED);
    assert_string_equal(big->engine, "");
    assert_true(isnan(big->error_bound));
    assert_non_null(strstr(big->note, "the limit is 20.0 KiB"));
    assert_non_null(strstr(big->note, "even 64 terms"));
    assert_int_equal(r->skipped, 1);
    assert_int_equal(r->grad_fit.used, 3);
    assert_int_equal(r->grad_fit.decision, PLT_DECAY_EXPONENTIAL);
    assert_non_null(strstr(r->decision_note, "n = 20 skipped: "));
    assert_non_null(strstr(r->decision_note, "decision from 3 sizes"));
    plt_bp_result_free(r);
    /* Exact engines only: the same size is skipped for want of an exact route. */
    o.policy = PLT_BP_EXACT_ONLY;
    o.max_memory = 4e6;
    plt_expect_ok(plt_bp_scan_zoo("hea-global", sizes, 4, 0, 0, &o, &r));
    assert_int_equal(r->points[3].route, PLT_BP_SKIPPED);
    assert_non_null(strstr(r->points[3].note, "no exact engine fits"));
    assert_int_equal(r->points[2].route, PLT_BP_EXACT);
    plt_bp_result_free(r);
}

/* A small-angle HEA at n = 6 truncated at Pauli weight 3 (the dropped weight is ~1e-3): the
 * same draws as the exact scan, so the truncated interval of Var[L], widened by the bound,
 * must hold the exact sample variance, and be wider than the exact interval. */
static void test_truncated_interval(void **state) {
    (void)state;
    int sizes[1] = {6};
    plt_bp_opts o;
    plt_bp_opts_init(&o);
    o.samples = 80;
    o.dla_max_dim = 0;
    o.method = PLT_BP_METHOD_SAMPLE; /* the same draws through both routes */
    plt_bp_result *ex = NULL, *tr = NULL;
    plt_expect_ok(plt_bp_scan_zoo("hea-small-angle", sizes, 1, 0, 0, &o, &ex));
    o.policy = PLT_BP_TRUNCATED_ONLY;
    plt_settings *set = NULL;
    plt_expect_ok(plt_settings_new(&set));
    plt_expect_ok(plt_settings_set(set, "max-weight", 3));
    o.settings = set;
    plt_expect_ok(plt_bp_scan_zoo("hea-small-angle", sizes, 1, 0, 0, &o, &tr));
    plt_settings_free(set);
    const plt_bp_point *e = &ex->points[0], *t = &tr->points[0];
    assert_int_equal(e->route, PLT_BP_EXACT);
    assert_int_equal(t->route, PLT_BP_TRUNCATED);
    assert_string_equal(t->engine, "pauliprop");
    assert_non_null(strstr(t->setting, "max-weight=3"));
    assert_true(t->error_bound > 0 && t->error_bound < 0.1);
    assert_false(t->grad_certified);
    assert_non_null(strstr(t->note, "estimated, not certified"));
    assert_non_null(strstr(tr->decision_note, "truncated"));
    /* Every sample within eps: the sample variances within the widening. */
    double de = sqrt(e->loss.var), dt = sqrt(t->loss.var);
    assert_true(fabs(de - dt) <= t->error_bound * sqrt(80.0 / 79.0) + 1e-15);
    assert_true(t->loss.lo <= e->loss.var && e->loss.var <= t->loss.hi);
    if (!(t->loss.hi - t->loss.lo > e->loss.hi - e->loss.lo)) {
        print_error("truncated [%g, %g] is not wider than exact [%g, %g]\n", t->loss.lo,
                    t->loss.hi, e->loss.lo, e->loss.hi);
        fail();
    }
    assert_true(t->loss.lo < e->loss.lo && t->loss.hi > e->loss.hi);
    plt_bp_result_free(ex);
    plt_bp_result_free(tr);
}

typedef struct seen {
    int calls;
    double last_done, total;
    int bad;
} seen;

static int record(void *ctx, const plt_progress *p) {
    seen *s = ctx;
    s->calls++;
    s->last_done = p->done;
    s->total = p->total;
    if (!p->what || !strstr(p->what, "bp n = ") || p->done > p->total) s->bad = 1;
    return 1; /* the scan never stops on it */
}

static void expect_same_point(const plt_bp_point *a, const plt_bp_point *b) {
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->route, b->route);
    assert_string_equal(a->engine, b->engine);
    assert_string_equal(a->setting, b->setting);
    assert_string_equal(a->note, b->note);
    assert_memory_equal(&a->error_bound, &b->error_bound, sizeof a->error_bound);
    assert_memory_equal(&a->predicted_seconds, &b->predicted_seconds, sizeof(double));
    assert_memory_equal(&a->loss, &b->loss, sizeof a->loss);
    assert_memory_equal(&a->grad_first, &b->grad_first, sizeof a->grad_first);
    assert_memory_equal(&a->grad_mean, &b->grad_mean, sizeof a->grad_mean);
}

/* At most 0.3 predicted seconds a size leave qcnn at n = 16 no exact route (the exact engines
 * are predicted at seconds for 200 draws): the truncation ladder is walked on predicted cost,
 * so two runs, one of them on one thread, give the same routes, settings, bounds and
 * intervals (no whole-scan budget, so no wall-clock guard either: nothing here reads a clock,
 * also in a sanitizer build). The progress callback sees every draw and cannot stop the
 * scan. */
static void test_deterministic(void **state) {
    (void)state;
    int sizes[3] = {4, 8, 16};
    plt_bp_opts o;
    plt_bp_opts_init(&o);
    o.samples = 200;
    o.max_seconds = 0;
    o.method = PLT_BP_METHOD_SAMPLE; /* the draws' routes are under test, not the moments */
    /* The sanitizer build's rates (PLT_CALIBRATION) are 8 times slower: the same share of its
     * time is PLT_TIME_SCALE times the seconds. */
    const char *scale = getenv("PLT_TIME_SCALE");
    o.size_max_seconds = 2.0 * (scale && atof(scale) > 0 ? atof(scale) : 1);
    seen s = {0};
    o.progress_fn = record;
    o.progress_ctx = &s;
    plt_bp_result *a = NULL, *b = NULL;
    plt_expect_ok(plt_bp_scan_zoo("qcnn", sizes, 3, 0, 0, &o, &a));
    assert_false(s.bad);
    assert_int_equal(s.calls, 3 * 200);
    plt_expect_close(s.last_done, 200, 0, 0);
    o.progress_fn = NULL;
    o.threads = 1;
    plt_expect_ok(plt_bp_scan_zoo("qcnn", sizes, 3, 0, 0, &o, &b));
    assert_int_equal(a->npoints, 3);
    assert_int_equal(a->points[0].route, PLT_BP_EXACT);
    assert_int_equal(a->points[2].route, PLT_BP_TRUNCATED);
    for (size_t i = 0; i < 3; i++) expect_same_point(&a->points[i], &b->points[i]);
    assert_int_equal(a->grad_fit.decision, b->grad_fit.decision);
    assert_string_equal(a->decision_note, b->decision_note);
    for (size_t i = 0; i < 3; i++) assert_true(a->points[i].predicted_seconds <= o.size_max_seconds);
    plt_bp_result_free(a);
    plt_bp_result_free(b);
}

static void test_bad_options(void **state) {
    (void)state;
    int sizes[1] = {4};
    plt_bp_opts o;
    plt_bp_opts_init(&o);
    plt_bp_result *r = NULL;
    o.max_seconds = -1;
    plt_expect_error(plt_bp_scan_zoo("hea-local", sizes, 1, 0, 0, &o, &r), PLT_EINVAL, "budget");
    o.max_seconds = NAN;
    plt_expect_error(plt_bp_scan_zoo("hea-local", sizes, 1, 0, 0, &o, &r), PLT_EINVAL, "budget");
    plt_bp_opts_init(&o);
    o.policy = (plt_bp_policy)7;
    plt_expect_error(plt_bp_scan_zoo("hea-local", sizes, 1, 0, 0, &o, &r), PLT_EINVAL, "policy");
    /* A setting out of its engine's range is refused where it is set. */
    plt_settings *bad = NULL;
    plt_expect_ok(plt_settings_new(&bad));
    plt_expect_error(plt_settings_set(bad, "min-abs", -1), PLT_EINVAL, "pauliprop engine accepts");
    plt_settings_free(bad);
    assert_null(r);
    assert_string_equal(plt_bp_route_name(PLT_BP_TRUNCATED), "truncated");
    assert_string_equal(plt_bp_route_name(PLT_BP_SKIPPED), "skipped");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hea_global_exponential),
        cmocka_unit_test(test_hea_local_polynomial),
        cmocka_unit_test(test_reproducible_and_errors),
        cmocka_unit_test(test_memory_skip),
        cmocka_unit_test(test_truncated_interval),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
