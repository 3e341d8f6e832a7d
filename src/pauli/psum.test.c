/* labels: unit props */
#include <complex.h>

#include "pauli/psum_impl.h"
#include "support/test.h"

static const char LET[4] = {'I', 'X', 'Y', 'Z'};

static void single(char c, double complex m[4]) {
    switch (c) {
    case 'X': m[0] = 0; m[1] = 1; m[2] = 1; m[3] = 0; break;
    case 'Y': m[0] = 0; m[1] = -I; m[2] = I; m[3] = 0; break;
    case 'Z': m[0] = 1; m[1] = 0; m[2] = 0; m[3] = -1; break;
    default: m[0] = 1; m[1] = 0; m[2] = 0; m[3] = 1; break;
    }
}

/* Dense matrix of a sum (qubit q is bit q of the basis index), built letter by letter. */
static double complex *dense_sum(const plt_psum *s) {
    int n = plt_psum_nqubits(s), d = 1 << n;
    double complex *m = calloc((size_t)d * d, sizeof *m);
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(n, &p));
    for (size_t i = 0; i < plt_psum_nterms(s); i++) {
        double re, im;
        plt_expect_ok(plt_psum_term(s, i, p, &re, &im));
        for (int r = 0; r < d; r++)
            for (int c = 0; c < d; c++) {
                double complex v = re + I * im;
                for (int q = 0; q < n; q++) {
                    double complex e[4];
                    single(plt_pstring_get(p, q), e);
                    v *= e[2 * ((r >> q) & 1) + ((c >> q) & 1)];
                }
                m[r * d + c] += v;
            }
    }
    plt_pstring_free(p);
    return m;
}

static void expect_matrix(const double complex *a, const double complex *b, int d) {
    for (int k = 0; k < d * d; k++) {
        plt_expect_close(creal(a[k]), creal(b[k]), 0, 1e-10);
        plt_expect_close(cimag(a[k]), cimag(b[k]), 0, 1e-10);
    }
}

static plt_psum *random_sum(plt_test_rng *r, int n, int terms) {
    plt_psum *s = NULL;
    plt_pstring *p = NULL;
    plt_expect_ok(plt_psum_new(n, &s));
    plt_expect_ok(plt_pstring_new(n, &p));
    for (int t = 0; t < terms; t++) {
        for (int q = 0; q < n; q++)
            plt_expect_ok(plt_pstring_set(p, q, LET[plt_test_rng_int(r, 4)]));
        plt_expect_ok(plt_psum_add(s, p, 2 * plt_test_rng_uniform(r) - 1,
                                   plt_test_rng_int(r, 2) ? 2 * plt_test_rng_uniform(r) - 1 : 0));
    }
    plt_pstring_free(p);
    return s;
}

static void test_algebra_vs_dense(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    for (int it = 0; it < 40; it++) {
        int n = 1 + plt_test_rng_int(&r, 3), d = 1 << n;
        plt_psum *a = random_sum(&r, n, 1 + plt_test_rng_int(&r, 8));
        plt_psum *b = random_sum(&r, n, 1 + plt_test_rng_int(&r, 8));
        double complex *ma = dense_sum(a), *mb = dense_sum(b);
        double complex *want = calloc((size_t)d * d, sizeof *want);
        /* product */
        plt_psum *ab = NULL, *ba = NULL, *cm = NULL;
        plt_expect_ok(plt_psum_mul(a, b, &ab));
        plt_expect_ok(plt_psum_mul(b, a, &ba));
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double complex s = 0;
                for (int k = 0; k < d; k++) s += ma[i * d + k] * mb[k * d + j];
                want[i * d + j] = s;
            }
        double complex *got = dense_sum(ab);
        expect_matrix(got, want, d);
        free(got);
        /* commutator = ab - ba */
        plt_expect_ok(plt_psum_commutator(a, b, &cm));
        plt_expect_ok(plt_psum_add_sum(ab, ba, -1, 0));
        double complex *g1 = dense_sum(cm), *g2 = dense_sum(ab);
        expect_matrix(g1, g2, d);
        free(g1);
        free(g2);
        /* inner = Tr(a^dagger b) / 2^n */
        double complex tr = 0;
        for (int i = 0; i < d; i++)
            for (int k = 0; k < d; k++) tr += conj(ma[k * d + i]) * mb[k * d + i];
        tr /= d;
        double re, im;
        plt_expect_ok(plt_psum_inner(a, b, &re, &im));
        plt_expect_close(re, creal(tr), 0, 1e-10);
        plt_expect_close(im, cimag(tr), 0, 1e-10);
        plt_expect_ok(plt_psum_inner(b, a, &re, &im));
        plt_expect_close(im, -cimag(tr), 0, 1e-10);
        /* scale and add: 2a + (0.5-1i) b */
        plt_psum *c = NULL;
        plt_expect_ok(plt_psum_clone(a, &c));
        plt_psum_scale(c, 2, 0);
        plt_expect_ok(plt_psum_add_sum(c, b, 0.5, -1));
        for (int k = 0; k < d * d; k++) want[k] = 2 * ma[k] + (0.5 - I) * mb[k];
        got = dense_sum(c);
        expect_matrix(got, want, d);
        free(got);
        /* self-addition: c += i c */
        plt_expect_ok(plt_psum_add_sum(c, c, 0, 1));
        for (int k = 0; k < d * d; k++) want[k] *= 1 + I;
        got = dense_sum(c);
        expect_matrix(got, want, d);
        free(got);
        plt_psum_free(a);
        plt_psum_free(b);
        plt_psum_free(ab);
        plt_psum_free(ba);
        plt_psum_free(cm);
        plt_psum_free(c);
        free(ma);
        free(mb);
        free(want);
    }
}

