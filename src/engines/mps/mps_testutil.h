/* Helpers shared by the mps tests (static, header-only, tests only): random circuits with
 * every op kind, random observables and states, engines run through the public API. */
#ifndef PLT_ENGINES_MPS_TESTUTIL_H
#define PLT_ENGINES_MPS_TESTUTIL_H

#include <complex.h>

#include "plateau/engine.h"
#include "support/test.h"

enum { MT_CLIFFORD = 1, MT_ROTATION = 2, MT_UNITARY = 4, MT_ALL = 7 };

/* k distinct qubits of n into q. */
static inline void mt_qubits(plt_test_rng *r, int n, int k, int *q) {
    for (int i = 0; i < k; i++) {
        int again;
        do {
            q[i] = plt_test_rng_int(r, n);
            again = 0;
            for (int j = 0; j < i; j++) again |= q[j] == q[i];
        } while (again);
    }
}

/* A Haar-ish random d x d unitary (Gram-Schmidt of a random complex matrix), row-major
 * interleaved re, im. */
static inline void mt_unitary(plt_test_rng *r, int d, double *u) {
    double complex m[16];
    for (int i = 0; i < d * d; i++)
        m[i] = (plt_test_rng_uniform(r) - 0.5) + I * (plt_test_rng_uniform(r) - 0.5);
    for (int c = 0; c < d; c++) { /* columns orthonormal */
        for (int p = 0; p < c; p++) {
            double complex dot = 0;
            for (int i = 0; i < d; i++) dot += conj(m[i * d + p]) * m[i * d + c];
            for (int i = 0; i < d; i++) m[i * d + c] -= dot * m[i * d + p];
        }
        double nrm = 0;
        for (int i = 0; i < d; i++) nrm += creal(m[i * d + c] * conj(m[i * d + c]));
        for (int i = 0; i < d; i++) m[i * d + c] /= sqrt(nrm);
    }
    for (int i = 0; i < d * d; i++) u[2 * i] = creal(m[i]), u[2 * i + 1] = cimag(m[i]);
}

/* A random circuit of nops ops of the kinds in `kinds` on n qubits with nparams parameters
 * (rotations share them at random; one in five is a constant angle). Rotations have weight
 * 1..min(4, n) on random, mostly non-adjacent, qubits. */
static inline plt_circuit *mt_circuit(plt_test_rng *r, int n, int nops, int nparams, int kinds) {
    plt_circuit *c = NULL;
    plt_pstring *g = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    plt_expect_ok(plt_pstring_new(n, &g));
    for (int k = 0; k < nparams; k++) {
        char name[16];
        int idx;
        snprintf(name, sizeof name, "t%d", k);
        plt_expect_ok(plt_circuit_add_param(c, name, 0, &idx));
    }
    for (int i = 0; i < nops; i++) {
        int kind;
        do kind = 1 << plt_test_rng_int(r, 3);
        while (!(kinds & kind));
        int q[4];
        if (kind == MT_CLIFFORD) {
            plt_gate gate = (plt_gate)plt_test_rng_int(r, PLT_GATE_COUNT);
            int nq = plt_gate_info_get(gate)->nqubits;
            if (nq > n) continue;
            mt_qubits(r, n, nq, q);
            plt_expect_ok(plt_circuit_add_clifford(c, gate, q));
        } else if (kind == MT_ROTATION) {
            int w = 1 + plt_test_rng_int(r, n < 4 ? n : 4);
            mt_qubits(r, n, w, q);
            for (int j = 0; j < w; j++) plt_expect_ok(plt_pstring_set(g, q[j], "XYZ"[plt_test_rng_int(r, 3)]));
            int param = nparams && plt_test_rng_int(r, 5) ? plt_test_rng_int(r, nparams) : -1;
            double a = param >= 0 ? (plt_test_rng_int(r, 2) ? 1.0 : -0.5 - plt_test_rng_uniform(r)) : 0;
            plt_expect_ok(plt_circuit_add_rotation(c, g, param, a, 2 * plt_test_rng_uniform(r) - 1));
            for (int j = 0; j < w; j++) plt_expect_ok(plt_pstring_set(g, q[j], 'I'));
        } else {
            int nq = n >= 2 ? 1 + plt_test_rng_int(r, 2) : 1;
            double u[32];
            mt_unitary(r, 1 << nq, u);
            mt_qubits(r, n, nq, q);
            plt_expect_ok(plt_circuit_add_unitary(c, nq, q, u));
        }
    }
    plt_pstring_free(g);
    return c;
}

/* A random Hermitian Pauli sum: nterms terms of weight 0..3, coefficients in [-1, 1]. */
static inline plt_psum *mt_obs(plt_test_rng *r, int n, int nterms) {
    plt_psum *s = NULL;
    plt_pstring *p = NULL;
    plt_expect_ok(plt_psum_new(n, &s));
    plt_expect_ok(plt_pstring_new(n, &p));
    for (int t = 0; t < nterms; t++) {
        int w = plt_test_rng_int(r, (n < 3 ? n : 3) + 1), q[4];
        mt_qubits(r, n, w, q);
        for (int j = 0; j < w; j++) plt_expect_ok(plt_pstring_set(p, q[j], "XYZ"[plt_test_rng_int(r, 3)]));
        plt_expect_ok(plt_psum_add(s, p, 2 * plt_test_rng_uniform(r) - 1, 0));
        for (int j = 0; j < w; j++) plt_expect_ok(plt_pstring_set(p, q[j], 'I'));
    }
    plt_pstring_free(p);
    return s;
}

/* A random initial state: zero, basis or a pure product (kind 0, 1, 2). */
static inline plt_state *mt_state(plt_test_rng *r, int n, int kind) {
    plt_state *s = NULL;
    if (kind == 0) {
        plt_expect_ok(plt_state_new_zero(n, &s));
    } else if (kind == 1) {
        char bits[65] = {0};
        for (int q = 0; q < n; q++) bits[q] = (char)('0' + plt_test_rng_int(r, 2));
        plt_expect_ok(plt_state_new_basis(n, bits, &s));
    } else {
        double b[3 * 64];
        for (int q = 0; q < n; q++) {
            double z = 2 * plt_test_rng_uniform(r) - 1, ph = 2 * M_PI * plt_test_rng_uniform(r);
            b[3 * q] = sqrt(1 - z * z) * cos(ph);
            b[3 * q + 1] = sqrt(1 - z * z) * sin(ph);
            b[3 * q + 2] = z;
        }
        plt_expect_ok(plt_state_new_product(n, b, &s));
    }
    return s;
}

static inline void mt_params(plt_test_rng *r, int np, double *p) {
    for (int k = 0; k < np; k++) p[k] = 6 * plt_test_rng_uniform(r) - 3;
}

/* Loss (and gradient when grad != NULL) of engine `name`; stats when out != NULL. */
static inline double mt_run(const char *name, const plt_model *m, const plt_opts *o,
                            const double *params, double *grad, plt_stats *out) {
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan(name, m, o, &e));
    double l = 0;
    plt_expect_ok(plt_engine_loss(e, params, &l, grad));
    if (out) plt_engine_stats(e, out);
    plt_engine_free(e);
    return l;
}

#endif
