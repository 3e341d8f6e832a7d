/* Internal: the fermion engine's plan, shared by its files.
 *
 * The covariance matrix M_ab = (i/2)<[gamma_a, gamma_b]> of the final state is
 * never stored. Instead the plan keeps O = R_L ... R_1, the product of the gates'
 * Heisenberg rotations, so that M = O M0 O^T with M0 the 2x2-block covariance of the
 * basis state. A gate rotates two rows of O (contiguous memory, O(n)), and the
 * adjoint sweep needs only row rotations too (see fermion_eval.c). Each row keeps
 * the column range it may be non-zero in, so shallow circuits touch only their
 * light cone. */
#ifndef PLT_ENGINES_FERMION_IMPL_H
#define PLT_ENGINES_FERMION_IMPL_H

#include <stddef.h>

#include "engines/engine_ops.h"

/* exp(alpha/2 gamma_p gamma_q) with alpha = a * params[param] + b (param < 0: b):
 * the Heisenberg map gamma_p -> c gamma_p + s gamma_q, gamma_q -> c gamma_q - s gamma_p. */
typedef struct plt_fgate {
    int p, q;
    int param;
    double a, b;
} plt_fgate;

/* An observable term: w * Pf(M[S, S]) for the ascending Majorana set S = idx[off..off+d). */
typedef struct plt_fterm {
    double w;
    int d;
    size_t off;
} plt_fterm;

typedef struct plt_fplan {
    int n, dim; /* dim = 2n */
    int nparams;
    size_t ngates;
    plt_fgate *gates;
    double *cs; /* cos, sin of each gate's angle at the last evaluation */
    int *span;  /* per gate: the ranges of rows p and q before it (lo, hi, lo, hi) */
    size_t nterms;
    plt_fterm *terms;
    int *idx;
    double constant; /* the identity term */
    int dmax;        /* largest term degree */
    double *m;       /* M0[2j][2j+1] = m[j] */
    double *O, *X;   /* dim x dim, row-major; X only for gradients */
    int *olo, *ohi, *xlo, *xhi; /* column range [lo, hi) of each row; empty when lo >= hi */
    double *sub, *subg, *work;  /* Pfaffian scratch */
} plt_fplan;

/* Builds the gate and term lists (validating the model for this engine: basis state,
 * quadratic generators) without the matrices. PLT_EUNSUPPORTED with the reason. */
plt_status plt_fermion_build(const plt_model *m, plt_fplan *f);
/* Bytes the evaluation matrices and scratch of a built plan take. */
double plt_fermion_bytes(const plt_fplan *f);
/* Allocates the matrices of a built plan. */
plt_status plt_fermion_alloc(plt_fplan *f);
void plt_fermion_release(plt_fplan *f);

/* Loss and, when grad != NULL, its gradient (grad[0..nparams) overwritten). */
void plt_fermion_eval(plt_fplan *f, const double *params, double *loss, double *grad);

#endif
