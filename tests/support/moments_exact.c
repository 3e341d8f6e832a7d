/* The exact full-period moments: trapezoidal rule on a product grid (see the header for
 * why it is exact). Sums are compensated: 59049 terms would otherwise lose ~4 digits of
 * a variance that is itself a difference of two moments. */
#include <math.h>
#include <stdlib.h>

#include "core/error.h"
#include "plateau/engine.h"
#include "support/moments_exact.h"

typedef struct ksum {
    double s, c;
} ksum;

static void ksum_add(ksum *k, double x) {
    double t = k->s + x;
    k->c += fabs(k->s) >= fabs(x) ? (k->s - t) + x : (x - t) + k->s;
    k->s = t;
}

static double ksum_get(const ksum *k) { return k->s + k->c; }

plt_status plt_exact_moments_full_period(const plt_circuit *c, const plt_psum *obs,
                                         size_t max_points, plt_exact_moments *out,
                                         double *grad_var) {
    int np = plt_circuit_nparams(c);
    if (np < 1) return plt_fail(PLT_EINVAL, "exact moments: the circuit has no parameters");
    int *deg = calloc((size_t)np, sizeof *deg), *idx = calloc((size_t)np, sizeof *idx);
    double *params = calloc((size_t)np, sizeof *params), *grad = calloc((size_t)np, sizeof *grad);
    ksum *g1 = calloc((size_t)np, sizeof *g1), *g2 = calloc((size_t)np, sizeof *g2);
    plt_engine *e = NULL;
    plt_status st = PLT_OK;
    if (!deg || !idx || !params || !grad || !g1 || !g2) {
        st = plt_fail(PLT_ENOMEM, "exact moments: out of memory");
        goto done;
    }
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind != PLT_OP_ROTATION || op->param < 0) continue;
        double a = fabs(op->a);
        if (a != floor(a) || a > 64) {
            st = plt_fail(PLT_EINVAL,
                          "exact moments: op %zu has a = %g; the rule needs an "
                          "integer (a period of 2 pi in the parameter)",
                          i, op->a);
            goto done;
        }
        deg[op->param] += (int)a;
    }
    double points = 1;
    for (int k = 0; k < np; k++)
        points *= 2 * deg[k] + 1;
    if (points > (double)max_points) {
        st = plt_fail(PLT_EINVAL, "exact moments: %.0f grid points exceed the limit %zu", points,
                      max_points);
        goto done;
    }
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    o.threads = 1;
    if ((st = plt_engine_plan("statevector", &m, &o, &e))) goto done;
    ksum l1 = {0, 0}, l2 = {0, 0};
    for (;;) {
        for (int k = 0; k < np; k++)
            params[k] = -M_PI + 2 * M_PI * idx[k] / (2 * deg[k] + 1);
        double loss;
        if ((st = plt_engine_loss(e, params, &loss, grad))) goto done;
        ksum_add(&l1, loss);
        ksum_add(&l2, loss * loss);
        for (int k = 0; k < np; k++) {
            ksum_add(&g1[k], grad[k]);
            ksum_add(&g2[k], grad[k] * grad[k]);
        }
        int k = 0; /* odometer: parameter 0 turns fastest */
        while (k < np && ++idx[k] == 2 * deg[k] + 1)
            idx[k++] = 0;
        if (k == np) break;
    }
    out->points = (size_t)points;
    out->loss_mean = ksum_get(&l1) / points;
    out->loss_var = ksum_get(&l2) / points - out->loss_mean * out->loss_mean;
    out->grad_var_mean = 0;
    for (int k = 0; k < np; k++) {
        double mk = ksum_get(&g1[k]) / points, vk = ksum_get(&g2[k]) / points - mk * mk;
        if (grad_var) grad_var[k] = vk;
        if (k == 0) out->grad_var_first = vk;
        out->grad_var_mean += vk / np;
    }
done:
    plt_engine_free(e);
    free(deg);
    free(idx);
    free(params);
    free(grad);
    free(g1);
    free(g2);
    return st;
}
