/* labels: unit */
/* Jordan-Wigner recognition against explicit products of the Majorana strings. */
#include "support/test.h"

#include "engines/fermion/majorana.h"
#include "pauli/pstring.h"
#include "plateau/status.h"

/* gamma_k as a string: Z on qubits below k/2, X or Y on k/2. */
static void majorana_string(plt_pstring *g, int k) {
    int nw = g->nw;
    memset(g->x, 0, (size_t)2 * nw * sizeof *g->x);
    for (int q = 0; q < k / 2; q++) g->z[q / 64] |= 1ULL << (q % 64);
    int q = k / 2;
    g->x[q / 64] |= 1ULL << (q % 64);
    if (k & 1) g->z[q / 64] |= 1ULL << (q % 64);
}

/* Rebuilds i^phase Gamma_S from the index list and checks it equals p. */
static void check_string(const plt_pstring *p) {
    int n = p->n, nw = p->nw, ph;
    uint64_t *ab = calloc((size_t)2 * nw, sizeof *ab);
    int *idx = malloc((size_t)2 * n * sizeof *idx);
    assert_non_null(ab);
    assert_non_null(idx);
    int d = plt_majorana_of(p->x, p->z, nw, ab, ab + nw, &ph);
    assert_int_equal(plt_majorana_indices(ab, ab + nw, nw, idx, 2 * n), d);
    plt_pstring *acc = NULL, *g = NULL;
    plt_expect_ok(plt_pstring_new(n, &acc));
    plt_expect_ok(plt_pstring_new(n, &g));
    int total = 0;
    for (int i = 0; i < d; i++) {
        if (i) assert_true(idx[i] > idx[i - 1]);
        int mph;
        majorana_string(g, idx[i]);
        plt_expect_ok(plt_pstring_mul(acc, g, acc, &mph));
        total += mph;
    }
    /* Gamma_S = i^total acc, and p = i^ph Gamma_S, so acc == p and ph + total = 0 mod 4. */
    assert_true(plt_pstring_equal(acc, p));
    assert_int_equal((ph + total) & 3, 0);
    plt_pstring_free(acc);
    plt_pstring_free(g);
    free(ab);
    free(idx);
}

static void random_strings(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    const int sizes[] = {1, 2, 3, 7, 63, 64, 65, 130};
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        int n = sizes[si];
        for (int rep = 0; rep < 40; rep++) {
            plt_pstring *p = NULL;
            plt_expect_ok(plt_pstring_new(n, &p));
            int sparse = rep % 2;
            for (int q = 0; q < n; q++) {
                int v = plt_test_rng_int(&r, sparse ? 16 : 4);
                if (v < 4) plt_expect_ok(plt_pstring_set(p, q, "IXYZ"[v]));
            }
            check_string(p);
            plt_pstring_free(p);
        }
    }
}

/* The quadratic forms the engine accepts, with their index pairs and degree. */
static void quadratic_forms(void **state) {
    (void)state;
    struct {
        const char *s;
        int d, i0, i1;
    } cases[] = {
        {"Z3", 2, 6, 7},       {"X2*X3", 2, 5, 6},         {"Y2*Y3", 2, 4, 7},
        {"X2*Y3", 2, 5, 7},    {"Y2*X3", 2, 4, 6},         {"X1*Z2*Z3*X4", 2, 3, 8},
        {"X0", 1, 0, -1},      {"X1", 3, 0, 1},            {"Z0*Z1", 4, 0, 1},
        {"X1*Z2*X4", 4, 3, 6}, {"X70*Z71*Y72", 2, 141, 145},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        plt_pstring *p = NULL;
        plt_expect_ok(plt_pstring_parse(cases[i].s, 80, NULL, &p));
        uint64_t ab[4];
        int ph, idx[8];
        int d = plt_majorana_of(p->x, p->z, p->nw, ab, ab + p->nw, &ph);
        if (d != cases[i].d) fail_msg("%s: degree %d, want %d", cases[i].s, d, cases[i].d);
        plt_majorana_indices(ab, ab + p->nw, p->nw, idx, 8);
        if (idx[0] != cases[i].i0) fail_msg("%s: first index %d, want %d", cases[i].s, idx[0], cases[i].i0);
        if (cases[i].i1 >= 0) assert_int_equal(idx[1], cases[i].i1);
        if (d == 2) assert_true(ph == 1 || ph == 3);
        check_string(p);
        plt_pstring_free(p);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_strings),
        cmocka_unit_test(quadratic_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
