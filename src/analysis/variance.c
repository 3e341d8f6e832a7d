/* Variance estimates with distribution-free confidence intervals (fourth moment and
 * bootstrap-t on the log scale), and the normal and chi-square quantiles. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "plateau/rng.h"
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

/* ---------- distribution-free intervals ----------
 * Row r, column c of the samples is x[r * stride + c]. With y_r = (1/cols) sum_c (x_rc -
 * xbar_c)^2, the mean of the column variances is V = sum_r y_r / (rows - 1), and its
 * variance is (E[Y^2] - (m-3)/(m-1) V^2) / m to first order (m = rows): for one column that
 * is the fourth-moment formula (mu4 - (m-3)/(m-1) sigma^4) / m, exact for any distribution;
 * for several, V^2 stands in for the mean squared covariance, which it bounds, so the
 * error is conservative and O(1/m). The estimate is > 0 whenever V > 0 (since (m-1)^3 >
 * m^2 (m-3)), so log V always has a standard error. */

typedef struct vstat {
    double v, se; /* V and the standard error of log V */
} vstat;

/* V and se from sum_r y_r and sum_r y_r^2 over m rows. */
static vstat vstat_from(double ys, double yy, size_t m) {
    double fm = (double)m, v = ys / (fm - 1);
    double var = (yy / fm - (fm - 3) / (fm - 1) * v * v) / fm;
    vstat out = {v, v > 0 && var > 0 ? sqrt(var) / v : 0};
    return out;
}

/* V and se over the rows idx[0..m) (idx NULL: all rows), deviations scaled by sc (V comes
 * out times sc^2; se is scale-free); colmean is scratch of cols. */
