/* Internal: Pfaffians of real antisymmetric matrices and their derivatives. */
#ifndef PLT_ENGINES_FERMION_PFAFFIAN_H
#define PLT_ENGINES_FERMION_PFAFFIAN_H

#include <stddef.h>

/* Pf(A) of the d x d row-major antisymmetric A (both triangles filled); A is
 * overwritten. 1 for d = 0, 0 for odd d. Gaussian elimination of two rows at a time
 * (Parlett-Reid) with the largest entry of the row as pivot. O(d^3). */
double plt_pfaffian(double *A, int d);

/* Doubles of scratch plt_pfaffian_grad needs for size d. */
size_t plt_pfaffian_work(int d);

/* Pf(A) into *pf and, for k < l, g[k*d + l] = d Pf / d A_kl with A_kl and A_lk = -A_kl
 * moving together (other entries of g are left untouched). A is not changed.
 * Uses Pf(A) (A^-1)_lk when A is well conditioned, else the expansion minors
 * (-1)^(k+l+1) Pf(A without rows/cols k, l), which stay exact for singular A.
 * work holds plt_pfaffian_work(d) doubles. Even d only. */
void plt_pfaffian_grad(const double *A, int d, double *pf, double *g, double *work);

#endif
