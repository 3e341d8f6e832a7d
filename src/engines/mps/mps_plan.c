/* The circuit compiled once for the MPS: each op becomes a one-site matrix, a two-site matrix
 * (neighbours) or a sum of products over a range of sites (mps_route.c), with the parameter
 * dependence kept for the rotations; the initial product state becomes 2n amplitudes. */
#include <lapacke.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/mps/mps.h"

void mps_prog_free(mps_prog *p) {
    for (size_t i = 0; p->step && i < p->nsteps; i++) free(p->step[i].letters);
    free(p->step);
    free(p->init);
    memset(p, 0, sizeof *p);
}

/* The 2n amplitudes of the initial product state (amp NULL: only whether the engine takes it). */
plt_status mps_initial_state(const plt_model *m, int n, mps_cplx *amp) {
    plt_state_kind k = m->state ? plt_state_kind_of(m->state) : PLT_STATE_ZERO;
    if (k == PLT_STATE_ZERO || k == PLT_STATE_BASIS) {
        const char *bits = k == PLT_STATE_BASIS ? plt_state_bits(m->state) : NULL;
        for (int q = 0; q < n && amp; q++) {
            int one = bits && bits[q] == '1';
            amp[2 * q] = one ? 0 : 1;
            amp[2 * q + 1] = one ? 1 : 0;
        }
        return PLT_OK;
    }
    if (k == PLT_STATE_PRODUCT) {
        const double *b = plt_state_bloch(m->state);
        for (int q = 0; q < n; q++) {
            const double x = b[3 * q], y = b[3 * q + 1], z = b[3 * q + 2];
            const double len = sqrt(x * x + y * y + z * z);
            if (fabs(len - 1) > 1e-9)
                return plt_fail(PLT_EUNSUPPORTED, "mps simulates pure states; qubit %d of the "
                                "product state is mixed (Bloch vector length %.6g < 1); use a "
                                "pure product state or the pauliprop engine", q, len);
            /* cos(t/2)|0> + e^{i phi} sin(t/2)|1>, normalised. */
            const double c = sqrt(fmax(0, (1 + z / len) / 2)), sn = sqrt(fmax(0, (1 - z / len) / 2));
            const double r = hypot(x, y);
            if (!amp) continue;
            amp[2 * q] = c;
            amp[2 * q + 1] = r > 0 ? sn * (x + I * y) / r : sn;
        }
        return PLT_OK;
    }
    return plt_fail(PLT_EUNSUPPORTED,
                    "mps starts from a product state (zero, basis or product); this model's state "
                    "is a %s; use the statevector engine",
                    k == PLT_STATE_CIRCUIT  ? "preparation circuit"
                    : k == PLT_STATE_VECTOR ? "state vector"
                    : k == PLT_STATE_TABLE  ? "table of measured values (mps needs amplitudes)"
                                            : "set of shadow data (mps needs amplitudes)");
}

/* u (row-major interleaved, index s_q0 + 2 s_q1) into site order (index s_lo + 2 s_hi). */
static void matrix_sites(const double *u, int swapped, mps_cplx *g) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            int si = swapped ? ((i & 1) << 1) | (i >> 1) : i;
            int sj = swapped ? ((j & 1) << 1) | (j >> 1) : j;
            g[4 * si + sj] = u[2 * (4 * i + j)] + I * u[2 * (4 * i + j) + 1];
        }
}

/* g = sum_t x_t (x) y_t (x on the low site) by an SVD of the reshuffled matrix. */
static plt_status schmidt(const mps_cplx *g, mps_step *st) {
    mps_cplx r[16], u[16], vt[16];
    double s[4], superb[4];
    for (int al = 0; al < 2; al++)
        for (int bl = 0; bl < 2; bl++)
            for (int ah = 0; ah < 2; ah++)
                for (int bh = 0; bh < 2; bh++)
                    r[(2 * al + bl) + 4 * (2 * ah + bh)] = g[4 * (al + 2 * ah) + (bl + 2 * bh)];
    if (LAPACKE_zgesvd(LAPACK_COL_MAJOR, 'A', 'A', 4, 4, r, 4, s, u, 4, vt, 4, superb))
        return plt_fail(PLT_EINTERNAL, "mps: operator-Schmidt decomposition failed");
    st->nterms = 0;
    for (int t = 0; t < 4; t++) {
        if (!(s[t] > 1e-14 * s[0])) break;
        for (int p = 0; p < 4; p++) {
            st->x[t][p] = s[t] * u[p + 4 * t];
            st->y[t][p] = vt[t + 4 * p];
        }
        st->nterms++;
    }
    return PLT_OK;
}

