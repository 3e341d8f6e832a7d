/* Gradient of all parameters by reverse mode over the (truncated) propagation.
 *
 * The propagation is a chain of maps T_M = O -> T_{M-1} -> ... -> T_0, each linear in the
 * coefficients with weights cos(theta), +-sin(theta) or +-1, and the loss is
 * L = sum_s c_0(s) <s>_psi. The adjoint A_k(s) = dL/dc_k(s) starts as A_0(s) = <s>_psi and
 * is pulled back one step at a time (pp_step_adjoint); at a rotation the same pass gives
 * dL/dtheta = sum_s c_k(s) (-sin A_{k-1}(s) + cos sign A_{k-1}(iPs)). Truncation decisions
 * are replayed, not differentiated: this is the exact gradient of the truncated surrogate
 * (and of the loss itself when nothing is truncated).
 *
 * A run of Cliffords that the loss applies as one composed tableau is one step here too: one
 * pass forward and a sign per term back, instead of a table copy, a pass, an index and a
 * lookup per term for each of its gates.
 *
 * Memory: tables at every B-th step (checkpoints, B ~ sqrt(M) steps, a Clifford run counting
 * as one) from the first pass; each segment of B steps is recomputed from its upper
 * checkpoint, then swept by the adjoint. Cost, independent of the number of parameters: the
 * first pass is a loss (layers of rotations fused); the recomputation and the sweep go
 * rotation by rotation (a copy, a pass, an index and a lookup per term and branch each). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/pauliprop/pp.h"

static void tables_free(pp_table *t, size_t n) {
    if (!t) return;
    for (size_t i = 0; i < n; i++) pp_table_free(&t[i]);
    free(t);
}

static pp_table *tables_new(const pp_plan *p, size_t n) {
    pp_table *t = calloc(n ? n : 1, sizeof *t);
    if (!t) return NULL;
    for (size_t i = 0; i < n; i++) pp_table_init(&t[i], p->nw, p->obs.tf, p->obs.ts);
    return t;
}

/* A composed Clifford run maps each term to one string in place (pp_tab_apply), so a table
 * and its image are aligned term by term and the adjoint is the sign the run gave each term:
 * the sign bit of a coefficient flips exactly when the run negated it (also for a zero).
 * img is tin's image; when it is not tout itself (a checkpoint from the first pass, whose
 * terms may sit in another order), each image is looked up in tout (indexed). */
static void tab_adjoint(const pp_table *tin, const pp_table *img, const pp_table *tout,
                        const double *aout, double *ain) {
    const size_t kw = 2 * (size_t)tin->nw;
    for (size_t i = 0; i < tin->count; i++) {
        size_t j = i;
        if (img != tout && (j = pp_table_find(tout, img->keys + i * kw)) == PP_NONE) {
            ain[i] = 0; /* dropped below: no influence on the loss */
            continue;
        }
        ain[i] = signbit(tin->coef[i]) != signbit(img->coef[i]) ? -aout[j] : aout[j];
    }
}

