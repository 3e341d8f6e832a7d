/* labels: unit
 * plt_psum_parse_hermitian and plt_psum_check_hermitian: which coefficients are refused, where
 * the parser points, and what the message says. */
#include "plateau/pauli.h"
#include "plateau/status.h"
#include "support/test.h"

/* Parses with the Hermitian gate and expects a refusal at line:col naming `needle`. */
static void expect_refused(const char *text, int n, int line, int col, const char *needle) {
    plt_psum *s = (plt_psum *)1;
    plt_expect_error(plt_psum_parse_hermitian(text, n, "--obs", &s), PLT_EINVAL, needle);
    assert_null(s);
    const plt_error *e = plt_error_last();
    assert_string_equal(e->origin, "--obs");
    if (e->line != line || e->col != col) {
        print_error("'%s': refused at %d:%d, want %d:%d\n", text, e->line, e->col, line, col);
        fail();
    }
    assert_non_null(strstr(e->message, "give real coefficients"));
}

static void test_refused_at_the_term(void **st) {
    (void)st;
    expect_refused("(0+1j)*X0 + Z0*Z1", 2, 1, 1,
                   "the observable must be Hermitian: term X0 has coefficient 0+1i;");
    expect_refused("Z0*Z1 + (0+1j)*X0", 2, 1, 9, "term X0 has coefficient 0+1i;");
    /* The sign in front is part of the coefficient; -0 is printed as 0. */
    expect_refused("-Z0*Z1-(0+2j)*X0-X1", 2, 1, 8, "term X0 has coefficient 0-2i;");
    /* No tolerance: 1e-300 is refused, on the second line of a file. */
    expect_refused("Z0\n  + 2*X1 - (0.25-1e-300j)*Y0*Z1", 2, 2, 12,
                   "term Y0*Z1 has coefficient -0.25+1e-300i;");
    /* Dense strings are named in indexed form. */
    expect_refused("ZZZZ + (0+1j)*XIZY", -1, 1, 8, "term X0*Z2*Y3 has coefficient 0+1i;");
    /* The identity. */
    expect_refused("Z0 + (3+1j)", 1, 1, 6, "term I has coefficient 3+1i;");
    /* A string written twice is judged by its sum, pointed at by its first non-real term. */
    expect_refused("Z1 + (0+1j)*X0 + X0", 2, 1, 6,
                   "term X0 has coefficient 1+1i (summed over its occurrences);");
}

static void test_real_sums_accepted(void **st) {
    (void)st;
    const char *ok[] = {"(0.5+0j)*X0 + (2-0j)*Z1", "(1+1j)*X0 - (0+1j)*X0", "-(0.5-0j)", "0",
                        "0.5*Z0*Z1 - 1.2*X1 + Y0"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        plt_psum *s = NULL;
        plt_expect_ok(plt_psum_parse_hermitian(ok[i], 2, "--obs", &s));
        plt_expect_ok(plt_psum_check_hermitian(s));
        plt_psum_free(s);
    }
    plt_psum *s = NULL;
    plt_pstring *p = NULL;
    double re = 0, im = 1;
    plt_expect_ok(plt_psum_parse_hermitian("(1+1j)*X0 - (0+1j)*X0", 2, "--obs", &s));
    plt_expect_ok(plt_pstring_parse("X0", 2, NULL, &p));
    plt_expect_ok(plt_psum_get(s, p, &re, &im));
    assert_true(re == 1.0 && im == 0.0);
    plt_psum_free(s);
    plt_pstring_free(p);
    /* The plain parser still reads complex sums (commutators, generators of i*H, ...). */
    plt_expect_ok(plt_psum_parse("(0+1j)*X0", 1, "--obs", &s));
    plt_expect_error(plt_psum_check_hermitian(s), PLT_EINVAL, "term X0 has coefficient 0+1i;");
    assert_int_equal(plt_error_last()->line, 0);
    plt_psum_free(s);
}

static void test_check_built_sums(void **st) {
    (void)st;
    plt_psum *s = NULL;
    plt_pstring *p = NULL;
    plt_expect_ok(plt_psum_new(3, &s));
    plt_expect_ok(plt_pstring_parse("Z1*X2", 3, NULL, &p));
    plt_expect_ok(plt_psum_add(s, p, 0.5, -0.0));
    plt_expect_ok(plt_psum_check_hermitian(s));
    plt_expect_ok(plt_psum_add(s, p, 0.0, 1e-300));
    plt_expect_error(plt_psum_check_hermitian(s), PLT_EINVAL,
                     "term Z1*X2 has coefficient 0.5+1e-300i;");
    plt_psum_free(s);
    plt_expect_ok(plt_psum_new(3, &s));
    plt_expect_ok(plt_psum_add(s, p, 1.0, NAN));
    plt_expect_error(plt_psum_check_hermitian(s), PLT_EINVAL, "term Z1*X2 has coefficient");
    plt_psum_free(s);
    plt_pstring_free(p);
    plt_expect_error(plt_psum_check_hermitian(NULL), PLT_EINVAL, "sum is NULL");
}

/* A heavy term is named in a bounded message that says it was cut. */
static void test_long_term_cut(void **st) {
    (void)st;
    char text[4096] = "(0+1j)";
    size_t len = strlen(text);
    for (int q = 0; q < 300; q++) len += (size_t)snprintf(text + len, sizeof text - len, "*X%d", q);
    plt_psum *s = NULL;
    plt_expect_error(plt_psum_parse_hermitian(text, 300, "--obs", &s), PLT_EINVAL,
                     "term X0*X1*X2*");
    const char *m = plt_error_last()->message;
    assert_non_null(strstr(m, "... has coefficient 0+1i;"));
    assert_true(strlen(m) < 300);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refused_at_the_term),
        cmocka_unit_test(test_real_sums_accepted),
        cmocka_unit_test(test_check_built_sums),
        cmocka_unit_test(test_long_term_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
