/* Compiling a model into the engine's op list: every op kind gets its kernel
 * kind here, once, so the loops over amplitudes never switch on gate names. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/mem.h"
#include "engines/statevector/sv.h"
#include "pauli/pstring.h"

static void sv_dagger(const double *m, double *out, int dim) {
    for (int r = 0; r < dim; r++)
        for (int c = 0; c < dim; c++) {
            out[2 * (r * dim + c)] = m[2 * (c * dim + r)];
            out[2 * (r * dim + c) + 1] = -m[2 * (c * dim + r) + 1];
        }
}

static void sv_set_diag(sv_op *o, double d1r, double d1i) {
    o->kind = SV_D1;
    o->m[0] = 1, o->m[1] = 0, o->m[2] = d1r, o->m[3] = d1i;
    o->minv[0] = 1, o->minv[1] = 0, o->minv[2] = d1r, o->minv[3] = -d1i;
}

/* Fills *o from one IR op; returns 0 when the op is a global phase to drop. */
static int sv_compile_op(const plt_op *op, const plt_circuit *c, int prep, sv_op *o) {
    memset(o, 0, sizeof *o);
    o->param = -1;
    o->group = 1;
    if (op->kind == PLT_OP_ROTATION) {
        uint64_t x = op->gen->x[0], z = op->gen->z[0];
        if (!(x | z)) return 0;
        o->x = x, o->z = z;
        o->ny = __builtin_popcountll(x & z);
        o->hi = 63 - __builtin_clzll(x | z);
        o->param = op->param, o->a = op->a, o->b = op->b;
        if (prep && op->param >= 0) {
            /* A preparation circuit is constant: its parameters take their initial values. */
            o->b = op->a * plt_circuit_param_init(c, op->param) + op->b;
            o->param = -1;
        }
        if (x) {
            o->kind = SV_ROT, o->red = 1, o->pivot = 63 - __builtin_clzll(x);
        } else {
            /* One Z is a diagonal on pairs (red 1); more Z's are a phase per amplitude. */
            o->kind = SV_ZROT, o->red = __builtin_popcountll(z) == 1;
            o->q0 = o->hi;
        }
        return 1;
    }
    o->q0 = op->q[0];
    o->q1 = op->nq == 2 ? op->q[1] : op->q[0];
    o->group = 1;
    o->hi = o->q0 > o->q1 ? o->q0 : o->q1;
    o->red = op->nq;
    const double *u = op->u;
    if (op->kind == PLT_OP_CLIFFORD) {
        switch (op->gate) {
        case PLT_GATE_X: o->kind = SV_X1; return 1;
        case PLT_GATE_Z: sv_set_diag(o, -1, 0); return 1;
        case PLT_GATE_S: sv_set_diag(o, 0, 1); return 1;
        case PLT_GATE_SDG: sv_set_diag(o, 0, -1); return 1;
        case PLT_GATE_CX: o->kind = SV_CX; return 1;
        case PLT_GATE_CZ: o->kind = SV_CZ; return 1;
        case PLT_GATE_SWAP: o->kind = SV_SWAP; return 1;
        default: u = plt_gate_info_get(op->gate)->u; break;
        }
    }
    int dim = op->nq == 2 ? 4 : 2;
    o->kind = op->nq == 2 ? SV_U2 : SV_U1;
    memcpy(o->m, u, sizeof(double) * 2 * (size_t)(dim * dim));
    sv_dagger(o->m, o->minv, dim);
    return 1;
}

int sv_op_qubit1(const sv_op *o) {
    switch (o->kind) {
    case SV_U1:
    case SV_D1:
    case SV_X1: return o->q0;
    case SV_ROT: return o->x == (UINT64_C(1) << o->pivot) && !(o->z & ~o->x) ? o->pivot : -1;
    case SV_ZROT: return o->red == 1 ? o->q0 : -1;
    default: return -1;
    }
}

static int sv_is_param_rot(const sv_op *o) {
    return (o->kind == SV_ROT || o->kind == SV_ZROT) && o->param >= 0;
}

/* The sum (SV_ACC_*) that the bare generator of a 1-qubit rotation needs. */
static int sv_gen_kind(const sv_op *o) {
    return o->kind == SV_ZROT ? SV_ACC_Z : o->ny ? SV_ACC_R : SV_ACC_I;
}

