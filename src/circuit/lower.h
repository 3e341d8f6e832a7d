/* Internal: the library of named QASM gates (qelib1.inc, stdgates.inc and common
 * extras) and their exact lowering to IR ops, up to a global phase. Used by the
 * QASM readers; tested gate by gate against textbook matrices. */
#ifndef PLT_CIRCUIT_LOWER_H
#define PLT_CIRCUIT_LOWER_H

#include "plateau/circuit.h"

/* An angle affine in at most one parameter: a * params[param] + b, or b when param < 0. */
typedef struct plt_affine {
    int param;
    double a, b;
} plt_affine;

/* 1 when `name` is a known standard gate; then *nparams and *nqubits are set. */
int plt_lower_known(const char *name, int *nparams, int *nqubits);

/* Name of entry i of the gate library (for tests and listings), NULL past the end. */
const char *plt_lower_name(size_t i);

/* Appends the IR ops of standard gate `name` applied to qubits[0..nqubits) with
 * angles args[0..nparams). The caller checks the counts and that the qubits are
 * distinct and in range. Returns PLT_EUNSUPPORTED for an unknown name and
 * PLT_EINVAL when the lowering would need an angle combining two different
 * parameters (message names the gate and both parameters). */
plt_status plt_lower_gate(plt_circuit *c, const char *name, const plt_affine *args,
                          const int *qubits);

#endif
