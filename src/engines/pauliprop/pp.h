/* pauliprop internals: the term table, the compiled steps, truncation and the plan.
 *
 * Heisenberg picture: the observable O is carried backwards through the ops,
 * O <- G^dag O G, and the loss is the overlap of the final sum with the state.
 * Terms are kept in a table specialised for speed: dense arrays in insertion
 * order plus the Pauli-string index (pauli/pw_index.h). Kernels take the word
 * count nw as a parameter and are instantiated for nw = 1 and 2 (the compiler
 * unrolls the word loops) and for any nw. */
#ifndef PLT_ENGINES_PAULIPROP_PP_H
#define PLT_ENGINES_PAULIPROP_PP_H

#include <stddef.h>
#include <stdint.h>

#include "circuit/tableau.h"
#include "pauli/pstring.h"
#include "pauli/pw_index.h"
#include "plateau/engine.h"

#define PP_INLINE static inline __attribute__((always_inline))
#define PP_NONE SIZE_MAX
/* Term counts above which the loops over terms are split across threads. */
#ifndef PP_PAR_MIN
#define PP_PAR_MIN 131072
#endif
/* Lower thresholds for the loops whose work per term is larger (composed Clifford runs,
 * fused rotation layers): they pay for a thread team at a few thousand terms. A layer of
 * fewer input strings ends sooner on one thread: with OMP_WAIT_POLICY=passive each parallel
 * region wakes sleeping threads (tens of microseconds), which made case A (layers of up to a
 * few hundred strings) 4x slower on two threads at 512. */
#ifndef PP_PAR_MIN_CLIFF
#define PP_PAR_MIN_CLIFF 4096
#endif
#ifndef PP_PAR_MIN_LAYER
#define PP_PAR_MIN_LAYER 2048
#endif

/* Sums over n terms are made by blocks whose partial sums are added in order: the blocks are
 * fixed by n alone, so that a loss or gradient does not depend on the thread count (one
 * block, the plain sum, up to PP_PAR_MIN terms). Block b is [n b / nb, n (b+1) / nb). */
enum { PP_SUM_BLOCKS = 64 };
static inline int pp_sum_blocks(size_t n) { return n > PP_PAR_MIN ? PP_SUM_BLOCKS : 1; }

/* Expectation of a string (x plane, then z) in a basis state (qubits in |1> in bz): 0 with an
 * X or Y factor, else (-1)^{#Z on qubits in |1>}. Branch-free: whether a string has an X or Y
 * is a coin flip the predictor misses. */
PP_INLINE double pp_ev_basis(const uint64_t *k, const uint64_t *bz, int nw) {
    uint64_t xs = 0, par = 0;
    for (int w = 0; w < nw; w++) {
        xs |= k[w];
        par ^= k[nw + w] & bz[w];
    }
    return (double)((xs == 0) * (1 - 2 * (int)(__builtin_popcountll(par) & 1)));
}

/* Expectation in a product state: the product of the Bloch components (bloch[3q..3q+2]: X,
 * Y, Z of qubit q). */
PP_INLINE double pp_ev_product(const uint64_t *k, const double *bloch, int nw) {
    double v = 1.0;
    for (int w = 0; w < nw && v != 0.0; w++) {
        uint64_t m = k[w] | k[nw + w];
        while (m) {
            int b = __builtin_ctzll(m);
            m &= m - 1;
            int q = 64 * w + b;
            unsigned x = (unsigned)(k[w] >> b) & 1u, z = (unsigned)(k[nw + w] >> b) & 1u;
            /* (x,z): (1,0) X, (1,1) Y, (0,1) Z */
            v *= bloch[3 * q + (x ? (z ? 1 : 0) : 2)];
        }
    }
    return v;
}

/* ---------- the term table ---------- */

typedef struct pp_table {
    int nw;            /* words per plane */
    int tf, ts;        /* freq / sprod tracked */
    size_t count, cap;
    uint64_t *keys;    /* 2*nw words per term: x plane then z plane */
    double *coef;      /* real: observables are Hermitian and every stored string is */
    uint16_t *freq;    /* sin factors on the path, min over merged paths; NULL untracked */
    double *sprod;     /* product of |sin| on the path, max over merged paths; NULL untracked */
    plt_pw_index index; /* term numbers by key (pauli/pw_index.h) */
    int indexed;       /* 0 after keys changed in place or terms were removed */
} pp_table;