/* What each unit's adjoint step accumulates (see sv_plan_fuse): the last op's term is taken
 * before undoing the unit and the head's after it, both with their bare generator (one sum
 * each); an op in between needs its generator conjugated by the ops after it, which may
 * need all three sums before. */
static void sv_plan_kinds(sv_plan *p) {
    for (size_t h = 0; h < p->nops; h += (size_t)p->ops[h].group) {
        sv_op *o = &p->ops[h];
        const size_t g = (size_t)o->group, last = h + g - 1;
        int need = 0; /* bit k: SV_ACC k before the unit */
        o->kin = o->kout = SV_ACC_NONE;
        if (sv_op_qubit1(o) < 0) continue;
        for (size_t j = h; j <= last; j++) {
            if (!sv_is_param_rot(&p->ops[j])) continue;
            if (j == h && g > 1) o->kout = sv_gen_kind(&p->ops[j]);
            else need |= 1 << (j == last ? sv_gen_kind(&p->ops[j]) : SV_ACC_ALL);
        }
        if (need) o->kin = (need & (need - 1)) || (need >> SV_ACC_ALL) ? SV_ACC_ALL
                                                                         : __builtin_ctz(need);
    }
}

/* Joins consecutive 1-qubit ops on the same qubit into units (never across the
 * preparation / circuit boundary, where the adjoint sweep stops). */
static void sv_plan_group(sv_plan *p) {
    size_t head = 0;
    for (size_t i = 0; i < p->nops; i++) {
        sv_op *o = &p->ops[i];
        o->group = 1, o->back = 0;
        int q = sv_op_qubit1(o);
        if (i > 0 && i != p->nprep && q >= 0 && q == sv_op_qubit1(&p->ops[head]) &&
            p->ops[head].group < SV_GROUP_MAX) {
            p->ops[head].group++;
            o->group = 0;
            o->back = (int)(i - head);
            continue;
        }
        head = i;
    }
    sv_plan_kinds(p);
}

/* Folds rotation b into the rotation a just before it when they have the same Pauli string
 * and their angles add up to one affine function of a parameter: exp(-i t1/2 P) exp(-i t2/2 P)
 * = exp(-i (t1 + t2)/2 P), one sweep instead of two, and d/dp of the sum is the sum of the
 * derivatives. Returns 1 when folded. */
static int sv_merge_rot(sv_op *a, const sv_op *b) {
    if ((a->kind != SV_ROT && a->kind != SV_ZROT) || a->kind != b->kind || a->x != b->x ||
        a->z != b->z || a->param != b->param)
        return 0;
    a->a += b->a;
    a->b += b->b;
    return 1;
}

static plt_status sv_compile(sv_plan *p, const plt_circuit *prep, const plt_circuit *c) {
    size_t np = prep ? plt_circuit_nops(prep) : 0, nc = plt_circuit_nops(c);
    p->ops = plt_aligned_alloc((np + nc + 1) * sizeof *p->ops);
    p->cs = calloc((np + nc + 1) * 2, sizeof *p->cs);
    p->fm = calloc((np + nc + 1) * SV_FM, sizeof *p->fm);
    if (!p->ops || !p->cs || !p->fm) return plt_fail_nomem("the statevector plan");
    size_t k = 0;
    for (size_t i = 0; i < np; i++) {
        const plt_op *op = plt_circuit_op(prep, i);
        if (op->kind == PLT_OP_ROTATION && op->param >= 0 &&
            !isfinite(plt_circuit_param_init(prep, op->param)))
            return plt_fail(PLT_EINVAL,
                            "the preparation circuit's parameter '%s' has no value; give it "
                            "a number in the file",
                            plt_circuit_param_name(prep, op->param));
        k += (size_t)sv_compile_op(op, prep, 1, &p->ops[k]);
    }
    p->nprep = k;
    for (size_t i = 0; i < nc; i++) {
        if (!sv_compile_op(plt_circuit_op(c, i), c, 0, &p->ops[k])) continue;
        if (k > p->nprep && sv_merge_rot(&p->ops[k - 1], &p->ops[k])) continue;
        k++;
    }
    p->nops = k;
    sv_plan_group(p);
    return PLT_OK;
}

uint64_t sv_op_qubits(const sv_op *o) {
    if (o->kind == SV_ROT || o->kind == SV_ZROT) return o->x | o->z;
    return (UINT64_C(1) << o->q0) | (UINT64_C(1) << o->q1);
}

