/* labels: unit props */
#include <complex.h>

#include "core/error.h"
#include "pauli/pstring.h"
#include "support/test.h"

static const char LET[4] = {'I', 'X', 'Y', 'Z'};

/* Textbook 2x2 matrices, row-major. */
static void single(char c, double complex m[4]) {
    switch (c) {
    case 'X': m[0] = 0; m[1] = 1; m[2] = 1; m[3] = 0; break;
    case 'Y': m[0] = 0; m[1] = -I; m[2] = I; m[3] = 0; break;
    case 'Z': m[0] = 1; m[1] = 0; m[2] = 0; m[3] = -1; break;
    default: m[0] = 1; m[1] = 0; m[2] = 0; m[3] = 1; break;
    }
}

/* Full matrix; qubit q is bit q of the basis index. */
static void dense(const plt_pstring *p, double complex *m) {
    int n = plt_pstring_nqubits(p), d = 1 << n;
    for (int r = 0; r < d; r++)
        for (int c = 0; c < d; c++) {
            double complex v = 1;
            for (int q = 0; q < n; q++) {
                double complex s[4];
                single(plt_pstring_get(p, q), s);
                v *= s[2 * ((r >> q) & 1) + ((c >> q) & 1)];
            }
            m[r * d + c] = v;
        }
}

static void matmul(const double complex *a, const double complex *b, double complex *c, int d) {
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            double complex s = 0;
            for (int k = 0; k < d; k++) s += a[i * d + k] * b[k * d + j];
            c[i * d + j] = s;
        }
}

static double complex ipow(int k) {
    static const double complex t[4] = {1, I, -1, -I};
    return t[((k % 4) + 4) % 4];
}

static plt_pstring *random_string(plt_test_rng *r, int n) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(n, &p));
    for (int q = 0; q < n; q++) plt_expect_ok(plt_pstring_set(p, q, LET[plt_test_rng_int(r, 4)]));
    return p;
}

static void test_single_qubit_table(void **state) {
    (void)state;
    plt_pstring *a = NULL, *b = NULL, *c = NULL;
    plt_expect_ok(plt_pstring_new(1, &a));
    plt_expect_ok(plt_pstring_new(1, &b));
    plt_expect_ok(plt_pstring_new(1, &c));
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            plt_expect_ok(plt_pstring_set(a, 0, LET[i]));
            plt_expect_ok(plt_pstring_set(b, 0, LET[j]));
            int ph = -1;
            plt_expect_ok(plt_pstring_mul(a, b, c, &ph));
            assert_true(ph >= 0 && ph < 4);
            double complex ma[4], mb[4], mc[4], prod[4];
            single(LET[i], ma);
            single(LET[j], mb);
            single(plt_pstring_get(c, 0), mc);
            matmul(ma, mb, prod, 2);
            for (int k = 0; k < 4; k++) assert_true(cabs(prod[k] - ipow(ph) * mc[k]) < 1e-12);
            assert_int_equal(plt_pstring_commutes(a, b), i == 0 || j == 0 || i == j);
        }
    /* Spot checks of the cyclic rule XY = iZ, YX = -iZ, ZX = iY. */
    plt_expect_ok(plt_pstring_set(a, 0, 'X'));
    plt_expect_ok(plt_pstring_set(b, 0, 'y'));
    int ph;
    plt_expect_ok(plt_pstring_mul(a, b, c, &ph));
    assert_int_equal(ph, 1);
    assert_int_equal(plt_pstring_get(c, 0), 'Z');
    plt_expect_ok(plt_pstring_mul(b, a, c, &ph));
    assert_int_equal(ph, 3);
    plt_expect_ok(plt_pstring_set(a, 0, 'Z'));
    plt_expect_ok(plt_pstring_set(b, 0, 'X'));
    plt_expect_ok(plt_pstring_mul(a, b, a, &ph)); /* out aliases a */
    assert_int_equal(ph, 1);
    assert_int_equal(plt_pstring_get(a, 0), 'Y');
    plt_pstring_free(a);
    plt_pstring_free(b);
    plt_pstring_free(c);
}

static void test_dense_agreement(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    for (int n = 1; n <= 4; n++) {
        int d = 1 << n;
        double complex *ma = malloc(sizeof(double complex) * d * d * 5);
        double complex *mb = ma + d * d, *mc = mb + d * d, *ab = mc + d * d, *ba = ab + d * d;
        for (int it = 0; it < 60; it++) {
            plt_pstring *a = random_string(&r, n), *b = random_string(&r, n), *c = NULL;
            plt_expect_ok(plt_pstring_new(n, &c));
            int ph;
            plt_expect_ok(plt_pstring_mul(a, b, c, &ph));
            dense(a, ma);
            dense(b, mb);
            dense(c, mc);
            matmul(ma, mb, ab, d);
            matmul(mb, ma, ba, d);
            int comm = 1;
            for (int k = 0; k < d * d; k++) {
                assert_true(cabs(ab[k] - ipow(ph) * mc[k]) < 1e-12);
                if (cabs(ab[k] - ba[k]) > 1e-12) comm = 0;
            }
            assert_int_equal(plt_pstring_commutes(a, b), comm);
            plt_pstring_free(a);
            plt_pstring_free(b);
            plt_pstring_free(c);
        }
        free(ma);
    }
}

