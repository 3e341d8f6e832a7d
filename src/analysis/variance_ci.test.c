/* labels: unit */
/* Variance estimates of variance.c against known distributions: values, interval
 * coverage, quantiles. (variance.test.c tests the Lie-algebraic variance prediction;
 * variance_cover.test.c measures coverage on circuits of exactly known variance.) */
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

/* The edges: equal samples have no spread to bound; two samples bound nothing from above
 * (half the resamples repeat one value); the interval is a pure function of the samples
 * (the resampling seed comes from them), so a strided copy gives the same one. */
static void test_edges(void **state) {
    (void)state;
    plt_var_ci v, w;
    double same[5] = {0.3, 0.3, 0.3, 0.3, 0.3};
    plt_expect_ok(plt_variance_ci(same, 5, 1, 0.95, &v));
    assert_true(v.var == 0 && v.lo == 0 && v.hi == 0);
    double two[2] = {-1, 1};
    plt_expect_ok(plt_variance_ci(two, 2, 1, 0.95, &v));
    plt_expect_close(v.var, 2, 1e-15, 0);
    assert_true(v.lo == 0 && isinf(v.hi));
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 2);
    enum { M = 300 };
    static double x[M], strided[3 * M];
    for (int i = 0; i < M; i++)
        strided[3 * i + 1] = x[i] = cos(M_PI * (2 * plt_test_rng_uniform(&r) - 1));
    plt_expect_ok(plt_variance_ci(x, M, 1, 0.95, &v));
    plt_expect_ok(plt_variance_ci(strided + 1, M, 3, 0.95, &w));
    assert_true(v.lo == w.lo && v.hi == w.hi && v.var == w.var);
    assert_true(v.lo > 0 && v.lo < v.var && v.var < v.hi && isfinite(v.hi));
    /* A tiny scale changes only the scale (and the resampling seed, a hash of the samples),
     * although d^4 ~ 1e-400 would underflow. */
    for (int i = 0; i < M; i++) strided[i] = 1e-100 * x[i];
    plt_expect_ok(plt_variance_ci(strided, M, 1, 0.95, &w));
    plt_expect_close(w.var, 1e-200 * v.var, 1e-12, 0);
    plt_expect_close(w.lo, 1e-200 * v.lo, 0.05, 0);
    plt_expect_close(w.hi, 1e-200 * v.hi, 0.05, 0);
    /* A wider level gives a wider interval. */
    plt_expect_ok(plt_variance_ci(x, M, 1, 0.99, &w));
    assert_true(w.lo < v.lo && w.hi > v.hi);
}

/* Coverage of the 95 % interval over 1000 repeats. Normal samples of variance 4 (m = 50),
 * where the chi-square interval is exact and the distribution-free one must not lose much;
 * exponential samples of variance 1 (m = 200, kurtosis 9), where the chi-square interval
 * covers only ~66 %; uniform samples give a^2/3. Binomial(1000, 0.95) has sd 6.9. */
static void test_coverage(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    enum { M = 50, ME = 200, REPS = 1000 };
    static double x[ME];
    int covered = 0, covered_exp = 0;
    for (int rep = 0; rep < REPS; rep++) {
        for (int i = 0; i < M; i++) x[i] = 1 + 2 * normal(&r);
        plt_var_ci v;
        plt_expect_ok(plt_variance_ci(x, M, 1, 0.95, &v));
        covered += v.lo <= 4 && 4 <= v.hi;
        for (int i = 0; i < ME; i++) x[i] = -log(1 - plt_test_rng_uniform(&r));
        plt_expect_ok(plt_variance_ci(x, ME, 1, 0.95, &v));
        covered_exp += v.lo <= 1 && 1 <= v.hi;
    }
    fprintf(stderr, "[ cover ] normal m=%d: %.1f%%  exponential m=%d: %.1f%%\n", M,
            100.0 * covered / REPS, ME, 100.0 * covered_exp / REPS);
    assert_true(covered >= 920 && covered <= 985);
    assert_true(covered_exp >= 915);
    static double u[20000];
    for (int i = 0; i < 20000; i++) u[i] = 3 * (2 * plt_test_rng_uniform(&r) - 1);
    plt_var_ci v;
    plt_expect_ok(plt_variance_ci(u, 20000, 1, 0.95, &v));
    plt_expect_close(v.var, 3.0, 0.03, 0);
    assert_true(v.lo < 3.0 && 3.0 < v.hi);
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
    assert_true(covered >= 88);
    /* One column takes a one-pass route, several the general one: a column given twice
     * must give the interval of the column alone (same seed, same resamples). */
    static double one[ROWS], twice[2 * ROWS];
    for (int i = 0; i < ROWS; i++) twice[2 * i] = twice[2 * i + 1] = one[i] = x[i * COLS];
    plt_var_ci a, b;
    plt_expect_ok(plt_variance_mean_ci(one, ROWS, 1, 0.95, 300, 7, &a));
    plt_expect_ok(plt_variance_mean_ci(twice, ROWS, 2, 0.95, 300, 7, &b));
    plt_expect_close(b.var, a.var, 1e-14, 0);
    plt_expect_close(b.lo, a.lo, 1e-9, 0);
    plt_expect_close(b.hi, a.hi, 1e-9, 0);
    /* And plt_variance_ci's interval is the same construction. */
    plt_expect_ok(plt_variance_ci(one, ROWS, 1, 0.95, &b));
    plt_expect_close(b.var, a.var, 1e-14, 0);
    plt_expect_close(b.lo, a.lo, 0.05, 0);
    plt_expect_close(b.hi, a.hi, 0.05, 0);
    plt_var_ci v;
    plt_expect_error(plt_variance_mean_ci(x, 1, 3, 0.95, 200, 1, &v), PLT_EINVAL, "at least 2");
    plt_expect_error(plt_variance_mean_ci(x, 10, 3, 0.95, 5, 1, &v), PLT_EINVAL, "resamples");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantiles),
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_mean_of_variances),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
