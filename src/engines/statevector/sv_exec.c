/* Running the op list: a segment of ops that together touch at most block_bits
 * qubits goes block by block (one memory sweep for the segment, blocks shared out
 * statically over the threads in one parallel region); an op that does not fit is one
 * parallel sweep of its own. The adjoint sweep walks the same segments backwards on two
 * buffers. */
#include <omp.h>
#include <string.h>

#include "engines/statevector/sv.h"

/* Applies the unit headed by op i; o is that op, or its copy in a block's own numbering. */
static inline void sv_apply(const sv_plan *p, const sv_op *o, double *psi, size_t i, uint64_t b,
                            uint64_t e) {
    const double *f = p->fm + SV_FM * i;
    if (o->group > 1 && f[SV_FM_RED] != 0)
        sv_k_u1r(psi, sv_op_qubit1(o), f + SV_FM_U, f + SV_FM_FWD, f[SV_FM_RED] == 2, b, e);
    else if (o->group > 1) sv_k_u1(psi, sv_op_qubit1(o), f + SV_FM_U, b, e);
    else if (o->kind == SV_ROT || o->kind == SV_ZROT)
        sv_k_rot(psi, o, p->cs[2 * i], p->cs[2 * i + 1], b, e);
    else sv_k_fixed(psi, o, 0, b, e);
}

/* The inverse of the unit headed by op i on both buffers, and for its parametrised
 * rotations their gradient terms. */
static inline void sv_unapply(const sv_plan *p, const sv_op *o, double *phi, double *lam, size_t i,
                              double *acc, uint64_t b, uint64_t e) {
    int q = sv_op_qubit1(o);
    if (q >= 0) {
        double r[6] = {0};
        if (o->group == 1 && (o->kind == SV_ROT || o->kind == SV_ZROT)) {
            const int g = o->kind == SV_ZROT ? SV_ACC_Z : o->ny ? SV_ACC_R : SV_ACC_I;
            sv_k_grad_rot1(phi, lam, q, g, p->cs[2 * i], -p->cs[2 * i + 1], o->param >= 0, b, e,
                           r);
        } else {
            /* undoing D R is R^T then D^dagger: the backward form has the other order */
            const double *f = p->fm + SV_FM * i;
            const int red = f[SV_FM_RED] == 0 ? 0 : f[SV_FM_RED] == 1 ? 2 : 1;
            sv_k_grad_u1(phi, lam, q, f + SV_FM_UINV, f + SV_FM_BWD, red, o->kin, o->kout, b, e,
                         r);
        }
        for (size_t j = i; j < i + (size_t)o->group; j++) {
            const sv_op *oj = &p->ops[j];
            if ((oj->kind != SV_ROT && oj->kind != SV_ZROT) || oj->param < 0) continue;
            /* The term itself (sv_plan_fuse), not the S of sv_k_rot_grad. */
            const double *w = p->fm + SV_FM * j + SV_FM_TERM, *sums = r + (w[0] != 0 ? 3 : 0);
            acc[2 * j] += w[1] * sums[0] + w[2] * sums[1] + w[3] * sums[2];
        }
    } else if (o->kind == SV_ROT || o->kind == SV_ZROT) {
        double c = p->cs[2 * i], s = p->cs[2 * i + 1];
        if (o->param >= 0) {
            sv_k_rot_grad(phi, lam, o, c, s, b, e, acc + 2 * i);
        } else {
            sv_k_rot(phi, o, c, -s, b, e);
            sv_k_rot(lam, o, c, -s, b, e);
        }
    } else {
        sv_k_fixed(phi, o, 1, b, e);
        sv_k_fixed(lam, o, 1, b, e);
    }
}

/* The index of bit q among the set bits of f. */
static inline int sv_rank(uint64_t f, int q) {
    return __builtin_popcountll(f & ((UINT64_C(1) << q) - 1));
}

/* Scatters the low bits of v to the set bits of mask. */
static inline uint64_t sv_deposit(uint64_t v, uint64_t mask) {
    uint64_t r = 0;
    for (; mask; mask &= mask - 1, v >>= 1)
        if (v & 1) r |= mask & (~mask + 1);
    return r;
}

