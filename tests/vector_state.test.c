/* labels: agree
 * State vectors ("vector:FILE", plt_state_new_vector): the text and .npy readers, their
 * messages, the Pauli expectation against a dense matrix, and every engine that takes a
 * vector (statevector, pauliprop, gsim) against the dense oracle on random circuits. */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plateau/plateau.h"
#include "support/dense.h"
#include "support/test.h"

static void random_amps(plt_test_rng *r, int n, double *a) {
    size_t dim = (size_t)1 << n;
    double norm = 0;
    for (size_t i = 0; i < 2 * dim; i++) {
        a[i] = 2 * plt_test_rng_uniform(r) - 1;
        norm += a[i] * a[i];
    }
    for (size_t i = 0; i < 2 * dim; i++) a[i] /= sqrt(norm);
}

static plt_pstring *random_string(plt_test_rng *r, int n) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(n, &p));
    static const char letters[] = "IXYZ";
    for (int q = 0; q < n; q++)
        plt_expect_ok(plt_pstring_set(p, q, letters[plt_test_rng_int(r, 4)]));
    return p;
}

static char tmp_path[256];
static const char *write_file(const char *suffix, const void *bytes, size_t len) {
    snprintf(tmp_path, sizeof tmp_path, "/tmp/plt-vector-%d%s", (int)getpid(), suffix);
    FILE *f = fopen(tmp_path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    return tmp_path;
}

/* A .npy file as numpy.save writes it: version 1.0, a header padded to 64 bytes. */
static size_t make_npy(unsigned char *out, const char *descr, const char *shape,
                       const void *data, size_t dlen) {
    char hdr[256];
    int hl = snprintf(hdr, sizeof hdr, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                      descr, shape);
    int total = 10 + hl + 1;
    int pad = (64 - total % 64) % 64;
    memcpy(out, "\x93NUMPY\x01\x00", 8);
    int hlen = hl + pad + 1;
    out[8] = (unsigned char)(hlen & 0xff);
    out[9] = (unsigned char)(hlen >> 8);
    memcpy(out + 10, hdr, (size_t)hl);
    memset(out + 10 + hl, ' ', (size_t)pad);
    out[10 + hl + pad] = '\n';
    memcpy(out + 10 + hlen, data, dlen);
    return (size_t)(10 + hlen) + dlen;
}

static void test_expectation_against_dense(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    for (int n = 1; n <= 6; n++) {
        size_t dim = (size_t)1 << n;
        double *a = malloc(2 * dim * sizeof *a);
        double complex *psi = malloc(dim * sizeof *psi), *m = malloc(dim * dim * sizeof *m);
        random_amps(&r, n, a);
        for (size_t i = 0; i < dim; i++) psi[i] = a[2 * i] + I * a[2 * i + 1];
        plt_state *s = NULL;
        plt_expect_ok(plt_state_new_vector(n, a, &s));
        assert_int_equal(plt_state_kind_of(s), PLT_STATE_VECTOR);
        for (int t = 0; t < 20; t++) {
            plt_pstring *p = random_string(&r, n);
            plt_dense_pauli_matrix(p, m);
            double complex want = 0;
            for (size_t i = 0; i < dim; i++)
                for (size_t j = 0; j < dim; j++) want += conj(psi[i]) * m[i * dim + j] * psi[j];
            double got;
            plt_expect_ok(plt_state_pauli_expect(s, p, &got));
            plt_expect_close(got, creal(want), 0, 1e-12);
            plt_pstring_free(p);
        }
        plt_state_free(s);
        free(a);
        free(psi);
        free(m);
    }
}

static void test_text_and_npy_agree(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 1);
    const int n = 4;
    const size_t dim = (size_t)1 << n;
    double a[32];
    random_amps(&r, n, a);
    char text[4096];
    size_t len = (size_t)snprintf(text, sizeof text, "# a random 4-qubit state\n");
    for (size_t i = 0; i < dim; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "%.17g %.17g\n\n", a[2 * i],
                                a[2 * i + 1]);
    char spec[300];
    snprintf(spec, sizeof spec, "vector:%s", write_file(".txt", text, len));
    plt_state *st = NULL, *sn = NULL;
    plt_expect_ok(plt_state_parse(spec, n, "--state", &st));
    unsigned char npy[1024];
    size_t nl = make_npy(npy, "<c16", "(16,)", a, sizeof a);
    snprintf(spec, sizeof spec, "vector:%s", write_file(".npy", npy, nl));
    plt_expect_ok(plt_state_parse(spec, n, "--state", &sn));
    const double *x = plt_state_amplitudes(st), *y = plt_state_amplitudes(sn);
    for (size_t i = 0; i < 2 * dim; i++) {
        plt_expect_close(x[i], a[i], 0, 1e-15);
        plt_expect_close(y[i], a[i], 0, 1e-15);
    }
    plt_state_free(st);
    plt_state_free(sn);

    /* float64 .npy: real amplitudes; a text line with one number is real too. */
    double re[4] = {0.5, -0.5, 0.5, 0.5};
    nl = make_npy(npy, "<f8", "(4,)", re, sizeof re);
    snprintf(spec, sizeof spec, "vector:%s", write_file(".npy", npy, nl));
    plt_expect_ok(plt_state_parse(spec, 2, "--state", &sn));
    plt_expect_close(plt_state_amplitudes(sn)[2], -0.5, 0, 0);
    plt_expect_close(plt_state_amplitudes(sn)[3], 0, 0, 0);
    plt_state_free(sn);
    snprintf(spec, sizeof spec, "vector:%s", write_file(".txt", "0.6\n0.8, 0\n", 11));
    plt_expect_ok(plt_state_parse(spec, 1, "--state", &sn));
    plt_expect_close(plt_state_amplitudes(sn)[2], 0.8, 0, 0);
    plt_state_free(sn);
}

