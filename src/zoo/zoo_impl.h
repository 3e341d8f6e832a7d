/* Internal to src/zoo: the builder context and the helpers every family uses. */
#ifndef PLT_ZOO_IMPL_H
#define PLT_ZOO_IMPL_H

#include <stdint.h>

#include "core/error.h"
#include "plateau/zoo.h"

/* What a builder receives: the size, the resolved layer count, the seed, eps, and
 * the circuit, observable and scratch string it fills (allocated by plt_zoo_build). */
typedef struct zoo_ctx {
    const char *family;
    int n, layers;
    uint64_t seed;
    double eps;
    plt_circuit *c;
    plt_psum *obs;
    plt_pstring *g; /* scratch, identity between calls */
    double param_range;
} zoo_ctx;

typedef plt_status (*zoo_build_fn)(zoo_ctx *z);
/* Default layer count for n qubits. */
typedef int (*zoo_layers_fn)(int n);

/* Declares a parameter named by a printf format; *k receives its index. */
plt_status zoo_param(zoo_ctx *z, int *k, const char *fmt, ...) PLT_PRINTF(3, 4);
/* Appends R_P(a*params[k] + b) with P = letters[i] on qubits[i], i < w. */
plt_status zoo_rot(zoo_ctx *z, const char *letters, const int *qubits, int w, int k, double a,
                   double b);
plt_status zoo_rot1(zoo_ctx *z, char letter, int q, int k);
plt_status zoo_rot2(zoo_ctx *z, const char *letters, int q0, int q1, int k, double a, double b);
plt_status zoo_cliff1(zoo_ctx *z, plt_gate g, int q);
plt_status zoo_cliff2(zoo_ctx *z, plt_gate g, int q0, int q1);
/* obs += coef * P with P = letters[i] on qubits[i], i < w. */
plt_status zoo_obs(zoo_ctx *z, double coef, const char *letters, const int *qubits, int w);
/* A failure raised by a builder for a size it does not allow. */
plt_status zoo_bad_size(const zoo_ctx *z, const char *allowed);

/* The 144 couplings of IBM Eagle (127 qubits), zoo_eagle.c. */
extern const int zoo_eagle_edges[][2];
extern const int zoo_eagle_nedges;

plt_status zoo_build_hea_global(zoo_ctx *z);
plt_status zoo_build_hea_local(zoo_ctx *z);
plt_status zoo_build_hea_small_angle(zoo_ctx *z);
plt_status zoo_build_qcnn(zoo_ctx *z);
plt_status zoo_build_hva_tfim(zoo_ctx *z);
plt_status zoo_build_hva_xxz(zoo_ctx *z);
plt_status zoo_build_xy_matchgate(zoo_ctx *z);
plt_status zoo_build_qaoa_ring(zoo_ctx *z);
plt_status zoo_build_qaoa_3reg(zoo_ctx *z);
plt_status zoo_build_sn_equivariant(zoo_ctx *z);
plt_status zoo_build_kicked_ising(zoo_ctx *z);
plt_status zoo_build_mps_staircase(zoo_ctx *z);

#endif
