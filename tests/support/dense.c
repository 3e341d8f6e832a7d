/* The dense oracle: full matrices from Kronecker products of 2x2 factors, multiplied
 * out naively. Slow on purpose and independent of every engine. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "support/dense.h"

typedef double complex cplx;

static const cplx PI_[2][2] = {{1, 0}, {0, 1}};
static const cplx PX[2][2] = {{0, 1}, {1, 0}};
static const cplx PY[2][2] = {{0, -I}, {I, 0}};
static const cplx PZ[2][2] = {{1, 0}, {0, -1}};

/* m = f[n-1] (x) ... (x) f[0]: qubit k is bit k of the index. */
static void kron(int n, const cplx (*const *f)[2], cplx *m) {
    size_t dim = (size_t)1 << n;
    for (size_t i = 0; i < dim; i++)
        for (size_t j = 0; j < dim; j++) {
            cplx v = 1;
            for (int k = 0; k < n && v != 0; k++) v *= f[k][(i >> k) & 1][(j >> k) & 1];
            m[i * dim + j] = v;
        }
}

static const cplx (*letter(char c))[2] {
    switch (c) {
    case 'X': return PX;
    case 'Y': return PY;
    case 'Z': return PZ;
    default: return PI_;
    }
}

void plt_dense_pauli_matrix(const plt_pstring *p, cplx *m) {
    int n = plt_pstring_nqubits(p);
    const cplx(*f[16])[2];
    for (int k = 0; k < n; k++) f[k] = letter(plt_pstring_get(p, k));
    kron(n, f, m);
}

/* Adds u (2^nq square, interleaved re/im, q[0] the low bit) on qubits q to zero matrix m,
 * as a sum over matrix units: each term is a Kronecker product of 2x2 factors. */
static void embed(int n, int nq, const int *q, const double *u, cplx *m) {
    size_t dim = (size_t)1 << n, ld = (size_t)1 << nq;
    cplx *term = malloc(dim * dim * sizeof *term);
    if (!term) abort();
    memset(m, 0, dim * dim * sizeof *m);
    static const cplx units[2][2][2][2] = {{{{1, 0}, {0, 0}}, {{0, 1}, {0, 0}}},
                                           {{{0, 0}, {1, 0}}, {{0, 0}, {0, 1}}}};
    for (size_t r = 0; r < ld; r++)
        for (size_t c = 0; c < ld; c++) {
            cplx v = u[2 * (r * ld + c)] + I * u[2 * (r * ld + c) + 1];
            if (v == 0) continue;
            const cplx(*f[16])[2];
            for (int k = 0; k < n; k++) f[k] = PI_;
            for (int j = 0; j < nq; j++) f[q[j]] = units[(r >> j) & 1][(c >> j) & 1];
            kron(n, f, term);
            for (size_t i = 0; i < dim * dim; i++) m[i] += v * term[i];
        }
    free(term);
}

void plt_dense_op_matrix(const plt_op *op, int n, const double *params, cplx *m) {
    size_t dim = (size_t)1 << n;
    switch (op->kind) {
    case PLT_OP_CLIFFORD:
        embed(n, op->nq, op->q, plt_gate_info_get(op->gate)->u, m);
        break;
    case PLT_OP_UNITARY: embed(n, op->nq, op->q, op->u, m); break;
    case PLT_OP_ROTATION: {
        double t = op->param >= 0 ? op->a * params[op->param] + op->b : op->b;
        plt_dense_pauli_matrix(op->gen, m);
        for (size_t i = 0; i < dim * dim; i++) m[i] *= -I * sin(t / 2);
        for (size_t i = 0; i < dim; i++) m[i * dim + i] += cos(t / 2);
        break;
    }
    }
}

static void matmul(size_t dim, const cplx *a, const cplx *b, cplx *out) {
    for (size_t i = 0; i < dim; i++)
        for (size_t j = 0; j < dim; j++) {
            cplx s = 0;
            for (size_t k = 0; k < dim; k++) s += a[i * dim + k] * b[k * dim + j];
            out[i * dim + j] = s;
        }
}

void plt_dense_circuit_matrix(const plt_circuit *c, const double *params, cplx *m) {
    int n = plt_circuit_nqubits(c);
    size_t dim = (size_t)1 << n;
    cplx *g = malloc(dim * dim * sizeof *g), *t = malloc(dim * dim * sizeof *t);
    if (!g || !t) abort();
    memset(m, 0, dim * dim * sizeof *m);
    for (size_t i = 0; i < dim; i++) m[i * dim + i] = 1;
    for (size_t k = 0; k < plt_circuit_nops(c); k++) {
        plt_dense_op_matrix(plt_circuit_op(c, k), n, params, g);
        matmul(dim, g, m, t); /* later ops act on the left */
        memcpy(m, t, dim * dim * sizeof *m);
    }
    free(g);
    free(t);
}

void plt_dense_state(const plt_circuit *c, const double *params, const char *bits, cplx *psi) {
    int n = plt_circuit_nqubits(c);
    size_t dim = (size_t)1 << n, b = 0;
    for (int k = 0; bits && k < n; k++)
        if (bits[k] == '1') b |= (size_t)1 << k;
    cplx *g = malloc(dim * dim * sizeof *g), *t = malloc(dim * sizeof *t);
    if (!g || !t) abort();
    memset(psi, 0, dim * sizeof *psi);
    psi[b] = 1;
    for (size_t k = 0; k < plt_circuit_nops(c); k++) {
        plt_dense_op_matrix(plt_circuit_op(c, k), n, params, g);
        for (size_t i = 0; i < dim; i++) {
            cplx s = 0;
            for (size_t j = 0; j < dim; j++) s += g[i * dim + j] * psi[j];
            t[i] = s;
        }
        memcpy(psi, t, dim * sizeof *psi);
    }
    free(g);
    free(t);
}

double plt_dense_expect(int n, const cplx *psi, const plt_psum *obs) {
    size_t dim = (size_t)1 << n;
    cplx *m = malloc(dim * dim * sizeof *m);
    plt_pstring *p = NULL;
    if (!m || plt_pstring_new(n, &p) != PLT_OK) abort();
    cplx total = 0;
    for (size_t t = 0; t < plt_psum_nterms(obs); t++) {
        double re, im;
        if (plt_psum_term(obs, t, p, &re, &im) != PLT_OK) abort();
        plt_dense_pauli_matrix(p, m);
        cplx e = 0;
        for (size_t i = 0; i < dim; i++)
            for (size_t j = 0; j < dim; j++) e += conj(psi[i]) * m[i * dim + j] * psi[j];
        total += (re + I * im) * e;
    }
    plt_pstring_free(p);
    free(m);
    return creal(total);
}

int plt_dense_equal_up_to_phase(const cplx *a, const cplx *b, int dim, double tol) {
    size_t d2 = (size_t)dim * dim, big = 0;
    for (size_t i = 0; i < d2; i++)
        if (cabs(b[i]) > cabs(b[big])) big = i;
    if (cabs(b[big]) < 1e-300) {
        for (size_t i = 0; i < d2; i++)
            if (cabs(a[i]) > tol) return 0;
        return 1;
    }
    cplx ph = a[big] / b[big];
    if (fabs(cabs(ph) - 1) > tol) return 0;
    ph /= cabs(ph);
    for (size_t i = 0; i < d2; i++)
        if (cabs(a[i] - ph * b[i]) > tol) return 0;
    return 1;
}