/* A block whose qubits are not the lowest ones is a set of 2^(bb - c) runs of 2^c
 * amplitudes at a large power-of-two stride: worked on in place, the runs would fight
 * over the same cache sets. It is copied into a contiguous per-thread buffer instead
 * (dir 0), worked on with the ops renumbered to the block's qubits, and copied back
 * (dir 1). */
static void sv_gather(double *psi, double *buf, uint64_t jfix, uint64_t free, int dir) {
    const int c = __builtin_ctzll(~free);
    const uint64_t high = free & ~((UINT64_C(1) << c) - 1);
    const uint64_t nr = UINT64_C(1) << __builtin_popcountll(high);
    const size_t bytes = ((size_t)2 << c) * sizeof *psi;
    for (uint64_t g = 0; g < nr; g++) {
        double *a = psi + 2 * (jfix | sv_deposit(g, high)), *l = buf + (g << (c + 1));
        if (dir) memcpy(a, l, bytes);
        else memcpy(l, a, bytes);
    }
}

static inline int sv_seg_local(const sv_seg *sg, int bb) {
    return sg->free != (UINT64_C(1) << bb) - 1;
}

/* One segment's share of the calling thread; called by every thread of the region (or
 * outside any region, serially). Ends with a barrier: the next segment reads all of psi. */
static void sv_seg_forward(const sv_plan *p, const sv_seg *sg, size_t end, double *psi) {
    const int bb = p->block_bits, tid = omp_get_thread_num();
    const uint64_t dim = UINT64_C(1) << p->n;
    if (sg->blocked) {
        const uint64_t fixed = (dim - 1) & ~sg->free;
        const uint64_t nblocks = UINT64_C(1) << __builtin_popcountll(fixed);
        const int local = sv_seg_local(sg, bb);
        double *buf = p->scratch + ((size_t)tid << (bb + 2));
#pragma omp for schedule(static)
        for (uint64_t bl = 0; bl < nblocks; bl++) {
            const uint64_t jfix = sv_deposit(bl, fixed);
            double *w = psi;
            if (local) sv_gather(psi, w = buf, jfix, sg->free, 0);
            for (size_t i = sg->first; i < end; i += (size_t)p->ops[i].group) {
                const size_t run = (size_t)p->ops[i].drun;
                if (run > 1 && i + run <= end) { /* a CZ run: one pass of signs */
                    sv_k_signs(local ? w : w + (2 * bl << bb), NULL, p->dmask + p->ops[i].dmask,
                               UINT64_C(1) << bb);
                    i += run - 1;
                    continue;
                }
                int r = bb - p->ops[i].red;
                if (local) sv_apply(p, &p->lops[i], w, i, 0, UINT64_C(1) << r);
                else sv_apply(p, &p->ops[i], w, i, bl << r, (bl + 1) << r);
            }
            if (local) sv_gather(psi, buf, jfix, sg->free, 1);
        }
    } else {
        uint64_t b, e;
        sv_split(dim >> p->ops[sg->first].red, tid, omp_get_num_threads(), &b, &e);
        sv_apply(p, &p->ops[sg->first], psi, sg->first, b, e);
#pragma omp barrier
    }
}

/* The signs on block jfix of host of the merged CZs ops[first, first + count) (those on two
 * of the block's qubits in base, see sv_plan_runs), times own (NULL: none), into out. A CZ
 * with one qubit fixed in the block is a Z on the other or nothing; with both, a sign. */
