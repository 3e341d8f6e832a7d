/* Internal to engine gsim. */
#ifndef PLT_ENGINES_GSIM_H
#define PLT_ENGINES_GSIM_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "plateau/engine.h"
#include "plateau/lie.h"
#include "lie/dla_impl.h"

/* Default cap on the DLA dimension of a plan (the max-dim setting). */
#define GSIM_DEFAULT_MAX_DIM ((size_t)1 << 20)

/* PLT_OK when the model's observable (after the circuit's Cliffords are absorbed) lies in the
 * span of g, else PLT_EUNSUPPORTED naming the weight outside. */
plt_status gsim_obs_inside(const plt_dla *g, const plt_model *m);

/* The engine's settings table (gsim_plan.c). */
#define GSIM_NSETTINGS 1
extern const plt_setting_info gsim_settings[GSIM_NSETTINGS];

/* A pair (i, j) of basis strings rotated by a gate whose generator anticommutes with both:
 * e_i <- cos t e_i + s sin t e_j, e_j <- cos t e_j - s sin t e_i. */
typedef struct gsim_pair {
    uint32_t i, j;
    double s;
} gsim_pair;

/* A sparse matrix S (CSR, dim rows) with its largest absolute row sum. */
typedef struct gsim_csr {
    size_t *rp;
    uint32_t *ci;
    double *v;
    double norm;
} gsim_csr;

/* One step of the circuit: theta = a * params[param] + b (b alone when param < 0).
 * Pauli-string basis: exp(theta A) with A given by the pairs [p0, p0 + np) of the gate's
 * generator string. Pauli-sum basis (mat != SIZE_MAX): a block of consecutive commuting gates
 * sharing a parameter, e <- exp(theta S) e with S = mats[mat] (theta = params[param] then,
 * the gates' a folded into S). */
typedef struct gsim_gate {
    int param;
    double a, b;
    size_t p0, np;
    size_t mat;
} gsim_gate;

typedef struct gsim_plan {
    int n, nparams;
    plt_dla *g;
    size_t dim;
    gsim_gate *gates;
    size_t ngates;
    gsim_pair *pairs;
    size_t npairs;
    double *e0;     /* initial expectations Tr[B_i rho] */
    double *o;      /* observable coordinates <B_i, O> */
    double o_id;    /* identity coefficient of the observable */
    double *e, *lam; /* scratch */
    gsim_csr *mats;  /* Pauli-sum basis: one matrix per distinct block generator */
    size_t nmats;
    double *w1, *w2, *w3; /* scratch of the Taylor action */
} gsim_plan;

/* The Pauli-sum route, taken when the closure of the gate strings exceeds the cap: groups
 * the rotations into blocks (runs of consecutive, mutually commuting rotations on one
 * parameter with b = 0; other rotations are blocks of one), closes the block generators and
 * fills p->g, p->dim, p->gates and p->mats. PLT_EUNSUPPORTED when the circuit has no such
 * structure or that closure exceeds max_dim too. */
plt_status gsim_blocks_plan(gsim_plan *p, const plt_circuit *c, const plt_lie_closure_opts *lo,
                            double limit);
/* What a closure did: its work, the dimension it reached and why it ended. */
typedef struct gsim_info {
    double work;
    size_t dim;
    plt_lie_stop stop;
} gsim_info;
/* The same closure only (for estimate), with lo's caps; *info filled also when a cap made it
 * fail; caller frees *g. */
plt_status gsim_blocks_closure(const plt_circuit *c, const plt_lie_closure_opts *lo, plt_dla **g,
                               gsim_info *info);
/* e <- exp(t S) e by a scaled Taylor series (exact to rounding). */
void gsim_csr_expm(const gsim_plan *p, const gsim_csr *S, double t, double *e);
/* y = S x. */
void gsim_csr_mul(const gsim_csr *S, size_t dim, const double *x, double *y);
void gsim_mats_free(gsim_plan *p);

/* Builds the plan; *out NULL on failure. max_dim 0 = default. */
plt_status gsim_plan_new(const plt_model *m, const plt_opts *o, gsim_plan **out);
void gsim_plan_free(gsim_plan *p);
/* Closure of the circuit's rotation generators only (estimate), within max_work units of work
 * (plateau/lie.h; 0: no cap) shared by the string route and the blocks route; o (may be NULL)
 * gives max_dim and the progress callback. *work gets the work done (also on failure).
 * PLT_EUNSUPPORTED past a cap (gsim_fail_work for the work cap). Caller frees *g. */
plt_status gsim_closure(const plt_circuit *c, const plt_opts *o, double max_work, plt_dla **g,
                        double *work);
/* PLT_EUNSUPPORTED: the closure stopped at the work cap with dimension >= dim. */
plt_status gsim_fail_work(size_t dim, double max_work);
/* Work cap of the estimate's closure (units of plateau/lie.h): one second of closure work at
 * the lie_bracket rate, 5e7 units with the default rate, 0.3 to 0.8 s on the reference machine
 * (bench/lie/work_rate.c; sn-equivariant at 40 qubits 0.5 s, hva-xxz at 20 qubits 0.5 s, qcnn
 * at 16 qubits 0.3 s). A count, so that gsim applies to the same models at any load; a machine
 * calibrated slower (a sanitizer build) gets a smaller cap, in proportion. */
#define GSIM_ESTIMATE_SECONDS 1.0
double gsim_estimate_work(void);
/* The closure options of a plan: o's max-dim setting (default GSIM_DEFAULT_MAX_DIM), progress. */
void gsim_lie_opts(const plt_opts *o, double max_work, plt_lie_closure_opts *lo);
/* Progress of the plan after its closure, which brackets each basis element with each distinct
 * generator once more (pair lists, block matrices): the caller's callback every 2^22 brackets,
 * never per bracket; PLT_EINTERRUPTED when it asks to stop. */
typedef struct gsim_ticker {
    plt_progress_fn fn;
    void *ctx;
    double done, next, total; /* brackets; total 0: unknown */
} gsim_ticker;
static inline plt_status gsim_tick(gsim_ticker *t, double brackets) {
    t->done += brackets;
    if (!t->fn || t->done < t->next) return PLT_OK;
    t->next = t->done + 4194304.0;
    plt_progress pr = {"gsim plan", t->done, t->total};
    if (!t->fn(t->ctx, &pr)) return PLT_OK;
    return plt_fail(PLT_EINTERRUPTED, "the gsim plan was stopped by its caller after %.0f "
                                      "brackets of its pair lists", t->done);
}
/* Checks the state kind (zero, basis, product); PLT_EUNSUPPORTED with the reason. */
plt_status gsim_state_supported(const plt_state *s);
plt_status gsim_eval(gsim_plan *p, const double *params, double *loss, double *grad);

#endif
