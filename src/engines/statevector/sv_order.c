/* Reordering the op list so that the blocked segments are few and large. Ops that commute
 * may swap places: ops on disjoint qubits, and diagonal ops (CZ, Z-string rotations, phase
 * gates) with each other. A segment then takes, besides the ops that follow each other, every
 * later op that fits its block and commutes with the ops it passes over. In a hardware-efficient
 * ansatz of n > block_bits qubits the segments that cover the low qubits and the high ones
 * overlap whole layers, instead of each layer costing a sweep per group of qubits and one for
 * the CZ ring. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/statevector/sv.h"

/* A segment looks this many units past the last one it took before it stops: the plan
 * stays linear in the circuit's length. */
#define SV_ORDER_WINDOW 256

static int sv_unit_diagonal(const sv_op *ops, size_t h) {
    for (size_t j = h; j < h + (size_t)ops[h].group; j++) {
        const sv_kind k = ops[j].kind;
        if (k != SV_CZ && k != SV_ZROT && k != SV_D1) return 0;
    }
    return 1;
}

typedef struct sv_order {
    const sv_op *ops;
    size_t *head, *next; /* the units not yet placed, a list in circuit order */
    size_t *out;         /* the new order, as old op indices */
    size_t nout;
} sv_order;

/* Places unit k (taking it off the list after prev, or the list's start). */
static void sv_order_take(sv_order *o, size_t *first, size_t prev, size_t k) {
    const size_t h = o->head[k];
    for (size_t j = h; j < h + (size_t)o->ops[h].group; j++) o->out[o->nout++] = j;
    if (prev == SIZE_MAX) *first = o->next[k];
    else o->next[prev] = o->next[k];
}

/* Orders the units of ops[from, to) segment by segment (see the file comment). */
static void sv_order_range(sv_order *o, size_t from, size_t to, int bb, uint64_t base,
                           uint64_t all) {
    size_t m = 0;
    for (size_t i = from; i < to; i += (size_t)o->ops[i].group) o->head[m++] = i;
    for (size_t k = 0; k < m; k++) o->next[k] = k + 1 < m ? k + 1 : SIZE_MAX;
    size_t first = m ? 0 : SIZE_MAX;
    while (first != SIZE_MAX) {
        uint64_t used = sv_op_qubits(&o->ops[o->head[first]]) | base;
        const int fits = __builtin_popcountll(used) <= bb;
        sv_order_take(o, &first, SIZE_MAX, first);
        if (!fits) continue; /* runs as a sweep of its own */
        /* The qubits of the units passed over, non-diagonal and diagonal: a later unit may
         * move ahead of them only if it commutes with each. */
        uint64_t pnd = 0, pd = 0;
        size_t prev = SIZE_MAX, seen = 0;
        for (size_t k = first; k != SIZE_MAX && seen < SV_ORDER_WINDOW && (pnd & all) != all;) {
            const size_t h = o->head[k], nk = o->next[k];
            const uint64_t q = sv_op_qubits(&o->ops[h]);
            const int diag = sv_unit_diagonal(o->ops, h);
            const uint64_t passed = diag ? pnd : pnd | pd;
            if (!(q & passed) && __builtin_popcountll(used | q) <= bb) {
                used |= q;
                sv_order_take(o, &first, prev, k);
                seen = 0;
            } else {
                if (diag) pd |= q;
                else pnd |= q;
                prev = k;
                seen++;
            }
            k = nk;
        }
    }
}

/* Puts ops, angles and fused matrices in the order out (old indices), and perm with them. */
static void sv_order_apply(sv_plan *p, const size_t *out, sv_op *ops, double *cs, double *fm,
                           size_t *perm) {
    const size_t n = p->nops;
    for (size_t i = 0; i < n; i++) {
        ops[i] = p->ops[out[i]];
        memcpy(cs + 2 * i, p->cs + 2 * out[i], 2 * sizeof *cs);
        memcpy(fm + SV_FM * i, p->fm + SV_FM * out[i], SV_FM * sizeof *fm);
        perm[i] = p->perm[out[i]];
    }
    memcpy(p->ops, ops, n * sizeof *ops);
    memcpy(p->cs, cs, n * 2 * sizeof *cs);
    memcpy(p->fm, fm, n * SV_FM * sizeof *fm);
    memcpy(p->perm, perm, n * sizeof *perm);
}

plt_status sv_plan_reorder(sv_plan *p, int block_bits, uint64_t base) {
    const size_t n = p->nops;
    if (n < 2) return PLT_OK;
    if (!p->perm) {
        p->perm = malloc(n * sizeof *p->perm);
        if (!p->perm) return plt_fail_nomem("the statevector plan");
        for (size_t i = 0; i < n; i++) p->perm[i] = i;
    }
    sv_order o = {.ops = p->ops};
    o.head = malloc(n * sizeof *o.head);
    o.next = malloc(n * sizeof *o.next);
    o.out = malloc(n * sizeof *o.out);
    size_t *perm = malloc(n * sizeof *perm);
    sv_op *ops = malloc(n * sizeof *ops);
    double *cs = malloc(n * 2 * sizeof *cs), *fm = malloc(n * SV_FM * sizeof *fm);
    plt_status st = PLT_OK;
    if (!o.head || !o.next || !o.out || !perm || !ops || !cs || !fm) {
        st = plt_fail_nomem("the statevector plan");
        goto done;
    }
    /* Back to the circuit's order first, so that a plan segmented again for another block
     * size (or none) does not depend on the orders before. */
    for (size_t i = 0; i < n; i++) o.out[p->perm[i]] = i;
    sv_order_apply(p, o.out, ops, cs, fm, perm);
    if (block_bits > 0 && !p->keep_order) {
        const uint64_t all = p->n >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << p->n) - 1;
        /* The preparation and the circuit apart: the adjoint sweep stops between them. */
        sv_order_range(&o, 0, p->nprep, block_bits, base, all);
        sv_order_range(&o, p->nprep, n, block_bits, base, all);
        sv_order_apply(p, o.out, ops, cs, fm, perm);
    }
done:
    free(o.head);
    free(o.next);
    free(o.out);
    free(perm);
    free(ops);
    free(cs);
    free(fm);
    return st;
}
