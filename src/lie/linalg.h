/* Internal: the small dense linear algebra of the decomposition (no LAPACK dependency). */
#ifndef PLT_LIE_LINALG_H
#define PLT_LIE_LINALG_H

#include <stddef.h>

/* Eigen-decomposition of the symmetric n x n row-major matrix a (destroyed) by cyclic Jacobi
 * rotations: evals[k] and column k of evecs (row-major n x n). O(n^3) per sweep. */
void plt_lie_jacobi(double *a, size_t n, double *evals, double *evecs);

/* Orthonormal basis of the null space of the rows x cols row-major matrix m (destroyed):
 * Gaussian elimination with full pivoting, a pivot counts when above tol * max|m|. Writes
 * the basis vectors as rows of out (room for cols x cols) and returns their count. */
size_t plt_lie_nullspace(double *m, size_t rows, size_t cols, double tol, double *out);

#endif
