#include "lie/linalg.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void plt_lie_jacobi(double *a, size_t n, double *evals, double *evecs) {
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) evecs[i * n + j] = i == j;
    for (int sweep = 0; sweep < 60; sweep++) {
        double off = 0, tot = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                tot += a[i * n + j] * a[i * n + j];
                if (i != j) off += a[i * n + j] * a[i * n + j];
            }
        if (off <= 1e-30 * (tot + 1e-300)) break;
        for (size_t p = 0; p < n; p++)
            for (size_t q = p + 1; q < n; q++) {
                double apq = a[p * n + q];
                if (fabs(apq) < 1e-300) continue;
                double th = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                double t = (th >= 0 ? 1.0 : -1.0) / (fabs(th) + sqrt(th * th + 1));
                double c = 1 / sqrt(t * t + 1), s = t * c;
                for (size_t k = 0; k < n; k++) {
                    double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (size_t k = 0; k < n; k++) {
                    double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for (size_t k = 0; k < n; k++) {
                    double vkp = evecs[k * n + p], vkq = evecs[k * n + q];
                    evecs[k * n + p] = c * vkp - s * vkq;
                    evecs[k * n + q] = s * vkp + c * vkq;
                }
            }
    }
    for (size_t i = 0; i < n; i++) evals[i] = a[i * n + i];
}

size_t plt_lie_nullspace(double *m, size_t rows, size_t cols, double tol, double *out) {
    size_t *colp = malloc(cols * sizeof *colp);
    if (!colp) return SIZE_MAX;
    double big = 0;
    for (size_t i = 0; i < rows * cols; i++) big = fmax(big, fabs(m[i]));
    double thr = tol * (big > 0 ? big : 1);
    size_t rank = 0;
    for (size_t i = 0; i < cols; i++) colp[i] = i;
    /* Full pivoting: the row-echelon form's pivot columns go first (through colp). */
    while (rank < rows && rank < cols) {
        size_t br = rank, bc = rank;
        double bv = 0;
        for (size_t r = rank; r < rows; r++)
            for (size_t c = rank; c < cols; c++) {
                double v = fabs(m[r * cols + colp[c]]);
                if (v > bv) {
                    bv = v;
                    br = r;
                    bc = c;
                }
            }
        if (bv <= thr) break;
        if (br != rank)
            for (size_t c = 0; c < cols; c++) {
                double t = m[br * cols + c];
                m[br * cols + c] = m[rank * cols + c];
                m[rank * cols + c] = t;
            }
        size_t t = colp[bc];
        colp[bc] = colp[rank];
        colp[rank] = t;
        size_t pc = colp[rank];
        double pv = m[rank * cols + pc];
        for (size_t c = 0; c < cols; c++) m[rank * cols + c] /= pv;
        for (size_t r = 0; r < rows; r++) {
            if (r == rank) continue;
            double f = m[r * cols + pc];
            if (f == 0) continue;
            for (size_t c = 0; c < cols; c++) m[r * cols + c] -= f * m[rank * cols + c];
        }
        rank++;
    }
    /* Each free column gives a null vector: x_free = 1, x_pivot = -m[row][free]. */
    size_t k = 0;
    for (size_t f = rank; f < cols; f++) {
        double *v = out + k * cols;
        memset(v, 0, cols * sizeof *v);
        v[colp[f]] = 1;
        for (size_t r = 0; r < rank; r++) v[colp[r]] = -m[r * cols + colp[f]];
        k++;
    }
    /* Orthonormalise (twice). */
    size_t kept = 0;
    for (size_t a = 0; a < k; a++) {
        double *v = out + a * cols;
        for (int pass = 0; pass < 2; pass++)
            for (size_t b = 0; b < kept; b++) {
                double *u = out + b * cols, d = 0;
                for (size_t i = 0; i < cols; i++) d += u[i] * v[i];
                for (size_t i = 0; i < cols; i++) v[i] -= d * u[i];
            }
        double nn = 0;
        for (size_t i = 0; i < cols; i++) nn += v[i] * v[i];
        if (nn < 1e-24) continue;
        double *dst = out + kept * cols;
        for (size_t i = 0; i < cols; i++) dst[i] = v[i] / sqrt(nn);
        kept++;
    }
    free(colp);
    return kept;
}
