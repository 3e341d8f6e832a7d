/* The symmetric engine's internals. A permutation-invariant circuit on a permutation-invariant
 * state never leaves the symmetric subspace, spanned by the Dicke states |D_k> (k ones, k =
 * 0..n): the whole simulation is on vectors of dimension d = n + 1. Every matrix here is a
 * Hermitian band in that basis: entry (k, k + o) for |o| <= w. */
#ifndef PLT_ENGINES_SYM_H
#define PLT_ENGINES_SYM_H

#include <stddef.h>

#include "plateau/engine.h"

/* A band of width w on dimension d: entry (k, k + o) at re/im[(o + w) * d + k]. */
typedef struct sym_band {
    int d, w;
    double *re, *im;
} sym_band;

plt_status sym_band_new(int d, int w, sym_band *b);
void sym_band_free(sym_band *b);
/* b += scale * (the Dicke matrix of the symmetrisation of a Pauli string with nx X, ny Y and
 * nz Z letters on n = d - 1 qubits). Needs b->w >= nx + ny. lf: log-factorials 0..n. */
void sym_band_add_class(sym_band *b, const double *lf, int nx, int ny, int nz, double scale);
/* y = M x for complex vectors (interleaved re, im). */
void sym_band_apply(const sym_band *m, const double *x, double *y);
/* <x| M |y> (x conjugated): *re, *im. */
void sym_band_inner(const sym_band *m, const double *x, const double *y, double *re, double *im);
/* log k! for k = 0..n into lf[0..n]. */
void sym_log_factorials(int n, double *lf);
/* Multinomial n! / (nx! ny! nz! (n - nx - ny - nz)!), as a double. */
double sym_class_size(const double *lf, int n, int nx, int ny, int nz);

/* exp(-i h.J) v for the collective spin J = (1/2) sum of Paulis (Jz |D_k> = (n/2 - k)|D_k>),
 * in place; tmp holds 3 d complex numbers. Exact up to rounding (Chebyshev, degree ~ |h| n/2
 * after reducing |h| modulo 2 pi, which drops a global phase). tmp holds 4 d complex numbers. */
void sym_expm_linear(int n, const double h[3], double *v, double *tmp);
/* exp(-i (ta A + tb B)) v for Hermitian bands A and B (B may be NULL), in place: Chebyshev over
 * the Gershgorin interval, degree ~ its half-width, a global phase dropped. tmp as above. */
void sym_expm_band2(const sym_band *A, double ta, const sym_band *B, double tb, double *v,
                    double *tmp);
/* Chebyshev degree sym_expm_* uses for spectral half-width r. */
int sym_cheb_degree(double r);

/* How a step's exponential is applied. */
typedef enum sym_kind {
    SYM_DIAG,   /* Z letters only: diagonal in the Dicke basis */
    SYM_LINEAR, /* single-qubit terms only: exp(-i h.J) */
    SYM_AXIS,   /* X letters only (or Y only): diagonal after a quarter turn of every qubit */
    SYM_BAND    /* anything else: Chebyshev on the band */
} sym_kind;

/* One step exp(-i (theta A + B)), theta = params[param] (param -1: theta = 0), [A, B] = 0. */
typedef struct sym_step {
    sym_kind kind;
    int param;
    size_t op0, op1;   /* the circuit's ops it came from, [op0, op1) */
    sym_band A, B;     /* in the Dicke basis (B: width 0 and zero when absent) */
    double ha[3], hb[3]; /* LINEAR: A = ha.J, B = hb.J */
    int axis;          /* AXIS: 0 for X letters, 1 for Y */
    double *da, *db;   /* DIAG, AXIS: diagonals of A and B (in the rotated basis for AXIS) */
} sym_step;

typedef struct sym_prog {
    int n, d;
    size_t nsteps, cap;
    sym_step *steps;
    size_t nrot;       /* rotations read */
    /* 1: only test (no steps, no bands): the estimate's verdict, same answer as the plan's */
    int check_only;
} sym_prog;

void sym_prog_free(sym_prog *p);
/* Groups circuit c into steps (appended to p, which must have p->n set): PLT_EUNSUPPORTED
 * naming the first op that breaks permutation invariance. `what` names the circuit in
 * messages ("op" or "preparation op"). Cost: linear in the ops (a sort per group). */
plt_status sym_detect(const plt_circuit *c, const char *what, sym_prog *p);
/* The plan's whole symmetry test of a model's circuit, shared by estimate and plan so that
 * they agree: sym_detect on the circuit as given, and when that fails and two-qubit Cliffords
 * other than swaps are present, again after Clifford absorption (*absorbed and *absorbed_obs
 * then hold the folded circuit and observable; NULL otherwise, and on failure). A refusal
 * names the op of the circuit as given. Early exit: a circuit without such Cliffords is refused
 * at the first run that breaks the symmetry. */
plt_status sym_detect_model(const plt_model *m, sym_prog *p, plt_circuit **absorbed,
                            plt_psum **absorbed_obs);
/* Op i of c as text for messages ("X3 rotation by c0", "h on qubit 2"). */
void sym_describe(const plt_circuit *c, size_t i, char *buf, size_t cap);
/* A step's exponential (its inverse when inverse != 0) applied to v in place. */
void sym_step_apply(const sym_step *s, const double *params, int inverse, double *v,
                    double *tmp);

/* The initial state as a Dicke vector (d complex numbers into psi): PLT_EUNSUPPORTED, with
 * the reason, for a state that is not permutation invariant and pure. */
plt_status sym_state_vector(const plt_state *s, int n, double *psi);

/* The observable's Dicke matrix: terms grouped by their (nx, ny, nz). */
plt_status sym_obs_band(const plt_psum *obs, sym_band *out);
/* Width the observable's band will have (max nx + ny over its terms). */
int sym_obs_width(const plt_psum *obs);

typedef struct sym_plan {
    sym_prog prog;
    plt_circuit *absorbed; /* the circuit with its Cliffords absorbed, when that was needed */
    plt_psum *absorbed_obs;
    sym_band obs;
    double *psi0;      /* d complex */
    double *states;    /* (nsteps + 1) * d complex: psi after each step */
    double *lam, *tmp; /* d and 4 d complex */
    double *lf;
    int nparams;
} sym_plan;

plt_status sym_eval(sym_plan *p, const double *params, double *loss, double *grad);

#endif
