/* Internal to the density engine: a 2^n x 2^n density matrix (row r, column c at r * D + c,
 * qubit k is bit k of an index) and the kernels that act on it. */
#ifndef PLT_ENGINES_DENSITY_H
#define PLT_ENGINES_DENSITY_H

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

/* 4^12 entries of 16 bytes is 256 MiB a matrix: past that the engine is no longer a cheap
 * reference, and the gradient keeps several matrices. */
#define DM_MAX_QUBITS 12

/* A Pauli string on <= 64 qubits as masks: P|k> = i^ny (-1)^popcount(k & zm) |k ^ xm>, with
 * xm the X and Y qubits, zm the Y and Z qubits and ny the number of Y. */
typedef struct dm_pauli {
    uint64_t xm, zm;
    int ny;
} dm_pauli;

/* <k ^ xm| P |k>: the phase P gives basis state k. */
static inline double complex dm_phase(const dm_pauli *p, uint64_t k) {
    static const double complex ipow[4] = {1, I, -1, -I};
    int e = p->ny + 2 * (__builtin_popcountll(k & p->zm) & 1);
    return ipow[e & 3];
}

/* M <- R M and M <- M R^dag for R = exp(-i theta P / 2). */
void dm_rot_left(double complex *m, int n, const dm_pauli *p, double theta, int threads);
void dm_rot_right(double complex *m, int n, const dm_pauli *p, double theta, int threads);
/* M <- V M and M <- M V^dag for V (2^nq square, row-major, interleaved re, im as the
 * circuit stores it; local qubit 0, q[0], the low bit of its row index) on qubits q. */
void dm_gate_left(double complex *m, int n, int nq, const int *q, const double *v, int threads);
void dm_gate_right(double complex *m, int n, int nq, const int *q, const double *v,
                   int threads);
/* On qubit q: depolarising p (every non-identity Pauli on q scaled by 1 - p) and dephasing d
 * (X and Y on q scaled by 1 - 2d). Both channels are their own adjoints. */
void dm_noise(double complex *m, int n, int q, double p, double d, int threads);
/* Tr(P M). */
double complex dm_trace_pauli(const double complex *m, int n, const dm_pauli *p);
/* Tr(A (P S - S P)) for matrices A, S. */
double complex dm_trace_comm(const double complex *a, const double complex *s, int n,
                             const dm_pauli *p);
/* M += c P. */
void dm_add_pauli(double complex *m, int n, const dm_pauli *p, double c);

#endif