static void test_identities(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 1);
    int sizes[] = {1, 5, 64, 130};
    for (int si = 0; si < 4; si++) {
        int n = sizes[si];
        for (int it = 0; it < 100; it++) {
            plt_pstring *p = random_string(&r, n), *q = random_string(&r, n),
                        *s = random_string(&r, n), *t1 = NULL, *t2 = NULL, *u = NULL;
            plt_expect_ok(plt_pstring_new(n, &t1));
            plt_expect_ok(plt_pstring_new(n, &t2));
            plt_expect_ok(plt_pstring_new(n, &u));
            int a, b, c, e;
            /* (PQ)S == P(QS) including the phase. */
            plt_expect_ok(plt_pstring_mul(p, q, t1, &a));
            plt_expect_ok(plt_pstring_mul(t1, s, t1, &b));
            plt_expect_ok(plt_pstring_mul(q, s, t2, &c));
            plt_expect_ok(plt_pstring_mul(p, t2, t2, &e));
            assert_true(plt_pstring_equal(t1, t2));
            assert_int_equal((a + b) % 4, (c + e) % 4);
            /* PQ = i^a C gives (PQ)^2 = i^{2a} I, which is +I iff P and Q commute. */
            plt_expect_ok(plt_pstring_mul(p, q, t1, &a));
            plt_expect_ok(plt_pstring_mul(t1, t1, u, &b));
            assert_int_equal(b, 0);
            assert_int_equal(plt_pstring_weight(u), 0);
            assert_int_equal((2 * a) % 4 == 0, plt_pstring_commutes(p, q));
            /* QP = +-PQ: same string, phase equal or shifted by 2. */
            plt_expect_ok(plt_pstring_mul(q, p, t2, &c));
            assert_true(plt_pstring_equal(t1, t2));
            assert_int_equal((c - a + 4) % 4, plt_pstring_commutes(p, q) ? 0 : 2);
            plt_pstring_free(p);
            plt_pstring_free(q);
            plt_pstring_free(s);
            plt_pstring_free(t1);
            plt_pstring_free(t2);
            plt_pstring_free(u);
        }
    }
}

static void test_sizes(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 2);
    int sizes[] = {1, 63, 64, 65, 1000, 5000};
    for (int si = 0; si < 6; si++) {
        int n = sizes[si];
        char *want = malloc((size_t)n + 1);
        int *sup = malloc(sizeof(int) * (size_t)n);
        plt_pstring *p = NULL, *q = NULL, *c = NULL, *back = NULL;
        plt_expect_ok(plt_pstring_new(n, &p));
        assert_int_equal(plt_pstring_nqubits(p), n);
        assert_int_equal(plt_pstring_weight(p), 0);
        int weight = 0;
        for (int k = 0; k < n; k++) {
            want[k] = LET[plt_test_rng_int(&r, 4)];
            weight += want[k] != 'I';
            plt_expect_ok(plt_pstring_set(p, k, want[k]));
        }
        want[n] = '\0';
        /* Setting a letter twice overwrites it. */
        plt_expect_ok(plt_pstring_set(p, n - 1, 'Y'));
        plt_expect_ok(plt_pstring_set(p, n - 1, want[n - 1]));
        for (int k = 0; k < n; k++) assert_int_equal(plt_pstring_get(p, k), want[k]);
        assert_int_equal(plt_pstring_get(p, n), '?');
        assert_int_equal(plt_pstring_get(p, -1), '?');
        assert_int_equal(plt_pstring_weight(p), weight);
        assert_int_equal(plt_pstring_support(p, sup, n), weight);
        for (int k = 0, j = 0; k < n; k++)
            if (want[k] != 'I') assert_int_equal(sup[j++], k);
        assert_int_equal(plt_pstring_support(p, sup, 0), weight);
        /* Bits past n stay zero. */
        if (n % 64) {
            uint64_t high = ~0ULL << (n % 64);
            assert_int_equal(p->x[p->nw - 1] & high, 0);
            assert_int_equal(p->z[p->nw - 1] & high, 0);
        }
        plt_expect_ok(plt_pstring_clone(p, &q));
        assert_true(plt_pstring_equal(p, q));
        assert_true(plt_pstring_hash(p) == plt_pstring_hash(q));
        plt_expect_ok(plt_pstring_set(q, n / 2, want[n / 2] == 'X' ? 'Z' : 'X'));
        assert_false(plt_pstring_equal(p, q));
        assert_true(plt_pstring_hash(p) != plt_pstring_hash(q));
        /* Commutation: parity of positions where both are non-identity and differ. */
        int anti = 0;
        for (int k = 0; k < n; k++) {
            char a = plt_pstring_get(p, k), b = plt_pstring_get(q, k);
            anti += a != 'I' && b != 'I' && a != b;
        }
        assert_int_equal(plt_pstring_commutes(p, q), anti % 2 == 0);
        plt_expect_ok(plt_pstring_new(n, &c));
        int ph;
        plt_expect_ok(plt_pstring_mul(p, p, c, &ph));
        assert_int_equal(ph, 0);
        assert_int_equal(plt_pstring_weight(c), 0);
        plt_expect_ok(plt_pstring_mul(p, q, c, &ph));
        assert_int_equal(plt_pstring_weight(c), 1);
        assert_int_equal(plt_pstring_support(c, sup, 1), 1);
        assert_int_equal(sup[0], n / 2);
        /* Text round trips in both forms. */
        char *txt = NULL;
        plt_expect_ok(plt_pstring_to_text(p, 1, &txt));
        assert_string_equal(txt, want);
        plt_expect_ok(plt_pstring_parse(txt, -1, NULL, &back));
        assert_true(plt_pstring_equal(p, back));
        plt_pstring_free(back);
        plt_free(txt);
        plt_expect_ok(plt_pstring_to_text(p, 0, &txt));
        plt_expect_ok(plt_pstring_parse(txt, n, NULL, &back));
        assert_true(plt_pstring_equal(p, back));
        plt_pstring_free(back);
        plt_free(txt);
        plt_pstring_free(p);
        plt_pstring_free(q);
        plt_pstring_free(c);
        free(want);
        free(sup);
    }
}

