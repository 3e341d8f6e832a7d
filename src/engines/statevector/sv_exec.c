/* Running the op list: runs of ops on low qubits go block by block (one memory
 * sweep for the run), every other op is one parallel sweep of its own. The
 * adjoint sweep walks the same segments backwards on two buffers. */
#include <omp.h>
#include <string.h>

#include "engines/statevector/sv.h"

static inline void sv_apply(const sv_plan *p, double *psi, size_t i, uint64_t b, uint64_t e) {
    const sv_op *o = &p->ops[i];
    if (o->kind == SV_ROT || o->kind == SV_ZROT) sv_k_rot(psi, o, p->cs[2 * i], p->cs[2 * i + 1], b, e);
    else sv_k_fixed(psi, o, 0, b, e);
}

/* The inverse of op i on both buffers, and for a parametrised rotation its gradient term. */
static inline void sv_unapply(const sv_plan *p, double *phi, double *lam, size_t i, double *acc,
                              uint64_t b, uint64_t e) {
    const sv_op *o = &p->ops[i];
    if (o->kind == SV_ROT || o->kind == SV_ZROT) {
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

void sv_run_ops(sv_plan *p, double *psi, size_t from, size_t to) {
    const int n = p->n, bb = p->block_bits, nt = p->nt;
    const uint64_t dim = UINT64_C(1) << n;
    for (size_t si = 0; si < p->nsegs; si++) {
        const sv_seg *sg = &p->segs[si];
        if (sg->first < from || sg->first >= to) continue;
        size_t end = sg->first + sg->count < to ? sg->first + sg->count : to;
        if (sg->blocked) {
            const uint64_t nblocks = UINT64_C(1) << (n - bb);
#pragma omp parallel for num_threads(nt) schedule(static) if (dim >= SV_PAR_MIN && nblocks > 1)
            for (uint64_t bl = 0; bl < nblocks; bl++)
                for (size_t i = sg->first; i < end; i++) {
                    int r = bb - p->ops[i].red;
                    sv_apply(p, psi, i, bl << r, (bl + 1) << r);
                }
        } else {
            const uint64_t size = dim >> p->ops[sg->first].red;
#pragma omp parallel num_threads(nt) if (dim >= SV_PAR_MIN)
            {
                uint64_t b, e;
                sv_split(size, omp_get_thread_num(), omp_get_num_threads(), &b, &e);
                sv_apply(p, psi, sg->first, b, e);
            }
        }
    }
}

void sv_forward(sv_plan *p, double *psi) {
    /* sv_state_supported ran at plan time, so this cannot fail. */
    (void)sv_init_state(p->state, psi, p->n, p->nt);
    sv_run_ops(p, psi, 0, p->nops);
}

void sv_backward(sv_plan *p, double *phi, double *lam, double *grad) {
    const int n = p->n, bb = p->block_bits, nt = p->nt;
    const uint64_t dim = UINT64_C(1) << n;
    const size_t nops = p->nops;
    memset(p->gacc, 0, ((size_t)nt * nops + 1) * 2 * sizeof *p->gacc);
    for (size_t si = p->nsegs; si-- > 0;) {
        const sv_seg *sg = &p->segs[si];
        if (sg->first < p->nprep) break;
        if (sg->blocked) {
            const uint64_t nblocks = UINT64_C(1) << (n - bb);
#pragma omp parallel num_threads(nt) if (dim >= SV_PAR_MIN && nblocks > 1)
            {
                double *acc = p->gacc + (size_t)omp_get_thread_num() * nops * 2;
#pragma omp for schedule(static)
                for (uint64_t bl = 0; bl < nblocks; bl++)
                    for (size_t i = sg->first + sg->count; i-- > sg->first;) {
                        int r = bb - p->ops[i].red;
                        sv_unapply(p, phi, lam, i, acc, bl << r, (bl + 1) << r);
                    }
            }
        } else {
            const uint64_t size = dim >> p->ops[sg->first].red;
#pragma omp parallel num_threads(nt) if (dim >= SV_PAR_MIN)
            {
                double *acc = p->gacc + (size_t)omp_get_thread_num() * nops * 2;
                uint64_t b, e;
                sv_split(size, omp_get_thread_num(), omp_get_num_threads(), &b, &e);
                sv_unapply(p, phi, lam, sg->first, acc, b, e);
            }
        }
    }
    /* d theta = Im <lam|P|phi> = Im(i^ny S), S summed over threads; d param += a d theta. */
    for (size_t i = p->nprep; i < nops; i++) {
        const sv_op *o = &p->ops[i];
        if ((o->kind != SV_ROT && o->kind != SV_ZROT) || o->param < 0) continue;
        double sr = 0, si = 0;
        for (int t = 0; t < nt; t++) {
            sr += p->gacc[((size_t)t * nops + i) * 2];
            si += p->gacc[((size_t)t * nops + i) * 2 + 1];
        }
        double g;
        switch (o->ny & 3) {
        case 0: g = si; break;
        case 1: g = sr; break;
        case 2: g = -si; break;
        default: g = -sr; break;
        }
        grad[o->param] += o->a * g;
    }
}
