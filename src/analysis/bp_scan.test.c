/* labels: props */
/* The scan reproduces the theory at small sizes: a global cost on the hardware-efficient
 * ansatz decays exponentially, a local cost at log depth polynomially. */
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
     * strings, so the classification gives the exact dimension 4^n - 1; no basis, so no
     * prediction. */
    for (size_t i = 1; i < 4; i++) {
        assert_true(r->points[i].dla_complete);
        plt_expect_close(r->points[i].dla_dim, ldexp(1.0, 2 * sizes[i]) - 1, 0, 0);
        assert_true(isnan(r->points[i].dla_pred));
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hea_global_exponential),
        cmocka_unit_test(test_hea_local_polynomial),
        cmocka_unit_test(test_reproducible_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
