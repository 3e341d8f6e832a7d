/* plateau — the circuit IR shared by every engine.
 *
 * A circuit is a list of operations on n qubits, applied first to last:
 * - CLIFFORD: a gate from the table below on 1 or 2 qubits (q[0] first).
 * - ROTATION: R_P(theta) = exp(-i theta P / 2) about a Hermitian Pauli string P
 *   (sign +1; a sign is folded into a and b), theta = a * params[param] + b, or
 *   theta = b when param < 0. Several rotations may share one parameter.
 * - UNITARY: a general 1- or 2-qubit unitary, for the state vector only.
 *
 * Basis-state convention (all engines): qubit k is bit k of the amplitude
 * index, so |q_{n-1} ... q_1 q_0>; for a UNITARY, q[0] is the low bit of the
 * matrix's row index. All gate matrices follow the textbook forms (Nielsen &
 * Chuang; OpenQASM's qelib1/stdgates) up to a global phase.
 */
#ifndef PLATEAU_CIRCUIT_H
#define PLATEAU_CIRCUIT_H

#include <stddef.h>

#include "plateau/pauli.h"
#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The Clifford gates of the IR. */
typedef enum plt_gate {
    PLT_GATE_H, PLT_GATE_S, PLT_GATE_SDG, PLT_GATE_X, PLT_GATE_Y, PLT_GATE_Z,
    PLT_GATE_SX, PLT_GATE_SXDG,
    PLT_GATE_CX, PLT_GATE_CY, PLT_GATE_CZ, PLT_GATE_SWAP, PLT_GATE_ISWAP, PLT_GATE_ECR,
    PLT_GATE_COUNT
} plt_gate;

/* One row of the Clifford gate table (src/circuit/gates.c). */
typedef struct plt_gate_info {
    plt_gate id;
    const char *name;     /* lower case, as in QASM: "h", "cx", ... */
    int nqubits;          /* 1 or 2 */
    /* Row-major unitary, 2^nqubits square, interleaved re, im; local qubit 0 is
     * the low bit of the row index. */
    double u[32];
    /* Heisenberg images U^dagger P U of X_0, Z_0, X_1, Z_1 (local qubits), each a
     * sign followed by one letter per local qubit, e.g. "+ZI", "-YX". */
    const char *image[4];
} plt_gate_info;

/* Borrowed pointer to the table row of g (static storage); NULL for a bad g. */
const plt_gate_info *plt_gate_info_get(plt_gate g);
/* Looks a Clifford up by its lower-case name; returns PLT_GATE_COUNT when absent. */
plt_gate plt_gate_by_name(const char *name);

typedef enum plt_op_kind { PLT_OP_CLIFFORD, PLT_OP_ROTATION, PLT_OP_UNITARY } plt_op_kind;

typedef struct plt_op {
    plt_op_kind kind;
    plt_gate gate;          /* CLIFFORD */
    int nq;                 /* CLIFFORD, UNITARY: 1 or 2; ROTATION: weight of gen */
    int q[2];               /* CLIFFORD, UNITARY */
    const plt_pstring *gen; /* ROTATION: borrowed, lives as long as the circuit */
    int param;              /* ROTATION: parameter index, or -1 for a constant angle */
    double a, b;            /* ROTATION: theta = a * params[param] + b */
    const double *u;        /* UNITARY: 2^nq square, row-major, interleaved re, im */
} plt_op;

typedef struct plt_circuit plt_circuit;

/* An empty circuit on n qubits (1 <= n <= PLT_MAX_QUBITS). Free with plt_circuit_free. */
PLT_NODISCARD plt_status plt_circuit_new(int n, plt_circuit **out);
PLT_NODISCARD plt_status plt_circuit_clone(const plt_circuit *c, plt_circuit **out);
void plt_circuit_free(plt_circuit *c);

int plt_circuit_nqubits(const plt_circuit *c);
size_t plt_circuit_nops(const plt_circuit *c);
/* Borrowed pointer to op i, valid until the circuit is changed or freed. */
const plt_op *plt_circuit_op(const plt_circuit *c, size_t i);

