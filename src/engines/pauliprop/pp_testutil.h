/* Helpers shared by the pauliprop tests (header only: each test is its own program). */
#ifndef PLT_ENGINES_PAULIPROP_PP_TESTUTIL_H
#define PLT_ENGINES_PAULIPROP_PP_TESTUTIL_H

#include <unistd.h>

#include "engines/engine_ops.h"
#include "support/test.h"

extern const plt_engine_ops plt_engine_pauliprop;
extern const plt_engine_ops plt_engine_statevector;

/* A random Pauli string of weight 1..maxw on qubits chosen among qmap[0..n). */
static inline plt_pstring *tu_random_string(plt_test_rng *r, int ntot, int n, const int *qmap,
                                            int maxw) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(ntot, &p));
    int w = 1 + plt_test_rng_int(r, maxw < n ? maxw : n);
    for (int i = 0; i < w; i++) {
        int q = qmap[plt_test_rng_int(r, n)];
        plt_expect_ok(plt_pstring_set(p, q, "XYZ"[plt_test_rng_int(r, 3)]));
    }
    if (plt_pstring_weight(p) == 0) plt_expect_ok(plt_pstring_set(p, qmap[0], 'Z'));
    return p;
}

/* The layered circuits of the layer and gradient tests: nl layers on logical qubits 0..n-1
 * at qmap[] of ntot qubits, with np parameters. A layer is a rotation on every qubit in
 * random order (about X in the first layer, so that the observable's strings share classes;
 * random axes after), constant with probability 1/const_one_in; then n random two-qubit
 * Cliffords (only diagonal ones, CZ and S, when diag: an x-inert run); a constant ZZ quarter
 * turn on qmap[0], qmap[1]; and with split, in every other layer, a parameterised ZZ
 * rotation (it splits the next layer from this one). The draws depend on the seed only. */
static inline plt_circuit *tu_layered_circuit(uint64_t seed, int ntot, int n, const int *qmap,
                                              int nl, int np, int const_one_in, int diag,
                                              int split) {
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(ntot, &c));
    for (int k = 0; k < np; k++) {
        char name[16];
        snprintf(name, sizeof name, "t%d", k);
        int idx;
        plt_expect_ok(plt_circuit_add_param(c, name, 0.0, &idx));
    }
    static const plt_gate two[] = {PLT_GATE_CX, PLT_GATE_CZ, PLT_GATE_SWAP, PLT_GATE_ISWAP};
    assert_true(n <= 128);
    for (int l = 0; l < nl; l++) {
        int perm[128];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = plt_test_rng_int(&r, i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (int i = 0; i < n; i++) {
            plt_pstring *g = NULL;
            plt_expect_ok(plt_pstring_new(ntot, &g));
            const char axis = l == 0 ? 'X' : "XYZ"[plt_test_rng_int(&r, 3)];
            plt_expect_ok(plt_pstring_set(g, qmap[perm[i]], axis));
            const int param = plt_test_rng_int(&r, const_one_in) ? plt_test_rng_int(&r, np) : -1;
            const double a = 0.5 + plt_test_rng_uniform(&r), b = plt_test_rng_uniform(&r) - 0.5;
            plt_expect_ok(plt_circuit_add_rotation(c, g, param, param >= 0 ? a : 0.0, b));
            plt_pstring_free(g);
        }
        if (n < 2) continue;
        for (int i = 0; i < n; i++) {
            const int q0 = plt_test_rng_int(&r, n);
            const int q1 = (q0 + 1 + plt_test_rng_int(&r, n - 1)) % n;
            int q[2] = {qmap[q0], qmap[q1]};
            const plt_gate gt = diag ? PLT_GATE_CZ : two[plt_test_rng_int(&r, 4)];
            plt_expect_ok(plt_circuit_add_clifford(c, gt, q));
            if (diag && i % 2) plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_S, q));
        }
        plt_pstring *zz = NULL;
        plt_expect_ok(plt_pstring_new(ntot, &zz));
        plt_expect_ok(plt_pstring_set(zz, qmap[0], 'Z'));
        plt_expect_ok(plt_pstring_set(zz, qmap[1], 'Z'));
        plt_expect_ok(plt_circuit_add_rotation(c, zz, -1, 0.0, -M_PI / 2));
        if (split && l % 2) plt_expect_ok(plt_circuit_add_rotation(c, zz, l % np, -0.7, 0.2));
        plt_pstring_free(zz);
    }
    return c;
}

