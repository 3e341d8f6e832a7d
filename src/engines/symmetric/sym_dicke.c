/* Operators on the symmetric subspace in the Dicke basis |D_k> = C(n,k)^(-1/2) sum_{|s|=k} |s>.
 *
 * Every Pauli string with nx X, ny Y and nz Z letters has the same matrix between Dicke states
 * (a permutation maps one such string to another and fixes every |D_k>), so the symmetric part
 * of any Pauli sum depends only on those counts. Put the letters in blocks: a basis string with
 * u ones on the X/Y block (size s = nx + ny) and v ones elsewhere (size m = n - s) maps to one
 * with k' = k + s - 2u ones. Summing the phases over the strings of each (u, v) gives
 *   <D_k'| P |D_k> = i^ny F(u) G(v) C(s,u) C(m,v) / sqrt(C(n,k) C(n,k')),  k = u + v,
 * where F(u) = E[(-1)^(number of Y ones)] and G(v) = E[(-1)^(number of Z ones)] are averages
 * over hypergeometric draws (u ones among the s block, v among the m block). Averages of signs
 * stay in [-1, 1], so nothing overflows at n = 10^4 where the binomials have 3000 digits. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/symmetric/sym.h"

plt_status sym_band_new(int d, int w, sym_band *b) {
    memset(b, 0, sizeof *b);
    size_t len = (size_t)(2 * w + 1) * (size_t)d;
    b->re = calloc(len, sizeof *b->re);
    b->im = calloc(len, sizeof *b->im);
    if (!b->re || !b->im) {
        sym_band_free(b);
        return plt_fail_nomem("a Dicke-basis band");
    }
    b->d = d;
    b->w = w;
    return PLT_OK;
}

void sym_band_free(sym_band *b) {
    free(b->re);
    free(b->im);
    memset(b, 0, sizeof *b);
}

void sym_log_factorials(int n, double *lf) {
    lf[0] = 0;
    for (int k = 1; k <= n; k++) lf[k] = lf[k - 1] + log((double)k);
}

static double lchoose(const double *lf, int n, int k) { return lf[n] - lf[k] - lf[n - k]; }

double sym_class_size(const double *lf, int n, int nx, int ny, int nz) {
    return exp(lf[n] - lf[nx] - lf[ny] - lf[nz] - lf[n - nx - ny - nz]);
}

/* out[t] = E[(-1)^c] for c ones among t drawn from a block of `size` with `marked` marked
 * places, t = 0..size. Cost size * min(marked, size - marked). */
static void sign_average(const double *lf, int size, int marked, double *out) {
    for (int t = 0; t <= size; t++) {
        int lo = t - (size - marked) > 0 ? t - (size - marked) : 0;
        int hi = t < marked ? t : marked;
        double acc = 0, base = lchoose(lf, size, t);
        for (int c = lo; c <= hi; c++) {
            double p = exp(lchoose(lf, marked, c) + lchoose(lf, size - marked, t - c) - base);
            acc += (c & 1) ? -p : p;
        }
        out[t] = acc;
    }
}

void sym_band_add_class(sym_band *b, const double *lf, int nx, int ny, int nz, double scale) {
    const int n = b->d - 1, s = nx + ny, m = n - s, d = b->d, w = b->w;
    double *F = malloc((size_t)(s + 1) * sizeof *F), *G = malloc((size_t)(m + 1) * sizeof *G);
    PLT_ASSERT(F && G && s <= w);
    /* F counts the Y ones: sign_average over the Y places of the s block. */
    sign_average(lf, s, ny, F);
    sign_average(lf, m, nz, G);
    /* i^ny: the phase of the Y letters acting on zeros (i each) before the sign above. */
    static const double pr[4] = {1, 0, -1, 0}, pi[4] = {0, 1, 0, -1};
    const double phr = pr[ny & 3] * scale, phi = pi[ny & 3] * scale;
    for (int k = 0; k <= n; k++)
        for (int u = 0; u <= s; u++) {
            int v = k - u;
            if (v < 0 || v > m) continue;
            int kp = k + s - 2 * u;
            double mag = F[u] * G[v] *
                         exp(lchoose(lf, s, u) + lchoose(lf, m, v) -
                             0.5 * (lchoose(lf, n, k) + lchoose(lf, n, kp)));
            /* row kp, column k: offset o = k - kp */
            size_t at = (size_t)(k - kp + w) * (size_t)d + (size_t)kp;
            b->re[at] += phr * mag;
            b->im[at] += phi * mag;
        }
    free(F);
    free(G);
}

void sym_band_apply(const sym_band *m, const double *restrict x, double *restrict y) {
    const int d = m->d, w = m->w;
    for (int r = 0; r < d; r++) {
        double ar = 0, ai = 0;
        int olo = -r > -w ? -r : -w, ohi = d - 1 - r < w ? d - 1 - r : w;
        for (int o = olo; o <= ohi; o++) {
            size_t at = (size_t)(o + w) * (size_t)d + (size_t)r;
            double mr = m->re[at], mi = m->im[at], xr = x[2 * (r + o)], xi = x[2 * (r + o) + 1];
            ar += mr * xr - mi * xi;
            ai += mr * xi + mi * xr;
        }
        y[2 * r] = ar;
        y[2 * r + 1] = ai;
    }
}

void sym_band_inner(const sym_band *m, const double *x, const double *y, double *re, double *im) {
    const int d = m->d, w = m->w;
    double sr = 0, si = 0;
    for (int r = 0; r < d; r++) {
        double ar = 0, ai = 0;
        int olo = -r > -w ? -r : -w, ohi = d - 1 - r < w ? d - 1 - r : w;
        for (int o = olo; o <= ohi; o++) {
            size_t at = (size_t)(o + w) * (size_t)d + (size_t)r;
            double mr = m->re[at], mi = m->im[at], yr = y[2 * (r + o)], yi = y[2 * (r + o) + 1];
            ar += mr * yr - mi * yi;
            ai += mr * yi + mi * yr;
        }
        double xr = x[2 * r], xi = x[2 * r + 1];
        sr += xr * ar + xi * ai;
        si += xr * ai - xi * ar;
    }
    *re = sr;
    *im = si;
}
