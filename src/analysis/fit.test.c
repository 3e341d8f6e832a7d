/* labels: unit */
/* The decay fits on synthetic data: exact laws recover their rates, noise is inconclusive. */
#include "plateau/scan.h"
#include "support/test.h"

static void gaussian_noise(plt_test_rng *r, double *x, size_t m, double sd) {
    for (size_t i = 0; i < m; i++) {
        double u1 = plt_test_rng_uniform(r), u2 = plt_test_rng_uniform(r);
        x[i] = sd * sqrt(-2 * log(1 - u1)) * cos(2 * M_PI * u2);
    }
}

static void test_line_exact(void **state) {
    (void)state;
    double x[5] = {1, 2, 3, 4, 5}, y[5];
    for (int i = 0; i < 5; i++) y[i] = 0.7 - 1.3 * x[i];
    plt_linfit f;
    plt_expect_ok(plt_fit_line(x, y, NULL, 5, &f));
    plt_expect_close(f.slope, -1.3, 1e-12, 1e-12);
    plt_expect_close(f.intercept, 0.7, 1e-12, 1e-12);
    plt_expect_close(f.chi2, 0, 0, 1e-20);
    plt_expect_error(plt_fit_line(x, y, NULL, 1, &f), PLT_EINVAL, "points");
    double same[3] = {2, 2, 2};
    plt_expect_error(plt_fit_line(same, y, NULL, 3, &f), PLT_EINVAL, "same x");
}

static void test_exponential_recovered(void **state) {
    (void)state;
    int n[6] = {4, 6, 8, 10, 12, 14};
    double v[6], s[6];
    for (int i = 0; i < 6; i++) {
        v[i] = 3.0 * exp(-0.69 * n[i]);
        s[i] = 0.1;
    }
    plt_decay_fit f;
    plt_expect_ok(plt_decay_classify(n, v, s, 6, &f));
    assert_int_equal(f.decision, PLT_DECAY_EXPONENTIAL);
    plt_expect_close(f.rate, 0.69, 1e-10, 0);
    assert_true(f.rate_significant);
    assert_true(f.delta_chi2 > PLT_DECAY_DELTA);
    assert_string_equal(plt_decay_name(f.decision), "exponential");
}

/* An exponential slower than 0.1 per qubit, resolved by exact points (1 % errors on the log
 * scale), is a slow decay, not a barren plateau; a faster one is; the threshold is at 3 se. */
static void test_slow_exponential(void **state) {
    (void)state;
    int n[5] = {8, 16, 32, 64, 128};
    double v[5], s[5];
    const double rates[3] = {0.005, 0.03, 0.2};
    for (int r = 0; r < 3; r++) {
        for (int i = 0; i < 5; i++) {
            v[i] = 0.01 * exp(-rates[r] * n[i]);
            s[i] = 0.01;
        }
        plt_decay_fit f;
        plt_expect_ok(plt_decay_classify(n, v, s, 5, &f));
        plt_expect_close(f.rate, rates[r], 1e-9, 0);
        assert_true(f.rate_significant);
        if (rates[r] < 0.1) {
            assert_int_equal(f.decision, PLT_DECAY_POLYNOMIAL);
            assert_non_null(strstr(f.evidence, "slow decay"));
        } else {
            assert_int_equal(f.decision, PLT_DECAY_EXPONENTIAL);
        }
    }
}

static void test_power_recovered(void **state) {
    (void)state;
    int n[6] = {4, 8, 16, 32, 64, 128};
    double v[6], s[6];
    for (int i = 0; i < 6; i++) {
        v[i] = 0.5 * pow(n[i], -2.0);
        s[i] = 0.1;
    }
    plt_decay_fit f;
    plt_expect_ok(plt_decay_classify(n, v, s, 6, &f));
    assert_int_equal(f.decision, PLT_DECAY_POLYNOMIAL);
    plt_expect_close(f.exponent, 2.0, 1e-10, 0);
    assert_true(f.delta_chi2 < -PLT_DECAY_DELTA);
}

/* Noisy but true laws, with errors the size of the noise, still decide right. */
static void test_noisy_laws(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    int n[8] = {4, 6, 8, 10, 12, 14, 16, 18};
    double e[8], v[8], s[8];
    gaussian_noise(&r, e, 8, 0.05);
    for (int i = 0; i < 8; i++) {
        v[i] = exp(-0.5 * n[i] + e[i]);
        s[i] = 0.05;
    }
    plt_decay_fit f;
    plt_expect_ok(plt_decay_classify(n, v, s, 8, &f));
    assert_int_equal(f.decision, PLT_DECAY_EXPONENTIAL);
    plt_expect_close(f.rate, 0.5, 0, 0.05);
    int m[8] = {4, 8, 12, 16, 24, 32, 48, 64};
    gaussian_noise(&r, e, 8, 0.05);
    for (int i = 0; i < 8; i++) v[i] = pow(m[i], -1.5) * exp(e[i]);
    plt_expect_ok(plt_decay_classify(m, v, s, 8, &f));
    assert_int_equal(f.decision, PLT_DECAY_POLYNOMIAL);
    plt_expect_close(f.exponent, 1.5, 0, 0.15);
}

/* Scatter far beyond the stated errors and no trend: no decision. */
static void test_noise_inconclusive(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 7);
    int n[6] = {4, 6, 8, 10, 12, 14};
    double e[6], v[6], s[6];
    int inconclusive = 0;
    for (int rep = 0; rep < 20; rep++) {
        gaussian_noise(&r, e, 6, 2.0);
        for (int i = 0; i < 6; i++) {
            v[i] = exp(e[i]);
            s[i] = 0.05;
        }
        plt_decay_fit f;
        plt_expect_ok(plt_decay_classify(n, v, s, 6, &f));
        inconclusive += f.decision == PLT_DECAY_INCONCLUSIVE;
    }
    assert_true(inconclusive >= 18);
}

static void test_flat_is_polynomial_and_few_points(void **state) {
    (void)state;
    int n[4] = {4, 6, 8, 10};
    double v[4] = {0.1, 0.1, 0.1, 0.1}, s[4] = {0.05, 0.05, 0.05, 0.05};
    plt_decay_fit f;
    plt_expect_ok(plt_decay_classify(n, v, s, 4, &f));
    assert_int_equal(f.decision, PLT_DECAY_POLYNOMIAL);
    assert_false(f.rate_significant);
    plt_expect_ok(plt_decay_classify(n, v, s, 2, &f));
    assert_int_equal(f.decision, PLT_DECAY_INCONCLUSIVE);
    assert_non_null(strstr(f.evidence, "at least 3"));
    double z[4] = {0.1, 0, -1, 0.05};
    plt_expect_ok(plt_decay_classify(n, z, s, 4, &f));
    assert_int_equal(f.decision, PLT_DECAY_INCONCLUSIVE);
    assert_int_equal(f.used, 2);
    double bad[4] = {0.05, 0.05, -1, 0.05};
    plt_expect_error(plt_decay_classify(n, v, bad, 4, &f), PLT_EINVAL, "positive");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_exact),
        cmocka_unit_test(test_exponential_recovered),
        cmocka_unit_test(test_slow_exponential),
        cmocka_unit_test(test_power_recovered),
        cmocka_unit_test(test_noisy_laws),
        cmocka_unit_test(test_noise_inconclusive),
        cmocka_unit_test(test_flat_is_polynomial_and_few_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