static void expect_bad(const char *suffix, const void *bytes, size_t len, int n, plt_status code,
                       const char *msg) {
    char spec[300];
    snprintf(spec, sizeof spec, "vector:%s", write_file(suffix, bytes, len));
    plt_state *s = NULL;
    plt_expect_error(plt_state_parse(spec, n, "--state", &s), code, msg);
    assert_null(s);
}

static void test_messages(void **state) {
    (void)state;
    expect_bad(".txt", "1 0\n0 0\n0 0\n", 12, 2, PLT_EINVAL,
               ":4:1: 3 amplitudes for a 2-qubit state, which needs 4");
    expect_bad(".txt", "1 0\n0 0 0\n", 10, 1, PLT_EPARSE, ":2:5: more than two numbers");
    expect_bad(".txt", "1 0\n0 x\n", 8, 1, PLT_EPARSE, ":2:3: 'x' is not a finite number");
    expect_bad(".txt", "1 nan\n0 0\n", 10, 1, PLT_EPARSE, "'nan' is not a finite number");
    expect_bad(".txt", "1 0\n0 0\n0 0\n", 12, 1, PLT_EINVAL,
               ":3:1: more amplitudes than the 2 of a 1-qubit state");
    expect_bad(".txt", "1 0\n1 0\n", 8, 1, PLT_EINVAL, "squared norm 2; a state needs 1");
    expect_bad(".txt", "1\0", 2, 1, PLT_EPARSE, "NUL byte but is not a .npy file");
    unsigned char npy[512];
    double d[4] = {1, 0, 0, 0};
    size_t nl = make_npy(npy, "<c8", "(2,)", d, 16);
    expect_bad(".npy", npy, nl, 1, PLT_EUNSUPPORTED, "dtype '<c8'");
    nl = make_npy(npy, "<f8", "(2, 2)", d, 32);
    expect_bad(".npy", npy, nl, 2, PLT_EINVAL, "must be one-dimensional");
    nl = make_npy(npy, "<f8", "(2,)", d, 16);
    expect_bad(".npy", npy, nl, 2, PLT_EINVAL, "has 2 elements; a 2-qubit state needs 4");
    nl = make_npy(npy, "<f8", "(4,)", d, 24);
    expect_bad(".npy", npy, nl, 2, PLT_EPARSE, "the .npy data are 24 bytes");
    expect_bad(".npy", npy, 9, 2, PLT_EPARSE, "not a .npy file of a known version");
    plt_state *s = NULL;
    plt_expect_error(plt_state_parse("vector:", 2, "--state", &s), PLT_EINVAL, "names no file");
    plt_expect_error(plt_state_parse("vector:/nonexistent", 2, "--state", &s), PLT_EIO,
                     "cannot read '/nonexistent'");
    plt_expect_error(plt_state_parse("vector:/dev/null", 31, "--state", &s), PLT_ETOOBIG,
                     "1..30 qubits, not 31");
    double two[4] = {1, 0, 1, 0};
    plt_expect_error(plt_state_new_vector(1, two, &s), PLT_EINVAL, "squared norm 2");
    (void)unlink(tmp_path);
}

/* A random circuit of Cliffords and rotations about random strings with parameters; with
 * tfim set, rotations about X_q and Z_q Z_q+1 only (the so(2n) algebra, for gsim). */
