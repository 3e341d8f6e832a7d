/* Engine "density": the exact density matrix of a small noisy model. Each op acts as
 * rho -> U rho U^dag, then the channels of plt_opts (depolarising and dephasing) act on each
 * qubit it touches (a Clifford's or unitary's qubits, a rotation generator's support), as
 * engine.h defines them; the preparation circuit of a state is noiseless. It is the noisy
 * reference of the verdict's cross-checks: it computes from matrix entries, not from Pauli
 * coefficients as pauliprop does. Gradient by the adjoint method over channels, with the
 * forward states kept at sqrt(M) checkpoints (channels are not inverted). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/error.h"
#include "core/mem.h"
#include "engines/density/density.h"
#include "engines/engine_ops.h"
#include "plateau/rates.h"

typedef struct dm_op {
    int rotation;      /* 1: R_P(a * params[param] + b); 0: the matrix v on q */
    dm_pauli pauli;
    int param;
    double a, b;
    int nq, q[2];
    double v[32], vd[32]; /* the gate and its adjoint, interleaved re, im */
    uint64_t touched;     /* qubits the channels act on after the op */
} dm_op;

typedef struct dm_plan {
    int n, nparams, threads;
    double noise, dephasing;
    dm_op *ops;
    size_t nops;
    double complex *rho0;  /* the initial state */
    double complex *rho;   /* scratch: the evolving state */
    dm_pauli *terms;
    double *coef;
    size_t nterms;
    plt_progress_fn progress_fn;
    void *progress_ctx;
} dm_plan;

static plt_status check_model(const plt_model *m, const plt_opts *o) {
    int n = plt_circuit_nqubits(m->circuit);
    if (n > DM_MAX_QUBITS)
        return plt_fail(PLT_ETOOBIG, "the density engine holds a 4^n density matrix and %d "
                        "qubits is beyond its limit of %d; use pauliprop for noisy models at "
                        "this size", n, DM_MAX_QUBITS);
    if (!(o->noise >= 0 && o->noise <= 1) && !(o->noise < 0))
        return plt_fail(PLT_EINVAL, "noise is %g; give a probability in [0, 1]", o->noise);
    if (!(o->dephasing >= 0 && o->dephasing <= 1) && !(o->dephasing < 0))
        return plt_fail(PLT_EINVAL, "dephasing is %g; give a probability in [0, 1]",
                        o->dephasing);
    plt_state_kind k = m->state ? plt_state_kind_of(m->state) : PLT_STATE_ZERO;
    if (k == PLT_STATE_SHADOWS || k == PLT_STATE_TABLE)
        return plt_fail(PLT_EUNSUPPORTED, "the density engine needs a known state, and this "
                        "model's state is measured data (%s); engines that take data "
                        "(pauliprop) estimate from it", k == PLT_STATE_SHADOWS
                        ? "classical shadows" : "a table of expectation values");
    return PLT_OK;
}

/* Sweeps of the matrix one loss takes: two per op, one per channel on a touched qubit, one per
 * observable term. */
static double loss_sweeps(const plt_model *m, int noisy) {
    double sweeps = (double)plt_psum_nterms(m->obs) + 1;
    for (size_t i = 0; i < plt_circuit_nops(m->circuit); i++) {
        const plt_op *op = plt_circuit_op(m->circuit, i);
        sweeps += 2 + (noisy ? op->nq : 0);
    }
    return sweeps;
}

static size_t checkpoint_stride(size_t nops) {
    size_t b = (size_t)ceil(sqrt((double)(nops ? nops : 1)));
    return b ? b : 1;
}

static plt_status dm_estimate(const plt_model *m, const plt_opts *o, plt_cost *cost) {
    plt_status st = check_model(m, o);
    if (st) return st;
    int n = plt_circuit_nqubits(m->circuit);
    double mat = 16.0 * ldexp(1.0, 2 * n);
    size_t nops = plt_circuit_nops(m->circuit), b = checkpoint_stride(nops);
    /* The gradient holds the checkpoints, one segment's states, the observable and scratch. */
    double nmat = 4.0 + (plt_circuit_nparams(m->circuit) > 0 ? (double)(nops / b + 1 + b) : 0);
    cost->bytes = nmat * mat + (double)nops * sizeof(dm_op);
    /* With a gradient: the forward pass, its recomputation by segments, the backward pass of
     * the observable and a trace per rotation, about five losses; complex entries cost about
     * twice the state vector's bytes per sweep. */
    int noisy = o->noise > 0 || o->dephasing > 0;
    cost->seconds = 5.0 * loss_sweeps(m, noisy) * 2.0 * 2.0 * mat / plt_rate(PLT_RATE_SV_BYTES);
    cost->exactness = PLT_EXACT;
    cost->error = 0;
    return plt_mem_check(cost->bytes, o->max_memory, "the density matrices");
}

