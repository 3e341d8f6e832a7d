/* Gradient of all parameters by reverse mode over the (truncated) propagation.
 *
 * The propagation is a chain of maps T_G = O -> T_{G-1} -> ... -> T_0, one per group of ops
 * the loss applies at once (pp_group_lo: a layer of single-qubit rotations, a run of
 * Cliffords, or one op), each linear in the coefficients, and the loss is
 * L = sum_s c_0(s) <s>_psi. The adjoint A_g(s) = dL/dc_g(s) starts as A_0(s) = <s>_psi and is
 * pulled back one group at a time; at a rotation the same pass gives
 * dL/dtheta = sum_s c(s) (-sin A(s) + cos sign A(iPs)). Truncation decisions are replayed,
 * not differentiated: this is the exact gradient of the truncated loss that is reported (and
 * of the loss itself when nothing is truncated).
 *
 * Groups back: a layer by pp_layer_adjoint (each class replayed with a record of where every
 * part went, then swept back: one pass, no table per rotation); a composed Clifford run by
 * a sign per term (the run keeps the terms in place); another Clifford run by the image of
 * each term under it, looked up; one op by pp_step_adjoint.
 *
 * Checkpoints. The first pass is the loss: pp_propagate over the same groups, stopping at
 * group boundaries to copy the table, so its value is the loss's bit for bit. Tables are kept
 * at every group boundary while a quarter of max_memory holds them; past that, all but every
 * B-th (B ~ sqrt(groups)) are freed and the rest of the pass keeps every B-th. The sweep
 * recomputes the tables between two kept ones from the upper one.
 *
 * Why the gradient does not depend on where checkpoints fall: every group's map (layer,
 * run, op, truncation) is a deterministic function of its input table, keys, coefficients,
 * path data and order alike, and of the parameters and thread count; a checkpoint is an
 * exact copy (pp_table_copy); a segment is recomputed group by group exactly as the first
 * pass ran it (pp_propagate from one group boundary to the next applies the same group: a
 * group ending at k reaches no lower than any boundary below it). So every recomputed table
 * equals the first pass's table at that boundary, bit for bit and in the same order, for any
 * spacing, and the sweep, which reads only those tables and the parameters, computes the same
 * numbers in the same order. (Order matters only to max_terms' ties and the sums' rounding;
 * it is the same here, not merely equivalent.) pp_grad.test.c checks the equality. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/pauliprop/pp.h"

size_t pp_group_lo(const pp_plan *p, size_t k, size_t to) {
    size_t j = k - 1;
    if (p->steps[k - 1].kind != PP_ROT) {
        while (j > to && p->steps[j - 1].kind != PP_ROT) j--;
    } else if (!pp_noisy(&p->tr) && p->tr.max_terms == 0) {
        const size_t jl = pp_layer_lo(p->steps, p->gens, p->nw, k, to);
        if (jl < j) j = jl;
    }
    return j;
}

/* Bytes a kept table holds per term (arrays and index slots). */
static double kept_bytes(const pp_table *t) {
    return 16.0 * t->nw + 8 + (t->tf ? 2 : 0) + (t->ts ? 8 : 0) + 16;
}

static void table_drop(pp_table *t) {
    const int nw = t->nw, tf = t->tf, ts = t->ts;
    pp_table_free(t);
    pp_table_init(t, nw, tf, ts);
}

/* A composed Clifford run maps each term to one string in place (pp_tab_apply), and tout is
 * tin's image, so they are aligned term by term and the adjoint is the sign the run gave
 * each term: the sign bit of a coefficient flips exactly when the run negated it (also for a
 * zero). */
static void tab_adjoint(const pp_table *tin, const pp_table *tout, const double *aout,
                        double *ain) {
    for (size_t i = 0; i < tin->count; i++)
        ain[i] = signbit(tin->coef[i]) != signbit(tout->coef[i]) ? -aout[i] : aout[i];
}

/* Another Clifford run [lo, hi) (weight caps or noise act inside it): each term goes to one
 * string times a factor (signs, noise) or is dropped. The images come from the run applied to
 * tin with unit coefficients and nothing dropped (into img); a term survived exactly when its
 * image is in tout, since the run maps distinct strings to distinct strings. */
