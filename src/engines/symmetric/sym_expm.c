/* exp(-i H) v on the symmetric subspace by a Chebyshev series (Jacobi-Anger):
 *   exp(-i r X) = J_0(r) + 2 sum_k (-i)^k J_k(r) T_k(X),   X = (H - c) / r with spectrum in [-1, 1],
 * the shift c a dropped global phase. J_k(r) falls below 1e-17 past k ~ r + 13 r^(1/3), so the
 * degree is the half-width r of H's spectrum and each term one band product: no matrix is
 * ever diagonalised, which is what lets n reach 10^4 (d^3 would not). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/symmetric/sym.h"

int sym_cheb_degree(double r) { return (int)ceil(r + 13.0 * cbrt(r) + 20.0); }

/* J_0(r) .. J_N(r) into j[0..N] by Miller's backward recurrence, normalised by
 * J_0 + 2 sum J_2k = 1 (stable: the recurrence runs towards the dominant solution). */
static void bessel_j(double r, int N, double *j) {
    if (r < 1e-300) {
        memset(j, 0, (size_t)(N + 1) * sizeof *j);
        j[0] = 1;
        return;
    }
    int M = N + 20 + (int)(2 * cbrt(r));
    double up = 0, cur = 1e-300;
    for (int k = M; k >= 1; k--) {
        double down = 2.0 * k / r * cur - up;
        up = cur;
        cur = down;
        if (k - 1 <= N) j[k - 1] = cur;
        if (k <= N) j[k] = up;
        if (fabs(cur) > 1e250) {
            for (int t = k - 1; t <= N; t++)
                if (t >= 0) j[t] *= 1e-250;
            up *= 1e-250;
            cur *= 1e-250;
        }
    }
    double norm = j[0];
    for (int k = 2; k <= N; k += 2) norm += 2 * j[k];
    for (int k = 0; k <= N; k++) j[k] /= norm;
}

/* acc += 2 J (-i)^k w */
static inline void acc_term(int k, double c, double wr, double wi, double *ar, double *ai) {
    switch (k & 3) {
    case 0: *ar += c * wr, *ai += c * wi; break;
    case 1: *ar += c * wi, *ai -= c * wr; break;
    case 2: *ar -= c * wr, *ai -= c * wi; break;
    default: *ar -= c * wi, *ai += c * wr; break;
    }
}

/* The Chebyshev loop around a product y = X w (X already shifted and scaled). The product is
 * a callback: the tridiagonal and the band forms share the series. */
typedef void (*apply_fn)(const void *ctx, const double *w, double *y);

static void cheb(apply_fn apply, const void *ctx, int d, double r, double *v, double *tmp) {
    int N = sym_cheb_degree(r);
    double *jk = malloc((size_t)(N + 1) * sizeof *jk);
    PLT_ASSERT(jk);
    bessel_j(r, N, jk);
    while (N > 1 && fabs(jk[N]) < 1e-18 && N > r) N--;
    double *prev = tmp, *cur = tmp + 2 * (size_t)d, *next = tmp + 4 * (size_t)d;
    memcpy(prev, v, 2 * (size_t)d * sizeof *v);
    apply(ctx, prev, cur);
    for (int k = 0; k < d; k++) {
        double ar = jk[0] * prev[2 * k], ai = jk[0] * prev[2 * k + 1];
        if (N >= 1) acc_term(1, 2 * jk[1], cur[2 * k], cur[2 * k + 1], &ar, &ai);
        v[2 * k] = ar;
        v[2 * k + 1] = ai;
    }
    for (int t = 2; t <= N; t++) {
        apply(ctx, cur, next);
        double c = 2 * jk[t];
        for (int k = 0; k < 2 * d; k += 2) {
            double nr = 2 * next[k] - prev[k], ni = 2 * next[k + 1] - prev[k + 1];
            next[k] = nr;
            next[k + 1] = ni;
            acc_term(t, c, nr, ni, &v[k], &v[k + 1]);
        }
        double *t0 = prev;
        prev = cur;
        cur = next;
        next = t0;
    }
    free(jk);
}

/* ---------- linear: exp(-i h.J) ---------- */

typedef struct tri {
    int d;
    const double *diag, *off; /* off[k]: entry (k-1, k), k >= 1 */
    double scale;             /* 1 / r */
} tri;

static void tri_apply(const void *ctx, const double *restrict w, double *restrict y) {
    const tri *t = ctx;
    const int d = t->d;
    const double s = t->scale;
    for (int k = 0; k < d; k++) {
        double yr = t->diag[k] * w[2 * k], yi = t->diag[k] * w[2 * k + 1];
        if (k > 0) yr += t->off[k] * w[2 * k - 2], yi += t->off[k] * w[2 * k - 1];
        if (k + 1 < d) yr += t->off[k + 1] * w[2 * k + 2], yi += t->off[k + 1] * w[2 * k + 3];
        y[2 * k] = s * yr;
        y[2 * k + 1] = s * yi;
    }
}

