/* Internal: moment propagation (plateau/moments.h). The math is in src/analysis/README. */
#ifndef PLT_ANALYSIS_MOMENTS_IMPL_H
#define PLT_ANALYSIS_MOMENTS_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "circuit/tableau.h"
#include "pauli/pstring.h"
#include "pauli/pw_index.h"
#include "plateau/engine.h"
#include "plateau/moments.h"

/* ---------- moments_dist.c: the angle's trigonometric moments ---------- */

/* For t = a p + b, p drawn from dist (a = 0: the constant angle b): E[cos t], E[sin t],
 * E[cos^2 t], E[sin^2 t], E[sin t cos t]. */
typedef struct mom_trig {
    double c, s, cc, ss, sc;
} mom_trig;

/* E[cos(a p)] = E[e^{i a p}] (the distribution is symmetric): sin(a w)/(a w) for uniform,
 * exp(-(a w)^2/2) for normal; exactly 0 when a w is a nonzero multiple of pi (uniform). */
double mom_char(const plt_param_dist *d, double a);
void mom_trig_of(const plt_param_dist *d, double a, double b, mom_trig *out);

/* ---------- string maps shared by the chain and the paths ---------- */

/* i P A = sign A' for A anticommuting with P = (px, pz): writes A' (x then z, nw words each)
 * to out and returns the sign (R_P(t)^dag A R_P(t) = cos t A + sin t (i P A)). */
static inline double mom_prime(int nw, const uint64_t *px, const uint64_t *pz,
                               const uint64_t *a, uint64_t *out) {
    const int ph = plt_pw_mul(px, pz, a, a + nw, out, out + nw, nw);
    return ((ph + 1) & 3) == 0 ? 1.0 : -1.0;
}

/* G^dag S G for the Clifford op on string s (in place); returns 1 for the sign -1. */
static inline int mom_clifford(const plt_op *op, uint64_t *s, int nw) {
    const plt_gate_map *m = plt_gate_map_get(op->gate);
    unsigned p = 0;
    for (int j = 0; j < m->nq; j++) {
        const int w = op->q[j] / 64, b = op->q[j] % 64;
        p |= (unsigned)((s[w] >> b) & 1) << (2 * j);
        p |= (unsigned)((s[nw + w] >> b) & 1) << (2 * j + 1);
    }
    if (!p) return 0;
    const unsigned to = m->heis[p];
    for (int j = 0; j < m->nq; j++) {
        const int w = op->q[j] / 64, b = op->q[j] % 64;
        s[w] = (s[w] & ~(1ULL << b)) | ((uint64_t)((to >> (2 * j)) & 1) << b);
        s[nw + w] = (s[nw + w] & ~(1ULL << b)) | ((uint64_t)((to >> (2 * j + 1)) & 1) << b);
    }
    return (m->heis_neg >> p) & 1;
}

/* ---------- moments_group.c: one parameter driving adjacent rotations ---------- */

#define MOM_GROUP_MAX 4
/* The g rotations at ops start .. start+g-1, all of one parameter. A branch pattern has one
 * base-3 digit per rotation j (at 3^j): 0 the string commuted (factor 1), 1 cos t_j, 2 sin t_j
 * (the string was primed). e1/d1: E[m], E[dm/dp]; e2/d2 (npat x npat): E[m1 m2],
 * E[m1' m2']. */
typedef struct mom_group {
    int g, npat;
    size_t start;
    double e1[81], d1[81];
    double *e2, *d2;
} mom_group;
plt_status mom_group_make(const plt_circuit *c, size_t start, int g, const plt_param_dist *d,
                          mom_group *out);
void mom_group_free(mom_group *gr);
/* The branches of side string S (2 nw words) through the group, last rotation first: strings
 * into buf (2 nw words each), signs and patterns; returns their number (<= 2^g). */
int mom_group_branches(const plt_circuit *c, const mom_group *gr, int nw, const uint64_t *S,
                       uint64_t *buf, double *sign, int *pat);

/* ---------- moments_state.c: <psi|Q|psi> for the chain's final strings ---------- */

typedef struct mom_state mom_state;
/* Prepares the overlap of state s (NULL: |0...0>) on n qubits: zero, basis, product, a
 * Clifford preparation circuit (a tableau), a state vector; PLT_EUNSUPPORTED otherwise. */