plt_status mps_compile_op(const plt_op *op, mps_step *st) {
    memset(st, 0, sizeof *st);
    st->param = -1;
    if (op->kind == PLT_OP_ROTATION) {
        int lo = -1, hi = -1, n = plt_pstring_nqubits(op->gen);
        for (int q = 0; q < n; q++)
            if (plt_pstring_get(op->gen, q) != 'I') {
                if (lo < 0) lo = q;
                hi = q;
            }
        st->rot = 1;
        st->lo = lo;
        st->hi = hi;
        st->param = op->param;
        st->a = op->a;
        st->b = op->b;
        st->rank = hi == lo ? 1 : 2;
        st->kind = hi == lo ? MPS_STEP_ONE : hi == lo + 1 ? MPS_STEP_TWO : MPS_STEP_MPO;
        if (!(st->letters = malloc((size_t)(hi - lo + 2))))
            return plt_fail_nomem("mps: a rotation's letters");
        for (int q = lo; q <= hi; q++) st->letters[q - lo] = plt_pstring_get(op->gen, q);
        st->letters[hi - lo + 1] = 0;
        return PLT_OK;
    }
    const double *u = op->kind == PLT_OP_CLIFFORD ? plt_gate_info_get(op->gate)->u : op->u;
    const int nq = op->kind == PLT_OP_CLIFFORD ? plt_gate_info_get(op->gate)->nqubits : op->nq;
    if (nq == 1) {
        st->kind = MPS_STEP_ONE;
        st->lo = st->hi = op->q[0];
        st->rank = 1;
        for (int i = 0; i < 4; i++) st->u[i] = u[2 * i] + I * u[2 * i + 1];
        return PLT_OK;
    }
    const int swapped = op->q[0] > op->q[1];
    st->lo = swapped ? op->q[1] : op->q[0];
    st->hi = swapped ? op->q[0] : op->q[1];
    matrix_sites(u, swapped, st->u);
    st->kind = st->hi == st->lo + 1 ? MPS_STEP_TWO : MPS_STEP_MPO;
    plt_status rc = schmidt(st->u, st);
    st->rank = st->nterms;
    return rc;
}

void mps_order_steps(mps_step *s, size_t nsteps, int n) {
    /* A run of consecutive multi-site steps on pairwise disjoint sites commutes, so it may go
     * in either order: the one that starts next to the center. A brickwork layer then sweeps
     * back the way the last one came, instead of carrying the center across the chain first
     * (a third of the time at bond 64 went to those moves). */
    size_t *mark = calloc((size_t)n, sizeof *mark);
    if (!mark) return; /* the order as given is as correct */
    int center = 0;
    size_t run = 0;
    for (size_t i = 0; i < nsteps;) {
        if (s[i].kind == MPS_STEP_ONE) {
            i++;
            continue;
        }
        run++;
        size_t j = i;
        for (; j < nsteps && s[j].kind != MPS_STEP_ONE; j++) {
            int free_sites = 1;
            for (int q = s[j].lo; q <= s[j].hi && free_sites; q++) free_sites = mark[q] != run;
            if (!free_sites) break;
            for (int q = s[j].lo; q <= s[j].hi; q++) mark[q] = run;
        }
        if (j - i > 1 && abs(center - s[j - 1].lo) < abs(center - s[i].lo))
            for (size_t a = i, b = j - 1; a < b; a++, b--) {
                mps_step t = s[a];
                s[a] = s[b];
                s[b] = t;
            }
        center = s[j - 1].lo;
        i = j;
    }
    free(mark);
}

plt_status mps_prog_build(const plt_model *m, mps_prog *p) {
    memset(p, 0, sizeof *p);
    const plt_circuit *c = m->circuit;
    p->n = plt_circuit_nqubits(c);
    p->nparams = plt_circuit_nparams(c);
    p->nsteps = plt_circuit_nops(c);
    p->init = malloc((size_t)2 * p->n * sizeof *p->init);
    p->step = calloc(p->nsteps ? p->nsteps : 1, sizeof *p->step);
    plt_status st = p->init && p->step ? PLT_OK : plt_fail_nomem("mps: the compiled circuit");
    if (!st) st = mps_initial_state(m, p->n, p->init);
    for (size_t i = 0; i < p->nsteps && !st; i++) st = mps_compile_op(plt_circuit_op(c, i), &p->step[i]);
    if (!st) mps_order_steps(p->step, p->nsteps, p->n);
    if (st) mps_prog_free(p);
    return st;
}