static dm_pauli to_masks(const plt_pstring *p, int n) {
    dm_pauli r = {0, 0, 0};
    for (int q = 0; q < n; q++) {
        char c = plt_pstring_get(p, q);
        if (c == 'X' || c == 'Y') r.xm |= 1ULL << q;
        if (c == 'Y' || c == 'Z') r.zm |= 1ULL << q;
        r.ny += c == 'Y';
    }
    return r;
}

static void adjoint(const double *v, int nq, double *vd) {
    int dl = 1 << nq;
    for (int a = 0; a < dl; a++)
        for (int b = 0; b < dl; b++) {
            vd[2 * (a * dl + b)] = v[2 * (b * dl + a)];
            vd[2 * (a * dl + b) + 1] = -v[2 * (b * dl + a) + 1];
        }
}

static plt_status compile_op(const plt_op *op, int n, dm_op *d) {
    memset(d, 0, sizeof *d);
    if (op->kind == PLT_OP_ROTATION) {
        d->rotation = 1;
        d->pauli = to_masks(op->gen, n);
        d->param = op->param;
        d->a = op->a;
        d->b = op->b;
        d->touched = d->pauli.xm | d->pauli.zm;
        return PLT_OK;
    }
    d->nq = op->nq;
    d->q[0] = op->q[0];
    d->q[1] = op->nq == 2 ? op->q[1] : 0;
    const double *u = op->u;
    if (op->kind == PLT_OP_CLIFFORD) {
        const plt_gate_info *gi = plt_gate_info_get(op->gate);
        if (!gi) return plt_fail(PLT_EINVAL, "unknown Clifford gate %d", (int)op->gate);
        u = gi->u;
    }
    memcpy(d->v, u, sizeof(double) * 2 * (size_t)(1 << (2 * op->nq)));
    adjoint(d->v, d->nq, d->vd);
    for (int j = 0; j < op->nq; j++) d->touched |= 1ULL << op->q[j];
    return PLT_OK;
}

/* The unitary part of op d at params (forward: U rho U^dag; back: U^dag O U). */
static void apply_unitary(const dm_plan *p, const dm_op *d, const double *params,
                          double complex *m, int back) {
    if (d->rotation) {
        double theta = d->param >= 0 ? d->a * params[d->param] + d->b : d->b;
        if (back) theta = -theta;
        dm_rot_left(m, p->n, &d->pauli, theta, p->threads);
        dm_rot_right(m, p->n, &d->pauli, theta, p->threads);
        return;
    }
    dm_gate_left(m, p->n, d->nq, d->q, back ? d->vd : d->v, p->threads);
    dm_gate_right(m, p->n, d->nq, d->q, back ? d->vd : d->v, p->threads);
}

static void apply_noise(const dm_plan *p, const dm_op *d, double complex *m) {
    if (!(p->noise > 0 || p->dephasing > 0)) return;
    for (int q = 0; q < p->n; q++)
        if (d->touched >> q & 1u) dm_noise(m, p->n, q, p->noise, p->dephasing, p->threads);
}

/* The initial density matrix of the model's state into rho (zeroed by the caller). */
static plt_status init_state(const plt_model *m, int n, const plt_opts *o, double complex *rho) {
    const uint64_t dim = 1ULL << n;
    plt_state_kind k = m->state ? plt_state_kind_of(m->state) : PLT_STATE_ZERO;
    switch (k) {
    case PLT_STATE_BASIS: {
        const char *bits = plt_state_bits(m->state);
        uint64_t idx = 0;
        for (int q = 0; q < n; q++) idx |= (uint64_t)(bits[q] == '1') << q;
        rho[idx * dim + idx] = 1;
        return PLT_OK;
    }
    case PLT_STATE_PRODUCT: {
        const double *bl = plt_state_bloch(m->state);
        for (uint64_t r = 0; r < dim; r++)
            for (uint64_t c = 0; c < dim; c++) {
                double complex v = 1;
                for (int q = 0; q < n; q++) {
                    const double *b = bl + 3 * q;
                    int rb = r >> q & 1, cb = c >> q & 1;
                    /* (I + bx X + by Y + bz Z) / 2 */
                    v *= rb == cb ? (rb ? 1 - b[2] : 1 + b[2]) / 2
                                  : (rb ? b[0] + I * b[1] : b[0] - I * b[1]) / 2;
                }
                rho[r * dim + c] = v;
            }
        return PLT_OK;
    }
    case PLT_STATE_VECTOR: {
        const double *amp = plt_state_amplitudes(m->state);
        for (uint64_t r = 0; r < dim; r++)
            for (uint64_t c = 0; c < dim; c++)
                rho[r * dim + c] = (amp[2 * r] + I * amp[2 * r + 1]) *
                                   (amp[2 * c] - I * amp[2 * c + 1]);
        return PLT_OK;
    }
    case PLT_STATE_CIRCUIT: {
        const plt_circuit *pc = plt_state_circuit(m->state);
        rho[0] = 1;
        dm_plan tmp = {.n = n, .threads = o->threads > 0 ? o->threads : 1};
        for (size_t i = 0; i < plt_circuit_nops(pc); i++) {
            dm_op d;
            const plt_op *op = plt_circuit_op(pc, i);
            if (op->kind == PLT_OP_ROTATION && op->param >= 0)
                return plt_fail(PLT_EUNSUPPORTED, "op %zu of the preparation circuit uses a "
                                "parameter; a preparation circuit must have constant angles", i);
            plt_status st = compile_op(op, n, &d);
            if (st) return st;
            apply_unitary(&tmp, &d, NULL, rho, 0);
        }
        return PLT_OK;
    }
    default: rho[0] = 1; return PLT_OK;
    }
}