/* v_k *= exp(i phi m_k), m_k = n/2 - k: exp(i phi Jz). */
static void jz_phase(int n, double phi, double *v) {
    for (int k = 0; k <= n; k++) {
        double a = phi * (0.5 * n - k), c = cos(a), s = sin(a);
        double vr = v[2 * k], vi = v[2 * k + 1];
        v[2 * k] = c * vr - s * vi;
        v[2 * k + 1] = s * vr + c * vi;
    }
}

void sym_expm_linear(int n, const double h[3], double *v, double *tmp) {
    const int d = n + 1;
    double norm = sqrt(h[0] * h[0] + h[1] * h[1] + h[2] * h[2]);
    if (norm == 0) return;
    /* The eigenvalues are |h| m with m spaced by 1: |h| and |h| - 2 pi differ by a global phase. */
    double tau = remainder(norm, 2 * M_PI), f = tau / norm;
    double hx = h[0] * f, hy = h[1] * f, hz = h[2] * f;
    double rho = sqrt(hx * hx + hy * hy), phi = atan2(hy, hx), r = fabs(tau) * 0.5 * n;
    if (r < 1e-300) return;
    if (rho == 0) {
        jz_phase(n, -hz, v);
        return;
    }
    /* h.J = exp(-i phi Jz) (rho Jx + hz Jz) exp(i phi Jz): a real tridiagonal in the middle. */
    double *diag = tmp + 6 * (size_t)d, *off = diag + d;
    for (int k = 0; k < d; k++) {
        diag[k] = hz * (0.5 * n - k);
        off[k] = k ? rho * 0.5 * sqrt((double)k * (double)(n - k + 1)) : 0;
    }
    tri t = {d, diag, off, 1.0 / r};
    jz_phase(n, phi, v);
    cheb(tri_apply, &t, d, r, v, tmp);
    jz_phase(n, -phi, v);
}

/* ---------- a band: exp(-i (ta A + tb B)) ---------- */

typedef struct bandop {
    const sym_band *A, *B;
    double ta, tb, c, scale;
} bandop;

static inline void band_entry(const bandop *b, int r, int o, double *er, double *ei) {
    *er = *ei = 0;
    if (abs(o) <= b->A->w) {
        size_t at = (size_t)(o + b->A->w) * (size_t)b->A->d + (size_t)r;
        *er += b->ta * b->A->re[at];
        *ei += b->ta * b->A->im[at];
    }
    if (b->B && abs(o) <= b->B->w) {
        size_t at = (size_t)(o + b->B->w) * (size_t)b->B->d + (size_t)r;
        *er += b->tb * b->B->re[at];
        *ei += b->tb * b->B->im[at];
    }
}

static int band_width(const bandop *b) {
    return b->B && b->B->w > b->A->w ? b->B->w : b->A->w;
}

static void band_apply_op(const void *ctx, const double *restrict x, double *restrict y) {
    const bandop *b = ctx;
    const int d = b->A->d, w = band_width(b);
    for (int r = 0; r < d; r++) {
        double ar = -b->c * x[2 * r], ai = -b->c * x[2 * r + 1];
        int olo = -r > -w ? -r : -w, ohi = d - 1 - r < w ? d - 1 - r : w;
        for (int o = olo; o <= ohi; o++) {
            double mr, mi, xr = x[2 * (r + o)], xi = x[2 * (r + o) + 1];
            band_entry(b, r, o, &mr, &mi);
            ar += mr * xr - mi * xi;
            ai += mr * xi + mi * xr;
        }
        y[2 * r] = b->scale * ar;
        y[2 * r + 1] = b->scale * ai;
    }
}

void sym_expm_band2(const sym_band *A, double ta, const sym_band *B, double tb, double *v,
                    double *tmp) {
    bandop b = {A, B, ta, tb, 0, 1};
    const int d = A->d, w = band_width(&b);
    /* Gershgorin: every eigenvalue lies in some [H_kk - R_k, H_kk + R_k]. */
    double lo = INFINITY, hi = -INFINITY;
    for (int r = 0; r < d; r++) {
        double dr, di, rad = 0;
        band_entry(&b, r, 0, &dr, &di);
        for (int o = -w; o <= w; o++) {
            if (o == 0 || r + o < 0 || r + o >= d) continue;
            double er, ei;
            band_entry(&b, r, o, &er, &ei);
            rad += hypot(er, ei);
        }
        lo = fmin(lo, dr - rad);
        hi = fmax(hi, dr + rad);
    }
    double r = 0.5 * (hi - lo);
    b.c = 0.5 * (hi + lo);
    if (r < 1e-300) return; /* a multiple of the identity: a global phase */
    b.scale = 1.0 / r;
    cheb(band_apply_op, &b, d, r, v, tmp);
}