/* Where the next multi-site step starts, to leave the center on its side. */
static int next_lo(const mps_prog *p, size_t i, int fallback) {
    for (size_t j = i + 1; j < p->nsteps; j++)
        if (p->step[j].kind != MPS_STEP_ONE) return p->step[j].lo;
    return fallback;
}

static plt_status run_step(const mps_prog *p, size_t i, mps *s, double theta,
                           const mps_trunc *t) {
    const mps_step *st = &p->step[i];
    mps_cplx g[16], pm[3][4];
    const double c = cos(theta / 2), sn = sin(theta / 2);
    switch (st->kind) {
    case MPS_STEP_ONE:
        if (!st->rot) {
            mps_apply1(s, st->lo, st->u);
            return PLT_OK;
        }
        mps_pauli_matrix(st->letters[0], pm[0]);
        for (int k = 0; k < 4; k++) g[k] = (k == 0 || k == 3 ? c : 0) - I * sn * pm[0][k];
        mps_apply1(s, st->lo, g);
        return PLT_OK;
    case MPS_STEP_TWO: {
        const mps_cplx *m = st->u;
        if (st->rot) {
            mps_pauli_matrix(st->letters[0], pm[0]);
            mps_pauli_matrix(st->letters[1], pm[1]);
            for (int r = 0; r < 4; r++)
                for (int q = 0; q < 4; q++)
                    g[4 * r + q] = (r == q ? c : 0) -
                                   I * sn * pm[0][2 * (r & 1) + (q & 1)] * pm[1][2 * (r >> 1) + (q >> 1)];
            m = g;
        }
        return mps_apply2(s, st->lo, m, t, next_lo(p, i, st->lo) <= st->lo);
    }
    case MPS_STEP_MPO: {
        const int span = st->hi - st->lo + 1;
        const int nt = st->rot ? 2 : st->nterms;
        const mps_cplx **ops = calloc((size_t)nt * span, sizeof *ops);
        mps_cplx(*pauli)[4] = st->rot ? malloc((size_t)span * sizeof *pauli) : NULL;
        plt_status rc = ops && (!st->rot || pauli) ? PLT_OK : plt_fail_nomem("mps: an MPO");
        if (!rc && st->rot) {
            /* Term 0: cos I; term 1: -i sin P (the scalars on the first site). */
            for (int k = 0; k < 4; k++) pm[0][k] = k == 0 || k == 3 ? c : 0;
            ops[0] = pm[0];
            for (int j = 0; j < span; j++) {
                mps_pauli_matrix(st->letters[j], pauli[j]);
                if (j == 0)
                    for (int k = 0; k < 4; k++) pauli[0][k] *= -I * sn;
                ops[span + j] = j == 0 || st->letters[j] != 'I' ? pauli[j] : NULL;
            }
        } else if (!rc) {
            for (int k = 0; k < nt; k++) {
                ops[(size_t)k * span] = st->x[k];
                ops[(size_t)k * span + span - 1] = st->y[k];
            }
        }
        if (!rc) rc = mps_apply_mpo(s, st->lo, st->hi, nt, ops, t);
        free(ops);
        free(pauli);
        return rc;
    }
    }
    return plt_fail(PLT_EINTERNAL, "mps: unknown step kind");
}

plt_status mps_prog_run(const mps_prog *p, mps *s, size_t from, size_t to, const double *params,
                        size_t shift_step, double shift, const mps_trunc *t) {
    const int report = p->progress_fn && !omp_in_parallel();
    for (size_t i = from; i < to; i++) {
        if (report && i % 16 == 0) {
            plt_progress pr = {"mps", (double)i, (double)p->nsteps};
            if (p->progress_fn(p->progress_ctx, &pr))
                return plt_fail(PLT_EINTERRUPTED, "mps stopped at op %zu of %zu", i, p->nsteps);
        }
        const mps_step *st = &p->step[i];
        double theta = 0;
        if (st->rot) theta = (st->param >= 0 ? st->a * params[st->param] : 0) + st->b;
        if (i == shift_step) theta += shift;
        plt_status rc = run_step(p, i, s, theta, t);
        if (rc) return rc;
    }
    return PLT_OK;
}