static void plan_free(void *state) {
    dm_plan *p = state;
    if (!p) return;
    free(p->ops);
    plt_aligned_free(p->rho0);
    plt_aligned_free(p->rho);
    free(p->terms);
    free(p->coef);
    free(p);
}

static double complex *new_matrix(int n) {
    size_t bytes = sizeof(double complex) << (2 * n);
    double complex *m = plt_aligned_alloc(bytes);
    if (m) memset(m, 0, bytes);
    return m;
}

static plt_status dm_plan_op(void **state, const plt_model *m, const plt_opts *o) {
    *state = NULL;
    plt_cost cost;
    plt_status st = dm_estimate(m, o, &cost);
    if (st) return st;
    const int n = plt_circuit_nqubits(m->circuit);
    dm_plan *p = calloc(1, sizeof *p);
    if (!p) return plt_fail_nomem("the density plan");
    p->n = n;
    p->nparams = plt_circuit_nparams(m->circuit);
    p->threads = o->threads;
    if (p->threads <= 0) {
#ifdef _OPENMP
        p->threads = omp_get_max_threads();
#else
        p->threads = 1;
#endif
    }
    p->noise = o->noise > 0 ? o->noise : 0;
    p->dephasing = o->dephasing > 0 ? o->dephasing : 0;
    p->progress_fn = o->progress_fn;
    p->progress_ctx = o->progress_ctx;
    p->nops = plt_circuit_nops(m->circuit);
    p->nterms = plt_psum_nterms(m->obs);
    p->ops = calloc(p->nops ? p->nops : 1, sizeof *p->ops);
    p->terms = calloc(p->nterms ? p->nterms : 1, sizeof *p->terms);
    p->coef = calloc(p->nterms ? p->nterms : 1, sizeof *p->coef);
    p->rho0 = new_matrix(n);
    p->rho = new_matrix(n);
    plt_pstring *ps = NULL;
    if (!p->ops || !p->terms || !p->coef || !p->rho0 || !p->rho) {
        st = plt_fail_nomem("the density matrices");
        goto fail;
    }
    for (size_t i = 0; i < p->nops; i++)
        if ((st = compile_op(plt_circuit_op(m->circuit, i), n, &p->ops[i]))) goto fail;
    if ((st = plt_pstring_new(n, &ps))) goto fail;
    for (size_t t = 0; t < p->nterms; t++) {
        double im;
        if ((st = plt_psum_term(m->obs, t, ps, &p->coef[t], &im))) goto fail;
        p->terms[t] = to_masks(ps, n);
    }
    if ((st = init_state(m, n, o, p->rho0))) goto fail;
    plt_pstring_free(ps);
    *state = p;
    return PLT_OK;
fail:
    plt_pstring_free(ps);
    plan_free(p);
    return st;
}

static plt_status progress(const dm_plan *p, size_t done, size_t total) {
    if (!p->progress_fn || (done % 16 && (p->n < 8 || done % 4))) return PLT_OK;
    const plt_progress pr = {"density: ops applied", (double)done, (double)total};
    if (p->progress_fn(p->progress_ctx, &pr))
        return plt_fail(PLT_EINTERRUPTED, "density stopped by its caller after op %zu of %zu",
                        done, total);
    return PLT_OK;
}

