/* Helpers shared by the statevector tests (static, header-only, tests only). */
#ifndef PLT_ENGINES_SV_TEST_UTIL_H
#define PLT_ENGINES_SV_TEST_UTIL_H

#include <complex.h>

#include "engines/statevector/sv.h"
#include "plateau/engine.h"
#include "support/test.h"

/* A Pauli string from dense text ("XIZ", qubit 0 first). */
static inline plt_pstring *svt_pstring(const char *text, int n) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_parse(text, n, "test", &p));
    return p;
}

static inline void svt_rot(plt_circuit *c, const char *gen, int param, double a, double b) {
    plt_pstring *p = svt_pstring(gen, plt_circuit_nqubits(c));
    plt_expect_ok(plt_circuit_add_rotation(c, p, param, a, b));
    plt_pstring_free(p);
}

static inline void svt_gate(plt_circuit *c, plt_gate g, int q0, int q1) {
    int q[2] = {q0, q1};
    plt_expect_ok(plt_circuit_add_clifford(c, g, q));
}

static inline plt_psum *svt_obs(const char *text, int n) {
    plt_psum *s = NULL;
    plt_expect_ok(plt_psum_parse(text, n, "test", &s));
    return s;
}

/* An n-qubit circuit with np parameters p0, p1, ... and no ops. */
static inline plt_circuit *svt_circuit(int n, int np) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    for (int k = 0; k < np; k++) {
        char name[16];
        int idx;
        snprintf(name, sizeof name, "p%d", k);
        plt_expect_ok(plt_circuit_add_param(c, name, NAN, &idx));
    }
    return c;
}

/* Loss (and gradient when grad != NULL) through the public engine API. */
static inline double svt_loss(const plt_circuit *c, const plt_psum *obs, const plt_state *st,
                              plt_grad_method gm, const double *params, double *grad) {
    plt_model m = {c, obs, st};
    plt_opts o;
    plt_opts_init(&o);
    o.grad_method = gm;
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan("statevector", &m, &o, &e));
    double loss = NAN;
    plt_expect_ok(plt_engine_loss(e, params, &loss, grad));
    plt_engine_free(e);
    return loss;
}

/* A Haar-ish random unitary of dimension dim (Gram-Schmidt of a random complex matrix). */
static inline void svt_random_unitary(plt_test_rng *r, int dim, double *u) {
    double complex m[16];
    for (int i = 0; i < dim * dim; i++)
        m[i] = (2 * plt_test_rng_uniform(r) - 1) + I * (2 * plt_test_rng_uniform(r) - 1);
    for (int c = 0; c < dim; c++) {
        for (int p = 0; p < c; p++) {
            double complex d = 0;
            for (int i = 0; i < dim; i++) d += conj(m[i * dim + p]) * m[i * dim + c];
            for (int i = 0; i < dim; i++) m[i * dim + c] -= d * m[i * dim + p];
        }
        double nn = 0;
        for (int i = 0; i < dim; i++) nn += creal(m[i * dim + c] * conj(m[i * dim + c]));
        for (int i = 0; i < dim; i++) m[i * dim + c] /= sqrt(nn);
    }
    for (int i = 0; i < dim * dim; i++) u[2 * i] = creal(m[i]), u[2 * i + 1] = cimag(m[i]);
}

/* A random Pauli string of weight >= 1 on n qubits as dense text into buf. */
static inline void svt_random_pauli(plt_test_rng *r, int n, char *buf) {
    do {
        for (int k = 0; k < n; k++) buf[k] = "IXYZ"[plt_test_rng_int(r, 4)];
        buf[n] = 0;
    } while (strspn(buf, "I") == (size_t)n);
}

/* Appends a random op of any kind; rotations use parameters 0..np-1 (shared) or constants. */
static inline void svt_random_op(plt_test_rng *r, plt_circuit *c, int np) {
    int n = plt_circuit_nqubits(c);
    int kind = plt_test_rng_int(r, 3);
    int q0 = plt_test_rng_int(r, n), q1 = plt_test_rng_int(r, n);
    if (kind == 0) {
        plt_gate g = (plt_gate)plt_test_rng_int(r, PLT_GATE_COUNT);
        if (plt_gate_info_get(g)->nqubits == 2 && n < 2) g = PLT_GATE_H;
        if (plt_gate_info_get(g)->nqubits == 2)
            while (q1 == q0) q1 = plt_test_rng_int(r, n);
        svt_gate(c, g, q0, q1);
    } else if (kind == 1) {
        char buf[64];
        svt_random_pauli(r, n, buf);
        int param = np > 0 && plt_test_rng_int(r, 4) ? plt_test_rng_int(r, np) : -1;
        double a = 2 * plt_test_rng_uniform(r) - 1, b = 6 * plt_test_rng_uniform(r) - 3;
        svt_rot(c, buf, param, a, b);
    } else {
        double u[32];
        int nq = n >= 2 && plt_test_rng_int(r, 2) ? 2 : 1;
        if (nq == 2)
            while (q1 == q0) q1 = plt_test_rng_int(r, n);
        int q[2] = {q0, q1};
        svt_random_unitary(r, 1 << nq, u);
        plt_expect_ok(plt_circuit_add_unitary(c, nq, q, u));
    }
}

/* A random observable with `terms` terms of real coefficients. */
static inline plt_psum *svt_random_obs(plt_test_rng *r, int n, int terms) {
    plt_psum *s = NULL;
    plt_expect_ok(plt_psum_new(n, &s));
    for (int t = 0; t < terms; t++) {
        char buf[64];
        for (int k = 0; k < n; k++) buf[k] = "IXYZ"[plt_test_rng_int(r, 4)];
        buf[n] = 0;
        plt_pstring *p = svt_pstring(buf, n);
        plt_expect_ok(plt_psum_add(s, p, 2 * plt_test_rng_uniform(r) - 1, 0));
        plt_pstring_free(p);
    }
    return s;
}

#endif
