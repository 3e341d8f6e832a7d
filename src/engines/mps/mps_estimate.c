/* mps's settings, its cost model and its ladder. The estimate replays the circuit on bond
 * dimensions only: an op of operator-Schmidt rank r (2 for a Pauli rotation of any weight, CZ,
 * CX; up to 4 for SWAP or a general unitary) multiplies every bond inside its support by r,
 * capped by 2^min(left, right) and by max-bond. The work of each QR, SVD and zgemm at those
 * sizes, over the mps_flop rate, is the time; the largest tensors are the memory. Nothing large
 * is allocated. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plateau/rates.h"
#include "core/error.h"
#include "core/mem.h"
#include "engines/mps/mps.h"
#include "pauli/pstring.h"

const plt_setting_info mps_settings[MPS_NSETTINGS] = {
    [MPS_SET_MAX_BOND] = {"max-bond", PLT_SETTING_INT, 256, 1, 65536, "D",
                          "mps: keep at most D singular values per bond"},
    [MPS_SET_CUTOFF] = {"cutoff", PLT_SETTING_REAL, 0, 0, 1, "W",
                        "mps: drop the smallest singular values of each SVD while their squared "
                        "sum is at most W times the total (0 = numerical zeros only)"},
};

void mps_trunc_from(const plt_opts *o, mps_trunc *t) {
    const plt_settings *s = o ? o->settings : NULL;
    t->max_bond = (int)plt_settings_value(s, &mps_settings[MPS_SET_MAX_BOND]);
    t->cutoff = plt_settings_value(s, &mps_settings[MPS_SET_CUTOFF]);
}

/* Flop counts of the dense kernels on an m x n matrix (complex: 8 real flops a multiply-add),
 * plus each call's fixed cost in flops: at bond 8 (16 x 16 thetas) a two-site gate took 55 us
 * of wall time on a loaded machine, about twice its flops over the default rate (200 qubits,
 * 40,000 CZs); the rate's margin covers the rest. */
static double flops_gemm(double m, double n, double k) { return 8 * m * n * k + 5e3; }
static double flops_qr(double m, double n) { return 16 * m * n * fmin(m, n) + 2e4; }
static double flops_svd(double m, double n) { return 48 * m * n * fmin(m, n) + 5e4; }

typedef struct replay {
    int n;
    double *bond;  /* bond[c]: between sites c and c + 1 (c < n - 1) */
    double *need;  /* the same without max-bond */
    double flops, peak_site, state_bytes, max_theta;
    double svds_cut; /* SVDs whose result max-bond caps */
    double shortfall; /* sum over those of sqrt(1 - kept / needed) (flat spectrum) */
    int center;
} replay;

static double dl_of(const replay *r, int k) { return k > 0 ? r->bond[k - 1] : 1; }
static double dr_of(const replay *r, int k) { return k < r->n - 1 ? r->bond[k] : 1; }
static double cap_of(const replay *r, int c) {
    int side = c + 1 < r->n - c - 1 ? c + 1 : r->n - c - 1;
    return side >= 1000 ? INFINITY : ldexp(1.0, side);
}

static void move_center(replay *r, int k) {
    for (; r->center < k; r->center++)
        r->flops += flops_qr(2 * dl_of(r, r->center), dr_of(r, r->center)) +
                    flops_gemm(dr_of(r, r->center), 2 * dr_of(r, r->center + 1),
                               dr_of(r, r->center));
    for (; r->center > k; r->center--)
        r->flops += flops_qr(dl_of(r, r->center), 2 * dr_of(r, r->center)) +
                    flops_gemm(2 * dl_of(r, r->center - 1), dl_of(r, r->center),
                               dl_of(r, r->center));
}

/* Bond c after an op of rank `rank` across it. */
static void grow(replay *r, int c, int rank, double max_bond, double limit) {
    double need = fmin(r->need[c] * rank, cap_of(r, c));
    double got = fmin(fmin(r->bond[c] * rank, cap_of(r, c)), limit);
    r->need[c] = need;
    if (got > max_bond) {
        r->svds_cut += 1;
        r->shortfall += sqrt(fmax(0, 1 - max_bond / got));
        got = max_bond;
    }
    r->bond[c] = got;
}

