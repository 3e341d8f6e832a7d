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
            o->kind = SV_ZROT, o->red = 0;
            o->q0 = o->hi;
        }
        return 1;
    }
    o->q0 = op->q[0];
    o->q1 = op->nq == 2 ? op->q[1] : op->q[0];
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

static plt_status sv_compile(sv_plan *p, const plt_circuit *prep, const plt_circuit *c) {
    size_t np = prep ? plt_circuit_nops(prep) : 0, nc = plt_circuit_nops(c);
    p->ops = plt_aligned_alloc((np + nc + 1) * sizeof *p->ops);
    p->cs = malloc((np + nc + 1) * 2 * sizeof *p->cs);
    if (!p->ops || !p->cs) return plt_fail_nomem("the statevector plan");
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
    for (size_t i = 0; i < nc; i++) k += (size_t)sv_compile_op(plt_circuit_op(c, i), c, 0, &p->ops[k]);
    p->nops = k;
    return PLT_OK;
}

plt_status sv_plan_segment(sv_plan *p, int block_bits) {
    free(p->segs);
    p->segs = malloc((p->nops + 1) * sizeof *p->segs);
    if (!p->segs) return plt_fail_nomem("the statevector plan");
    if (block_bits > p->n) block_bits = p->n;
    p->block_bits = block_bits;
    size_t ns = 0;
    for (size_t i = 0; i < p->nops; i++) {
        int low = block_bits > 0 && p->ops[i].hi < block_bits;
        sv_seg *last = ns ? &p->segs[ns - 1] : NULL;
        /* Segments never straddle the preparation / circuit boundary: the adjoint
         * sweep stops there. */
        if (low && last && last->blocked && i != p->nprep) {
            last->count++;
            continue;
        }
        p->segs[ns++] = (sv_seg){.first = i, .count = 1, .blocked = low};
    }
    p->nsegs = ns;
    return PLT_OK;
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
}

void sv_plan_free(sv_plan *p) {
    if (!p) return;
    plt_aligned_free(p->ops);
    free(p->cs);
    free(p->gacc);
    free(p->segs);
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
