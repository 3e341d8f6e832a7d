/* labels: unit */
/* Variance estimates of variance.c against known distributions: values, interval
 * coverage, quantiles. (variance.test.c tests the Lie-algebraic variance prediction.) */
#include "plateau/scan.h"
#include "support/test.h"

static double normal(plt_test_rng *r) {
    double u1 = plt_test_rng_uniform(r), u2 = plt_test_rng_uniform(r);
    return sqrt(-2 * log(1 - u1)) * cos(2 * M_PI * u2);
}

static void test_quantiles(void **state) {
    (void)state;
    plt_expect_close(plt_normal_quantile(0.975), 1.959963984540054, 0, 1e-9);
    plt_expect_close(plt_normal_quantile(0.5), 0, 0, 1e-12);
    /* Tabulated chi-square quantiles. */
    plt_expect_close(plt_chi2_quantile(0.95, 1), 3.841458820694124, 1e-8, 0);
    plt_expect_close(plt_chi2_quantile(0.025, 10), 3.246972780236841, 1e-8, 0);
    /* Large k: the Wilson-Hilferty cube approximation is good to ~1e-4 relative. */
    double k = 199, z = 1.959963984540054, c = 1 - 2 / (9 * k) + z * sqrt(2 / (9 * k));
    plt_expect_close(plt_chi2_quantile(0.975, k), k * c * c * c, 2e-4, 0);
    /* The chi-square with 2 degrees of freedom is exponential: P = 1 - e^{-x/2}. */
    plt_expect_close(plt_chi2_cdf(3.0, 2), 1 - exp(-1.5), 1e-12, 0);
    plt_expect_close(plt_chi2_cdf(40.0, 2), 1 - exp(-20.0), 1e-12, 0);
    assert_true(isnan(plt_chi2_quantile(0, 3)));
    assert_true(isnan(plt_normal_quantile(1)));
}

static void test_known_values(void **state) {
    (void)state;
    double x[4] = {1, 2, 3, 4};
    plt_var_ci v;
    plt_expect_ok(plt_variance_ci(x, 4, 1, 0.95, &v));
    plt_expect_close(v.mean, 2.5, 1e-15, 0);
    plt_expect_close(v.var, 5.0 / 3, 1e-15, 0);
    assert_true(v.lo < v.var && v.var < v.hi);
    /* Stride picks one column of a row-major table. */
    double t[6] = {1, 100, 2, 200, 3, 300};
    plt_expect_ok(plt_variance_ci(t + 1, 3, 2, 0.9, &v));
    plt_expect_close(v.var, 10000, 1e-14, 0);
    plt_expect_error(plt_variance_ci(x, 1, 1, 0.95, &v), PLT_EINVAL, "at least 2");
    plt_expect_error(plt_variance_ci(x, 4, 1, 1.5, &v), PLT_EINVAL, "(0, 1)");
    double bad[2] = {1, NAN};
    plt_expect_error(plt_variance_ci(bad, 2, 1, 0.95, &v), PLT_EINVAL, "finite");
}

/* Normal samples of variance 4: the 95% interval covers 4 in about 95% of repeats,
 * and uniform samples on [-a, a] give a^2/3. */
static void test_coverage(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    enum { M = 50, REPS = 1000 };
    double x[M];
    int covered = 0;
    for (int rep = 0; rep < REPS; rep++) {
        for (int i = 0; i < M; i++) x[i] = 1 + 2 * normal(&r);
        plt_var_ci v;
        plt_expect_ok(plt_variance_ci(x, M, 1, 0.95, &v));
        covered += v.lo <= 4 && 4 <= v.hi;
    }
    /* Binomial(1000, 0.95) has sd 6.9: 4 sd either side. */
    assert_true(covered > 922 && covered < 978);
    static double u[20000];
    for (int i = 0; i < 20000; i++) u[i] = 3 * (2 * plt_test_rng_uniform(&r) - 1);
    plt_var_ci v;
    plt_expect_ok(plt_variance_ci(u, 20000, 1, 0.95, &v));
    plt_expect_close(v.var, 3.0, 0.03, 0);
}

/* Columns of variances 1, 4 and 9: the mean of variances is 14/3 and the bootstrap
 * interval holds it most of the time. */
static void test_mean_of_variances(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 1);
    enum { ROWS = 200, COLS = 3, REPS = 100 };
    static double x[ROWS * COLS];
    int covered = 0;
    double avg = 0;
    for (int rep = 0; rep < REPS; rep++) {
        for (int i = 0; i < ROWS; i++)
            for (int c = 0; c < COLS; c++) x[i * COLS + c] = (c + 1) * normal(&r);
        plt_var_ci v;
        plt_expect_ok(plt_variance_mean_ci(x, ROWS, COLS, 0.95, 200, (uint64_t)rep, &v));
        assert_true(v.lo <= v.var && v.var <= v.hi);
        covered += v.lo <= 14.0 / 3 && 14.0 / 3 <= v.hi;
        avg += v.var / REPS;
    }
    plt_expect_close(avg, 14.0 / 3, 0.03, 0);
    assert_true(covered >= 85);
    plt_var_ci v;
    plt_expect_error(plt_variance_mean_ci(x, 1, 3, 0.95, 200, 1, &v), PLT_EINVAL, "at least 2");
    plt_expect_error(plt_variance_mean_ci(x, 10, 3, 0.95, 5, 1, &v), PLT_EINVAL, "resamples");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantiles),
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_mean_of_variances),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