static void replay_step(replay *r, const mps_step *s, int next_lo, double max_bond) {
    if (s->kind == MPS_STEP_ONE) {
        r->flops += 32 * dl_of(r, s->lo) * dr_of(r, s->lo);
        return;
    }
    if (s->kind == MPS_STEP_TWO) {
        move_center(r, r->center <= s->lo ? s->lo : s->lo + 1);
        double dl = dl_of(r, s->lo), dm = r->bond[s->lo], dr = dr_of(r, s->lo + 1);
        r->flops += flops_gemm(2 * dl, 2 * dr, dm) + flops_svd(2 * dl, 2 * dr);
        r->max_theta = fmax(r->max_theta, 4 * dl * dr);
        grow(r, s->lo, s->rank, max_bond, fmin(2 * dl, 2 * dr));
        r->center = next_lo <= s->lo ? s->lo : s->lo + 1;
        return;
    }
    move_center(r, s->lo);
    const int rank = s->rot ? 2 : s->nterms;
    for (int j = s->lo; j < s->hi; j++) { /* QR sweep over the grown tensors */
        double dl = dl_of(r, j) * (j > s->lo ? rank : 1), dr = r->bond[j] * rank;
        r->flops += flops_qr(2 * dl, dr) + flops_gemm(dr, 2 * dr_of(r, j + 1) * rank, dr);
        r->max_theta = fmax(r->max_theta, 2 * dl * dr);
    }
    for (int j = s->hi; j > s->lo; j--) { /* SVD sweep */
        double dl = r->bond[j - 1] * rank, dr = dr_of(r, j);
        r->flops += flops_svd(dl, 2 * dr) + flops_gemm(2 * dl_of(r, j - 1), dl, dl);
    }
    for (int c = s->lo; c < s->hi; c++) grow(r, c, rank, max_bond, INFINITY);
    r->center = s->lo;
}

/* The expectation: the center sweeps to each term's first site; each site of a term's support
 * costs two zgemms of its bond size. */
static plt_status replay_expect(replay *r, const plt_psum *obs) {
    plt_pstring *p = NULL;
    plt_status st = plt_pstring_new(r->n, &p);
    double worst = 0;
    for (size_t i = 0; i < plt_psum_nterms(obs) && !st; i++) {
        double re, im;
        if ((st = plt_psum_term(obs, i, p, &re, &im))) break;
        int a = -1, b = -1;
        for (int q = 0; q < r->n; q++)
            if (plt_pstring_get(p, q) != 'I') {
                if (a < 0) a = q;
                b = q;
            }
        for (int k = a; a >= 0 && k <= b; k++) {
            double dl = dl_of(r, k), dr = dr_of(r, k);
            r->flops += flops_gemm(dl, 2 * dr, dl) + flops_gemm(dr, dr, 2 * dl);
        }
        worst = fmax(worst, a < 0 ? 0 : a);
    }
    move_center(r, 0);
    move_center(r, (int)worst);
    plt_pstring_free(p);
    return st;
}

/* The replay walks every site an op reaches: past this many in all, the estimate declines
 * (about a second of replay; a plan would sweep as many tensors, each far costlier). */
#define MPS_ESTIMATE_MAX_SITES 1e8

/* Sum over the ops of the sites from their first to their last qubit. */
static double op_sites(const plt_circuit *c) {
    double sites = 0;
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        int lo = op->q[0], hi = op->q[0];
        if (op->kind == PLT_OP_ROTATION) {
            const plt_pstring *g = op->gen;
            lo = -1;
            for (int w = 0; w < g->nw; w++) {
                uint64_t b = g->x[w] | g->z[w];
                if (!b) continue;
                if (lo < 0) lo = 64 * w + __builtin_ctzll(b);
                hi = 64 * w + 63 - __builtin_clzll(b);
            }
            if (lo < 0) lo = hi = 0;
        } else if (op->nq == 2) {
            lo = op->q[0] < op->q[1] ? op->q[0] : op->q[1];
            hi = op->q[0] < op->q[1] ? op->q[1] : op->q[0];
        }
        sites += hi - lo + 1;
    }
    return sites;
}