void pp_table_init(pp_table *t, int nw, int track_freq, int track_sprod);
/* bytes for a table's arrays (freed with free): from `from` bytes (and 2 MB) aligned to and
 * marked for transparent huge pages where the system has them, since fresh tables are
 * otherwise faulted in 4 KB at a time (from every thread at once: case C on two threads spent
 * more time in page faults than in the layer). */
void *pp_big_alloc(size_t bytes, size_t from);
void pp_table_free(pp_table *t);
/* Room for cap terms: a table with terms grows by realloc, an empty one of 16 MB or more an
 * array gets fresh pp_big_alloc arrays. */
plt_status pp_table_reserve(pp_table *t, size_t cap);
/* Empties t with room for cap terms (fresh arrays when it grows, on huge pages from 4 MB an
 * array: the layers' few long-lived buffers). */
plt_status pp_table_fresh(pp_table *t, size_t cap);
/* Rebuilds the index (after in-place key changes); no-op when already indexed. */
plt_status pp_table_index(pp_table *t);
/* Same with up to `threads` threads. */
plt_status pp_table_index_par(pp_table *t, int threads);
/* Adds terms [from, count) to the index (threads may share the work); their keys must be
 * absent from it and distinct from each other. */
void pp_table_index_range(pp_table *t, size_t from, int threads);
/* Position of key, or PP_NONE; t must be indexed. */
size_t pp_table_find(const pp_table *t, const uint64_t *key);
/* Adds coef to key (merging freq by min and sprod by max) or appends it; keeps the index. */
plt_status pp_table_add(pp_table *t, const uint64_t *key, double coef, unsigned freq,
                        double sprod);
/* dst = src (arrays only; dst's index is rebuilt on demand). */
plt_status pp_table_copy(pp_table *dst, const pp_table *src);
/* Keeps the terms with keep[i] != 0, in order; invalidates the index. */
void pp_table_compact(pp_table *t, const unsigned char *keep);

/* A key's hash: the library's Pauli-string hash of its x and z planes. */
PP_INLINE uint64_t pp_hash(const uint64_t *k, int nw) { return plt_pw_hash(k, k + nw, nw); }

PP_INLINE int pp_keq(const uint64_t *a, const uint64_t *b, int nw) {
    return plt_pw_key_equal(a, b, b + nw, nw);
}

PP_INLINE int pp_weight(const uint64_t *k, int nw) {
    int c = 0;
    for (int w = 0; w < nw; w++) c += __builtin_popcountll(k[w] | k[nw + w]);
    return c;
}

/* pp_table_find for a known word count (inlined in the kernels). */
PP_INLINE size_t pp_find_nw(const pp_table *t, const uint64_t *key, int nw) {
    return plt_pw_index_find(&t->index, t->keys, nw, key, key + nw);
}

/* ---------- compiled steps ---------- */

/* PP_QROT: a constant rotation by a multiple of pi/2 (quarter turns in `quarter`), a Clifford
 * that maps each string to one signed string, so it never branches (RZZ(-pi/2) of the
 * kicked-Ising circuit). */
typedef enum pp_kind { PP_CLIFF, PP_ROT, PP_QROT } pp_kind;

typedef struct pp_step {
    pp_kind kind;
    int nq;             /* qubits touched: Clifford 1 or 2 */
    int q[2];
    /* Clifford: image of local string i (bits x0 z0 x1 z1 from bit 0 up) and its sign (the
     * gate's plt_gate_map heis, heis_neg). */
    uint8_t out[16];
    uint16_t neg;
    size_t gen;         /* rotation: offset of its 2*nw generator words in plan->gens */
    int param;          /* rotation: theta = a*params[param] + b, or b when param < 0 */
    double a, b;
    int quarter;        /* PP_QROT: angle = quarter * pi/2, 0..3 */
} pp_step;

/* ---------- settings and the ladder (pp_ladder.c) ---------- */

