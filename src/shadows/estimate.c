/* Median-of-means estimates of Pauli expectation values from shadows, with the
 * normal-approximation interval documented in plateau/shadows.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "pauli/pstring.h"
#include "shadows/shadows_impl.h"

int plt_shadows_default_groups(double confidence, size_t shots) {
    if (!(confidence > 0 && confidence < 1)) confidence = 0.95;
    double k = ceil(2.0 * log(2.0 / (1.0 - confidence)));
    if (k < 1) k = 1;
    if (k > 1e6) k = 1e6;
    if (shots > 0 && k > (double)shots) k = (double)shots;
    return (int)k;
}

/* z with P(|N(0,1)| <= z) = c, by bisection on erfc: no table, any c in (0, 1). */
static double normal_quantile(double c) {
    double lo = 0, hi = 40;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (erf(mid / sqrt(2.0)) < c)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of means of the single-shot values of (x, z) over K groups; *matched counts
 * the shots whose bases agree with the string on its support. */
static double median_of_means(const plt_shadows *s, const uint64_t *x, const uint64_t *z,
                              int groups, double *means, size_t *matched) {
    const int nw = s->nw;
    const size_t N = s->count;
    int w = plt_pw_weight(x, z, nw);
    double scale = pow(3.0, w);
    size_t nm = 0;
    for (int g = 0; g < groups; g++) {
        size_t b = N * (size_t)g / (size_t)groups, e = N * (size_t)(g + 1) / (size_t)groups;
        double sum = 0;
        for (size_t i = b; i < e; i++) {
            const uint64_t *sh = shadows_shot_words(s, i);
            uint64_t diff = 0, par = 0;
            for (int k = 0; k < nw; k++) {
                uint64_t supp = x[k] | z[k];
                diff |= ((sh[k] ^ x[k]) | (sh[nw + k] ^ z[k])) & supp;
                par ^= sh[2 * nw + k] & supp;
            }
            if (diff) continue;
            nm++;
            sum += (__builtin_popcountll(par) & 1) ? -scale : scale;
        }
        means[g] = e > b ? sum / (double)(e - b) : 0.0;
    }
    if (matched) *matched = nm;
    qsort(means, (size_t)groups, sizeof *means, cmp_double);
    return groups % 2 ? means[groups / 2]
                      : 0.5 * (means[groups / 2 - 1] + means[groups / 2]);
}

static plt_status check_opts(const plt_shadows *s, double confidence, int *groups) {
    if (!(confidence > 0 && confidence < 1))
        return plt_fail(PLT_EINVAL, "confidence %g is not in (0, 1) (e.g. 0.95)", confidence);
    if (s->count == 0)
        return plt_fail(PLT_EINVAL, "the shadow data hold no shots (nothing to estimate from)");
    if (*groups == 0) *groups = plt_shadows_default_groups(confidence, s->count);
    if (*groups < 1 || (size_t)*groups > s->count)
        return plt_fail(PLT_EINVAL,
                        "%d groups for %zu shots (the median of means needs 1..%zu groups)",
                        *groups, s->count, s->count);
    return PLT_OK;
}

static void finish(plt_shadow_estimate *out, double value, double half) {
    out->value = value;
    out->ci_low = fmax(-1.0, value - half);
    out->ci_high = fmin(1.0, value + half);
    /* A value outside [-1, 1] still lies in its own interval. */
    if (out->ci_low > value) out->ci_low = value;
    if (out->ci_high < value) out->ci_high = value;
}

static double half_width(double value, int w, size_t N, int groups, double zq) {
    double var = pow(3.0, w) - fmin(value * value, 1.0);
    if (var < 0) var = 0;
    double f = groups > 1 ? M_PI / 2 : 1.0;
    return zq * sqrt(f * var / (double)N);
}

static plt_status estimate_words(const plt_shadows *s, const uint64_t *x, const uint64_t *z,
                                 double confidence, int groups, double zq,
                                 plt_shadow_estimate *out) {
    double *means = malloc((size_t)groups * sizeof *means);
    if (!means) return plt_fail_nomem("the group means");
    size_t matched = 0;
    double v = median_of_means(s, x, z, groups, means, &matched);
    free(means);
    out->confidence = confidence;
    out->groups = groups;
    out->shots = s->count;
    out->matched = matched;
    finish(out, v, half_width(v, plt_pw_weight(x, z, s->nw), s->count, groups, zq));
    return PLT_OK;
}

plt_status plt_shadows_estimate(const plt_shadows *s, const plt_pstring *p, double confidence,
                                int groups, plt_shadow_estimate *out) {
    if (!s || !p || !out) return plt_fail(PLT_EINVAL, "plt_shadows_estimate: NULL argument");
    memset(out, 0, sizeof *out);
    if (p->n != s->n)
        return plt_fail(PLT_EINVAL,
                        "the Pauli string has %d qubits but the shadow data have %d (they must "
                        "agree)", p->n, s->n);
    plt_status st = check_opts(s, confidence, &groups);
    if (st) return st;
    return estimate_words(s, p->x, p->z, confidence, groups, normal_quantile(confidence), out);
}

plt_status plt_shadows_estimate_sum(const plt_shadows *s, const plt_psum *o, double confidence,
                                    int groups, plt_shadow_estimate *out) {
    if (!s || !o || !out) return plt_fail(PLT_EINVAL, "plt_shadows_estimate_sum: NULL argument");
    memset(out, 0, sizeof *out);
    if (plt_psum_nqubits(o) != s->n)
        return plt_fail(PLT_EINVAL,
                        "the observable has %d qubits but the shadow data have %d (they must "
                        "agree)", plt_psum_nqubits(o), s->n);
    plt_status st = check_opts(s, confidence, &groups);
    if (st) return st;
    size_t nt = plt_psum_nterms(o);
    plt_pstring *p = NULL;
    if ((st = plt_pstring_new(s->n, &p)) != PLT_OK) return st;
    double cmax = 0;
    for (size_t i = 0; i < nt; i++) {
        double re, im;
        if ((st = plt_psum_term(o, i, p, &re, &im)) != PLT_OK) goto done;
        cmax = fmax(cmax, hypot(re, im));
    }
    double zq = normal_quantile(confidence), value = 0, half = 0, c0 = 0, cabs = 0;
    size_t matched = s->count;
    for (size_t i = 0; i < nt; i++) {
        double re, im;
        if ((st = plt_psum_term(o, i, p, &re, &im)) != PLT_OK) goto done;
        if (fabs(im) > 1e-12 * cmax) {
            char *txt = NULL;
            if (plt_pstring_to_text(p, 0, &txt) != PLT_OK) txt = NULL;
            st = plt_fail(PLT_EINVAL,
                          "the term %s has an imaginary coefficient %g (an observable is "
                          "Hermitian: use real coefficients)", txt ? txt : "?", im);
            plt_free(txt);
            goto done;
        }
        if (plt_pw_weight(p->x, p->z, p->nw) == 0) {
            value += re;
            c0 += re;
            continue;
        }
        plt_shadow_estimate e;
        if ((st = estimate_words(s, p->x, p->z, confidence, groups, zq, &e)) != PLT_OK)
            goto done;
        value += re * e.value;
        cabs += fabs(re);
        half += fabs(re) * half_width(e.value, plt_pw_weight(p->x, p->z, p->nw), s->count,
                                      groups, zq);
        if (e.matched < matched) matched = e.matched;
    }
    out->confidence = confidence;
    out->groups = groups;
    out->shots = s->count;
    out->matched = matched;
    out->value = value;
    /* Clipped to the range every state allows, c0 +- sum |c_j|, but never excluding the value. */
    out->ci_low = fmin(value, fmax(value - half, c0 - cabs));
    out->ci_high = fmax(value, fmin(value + half, c0 + cabs));
done:
    plt_pstring_free(p);
    return st;
}

double plt_shadows_value_words(const plt_shadows *s, const uint64_t *x, const uint64_t *z) {
    if (!s || s->count == 0) return 0.0;
    double means[64];
    int groups = plt_shadows_default_groups(0.95, s->count);
    if (groups > 64) groups = 64;
    return median_of_means(s, x, z, groups, means, NULL);
}
