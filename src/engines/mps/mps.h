/* Engine "mps": a matrix product state in mixed canonical form, gates in circuit order, SVD
 * truncation whose discarded weight bounds the error. Internal header of src/engines/mps. */
#ifndef PLT_ENGINES_MPS_H
#define PLT_ENGINES_MPS_H

#include <complex.h>
#include <stddef.h>

#include "engines/engine_ops.h"

typedef double complex mps_cplx;

/* Site k holds A[l, s, r] at a[l + dl*s + 2*dl*r]: read column-major, the same memory is the
 * "left view" (2*dl x dr, rows (l, s)) and the "right view" (dl x 2*dr, columns (s, r)), so
 * every contraction is one zgemm without a copy. */
typedef struct mps_site {
    int dl, dr;
    mps_cplx *a;
    size_t cap; /* elements allocated */
} mps_site;

/* Scratch buffers that grow on demand (never shrink) so that a run allocates little. */
enum { MPS_W_THETA, MPS_W_U, MPS_W_VT, MPS_W_S, MPS_W_TAU, MPS_W_TMP, MPS_W_TMP2, MPS_W_COUNT };
typedef struct mps_work {
    void *buf[MPS_W_COUNT];
    size_t cap[MPS_W_COUNT]; /* bytes */
} mps_work;

/* Truncation: keep at most max_bond singular values, drop the smallest while their squared sum
 * stays within cutoff * |theta|^2. Numerical zeros (s <= MPS_ZERO * s_max) always go. */
typedef struct mps_trunc {
    int max_bond;
    double cutoff;
} mps_trunc;
#define MPS_ZERO 1e-15

/* What the truncations of one run discarded. */
typedef struct mps_tally {
    double err;      /* sum_k (sqrt(d_k) + roundoff): bounds |psi - psi~| */
    double weight;   /* sum_k d_k */
    size_t cuts;     /* truncations that dropped more than numerical zeros */
    int max_bond;    /* the largest bond held */
} mps_tally;

typedef struct mps {
    int n;
    int center; /* sites < center are left-canonical, sites > center right-canonical */
    mps_site *site;
    mps_work work;
    mps_tally tally;
} mps;

/* ---- mps_state.c: tensors and canonical form ---- */
plt_status mps_new(int n, mps **out);
void mps_free(mps *s);
/* Product state: amp[2k], amp[2k+1] are qubit k's amplitudes of |0>, |1>. */
plt_status mps_set_product(mps *s, const mps_cplx *amp);
plt_status mps_copy(mps *dst, const mps *src);
plt_status mps_site_reserve(mps_site *t, int dl, int dr);
/* Moves the orthogonality center to site k by QR (rightwards) or LQ (leftwards) steps. */
plt_status mps_move_center(mps *s, int k);

/* ---- mps_linalg.c: LAPACK and BLAS wrappers ---- */
void *mps_work_get(mps_work *w, int slot, size_t bytes);
void mps_work_free(mps_work *w);
/* C = op(A) op(B), column-major; ta/tb 'N' or 'C'. */
void mps_gemm(char ta, char tb, int m, int n, int k, const mps_cplx *a, int lda,
              const mps_cplx *b, int ldb, mps_cplx *c, int ldc, mps_cplx beta);
/* Thin QR of the m x n column-major matrix a (overwritten): q (m x k), r (k x n), k = min(m,n). */
plt_status mps_qr(mps_work *w, int m, int n, mps_cplx *a, mps_cplx *q, mps_cplx *r);
/* Thin LQ: a = l q with l (m x k), q (k x n). */
plt_status mps_lq(mps_work *w, int m, int n, mps_cplx *a, mps_cplx *l, mps_cplx *q);
/* Thin SVD of the m x n matrix a (destroyed): u (m x k), s (k), vt (k x n), k = min(m,n). */
plt_status mps_svd(mps_work *w, int m, int n, mps_cplx *a, mps_cplx *u, double *s, mps_cplx *vt);
/* The top k eigenpairs of A^+ A (right = 1, size n) or A A^+ (size m) for the m x n matrix a:
 * vecs (dim x k, orthonormal columns), lam[0..k) descending, *trace = |a|_F^2. */
plt_status mps_top_eig(mps_work *w, int m, int n, const mps_cplx *a, int right, int k,
                       mps_cplx *vecs, double *lam, double *trace);
void mps_blas_threads(int threads);

/* ---- mps_gate.c: gates and truncation ---- */
void mps_apply1(mps *s, int k, const mps_cplx *g);
/* A 4x4 gate on sites k, k+1 (row index s_k + 2 s_{k+1}); leaves the center at k when
 * center_left, else at k+1. */
plt_status mps_apply2(mps *s, int k, const mps_cplx *g, const mps_trunc *t, int center_left);
/* How many of the k singular values s[0..k) (descending) to keep; adds the dropped weight to
 * the tally. norm2 = sum of all s^2; dim = the matrix's larger side (for the roundoff term). */
int mps_keep(mps *st, const double *s, int k, const mps_trunc *t, int dim);