enum {
    PP_SET_MAX_WEIGHT,
    PP_SET_MIN_ABS,
    PP_SET_MAX_TERMS,
    PP_SET_MAX_FREQ,
    PP_SET_SMALL_ANGLE,
    PP_SET_MAX_WORK,
    PP_NSETTINGS
};
extern const plt_setting_info pp_settings[PP_NSETTINGS];
/* The engine's estimate (pauliprop.c) and ladder op (plt_engine_ops). */
plt_status pp_estimate_op(const plt_model *m, const plt_opts *o, plt_cost *cost);
plt_status pp_ladder_op(const plt_model *m, const plt_opts *o, size_t step, double allowance,
                        plt_settings *s, plt_cost *cost);

/* ---------- truncation and statistics ---------- */

typedef struct pp_trunc {
    int max_weight;     /* 0 = off */
    double min_abs;
    size_t max_terms;
    int max_freq;
    double small_angle;
    double max_work;    /* stop (PLT_ETOOBIG) once acc.work exceeds it; 0 = off */
    double noise;       /* depolarising probability on each qubit an op touches, after the op */
    double dephase;     /* dephasing probability on the same qubits (X, Y damped by 1 - 2p) */
    int threads;        /* OpenMP threads, > 0 */
} pp_trunc;

typedef struct pp_acc {
    double dropped_w2;
    double dropped_l1;  /* sum of |c| dropped: bounds the loss error */
    size_t dropped_n;
    size_t peak;
    double work;        /* sum over ops of pp_op_work(terms held) */
} pp_acc;

/* Fixed work of one op, in terms: its dispatch and index upkeep cost about as much as
 * processing this many terms, which a near-empty table makes visible. */
#define PP_OP_WORK 64.0

/* Work of one op over a table of `held` terms, in units of one in-cache term pass: a table
 * past the caches pays a memory miss per new term (16 units measured on qcnn at 64 qubits:
 * 90 ns per term and op at 3.6e5 terms against 2.5 ns at 1e3). Counts only, so the same on
 * every machine. */
static inline double pp_op_work(double held) {
    return (held < 4096 ? held : held < 65536 ? 4 * held : 16 * held) + PP_OP_WORK;
}

/* Scratch shared by the steps (one per plan). */
typedef struct pp_scratch {
    size_t cap;
    uint64_t *keys;
    double *coef;
    unsigned char *flag;
    uint16_t *freq;
    double *sprod;
    double *absv;
} pp_scratch;

plt_status pp_scratch_reserve(pp_scratch *s, size_t n, int nw);
void pp_scratch_free(pp_scratch *s);

/* Applies step st backwards to t (t <- G^dag t G), then the truncations. */
plt_status pp_step_apply(pp_table *t, const pp_step *st, const uint64_t *gen, double theta,
                         const pp_trunc *tr, pp_scratch *sc, pp_acc *acc);
/* A run [lo, hi) whose steps all pass pp_step_x_inert, as lists of its steps by qubit: the
 * steps on qubit q are lo + qstep[qoff[q] .. qoff[q+1]), in descending order. */
typedef struct pp_xrun {
    uint32_t *qoff;
    uint32_t *qstep;
} pp_xrun;
/* 1 when step st (not a PP_ROT) keeps the X/Y positions of every string and leaves a string
 * with no X or Y on its qubits unchanged (diagonal gates, Z-type quarter turns). */
int pp_step_x_inert(const pp_step *st, const uint64_t *gens, int nw);
/* Applies steps [lo, hi) backwards (hi - 1 first), none a PP_ROT, in one pass over the terms;
 * the same terms and truncations as applying them one by one. */
plt_status pp_steps_clifford(pp_table *t, const pp_step *steps, size_t lo, size_t hi,
                             const uint64_t *gens, const pp_trunc *tr, pp_scratch *sc,
                             pp_acc *acc);
/* Same; with xr (non-NULL, ignored under noise) each term visits only the steps on its X/Y
 * qubits, which are the only ones that can change it. */
plt_status pp_steps_clifford_x(pp_table *t, const pp_step *steps, size_t lo, size_t hi,
                               const uint64_t *gens, const pp_trunc *tr, const pp_xrun *xr,
                               pp_scratch *sc, pp_acc *acc);
/* Drops the terms failing min_abs / max_weight, then keeps the max_terms largest. */
plt_status pp_truncate(pp_table *t, const pp_trunc *tr, pp_scratch *sc, pp_acc *acc,
                       int check_weight);
/* Same, skipping the min_abs scan when no coefficient can have shrunk (check_abs = 0). */
plt_status pp_truncate2(pp_table *t, const pp_trunc *tr, pp_scratch *sc, pp_acc *acc,
                        int check_weight, int check_abs);
