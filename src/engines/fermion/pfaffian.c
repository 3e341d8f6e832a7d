/* Pfaffians by pivoted two-step elimination; derivatives by the inverse or by minors. */
#include "engines/fermion/pfaffian.h"

#include <math.h>
#include <string.h>

/* Sizes up to this use the minors directly: exact, and cheap enough. */
#define MINOR_MAX 12

static void swap_rc(double *A, int d, int i, int j) {
    for (int c = 0; c < d; c++) {
        double t = A[(size_t)i * d + c];
        A[(size_t)i * d + c] = A[(size_t)j * d + c];
        A[(size_t)j * d + c] = t;
    }
    for (int r = 0; r < d; r++) {
        double t = A[(size_t)r * d + i];
        A[(size_t)r * d + i] = A[(size_t)r * d + j];
        A[(size_t)r * d + j] = t;
    }
}

double plt_pfaffian(double *A, int d) {
    if (d & 1) return 0.0;
    double pf = 1.0;
    for (int k = 0; k + 1 < d; k += 2) {
        /* Pivot: the largest entry of row k right of the diagonal moves to k+1;
         * a simultaneous row/column swap flips the sign of the Pfaffian. */
        int piv = k + 1;
        double best = fabs(A[(size_t)k * d + k + 1]);
        for (int j = k + 2; j < d; j++)
            if (fabs(A[(size_t)k * d + j]) > best) best = fabs(A[(size_t)k * d + (piv = j)]);
        if (best == 0.0) return 0.0;
        if (piv != k + 1) {
            swap_rc(A, d, k + 1, piv);
            pf = -pf;
        }
        double p = A[(size_t)k * d + k + 1];
        pf *= p;
        /* Congruence by a unit triangular matrix clears row k beyond k+1 without
         * changing the Pfaffian: A_jl -= tau_l A_j,k+1 - tau_j A_l,k+1. */
        for (int j = k + 2; j < d; j++) {
            double tj = A[(size_t)k * d + j] / p, cj = A[(size_t)j * d + k + 1];
            double *rj = A + (size_t)j * d;
            for (int l = k + 2; l < d; l++) {
                double tl = A[(size_t)k * d + l] / p, cl = A[(size_t)l * d + k + 1];
                rj[l] += tj * cl - tl * cj;
            }
        }
    }
    return pf;
}

size_t plt_pfaffian_work(int d) { return 3 * (size_t)d * d + (size_t)d; }

static void grad_minors(const double *A, int d, double *g, double *m) {
    int dm = d - 2;
    for (int k = 0; k < d; k++)
        for (int l = k + 1; l < d; l++) {
            int r = 0;
            for (int i = 0; i < d; i++) {
                if (i == k || i == l) continue;
                int c = 0;
                for (int j = 0; j < d; j++) {
                    if (j == k || j == l) continue;
                    m[(size_t)r * dm + c++] = A[(size_t)i * d + j];
                }
                r++;
            }
            double s = ((k + l) & 1) ? 1.0 : -1.0;
            g[(size_t)k * d + l] = s * plt_pfaffian(m, dm);
        }
}

/* Inverse of A into inv by LU with partial pivoting (lu, perm: scratch). Returns 0
 * when a pivot is too small relative to the largest for the inverse to be trusted. */
static int invert(const double *A, int d, double *lu, double *inv, double *perm) {
    memcpy(lu, A, (size_t)d * d * sizeof *lu);
    for (int i = 0; i < d; i++) perm[i] = i;
    double pmax = 0.0, pmin = INFINITY;
    for (int k = 0; k < d; k++) {
        int piv = k;
        for (int i = k + 1; i < d; i++)
            if (fabs(lu[(size_t)i * d + k]) > fabs(lu[(size_t)piv * d + k])) piv = i;
        if (piv != k) {
            for (int c = 0; c < d; c++) {
                double t = lu[(size_t)k * d + c];
                lu[(size_t)k * d + c] = lu[(size_t)piv * d + c];
                lu[(size_t)piv * d + c] = t;
            }
            double t = perm[k];
            perm[k] = perm[piv];
            perm[piv] = t;
        }
        double p = lu[(size_t)k * d + k];
        pmax = fmax(pmax, fabs(p));
        pmin = fmin(pmin, fabs(p));
        if (p == 0.0) return 0;
        for (int i = k + 1; i < d; i++) {
            double f = lu[(size_t)i * d + k] /= p;
            for (int c = k + 1; c < d; c++) lu[(size_t)i * d + c] -= f * lu[(size_t)k * d + c];
        }
    }
    if (!(pmin > 1e-10 * pmax)) return 0;
    /* Column c of the inverse solves LU x = P e_c. */
    for (int c = 0; c < d; c++) {
        for (int i = 0; i < d; i++) {
            double s = (int)perm[i] == c ? 1.0 : 0.0;
            for (int j = 0; j < i; j++) s -= lu[(size_t)i * d + j] * inv[(size_t)j * d + c];
            inv[(size_t)i * d + c] = s;
        }
        for (int i = d - 1; i >= 0; i--) {
            double s = inv[(size_t)i * d + c];
            for (int j = i + 1; j < d; j++) s -= lu[(size_t)i * d + j] * inv[(size_t)j * d + c];
            inv[(size_t)i * d + c] = s / lu[(size_t)i * d + i];
        }
    }
    return 1;
}

void plt_pfaffian_grad(const double *A, int d, double *pf, double *g, double *work) {
    if (d == 0) {
        *pf = 1.0;
        return;
    }
    if (d == 2) {
        *pf = A[1];
        g[1] = 1.0;
        return;
    }
    memcpy(work, A, (size_t)d * d * sizeof *work);
    *pf = plt_pfaffian(work, d);
    double *lu = work, *inv = work + (size_t)d * d, *perm = work + 2 * (size_t)d * d;
    if (d > MINOR_MAX && invert(A, d, lu, inv, perm)) {
        for (int k = 0; k < d; k++)
            for (int l = k + 1; l < d; l++) g[(size_t)k * d + l] = *pf * inv[(size_t)l * d + k];
        return;
    }
    grad_minors(A, d, g, work);
}
