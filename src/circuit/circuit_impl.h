/* Internal layout of a circuit, shared by the files of src/circuit only. */
#ifndef PLT_CIRCUIT_IMPL_H
#define PLT_CIRCUIT_IMPL_H

#include "plateau/circuit.h"

struct plt_circuit {
    int n;
    plt_op *ops; /* ROTATION gen and UNITARY u are owned allocations */
    size_t nops, cap;
    int np, pcap;
    char **pname;
    double *pinit;
    /* Open-addressing index of parameter names (slot = index + 1, 0 empty), so
     * declaring P parameters costs O(P), not O(P^2). */
    int *pslot;
    size_t pslot_cap;
};

/* Frees the parameter table (used by plt_circuit_free). */
void plt_circuit_params_clear(plt_circuit *c);
/* Declares every parameter of src in dst (which must have none yet). */
plt_status plt_circuit_copy_params(plt_circuit *dst, const plt_circuit *src);

/* Drops the ops from index nops on (undoes a partial append). */
void plt_circuit_truncate(plt_circuit *c, size_t nops);

#endif