static void test_text_forms(void **state) {
    (void)state;
    plt_pstring *p = NULL;
    char *t = NULL;
    plt_expect_ok(plt_pstring_parse("  X0 * Z3*Y17 ", -1, NULL, &p));
    assert_int_equal(plt_pstring_nqubits(p), 18);
    plt_expect_ok(plt_pstring_to_text(p, 0, &t));
    assert_string_equal(t, "X0*Z3*Y17");
    plt_free(t);
    plt_pstring_free(p);
    plt_expect_ok(plt_pstring_parse("I", 4, NULL, &p));
    assert_int_equal(plt_pstring_weight(p), 0);
    plt_expect_ok(plt_pstring_to_text(p, 0, &t));
    assert_string_equal(t, "I");
    plt_free(t);
    plt_pstring_free(p);
    plt_expect_ok(plt_pstring_parse("xizy", -1, NULL, &p));
    plt_expect_ok(plt_pstring_to_text(p, 1, &t));
    assert_string_equal(t, "XIZY");
    plt_free(t);
    plt_pstring_free(p);
    p = (plt_pstring *)&p;
    plt_expect_error(plt_pstring_parse("", -1, "obs", &p), PLT_EPARSE, "obs:1:1: empty");
    assert_null(p);
    plt_expect_error(plt_pstring_parse("X0*Z0", 5, NULL, &p), PLT_EPARSE, "repeated");
    plt_expect_error(plt_pstring_parse("X7", 5, "o", &p), PLT_EINVAL,
                     "o:1:2: qubit 7 is out of range for a 5-qubit circuit (valid 0..4)");
    plt_expect_error(plt_pstring_parse("-X0", -1, NULL, &p), PLT_EPARSE, "no sign");
    plt_expect_error(plt_pstring_parse("X0*Z", -1, "o", &p), PLT_EPARSE, "o:1:4: 'Z' has no");
    plt_expect_error(plt_pstring_parse("X0 Z1", -1, "o", &p), PLT_EPARSE, "o:1:4: unexpected");
    plt_expect_error(plt_pstring_parse("X99999999999999999999999", -1, NULL, &p), PLT_EINVAL,
                     "beyond the limit");
    plt_expect_error(plt_pstring_set(NULL, 0, 'X'), PLT_EINVAL, "NULL");
    plt_expect_ok(plt_pstring_new(3, &p));
    plt_expect_error(plt_pstring_set(p, 3, 'X'), PLT_EINVAL, "qubit 3 is out of range");
    plt_expect_error(plt_pstring_set(p, 0, 'Q'), PLT_EINVAL, "not a Pauli letter");
    plt_pstring *q = NULL;
    plt_expect_ok(plt_pstring_new(4, &q));
    plt_expect_error(plt_pstring_copy(p, q), PLT_EINVAL, "4-qubit");
    assert_int_equal(plt_pstring_commutes(p, q), -1);
    assert_int_equal(plt_pstring_equal(p, q), 0);
    int ph;
    plt_expect_error(plt_pstring_mul(p, q, p, &ph), PLT_EINVAL, "qubits");
    plt_pstring_free(q);
    plt_pstring_free(p);
    plt_expect_error(plt_pstring_new(0, &p), PLT_EINVAL, "1..1000000");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_qubit_table), cmocka_unit_test(test_dense_agreement),
        cmocka_unit_test(test_identities),         cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_text_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