static plt_status run_adjoint(pp_plan *p, const pp_table *tin, pp_table *tout, pp_table *img,
                              const double *aout, double *ain, size_t lo, size_t hi) {
    plt_status st = pp_table_copy(img, tin);
    if (st) return st;
    for (size_t i = 0; i < img->count; i++) img->coef[i] = 1.0;
    pp_trunc tr = p->tr;
    tr.max_weight = 0;
    tr.min_abs = 0;
    pp_acc quiet = {0};
    if ((st = pp_steps_clifford_x(img, p->steps, lo, hi, p->gens, &tr, NULL, &p->sc, &quiet)))
        return st;
    if (img->count != tin->count)
        return plt_fail(PLT_EINTERNAL, "pauliprop gradient: a Clifford run dropped a term "
                                       "with truncation off");
    if ((st = pp_table_index(tout))) return st;
    const size_t kw = 2 * (size_t)tin->nw;
    for (size_t i = 0; i < tin->count; i++) {
        const size_t j = pp_table_find(tout, img->keys + i * kw);
        ain[i] = j == PP_NONE ? 0.0 : img->coef[i] * aout[j];
    }
    return PLT_OK;
}

/* The adjoint of group [lo, hi) (tin -> tout): A_in from A_out, its rotations' derivatives
 * added to grad. */
static plt_status group_adjoint(pp_plan *p, const double *params, pp_table *tin, pp_table *tout,
                                const double *aout, double *ain, size_t lo, size_t hi,
                                double *dth, double *grad) {
    const pp_step *s = &p->steps[hi - 1];
    plt_status st;
    if (hi - lo > 1 && s->kind == PP_ROT) {
        if ((st = pp_layer_adjoint(tin, tout, aout, ain, p->steps, lo, hi, p->gens, params,
                                   &p->tr, dth)))
            return st;
        for (size_t j = lo; j < hi; j++)
            if (p->steps[j].param >= 0) grad[p->steps[j].param] += p->steps[j].a * dth[j - lo];
        return PLT_OK;
    }
    if (hi - lo > 1) {
        if (pp_tab_run_end(p, lo) != hi)
            return run_adjoint(p, tin, tout, &p->work, aout, ain, lo, hi);
        if (tin->count != tout->count)
            return plt_fail(PLT_EINTERNAL, "pauliprop gradient: a Clifford run changed the "
                                           "number of terms");
        tab_adjoint(tin, tout, aout, ain);
        return PLT_OK;
    }
    if ((st = pp_table_index(tout))) return st;
    const uint64_t *gen = s->kind != PP_CLIFF ? p->gens + s->gen : NULL;
    double theta = 0, d = 0;
    if (s->kind == PP_ROT) theta = s->param >= 0 ? s->a * params[s->param] + s->b : s->b;
    if ((st = pp_step_adjoint(tin, tout, aout, ain, s, gen, theta, &p->tr, &d))) return st;
    if (s->kind == PP_ROT && s->param >= 0) grad[s->param] += s->a * d;
    return PLT_OK;
}

/* Room for n adjoints in *a and *b. */
static plt_status adj_reserve(double **a, double **b, size_t *cap, size_t n) {
    if (n <= *cap) return PLT_OK;
    const size_t nc = n + n / 2 + 16;
    double *a2 = realloc(*a, nc * sizeof *a2);
    if (!a2) return plt_fail_nomem("pauliprop adjoint coefficients");
    *a = a2;
    double *b2 = realloc(*b, nc * sizeof *b2);
    if (!b2) return plt_fail_nomem("pauliprop adjoint coefficients");
    *b = b2;
    *cap = nc;
    return PLT_OK;
}