static const uint64_t *sv_block_mask(const sv_plan *p, const sv_seg *host, size_t first,
                                     size_t count, const uint64_t *base, const uint64_t *own,
                                     uint64_t jfix, uint64_t *out) {
    const uint64_t f = host->free;
    uint64_t zl = 0, c = 0;
    for (size_t r = first; r < first + count; r++) {
        const int a = p->ops[r].q0, b = p->ops[r].q1;
        const uint64_t fa = (f >> a) & 1, fb = (f >> b) & 1;
        const uint64_t ja = (jfix >> a) & 1, jb = (jfix >> b) & 1;
        if (fa && !fb && jb) zl ^= UINT64_C(1) << sv_rank(f, a);
        if (fb && !fa && ja) zl ^= UINT64_C(1) << sv_rank(f, b);
        if (!fa && !fb) c ^= ja & jb;
    }
    uint64_t low = 0; /* the Z's on the 6 lowest block qubits within a word */
    for (uint64_t q = 0; q < 64; q++) low |= (uint64_t)(__builtin_popcountll(q & zl) & 1) << q;
    const size_t per = (size_t)1 << (p->block_bits - 6);
    for (size_t w = 0; w < per; w++) {
        const uint64_t hi = ((uint64_t)__builtin_popcountll(((uint64_t)w << 6) & zl) ^ c) & 1;
        out[w] = base[w] ^ low ^ (UINT64_C(0) - hi) ^ (own ? own[w] : 0);
    }
    return out;
}

/* The adjoint of sv_seg_forward on two buffers; gradient terms into the thread's acc. */
static void sv_seg_backward(const sv_plan *p, const sv_seg *sg, double *phi, double *lam) {
    const int bb = p->block_bits, tid = omp_get_thread_num();
    const uint64_t dim = UINT64_C(1) << p->n;
    double *acc = p->gacc + (size_t)tid * p->nops * 2;
    if (sg->merged) return; /* a neighbour applies it */
    if (sg->blocked) {
        const uint64_t fixed = (dim - 1) & ~sg->free;
        const uint64_t nblocks = UINT64_C(1) << __builtin_popcountll(fixed);
        const int local = sv_seg_local(sg, bb);
        double *buf = p->scratch + ((size_t)tid << (bb + 2)), *buf2 = buf + ((size_t)2 << bb);
        /* A CZ run at either end of the segment and a merged segment are one pass of signs
         * on entry or exit. (Signs applied within the block copies cost more: the copies
         * are faster as plain memcpy.) */
        size_t lo = sg->first, hi = sg->first + sg->count;
        const uint64_t *in = NULL, *out = NULL;
        if (p->dmask) {
            const size_t h = hi - 1 - (size_t)p->ops[hi - 1].dback;
            if (p->ops[h].drun > 1) in = p->dmask + p->ops[h].dmask, hi = h;
            if (hi > lo && p->ops[lo].drun > 1)
                out = p->dmask + p->ops[lo].dmask, lo += (size_t)p->ops[lo].drun;
        }
        uint64_t *ms = p->mscratch ? p->mscratch + ((size_t)tid << (bb - 5)) : NULL;
#pragma omp for schedule(static)
        for (uint64_t bl = 0; bl < nblocks; bl++) {
            const uint64_t jfix = sv_deposit(bl, fixed);
            const uint64_t off = local ? 0 : 2 * bl << bb, len = UINT64_C(1) << bb;
            const uint64_t *sin = in, *sout = out;
            if (sg->in_count)
                sin = sv_block_mask(p, sg, sg->in_first, sg->in_count, p->dmask + sg->in_mask, in,
                                    jfix, ms);
            if (sg->out_count)
                sout = sv_block_mask(p, sg, sg->out_first, sg->out_count, p->dmask + sg->out_mask,
                                     out, jfix, ms + (len >> 6));
            double *w = phi, *w2 = lam;
            if (local) {
                sv_gather(phi, w = buf, jfix, sg->free, 0);
                sv_gather(lam, w2 = buf2, jfix, sg->free, 0);
            }
            if (sin) sv_k_signs(w + off, w2 + off, sin, len);
            for (size_t i = hi; i-- > lo;) {
                i -= (size_t)p->ops[i].back + (size_t)p->ops[i].dback;
                if (p->ops[i].drun > 1) { /* a CZ run: one pass on both buffers */
                    sv_k_signs(w + off, w2 + off, p->dmask + p->ops[i].dmask, len);
                    continue;
                }
                int r = bb - p->ops[i].red;
                if (local) sv_unapply(p, &p->lops[i], w, w2, i, acc, 0, UINT64_C(1) << r);
                else sv_unapply(p, &p->ops[i], w, w2, i, acc, bl << r, (bl + 1) << r);
            }
            if (sout) sv_k_signs(w + off, w2 + off, sout, len);
            if (local) {
                sv_gather(phi, buf, jfix, sg->free, 1);
                sv_gather(lam, buf2, jfix, sg->free, 1);
            }
        }
    } else {
        uint64_t b, e;
        sv_split(dim >> p->ops[sg->first].red, tid, omp_get_num_threads(), &b, &e);
        sv_unapply(p, &p->ops[sg->first], phi, lam, sg->first, acc, b, e);
#pragma omp barrier
    }
}

