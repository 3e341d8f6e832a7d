/* labels: unit agree
 * The light cone of an observable keeps its expectation exactly, on fewer qubits. */
#include <stdio.h>

#include "support/test.h"

#include "circuit/lightcone_cut.h"
#include "plateau/circuit.h"
#include "support/dense.h"

static plt_circuit *shallow(plt_test_rng *r, int n, int layers, int *np) {
    plt_circuit *c = NULL;
    plt_pstring *g = NULL;
    int k = 0;
    plt_expect_ok(plt_circuit_new(n, &c));
    plt_expect_ok(plt_pstring_new(n, &g));
    for (int l = 0; l < layers; l++) {
        for (int q = 0; q < n; q++) {
            char name[32];
            snprintf(name, sizeof name, "t%d", k);
            plt_expect_ok(plt_circuit_add_param(c, name, 0, &k));
            plt_expect_ok(plt_pstring_set(g, q, "XYZ"[plt_test_rng_int(r, 3)]));
            plt_expect_ok(plt_circuit_add_rotation(c, g, k, 1.0, 0.1));
            plt_expect_ok(plt_pstring_set(g, q, 'I'));
            k++;
        }
        for (int q = l % 2; q + 1 < n; q += 2) {
            int qs[2] = {q, q + 1};
            plt_expect_ok(plt_circuit_add_clifford(c, l % 3 ? PLT_GATE_CZ : PLT_GATE_CX, qs));
        }
    }
    plt_pstring_free(g);
    *np = k;
    return c;
}

static void test_cone_keeps_expectation(void **unused) {
    (void)unused;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    const int n = 8;
    int refused = 0;
    for (int trial = 0; trial < 12; trial++) {
        int np, nq = 0, layers = 1 + trial % 3;
        plt_circuit *c = shallow(&r, n, layers, &np), *sub = NULL;
        plt_psum *obs = NULL, *sobs = NULL;
        char text[64];
        int a = plt_test_rng_int(&r, n), b = plt_test_rng_int(&r, n);
        snprintf(text, sizeof text, a == b ? "0.7*Z%d + 0.2*X%d" : "0.7*Z%d*Y%d + 0.2", a, b);
        plt_expect_ok(plt_psum_parse(text, n, "test", &obs));
        plt_expect_ok(plt_circuit_lightcone(c, obs, 0, &sub, &sobs, &nq));
        assert_int_equal(plt_circuit_nqubits(sub), nq);
        assert_int_equal(plt_circuit_nparams(sub), np);
        /* Each layer of the brickwork widens each of the (at most two) intervals of the cone by
         * at most one qubit on each side. */
        assert_true(nq <= 2 + 4 * layers);
        double params[64];
        for (int k = 0; k < np; k++) params[k] = 6 * plt_test_rng_uniform(&r) - 3;
        double complex *psi = malloc(sizeof *psi << n), *phi = malloc(sizeof *phi << nq);
        plt_dense_state(c, params, NULL, psi);
        plt_dense_state(sub, params, NULL, phi);
        plt_expect_close(plt_dense_expect(nq, phi, sobs), plt_dense_expect(n, psi, obs), 0, 1e-12);
        free(psi);
        free(phi);
        plt_circuit_free(sub);
        plt_psum_free(sobs);
        /* Too wide for the limit: refused, with the size (a limit needs a cone of two). */
        if (nq > 1) {
            plt_expect_error(plt_circuit_lightcone(c, obs, nq - 1, &sub, &sobs, &nq), PLT_ETOOBIG,
                             "light cone of the observable spans");
            assert_null(sub);
            refused++;
        }
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
    assert_true(refused > 0); /* the refusal above was tested at least once */
}

/* The masks' walk against a walk over qubit flags, on circuits of one to three words a plane
 * whose cones fill up (the walk's early stop must still mark every earlier op). */
static void test_grow_matches_flags(void **unused) {
    (void)unused;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 3);
    const int sizes[] = {5, 64, 70, 130};
    int filled = 0, partial = 0;
    for (int trial = 0; trial < 24; trial++) {
        /* Few ops leave the cone partial, many fill it. */
        const int n = sizes[trial % 4], nops = trial % 3 ? 8 * n : n / 2 + 1;
        plt_circuit *c = NULL;
        plt_pstring *g = NULL;
        plt_expect_ok(plt_circuit_new(n, &c));
        plt_expect_ok(plt_pstring_new(n, &g));
        for (int i = 0; i < nops; i++) {
            const int a = plt_test_rng_int(&r, n), b = plt_test_rng_int(&r, n);
            if (i % 3 || a == b) {
                plt_expect_ok(plt_pstring_set(g, a, "XYZ"[plt_test_rng_int(&r, 3)]));
                plt_expect_ok(plt_circuit_add_rotation(c, g, -1, 0, 0.3));
                plt_expect_ok(plt_pstring_set(g, a, 'I'));
            } else {
                int qs[2] = {a, b};
                plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, qs));
            }
        }
        plt_lightcone lc;
        plt_expect_ok(plt_lightcone_init(&lc, c));
        uint64_t cone[3] = {0, 0, 0};
        unsigned char *in = calloc((size_t)n, 1), *keep = malloc((size_t)nops);
        const int q0 = plt_test_rng_int(&r, n);
        cone[q0 >> 6] |= 1ULL << (q0 & 63);
        in[q0] = 1;
        plt_lightcone_grow(&lc, cone, keep);
        for (int i = nops; i-- > 0;) {
            const plt_op *op = plt_circuit_op(c, (size_t)i);
            int q[2], k = 0;
            if (op->kind == PLT_OP_ROTATION) k = plt_pstring_support(op->gen, q, 2);
            else for (k = 0; k < op->nq; k++) q[k] = op->q[k];
            int meets = 0;
            for (int j = 0; j < k; j++) meets |= in[q[j]];
            assert_int_equal(keep[i], meets);
            for (int j = 0; j < k && meets; j++) in[q[j]] = 1;
        }
        int *map = malloc((size_t)n * sizeof *map), m = 0;
        for (int q = 0; q < n; q++) assert_int_equal((cone[q >> 6] >> (q & 63)) & 1, in[q]);
        for (int q = 0; q < n; q++) m += in[q];
        assert_int_equal(plt_lightcone_map(&lc, cone, map), m);
        filled += m == n;
        partial += m < n;
        free(map);
        free(in);
        free(keep);
        plt_lightcone_free(&lc);
        plt_pstring_free(g);
        plt_circuit_free(c);
    }
    assert_true(filled > 0 && partial > 0);
}