/* 1 when the sin branch of coefficient bc from a term (freq f, sprod sp) passes the predicate. */
PP_INLINE int pp_branch_keep(const pp_trunc *tr, double bc, int weight, unsigned f, double sp,
                             double abs_s) {
    if (tr->max_weight > 0 && weight > tr->max_weight) return 0;
    if (tr->min_abs > 0 && __builtin_fabs(bc) < tr->min_abs) return 0;
    if (tr->max_freq > 0 && (int)f + 1 > tr->max_freq) return 0;
    if (tr->small_angle > 0 && sp * abs_s < tr->small_angle) return 0;
    return 1;
}

/* 1 when an op's noise can change a coefficient. */
PP_INLINE int pp_noisy(const pp_trunc *tr) { return tr->noise > 0 || tr->dephase > 0; }

/* Damping factor (1-p)^k (1-2d)^m of the channels after a Clifford op for a term with k
 * non-identity and m X or Y factors on the op's qubits (p = tr->noise, d = tr->dephase). */
double pp_noise_factor(const pp_step *st, const uint64_t *key, int nw, const pp_trunc *tr);

/* Reverse (adjoint) step: given T_in (the table before the step), T_out (after it,
 * indexed) and A_out (d loss / d coefficient of T_out), writes A_in and returns
 * d loss / d theta in *dtheta (0 for a Clifford). */
plt_status pp_step_adjoint(const pp_table *tin, const pp_table *tout, const double *aout,
                           double *ain, const pp_step *st, const uint64_t *gen, double theta,
                           const pp_trunc *tr, double *dtheta);

/* ---------- composed Clifford runs (pp_tableau.c) ---------- */

/* Steps [lo, hi) (none a PP_ROT) composed into one map, compiled for applying to every term
 * (circuit/tableau.h). */
typedef struct pp_tab {
    size_t lo, hi;
    plt_tableau_images im;
    pp_xrun xr;         /* instead of im (im.img NULL): a run of x-inert steps, for max_weight > 0 */
    int borrowed;       /* the arrays belong to an earlier tableau of an identical run */
} pp_tab;

plt_status pp_tab_build(pp_tab *tb, int n, int nw, const pp_step *steps, size_t lo, size_t hi,
                        const uint64_t *gens);
void pp_tab_free(pp_tab *tb);
/* 1 when steps [a, a+len) and [b, b+len) are the same ops (their tableaux are equal). */
int pp_steps_equal(const pp_step *steps, const uint64_t *gens, int nw, size_t a, size_t b,
                   size_t len);
/* The lists of a run of x-inert steps (tb->im.img stays NULL). */
plt_status pp_xrun_build(pp_tab *tb, int n, int nw, const pp_step *steps, size_t lo, size_t hi,
                         const uint64_t *gens);
/* Applies the run to every term: the same strings and signs as pp_steps_clifford when nothing
 * can be dropped inside the run (no noise, no max_weight). Invalidates the index. */
plt_status pp_tab_apply(pp_table *t, const pp_tab *tb, int threads);

/* ---------- fused rotation layers (pp_layer.c) ---------- */

/* A layer's working space (output blocks, class lists, per-thread scratch), kept between
 * layers: pp_layer_apply creates it in *ws on first use (ws NULL: a temporary one). */
typedef struct pp_layer_ws pp_layer_ws;
void pp_layer_ws_free(pp_layer_ws *ws);

/* The lowest j >= to such that steps [j, k) are PP_ROT steps with single-qubit generators on
 * distinct qubits (a layer; k - j may be 1). */
size_t pp_layer_lo(const pp_step *steps, const uint64_t *gens, int nw, size_t k, size_t to);
/* Applies the layer [lo, hi) backwards (hi - 1 first) in one pass over the terms: the same
 * terms, coefficients and dropped weight as pp_step_apply one rotation at a time (not the same
 * order of terms). Requires no noise and no max_terms (which act on the whole table between
 * rotations). PLT_ETOOBIG when more than max_count terms would be held. Invalidates the index. */
plt_status pp_layer_apply(pp_table *t, const pp_step *steps, size_t lo, size_t hi,
                          const uint64_t *gens, const double *params, const pp_trunc *tr,
                          pp_acc *acc, size_t max_count, pp_layer_ws **ws);
