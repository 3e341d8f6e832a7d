/* Loss and adjoint gradient of gsim: each gate rotates pairs of basis expectations. */
#include <math.h>
#include <string.h>

#include "engines/gsim/gsim.h"

static void rotate(double *restrict v, const gsim_pair *restrict pr, size_t np, double c,
                   double s) {
    for (size_t k = 0; k < np; k++) {
        double a = v[pr[k].i], b = v[pr[k].j], ss = s * pr[k].s;
        v[pr[k].i] = c * a + ss * b;
        v[pr[k].j] = c * b - ss * a;
    }
}

static double dot(const double *a, const double *b, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

plt_status gsim_eval(gsim_plan *p, const double *params, double *loss, double *grad) {
    size_t dim = p->dim;
    double *e = p->e;
    memcpy(e, p->e0, dim * sizeof *e);
    for (size_t k = 0; k < p->ngates; k++) {
        const gsim_gate *gt = &p->gates[k];
        double t = gt->param >= 0 ? gt->a * params[gt->param] + gt->b : gt->b;
        if (gt->mat != SIZE_MAX) gsim_csr_expm(p, &p->mats[gt->mat], t, e);
        else rotate(e, p->pairs + gt->p0, gt->np, cos(t), sin(t));
    }
    *loss = p->o_id + dot(p->o, e, dim);
    if (!grad) return PLT_OK;
    /* Adjoint: lam = (M_K ... M_{k+1})^T o beside e_k; dL/dt_k = lam^T A_k e_k; then both
     * step back through the orthogonal M_k (rotation by -t). */
    memset(grad, 0, (size_t)p->nparams * sizeof *grad);
    double *lam = p->lam;
    memcpy(lam, p->o, dim * sizeof *lam);
    for (size_t k = p->ngates; k-- > 0;) {
        const gsim_gate *gt = &p->gates[k];
        const gsim_pair *pr = p->pairs + gt->p0;
        double t = gt->param >= 0 ? gt->a * params[gt->param] + gt->b : gt->b;
        if (gt->mat != SIZE_MAX) {
            const gsim_csr *S = &p->mats[gt->mat];
            if (gt->param >= 0) {
                gsim_csr_mul(S, dim, e, p->w3);
                grad[gt->param] += gt->a * dot(lam, p->w3, dim);
            }
            gsim_csr_expm(p, S, -t, e);
            gsim_csr_expm(p, S, -t, lam);
            continue;
        }
        if (gt->param >= 0) {
            double d = 0;
            for (size_t q = 0; q < gt->np; q++)
                d += pr[q].s * (lam[pr[q].i] * e[pr[q].j] - lam[pr[q].j] * e[pr[q].i]);
            grad[gt->param] += gt->a * d;
        }
        double c = cos(t), s = -sin(t);
        rotate(e, pr, gt->np, c, s);
        rotate(lam, pr, gt->np, c, s);
    }
    return PLT_OK;
}
