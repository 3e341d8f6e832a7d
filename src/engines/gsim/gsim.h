/* Internal to engine gsim. */
#ifndef PLT_ENGINES_GSIM_H
#define PLT_ENGINES_GSIM_H

#include <stddef.h>
#include <stdint.h>

#include "plateau/engine.h"
#include "plateau/lie.h"

/* Default cap on the DLA dimension of a plan (opts.max_dim = 0). */
#define GSIM_DEFAULT_MAX_DIM ((size_t)1 << 20)

/* A pair (i, j) of basis strings rotated by a gate whose generator anticommutes with both:
 * e_i <- cos t e_i + s sin t e_j, e_j <- cos t e_j - s sin t e_i. */
typedef struct gsim_pair {
    uint32_t i, j;
    double s;
} gsim_pair;

/* One rotation gate: theta = a * params[param] + b (b alone when param < 0); exp(theta A)
 * acts on e with A given by the pairs [p0, p0 + np) of its generator string. */
typedef struct gsim_gate {
    int param;
    double a, b;
    size_t p0, np;
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
} gsim_plan;

/* Builds the plan; *out NULL on failure. max_dim 0 = default. */
plt_status gsim_plan_new(const plt_model *m, const plt_opts *o, gsim_plan **out);
void gsim_plan_free(gsim_plan *p);
/* Closure of the circuit's rotation generators only (estimate); caller frees *g. */
plt_status gsim_closure(const plt_circuit *c, size_t max_dim, plt_dla **g);
/* Checks the state kind (zero, basis, product); PLT_EUNSUPPORTED with the reason. */
plt_status gsim_state_supported(const plt_state *s);
plt_status gsim_eval(gsim_plan *p, const double *params, double *loss, double *grad);

#endif
