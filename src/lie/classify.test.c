/* labels: unit papers props
 * The classification of Pauli Lie algebras against the closure (plt_lie_closure_strings) on
 * random generator sets, and against published dimensions. */
#include "support/test.h"
#include "plateau/lie.h"

static plt_pstring *ps(const char *text, int n) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_parse(text, n, "test", &p));
    return p;
}

static void free_all(plt_pstring **g, size_t m) {
    for (size_t i = 0; i < m; i++) plt_pstring_free(g[i]);
}

static size_t closure_dim(plt_pstring **g, size_t m) {
    plt_dla *d = NULL;
    plt_expect_ok(plt_lie_closure_strings((const plt_pstring *const *)g, m, 0, &d));
    assert_true(plt_dla_complete(d));
    size_t dim = plt_dla_dim(d);
    plt_dla_free(d);
    return dim;
}

/* Classified dimension (exact), or 0 when the classifier declines (PLT_EUNSUPPORTED). */
static uint64_t class_dim(plt_pstring **g, size_t m, char *name, size_t cap) {
    plt_lie_class *c = NULL;
    plt_status st = plt_lie_classify_strings((const plt_pstring *const *)g, m, &c);
    if (st == PLT_EUNSUPPORTED) return 0;
    plt_expect_ok(st);
    uint64_t d = 0;
    assert_true(plt_lie_class_dim_exact(c, &d));
    assert_true((double)d == plt_lie_class_dim(c));
    if (name) plt_lie_class_name(c, name, cap);
    plt_lie_class_free(c);
    return d;
}

static void print_set(plt_pstring **g, size_t m) {
    for (size_t i = 0; i < m; i++) {
        char *t = NULL;
        if (plt_pstring_to_text(g[i], 0, &t)) continue;
        fprintf(stderr, "%s%s", i ? ", " : "", t);
        plt_free(t);
    }
    fprintf(stderr, "\n");
}

/* Open chain: one generator per site for each letter of `one`, one per bond for each pair
 * of `two` ("XX" = X_i X_i+1). */
static size_t chain(plt_pstring **g, int n, const char *one, const char *const *two) {
    size_t m = 0;
    char buf[64];
    for (const char *c = one; c && *c; c++)
        for (int i = 0; i < n; i++) {
            snprintf(buf, sizeof buf, "%c%d", *c, i);
            g[m++] = ps(buf, n);
        }
    for (int k = 0; two && two[k]; k++)
        for (int i = 0; i + 1 < n; i++) {
            snprintf(buf, sizeof buf, "%c%d*%c%d", two[k][0], i, two[k][1], i + 1);
            g[m++] = ps(buf, n);
        }
    return m;
}

/* Transverse-field Ising, open chain {X_i, Z_i Z_i+1}: so(2n), dim n(2n-1) (free fermions;
 * Wiersema et al., PRX Quantum 2024, arXiv:2309.05690, Table I). */
static void test_tfim(void **state) {
    (void)state;
    const char *zz[] = {"ZZ", NULL};
    for (int n = 2; n <= 120; n += (n < 12 ? 1 : 29)) {
        plt_pstring *g[256];
        size_t m = chain(g, n, "X", zz);
        char name[64];
        uint64_t d = class_dim(g, m, name, sizeof name);
        assert_int_equal(d, (uint64_t)n * (uint64_t)(2 * n - 1));
        if (n >= 3) {
            char want[32];
            snprintf(want, sizeof want, "so(%d)", 2 * n);
            assert_string_equal(name, want);
        }
        if (n <= 10) assert_int_equal(d, closure_dim(g, m));
        free_all(g, m);
    }
}

/* Chains with closed-form dimensions (Wiersema et al. 2023, Table I, open boundaries):
 * XY {XX, YY}: so(n) + so(n), dim n(n-1) (n >= 3); {XY, YX}: the same by a local
 * rotation; Heisenberg {XX, YY, ZZ}: su(2^(n-2)) copies (checked against the closure);
 * {X_i, Y_i, Z_i Z_i+1}: su(2^n), 4^n - 1; {X_i, Z_i Z_i+1, Y_i Y_i+1}... by the closure. */
