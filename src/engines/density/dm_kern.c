/* Density-matrix kernels: each one sweep over the 4^n entries, rows in parallel. They work on
 * matrix entries from the definitions (P|k> by masks, V's entries, the channels' Kraus sums),
 * not on Pauli coefficients, so that this engine checks the Heisenberg-picture ones
 * independently. */
#include <math.h>

#include "engines/density/density.h"

/* Rows in parallel once a matrix has this many entries (10 qubits): below it a thread team
 * costs more than the sweep (at 8 qubits a 128-layer noisy HEA took 0.26 s on one thread and
 * 3.4 s on two on a machine with a load of 6). */
#define DM_PAR_MIN (1u << 20)

void dm_rot_left(double complex *m, int n, const dm_pauli *p, double theta, int threads) {
    const uint64_t dim = 1ULL << n, xm = p->xm;
    const double c = cos(theta / 2), s = sin(theta / 2);
#pragma omp parallel for num_threads(threads) if (dim * dim >= DM_PAR_MIN) schedule(static)
    for (uint64_t r = 0; r < dim; r++) {
        double complex *a = m + r * dim;
        if (xm == 0) {
            const double complex f = c - I * s * dm_phase(p, r);
            for (uint64_t k = 0; k < dim; k++) a[k] *= f;
            continue;
        }
        const uint64_t r2 = r ^ xm;
        if (r2 < r) continue;
        double complex *b = m + r2 * dim;
        /* (P M)[r] = phase(r2) M[r2], (P M)[r2] = phase(r) M[r]. */
        const double complex fa = -I * s * dm_phase(p, r2), fb = -I * s * dm_phase(p, r);
        for (uint64_t k = 0; k < dim; k++) {
            const double complex x = a[k], y = b[k];
            a[k] = c * x + fa * y;
            b[k] = c * y + fb * x;
        }
    }
}

void dm_rot_right(double complex *m, int n, const dm_pauli *p, double theta, int threads) {
    const uint64_t dim = 1ULL << n, xm = p->xm;
    const double c = cos(theta / 2), s = sin(theta / 2);
#pragma omp parallel for num_threads(threads) if (dim * dim >= DM_PAR_MIN) schedule(static)
    for (uint64_t r = 0; r < dim; r++) {
        double complex *row = m + r * dim;
        /* R^dag = c + i s P, and (M P)[r][k] = M[r][k ^ xm] phase(k). */
        for (uint64_t k = 0; k < dim; k++) {
            if (xm == 0) {
                row[k] *= c + I * s * dm_phase(p, k);
                continue;
            }
            const uint64_t k2 = k ^ xm;
            if (k2 < k) continue;
            const double complex x = row[k], y = row[k2];
            row[k] = c * x + I * s * dm_phase(p, k) * y;
            row[k2] = c * y + I * s * dm_phase(p, k2) * x;
        }
    }
}

/* Index of local state l (bit j of l is qubit q[j]) over base index b (those bits clear). */
static inline uint64_t local_index(uint64_t b, int nq, const int *q, unsigned l) {
    for (int j = 0; j < nq; j++)
        if (l >> j & 1u) b |= 1ULL << q[j];
    return b;
}

static void load(const double *v, int dl, double complex *out) {
    for (int i = 0; i < dl * dl; i++) out[i] = v[2 * i] + I * v[2 * i + 1];
}

void dm_gate_left(double complex *m, int n, int nq, const int *q, const double *v, int threads) {
    const uint64_t dim = 1ULL << n;
    const int dl = 1 << nq;
    uint64_t mask = 0;
    for (int j = 0; j < nq; j++) mask |= 1ULL << q[j];
    double complex u[16];
    load(v, dl, u);
#pragma omp parallel for num_threads(threads) if (dim * dim >= DM_PAR_MIN) schedule(static)
    for (uint64_t r = 0; r < dim; r++) {
        if (r & mask) continue;
        double complex *rows[4];
        for (int l = 0; l < dl; l++) rows[l] = m + local_index(r, nq, q, (unsigned)l) * dim;
        for (uint64_t k = 0; k < dim; k++) {
            double complex x[4], y[4];
            for (int l = 0; l < dl; l++) x[l] = rows[l][k];
            for (int a = 0; a < dl; a++) {
                y[a] = 0;
                for (int b = 0; b < dl; b++) y[a] += u[a * dl + b] * x[b];
            }
            for (int l = 0; l < dl; l++) rows[l][k] = y[l];
        }
    }
}