/* The index of bit q among the set bits of f. */
static int sv_rank(uint64_t f, int q) { return __builtin_popcountll(f & ((UINT64_C(1) << q) - 1)); }

/* The bits of v at the set bits of f, packed. */
static uint64_t sv_pack(uint64_t v, uint64_t f) {
    uint64_t r = 0;
    for (int k = 0; f; f &= f - 1, k++)
        if (v & f & (~f + 1)) r |= UINT64_C(1) << k;
    return r;
}

/* o with its qubits renumbered to their places among the qubits f of a block. */
static void sv_op_localize(const sv_op *o, uint64_t f, sv_op *out) {
    *out = *o;
    out->q0 = sv_rank(f, o->q0), out->q1 = sv_rank(f, o->q1);
    out->hi = sv_rank(f, o->hi), out->pivot = sv_rank(f, o->pivot);
    out->x = sv_pack(o->x, f), out->z = sv_pack(o->z, f);
}

/* Runs of at least this many CZs in a blocked segment (or making up the whole segment) are
 * one pass of signs over the block (both buffers in the adjoint sweep). A CZ alone touches a
 * quarter of the amplitudes, the pass all of them: about three CZs' worth. */
#define SV_SIGN_RUN_MIN 3

/* The bits j of mask word w (j = 64 w + 0..63) that have bit q set. */
static uint64_t sv_bit_words(int q, uint64_t w) {
    static const uint64_t low[6] = {0xAAAAAAAAAAAAAAAAu, 0xCCCCCCCCCCCCCCCCu, 0xF0F0F0F0F0F0F0F0u,
                                    0xFF00FF00FF00FF00u, 0xFFFF0000FFFF0000u, 0xFFFFFFFF00000000u};
    return q < 6 ? low[q] : UINT64_C(0) - ((w >> (q - 6)) & 1);
}

/* XORs into m (2^bb bits) the parity of the CZs ops[from, to) with both qubits among the
 * block qubits free, in the block's numbering. */
static void sv_cz_mask(const sv_plan *p, size_t from, size_t to, uint64_t free, int bb,
                       uint64_t *m) {
    for (size_t r = from; r < to; r++) {
        const sv_op *o = &p->ops[r];
        if (!((free >> o->q0) & (free >> o->q1) & 1)) continue;
        const int qa = sv_rank(free, o->q0), qb = sv_rank(free, o->q1);
        for (uint64_t w = 0; w < (UINT64_C(1) << (bb - 6)); w++)
            m[w] ^= sv_bit_words(qa, w) & sv_bit_words(qb, w);
    }
}

/* A blocked segment of the circuit that is a single CZ run. */
static int sv_seg_signs_only(const sv_plan *p, const sv_seg *sg) {
    return sg->blocked && sg->first >= p->nprep && p->ops[sg->first].drun == (int)sg->count;
}

/* Finds the CZ runs of the blocked segments (sv_op.drun) and builds their sign masks in the
 * block's numbering: bit j is the parity of the CZs on which j has both qubits set. Then
 * hands each segment that is one run to a neighbour for the adjoint sweep (sv_seg.merged). */