/* rho <- ops [from, to) applied to rho. */
static plt_status forward(const dm_plan *p, const double *params, size_t from, size_t to,
                          double complex *rho) {
    for (size_t i = from; i < to; i++) {
        apply_unitary(p, &p->ops[i], params, rho, 0);
        apply_noise(p, &p->ops[i], rho);
        plt_status st = progress(p, i + 1, p->nops);
        if (st) return st;
    }
    return PLT_OK;
}

static double expectation(const dm_plan *p, const double complex *rho) {
    double v = 0;
    for (size_t t = 0; t < p->nterms; t++)
        v += p->coef[t] * creal(dm_trace_pauli(rho, p->n, &p->terms[t]));
    return v;
}

/* Adjoint gradient. With rho_k the state after op k and O_k the observable carried back to
 * there (loss = Tr(O_k rho_k)), op k = N_k(U_k . U_k^dag) gives O_{k-1} = U_k^dag N_k(O_k) U_k,
 * and for a rotation of angle a x + b: dL/dx += a Tr(N_k(O_k) (-i/2) [P, U_k rho_{k-1} U_k^dag]).
 * rho_{k-1} comes from checkpoints every B ops, recomputed one segment at a time. */
static plt_status gradient(dm_plan *p, const double *params, double *loss, double *grad) {
    const size_t nops = p->nops, b = checkpoint_stride(nops), nseg = (nops + b - 1) / b;
    const size_t msize = sizeof(double complex) << (2 * p->n);
    plt_status st = PLT_OK;
    double complex **ck = calloc(nseg + 1, sizeof *ck), **seg = calloc(b, sizeof *seg);
    double complex *obs = new_matrix(p->n), *sig = new_matrix(p->n);
    if (!ck || !seg || !obs || !sig) goto nomem;
    for (size_t s = 0; s < nseg; s++)
        if (!(ck[s] = plt_aligned_alloc(msize))) goto nomem;
    for (size_t j = 0; j < b; j++)
        if (!(seg[j] = plt_aligned_alloc(msize))) goto nomem;
    memcpy(p->rho, p->rho0, msize);
    for (size_t s = 0; s < nseg; s++) {
        memcpy(ck[s], p->rho, msize);
        size_t end = (s + 1) * b < nops ? (s + 1) * b : nops;
        if ((st = forward(p, params, s * b, end, p->rho))) goto done;
    }
    *loss = expectation(p, p->rho);
    memset(grad, 0, (size_t)p->nparams * sizeof *grad);
    for (size_t t = 0; t < p->nterms; t++) dm_add_pauli(obs, p->n, &p->terms[t], p->coef[t]);
    for (size_t s = nseg; s-- > 0;) {
        size_t lo = s * b, hi = (s + 1) * b < nops ? (s + 1) * b : nops;
        /* seg[j] = the state before op lo + j. */
        memcpy(seg[0], ck[s], msize);
        for (size_t j = 1; j < hi - lo; j++) {
            memcpy(seg[j], seg[j - 1], msize);
            if ((st = forward(p, params, lo + j - 1, lo + j, seg[j]))) goto done;
        }
        for (size_t k = hi; k-- > lo;) {
            const dm_op *d = &p->ops[k];
            apply_noise(p, d, obs);
            if (d->rotation && d->param >= 0) {
                memcpy(sig, seg[k - lo], msize);
                apply_unitary(p, d, params, sig, 0);
                double complex tr = dm_trace_comm(obs, sig, p->n, &d->pauli);
                grad[d->param] += d->a * creal(-0.5 * I * tr);
            }
            apply_unitary(p, d, params, obs, 1);
        }
        if ((st = progress(p, nops - lo, nops))) goto done;
    }
    goto done;
nomem:
    st = plt_fail_nomem("the density gradient's checkpoints");
done:
    for (size_t s = 0; ck && s < nseg; s++) plt_aligned_free(ck[s]);
    for (size_t j = 0; seg && j < b; j++) plt_aligned_free(seg[j]);
    free(ck);
    free(seg);
    plt_aligned_free(obs);
    plt_aligned_free(sig);
    return st;
}

static plt_status dm_loss(void *state, const double *params, double *loss, double *grad) {
    dm_plan *p = state;
    if (grad && p->nparams > 0) return gradient(p, params, loss, grad);
    memcpy(p->rho, p->rho0, sizeof(double complex) << (2 * p->n));
    plt_status st = forward(p, params, 0, p->nops, p->rho);
    if (st) return st;
    *loss = expectation(p, p->rho);
    return PLT_OK;
}

static int dm_exact(const void *state) {
    (void)state;
    return 1;
}

const plt_engine_ops plt_engine_density = {
    .name = "density",
    .estimate = dm_estimate,
    .plan = dm_plan_op,
    .loss = dm_loss,
    .exact = dm_exact,
    .free = plan_free,
    .models_noise = 1,
};
