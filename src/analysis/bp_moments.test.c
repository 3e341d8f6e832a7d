/* The scan's moment points: exact moments lie inside the sampled scan's intervals (hea-local,
 * uniform on a full period and normal), carry lo = hi = var, and the fits take them; where
 * moments do not apply (shared parameters, noise) or are not asked for, the
 * point samples and its note says why. */
#include <math.h>
#include <string.h>

#include "plateau/plateau.h"
#include "support/test.h"

static plt_bp_result *scan(const char *family, const int *sizes, size_t count,
                           plt_bp_method method, const plt_param_dist *dist, size_t samples) {
    plt_bp_opts o;
    plt_bp_opts_init(&o);
    o.samples = samples;
    o.dla_max_dim = 0;
    o.method = method;
    o.level = 0.999; /* nine interval checks per scan: the miss rate stays below 1 % */
    if (dist) {
        o.dist_given = 1;
        o.dist = *dist;
    }
    plt_bp_result *r = NULL;
    plt_expect_ok(plt_bp_scan_zoo(family, sizes, count, 0, 0, &o, &r));
    return r;
}

static void inside(const plt_var_ci *exact, const plt_var_ci *sampled) {
    assert_true(exact->var >= sampled->lo);
    assert_true(exact->var <= sampled->hi);
}

static void against_samples(const char *family, const plt_param_dist *dist) {
    const int sizes[3] = {4, 6, 8};
    plt_bp_result *m = scan(family, sizes, 3, PLT_BP_METHOD_MOMENTS, dist, 200);
    plt_bp_result *s = scan(family, sizes, 3, PLT_BP_METHOD_SAMPLE, dist, 400);
    for (size_t i = 0; i < 3; i++) {
        const plt_bp_point *p = &m->points[i], *q = &s->points[i];
        assert_int_equal(p->route, PLT_BP_MOMENTS);
        assert_string_equal(p->engine, "moments");
        assert_int_equal(p->moments_cert, PLT_MOMENTS_EXACT);
        assert_true(p->grad_certified);
        assert_true(p->loss.var > 0);
        plt_expect_close(p->loss.lo, p->loss.var, 1e-9, 1e-15);
        plt_expect_close(p->grad_mean.hi, p->grad_mean.var, 1e-9, 1e-15);
        assert_int_equal(q->route, PLT_BP_EXACT);
        assert_null(strstr(q->note, "moments"));
        inside(&p->loss, &q->loss);
        inside(&p->grad_first, &q->grad_first);
        inside(&p->grad_mean, &q->grad_mean);
        /* The charged cost is the moment chain's prediction, well under the samples'. */
        assert_true(p->predicted_seconds > 0);
    }
    /* The fits take the moment points as they take sampled ones. */
    assert_int_equal(m->grad_fit.used, 3);
    assert_non_null(strstr(m->decision_note, "moment propagation"));
    plt_bp_result_free(m);
    plt_bp_result_free(s);
}

static void test_uniform_full_period(void **state) {
    (void)state;
    against_samples("hea-local", NULL);
}

static void test_normal_and_small_range(void **state) {
    (void)state;
    const plt_param_dist normal = {PLT_DIST_NORMAL, 0.4};
    against_samples("hea-local", &normal);
    const plt_param_dist narrow = {PLT_DIST_UNIFORM, 0.3};
    against_samples("hea-global", &narrow);
}

/* auto takes moments when they apply and fit; sample never does. */
static void test_auto_and_sample(void **state) {
    (void)state;
    const int sizes[1] = {6};
    plt_bp_result *a = scan("hea-local", sizes, 1, PLT_BP_METHOD_AUTO, NULL, 50);
    assert_int_equal(a->points[0].route, PLT_BP_MOMENTS);
    plt_bp_result_free(a);
    a = scan("hea-local", sizes, 1, PLT_BP_METHOD_SAMPLE, NULL, 50);
    assert_int_equal(a->points[0].route, PLT_BP_EXACT);
    assert_string_equal(a->points[0].note, "");
    plt_bp_result_free(a);
}

/* One parameter driving two rotations with another between them (correlated angles): the
 * point samples, saying why. */
static plt_status build_shared(void *ctx, size_t i, plt_circuit **c, plt_psum **obs,
                               double *range) {
    (void)ctx;
    (void)range;
    const char *text = i == 0 ? "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[3] q;\n"
                                "input float[64] a;\ninput float[64] b;\nry(a) q[0];\n"
                                "cx q[0], q[1];\nrx(b) q[1];\ncx q[1], q[2];\nry(a) q[2];\n"
                              : "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[4] q;\n"
                                "input float[64] a;\ninput float[64] b;\nry(a) q[0];\n"
                                "cx q[0], q[1];\nrx(b) q[1];\ncx q[1], q[3];\nry(a) q[3];\n";
    plt_status st = plt_qasm_parse(text, strlen(text), "test", c, NULL);
    if (!st) st = plt_psum_parse("Z0*Z1", plt_circuit_nqubits(*c), "test", obs);
    return st;
}

static void test_refusal_samples_with_reason(void **state) {
    (void)state;
    const int sizes[1] = {4};
    plt_bp_opts so;
    plt_bp_opts_init(&so);
    so.samples = 30;
    so.dla_max_dim = 0;
    so.method = PLT_BP_METHOD_MOMENTS;
    plt_bp_result *r = NULL;
    plt_expect_ok(plt_bp_scan(build_shared, NULL, 2, &so, &r));
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(r->points[i].route, PLT_BP_EXACT);
        assert_non_null(strstr(r->points[i].note, "sampled: moments do not apply"));
        assert_non_null(strstr(r->points[i].note, "independent parameters"));
    }
    plt_bp_result_free(r);
    plt_bp_opts o;
    plt_bp_opts_init(&o);
    o.samples = 30;
    o.dla_max_dim = 0;
    o.method = PLT_BP_METHOD_MOMENTS;
    o.noise = 0.01;
    plt_expect_ok(plt_bp_scan_zoo("hea-local", sizes, 1, 0, 0, &o, &r));
    assert_int_not_equal(r->points[0].route, PLT_BP_MOMENTS);
    assert_non_null(strstr(r->points[0].note, "noiseless"));
    plt_bp_result_free(r);
    o.noise = 0;
    o.dist_given = 1;
    o.dist.width = -1;
    plt_expect_error(plt_bp_scan_zoo("hea-local", sizes, 1, 0, 0, &o, &r), PLT_EINVAL, "width");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uniform_full_period),
        cmocka_unit_test(test_normal_and_small_range),
        cmocka_unit_test(test_auto_and_sample),
        cmocka_unit_test(test_refusal_samples_with_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