/* QAOA-like layers: ZZ rotations on random pairs in random order (a diagonal run, which grows
 * the cone at once), CZ and S among them, then RX on every qubit. The cone keeps the
 * expectation exactly, and an edge chain written in order no longer carries the cone across the
 * chain within one layer. */
static void test_diagonal_runs(void **unused) {
    (void)unused;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 7);
    const int n = 10;
    for (int trial = 0; trial < 16; trial++) {
        plt_circuit *c = NULL, *sub = NULL;
        plt_pstring *g = NULL;
        plt_psum *obs = NULL, *sobs = NULL;
        plt_expect_ok(plt_circuit_new(n, &c));
        plt_expect_ok(plt_pstring_new(n, &g));
        int k = 0, layers = 1 + trial % 2;
        for (int l = 0; l < layers; l++) {
            for (int e = 0; e < 6; e++) {
                int a = plt_test_rng_int(&r, n), b = (a + 1 + plt_test_rng_int(&r, n - 1)) % n;
                if (e == 2) {
                    int qs[2] = {a, b};
                    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CZ, qs));
                    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_S, qs));
                    continue;
                }
                char name[16];
                snprintf(name, sizeof name, "g%d", k);
                plt_expect_ok(plt_circuit_add_param(c, name, 0, &k));
                plt_expect_ok(plt_pstring_set(g, a, 'Z'));
                plt_expect_ok(plt_pstring_set(g, b, 'Z'));
                plt_expect_ok(plt_circuit_add_rotation(c, g, k++, 1.0, 0.0));
                plt_expect_ok(plt_pstring_set(g, a, 'I'));
                plt_expect_ok(plt_pstring_set(g, b, 'I'));
            }
            for (int q = 0; q < n; q++) {
                char name[16];
                snprintf(name, sizeof name, "b%d", k);
                plt_expect_ok(plt_circuit_add_param(c, name, 0, &k));
                plt_expect_ok(plt_pstring_set(g, q, 'X'));
                plt_expect_ok(plt_circuit_add_rotation(c, g, k++, 1.0, 0.0));
                plt_expect_ok(plt_pstring_set(g, q, 'I'));
            }
        }
        char text[64];
        int a = plt_test_rng_int(&r, n), b = (a + 1) % n;
        snprintf(text, sizeof text, "0.6*Z%d*Z%d - 0.3*X%d", a, b, a);
        plt_expect_ok(plt_psum_parse(text, n, "test", &obs));
        int nq = 0;
        plt_expect_ok(plt_circuit_lightcone(c, obs, 0, &sub, &sobs, &nq));
        double params[128];
        for (int j = 0; j < k; j++) params[j] = 6 * plt_test_rng_uniform(&r) - 3;
        double complex *psi = malloc(sizeof *psi << n), *phi = malloc(sizeof *phi << nq);
        plt_dense_state(c, params, NULL, psi);
        plt_dense_state(sub, params, NULL, phi);
        plt_expect_close(plt_dense_expect(nq, phi, sobs), plt_dense_expect(n, psi, obs), 0, 1e-12);
        free(psi);
        free(phi);
        plt_circuit_free(sub);
        plt_psum_free(sobs);
        plt_psum_free(obs);
        plt_pstring_free(g);
        plt_circuit_free(c);
    }
    /* A chain of ZZ rotations written from the far end, (8,9), ..., (1,2), (0,1): walked op by
     * op backwards each edge would meet the cone the one after it grew, and the cone of X0*X1
     * would be the whole chain; as one run it is {0, 1, 2}. */
    plt_circuit *c = NULL, *sub = NULL;
    plt_pstring *g = NULL;
    plt_psum *obs = NULL, *sobs = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    plt_expect_ok(plt_pstring_new(n, &g));
    for (int q = n - 2; q >= 0; q--) {
        plt_expect_ok(plt_pstring_set(g, q, 'Z'));
        plt_expect_ok(plt_pstring_set(g, q + 1, 'Z'));
        plt_expect_ok(plt_circuit_add_rotation(c, g, -1, 0, 0.4));
        plt_expect_ok(plt_pstring_set(g, q, 'I'));
        plt_expect_ok(plt_pstring_set(g, q + 1, 'I'));
    }
    plt_expect_ok(plt_psum_parse("X0*X1", n, "test", &obs));
    int nq = 0;
    plt_expect_ok(plt_circuit_lightcone(c, obs, 0, &sub, &sobs, &nq));
    assert_int_equal(nq, 3);
    plt_circuit_free(sub);
    plt_psum_free(sobs);
    plt_psum_free(obs);
    plt_pstring_free(g);
    plt_circuit_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cone_keeps_expectation),
                                       cmocka_unit_test(test_grow_matches_flags),
                                       cmocka_unit_test(test_diagonal_runs)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