static plt_status sv_plan_runs(sv_plan *p) {
    const int bb = p->block_bits;
    free(p->dmask);
    free(p->mscratch);
    p->dmask = p->mscratch = NULL;
    for (size_t i = 0; i < p->nops; i++) p->ops[i].drun = p->ops[i].dback = 0;
    for (size_t k = 0; k < p->nsegs; k++) {
        sv_seg *sg = &p->segs[k];
        sg->merged = 0;
        sg->in_first = sg->in_count = sg->in_mask = 0;
        sg->out_first = sg->out_count = sg->out_mask = 0;
    }
    if (bb < 6) return PLT_OK; /* masks are whole words */
    const size_t per = (size_t)1 << (bb - 6);
    size_t used = 0;
    for (int pass = 0; pass < 2; pass++) {
        used = 0;
        for (size_t k = 0; k < p->nsegs; k++) {
            const sv_seg *sg = &p->segs[k];
            const size_t end = sg->first + sg->count;
            if (!sg->blocked) continue;
            for (size_t i = sg->first; i < end;) {
                size_t j = i;
                while (j < end && p->ops[j].kind == SV_CZ) j++;
                if (j - i < SV_SIGN_RUN_MIN && (i > sg->first || j < end)) {
                    i = j > i ? j : i + 1;
                    continue;
                }
                if (pass == 1) {
                    memset(p->dmask + used, 0, per * sizeof *p->dmask);
                    sv_cz_mask(p, i, j, sg->free, bb, p->dmask + used);
                    for (size_t r = i; r < j; r++) p->ops[r].dback = (int)(r - i);
                    p->ops[i].drun = (int)(j - i);
                    p->ops[i].dmask = used;
                }
                used += per;
                i = j;
            }
        }
        /* The adjoint sweep reaches run-only segments [k, k1) after k1 and before k - 1:
         * they ride on the exit of k1's blocks, or else on the entry of k - 1's. */
        for (size_t k = 0; pass == 1 && k < p->nsegs;) {
            size_t k1 = k;
            while (k1 < p->nsegs && sv_seg_signs_only(p, &p->segs[k1])) k1++;
            if (k1 == k) {
                k++;
                continue;
            }
            const size_t first = p->segs[k].first;
            const size_t count = p->segs[k1 - 1].first + p->segs[k1 - 1].count - first;
            sv_seg *h = NULL;
            if (k1 < p->nsegs && p->segs[k1].blocked) {
                h = &p->segs[k1];
                h->out_first = first, h->out_count = count, h->out_mask = used;
            } else if (k > 0 && p->segs[k - 1].blocked && p->segs[k - 1].first >= p->nprep) {
                h = &p->segs[k - 1];
                h->in_first = first, h->in_count = count, h->in_mask = used;
            }
            if (h) {
                for (size_t q = k; q < k1; q++) p->segs[q].merged = 1;
                memset(p->dmask + used, 0, per * sizeof *p->dmask);
                sv_cz_mask(p, first, first + count, h->free, bb, p->dmask + used);
                used += per;
            }
            k = k1;
        }
        if (pass == 0) {
            if (!used) return PLT_OK;
            /* a run may also need a merged mask in its host's numbering */
            p->dmask = malloc(2 * used * sizeof *p->dmask);
            p->mscratch = malloc((size_t)p->nt * 2 * per * sizeof *p->mscratch);
            if (!p->dmask || !p->mscratch)
                return plt_fail_nomem("the statevector plan's sign masks");
        }
    }
    return PLT_OK;
}

/* Greedy: a segment takes units while the qubits they touch, with the lowest
 * SV_BLOCK_RUN_BITS, number at most block_bits; its block then varies those qubits and,
 * to fill it up, the lowest others. A segment of one unit runs as one parallel sweep. */
plt_status sv_plan_segment(sv_plan *p, int block_bits) {
    free(p->segs);
    plt_aligned_free(p->scratch);
    p->scratch = NULL;
    p->segs = malloc((p->nops + 1) * sizeof *p->segs);
    if (!p->segs) return plt_fail_nomem("the statevector plan");
    if (block_bits > p->n) block_bits = p->n;
    if (!p->lops) p->lops = plt_aligned_alloc((p->nops + 1) * sizeof *p->lops);
    if (!p->lops) return plt_fail_nomem("the statevector plan");
    if (block_bits > 0) {
        p->scratch = plt_aligned_alloc(((size_t)p->nt << (block_bits + 2)) * sizeof *p->scratch);
        if (!p->scratch) return plt_fail_nomem("the statevector block buffers");
    }
    p->block_bits = block_bits;
    const uint64_t all = p->n >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << p->n) - 1;
    const int rb = block_bits / 2 < SV_BLOCK_RUN_BITS ? block_bits / 2 : SV_BLOCK_RUN_BITS;
    const uint64_t base = (UINT64_C(1) << rb) - 1;
    plt_status st = sv_plan_reorder(p, block_bits, base);
    if (st != PLT_OK) return st;
    size_t ns = 0, units = 0;
    uint64_t used = 0;
    for (size_t i = 0; i < p->nops; i += (size_t)p->ops[i].group) {
        size_t g = (size_t)p->ops[i].group;
        uint64_t q = sv_op_qubits(&p->ops[i]) | base;
        int fits = block_bits > 0 && __builtin_popcountll(q) <= block_bits;
        sv_seg *last = ns ? &p->segs[ns - 1] : NULL;
        /* Segments never straddle the preparation / circuit boundary: the adjoint
         * sweep stops there. */
        if (fits && last && last->blocked && i != p->nprep &&
            __builtin_popcountll(used | q) <= block_bits) {
            last->count += g;
            used |= q;
            units++;
            continue;
        }
        if (last && last->blocked) last->free = used;
        if (last && last->blocked && units < 2) last->blocked = 0;
        p->segs[ns++] = (sv_seg){.first = i, .count = g, .blocked = fits};
        used = fits ? q : 0;
        units = 1;
    }
    if (ns && p->segs[ns - 1].blocked) {
        p->segs[ns - 1].free = used;
        if (units < 2) p->segs[ns - 1].blocked = 0;
    }
    for (size_t k = 0; k < ns; k++) {
        sv_seg *sg = &p->segs[k];
        if (!sg->blocked) continue;
        /* Fill the block with the lowest qubits: longer contiguous runs. */
        for (int b = 0; b < p->n && __builtin_popcountll(sg->free) < block_bits; b++)
            sg->free |= UINT64_C(1) << b;
        sg->free &= all;
    }
    p->nsegs = ns;
    st = sv_plan_runs(p);
    if (st != PLT_OK) return st;
    for (size_t k = 0; k < ns; k++) {
        const sv_seg *sg = &p->segs[k];
        if (!sg->blocked) continue;
        for (size_t i = sg->first; i < sg->first + sg->count; i++)
            sv_op_localize(&p->ops[i], sg->free, &p->lops[i]);
    }
    return PLT_OK;
}

