/* Internal to the lightcone engine: the backward light cones of an observable's terms. */
#ifndef PLT_ENGINES_LC_H
#define PLT_ENGINES_LC_H

#include <stddef.h>
#include <stdint.h>

#include "circuit/lightcone_cut.h"
#include "plateau/engine.h"

/* Largest cone simulated (as a state vector of 2^cone amplitudes). */
#define LC_MAX_QUBITS 28

/* One distinct cone: its qubits (ascending, and as a mask) and the observable terms whose cone
 * it is. */
typedef struct lc_cone {
    int *qubits;
    int m;
    uint64_t *mask;
    size_t *terms;
    size_t nterms, cap;
    size_t nops; /* ops of the circuit whose support lies inside the cone */
    unsigned long long hash;
} lc_cone;

typedef struct lc_cones {
    plt_lightcone ops; /* the circuit's op masks (circuit/lightcone_cut.h) */
    lc_cone *cone;
    size_t ncones, cap;
    double constant; /* coefficient of the identity term, which needs no simulation */
    int max_m;
    size_t widest_term; /* a term with the widest cone, for messages */
} lc_cones;

/* Computes the cone of every term of m->obs (plt_lightcone_grow) and groups the terms by
 * cone. PLT_EUNSUPPORTED for a complex coefficient. */
plt_status lc_cones_build(const plt_model *m, lc_cones *out);
void lc_cones_free(lc_cones *c);

#endif
