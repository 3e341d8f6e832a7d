/* labels: unit */
/* The Clifford tableau (circuit/tableau.c): every gate's local maps against U^dag P U and
 * U P U^dag from the table's dense unitary; composed and conjugated maps of random Clifford
 * circuits against the dense oracle; the compiled images against plt_tableau_apply past one
 * word a plane; the quarter-turn test at its edges. */
#include <complex.h>

#include "circuit/tableau.h"
#include "pauli/pstring.h"
#include "support/dense.h"
#include "support/test.h"

typedef double complex cplx;

#define PI 3.14159265358979323846

static void local_matrix(unsigned bits, int nq, double sign, cplx *m) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(nq, &p));
    for (int q = 0; q < nq; q++) {
        unsigned x = (bits >> (2 * q)) & 1u, z = (bits >> (2 * q + 1)) & 1u;
        plt_expect_ok(plt_pstring_set(p, q, x ? (z ? 'Y' : 'X') : (z ? 'Z' : 'I')));
    }
    plt_dense_pauli_matrix(p, m);
    int d = 1 << nq;
    for (int i = 0; i < d * d; i++)
        m[i] *= sign;
    plt_pstring_free(p);
}

/* out = a^dag p a (adj = 1) or a p a^dag (adj = 0), d x d. */
static void conjugate(const cplx *a, const cplx *p, int d, int adj, cplx *out) {
    cplx *tmp = malloc((size_t)d * d * sizeof *tmp);
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            cplx acc = 0;
            for (int k = 0; k < d; k++)
                acc += adj ? p[i * d + k] * a[k * d + j] : p[i * d + k] * conj(a[j * d + k]);
            tmp[i * d + j] = acc;
        }
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            cplx acc = 0;
            for (int k = 0; k < d; k++)
                acc += adj ? conj(a[k * d + i]) * tmp[k * d + j] : a[i * d + k] * tmp[k * d + j];
            out[i * d + j] = acc;
        }
    free(tmp);
}

static double max_diff(const cplx *a, const cplx *b, int len) {
    double err = 0;
    for (int i = 0; i < len; i++)
        err = fmax(err, cabs(a[i] - b[i]));
    return err;
}

static void test_gate_maps(void **state) {
    (void)state;
    for (int g = 0; g < PLT_GATE_COUNT; g++) {
        const plt_gate_info *gi = plt_gate_info_get((plt_gate)g);
        const plt_gate_map *m = plt_gate_map_get((plt_gate)g);
        const int nq = gi->nqubits, d = 1 << nq;
        assert_int_equal(m->nq, nq);
        cplx u[16], p[16], want[16], got[16];
        for (int i = 0; i < d * d; i++)
            u[i] = gi->u[2 * i] + I * gi->u[2 * i + 1];
        for (unsigned s = 0; s < (1u << (2 * nq)); s++) {
            local_matrix(s, nq, 1.0, p);
            conjugate(u, p, d, 1, want);
            local_matrix(m->heis[s], nq, ((m->heis_neg >> s) & 1u) ? -1.0 : 1.0, got);
            double err = max_diff(got, want, d * d);
            if (err > 1e-12) print_error("gate %s, string %u, heis: error %g\n", gi->name, s, err);
            assert_true(err <= 1e-12);
            conjugate(u, p, d, 0, want);
            local_matrix(m->fwd[s], nq, ((m->fwd_neg >> s) & 1u) ? -1.0 : 1.0, got);
            err = max_diff(got, want, d * d);
            if (err > 1e-12) print_error("gate %s, string %u, fwd: error %g\n", gi->name, s, err);
            assert_true(err <= 1e-12);
        }
    }
}

static void random_string(int n, plt_test_rng *r, plt_pstring *p) {
    for (int q = 0; q < n; q++)
        plt_expect_ok(plt_pstring_set(p, q, "IXYZ"[plt_test_rng_int(r, 4)]));
}

