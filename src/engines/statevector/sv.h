/* Internal: the dense state-vector engine.
 *
 * A state of n qubits is 2^n complex128 amplitudes, interleaved (re, im), qubit k
 * being bit k of the index. Every kernel works on an index range [b, e) of its
 * own iteration space (2^(n - red) indices, see sv_op.red), never on "the whole
 * vector": the executor cuts that space into per-thread ranges or cache blocks,
 * and a distributed version can hand a kernel the range its rank owns. Kernels
 * allocate nothing and do no I/O. */
#ifndef PLT_ENGINES_SV_H
#define PLT_ENGINES_SV_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "plateau/engine.h"

/* Largest n the engine accepts at all (16 TiB per buffer). */
#define SV_MAX_QUBITS 40
/* A run of ops that together touch at most this many qubits runs block by block
 * (2^14 amplitudes = 256 KiB, two buffers fit in L2), so the run costs one memory
 * sweep. A block holds the amplitudes whose other bits are fixed. */
#define SV_BLOCK_BITS 14
/* The lowest qubits are always in a block, so that it is made of contiguous runs of at
 * least 2^7 amplitudes (2 KiB). */
#define SV_BLOCK_RUN_BITS 7

typedef enum sv_kind {
    SV_ROT,   /* exp(-i theta/2 P), x != 0: pairs (j, j ^ x) */
    SV_ZROT,  /* exp(-i theta/2 P), x == 0: a phase per amplitude (red 1 for one Z) */
    SV_U1,    /* general 2x2 on q0 */
    SV_D1,    /* diag(m0, m1) on q0 */
    SV_X1,    /* Pauli X on q0 */
    SV_U2,    /* general 4x4 on (q0 = low bit of the matrix index, q1) */
    SV_CX,    /* control q0, target q1 */
    SV_CZ,
    SV_SWAP
} sv_kind;

typedef struct sv_op {
    sv_kind kind;
    int red;            /* iteration space is 2^(n - red) indices */
    int hi;             /* highest qubit touched */
    int q0, q1;
    uint64_t x, z;      /* ROT, ZROT: the Pauli string's planes */
    int ny;             /* number of Y factors */
    int pivot;          /* ROT: highest set bit of x */
    int param;          /* ROT, ZROT: parameter index or -1 */
    double a, b;        /* theta = a * params[param] + b */
    double m[32];       /* U1 (8), D1 (4), U2 (32): row-major, interleaved */
    double minv[32];    /* the inverse (conjugate transpose) */
    /* Consecutive 1-qubit ops on one qubit form a unit that costs one sweep: the first
     * op (the head) has group = the unit's length, the others group = 0 and back = their
     * distance to the head. */
    int group, back;
    /* At a unit's head: what the adjoint sweep accumulates before (kin) and after (kout)
     * undoing the unit, an SV_ACC_* (see sv_k_grad_u1). */
    int kin, kout;
    /* A run of CZs in a blocked segment is one pass of signs over the block (sv_k_signs):
     * its first op has drun = the run's length and its mask at dmask words into the plan's
     * dmask, the others dback = their distance to the first. */
    int drun, dback;
    size_t dmask;
} sv_op;

/* ---- kernels (sv_kern1.c, sv_kern2.c, sv_pauli.c) ---- */

/* The vector helpers are static inline, so the ABI note gcc gives for 32-byte vectors
 * without -mavx (PLT_NATIVE=OFF) does not apply. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
/* Two complex numbers (re, im, re, im) in one AVX register; GNU vector extensions keep
 * this portable C for gcc and clang. */
typedef double sv_v4 __attribute__((vector_size(32)));
typedef long long sv_v4i __attribute__((vector_size(32)));