plt_status pp_gradient(pp_plan *p, const double *params, double *loss, double *grad) {
    const size_t M = p->nsteps;
    /* Group boundaries from the state side: group g covers steps [pos[g], pos[g + 1]). */
    size_t *pos = malloc((M + 1) * sizeof *pos), ng = 0;
    pp_table *ck = NULL;
    unsigned char *kept = NULL;
    double *A = NULL, *Anew = NULL, *dth = NULL;
    size_t acap = 0;
    plt_status st = PLT_OK;
    if (!pos) return plt_fail_nomem("pauliprop gradient steps");
    for (size_t k = M; k > 0; k = pp_group_lo(p, k, 0)) pos[ng++] = k;
    pos[ng] = 0;
    for (size_t a = 0, b = ng; a < b; a++, b--) {
        const size_t t = pos[a];
        pos[a] = pos[b];
        pos[b] = t;
    }
    ck = calloc(ng + 1, sizeof *ck);
    kept = calloc(ng + 1, 1);
    dth = malloc((M ? M : 1) * sizeof *dth);
    if (!ck || !kept || !dth) {
        st = plt_fail_nomem("pauliprop gradient checkpoints");
        goto fail;
    }
    for (size_t g = 0; g <= ng; g++) pp_table_init(&ck[g], p->nw, p->obs.tf, p->obs.ts);
    for (int k = 0; k < p->nparams; k++) grad[k] = 0;

    /* First pass: the loss, keeping tables at group boundaries. */
    const size_t sparse = (size_t)ceil(sqrt((double)(ng ? ng : 1)));
    size_t B = p->grad_spacing ? p->grad_spacing : 1;
    int dense = p->grad_spacing == 0;
    const double budget = p->grad_budget > 0 ? p->grad_budget : p->max_memory / 4;
    double bytes = 0;
    pp_table *t = &p->work;
    if ((st = pp_table_copy(t, &p->obs))) goto fail;
    if ((st = pp_truncate(t, &p->tr, &p->sc, &p->acc, 1))) goto fail;
    for (size_t g = ng;; g--) {
        if (dense && bytes + (double)t->count * kept_bytes(t) > budget) {
            /* Over the budget: keep every B-th from here on, and free the others above. */
            dense = 0;
            B = sparse;
            bytes = 0;
            for (size_t h = g + 1; h < ng; h++)
                if (kept[h] && h % B != 0) {
                    table_drop(&ck[h]);
                    kept[h] = 0;
                }
        }
        if (g == ng || g == 0 || g % B == 0 || dense) {
            if ((st = pp_table_copy(&ck[g], t))) goto fail;
            kept[g] = 1;
            bytes += (double)t->count * kept_bytes(t);
        }
        if (g == 0) break;
        if ((st = pp_propagate(p, params, pos[g], pos[g - 1], t))) goto fail;
    }
    if ((st = adj_reserve(&A, &Anew, &acap, ck[0].count + 1))) goto fail;
    if ((st = pp_overlap_checked(p, &ck[0], A, loss))) goto fail;

    /* Reverse sweep, segment by segment (between kept tables) from the state side up. */
    pp_acc quiet = {0};
    const pp_acc saved = p->acc;
    for (size_t a = 0; a < ng;) {
        size_t b = a + 1;
        while (!kept[b]) b++;
        /* Recompute the tables between a and b from b's, as the first pass made them. */
        for (size_t g = b; g > a + 1; g--) {
            if ((st = pp_table_copy(&ck[g - 1], &ck[g]))) goto fail;
            p->acc = quiet;
            st = pp_propagate(p, params, pos[g], pos[g - 1], &ck[g - 1]);
            p->acc = saved;
            if (st) goto fail;
        }
        for (size_t g = a; g < b; g++) {
            pp_table *tin = &ck[g + 1], *tout = &ck[g];
            if ((st = adj_reserve(&A, &Anew, &acap, tin->count + 1))) goto fail;
            if ((st = group_adjoint(p, params, tin, tout, A, Anew, pos[g], pos[g + 1], dth,
                                    grad)))
                goto fail;
            double *tmp = A;
            A = Anew;
            Anew = tmp;
            table_drop(tout); /* no group reads it again */
            kept[g] = 0;
        }
        a = b;
    }
    p->acc = saved;
    st = PLT_OK;
fail:
    if (ck)
        for (size_t g = 0; g <= ng; g++) pp_table_free(&ck[g]);
    free(ck);
    free(kept);
    free(dth);
    free(A);
    free(Anew);
    free(pos);
    return st;
}