/* Replays the model at max-bond `max_bond`; fills cost (seconds of a loss without gradient). */
static plt_status replay_model(const plt_model *m, const plt_opts *o, double max_bond,
                               plt_cost *cost, double *need_max) {
    const plt_circuit *c = m->circuit;
    const int n = plt_circuit_nqubits(c);
    const size_t nops = plt_circuit_nops(c);
    const double reach = op_sites(c);
    if (reach > MPS_ESTIMATE_MAX_SITES)
        return plt_fail(PLT_EUNSUPPORTED, "the circuit's %zu ops reach %.3g sites in all (each op "
                        "from its first to its last qubit), over the %.3g the mps estimate "
                        "replays: an mps plan would sweep as many tensors; use another engine",
                        nops, reach, MPS_ESTIMATE_MAX_SITES);
    replay r = {.n = n};
    int *next = malloc((nops ? nops : 1) * sizeof *next);
    mps_step *steps = calloc(nops ? nops : 1, sizeof *steps);
    r.bond = malloc((size_t)(n > 1 ? n - 1 : 1) * sizeof *r.bond);
    r.need = malloc((size_t)(n > 1 ? n - 1 : 1) * sizeof *r.need);
    plt_status st = next && steps && r.bond && r.need ? PLT_OK
                                                      : plt_fail_nomem("mps: the estimate");
    for (int k = 0; k + 1 < n; k++) r.bond[k] = r.need[k] = 1;
    for (size_t i = 0; i < nops && !st; i++) st = mps_compile_op(plt_circuit_op(c, i), &steps[i]);
    if (!st) mps_order_steps(steps, nops, n);
    int lo = 0;
    for (size_t i = nops; i-- > 0 && !st;) {
        next[i] = lo;
        if (steps[i].kind != MPS_STEP_ONE) lo = steps[i].lo;
    }
    for (size_t i = 0; i < nops && !st; i++) replay_step(&r, &steps[i], next[i], max_bond);
    if (!st) st = replay_expect(&r, m->obs);
    if (st) goto done;
    double sites = 0, worst = 1;
    for (int k = 0; k < n; k++) sites += 2 * dl_of(&r, k) * dr_of(&r, k);
    for (int k = 0; k + 1 < n; k++) worst = fmax(worst, r.need[k]);
    *need_max = worst;
    const double dmax = fmin(worst, max_bond);
    /* The state, a copy for the expectation's stack of environments, and the scratch of the
     * largest SVD (theta, U, V, a copy, and the grown MPO tensors). */
    cost->bytes = 16 * (2 * sites + 6 * fmax(r.max_theta, 4 * dmax * dmax)) + 4096.0 * n;
    cost->seconds = r.flops / plt_rate(PLT_RATE_MPS_FLOP);
    cost->exactness = r.svds_cut > 0 ? PLT_BOUNDED : PLT_EXACT;
    cost->error = 0;
    if (r.svds_cut > 0) {
        /* An estimate, not a bound: each capped SVD is assumed to drop the weight of a flat
         * spectrum, 1 - kept/needed, the worst case for random circuits. */
        cost->error = mps_value_bound(r.shortfall, 1, plt_psum_one_norm(m->obs));
    }
    const double cutoff = plt_settings_value(o->settings, &mps_settings[MPS_SET_CUTOFF]);
    if (cutoff > 0 && cost->exactness == PLT_EXACT) cost->exactness = PLT_BOUNDED;
done:
    for (size_t i = 0; i < nops; i++) free(steps ? steps[i].letters : NULL);
    free(steps);
    free(next);
    free(r.bond);
    free(r.need);
    return st;
}

plt_status mps_estimate_op(const plt_model *m, const plt_opts *o, plt_cost *cost) {
    const int n = plt_circuit_nqubits(m->circuit);
    plt_status st = mps_initial_state(m, n, NULL);
    if (st) return st;
    mps_trunc t;
    mps_trunc_from(o, &t);
    double need;
    if ((st = replay_model(m, o, t.max_bond, cost, &need))) return st;
    if (!o->losses_only) {
        /* The contract's time is of a loss with its gradient: two shifted runs per
         * parameterised rotation, each of the suffix after it (mps_grad.c), so about one
         * forward run per rotation on average. */
        size_t shifted = 0;
        for (size_t i = 0; i < plt_circuit_nops(m->circuit); i++) {
            const plt_op *op = plt_circuit_op(m->circuit, i);
            shifted += op->kind == PLT_OP_ROTATION && op->param >= 0;
        }
        cost->seconds *= 1 + (double)shifted;
    }
    return plt_mem_check(cost->bytes, o->max_memory, "the mps engine's tensors");
}

/* Step k: max-bond 8 * 2^k; the last step is the first that caps no bond (exact). */
plt_status mps_ladder_op(const plt_model *m, const plt_opts *o, size_t step, double allowance,
                         plt_settings *s, plt_cost *cost) {
    const int n = plt_circuit_nqubits(m->circuit);
    plt_status st = mps_initial_state(m, n, NULL);
    if (st) return st;
    if (step > 13)
        return plt_fail(PLT_EUNSUPPORTED, "mps has no bond dimension beyond %d", 8 << 13);
    const double bond = ldexp(8.0, (int)step);
    double need;
    plt_opts with = *o;
    with.settings = s;
    if (step > 0) {
        plt_cost prev;
        if ((st = replay_model(m, &with, bond / 2, &prev, &need))) return st;
        if (need <= bond / 2)
            return plt_fail(PLT_EUNSUPPORTED, "mps's ladder ends at step %zu (max-bond %g caps "
                            "no bond of this circuit)", step, bond / 2);
    }
    if ((st = plt_settings_set(s, mps_settings[MPS_SET_MAX_BOND].name, bond))) return st;
    if ((st = replay_model(m, &with, bond, cost, &need))) return st;
    const double mem = o->max_memory > 0 ? o->max_memory : plt_mem_available();
    if (cost->seconds > allowance || cost->bytes > mem) {
        char need_b[32], have[32];
        return plt_fail(PLT_EUNSUPPORTED, "mps step %zu (max-bond %g) would take a predicted "
                        "%.3g s and %s, over the %.3g s allowed or the memory limit of %s",
                        step + 1, bond, cost->seconds, plt_mem_format(cost->bytes, need_b,
                        sizeof need_b), allowance > 0 ? allowance : 0,
                        plt_mem_format(mem, have, sizeof have));
    }
    return PLT_OK;
}