/* A random circuit of nops ops on logical qubits 0..n-1 placed at qmap[] of ntot qubits:
 * every Clifford of the table, rotations about random strings, shared parameters.
 * The random draws depend only on the seed, not on qmap or ntot. */
static inline plt_circuit *tu_random_circuit(uint64_t seed, int ntot, int n, const int *qmap,
                                             int nops, int nparams, int maxw) {
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(ntot, &c));
    for (int k = 0; k < nparams; k++) {
        char name[16];
        snprintf(name, sizeof name, "t%d", k);
        int idx;
        plt_expect_ok(plt_circuit_add_param(c, name, 0.0, &idx));
    }
    for (int i = 0; i < nops; i++) {
        if (plt_test_rng_int(&r, 2) == 0) {
            plt_gate g = (plt_gate)plt_test_rng_int(&r, PLT_GATE_COUNT);
            const plt_gate_info *gi = plt_gate_info_get(g);
            if (gi->nqubits == 2 && n < 2) g = PLT_GATE_H, gi = plt_gate_info_get(g);
            int q[2];
            q[0] = plt_test_rng_int(&r, n);
            q[1] = (q[0] + 1 + plt_test_rng_int(&r, n - 1 > 0 ? n - 1 : 1)) % n;
            int qq[2] = {qmap[q[0]], qmap[q[1]]};
            plt_expect_ok(plt_circuit_add_clifford(c, g, qq));
        } else {
            plt_pstring *p = tu_random_string(&r, ntot, n, qmap, maxw);
            int param = nparams > 0 && plt_test_rng_int(&r, 4) != 0 ? plt_test_rng_int(&r, nparams) : -1;
            static const double as[] = {1.0, -0.5, 2.0, 0.75};
            double a = as[plt_test_rng_int(&r, 4)];
            int bk = plt_test_rng_int(&r, 3);
            /* 0, a random angle, or a quarter turn (a Clifford rotation) */
            double b = bk == 0 ? 0.0
                     : bk == 1 ? 2 * plt_test_rng_uniform(&r) - 1
                               : (plt_test_rng_int(&r, 7) - 3) * M_PI / 2;
            plt_expect_ok(plt_circuit_add_rotation(c, p, param, a, b));
            plt_pstring_free(p);
        }
    }
    return c;
}

/* A random observable of nterms strings of weight <= maxw with real coefficients. */
static inline plt_psum *tu_random_obs(uint64_t seed, int ntot, int n, const int *qmap,
                                      int nterms, int maxw) {
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    plt_psum *s = NULL;
    plt_expect_ok(plt_psum_new(ntot, &s));
    for (int i = 0; i < nterms; i++) {
        plt_pstring *p = tu_random_string(&r, ntot, n, qmap, maxw);
        plt_expect_ok(plt_psum_add(s, p, 2 * plt_test_rng_uniform(&r) - 1, 0.0));
        plt_pstring_free(p);
    }
    return s;
}

/* Runs an engine through its ops: loss and (when grad != NULL) gradient. */
static inline plt_status tu_run(const plt_engine_ops *ops, const plt_model *m, const plt_opts *o,
                                const double *params, double *loss, double *grad,
                                plt_stats *stats) {
    void *st = NULL;
    plt_status s = ops->plan(&st, m, o);
    if (s) return s;
    s = ops->loss(st, params, loss, grad);
    if (stats) {
        memset(stats, 0, sizeof *stats);
        if (ops->stats) ops->stats(st, stats);
    }
    ops->free(st);
    return s;
}

/* A temporary file holding text; the caller unlinks it. */
static inline void tu_temp_file(char *path, size_t cap, const char *text) {
    snprintf(path, cap, "/tmp/pptestXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_true(write(fd, text, len) == (ssize_t)len);
    close(fd);
}

#endif
