/* Covariance-space evaluation: forward product of rotations, Wick/Pfaffian terms, and
 * the adjoint sweep.
 *
 * With M_k = O_k M0 O_k^T after gate k and G_k = dL/dM_k, the derivative of the loss
 * in gate k's plane angle is tr(G_k^T K M_k) for the plane generator K. With
 * Q_k = R_L ... R_{k+1} and X_k = Q_k^T G_L O_L it equals
 *     sum_c X_k[p,c] (O_k M0)[q,c] - X_k[q,c] (O_k M0)[p,c],
 * and both X_k and O_k come from step k+1 by rotating rows p, q back with R_k^T.
 * So the sweep never touches a column (strided memory) and costs O(n) a
 * gate, like the forward pass. */
#include <math.h>
#include <string.h>

#include "engines/fermion/fermion_impl.h"
#include "engines/fermion/pfaffian.h"

static double *row(double *a, int dim, int r) { return a + (size_t)r * (size_t)dim; }

/* Rows (rp, rq) <- (c rp + s rq, c rq - s rp) on columns [lo, hi). */
static void rotate(double *restrict rp, double *restrict rq, int lo, int hi, double c,
                   double s) {
    for (int k = lo; k < hi; k++) {
        double x = rp[k], y = rq[k];
        rp[k] = c * x + s * y;
        rq[k] = c * y - s * x;
    }
}

/* Makes rows p and q share the union of their ranges; returns 0 when both are empty. */
static int unite(int *lo, int *hi, int p, int q) {
    int l = lo[p] < lo[q] ? lo[p] : lo[q], h = hi[p] > hi[q] ? hi[p] : hi[q];
    if (lo[p] >= hi[p]) l = lo[q], h = hi[q];
    else if (lo[q] >= hi[q]) l = lo[p], h = hi[p];
    lo[p] = lo[q] = l;
    hi[p] = hi[q] = h;
    return l < h;
}

/* Pair range [j0, j1) of columns (2j, 2j+1) that meets both rows' ranges: the entries
 * pair a column of one row with the partner column of the other, so each range is
 * widened to whole pairs before intersecting. */
static void pairs(int alo, int ahi, int blo, int bhi, int *j0, int *j1) {
    int a0 = alo / 2, a1 = (ahi + 1) / 2, b0 = blo / 2, b1 = (bhi + 1) / 2;
    *j0 = a0 > b0 ? a0 : b0;
    *j1 = a1 < b1 ? a1 : b1;
    if (alo >= ahi || blo >= bhi || *j1 < *j0) *j1 = *j0;
}

/* (O M0 O^T)_ab = sum_j m_j (O_a,2j O_b,2j+1 - O_a,2j+1 O_b,2j). */
static double entry(const plt_fplan *f, int a, int b) {
    int j0, j1;
    pairs(f->olo[a], f->ohi[a], f->olo[b], f->ohi[b], &j0, &j1);
    const double *ra = f->O + (size_t)a * f->dim, *rb = f->O + (size_t)b * f->dim;
    double s = 0.0;
    for (int j = j0; j < j1; j++)
        s += f->m[j] * (ra[2 * j] * rb[2 * j + 1] - ra[2 * j + 1] * rb[2 * j]);
    return s;
}

static void forward(plt_fplan *f, const double *params) {
    int dim = f->dim;
    for (int a = 0; a < dim; a++) {
        if (f->olo[a] < f->ohi[a])
            memset(row(f->O, dim, a) + f->olo[a], 0,
                   (size_t)(f->ohi[a] - f->olo[a]) * sizeof *f->O);
        row(f->O, dim, a)[a] = 1.0;
        f->olo[a] = a;
        f->ohi[a] = a + 1;
    }
    for (size_t g = 0; g < f->ngates; g++) {
        const plt_fgate *gt = &f->gates[g];
        double al = gt->param >= 0 ? gt->a * params[gt->param] + gt->b : gt->b;
        double c = cos(al), s = sin(al);
        f->cs[2 * g] = c;
        f->cs[2 * g + 1] = s;
        int *sp = f->span + 4 * g;
        sp[0] = f->olo[gt->p], sp[1] = f->ohi[gt->p], sp[2] = f->olo[gt->q], sp[3] = f->ohi[gt->q];
        unite(f->olo, f->ohi, gt->p, gt->q);
        rotate(row(f->O, dim, gt->p), row(f->O, dim, gt->q), f->olo[gt->p], f->ohi[gt->p], c, s);
    }
}

/* X[a] += g O[b] on O[b]'s range. */
static void axpy_row(plt_fplan *f, int a, int b, double g) {
    int lo = f->olo[b], hi = f->ohi[b];
    if (lo >= hi || g == 0.0) return;
    if (f->xlo[a] >= f->xhi[a]) {
        f->xlo[a] = lo;
        f->xhi[a] = hi;
    } else {
        /* Widening keeps zeros in between valid: rows are zero outside their range. */
        if (lo < f->xlo[a]) f->xlo[a] = lo;
        if (hi > f->xhi[a]) f->xhi[a] = hi;
    }
    double *x = row(f->X, f->dim, a);
    const double *o = row(f->O, f->dim, b);
    for (int k = lo; k < hi; k++) x[k] += g * o[k];
}

