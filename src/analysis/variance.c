/* Variance estimates and their confidence intervals (normal theory, bootstrap). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "plateau/scan.h"

double plt_normal_quantile(double p) {
    if (!(p > 0 && p < 1)) return NAN;
    double lo = -40, hi = 40;
    for (int i = 0; i < 200 && hi - lo > 1e-13; i++) {
        double mid = 0.5 * (lo + hi);
        if (0.5 * erfc(-mid / sqrt(2.0)) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* Series sum_k x^k / (a (a+1) ... (a+k)) times x^a e^-x / Gamma(a): it converges for
 * every x, and the terms shrink once k > x, so the loop is bounded by x + a margin. */
static double gamma_p_series(double a, double x) {
    double term = 1.0 / a, sum = term;
    for (int k = 1; k < 1000000; k++) {
        term *= x / (a + k);
        sum += term;
        if (term < sum * 1e-16) break;
    }
    return exp(a * log(x) - x - lgamma(a) + log(sum));
}

/* Upper tail Q(a, x) by the continued fraction (modified Lentz), good for x > a + 1. */
static double gamma_q_cf(double a, double x) {
    const double tiny = 1e-300;
    double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
    for (int i = 1; i < 100000; i++) {
        double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (fabs(d) < tiny) d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < 1e-16) break;
    }
    return exp(a * log(x) - x - lgamma(a)) * h;
}

double plt_gamma_p(double a, double x) {
    if (!(a > 0) || !(x >= 0) || !isfinite(a)) return NAN;
    if (x == 0) return 0;
    if (isinf(x)) return 1;
    if (x < a + 1) return gamma_p_series(a, x);
    return 1 - gamma_q_cf(a, x);
}

double plt_chi2_cdf(double x, double k) { return plt_gamma_p(0.5 * k, 0.5 * x); }

double plt_chi2_quantile(double p, double k) {
    if (!(p > 0 && p < 1) || !(k > 0) || !isfinite(k)) return NAN;
    double lo = 0, hi = k + 10 * sqrt(2 * k) + 50;
    while (plt_chi2_cdf(hi, k) < p) hi *= 2;
    for (int i = 0; i < 300 && hi - lo > 1e-12 * (1 + hi); i++) {
        double mid = 0.5 * (lo + hi);
        if (plt_chi2_cdf(mid, k) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

plt_status plt_variance_ci(const double *x, size_t count, size_t stride, double level,
                           plt_var_ci *out) {
    if (!x || !out) return plt_fail(PLT_EINVAL, "variance: NULL samples or output");
    if (count < 2)
        return plt_fail(PLT_EINVAL, "variance: %zu sample%s; give at least 2", count,
                        count == 1 ? "" : "s");
    if (!(level > 0 && level < 1))
        return plt_fail(PLT_EINVAL, "variance: confidence level %g; give a number in (0, 1)",
                        level);
    if (stride < 1) stride = 1;
    double mean = 0;
    for (size_t i = 0; i < count; i++) {
        double v = x[i * stride];
        if (!isfinite(v))
            return plt_fail(PLT_EINVAL, "variance: sample %zu is %g; samples must be finite", i,
                            v);
        mean += v;
    }
    mean /= (double)count;
    double ss = 0;
    for (size_t i = 0; i < count; i++) {
        double d = x[i * stride] - mean;
        ss += d * d;
    }
    double dof = (double)count - 1;
    out->mean = mean;
    out->var = ss / dof;
    out->count = count;
    out->lo = ss / plt_chi2_quantile(0.5 * (1 + level), dof);
    out->hi = ss / plt_chi2_quantile(0.5 * (1 - level), dof);
    return PLT_OK;
}

static uint64_t mix64(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Mean over columns of the column variances of the rows idx[0..rows) (idx NULL: all). */
static double mean_of_vars(const double *x, size_t rows, size_t cols, const size_t *idx,
                           double *sum, double *sq) {
    memset(sum, 0, cols * sizeof *sum);
    memset(sq, 0, cols * sizeof *sq);
    for (size_t r = 0; r < rows; r++) {
        const double *row = x + (idx ? idx[r] : r) * cols;
        for (size_t c = 0; c < cols; c++) {
            sum[c] += row[c];
            sq[c] += row[c] * row[c];
        }
    }
    double acc = 0, m = (double)rows;
    for (size_t c = 0; c < cols; c++) {
        double v = (sq[c] - sum[c] * sum[c] / m) / (m - 1);
        acc += v > 0 ? v : 0; /* cancellation can leave a tiny negative */
    }
    return acc / (double)cols;
}

plt_status plt_variance_mean_ci(const double *x, size_t rows, size_t cols, double level,
                                size_t resamples, uint64_t seed, plt_var_ci *out) {
    if (!x || !out) return plt_fail(PLT_EINVAL, "variance: NULL samples or output");
    if (rows < 2 || cols < 1)
        return plt_fail(PLT_EINVAL, "variance: %zu samples of %zu values; give at least 2 of 1",
                        rows, cols);
    if (!(level > 0 && level < 1))
        return plt_fail(PLT_EINVAL, "variance: confidence level %g; give a number in (0, 1)",
                        level);
    if (resamples < 10)
        return plt_fail(PLT_EINVAL, "variance: %zu bootstrap resamples; give at least 10",
                        resamples);
    for (size_t i = 0; i < rows * cols; i++)
        if (!isfinite(x[i]))
            return plt_fail(PLT_EINVAL, "variance: entry %zu is %g; samples must be finite", i,
                            x[i]);
    double *sum = malloc(cols * sizeof *sum), *sq = malloc(cols * sizeof *sq);
    double *boot = malloc(resamples * sizeof *boot);
    size_t *idx = malloc(rows * sizeof *idx);
    plt_status st = PLT_OK;
    if (!sum || !sq || !boot || !idx) {
        st = plt_fail_nomem("bootstrap buffers");
        goto done;
    }
    double mean = 0;
    for (size_t i = 0; i < rows * cols; i++) mean += x[i];
    out->mean = mean / (double)(rows * cols);
    out->var = mean_of_vars(x, rows, cols, NULL, sum, sq);
    out->count = rows;
    uint64_t s = seed ^ 0x5bd1e995u;
    for (size_t b = 0; b < resamples; b++) {
        for (size_t r = 0; r < rows; r++) idx[r] = (size_t)(mix64(&s) % rows);
        boot[b] = mean_of_vars(x, rows, cols, idx, sum, sq);
    }
    qsort(boot, resamples, sizeof *boot, cmp_double);
    double a = 0.5 * (1 - level) * (double)(resamples - 1);
    size_t ilo = (size_t)floor(a), ihi = (size_t)ceil((double)(resamples - 1) - a);
    if (ihi >= resamples) ihi = resamples - 1;
    out->lo = boot[ilo];
    out->hi = boot[ihi];
done:
    free(sum);
    free(sq);
    free(boot);
    free(idx);
    return st;
}
