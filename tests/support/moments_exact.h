/* Exact moments of the loss and its gradient under full-period uniform parameters, for
 * tests: the reference the variance intervals are measured against.
 *
 * With params[k] uniform on [-pi, pi] and rotations exp(-i theta P / 2), theta = a
 * params[k] + b with integer a, the loss is a trigonometric polynomial of degree
 * r_k = sum |a| over the rotations that use parameter k. L^2 and (dL/dparams[k])^2 then
 * have degree 2 r_k, and the trapezoidal rule on 2 r_k + 1 equally spaced points per
 * parameter integrates them exactly (sum_j e^{i f theta_j} vanishes for 0 < |f| < N).
 * So a product grid gives E[L], Var[L] and every Var[dL/dparams[k]] to rounding. */
#ifndef PLT_TEST_MOMENTS_EXACT_H
#define PLT_TEST_MOMENTS_EXACT_H

#include <stddef.h>

#include "plateau/circuit.h"
#include "plateau/pauli.h"
#include "plateau/status.h"

typedef struct plt_exact_moments {
    double loss_mean, loss_var; /* E[L], Var[L] */
    double grad_var_first;      /* Var[dL/dparams[0]] */
    double grad_var_mean;       /* mean over k of Var[dL/dparams[k]] */
    size_t points;              /* grid points evaluated */
} plt_exact_moments;

/* Fills *out for circuit c (state |0...0>) and observable obs, evaluating loss and
 * gradient with the statevector engine at every grid point. grad_var may be NULL, else it
 * receives Var[dL/dparams[k]] for every k. PLT_EINVAL when c has no parameter, a rotation
 * has a non-integer a, or the grid would exceed max_points; the engine's errors. Cost: the
 * grid's size (prod_k (2 r_k + 1)) times one loss with gradient. */
PLT_NODISCARD plt_status plt_exact_moments_full_period(const plt_circuit *c, const plt_psum *obs,
                                                       size_t max_points, plt_exact_moments *out,
                                                       double *grad_var);

#endif