static vstat vstat_of(const double *x, size_t m, size_t cols, size_t stride, const size_t *idx,
                      double sc, double *colmean) {
    for (size_t c = 0; c < cols; c++) colmean[c] = 0;
    for (size_t r = 0; r < m; r++) {
        const double *row = x + (idx ? idx[r] : r) * stride;
        for (size_t c = 0; c < cols; c++) colmean[c] += row[c];
    }
    for (size_t c = 0; c < cols; c++) colmean[c] /= (double)m;
    double ys = 0, yy = 0; /* deviations from the means: no cancellation */
    for (size_t r = 0; r < m; r++) {
        const double *row = x + (idx ? idx[r] : r) * stride;
        double y = 0;
        for (size_t c = 0; c < cols; c++) {
            double d = (row[c] - colmean[c]) * sc;
            y += d * d;
        }
        y /= (double)cols;
        ys += y;
        yy += y * y;
    }
    return vstat_from(ys, yy, m);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The interval of V at `level`: the hull of two intervals for log V.
 *  - Asymptotic: log V -+ z se. Right to first order for any finite fourth moment, but the
 *    skew of V and the correlation of se with V make it miss high values of heavy-tailed
 *    samples (kurtosis ~8: 92 % at m = 200).
 *  - Bootstrap-t: the pivot T = (log V* - log V) / se* over `resamples` resamples of whole
 *    rows (the columns stay paired), interval [log V - q_hi se, log V - q_lo se]. It
 *    corrects the skew to second order. A resample without spread (V* = 0) has T = -inf:
 *    when more than (1 - level)/2 of them do, the samples bound nothing from above and the
 *    interval is [0, inf). resamples = 0: asymptotic only.
 * The hull keeps the wider end of each: both are approximations that err on the same
 * (short) side for heavy tails, and a variance interval is read as a bound. */
static plt_status interval(const double *x, size_t m, size_t cols, size_t stride, double level,
                           size_t resamples, uint64_t seed, plt_var_ci *out) {
    double *colmean = malloc(cols * sizeof *colmean);
    double *t = resamples ? malloc(resamples * sizeof *t) : NULL;
    size_t *idx = resamples && cols > 1 ? malloc(m * sizeof *idx) : NULL;
    double *pw = resamples && cols == 1 ? malloc(4 * m * sizeof *pw) : NULL;
    plt_status st = PLT_OK;
    plt_rng rng;
    plt_rng_seed(&rng, seed);
    if (!colmean || (resamples && (!t || (cols > 1 ? !idx : !pw)))) {
        st = plt_fail_nomem("variance interval buffers");
        goto done;
    }
    /* The textbook variance is reported; the interval works on deviations scaled to at most
     * 1, so that fourth powers of tiny gradients do not underflow (nor large ones overflow). */
    vstat raw = vstat_of(x, m, cols, stride, NULL, 1.0, colmean);
    double amax = 0;
    for (size_t r = 0; r < m; r++)
        for (size_t c = 0; c < cols; c++) {
            double d = fabs(x[r * stride + c] - colmean[c]);
            amax = d > amax ? d : amax;
        }
    out->var = raw.v;
    out->count = m;
    if (!(amax > 0)) { /* every column constant: nothing varies, nothing to bound */
        out->lo = out->hi = 0;
        goto done;
    }
    double sc = 1 / amax;
    vstat v0 = vstat_of(x, m, cols, stride, NULL, sc, colmean);
    double z = plt_normal_quantile(0.5 * (1 + level)), lv = log(v0.v);
    double lo = lv - z * v0.se, hi = lv + z * v0.se;
    if (resamples) {
        if (cols == 1) {
            /* One pass per resample: the powers of d = x - xbar, shifted to the resample's
             * mean delta = S1/m by the binomial formula (delta is small, so little cancels). */
            for (size_t r = 0; r < m; r++) {
                double d = (x[r * stride] - colmean[0]) * sc;
                pw[4 * r] = d, pw[4 * r + 1] = d * d, pw[4 * r + 2] = d * d * d;
                pw[4 * r + 3] = d * d * d * d;
            }
        }
        for (size_t b = 0; b < resamples; b++) {
            vstat vb;
            if (cols == 1) {
                double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
                for (size_t r = 0; r < m; r++) {
                    const double *p = pw + 4 * plt_rng_below(&rng, m);
                    s1 += p[0], s2 += p[1], s3 += p[2], s4 += p[3];
                }
                double fm = (double)m, dl = s1 / fm, d2 = dl * dl;
                vb = vstat_from(s2 - fm * d2, s4 - 4 * dl * s3 + 6 * d2 * s2 - 3 * fm * d2 * d2, m);
            } else {
                for (size_t r = 0; r < m; r++) idx[r] = plt_rng_below(&rng, m);
                vb = vstat_of(x, m, cols, stride, idx, sc, colmean);
            }
            t[b] = vb.v > 0 && vb.se > 0 ? (log(vb.v) - lv) / vb.se : -INFINITY;
        }
        qsort(t, resamples, sizeof *t, cmp_double);
        /* Order statistics k and n+1-k of n resamples, k = floor(alpha (n + 1)), clamped. */
        double a = 0.5 * (1 - level) * (double)(resamples + 1);
        size_t k = a >= 1 ? (size_t)floor(a) : 1;
        if (k > resamples) k = resamples;
        double qlo = t[k - 1], qhi = t[resamples - k];
        if (qlo == -INFINITY) {
            out->lo = 0;
            out->hi = INFINITY;
            goto done;
        }
        if (lv - qhi * v0.se < lo) lo = lv - qhi * v0.se;
        if (lv - qlo * v0.se > hi) hi = lv - qlo * v0.se;
    }
    out->lo = exp(lo) / (sc * sc);
    out->hi = exp(hi) / (sc * sc);
done:
    free(colmean);
    free(t);
    free(idx);
    free(pw);
    return st;
}

/* Resamples of plt_variance_ci; beyond VAR_BOOT_MAX samples the asymptotic interval alone
 * (its coverage error shrinks like 1/m) keeps the cost linear. */
enum { VAR_RESAMPLES = 999, VAR_BOOT_MAX = 20000 };

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
    /* The resampling seed is a hash of the samples: equal inputs, equal intervals. */
    uint64_t seed = count;
    double sum = 0;
    for (size_t i = 0; i < count; i++) {
        double v = x[i * stride];
        if (!isfinite(v))
            return plt_fail(PLT_EINVAL, "variance: sample %zu is %g; samples must be finite", i,
                            v);
        sum += v;
        uint64_t bits;
        memcpy(&bits, &v, sizeof bits);
        seed ^= bits;
        seed = plt_rng_mix(seed);
    }
    out->mean = sum / (double)count;
    return interval(x, count, 1, stride, level, count <= VAR_BOOT_MAX ? VAR_RESAMPLES : 0, seed,
                    out);
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
    double mean = 0;
    for (size_t i = 0; i < rows * cols; i++) {
        if (!isfinite(x[i]))
            return plt_fail(PLT_EINVAL, "variance: entry %zu is %g; samples must be finite", i,
                            x[i]);
        mean += x[i];
    }
    out->mean = mean / (double)(rows * cols);
    return interval(x, rows, cols, cols, level, resamples, seed ^ 0x5bd1e995u, out);
}
