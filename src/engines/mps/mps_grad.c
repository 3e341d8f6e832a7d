/* Gradients by the parameter shift: for R_P(theta) = exp(-i theta P / 2) with P^2 = I,
 * dL/dtheta = (L(theta + pi/2) - L(theta - pi/2)) / 2 exactly, so with nothing truncated this
 * is the exact gradient of the computed loss. The shifted runs share the prefix: one base state
 * advances through the circuit once, and rotation j's two runs start from a copy of it before
 * op j. Cost: 2 runs of the suffix per rotation, about (number of rotations) forward runs in
 * all. Threads take contiguous chunks of rotations of equal predicted work, each with its own
 * base (which recomputes its prefix once) and BLAS on one thread (as the loss: mps.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/mps/mps.h"

typedef struct chunk {
    size_t from, to; /* indices into the rotation list */
    plt_status st;
    char msg[512];
    int exact;
} chunk;

static plt_status run_chunk(mps_plan *pl, const size_t *rot, chunk *c, mps *base, mps *sh,
                            const double *params, double *g) {
    const mps_prog *p = &pl->prog;
    plt_status st = mps_set_product(base, p->init);
    size_t at = 0;
    for (size_t r = c->from; r < c->to && !st; r++) {
        const size_t i = rot[r];
        const mps_step *s = &p->step[i];
        if ((st = mps_prog_run(p, base, at, i, params, (size_t)-1, 0, &pl->trunc))) break;
        at = i;
        double v[2];
        for (int k = 0; k < 2 && !st; k++) {
            st = mps_copy(sh, base);
            if (!st) st = mps_prog_run(p, sh, i, p->nsteps, params, i, k ? -M_PI / 2 : M_PI / 2,
                                       &pl->trunc);
            if (!st) st = mps_expect(sh, pl->obs, &v[k]);
            if (sh->tally.cuts) c->exact = 0;
        }
        if (!st) g[s->param] += s->a * (v[0] - v[1]) / 2;
    }
    return st;
}

static plt_status ensure_scratch(mps_plan *pl, int count) {
    if (pl->nscratch >= count) return PLT_OK;
    mps **more = realloc(pl->scratch, (size_t)count * sizeof *more);
    if (!more) return plt_fail_nomem("mps: gradient states");
    pl->scratch = more;
    while (pl->nscratch < count) {
        plt_status st = mps_new(pl->prog.n, &pl->scratch[pl->nscratch]);
        if (st) return st;
        pl->nscratch++;
    }
    return PLT_OK;
}

plt_status mps_grad(mps_plan *pl, const double *params, double *grad, int *exact) {
    const mps_prog *p = &pl->prog;
    const int np = p->nparams;
    for (int k = 0; k < np; k++) grad[k] = 0;
    size_t nrot = 0;
    size_t *rot = malloc((p->nsteps ? p->nsteps : 1) * sizeof *rot);
    if (!rot) return plt_fail_nomem("mps: the gradient's rotation list");
    double total = 0;
    for (size_t i = 0; i < p->nsteps; i++)
        if (p->step[i].rot && p->step[i].param >= 0 && p->step[i].a != 0) {
            rot[nrot++] = i;
            total += (double)(p->nsteps - i);
        }
    int nt = pl->threads > 0 ? pl->threads : 1;
    if ((size_t)nt > nrot) nt = nrot ? (int)nrot : 1;
    chunk *ch = calloc((size_t)nt, sizeof *ch);
    double *g = calloc((size_t)nt * (np ? np : 1), sizeof *g);
    plt_status st = ch && g ? ensure_scratch(pl, 2 * nt) : plt_fail_nomem("mps: gradient");
    if (st) goto done;
    /* Equal shares of the suffix work (each rotation's two runs cost about nsteps - i). */
    double acc = 0;
    size_t r = 0;
    for (int t = 0; t < nt; t++) {
        ch[t].from = r;
        ch[t].exact = 1;
        while (r < nrot && (t == nt - 1 || acc < total * (t + 1) / nt))
            acc += (double)(p->nsteps - rot[r++]);
        ch[t].to = r;
    }
    mps_blas_threads(1);
#pragma omp parallel for num_threads(nt) schedule(static, 1)
    for (int t = 0; t < nt; t++) {
        ch[t].st = run_chunk(pl, rot, &ch[t], pl->scratch[2 * t], pl->scratch[2 * t + 1], params,
                             g + (size_t)t * (np ? np : 1));
        if (ch[t].st) snprintf(ch[t].msg, sizeof ch[t].msg, "%s", plt_error_last()->message);
    }
    for (int t = 0; t < nt; t++) {
        if (ch[t].st && !st) st = plt_fail(ch[t].st, "%s", ch[t].msg);
        if (!ch[t].exact) *exact = 0;
        for (int k = 0; k < np; k++) grad[k] += g[(size_t)t * np + k];
    }
done:
    free(rot);
    free(ch);
    free(g);
    return st;
}
