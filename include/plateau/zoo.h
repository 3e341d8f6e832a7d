/* plateau — the model zoo: circuit families the literature calls barren-plateau-free,
 * and the counter-examples, built in memory at any size.
 *
 * Families (name: what): hea-global, hea-local, hea-small-angle, qcnn, hva-tfim, hva-xxz,
 * xy-matchgate, qaoa-maxcut (ring; "qaoa-maxcut-3reg" for random 3-regular graphs),
 * sn-equivariant, kicked-ising (127-qubit heavy-hex when n == 127, else a square lattice),
 * mps-staircase (an MPS-shaped network of two-qubit blocks, local cost).
 * See src/zoo/ for the definition of each, with references.
 */
#ifndef PLATEAU_ZOO_H
#define PLATEAU_ZOO_H

#include <stddef.h>
#include <stdint.h>

#include "plateau/circuit.h"
#include "plateau/pauli.h"
#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct plt_zoo_model {
    plt_circuit *circuit;  /* owned */
    plt_psum *obs;         /* owned */
    /* Parameters are sampled uniformly from [-param_range, param_range] for
     * barren-plateau scans (pi for most families, eps for hea-small-angle). */
    double param_range;
} plt_zoo_model;

/* Number of families, and the name and one-line summary of family i (static strings). */
size_t plt_zoo_count(void);
const char *plt_zoo_name(size_t i);
const char *plt_zoo_summary(size_t i);

/* Builds family `name` on n qubits with `layers` layers (0 = the family's default,
 * e.g. log2(n) for hea-local) and `seed` for random structure (graphs) where any.
 * eps is the small-angle range (0 = default 0.1). PLT_EINVAL for an unknown family
 * (message lists them) or a size the family does not allow (message says which).
 * Free with plt_zoo_model_free. */
PLT_NODISCARD plt_status plt_zoo_build(const char *name, int n, int layers, uint64_t seed,
                                       double eps, plt_zoo_model *out);
void plt_zoo_model_free(plt_zoo_model *m);

/* The kicked-Ising circuit of the kicked-ising family on any coupling map: nsteps times
 * RX(theta_h) on every qubit, then RZZ(-pi/2) on every edge (Kim et al., Nature 618, 500
 * (2023)). theta_h NaN makes it one shared parameter named "theta_h"; a finite value makes
 * every RX a constant rotation (at multiples of pi/2 the whole circuit is Clifford). Edges
 * are checked against n (PLT_EINVAL naming the qubit). Free *out with plt_circuit_free. */
PLT_NODISCARD plt_status plt_zoo_kicked_ising(int n, const int (*edges)[2], int nedges,
                                              int nsteps, double theta_h, plt_circuit **out);

#ifdef __cplusplus
}
#endif
#endif