void dm_gate_right(double complex *m, int n, int nq, const int *q, const double *v,
                   int threads) {
    const uint64_t dim = 1ULL << n;
    const int dl = 1 << nq;
    uint64_t mask = 0;
    for (int j = 0; j < nq; j++) mask |= 1ULL << q[j];
    double complex u[16];
    load(v, dl, u);
#pragma omp parallel for num_threads(threads) if (dim * dim >= DM_PAR_MIN) schedule(static)
    for (uint64_t r = 0; r < dim; r++) {
        double complex *row = m + r * dim;
        for (uint64_t k = 0; k < dim; k++) {
            if (k & mask) continue;
            uint64_t idx[4];
            double complex x[4];
            for (int l = 0; l < dl; l++) {
                idx[l] = local_index(k, nq, q, (unsigned)l);
                x[l] = row[idx[l]];
            }
            /* (M V^dag)[r][a] = sum_b M[r][b] conj(V[a][b]). */
            for (int a = 0; a < dl; a++) {
                double complex y = 0;
                for (int b = 0; b < dl; b++) y += x[b] * conj(u[a * dl + b]);
                row[idx[a]] = y;
            }
        }
    }
}

void dm_noise(double complex *m, int n, int q, double p, double d, int threads) {
    const uint64_t dim = 1ULL << n, bit = 1ULL << q;
    /* Off-diagonal in qubit q: the X and Y parts, damped by both channels. On the diagonal
     * the depolarising channel mixes |0><0| and |1><1| halfway by p: Z damped by 1 - p. */
    const double off = (1 - p) * (1 - 2 * d), keep = 1 - p / 2, mix = p / 2;
#pragma omp parallel for num_threads(threads) if (dim * dim >= DM_PAR_MIN) schedule(static)
    for (uint64_t r = 0; r < dim; r++) {
        double complex *row = m + r * dim;
        const uint64_t rb = r & bit;
        for (uint64_t k = 0; k < dim; k++) {
            if ((k & bit) != rb) {
                row[k] *= off;
            } else if (!rb && p > 0) {
                double complex *other = m + (r | bit) * dim + (k | bit);
                const double complex x = row[k], y = *other;
                row[k] = keep * x + mix * y;
                *other = keep * y + mix * x;
            }
        }
    }
}

double complex dm_trace_pauli(const double complex *m, int n, const dm_pauli *p) {
    const uint64_t dim = 1ULL << n;
    double re = 0, im = 0;
    for (uint64_t k = 0; k < dim; k++) {
        const double complex t = dm_phase(p, k) * m[k * dim + (k ^ p->xm)];
        re += creal(t);
        im += cimag(t);
    }
    return re + I * im;
}

double complex dm_trace_comm(const double complex *a, const double complex *s, int n,
                             const dm_pauli *p) {
    const uint64_t dim = 1ULL << n, xm = p->xm;
    double re = 0, im = 0;
    /* Tr(A P S) = sum A[r][j] phase(j ^ xm) S[j ^ xm][r];
     * Tr(A S P) = sum A[r][j] S[j][r ^ xm] phase(r). */
#pragma omp parallel for reduction(+ : re, im) if (dim * dim >= DM_PAR_MIN) schedule(static)
    for (uint64_t r = 0; r < dim; r++) {
        const double complex pr = dm_phase(p, r);
        double complex acc = 0;
        for (uint64_t j = 0; j < dim; j++) {
            const double complex aij = a[r * dim + j];
            acc += aij * (dm_phase(p, j ^ xm) * s[(j ^ xm) * dim + r] -
                          s[j * dim + (r ^ xm)] * pr);
        }
        re += creal(acc);
        im += cimag(acc);
    }
    return re + I * im;
}

void dm_add_pauli(double complex *m, int n, const dm_pauli *p, double c) {
    const uint64_t dim = 1ULL << n;
    for (uint64_t k = 0; k < dim; k++) m[(k ^ p->xm) * dim + k] += c * dm_phase(p, k);
}
