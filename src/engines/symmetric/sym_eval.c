/* Loss and adjoint gradient on the Dicke vectors. Every step is U = exp(-i (theta A + B)) with
 * [A, B] = 0, so dU/dtheta = -i A U and, with psi' = U psi and lambda the observable pulled
 * back to that point, dL/dtheta = 2 Im <lambda| A |psi'>. The forward states are kept (d
 * complex numbers a step), so the backward sweep applies each inverse once, to lambda. */
#include <math.h>
#include <string.h>

#include "engines/symmetric/sym.h"

static void diag_phase(int d, const double *da, double ta, const double *db, double tb,
                       double *v) {
    for (int k = 0; k < d; k++) {
        double a = -(ta * da[k] + tb * db[k]), c = cos(a), s = sin(a);
        double vr = v[2 * k], vi = v[2 * k + 1];
        v[2 * k] = c * vr - s * vi;
        v[2 * k + 1] = s * vr + c * vi;
    }
}

void sym_step_apply(const sym_step *s, const double *params, int inverse, double *v,
                    double *tmp) {
    const int d = s->A.d, n = d - 1;
    const double sg = inverse ? -1 : 1, th = s->param >= 0 ? params[s->param] : 0;
    switch (s->kind) {
    case SYM_DIAG: diag_phase(d, s->da, sg * th, s->db, sg, v); break;
    case SYM_LINEAR: {
        double h[3];
        for (int t = 0; t < 3; t++) h[t] = sg * (th * s->ha[t] + s->hb[t]);
        sym_expm_linear(n, h, v, tmp);
        break;
    }
    case SYM_AXIS: {
        /* exp(-i pi/2 Jy) takes Jz to Jx, exp(i pi/2 Jx) takes Jz to Jy (each qubit's quarter
         * turn): rotate the letters to Z, apply the diagonal, rotate back */
        const double q = M_PI / 2;
        double in[3] = {0, 0, 0}, out[3] = {0, 0, 0};
        if (s->axis == 0)
            in[1] = -q, out[1] = q;
        else
            in[0] = q, out[0] = -q;
        sym_expm_linear(n, in, v, tmp);
        diag_phase(d, s->da, sg * th, s->db, sg, v);
        sym_expm_linear(n, out, v, tmp);
        break;
    }
    case SYM_BAND:
        sym_expm_band2(&s->A, sg * th, s->B.re ? &s->B : NULL, sg, v, tmp);
        break;
    }
}

plt_status sym_eval(sym_plan *p, const double *params, double *loss, double *grad) {
    const sym_prog *g = &p->prog;
    const size_t d2 = 2 * (size_t)g->d, K = g->nsteps;
    memcpy(p->states, p->psi0, d2 * sizeof *p->states);
    for (size_t s = 0; s < K; s++) {
        double *next = p->states + (s + 1) * d2;
        memcpy(next, next - d2, d2 * sizeof *next);
        sym_step_apply(&g->steps[s], params, 0, next, p->tmp);
    }
    const double *last = p->states + K * d2;
    double re, im;
    sym_band_inner(&p->obs, last, last, &re, &im);
    *loss = re;
    if (!grad) return PLT_OK;
    memset(grad, 0, (size_t)p->nparams * sizeof *grad);
    sym_band_apply(&p->obs, last, p->lam);
    for (size_t s = K; s-- > 0;) {
        const sym_step *st = &g->steps[s];
        if (st->param >= 0) {
            sym_band_inner(&st->A, p->lam, p->states + (s + 1) * d2, &re, &im);
            grad[st->param] += 2 * im;
        }
        if (s > 0) sym_step_apply(st, params, 1, p->lam, p->tmp);
    }
    return PLT_OK;
}