/* One parallel region for the whole op list (small states: none), segments separated by
 * barriers, so that a run of short ops does not pay a thread start-up each. */
void sv_run_ops(sv_plan *p, double *psi, size_t from, size_t to) {
    const uint64_t dim = UINT64_C(1) << p->n;
#pragma omp parallel num_threads(p->nt) if (dim >= SV_PAR_MIN && p->nt > 1)
    for (size_t si = 0; si < p->nsegs; si++) {
        const sv_seg *sg = &p->segs[si];
        if (sg->first < from || sg->first >= to) continue;
        sv_seg_forward(p, sg, sg->first + sg->count < to ? sg->first + sg->count : to, psi);
    }
}

void sv_forward_unphased(sv_plan *p, double *psi) {
    /* sv_state_supported ran at plan time, so this cannot fail. */
    (void)sv_init_state(p->state, psi, p->n, p->nt);
    sv_run_ops(p, psi, 0, p->nops);
}

void sv_forward(sv_plan *p, double *psi) {
    sv_forward_unphased(p, psi);
    const double cr = p->phase[0], ci = p->phase[1];
    if (cr == 1.0 && ci == 0.0) return;
    const int64_t dim = INT64_C(1) << p->n;
#pragma omp parallel for num_threads(p->nt) if (dim >= (int64_t)SV_PAR_MIN && p->nt > 1)
    for (int64_t j = 0; j < dim; j++) {
        const double re = psi[2 * j], im = psi[2 * j + 1];
        psi[2 * j] = cr * re - ci * im;
        psi[2 * j + 1] = cr * im + ci * re;
    }
}

void sv_backward(sv_plan *p, double *phi, double *lam, double *grad) {
    const int n = p->n, nt = p->nt;
    const uint64_t dim = UINT64_C(1) << n;
    const size_t nops = p->nops;
    memset(p->gacc, 0, ((size_t)nt * nops + 1) * 2 * sizeof *p->gacc);
    size_t stop = p->nsegs;
    while (stop > 0 && p->segs[stop - 1].first >= p->nprep) stop--;
#pragma omp parallel num_threads(nt) if (dim >= SV_PAR_MIN && nt > 1)
    for (size_t si = p->nsegs; si-- > stop;) sv_seg_backward(p, &p->segs[si], phi, lam);
    /* d theta = Im <lam|P|phi> = Im(i^ny S), S summed over threads; d param += a d theta. */
    for (size_t i = p->nprep; i < nops; i++) {
        const sv_op *o = &p->ops[i];
        if ((o->kind != SV_ROT && o->kind != SV_ZROT) || o->param < 0) continue;
        double sr = 0, si = 0;
        for (int t = 0; t < nt; t++) {
            sr += p->gacc[((size_t)t * nops + i) * 2];
            si += p->gacc[((size_t)t * nops + i) * 2 + 1];
        }
        double g = sr; /* a unit's term (sv_unapply) */
        if (sv_op_qubit1(o) < 0) {
            switch (o->ny & 3) {
            case 0: g = si; break;
            case 1: g = sr; break;
            case 2: g = -si; break;
            default: g = -sr; break;
            }
        }
        grad[o->param] += o->a * g;
    }
}
