/* Internal: the small dense linear algebra of the decomposition (no LAPACK dependency). */
#ifndef PLT_LIE_LINALG_H
#define PLT_LIE_LINALG_H

#include <stddef.h>

/* plt_lie_jacobi, the symmetric eigensolver, is public (plateau/lie.h). */
#include "plateau/lie.h"

/* Orthonormal basis of the null space of the rows x cols row-major matrix m (destroyed):
 * Gaussian elimination with full pivoting, a pivot counts when above tol * max|m|. Writes
 * the basis vectors as rows of out (room for cols x cols) and returns their count. */
size_t plt_lie_nullspace(double *m, size_t rows, size_t cols, double tol, double *out);

#endif