/* c = a b for complex 2x2 matrices (row-major, interleaved); c may not alias. */
static void sv_mul2(const double *a, const double *b, double *c) {
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < 2; k++) {
            double sr = 0, si = 0;
            for (int j = 0; j < 2; j++) {
                double ar = a[4 * r + 2 * j], ai = a[4 * r + 2 * j + 1];
                double br = b[4 * j + 2 * k], bi = b[4 * j + 2 * k + 1];
                sr += ar * br - ai * bi;
                si += ar * bi + ai * br;
            }
            c[4 * r + 2 * k] = sr, c[4 * r + 2 * k + 1] = si;
        }
}

/* The 2x2 of a 1-qubit op at its current angle; for a parametrised rotation also P
 * without its i^ny factor (pm), returning 1. */
static int sv_op_mat2(const sv_plan *p, size_t i, double *u, double *pm) {
    const sv_op *o = &p->ops[i];
    const double c = p->cs[2 * i], s = p->cs[2 * i + 1];
    memset(u, 0, 8 * sizeof *u);
    memset(pm, 0, 8 * sizeof *pm);
    switch (o->kind) {
    case SV_U1: memcpy(u, o->m, 8 * sizeof *u); return 0;
    case SV_D1: u[0] = o->m[0], u[1] = o->m[1], u[6] = o->m[2], u[7] = o->m[3]; return 0;
    case SV_X1: u[2] = u[4] = 1; return 0;
    case SV_ZROT:
        u[0] = c, u[1] = -s, u[6] = c, u[7] = s;
        pm[0] = 1, pm[6] = -1;
        return o->param >= 0;
    case SV_ROT: {
        /* j1' = c j1 + f j0, j0' = c j0 + (-1)^ny f j1 with f = -i s i^ny. */
        double fr = 0, fi = 0;
        switch (o->ny & 3) {
        case 0: fi = -s; break;
        case 1: fr = s; break;
        case 2: fi = s; break;
        default: fr = -s; break;
        }
        double par = (o->ny & 1) ? -1.0 : 1.0;
        u[0] = c, u[6] = c, u[4] = fr, u[5] = fi, u[2] = par * fr, u[3] = par * fi;
        pm[4] = 1, pm[2] = par;
        return o->param >= 0;
    }
    default: return 0;
    }
}

/* The weights (w, Im u, Re u) of a traceless Hermitian [[w, u], [conj u, -w]] (sv.h). */
static void sv_weights(const double *wm, double *f) {
    f[0] = wm[0], f[1] = wm[3], f[2] = wm[2];
}

/* m times the complex number z, in place. */
static void sv_scale2(double *m, double zr, double zi) {
    for (int k = 0; k < 4; k++) {
        const double re = m[2 * k], im = m[2 * k + 1];
        m[2 * k] = zr * re - zi * im, m[2 * k + 1] = zr * im + zi * re;
    }
}