static void test_drop_small(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 1);
    plt_psum *s = random_sum(&r, 3, 30), *keep = NULL;
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(3, &p));
    plt_expect_ok(plt_psum_new(3, &keep));
    size_t expect_removed = 0;
    for (size_t i = 0; i < plt_psum_nterms(s); i++) {
        double re, im;
        plt_expect_ok(plt_psum_term(s, i, p, &re, &im));
        if (hypot(re, im) <= 0.5)
            expect_removed++;
        else
            plt_expect_ok(plt_psum_add(keep, p, re, im));
    }
    /* A term cancelled to exactly 0 stays until dropped. */
    plt_expect_ok(plt_psum_term(s, 0, p, NULL, NULL));
    double re0, im0;
    plt_expect_ok(plt_psum_get(s, p, &re0, &im0));
    size_t before = plt_psum_nterms(s);
    plt_expect_ok(plt_psum_add(s, p, -re0, -im0));
    assert_int_equal(plt_psum_nterms(s), before);
    if (hypot(re0, im0) > 0.5) {
        expect_removed++;
        plt_expect_ok(plt_psum_add(keep, p, -re0, -im0));
    }
    plt_psum_drop_small(keep, 0);
    assert_int_equal(plt_psum_drop_small(s, 0.5), expect_removed);
    assert_int_equal(plt_psum_nterms(s), plt_psum_nterms(keep));
    double complex *a = dense_sum(s), *b = dense_sum(keep);
    expect_matrix(a, b, 8);
    /* Order is kept and lookups still work after the rebuild. */
    for (size_t i = 0; i < plt_psum_nterms(s); i++) {
        double re, im, re2, im2;
        plt_expect_ok(plt_psum_term(s, i, p, &re, &im));
        plt_expect_ok(plt_psum_get(s, p, &re2, &im2));
        assert_true(re == re2 && im == im2);
        assert_int_equal(plt_psum_find_words(s, p->x, p->z), i);
    }
    free(a);
    free(b);
    plt_pstring_free(p);
    plt_psum_free(s);
    plt_psum_free(keep);
}

static void test_growth(void **state) {
    (void)state;
    const size_t N = 100000;
    int n = 100;
    plt_psum *s = NULL;
    plt_pstring *p = NULL;
    plt_expect_ok(plt_psum_new(n, &s));
    plt_expect_ok(plt_pstring_new(n, &p));
    for (size_t i = 0; i < N; i++) {
        /* Distinct strings differing in low bits of word 0 and word 1. */
        p->x[0] = i;
        p->z[1] = (i * 2654435761u) & 0xfffffffffULL;
        plt_expect_ok(plt_psum_add(s, p, (double)i, -(double)i));
    }
    assert_int_equal(plt_psum_nterms(s), N);
    /* Adding again updates coefficients instead of creating terms. */
    for (size_t i = 0; i < N; i += 7) {
        p->x[0] = i;
        p->z[1] = (i * 2654435761u) & 0xfffffffffULL;
        plt_expect_ok(plt_psum_add(s, p, 1, 0));
    }
    assert_int_equal(plt_psum_nterms(s), N);
    for (size_t i = 0; i < N; i++) {
        double re, im;
        plt_expect_ok(plt_psum_term(s, i, p, &re, &im));
        assert_int_equal(p->x[0], i);
        assert_true(re == (double)i + (i % 7 == 0) && im == -(double)i);
        double re2;
        plt_expect_ok(plt_psum_get(s, p, &re2, NULL));
        assert_true(re2 == re);
    }
    p->x[0] = N + 5;
    double re, im;
    plt_expect_ok(plt_psum_get(s, p, &re, &im));
    assert_true(re == 0 && im == 0);
    assert_true(s->index.mask + 1 >= 2 * N); /* load <= 1/2 */
    plt_psum_clear(s);
    assert_int_equal(plt_psum_nterms(s), 0);
    plt_pstring_free(p);
    plt_psum_free(s);
}