static void test_chains(void **state) {
    (void)state;
    const char *xy[] = {"XX", "YY", NULL}, *xyyx[] = {"XY", "YX", NULL};
    const char *heis[] = {"XX", "YY", "ZZ", NULL}, *zz[] = {"ZZ", NULL};
    for (int n = 3; n <= 60; n += (n < 10 ? 1 : 17)) {
        plt_pstring *g[256];
        size_t m = chain(g, n, NULL, xy);
        uint64_t d = class_dim(g, m, NULL, 0);
        assert_int_equal(d, (uint64_t)n * (uint64_t)(n - 1));
        if (n <= 10) assert_int_equal(d, closure_dim(g, m));
        free_all(g, m);
        m = chain(g, n, NULL, xyyx);
        assert_int_equal(class_dim(g, m, NULL, 0), (uint64_t)n * (uint64_t)(n - 1));
        free_all(g, m);
    }
    for (int n = 1; n <= 7; n++) {
        plt_pstring *g[64];
        size_t m = chain(g, n, "XY", zz);
        assert_int_equal(class_dim(g, m, NULL, 0), ((uint64_t)1 << (2 * n)) - 1);
        if (n <= 5) assert_int_equal(class_dim(g, m, NULL, 0), closure_dim(g, m));
        free_all(g, m);
    }
    /* su(2^30) is still exact in 64 bits */
    {
        plt_pstring *g[128];
        size_t m = chain(g, 30, "XY", zz);
        assert_int_equal(class_dim(g, m, NULL, 0), ((uint64_t)1 << 60) - 1);
        free_all(g, m);
    }
    for (int n = 2; n <= 7; n++) {
        plt_pstring *g[64];
        size_t m = chain(g, n, NULL, heis);
        char name[64];
        uint64_t d = class_dim(g, m, name, sizeof name);
        assert_int_equal(d, closure_dim(g, m));
        free_all(g, m);
    }
}

/* Hand-checked small cases. */
static void test_small(void **state) {
    (void)state;
    struct {
        const char *gens;
        int n;
        uint64_t dim;
        const char *name;
    } cases[] = {
        {"Z0", 1, 1, "u(1)"},
        {"Z0, Z0*Z1, Z1", 2, 3, "3*u(1)"},
        {"X0, Z0", 1, 3, "su(2)"},
        {"X0, Z0, Y0", 1, 3, "su(2)"},
        /* so(4) = su(2) + su(2) */
        {"X0, Z0*Z1, X1", 2, 6, "2*su(2)"},
        /* su(2) tensored with the group {1, Z1, Z2, Z1 Z2}: four copies */
        {"X0, Z0, Z0*Z1, Z0*Z2", 3, 12, "4*su(2)"},
        {"X0, Z0, Z1*Z2", 3, 4, "su(2) + u(1)"},
        /* a Majorana path of 5 pairs: so(6) = su(4) */
        {"X0, Z0*Z1, X1, Z1*Z2, X2", 3, 15, "su(4)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        plt_pstring *g[16];
        size_t m = 0;
        char buf[256];
        snprintf(buf, sizeof buf, "%s", cases[i].gens);
        for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) g[m++] = ps(t, cases[i].n);
        char name[64];
        uint64_t d = class_dim(g, m, name, sizeof name);
        assert_int_equal(d, cases[i].dim);
        assert_int_equal(d, closure_dim(g, m));
        if (strcmp(name, cases[i].name) && !(cases[i].dim == 15 && !strcmp(name, "so(6)")))
            fail_msg("%s: %s, want %s", cases[i].gens, name, cases[i].name);
        free_all(g, m);
    }
}