/* Weight 1 to 3. */
static void random_generator(int n, plt_test_rng *r, plt_pstring *p) {
    for (int q = 0; q < n; q++)
        plt_expect_ok(plt_pstring_set(p, q, 'I'));
    const int w = 1 + plt_test_rng_int(r, 3);
    for (int i = 0; i < w; i++)
        plt_expect_ok(plt_pstring_set(p, plt_test_rng_int(r, n), "XYZ"[plt_test_rng_int(r, 3)]));
}

/* A Clifford circuit of table gates and quarter-turn rotations, applied to both tableaux as it
 * is built: compose (T(P) = C^dag P C) and conjugate (T(P) = C P C^dag). */
static plt_circuit *random_clifford(int n, int nops, plt_test_rng *r, plt_tableau *tc,
                                    plt_tableau *tf) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(n, &p));
    for (int i = 0; i < nops; i++) {
        if (plt_test_rng_int(r, 3)) {
            plt_gate g;
            do
                g = (plt_gate)plt_test_rng_int(r, PLT_GATE_COUNT);
            while (plt_gate_info_get(g)->nqubits > n);
            int q[2] = {plt_test_rng_int(r, n), 0};
            if (plt_gate_info_get(g)->nqubits == 2) do
                    q[1] = plt_test_rng_int(r, n);
                while (q[1] == q[0]);
            plt_expect_ok(plt_circuit_add_clifford(c, g, q));
            plt_tableau_compose_gate(tc, g, q);
            plt_tableau_conjugate_gate(tf, g, q);
        } else {
            random_generator(n, r, p);
            int k = plt_test_rng_int(r, 4), kk;
            double theta = (k + 4 * (plt_test_rng_int(r, 5) - 2)) * PI / 2;
            assert_true(plt_tableau_quarter_turns(theta, &kk));
            assert_int_equal(kk, k);
            plt_expect_ok(plt_circuit_add_rotation(c, p, -1, 0, theta));
            plt_tableau_compose_rotation(tc, p->x, p->z, k);
            plt_tableau_conjugate_rotation(tf, p->x, p->z, k);
        }
    }
    plt_pstring_free(p);
    return c;
}

/* i^ph (ox, oz) as a dense matrix. */
static void image_matrix(int n, int ph, const uint64_t *ox, const uint64_t *oz, cplx *m) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(n, &p));
    memcpy(p->x, ox, (size_t)p->nw * sizeof *ox);
    memcpy(p->z, oz, (size_t)p->nw * sizeof *oz);
    plt_dense_pauli_matrix(p, m);
    const cplx f = cpow(I, ph);
    for (size_t i = 0; i < ((size_t)1 << (2 * n)); i++)
        m[i] *= f;
    plt_pstring_free(p);
}

static void test_maps_against_dense(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 7);
    for (int trial = 0; trial < 40; trial++) {
        const int n = 1 + trial % 4, d = 1 << n;
        plt_tableau tc, tf;
        plt_expect_ok(plt_tableau_init(&tc, n));
        plt_expect_ok(plt_tableau_init(&tf, n));
        plt_circuit *c = random_clifford(n, 12, &r, &tc, &tf);
        cplx *u = malloc((size_t)d * d * sizeof *u), *pm = malloc((size_t)d * d * sizeof *pm),
             *want = malloc((size_t)d * d * sizeof *want),
             *got = malloc((size_t)d * d * sizeof *got);
        plt_dense_circuit_matrix(c, NULL, u);
        plt_pstring *p = NULL;
        plt_expect_ok(plt_pstring_new(n, &p));
        uint64_t ox[1], oz[1];
        for (int s = 0; s < 8; s++) {
            random_string(n, &r, p);
            plt_dense_pauli_matrix(p, pm);
            for (int adj = 0; adj < 2; adj++) {
                const plt_tableau *t = adj ? &tc : &tf;
                const int ph = plt_tableau_apply(t, p->x, p->z, ox, oz);
                assert_int_equal(ph & 1, 0);
                conjugate(u, pm, d, adj, want);
                image_matrix(n, ph, ox, oz, got);
                double err = max_diff(got, want, d * d);
                if (err > 1e-12)
                    print_error("seed %llu trial %d: %s map off by %g\n",
                                (unsigned long long)plt_test_seed(), trial,
                                adj ? "composed" : "conjugated", err);
                assert_true(err <= 1e-12);
            }
        }
        /* A copy is the same map. */
        plt_tableau cp = {0};
        plt_expect_ok(plt_tableau_copy(&cp, &tc));
        assert_memory_equal(cp.rows, tc.rows, plt_tableau_bytes(n));
        assert_memory_equal(cp.neg, tc.neg, 2 * (size_t)n);
        plt_tableau_free(&cp);
        plt_pstring_free(p);
        free(u), free(pm), free(want), free(got);
        plt_circuit_free(c);
        plt_tableau_free(&tc);
        plt_tableau_free(&tf);
    }
}