static inline sv_v4 sv_ld(const double *p) {
    sv_v4 v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void sv_st(double *p, sv_v4 v) { memcpy(p, &v, sizeof v); }
/* Lanes i0..i3 of the concatenation (a, b), for gcc and clang. */
#if defined(__clang__)
#define SV_SHUF(a, b, i0, i1, i2, i3) __builtin_shufflevector((a), (b), i0, i1, i2, i3)
#else
#define SV_SHUF(a, b, i0, i1, i2, i3) __builtin_shuffle((a), (b), (sv_v4i){i0, i1, i2, i3})
#endif
/* (re, im) -> (im, re) in each complex: z w = wr z + (-wi, wi) * swap(z). */
static inline sv_v4 sv_swap(sv_v4 v) { return SV_SHUF(v, v, 1, 0, 3, 2); }
/* (a, b) -> (b, a) for the two complex numbers. */
static inline sv_v4 sv_flip(sv_v4 v) { return SV_SHUF(v, v, 2, 3, 0, 1); }
static inline sv_v4 sv_splat(double x) { return (sv_v4){x, x, x, x}; }
/* Multiplies v lane-wise by (1, 1, -1, -1): negates the second complex. */
static inline sv_v4 sv_neg_hi(sv_v4 v) { return v * (sv_v4){1, 1, -1, -1}; }

/* Inserts a zero bit at position t into k. */
static inline uint64_t sv_insert0(uint64_t k, int t) {
    uint64_t lo = k & ((UINT64_C(1) << t) - 1);
    return ((k >> t) << (t + 1)) | lo;
}

void sv_k_u1(double *restrict psi, int t, const double *restrict m, uint64_t b, uint64_t e);
/* A 2x2 that is, up to a global phase, real then diagonal or diagonal then real (a unit such
 * as RY then RZ): f = (r00, r01, r10, r11, Re e, Im e) for R real and D = diag(1, e), D first
 * when dfirst. 6 multiply-adds per two pairs instead of 8. For t = 0 and odd run ends it
 * applies m, which must be the same map (D R or R D as a 2x2). */
void sv_k_u1r(double *restrict psi, int t, const double *restrict m, const double *restrict f,
              int dfirst, uint64_t b, uint64_t e);
/* exp(-i theta/2 P) for P = X (imag = 1: off-diagonal -i s) or Y (imag = 0: off-diagonal
 * -s above, s below) on qubit t >= 1; f is the lower off-diagonal factor's nonzero part. */
void sv_k_rot1(double *restrict psi, int t, double c, double f, int imag, uint64_t b, uint64_t e);
void sv_k_d1(double *restrict psi, int t, const double *restrict m, uint64_t b, uint64_t e);
void sv_k_x1(double *restrict psi, int t, uint64_t b, uint64_t e);
void sv_k_u2(double *restrict psi, int q0, int q1, const double *restrict m, uint64_t b,
             uint64_t e);
void sv_k_cx(double *restrict psi, int c, int t, uint64_t b, uint64_t e);
void sv_k_cz(double *restrict psi, int q0, int q1, uint64_t b, uint64_t e);
void sv_k_swap(double *restrict psi, int q0, int q1, uint64_t b, uint64_t e);
/* exp(-i theta/2 P) for a ROT or ZROT op. Pauli strings with x != 1 and short sign runs
 * go in chunks of 64 amplitudes when [b, e) is cut at multiples of 64 (sv_rot_chunks). */
void sv_k_rot(double *restrict psi, const sv_op *op, double c, double s, uint64_t b, uint64_t e);
/* Adjoint step for a parametrised rotation: adds sum_j conj(lam_j) sgn (P' phi)_j to
 * acc[0..1] (P without its i^ny factor) and applies exp(+i theta/2 P) to phi and lam. */
void sv_k_rot_grad(double *restrict phi, double *restrict lam, const sv_op *op, double c,
                   double s, uint64_t b, uint64_t e, double *acc);
/* What the adjoint step of a unit accumulates on one side of it. With R[x][y] = sum over the
 * pairs of conj(lam_x) phi_y, the term Im <lam|W|phi> of a traceless Hermitian 2x2
 * W = [[w, u], [conj(u), -w]] is w dz + Im(u) o_r + Re(u) o_i for
 *   dz = Im R00 - Im R11,  o_r = Re R01 - Re R10,  o_i = Im R01 + Im R10,
 * so a bare Z, Y or X generator needs one of them (Z: dz, Y: -o_r, X: o_i). */
enum { SV_ACC_NONE, SV_ACC_Z, SV_ACC_R, SV_ACC_I, SV_ACC_ALL };
/* Adjoint step for a unit of 1-qubit ops on qubit t: applies the 2x2 m to phi and lam, and
 * adds to r[0..2] (dz, o_r, o_i) the ones kin asks for (SV_ACC_*) on the buffers before m,
 * and to r[3..5] the one kout asks for (not SV_ACC_ALL) on the buffers after m. With f
 * (not NULL) and red 1 or 2, m is applied in the reduced form f of sv_k_u1r (red 2: D
 * first). */
void sv_k_grad_u1(double *restrict phi, double *restrict lam, int t, const double *restrict m,
                  const double *restrict f, int red, int kin, int kout, uint64_t b, uint64_t e,
                  double *restrict r);
/* sv_k_grad_u1 for a unit that is one rotation exp(-i theta/2 G) (G: X, Y or Z on qubit t as
 * g = SV_ACC_I, _R or _Z, c and s of theta/2): half the multiply-adds of the general 2x2, and
 * with acc its one sum (before) into r[0..2]. */
void sv_k_grad_rot1(double *restrict phi, double *restrict lam, int t, int g, double c, double s,
                    int acc, uint64_t b, uint64_t e, double *restrict r);
/* Multiplies amplitude j of psi (and of psi2 unless NULL), j < len (a multiple of 64), by
 * -1 where bit j of mask is set. */
void sv_k_signs(double *restrict psi, double *restrict psi2, const uint64_t *restrict mask,
                uint64_t len);
/* Applies a fixed (non-rotation) op, or its inverse, on a range. */
void sv_k_fixed(double *restrict psi, const sv_op *op, int inverse, uint64_t b, uint64_t e);

/* Thread tid's share of [0, total), cut at multiples of 64 indices. */
static inline void sv_split(uint64_t total, int tid, int nthr, uint64_t *b, uint64_t *e) {
    uint64_t chunks = (total + 63) / 64;
    uint64_t cb = chunks * (uint64_t)tid / (uint64_t)nthr;
    uint64_t ce = chunks * (uint64_t)(tid + 1) / (uint64_t)nthr;
    *b = cb * 64 < total ? cb * 64 : total;
    *e = ce * 64 < total ? ce * 64 : total;
}

/* Below this many amplitudes a parallel region costs more than it saves. */
#define SV_PAR_MIN (UINT64_C(1) << 13)

/* ---- the observable, grouped by x part (sv_obs.c) ---- */

typedef struct sv_term {
    uint64_t z;
    int ny;
    double c;   /* real coefficient */
} sv_term;

typedef struct sv_group {
    uint64_t x;
    int pivot;           /* highest bit of x (x != 0) */
    size_t first, count; /* terms[first .. first + count) */
} sv_group;

typedef struct sv_obs {
    sv_term *terms;
    sv_group *groups;
    size_t nterms, ngroups;
} sv_obs;

plt_status sv_obs_build(const plt_psum *obs, int n, sv_obs *out);
void sv_obs_free(sv_obs *o);
/* <psi|O|psi> for n qubits, one read sweep per x-group, nt threads. */
double sv_expect(const sv_obs *o, const double *psi, int n, int nt);
/* lam = O phi (lam is overwritten) and returns Re <phi|lam>. */
double sv_apply_obs(const sv_obs *o, const double *phi, double *lam, int n, int nt);

/* ---- states (sv_init.c) ---- */

/* Writes the initial product/basis part of the state (not a preparation circuit). */
plt_status sv_init_state(const plt_state *st, double *psi, int n, int nt);
/* Checks that the state kind is one the engine takes; the reason otherwise. */
plt_status sv_state_supported(const plt_state *st, int n);

/* ---- plans and execution (sv_plan.c, sv_exec.c) ---- */

/* Longest unit of 1-qubit ops on one qubit. */
#define SV_GROUP_MAX 64
/* The qubit of an op that is a 1-qubit 2x2 on it (U1, D1, X1, 1-qubit rotation), else -1. */
int sv_op_qubit1(const sv_op *o);
/* The qubits an op touches. */
uint64_t sv_op_qubits(const sv_op *o);

typedef struct sv_seg {
    size_t first, count; /* ops[first .. first + count) */
    int blocked;         /* 1: run block by block */
    uint64_t free;       /* blocked: the qubits that vary within a block */
    /* The adjoint sweep only: segments that are each one CZ run are applied by a
     * neighbour (merged = 1), on its blocks' entry (in) or exit (out): the CZs ops[first,
     * first + count) (count 0: none), those on two of its block's qubits as the mask at
     * dmask + mask, the others per block as Z's and a sign (sv_exec.c). */
    int merged;
    size_t in_first, in_count, in_mask, out_first, out_count, out_mask;
} sv_seg;

/* What sv_plan_fuse keeps per op in sv_plan.fm, at offsets: at a unit's head its 2x2 product
 * (SV_FM_U) and inverse (SV_FM_UINV), and its reduced form (SV_FM_RED: 0 none, 1 real then
 * diagonal, 2 diagonal then real in circuit order) forward (SV_FM_FWD) and backward
 * (SV_FM_BWD) as sv_k_u1r takes it; a reduced unit's U and its inverse leave out the same
 * global phase as the form (multiplied into sv_plan.phase). At a parametrised rotation in a
 * unit: where its adjoint term is taken and its weights (SV_FM_TERM, 4). */
enum { SV_FM_U = 0, SV_FM_UINV = 8, SV_FM_TERM = 16, SV_FM_FWD = 20, SV_FM_BWD = 26,
       SV_FM_RED = 32, SV_FM = 34 };

typedef struct sv_plan {
    int n;
    int nt;               /* threads */
    int nparams;
    int block_bits;       /* 0 disables blocking (bench: isolated gate timings) */
    plt_grad_method grad_method;
    double max_memory;
    sv_op *ops;           /* preparation ops first, then the circuit's */
    size_t nops, nprep;
    sv_seg *segs;
    size_t nsegs;
    sv_op *lops;          /* ops of blocks that are not the lowest qubits, renumbered to the
                           * block's qubits (see sv_exec.c) */
    double *scratch;      /* per thread two buffers of 2^block_bits amplitudes */
    uint64_t *dmask;      /* sign masks of the CZ runs (sv_op.drun), 2^block_bits bits each */
    uint64_t *mscratch;   /* per thread two masks of a block with merged runs (sv_seg.in_) */
    double *cs;           /* per op: cos, sin of theta/2 for the current parameters */
    double *fm;           /* per op SV_FM doubles (sv_plan_fuse) */
    double phase[2];      /* the global phase the units' reduced forms leave out (SV_FM_RED) */
    double *gacc;         /* nt * nops * 2 partial sums of the adjoint sweep */
    size_t *perm;         /* the circuit's index of each op (sv_plan_reorder; NULL: none yet) */
    int keep_order;       /* 1: blocks follow the circuit's order (tests of the merged runs) */
    sv_obs obs;
    const plt_state *state;
    double *psi, *lam;    /* lam allocated on the first gradient */
    plt_stats stats;
} sv_plan;

/* Compiles the model into a plan (no state buffers yet besides psi). */
plt_status sv_plan_new(const plt_model *m, const plt_opts *o, sv_plan **out);
void sv_plan_free(sv_plan *p);
/* Recomputes the segments for a block size (0: no blocking). */
plt_status sv_plan_segment(sv_plan *p, int block_bits);
/* Puts the ops back in the circuit's order, then (block_bits > 0, unless keep_order) moves
 * commuting units so that each block of block_bits qubits (always including the qubits base)
 * gets as many as fit (sv_order.c); units, angles and fused matrices move whole. */
plt_status sv_plan_reorder(sv_plan *p, int block_bits, uint64_t base);
/* Fills p->cs for the parameters (delta added to the angle of op `shifted`, if >= 0). */
void sv_plan_angles(sv_plan *p, const double *params, size_t shifted, double delta);
/* Prepares the initial state and applies all ops (angles from p->cs) to psi. */
void sv_forward(sv_plan *p, double *psi);
/* sv_forward up to the global phase p->phase (what a loss or a gradient needs: one sweep
 * less). */
void sv_forward_unphased(sv_plan *p, double *psi);
/* Applies ops [from, to) (angles from p->cs) to psi. */
void sv_run_ops(sv_plan *p, double *psi, size_t from, size_t to);
/* Adjoint sweep from the end back to the first circuit op: phi holds U|psi0>, lam holds
 * O U|psi0>; adds d loss / d params into grad. Both buffers are consumed. */
void sv_backward(sv_plan *p, double *phi, double *lam, double *grad);
/* Loss and optional gradient for the engine contract. */
plt_status sv_plan_loss(sv_plan *p, const double *params, double *loss, double *grad);

extern const struct plt_engine_ops plt_engine_statevector;

#endif