plt_status pp_gradient(pp_plan *p, const double *params, double *loss, double *grad) {
    const size_t M = p->nsteps;
    /* Macro steps: a composed Clifford run is one (pp_tab_run_end), every other op its own;
     * macro m covers steps [pos[m], pos[m + 1]). */
    size_t *pos = malloc((M + 1) * sizeof *pos), nm = 0;
    if (!pos) return plt_fail_nomem("pauliprop gradient steps");
    for (size_t k = 0; k < M; nm++) {
        const size_t e = pp_tab_run_end(p, k);
        pos[nm] = k;
        k = e > k ? e : k + 1;
    }
    pos[nm] = M;
    size_t B = (size_t)ceil(sqrt((double)(nm ? nm : 1)));
    if (B < 1) B = 1;
    const size_t nck = nm / B + 1; /* checkpoints at macro steps 0, B, 2B, ... <= nm */
    pp_table *ck = tables_new(p, nck), *seg = tables_new(p, B + 1);
    double *A = NULL, *Anew = NULL;
    size_t acap = 0;
    plt_status st = PLT_OK;
    if (!ck || !seg) {
        st = plt_fail_nomem("pauliprop gradient checkpoints");
        goto fail;
    }
    for (int k = 0; k < p->nparams; k++) grad[k] = 0;

    /* First pass: the loss, keeping checkpoints. Between two checkpoints it runs as the loss
     * does (layers of rotations in one pass): the same terms and coefficients as step by step,
     * in another order, which the reverse sweep does not depend on (it looks terms up). */
    pp_table *t = &p->work;
    if ((st = pp_table_copy(t, &p->obs))) goto fail;
    if ((st = pp_truncate(t, &p->tr, &p->sc, &p->acc, 1))) goto fail;
    if (nm % B == 0 && (st = pp_table_copy(&ck[nm / B], t))) goto fail;
    for (size_t m = nm; m > 0;) {
        const size_t m0 = (m - 1) / B * B; /* the checkpoint below */
        if ((st = pp_propagate(p, params, pos[m], pos[m0], t))) goto fail;
        if ((st = pp_table_copy(&ck[m0 / B], t))) goto fail;
        m = m0;
    }
    acap = ck[0].count + 1;
    A = malloc(acap * sizeof *A);
    if (!A) {
        st = plt_fail_nomem("pauliprop adjoint coefficients");
        goto fail;
    }
    if ((st = pp_overlap_checked(p, &ck[0], A, loss))) goto fail;

    /* Reverse sweep, segment by segment from the state side up to the observable. */
    pp_acc quiet = {0};
    pp_acc saved = p->acc;
    for (size_t lo = 0; lo < nm; lo += B) {
        const size_t hi = lo + B < nm ? lo + B : nm;
        /* seg[m] holds the table at macro step lo + m; seg[0] is the checkpoint the adjoint A
         * is aligned to. */
        if ((st = pp_table_copy(&seg[0], &ck[lo / B]))) goto fail;
        if (hi % B == 0 && hi / B < nck && hi != nm) {
            if ((st = pp_table_copy(&seg[hi - lo], &ck[hi / B]))) goto fail;
        } else if (hi == nm) {
            if ((st = pp_table_copy(&seg[hi - lo], &p->obs))) goto fail;
            if ((st = pp_truncate(&seg[hi - lo], &p->tr, &p->sc, &quiet, 1))) goto fail;
        }
        for (size_t m = hi - lo; m > 1; m--) {
            if ((st = pp_table_copy(&seg[m - 1], &seg[m]))) goto fail;
            p->acc = quiet;
            st = pp_propagate(p, params, pos[lo + m], pos[lo + m - 1], &seg[m - 1]);
            p->acc = saved;
            if (st) goto fail;
        }
        for (size_t k = lo + 1; k <= hi; k++) {
            pp_table *tin = &seg[k - lo], *tout = &seg[k - 1 - lo];
            if (tin->count + 1 > acap || !Anew) {
                size_t nc = tin->count + 1 > acap ? tin->count + 1 : acap;
                double *a2 = realloc(A, nc * sizeof *a2);
                if (!a2) {
                    st = plt_fail_nomem("pauliprop adjoint coefficients");
                    goto fail;
                }
                A = a2;
                double *b2 = realloc(Anew, nc * sizeof *b2);
                if (!b2) {
                    st = plt_fail_nomem("pauliprop adjoint coefficients");
                    goto fail;
                }
                Anew = b2;
                acap = nc;
            }
            if (pos[k] - pos[k - 1] > 1) {
                /* seg[m] for m >= 1 was made from seg[m + 1]; seg[0] is the checkpoint */
                const pp_table *img = tout;
                if (k == lo + 1) {
                    if ((st = pp_table_copy(t, tin)) || (st = pp_table_index(tout))) goto fail;
                    p->acc = quiet;
                    st = pp_propagate(p, params, pos[k], pos[k - 1], t);
                    p->acc = saved;
                    if (st) goto fail;
                    img = t;
                }
                if (img->count != tin->count) {
                    st = plt_fail(PLT_EINTERNAL, "pauliprop gradient: a Clifford run changed "
                                                 "the number of terms");
                    goto fail;
                }
                tab_adjoint(tin, img, tout, A, Anew);
            } else {
                if ((st = pp_table_index(tout))) goto fail;
                const pp_step *sp = &p->steps[pos[k - 1]];
                const uint64_t *gen = sp->kind != PP_CLIFF ? p->gens + sp->gen : NULL;
                double theta = 0, dth = 0;
                if (sp->kind == PP_ROT)
                    theta = sp->param >= 0 ? sp->a * params[sp->param] + sp->b : sp->b;
                st = pp_step_adjoint(tin, tout, A, Anew, sp, gen, theta, &p->tr, &dth);
                if (st) goto fail;
                if (sp->kind == PP_ROT && sp->param >= 0) grad[sp->param] += sp->a * dth;
            }
            double *tmp = A;
            A = Anew;
            Anew = tmp;
        }
    }
    p->acc = saved;
    st = PLT_OK;
fail:
    tables_free(ck, nck);
    tables_free(seg, B + 1);
    free(A);
    free(Anew);
    free(pos);
    return st;
}