/* The compiled images give plt_tableau_apply's string and sign, for 1, 2 and 3 words. */
static void test_images_match_apply(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 11);
    const int sizes[] = {5, 64, 100, 150};
    for (int si = 0; si < 4; si++) {
        const int n = sizes[si], nw = plt_nwords(n);
        plt_tableau tc, tf;
        plt_expect_ok(plt_tableau_init(&tc, n));
        plt_expect_ok(plt_tableau_init(&tf, n));
        /* Only part of the qubits are touched, so some factors stay where they are. */
        plt_circuit *c = random_clifford(n, 3 * n, &r, &tc, &tf);
        plt_tableau_images im;
        plt_expect_ok(plt_tableau_images_make(&tc, &im));
        plt_pstring *p = NULL;
        plt_expect_ok(plt_pstring_new(n, &p));
        uint64_t *key = malloc(2 * (size_t)nw * sizeof *key), *ox = malloc((size_t)nw * 8),
                 *oz = malloc((size_t)nw * 8);
        int flips = 0;
        for (int s = 0; s < 200; s++) {
            random_string(n, &r, p);
            const int ph = plt_tableau_apply(&tc, p->x, p->z, ox, oz);
            memcpy(key, p->x, (size_t)nw * 8);
            memcpy(key + nw, p->z, (size_t)nw * 8);
            const int neg = plt_tableau_images_apply(&im, key, nw);
            assert_memory_equal(key, ox, (size_t)nw * 8);
            assert_memory_equal(key + nw, oz, (size_t)nw * 8);
            assert_int_equal(neg, ph == 2);
            flips += neg;
        }
        assert_true(flips > 0 && flips < 200);
        free(key), free(ox), free(oz);
        plt_pstring_free(p);
        plt_tableau_images_free(&im);
        plt_circuit_free(c);
        plt_tableau_free(&tc);
        plt_tableau_free(&tf);
    }
}

static void test_quarter_turns(void **state) {
    (void)state;
    int k = -1;
    assert_true(plt_tableau_quarter_turns(0.0, &k) && k == 0);
    assert_true(plt_tableau_quarter_turns(PI / 2, &k) && k == 1);
    assert_true(plt_tableau_quarter_turns(-PI / 2, &k) && k == 3);
    assert_true(plt_tableau_quarter_turns(7 * PI, &k) && k == 2);
    assert_true(plt_tableau_quarter_turns(1e-13, &k) && k == 0);
    assert_false(plt_tableau_quarter_turns(PI / 2 + 1e-9, &k));
    assert_false(plt_tableau_quarter_turns(0.3, &k));
    assert_false(plt_tableau_quarter_turns(1e16, &k));
    assert_false(plt_tableau_quarter_turns(NAN, &k));
    assert_false(plt_tableau_quarter_turns(INFINITY, &k));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gate_maps),
        cmocka_unit_test(test_maps_against_dense),
        cmocka_unit_test(test_images_match_apply),
        cmocka_unit_test(test_quarter_turns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