/* The layer as the last group of a propagation: the overlap of its output with a basis state
 * (bloch NULL; qubits in |1> in basis_z) or a product state (Bloch vectors) in *loss, and its
 * number of terms in *count, without storing the output: the same terms, drops and statistics
 * as pp_layer_apply, and the same value bit for bit as pp_overlap of its output (each term's
 * product summed in the order and blocks pp_overlap uses). t is left as it was. */
plt_status pp_layer_overlap(const pp_table *t, const pp_step *steps, size_t lo, size_t hi,
                            const uint64_t *gens, const double *params, const pp_trunc *tr,
                            pp_acc *acc, size_t max_count, pp_layer_ws **ws,
                            const uint64_t *basis_z, const double *bloch, double *loss,
                            size_t *count);
/* Reverse (adjoint) of the layer [lo, hi): given T_in (the table before it), T_out (the table
 * pp_layer_apply made from T_in) and A_out (d loss / d coefficient of T_out), writes A_in
 * and d loss / d theta of each rotation in dtheta[0 .. hi - lo) (by step, lo first). Each
 * class is replayed as the forward ran it (the same truncation decisions), recording where
 * every part went, then swept backwards. T_out may get indexed. */
plt_status pp_layer_adjoint(const pp_table *tin, pp_table *tout, const double *aout, double *ain,
                            const pp_step *steps, size_t lo, size_t hi, const uint64_t *gens,
                            const double *params, const pp_trunc *tr, double *dtheta);

/* ---------- the plan ---------- */

typedef struct pp_plan {
    int n, nw, nparams;
    size_t nsteps;
    pp_step *steps;     /* preparation ops first, then the circuit's */
    uint64_t *gens;
    pp_table obs;
    pp_trunc tr;
    int exact;
    int threads;
    plt_progress_fn progress_fn; /* may be NULL: called once per block of ops */
    void *progress_ctx;
    double max_memory;
    /* overlap with the initial state */
    int product;        /* 1: Bloch vectors in bloch[3q..3q+2], else a basis state */
    uint64_t *basis_z;  /* nw words: qubits in state |1> */
    double *bloch;
    const struct plt_shadows *shadows; /* SHADOWS state: estimates from the data */
    /* Estimates already made from the shadows, keyed by string: an estimate costs a pass
     * over every shot and training re-asks the same strings at every step. */
    struct plt_psum *shadow_cache;
    const double *amps;  /* a vector state's 2^n amplitudes (borrowed from the model), or NULL */
    const plt_state *table; /* a TABLE state (borrowed from the model), or NULL */
    pp_tab *tabs;       /* composed Clifford runs by increasing lo (none when unusable) */
    size_t ntabs;
    pp_table work;
    pp_scratch sc;
    pp_layer_ws *lws;  /* the layers' working space, kept between calls */
    pp_acc acc;
    /* Gradient checkpoints at every grad_spacing-th group of ops (tests); 0: at every group
     * while grad_budget bytes (0: a quarter of max_memory) hold them, then about
     * sqrt(groups) apart. */
    size_t grad_spacing;
    double grad_budget;
} pp_plan;

/* Overlap of the table's sum with the initial state; ev[i] (when non-NULL) receives each
 * term's expectation. */
double pp_overlap(const pp_plan *p, const pp_table *t, double *ev);
/* pp_overlap into *out; fails, naming the string, when a table of measured values lacks a
 * term's string. */
plt_status pp_overlap_checked(const pp_plan *p, const pp_table *t, double *ev, double *out);

/* The first step of the group of ops that pp_propagate applies at once (a layer of
 * rotations, a run of Cliffords, or one op) ending at step k, going no lower than to. */
size_t pp_group_lo(const pp_plan *p, size_t k, size_t to);
/* The end of the composed Clifford run that starts at step lo, when pp_propagate applies it
 * as one tableau pass (which keeps the terms in their order), else lo. */
size_t pp_tab_run_end(const pp_plan *p, size_t lo);
/* Loss with the gradient by reverse mode over the propagation with checkpoints. */
plt_status pp_gradient(pp_plan *p, const double *params, double *loss, double *grad);
/* Loss only: propagates p->obs into p->work. */
plt_status pp_propagate(pp_plan *p, const double *params, size_t from, size_t to,
                        pp_table *t);

#endif