static void test_errors(void **state) {
    (void)state;
    plt_lie_class *c = NULL;
    plt_pstring *g[2] = {ps("I", 2), ps("X0", 3)};
    plt_expect_error(plt_lie_classify_strings((const plt_pstring *const *)g, 1, &c), PLT_EINVAL,
                     "identity");
    plt_expect_error(plt_lie_classify_strings((const plt_pstring *const *)g, 2, &c), PLT_EINVAL,
                     "qubits");
    plt_expect_error(plt_lie_classify_strings(NULL, 0, &c), PLT_EINVAL, "generator");
    assert_null(c);
    free_all(g, 2);
    plt_psum *s[2] = {NULL, NULL};
    plt_expect_ok(plt_psum_parse("X0 + X1", 2, "test", &s[0]));
    plt_expect_ok(plt_psum_parse("2*Z0*Z1", 2, "test", &s[1]));
    plt_expect_error(plt_lie_classify((const plt_psum *const *)s, 2, &c), PLT_EUNSUPPORTED,
                     "sum of 2");
    plt_expect_ok(plt_lie_classify((const plt_psum *const *)&s[1], 1, &c));
    assert_int_equal((int)plt_lie_class_dim(c), 1);
    plt_lie_class_free(c);
    plt_psum_free(s[0]);
    plt_psum_free(s[1]);
    plt_lie_class_free(NULL);
}

/* A random string on n qubits with about `weight` non-identity letters. */
static plt_pstring *random_string(plt_test_rng *r, int n, int weight) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(n, &p));
    for (int q = 0; q < n; q++)
        if (plt_test_rng_int(r, n) < weight)
            plt_expect_ok(plt_pstring_set(p, q, "XYZ"[plt_test_rng_int(r, 3)]));
    return p;
}

/* Random generator sets, n <= 6, 1..12 generators: strings of random weight, letters from a
 * restricted alphabet (commuting sets), duplicates, products of earlier generators
 * (dependencies, hence radicals and copies), and sets split over disjoint qubits. */
static void test_random_vs_closure(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() ^ 0xc1a55);
    int trials = 3000, declined = 0, agreed = 0;
    for (int t = 0; t < trials; t++) {
        int n = 1 + plt_test_rng_int(&r, 6);
        size_t m = 1 + (size_t)plt_test_rng_int(&r, 12);
        plt_pstring *g[12];
        int mode = plt_test_rng_int(&r, 5);
        for (size_t i = 0; i < m; i++) {
            int kind = plt_test_rng_int(&r, 6);
            if (i > 0 && kind == 0) {
                plt_expect_ok(plt_pstring_clone(g[plt_test_rng_int(&r, (int)i)], &g[i]));
            } else if (i > 1 && kind <= 2) {
                /* the product of 2 or 3 earlier generators, phases dropped */
                int parts = 2 + plt_test_rng_int(&r, 2);
                plt_expect_ok(plt_pstring_clone(g[plt_test_rng_int(&r, (int)i)], &g[i]));
                for (int k = 1; k < parts; k++) {
                    int ph;
                    const plt_pstring *f = g[plt_test_rng_int(&r, (int)i)];
                    plt_expect_ok(plt_pstring_mul(g[i], f, g[i], &ph));
                }
            } else {
                int w = 1 + plt_test_rng_int(&r, n);
                g[i] = random_string(&r, n, w);
                if (mode == 1) {
                    /* Z and X only on even qubits, Z only on odd: more commuting pairs */
                    for (int q = 0; q < n; q++)
                        if (plt_pstring_get(g[i], q) == 'Y')
                            plt_expect_ok(plt_pstring_set(g[i], q, q % 2 ? 'Z' : 'X'));
                } else if (mode == 2 && n >= 2) {
                    /* two blocks on disjoint qubits: disconnected graphs */
                    int half = n / 2, lo = (i % 2) ? half : 0, hi = (i % 2) ? n : half;
                    for (int q = 0; q < n; q++)
                        if (q < lo || q >= hi) plt_expect_ok(plt_pstring_set(g[i], q, 'I'));
                }
            }
        }
        size_t want = 0;
        plt_dla *d = NULL;
        plt_status st = plt_lie_closure_strings((const plt_pstring *const *)g, m, 0, &d);
        if (st == PLT_EINVAL) { /* all identities */
            plt_error_clear();
            free_all(g, m);
            continue;
        }
        plt_expect_ok(st);
        want = plt_dla_dim(d);
        char name[128];
        uint64_t got = class_dim(g, m, name, sizeof name);
        if (got == 0) {
            declined++;
        } else {
            if (got != want) {
                fprintf(stderr, "classification %llu (%s), closure %zu for n = %d: ",
                        (unsigned long long)got, name, want, n);
                print_set(g, m);
                fail();
            }
            agreed++;
            /* the centre and the simple ideals against the decomposition, where it checks
             * every ideal */
            plt_lie_decomp *dc = NULL;
            plt_expect_ok(plt_dla_decompose(d, &dc));
            plt_lie_class *c = NULL;
            plt_expect_ok(plt_lie_classify_strings((const plt_pstring *const *)g, m, &c));
            assert_int_equal(plt_lie_decomp_dim(dc, SIZE_MAX), plt_lie_class_centre_dim(c));
            if (plt_lie_decomp_verified(dc)) {
                if ((double)plt_lie_decomp_nideals(dc) != plt_lie_class_nsimple(c)) {
                    fprintf(stderr, "%zu ideals, classification %s: ", plt_lie_decomp_nideals(dc),
                            name);
                    print_set(g, m);
                    fail();
                }
            }
            plt_lie_class_free(c);
            plt_lie_decomp_free(dc);
        }
        plt_dla_free(d);
        free_all(g, m);
    }
    fprintf(stderr, "classify: %d random sets agree with the closure, %d declined\n", agreed,
            declined);
    /* declining is the exception */
    assert_true(declined * 100 <= trials);
}

