/* The Lie-algebraic prediction of the scan at every size: when the generators give su(2^n)
 * (classified from Pauli strings, or sandwiched between the single-string generators and
 * su(2^n) when a parameter drives a sum), the deep-circuit variance of a Pauli cost from
 * |0...0> is P_g(rho) P_g(O) / dim g = 1/(2^n + 1) (Ragone et al., Nat. Commun. 15, 7172
 * (2024), eq. for simple g; Fontana et al., Nat. Commun. 15, 7171 (2024)), made without a
 * basis; where the closure also finishes, the two agree. */
#include <math.h>
#include <string.h>

#include "analysis/bp_impl.h"
#include "plateau/plateau.h"
#include "support/test.h"

static void predict(const char *family, int n, size_t max_dim, plt_bp_point *pt) {
    plt_zoo_model zm;
    plt_expect_ok(plt_zoo_build(family, n, 0, 1, 0, &zm));
    memset(pt, 0, sizeof *pt);
    bp_predict(zm.circuit, zm.obs, max_dim, 0, NULL, pt);
    plt_zoo_model_free(&zm);
}

/* The closure's own prediction (basis, decomposition, purities) at a size where it closes. */
static double closure_prediction(const char *family, int n) {
    plt_zoo_model zm;
    plt_expect_ok(plt_zoo_build(family, n, 0, 1, 0, &zm));
    plt_dla *g = NULL;
    plt_psum *ao = NULL;
    plt_expect_ok(plt_dla_of_circuit(zm.circuit, zm.obs, 0, &g, &ao));
    plt_state *zero = NULL;
    plt_expect_ok(plt_state_new_zero(n, &zero));
    plt_dla_report rep;
    plt_expect_ok(plt_dla_analyse(g, zero, ao, &rep));
    assert_true(rep.has_prediction);
    double v = rep.predicted_variance;
    plt_dla_report_clear(&rep);
    plt_state_free(zero);
    plt_psum_free(ao);
    plt_dla_free(g);
    plt_zoo_model_free(&zm);
    return v;
}

static void test_full_algebra_every_size(void **state) {
    (void)state;
    const char *fam[3] = {"hea-global", "hea-local", "hea-small-angle"};
    const int sizes[3] = {6, 12, 64};
    for (int f = 0; f < 3; f++)
        for (int i = 0; i < 3; i++) {
            plt_bp_point pt;
            /* A cap of 16 elements: no closure could run, the classification decides. */
            predict(fam[f], sizes[i], 16, &pt);
            assert_true(pt.dla_complete);
            plt_expect_close(pt.dla_dim, plt_lie_su_dim(sizes[i]), 1e-12, 0);
            plt_expect_close(pt.dla_pred, 1.0 / (ldexp(1.0, sizes[i]) + 1), 1e-12, 0);
            assert_string_equal(pt.dla_note, "");
        }
}

/* The QCNN's pooling parameter drives two commuting rotations (a sum generator): its strings
 * alone already generate su(2^n), so g = su(2^n) at any size. */
static void test_sum_generators_sandwiched(void **state) {
    (void)state;
    const int sizes[3] = {5, 32, 64};
    for (int i = 0; i < 3; i++) {
        plt_bp_point pt;
        predict("qcnn", sizes[i], 16, &pt);
        assert_true(pt.dla_complete);
        plt_expect_close(pt.dla_dim, plt_lie_su_dim(sizes[i]), 1e-12, 0);
        plt_expect_close(pt.dla_pred, 1.0 / (ldexp(1.0, sizes[i]) + 1), 1e-12, 0);
    }
}

/* Where the closure finishes, its basis-built prediction equals the classified one; an
 * algebra that is not su(2^n) (matchgates, so(2n)) still takes the closure. */
static void test_agrees_with_closure(void **state) {
    (void)state;
    plt_bp_point pt;
    predict("hea-global", 4, 0, &pt);
    plt_expect_close(pt.dla_pred, closure_prediction("hea-global", 4), 1e-9, 0);
    predict("qcnn", 4, 0, &pt);
    plt_expect_close(pt.dla_pred, closure_prediction("qcnn", 4), 1e-9, 0);
    predict("xy-matchgate", 6, 4096, &pt);
    assert_true(pt.dla_dim < plt_lie_su_dim(6));
    if (isfinite(pt.dla_pred))
        plt_expect_close(pt.dla_pred, closure_prediction("xy-matchgate", 6), 1e-9, 0);
}

/* A multi-term observable: the identity adds no variance, the rest its squared norm. */
static void test_obs_norm(void **state) {
    (void)state;
    plt_psum *o = NULL;
    plt_expect_ok(plt_psum_parse("0.5*Z0 + 0.25*X1 + 3*I", 10, "test", &o));
    plt_expect_close(bp_predict_full(o), (0.25 + 0.0625) / (1024 + 1), 1e-12, 0);
    plt_psum_free(o);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_algebra_every_size),
        cmocka_unit_test(test_sum_generators_sandwiched),
        cmocka_unit_test(test_agrees_with_closure),
        cmocka_unit_test(test_obs_norm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