/* ---- mps_route.c: operators spanning several sites ---- */
/* sum_{t < nterms} (x)_j ops[t * span + j] over sites lo..hi (span = hi - lo + 1, each a
 * row-major 2x2 matrix or NULL for the identity), applied as an MPO of bond nterms: a QR sweep
 * lo -> hi, then an SVD sweep hi -> lo that truncates each bond; the center ends at lo. */
plt_status mps_apply_mpo(mps *s, int lo, int hi, int nterms, const mps_cplx *const *ops,
                         const mps_trunc *t);
/* 2x2 matrix of a Pauli letter. */
void mps_pauli_matrix(char letter, mps_cplx *m);

/* ---- mps_expect.c ---- */
typedef struct mps_obs mps_obs;
plt_status mps_obs_new(const plt_psum *obs, mps_obs **out);
void mps_obs_free(mps_obs *o);
double mps_obs_norm1(const mps_obs *o);
size_t mps_obs_nterms(const mps_obs *o);
/* <psi|O|psi> / <psi|psi> (moves the center; the state is otherwise unchanged). */
plt_status mps_expect(mps *s, const mps_obs *o, double *value);
/* <psi|psi> (the center's squared norm). */
double mps_norm2(const mps *s);

/* ---- mps_plan.c: the compiled circuit ---- */
typedef enum { MPS_STEP_ONE, MPS_STEP_TWO, MPS_STEP_MPO } mps_step_kind;
typedef struct mps_step {
    mps_step_kind kind;
    int lo, hi;           /* sites (hi = lo for ONE) */
    int rot;              /* 1: a Pauli rotation, else a fixed matrix */
    char *letters;        /* rot: the generator's letters on lo..hi */
    int param;            /* rot: parameter or -1 */
    double a, b;          /* rot: theta = a * params[param] + b */
    mps_cplx u[16];       /* fixed ONE (2x2) or TWO (4x4, row index s_lo + 2 s_hi) */
    int rank;             /* operator-Schmidt rank across the step's cuts (bond growth) */
    int nterms;           /* fixed MPO: operator-Schmidt terms x_t (x) y_t */
    mps_cplx x[4][4], y[4][4];
} mps_step;

typedef struct mps_prog {
    int n, nparams;
    mps_step *step;
    size_t nsteps;
    mps_cplx *init; /* 2n amplitudes of the product state */
    plt_progress_fn progress_fn; /* from the plan's opts (may be NULL) */
    void *progress_ctx;
} mps_prog;

/* The initial product state's 2n amplitudes (amp NULL: only the check); PLT_EUNSUPPORTED for
 * a state that is not a pure product. */
plt_status mps_initial_state(const plt_model *m, int n, mps_cplx *amp);
/* Compiles the model; PLT_EUNSUPPORTED for a state the engine cannot take. */
plt_status mps_prog_build(const plt_model *m, mps_prog *p);
void mps_prog_free(mps_prog *p);
/* Applies steps [from, to) with the given parameters; shift_step (or (size_t)-1) gets its
 * angle moved by shift. Outside a parallel region, reports progress every 16 steps and stops
 * with PLT_EINTERRUPTED when the callback asks. */
plt_status mps_prog_run(const mps_prog *p, mps *s, size_t from, size_t to, const double *params,
                        size_t shift_step, double shift, const mps_trunc *t);
/* Reorders runs of commuting multi-site steps to spare the center's moves (the estimate
 * replays the same order). */
void mps_order_steps(mps_step *s, size_t nsteps, int n);
/* Compiles op alone (for the estimate's bond count); free st->letters after. */
plt_status mps_compile_op(const plt_op *op, mps_step *st);

/* ---- the plan ---- */
typedef struct mps_plan {
    mps_prog prog;
    mps_obs *obs;
    mps_trunc trunc;
    int threads;
    mps *state;          /* the forward state */
    mps **scratch;       /* one per thread, for the gradient's shifted runs */
    int nscratch;
    mps_tally last;      /* tally of the last evaluation (the worst over shifted runs) */
    double err_bound;    /* rigorous bound on |loss error| of the last loss */
    int exact_last;
} mps_plan;

/* The forward run from the initial state into s, then <O> (mps.c). */
plt_status mps_forward(mps_plan *pl, mps *s, const double *params, double *value);

/* ---- mps_grad.c ---- */
/* Every parameter's derivative by the parameter shift, the shifted runs sharing the forward
 * prefix; *exact is cleared when a shifted run truncated. */
plt_status mps_grad(mps_plan *pl, const double *params, double *grad, int *exact);

/* ---- mps_estimate.c ---- */
extern const plt_setting_info mps_settings[];
enum { MPS_SET_MAX_BOND, MPS_SET_CUTOFF, MPS_NSETTINGS };
void mps_trunc_from(const plt_opts *o, mps_trunc *t);
plt_status mps_estimate_op(const plt_model *m, const plt_opts *o, plt_cost *cost);
plt_status mps_ladder_op(const plt_model *m, const plt_opts *o, size_t step, double allowance,
                         plt_settings *settings, plt_cost *cost);
/* Error bound on the renormalised <O> from the truncated state's distance e to the exact one,
 * its squared norm norm2 and ||O|| <= norm1 (README.md). */
double mps_value_bound(double e, double norm2, double norm1);

#endif