/* Majorana pairs c_a c_b on the edges of a random connected graph over N <= 2n Majorana
 * modes generate so(N), dimension N(N-1)/2; scrambled by replacing g_i with the product
 * g_i g_j of anticommuting generators (the same algebra; other pairs, other graphs). */
static void test_majorana_scrambled(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() ^ 0x3a7);
    for (int trial = 0; trial < 300; trial++) {
        int n = 2 + plt_test_rng_int(&r, 7), N = 2 + plt_test_rng_int(&r, 2 * n - 1);
        plt_pstring *c[32], *g[96];
        /* Jordan-Wigner: c_2j = Z..Z X_j, c_2j+1 = Z..Z Y_j */
        for (int a = 0; a < N; a++) {
            plt_expect_ok(plt_pstring_new(n, &c[a]));
            for (int q = 0; q < a / 2; q++) plt_expect_ok(plt_pstring_set(c[a], q, 'Z'));
            plt_expect_ok(plt_pstring_set(c[a], a / 2, a % 2 ? 'Y' : 'X'));
        }
        size_t m = 0;
        int ph;
        for (int a = 1; a < N; a++) { /* a random spanning tree, then extra edges */
            int b = plt_test_rng_int(&r, a);
            plt_expect_ok(plt_pstring_new(n, &g[m]));
            plt_expect_ok(plt_pstring_mul(c[a], c[b], g[m++], &ph));
        }
        int extra = plt_test_rng_int(&r, N);
        for (int e = 0; e < extra; e++) {
            int a = plt_test_rng_int(&r, N), b = plt_test_rng_int(&r, N);
            if (a == b) continue;
            plt_expect_ok(plt_pstring_new(n, &g[m]));
            plt_expect_ok(plt_pstring_mul(c[a], c[b], g[m++], &ph));
        }
        for (int mv = 0; mv < 3 * (int)m; mv++) {
            size_t i = (size_t)plt_test_rng_int(&r, (int)m);
            size_t j = (size_t)plt_test_rng_int(&r, (int)m);
            if (!plt_pstring_commutes(g[i], g[j]))
                plt_expect_ok(plt_pstring_mul(g[i], g[j], g[i], &ph));
        }
        char name[64];
        uint64_t got = class_dim(g, m, name, sizeof name);
        size_t want = closure_dim(g, m);
        assert_int_equal(want, (size_t)N * (size_t)(N - 1) / 2);
        if (got != want) {
            fprintf(stderr, "classification %llu (%s), closure %zu: ", (unsigned long long)got,
                    name, want);
            print_set(g, m);
            fail();
        }
        free_all(c, (size_t)N);
        free_all(g, m);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),  cmocka_unit_test(test_tfim),
        cmocka_unit_test(test_chains), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_random_vs_closure), cmocka_unit_test(test_majorana_scrambled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