static void test_text_round_trip(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 2);
    int empty = 0;
    for (int it = 0; it < 50; it++) {
        int n = 1 + plt_test_rng_int(&r, 70), terms = plt_test_rng_int(&r, 6);
        /* it = 1 adds nothing below: with no random terms either, the empty sum is tested. */
        plt_psum *s = random_sum(&r, n, it == 1 ? 0 : terms), *t = NULL;
        /* Exact identity and unit coefficients exercise the short forms. */
        plt_pstring *p = NULL;
        plt_expect_ok(plt_pstring_new(n, &p));
        if (it % 3 == 0) plt_expect_ok(plt_psum_add(s, p, 1e-300 * (it % 2 ? -1 : 1), 0));
        plt_expect_ok(plt_pstring_set(p, n - 1, 'Y'));
        if (it % 2 == 0) plt_expect_ok(plt_psum_add(s, p, it % 4 ? -1.0 : 1.0, 0));
        char *txt = NULL;
        plt_expect_ok(plt_psum_to_text(s, &txt));
        plt_expect_ok(plt_psum_parse(txt, n, NULL, &t));
        if (plt_psum_nterms(s) == 0) {
            assert_string_equal(txt, "0");
            empty++;
        } else {
            assert_int_equal(plt_psum_nterms(t), plt_psum_nterms(s));
            for (size_t i = 0; i < plt_psum_nterms(s); i++) {
                double re, im, re2, im2;
                plt_expect_ok(plt_psum_term(s, i, p, &re, &im));
                plt_expect_ok(plt_psum_term(t, i, NULL, NULL, NULL));
                plt_expect_ok(plt_psum_get(t, p, &re2, &im2));
                if (re != re2 || im != im2) {
                    print_error("text '%s' term %zu: %.17g%+.17gi read back as %.17g%+.17gi\n",
                                txt, i, re, im, re2, im2);
                    fail();
                }
            }
        }
        plt_free(txt);
        plt_pstring_free(p);
        plt_psum_free(s);
        plt_psum_free(t);
    }
    assert_true(empty >= 1 && empty < 50); /* both branches above ran */
}