/* The reduced form of a unit (sv.h, SV_FM_RED) whose g ops in circuit order have the 2x2s
 * mats[0..g), if it has one: real 2x2s then diagonal ones (1) or diagonal then real (2), so
 * that its product u is d0 D R or d0 R D with R real and D = diag(1, e). Writes (R, e) to f,
 * divides u by d0 and multiplies phase by d0. Real and diagonal are read off the matrices at
 * the current angles (exact zeros: RY's and RZ's are). */
static int sv_unit_reduce(const double (*mats)[8], size_t g, double *f, double *u,
                          double *phase) {
    unsigned char kind[SV_GROUP_MAX]; /* bit 0: real, bit 1: diagonal */
    for (size_t j = 0; j < g; j++) {
        const double *m = mats[j];
        kind[j] = (unsigned char)((m[1] == 0 && m[3] == 0 && m[5] == 0 && m[7] == 0) |
                                  (m[2] == 0 && m[3] == 0 && m[4] == 0 && m[5] == 0) << 1);
    }
    for (int form = 1; form <= 2; form++) {
        const int early = form == 1 ? 1 : 2, late = 3 - early;
        size_t k = 0, k2;
        while (k < g && (kind[k] & early)) k++;
        for (k2 = k; k2 < g && (kind[k2] & late); k2++) {}
        if (k2 < g) continue;
        /* the products of the early ops and of the late ones */
        double pe[8] = {1, 0, 0, 0, 0, 0, 1, 0}, pl[8] = {1, 0, 0, 0, 0, 0, 1, 0}, t[8];
        for (size_t j = 0; j < g; j++) {
            double *acc = j < k ? pe : pl;
            sv_mul2(mats[j], acc, t);
            memcpy(acc, t, sizeof t);
        }
        const double *r = form == 1 ? pe : pl, *d = form == 1 ? pl : pe;
        const double d0r = d[0], d0i = d[1];
        f[0] = r[0], f[1] = r[2], f[2] = r[4], f[3] = r[6];
        f[4] = d[6] * d0r + d[7] * d0i, f[5] = d[7] * d0r - d[6] * d0i; /* d11 conj(d0) */
        sv_scale2(u, d0r, -d0i);
        const double pr = phase[0], pi = phase[1];
        phase[0] = pr * d0r - pi * d0i, phase[1] = pr * d0i + pi * d0r;
        return form;
    }
    return 0;
}

/* For every unit of 1-qubit ops: F = U_last ... U_head and F^dagger at the head, and for
 * each parametrised rotation j of the unit where its adjoint term Im <lam_j|P_j|phi_j> is
 * taken (SV_FM_TERM: 0 before undoing the unit, 1 after) and the weights (the next three)
 * of dz, o_r, o_i giving it (sv.h); and the unit's reduced form, if any (sv_unit_reduce).
 * Before, lam_j = A_j^dagger lam with A_j the unit's ops after j, so the term is that of
 * W = A_j P_j A_j^dagger; after, that of P_j itself for the head, which commutes with its
 * own rotation. The last op's A is 1: bare as well. */
static void sv_plan_fuse(sv_plan *p) {
    static const double bare[4][3] = {{0, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 0, 1}};
    p->phase[0] = 1, p->phase[1] = 0;
    for (size_t h = 0; h < p->nops; h += (size_t)p->ops[h].group) {
        if (sv_op_qubit1(&p->ops[h]) < 0) continue;
        const size_t g = (size_t)p->ops[h].group, last = h + g - 1;
        double a[8] = {1, 0, 0, 0, 0, 0, 1, 0}, pm[8], t[8], ad[8], w[8];
        double mats[SV_GROUP_MAX][8]; /* the ops' 2x2s, kept for sv_unit_reduce */
        for (size_t j = last + 1; j-- > h;) {
            double *f = p->fm + SV_FM * j + SV_FM_TERM, *u = mats[j - h];
            if (sv_op_mat2(p, j, u, pm)) {
                f[0] = j == h && g > 1;
                if (f[0] != 0 || j == last) {
                    memcpy(f + 1, bare[sv_gen_kind(&p->ops[j])], 3 * sizeof *f);
                } else {
                    /* P = i^ny P' */
                    if (p->ops[j].ny & 1)
                        for (int k = 0; k < 4; k++) {
                            double re = pm[2 * k];
                            pm[2 * k] = -pm[2 * k + 1], pm[2 * k + 1] = re;
                        }
                    sv_dagger(a, ad, 2);
                    sv_mul2(a, pm, t);
                    sv_mul2(t, ad, w);
                    sv_weights(w, f + 1);
                }
            }
            sv_mul2(a, u, t);
            memcpy(a, t, sizeof a);
        }
        double *fh = p->fm + SV_FM * h;
        fh[SV_FM_RED] =
            g > 1 ? sv_unit_reduce((const double(*)[8])mats, g, fh + SV_FM_FWD, a, p->phase) : 0;
        if (fh[SV_FM_RED] != 0) {
            const double *f = fh + SV_FM_FWD;
            double *bk = fh + SV_FM_BWD;
            bk[0] = f[0], bk[1] = f[2], bk[2] = f[1], bk[3] = f[3], bk[4] = f[4], bk[5] = -f[5];
        }
        memcpy(fh + SV_FM_U, a, sizeof a);
        sv_dagger(a, fh + SV_FM_UINV, 2);
    }
}