/* One pass over pairs [j0, j1): returns the derivative in the gate's angle,
 * sum_c xp_c (O M0)_{q,c} - xq_c (O M0)_{p,c}, then rotates (xp, xq) and (op, oq) back
 * by the gate (R^T). */
static double undo_fused(const double *restrict m, double *restrict xp, double *restrict xq,
                         double *restrict op, double *restrict oq, int j0, int j1, double c,
                         double s) {
    double acc = 0.0;
    for (int j = j0; j < j1; j++) {
        int e = 2 * j, o = 2 * j + 1;
        double xp0 = xp[e], xp1 = xp[o], xq0 = xq[e], xq1 = xq[o];
        double op0 = op[e], op1 = op[o], oq0 = oq[e], oq1 = oq[o];
        acc += m[j] * ((xp1 * oq0 - xp0 * oq1) - (xq1 * op0 - xq0 * op1));
        xp[e] = c * xp0 - s * xq0, xq[e] = c * xq0 + s * xp0;
        xp[o] = c * xp1 - s * xq1, xq[o] = c * xq1 + s * xp1;
        op[e] = c * op0 - s * oq0, oq[e] = c * oq0 + s * op0;
        op[o] = c * op1 - s * oq1, oq[o] = c * oq1 + s * op1;
    }
    return acc;
}

/* Zeroes r on [lo, hi) outside [klo, khi) (an empty keep range clears everything). */
static void clear_outside(double *r, int lo, int hi, int klo, int khi) {
    if (klo >= khi) klo = khi = hi;
    if (klo > lo) memset(r + lo, 0, (size_t)(klo - lo) * sizeof *r);
    if (khi < hi) memset(r + khi, 0, (size_t)(hi - khi) * sizeof *r);
}

void plt_fermion_eval(plt_fplan *f, const double *params, double *loss, double *grad) {
    int dim = f->dim;
    forward(f, params);
    if (grad) {
        for (int a = 0; a < dim; a++) {
            if (f->xlo[a] < f->xhi[a])
                memset(row(f->X, dim, a) + f->xlo[a], 0,
                       (size_t)(f->xhi[a] - f->xlo[a]) * sizeof *f->X);
            f->xlo[a] = dim;
            f->xhi[a] = 0;
        }
        memset(grad, 0, (size_t)f->nparams * sizeof *grad);
    }
    double L = f->constant;
    for (size_t t = 0; t < f->nterms; t++) {
        const plt_fterm *tm = &f->terms[t];
        const int *S = f->idx + tm->off;
        int d = tm->d;
        double *A = f->sub;
        for (int k = 0; k < d; k++) {
            A[(size_t)k * d + k] = 0.0;
            for (int l = k + 1; l < d; l++) {
                double v = entry(f, S[k], S[l]);
                A[(size_t)k * d + l] = v;
                A[(size_t)l * d + k] = -v;
            }
        }
        double pf;
        if (!grad) {
            L += tm->w * plt_pfaffian(A, d);
            continue;
        }
        plt_pfaffian_grad(A, d, &pf, f->subg, f->work);
        L += tm->w * pf;
        /* X_L = G_L O_L with G antisymmetric: G_ab = w dPf/dA_kl, G_ba = -G_ab. */
        for (int k = 0; k < d; k++)
            for (int l = k + 1; l < d; l++) {
                double g = tm->w * f->subg[(size_t)k * d + l];
                axpy_row(f, S[k], S[l], g);
                axpy_row(f, S[l], S[k], -g);
            }
    }
    *loss = L;
    if (!grad) return;
    for (size_t g = f->ngates; g-- > 0;) {
        const plt_fgate *gt = &f->gates[g];
        int p = gt->p, q = gt->q;
        double c = f->cs[2 * g], s = f->cs[2 * g + 1];
        double *op = row(f->O, dim, p), *oq = row(f->O, dim, q);
        int ulo = f->olo[p], uhi = f->ohi[p]; /* both rows share it after the gate */
        int xl = ulo, xh = ulo;
        if (unite(f->xlo, f->xhi, p, q)) {
            /* Pair-aligned, so the derivative and both undo rotations share one pass. */
            xl = f->xlo[p] & ~1;
            xh = f->xhi[p] + (f->xhi[p] & 1);
            f->xlo[p] = f->xlo[q] = xl;
            f->xhi[p] = f->xhi[q] = xh;
            double dal = undo_fused(f->m, row(f->X, dim, p), row(f->X, dim, q), op, oq, xl / 2,
                                    xh / 2, c, s);
            if (gt->param >= 0) grad[gt->param] += gt->a * dal;
        }
        /* The rest of O's range, outside the fused pass. */
        if (xl >= xh) xl = xh = uhi;
        rotate(op, oq, ulo, xl < ulo ? ulo : (xl > uhi ? uhi : xl), c, -s);
        rotate(op, oq, xh > ulo ? (xh < uhi ? xh : uhi) : ulo, uhi, c, -s);
        /* Back to the ranges before the gate; what the undo left outside them is
         * rounding of exact zeros, cleared so rows stay zero outside their range. */
        const int *sp = f->span + 4 * g;
        clear_outside(op, ulo, uhi, sp[0], sp[1]);
        clear_outside(oq, ulo, uhi, sp[2], sp[3]);
        f->olo[p] = sp[0], f->ohi[p] = sp[1], f->olo[q] = sp[2], f->ohi[q] = sp[3];
    }
}