/* Parameters: declared in order; each has a name and an initial value (NaN when
 * none, e.g. a QASM `input`; a number when made by --params-from-angles). */
int plt_circuit_nparams(const plt_circuit *c);
const char *plt_circuit_param_name(const plt_circuit *c, int k);
double plt_circuit_param_init(const plt_circuit *c, int k);
/* Declares a parameter; *index receives its number. PLT_EINVAL on a duplicate name. */
PLT_NODISCARD plt_status plt_circuit_add_param(plt_circuit *c, const char *name, double init,
                                               int *index);
/* Index of a parameter by name, or -1. */
int plt_circuit_param_index(const plt_circuit *c, const char *name);

/* Appends a Clifford on qubits[0..nqubits of g). Validates range and repeats. */
PLT_NODISCARD plt_status plt_circuit_add_clifford(plt_circuit *c, plt_gate g, const int *qubits);
/* Appends R_gen(a*params[param] + b); gen is copied. An identity gen is dropped
 * (a global phase). param must be -1 or a declared parameter; a, b finite. */
PLT_NODISCARD plt_status plt_circuit_add_rotation(plt_circuit *c, const plt_pstring *gen,
                                                  int param, double a, double b);
/* Appends a general unitary on nq (1 or 2) distinct qubits; u is copied. */
PLT_NODISCARD plt_status plt_circuit_add_unitary(plt_circuit *c, int nq, const int *qubits,
                                                 const double *u);
/* Appends every op of src (same n) to c, remapping src's parameters through
 * pmap (pmap[k] is c's index for src's parameter k; NULL for the identity map). */
PLT_NODISCARD plt_status plt_circuit_append(plt_circuit *c, const plt_circuit *src,
                                            const int *pmap);

/* Angle of a rotation op for the given parameters. */
static inline double plt_op_angle(const plt_op *op, const double *params) {
    return op->param >= 0 ? op->a * params[op->param] + op->b : op->b;
}

/* Generator of parameter k: the sum over the rotations that use it of
 * (a/2) * gen, so that d/dparam of the circuit is -i times it at that point.
 * *out is a new sum owned by the caller. */
PLT_NODISCARD plt_status plt_circuit_param_generator(const plt_circuit *c, int k, plt_psum **out);

/* Depth: layers of ops on disjoint qubits (ASAP schedule). */
size_t plt_circuit_depth(const plt_circuit *c);

/* Clifford absorption. Moves every Clifford op (and every constant rotation by a
 * multiple of pi/2, which is a Clifford) to the end of the circuit, conjugating
 * the later rotations' generators on the way, and finally conjugates the
 * observable, so that <psi|U^dag O U|psi> = <psi|V^dag O' V|psi> exactly with
 * V made of Pauli rotations only. UNITARY ops are refused (PLT_EUNSUPPORTED).
 * obs may be NULL (then *obs_out is set to NULL). Cost O(ops * n^2/64) worst case. */
PLT_NODISCARD plt_status plt_circuit_absorb_cliffords(const plt_circuit *c, const plt_psum *obs,
                                                      plt_circuit **out, plt_psum **obs_out);

/* The backward light cone of `obs`: the ops that can change <obs> (walking back from the
 * end, an op is kept when it touches the qubits reached so far), on the qubits they reach,
 * renumbered in increasing order, with the observable restricted to them. Same parameters,
 * so parameter vectors carry over. <obs> in the state |0...0> (or any product state
 * restricted to those qubits) is unchanged, exactly. *nq receives the cone's size even
 * when it exceeds max_qubits (> 0), which gives PLT_ETOOBIG. Cost O(ops * n/64). */
PLT_NODISCARD plt_status plt_circuit_lightcone(const plt_circuit *c, const plt_psum *obs,
                                               int max_qubits, plt_circuit **sub,
                                               plt_psum **sub_obs, int *nq);

/* Every constant rotation becomes a new parameter initialised at its angle
 * (appended after existing parameters, named "a0", "a1", ...). */
PLT_NODISCARD plt_status plt_circuit_params_from_angles(const plt_circuit *c, plt_circuit **out);

#ifdef __cplusplus
}
#endif
#endif