void sv_plan_angles(sv_plan *p, const double *params, size_t shifted, double delta) {
    for (size_t i = 0; i < p->nops; i++) {
        const sv_op *o = &p->ops[i];
        if (o->kind != SV_ROT && o->kind != SV_ZROT) continue;
        double th = o->param >= 0 ? o->a * params[o->param] + o->b : o->b;
        if (i == shifted) th += delta;
        p->cs[2 * i] = cos(0.5 * th);
        p->cs[2 * i + 1] = sin(0.5 * th);
    }
    sv_plan_fuse(p);
}

void sv_plan_free(sv_plan *p) {
    if (!p) return;
    plt_aligned_free(p->ops);
    free(p->cs);
    free(p->fm);
    free(p->gacc);
    free(p->perm);
    free(p->segs);
    plt_aligned_free(p->lops);
    plt_aligned_free(p->scratch);
    free(p->dmask);
    free(p->mscratch);
    sv_obs_free(&p->obs);
    plt_aligned_free(p->psi);
    plt_aligned_free(p->lam);
    free(p);
}

plt_status sv_plan_new(const plt_model *m, const plt_opts *o, sv_plan **out) {
    *out = NULL;
    plt_status st;
    int n = plt_circuit_nqubits(m->circuit);
    if ((st = sv_state_supported(m->state, n)) != PLT_OK) return st;
    const plt_circuit *prep =
        m->state && plt_state_kind_of(m->state) == PLT_STATE_CIRCUIT ? plt_state_circuit(m->state)
                                                                     : NULL;
    if (prep && plt_circuit_nqubits(prep) != n)
        return plt_fail(PLT_EINVAL,
                        "the preparation circuit has %d qubits but the circuit has %d; they "
                        "must agree",
                        plt_circuit_nqubits(prep), n);
    sv_plan *p = calloc(1, sizeof *p);
    if (!p) return plt_fail_nomem("the statevector plan");
    p->n = n;
    p->nt = o && o->threads > 0 ? o->threads : omp_get_max_threads();
    p->nparams = plt_circuit_nparams(m->circuit);
    p->grad_method = o ? o->grad_method : PLT_GRAD_AUTO;
    p->max_memory = o ? o->max_memory : 0;
    p->state = m->state;
    if ((st = sv_compile(p, prep, m->circuit)) != PLT_OK) goto fail;
    if ((st = sv_plan_segment(p, SV_BLOCK_BITS)) != PLT_OK) goto fail;
    if ((st = sv_obs_build(m->obs, n, &p->obs)) != PLT_OK) goto fail;
    p->gacc = malloc(((size_t)p->nt * p->nops + 1) * 2 * sizeof *p->gacc);
    if (!p->gacc) {
        st = plt_fail_nomem("the statevector plan");
        goto fail;
    }
    /* The first buffer now; the adjoint's second one on the first gradient, so that a
     * loss-only run needs only one. An explicit adjoint request checks both now. */
    double amp = 16.0 * (double)(UINT64_C(1) << n);
    double need = amp * (p->grad_method == PLT_GRAD_ADJOINT ? 2.0 : 1.0);
    if ((st = plt_mem_check(need, p->max_memory, "the statevector state")) != PLT_OK) goto fail;
    p->psi = plt_aligned_alloc((size_t)amp);
    if (!p->psi) {
        st = plt_fail_nomem("the statevector state");
        goto fail;
    }
    p->stats.max_terms = (size_t)UINT64_C(1) << n;
    *out = p;
    return PLT_OK;
fail:
    sv_plan_free(p);
    return st;
}
