/* The independent oracle for tests: dense matrices built by Kronecker products,
 * slow on purpose (n <= 10) and sharing no code with the engines. */
#ifndef PLT_TEST_DENSE_H
#define PLT_TEST_DENSE_H

#include <complex.h>

#include "plateau/circuit.h"
#include "plateau/pauli.h"

/* Full 2^n x 2^n matrix (row-major) of a Pauli string. */
void plt_dense_pauli_matrix(const plt_pstring *p, double complex *m);
/* Full 2^n x 2^n matrix of one op of an n-qubit circuit for the given parameters. */
void plt_dense_op_matrix(const plt_op *op, int n, const double *params, double complex *m);
/* Full unitary of the circuit (product of its op matrices). */
void plt_dense_circuit_matrix(const plt_circuit *c, const double *params, double complex *m);
/* State U|b> where b is the basis state given as n chars '0'/'1' (qubit k is char k), or
 * |0...0> when bits is NULL. psi has 2^n entries. */
void plt_dense_state(const plt_circuit *c, const double *params, const char *bits,
                     double complex *psi);
/* <psi| obs |psi> (real part) for an n-qubit state. */
double plt_dense_expect(int n, const double complex *psi, const plt_psum *obs);
/* 1 when a and b (dim x dim) are equal up to a global phase within tol (max-abs). */
int plt_dense_equal_up_to_phase(const double complex *a, const double complex *b, int dim,
                                double tol);

#endif