static void test_good_texts(void **state) {
    (void)state;
    struct {
        const char *text;
        int n;
        int nq;
        const char *printed;
        double one_norm; /* sum |coefficient| */
    } cases[] = {
        {"0.5*Z0*Z1 - 1.2*X3 + Y0", -1, 4, "0.5*Z0*Z1 - 1.2*X3 + Y0", 2.7},
        {"2*XXII + ZZII", -1, 4, "2*X0*X1 + Z0*Z1", 3},
        {"-X0", -1, 1, "-X0", 1},
        {"+ 2*Z1", 3, 3, "2*Z1", 2},
        {"0.5 * X0 * Z1", -1, 2, "0.5*X0*Z1", 0.5},
        {"3", -1, 1, "3", 3},
        {"1.5e-3*I + 2E2 * Y2", -1, 3, "0.0015 + 200*Y2", 200.0015},
        {"\n  X0\t+\nX0 ", 2, 2, "2*X0", 2},
        {"(0.5-2j)*X1 + (1+0j)", -1, 2, "(0.5-2j)*X1 + 1", 1 + 2.0615528128088303},
        {".5*z0*x2", -1, 3, "0.5*Z0*X2", 0.5},
        {"I", 7, 7, "1", 1},
        {"X0 - X0", -1, 1, "0*X0", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        plt_psum *s = NULL;
        char *txt = NULL;
        plt_expect_ok(plt_psum_parse(cases[k].text, cases[k].n, NULL, &s));
        assert_int_equal(plt_psum_nqubits(s), cases[k].nq);
        plt_expect_close(plt_psum_one_norm(s), cases[k].one_norm, 1e-15, 0);
        plt_expect_ok(plt_psum_to_text(s, &txt));
        if (strcmp(txt, cases[k].printed)) {
            print_error("'%s' printed as '%s', want '%s'\n", cases[k].text, txt,
                        cases[k].printed);
            fail();
        }
        plt_free(txt);
        plt_psum_free(s);
    }
}

static void test_bad_texts(void **state) {
    (void)state;
    struct {
        const char *text;
        int n;
        plt_status code;
        const char *msg;
    } cases[] = {
        {"", -1, PLT_EPARSE, "obs:1:1: empty Pauli sum"},
        {"   ", 5, PLT_EPARSE, "obs:1:4: empty"},
        {"X0*Z0", -1, PLT_EPARSE, "obs:1:5: qubit 0 is repeated"},
        {"Y3*X1*Y3", 5, PLT_EPARSE, "obs:1:8: qubit 3 is repeated"},
        {"X7", 5, PLT_EINVAL, "obs:1:2: qubit 7 is out of range for a 5-qubit circuit (valid 0..4)"},
        {"X0 + 2*Z12", 5, PLT_EINVAL, "obs:1:9: qubit 12 is out of range"},
        {"X0*Z", -1, PLT_EPARSE, "obs:1:4: 'Z' has no qubit index"},
        {"XZ*Y0", -1, PLT_EPARSE, "obs:1:1: 'X' has no qubit index"},
        {"XZ3", -1, PLT_EPARSE, "mixes the dense and indexed"},
        {"nan*X0", -1, PLT_EPARSE, "obs:1:1: expected a term"},
        {"inf", -1, PLT_EPARSE, "obs:1:2: expected '+'"},
        {"1e999*X0", -1, PLT_EPARSE, "not a finite number"},
        {"1e*X0", -1, PLT_EPARSE, "obs:1:2: exponent"},
        {"X99999999999999999999999999999", -1, PLT_EINVAL, "beyond the limit of 1000000"},
        {"X99999999999999999999999999999", 5, PLT_EINVAL, "out of range for a 5-qubit"},
        {"X0 + Y1 junk", -1, PLT_EPARSE, "obs:1:9: expected '+', '-'"},
        {"X0 +", -1, PLT_EPARSE, "obs:1:5: expected a term"},
        {"X0 + -Y1", -1, PLT_EPARSE, "obs:1:6: expected a term"},
        {"2X0", -1, PLT_EPARSE, "obs:1:2: expected '*'"},
        {"2*3*X0", -1, PLT_EPARSE, "obs:1:3: expected a Pauli letter"},
        {"X0*", -1, PLT_EPARSE, "obs:1:4: expected a Pauli letter"},
        {"-(0.5)", -1, PLT_EPARSE, "expected '+' or '-'"},
        {"XIZ + XI", -1, PLT_EPARSE, "obs:1:7: dense string has 2 letters but an earlier"},
        {"XIZ", 5, PLT_EPARSE, "dense string has 3 letters for a 5-qubit"},
        {"XIZ + Z5", -1, PLT_EINVAL, "obs:1:8: qubit 5 is out of range for a 3-qubit"},
        {"X0 + Q1", -1, PLT_EPARSE, "obs:1:6: expected a term"},
        {"X0\n+ Y1*Y1", -1, PLT_EPARSE, "obs:2:7: qubit 1 is repeated"},
        {"X0 \x01", -1, PLT_EPARSE, "byte 0x01"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        plt_psum *s = (plt_psum *)&cases;
        plt_expect_error(plt_psum_parse(cases[k].text, cases[k].n, "obs", &s), cases[k].code,
                         cases[k].msg);
        assert_null(s);
    }
    plt_psum *s = NULL;
    plt_expect_error(plt_psum_parse("X0", 0, NULL, &s), PLT_EINVAL, "qubit count 0");
    plt_expect_error(plt_psum_parse(NULL, 3, NULL, &s), PLT_EINVAL, "NULL");
}

static void test_argument_errors(void **state) {
    (void)state;
    plt_psum *a = NULL, *b = NULL, *c = NULL;
    plt_pstring *p = NULL;
    plt_expect_ok(plt_psum_new(3, &a));
    plt_expect_ok(plt_psum_new(4, &b));
    plt_expect_ok(plt_pstring_new(4, &p));
    plt_expect_error(plt_psum_add(a, p, 1, 0), PLT_EINVAL, "4 qubits but the Pauli sum has 3");
    plt_expect_error(plt_psum_add_sum(a, b, 1, 0), PLT_EINVAL, "qubits");
    plt_expect_error(plt_psum_mul(a, b, &c), PLT_EINVAL, "3 and 4");
    assert_null(c);
    double re, im;
    plt_expect_error(plt_psum_inner(a, b, &re, &im), PLT_EINVAL, "inner");
    plt_expect_error(plt_psum_term(a, 0, NULL, &re, &im), PLT_EINVAL, "term 0 is out of range");
    plt_expect_error(plt_psum_new(0, &c), PLT_EINVAL, "1..1000000");
    plt_psum_free(a);
    plt_psum_free(b);
    plt_pstring_free(p);
    plt_psum_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_algebra_vs_dense), cmocka_unit_test(test_drop_small),
        cmocka_unit_test(test_growth),           cmocka_unit_test(test_text_round_trip),
        cmocka_unit_test(test_good_texts),       cmocka_unit_test(test_bad_texts),
        cmocka_unit_test(test_argument_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