static plt_circuit *random_circuit(plt_test_rng *r, int n, int nops, int np, int tfim) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    for (int k = 0; k < np; k++) {
        char name[16];
        snprintf(name, sizeof name, "t%d", k);
        int idx;
        plt_expect_ok(plt_circuit_add_param(c, name, 0.0, &idx));
    }
    static const plt_gate cl[] = {PLT_GATE_H, PLT_GATE_S, PLT_GATE_CX, PLT_GATE_CZ};
    for (int i = 0; i < nops; i++) {
        if (!tfim && plt_test_rng_int(r, 3) == 0) {
            plt_gate g = cl[plt_test_rng_int(r, 4)];
            int q[2] = {plt_test_rng_int(r, n), 0};
            q[1] = (q[0] + 1 + plt_test_rng_int(r, n - 1)) % n;
            plt_expect_ok(plt_circuit_add_clifford(c, g, q));
            continue;
        }
        plt_pstring *p = NULL;
        if (tfim) {
            /* every generator in turn, so that the algebra is all of so(2n) */
            plt_expect_ok(plt_pstring_new(n, &p));
            int q = i / 2 % (n - 1);
            if (i % 2 == 0) {
                plt_expect_ok(plt_pstring_set(p, i / 2 % n, 'X'));
            } else {
                plt_expect_ok(plt_pstring_set(p, q, 'Z'));
                plt_expect_ok(plt_pstring_set(p, q + 1, 'Z'));
            }
        } else {
            p = random_string(r, n);
            if (plt_pstring_weight(p) == 0) plt_expect_ok(plt_pstring_set(p, 0, 'X'));
        }
        plt_expect_ok(plt_circuit_add_rotation(c, p, plt_test_rng_int(r, np), 1.0, 0.0));
        plt_pstring_free(p);
    }
    return c;
}

/* Loss and gradient of each engine equal the dense oracle (loss) and the statevector
 * engine (gradient, itself checked against finite differences elsewhere). */
static void agree(plt_test_rng *r, int tfim, const char *const *engines, int nengines) {
    const int n = 5, np = 6;
    const size_t dim = (size_t)1 << n;
    double a[64], params[6];
    random_amps(r, n, a);
    for (int k = 0; k < np; k++) params[k] = 2 * M_PI * plt_test_rng_uniform(r);
    plt_circuit *c = random_circuit(r, n, tfim ? 4 * n : 14, np, tfim);
    plt_psum *obs = NULL;
    plt_expect_ok(plt_psum_new(n, &obs));
    for (int t = 0; t < 3; t++) {
        plt_pstring *p = NULL;
        if (tfim) { /* generators lie in their own algebra */
            plt_expect_ok(plt_pstring_new(n, &p));
            plt_expect_ok(plt_pstring_set(p, t, 'Z'));
            plt_expect_ok(plt_pstring_set(p, t + 1, t == 1 ? 'I' : 'Z'));
            if (t == 1) plt_expect_ok(plt_pstring_set(p, t, 'X'));
        } else {
            p = random_string(r, n);
        }
        plt_expect_ok(plt_psum_add(obs, p, 2 * plt_test_rng_uniform(r) - 1, 0));
        plt_pstring_free(p);
    }
    double complex *u = malloc(dim * dim * sizeof *u), psi[32], out[32];
    plt_dense_circuit_matrix(c, params, u);
    for (size_t i = 0; i < dim; i++) psi[i] = a[2 * i] + I * a[2 * i + 1];
    for (size_t i = 0; i < dim; i++) {
        out[i] = 0;
        for (size_t j = 0; j < dim; j++) out[i] += u[i * dim + j] * psi[j];
    }
    double want = plt_dense_expect(n, out, obs);
    plt_state *s = NULL;
    plt_expect_ok(plt_state_new_vector(n, a, &s));
    plt_model m = {c, obs, s};
    plt_opts o;
    plt_opts_init(&o);
    double ref_grad[6];
    for (int e = 0; e < nengines; e++) {
        plt_engine *eng = NULL;
        plt_expect_ok(plt_engine_plan(engines[e], &m, &o, &eng));
        double loss, grad[6];
        plt_expect_ok(plt_engine_loss(eng, params, &loss, grad));
        plt_expect_close(loss, want, 0, 1e-10);
        for (int k = 0; k < np; k++) {
            if (e == 0) ref_grad[k] = grad[k];
            else plt_expect_close(grad[k], ref_grad[k], 0, 1e-9);
        }
        plt_engine_free(eng);
    }
    /* A light cone cannot restrict an entangled vector: a clear refusal, no answer. */
    plt_cost cost;
    plt_expect_error(plt_engine_estimate("lightcone", &m, &o, &cost), PLT_EUNSUPPORTED,
                     "state vector");
    plt_state_free(s);
    plt_psum_free(obs);
    plt_circuit_free(c);
    free(u);
}

static void test_engines_against_dense(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 2);
    static const char *const all[] = {"statevector", "pauliprop", "gsim"};
    for (int trial = 0; trial < 6; trial++) {
        agree(&r, 0, all, 2);
        agree(&r, 1, all, 3);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expectation_against_dense),
        cmocka_unit_test(test_text_and_npy_agree),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_engines_against_dense),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