plt_status mom_state_new(const plt_state *s, int n, mom_state **out);
void mom_state_free(mom_state *ms);
/* <psi|Q|psi> for Q = (x, z), nw words each. */
double mom_state_expect(mom_state *ms, const uint64_t *x, const uint64_t *z);

/* ---------- moments_chain.c: chains of weighted strings or pairs of strings ---------- */

typedef enum mom_mode {
    MOM_FIRST, /* one string + tag: 0 = E[L], k+1 = E[dL/dp_k] for the k in need[] */
    MOM_PAIR,  /* an unordered pair + tag: 0 = E[L^2], 1 = sum_k E[(dL/dp_k)^2],
                * 2 = E[(dL/dp_0)^2] */
    MOM_MSE    /* an unordered pair + a mark per side (bit 0 first, bit 1 second): the side's
                * path passed a string heavier than max_weight */
} mom_mode;

/* One item: `r` strings (x then z plane, nw words each), then a tag word, padded to an even
 * number of words so that a key is the (x, z) of a pseudo-string of kw/2 words for the one
 * Pauli-word index (src/pauli/pw_index.h). */
typedef struct mom_table {
    size_t count, cap;
    uint64_t *keys;
    double *w;
    plt_pw_index ix;
} mom_table;

typedef struct mom_chain_in {
    const plt_circuit *c;
    const plt_psum *obs;
    const plt_param_dist *dist;
    mom_mode mode;
    int max_weight;       /* MOM_PAIR, MOM_FIRST: drop heavier strings (0 off); MOM_MSE: mark */
    size_t max_items;     /* keep the largest |w| past this (0: no cap) */
    double min_abs;       /* drop items with |w| below this after each op (0: off) */
    double max_memory;    /* bytes (> 0) */
    double max_work;      /* stop (out->stopped) once this much work is done (0: no limit) */
    const char *need;     /* MOM_FIRST: need[k] = 1 when E[dL/dp_k] is tracked (may be NULL) */
    plt_progress_fn progress_fn;
    void *progress_ctx;
} mom_chain_in;

typedef struct mom_chain_out {
    /* MOM_PAIR: sums of w <A><B> per tag; MOM_MSE: the (1,1)-marked mass; MOM_FIRST: tag 0 */
    double value[3];
    double dropped[3];    /* bounds on |exact - value| from dropped items, per tag */
    double dropped_mass;  /* total |w| dropped */
    double *grad_mean;    /* MOM_FIRST: E[dL/dp_k] per parameter (nparams, caller's) */
    double *grad_drop;    /* MOM_FIRST: bound on its error per parameter (caller's) */
    size_t max_items;
    double bytes;         /* peak bytes held */
    double work;          /* work units: children emitted x key words, plus items scanned x
                           * words / MOM_SCAN_SHARE (a scan is a commutation check) */
    int stopped;          /* max_work reached: ops_left ops were not applied */
    size_t ops_left;
    int mem_truncated;    /* items were dropped because the memory cap was reached */
} mom_chain_out;

/* A scanned item (one commutation check of nw words, no hashing) costs about 1/16 of a
 * pauliprop term-op word: 5.5e9 scanned words a second against 1e8 term-op words (the rate's
 * default, margin included) on hea-local at 256 qubits. */
#define MOM_SCAN_SHARE 16.0

/* Runs the chain. PLT_ETOOBIG when max_memory would be passed (before allocating it). */
plt_status mom_chain_run(const mom_chain_in *in, mom_state *st, mom_chain_out *out);

/* Bytes per item of a chain on n qubits in `mode` (key, weight, index slots, both buffers). */
double mom_item_bytes(int n, mom_mode mode);

/* ---------- moments_paths.c: Pauli-path sampling ---------- */

/* Unbiased estimates of E[L^2], sum_k E[(dL/dp_k)^2] / nparams and E[(dL/dp_0)^2] from
 * `paths` sampled paths each, with intervals at `level` (Hoeffding and empirical Bernstein,
 * each at half the error probability, intersected). */
plt_status mom_paths_run(const plt_circuit *c, const plt_psum *obs, const plt_param_dist *dist,
                         mom_state *st, size_t paths, double level, uint64_t seed,
                         plt_moment *l2, plt_moment *gsum, plt_moment *g0);

#endif
