/* labels: unit papers */
/* Lie closure against known dimensions and against a dense-matrix closure. */
#include <complex.h>

#include "support/test.h"
#include "plateau/lie.h"

typedef double complex cplx;

static plt_pstring *ps(const char *text, int n) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_parse(text, n, "test", &p));
    return p;
}

static plt_psum *sum(const char *text, int n) {
    plt_psum *s = NULL;
    plt_expect_ok(plt_psum_parse(text, n, "test", &s));
    return s;
}

static size_t closure_dim(plt_psum **gens, size_t m, int *complete) {
    plt_dla *g = NULL;
    plt_expect_ok(plt_lie_closure((const plt_psum *const *)gens, m, 0, 0, &g));
    size_t d = plt_dla_dim(g);
    if (complete) *complete = plt_dla_complete(g);
    plt_dla_free(g);
    return d;
}

static void free_sums(plt_psum **g, size_t m) {
    for (size_t i = 0; i < m; i++) plt_psum_free(g[i]);
}

/* Open-chain generators: one string per site or bond, "%s" letters placed at i (and i+1). */
static size_t chain(plt_psum **g, int n, const char *const *one, const char *const *two) {
    size_t m = 0;
    char buf[64];
    for (int k = 0; one && one[k]; k++)
        for (int i = 0; i < n; i++) {
            snprintf(buf, sizeof buf, "%c%d", one[k][0], i);
            g[m++] = sum(buf, n);
        }
    for (int k = 0; two && two[k]; k++)
        for (int i = 0; i + 1 < n; i++) {
            snprintf(buf, sizeof buf, "%c%d*%c%d", two[k][0], i, two[k][1], i + 1);
            g[m++] = sum(buf, n);
        }
    return m;
}

/* Transverse-field Ising chain, open boundary: {X_i} and {Z_i Z_i+1} generate so(2n), of
 * dimension n(2n-1) (free fermions under Jordan-Wigner; Wiersema et al., arXiv:2309.05690). */
static void test_tfim_open(void **st) {
    (void)st;
    for (int n = 2; n <= 40; n += (n < 10 ? 1 : 10)) {
        plt_psum *g[200];
        const char *one[] = {"X", NULL}, *two[] = {"ZZ", NULL};
        size_t m = chain(g, n, one, two);
        int complete;
        assert_int_equal(closure_dim(g, m, &complete), (size_t)(n * (2 * n - 1)));
        assert_true(complete);
        free_sums(g, m);
    }
}

/* XY model on an open chain, {X_i X_i+1, Y_i Y_i+1}: quadratic in Majoranas on two disjoint
 * chains of n Majoranas each, so so(n) + so(n), dimension n(n-1) (Wiersema et al. 2023). */
static void test_xy_open(void **st) {
    (void)st;
    for (int n = 3; n <= 12; n++) {
        plt_psum *g[64];
        const char *two[] = {"XX", "YY", NULL};
        size_t m = chain(g, n, NULL, two);
        assert_int_equal(closure_dim(g, m, NULL), (size_t)(n * (n - 1)));
        free_sums(g, m);
    }
}

/* A universal set ({X_i, Y_i} and {Z_i Z_i+1}) gives all of su(2^n). */
static void test_universal(void **st) {
    (void)st;
    for (int n = 1; n <= 5; n++) {
        plt_psum *g[64];
        const char *one[] = {"X", "Y", NULL}, *two[] = {"ZZ", NULL};
        size_t m = chain(g, n, one, two);
        assert_int_equal(closure_dim(g, m, NULL), (size_t)plt_lie_su_dim(n));
        free_sums(g, m);
    }
}

static void test_max_dim(void **st) {
    (void)st;
    int n = 30;
    plt_pstring *p[100];
    size_t m = 0;
    char buf[32];
    for (int i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "X%d", i);
        p[m++] = ps(buf, n);
    }
    for (int i = 0; i + 1 < n; i++) {
        snprintf(buf, sizeof buf, "Z%d*Z%d", i, i + 1);
        p[m++] = ps(buf, n);
    }
    plt_dla *g = NULL;
    plt_expect_ok(plt_lie_closure_strings((const plt_pstring *const *)p, m, 500, &g));
    assert_int_equal(plt_dla_dim(g), 500);
    assert_false(plt_dla_complete(g));
    plt_dla_free(g);
    plt_expect_ok(plt_lie_closure_strings((const plt_pstring *const *)p, m, 1770, &g));
    assert_int_equal(plt_dla_dim(g), 1770);
    plt_dla_free(g);
    /* Every bracket of two basis strings is again in the basis, with |f| = 2. */
    plt_expect_ok(plt_lie_closure_strings((const plt_pstring *const *)p, m, 0, &g));
    assert_true(plt_dla_complete(g));
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    for (int k = 0; k < 2000; k++) {
        size_t a = (size_t)plt_test_rng_int(&r, (int)plt_dla_dim(g));
        size_t b = (size_t)plt_test_rng_int(&r, (int)plt_dla_dim(g));
        size_t idx[2], nnz;
        double val[2];
        plt_expect_ok(plt_dla_structure(g, a, b, idx, val, 2, &nnz));
        assert_true(nnz <= 1);
        if (nnz) assert_true(fabs(fabs(val[0]) - 2) < 1e-15);
        size_t nnz2;
        plt_expect_ok(plt_dla_structure(g, b, a, idx + 1, val + 1, 1, &nnz2));
        assert_int_equal(nnz, nnz2);
        if (nnz) {
            assert_int_equal(idx[0], idx[1]);
            assert_true(val[0] == -val[1]);
        }
    }
    plt_dla_free(g);
    for (size_t i = 0; i < m; i++) plt_pstring_free(p[i]);
}

static void test_errors(void **st) {
    (void)st;
    plt_dla *g = NULL;
    plt_psum *s[2] = {sum("X0", 2), sum("Z0", 3)};
    plt_expect_error(plt_lie_closure((const plt_psum *const *)s, 2, 0, 0, &g), PLT_EINVAL,
                     "same qubit count");
    assert_null(g);
    plt_psum *c = NULL;
    plt_expect_ok(plt_psum_new(2, &c));
    plt_pstring *x = ps("X0", 2);
    plt_expect_ok(plt_psum_add(c, x, 1, 0.5));
    plt_expect_error(plt_lie_closure((const plt_psum *const *)&c, 1, 0, 0, &g), PLT_EINVAL,
                     "Hermitian");
    plt_psum *idn = sum("2", 2);
    plt_expect_error(plt_lie_closure((const plt_psum *const *)&idn, 1, 0, 0, &g), PLT_EINVAL,
                     "trivial");
    plt_psum_free(idn);
    plt_pstring_free(x);
    plt_psum_free(c);
    free_sums(s, 2);
}

/* ---- the dense oracle: Hermitian matrices, brackets i[A,B], Gram-Schmidt on entries ---- */

static void pauli_dense(const plt_pstring *p, int n, cplx *m) {
    size_t d = (size_t)1 << n;
    for (size_t r = 0; r < d; r++)
        for (size_t c = 0; c < d; c++) {
            cplx v = 1;
            for (int q = 0; q < n && v != 0; q++) {
                int br = (int)(r >> q) & 1, bc = (int)(c >> q) & 1;
                switch (plt_pstring_get(p, q)) {
                case 'I': v *= br == bc; break;
                case 'X': v *= br != bc; break;
                case 'Y': v *= br != bc ? (br ? I : -I) : 0; break;
                case 'Z': v *= br == bc ? (br ? -1 : 1) : 0; break;
                }
            }
            m[r * d + c] = v;
        }
}

static void sum_dense(const plt_psum *s, int n, cplx *m, cplx *tmp) {
    size_t d = (size_t)1 << n;
    memset(m, 0, d * d * sizeof *m);
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(n, &p));
    for (size_t t = 0; t < plt_psum_nterms(s); t++) {
        double re, im;
        plt_expect_ok(plt_psum_term(s, t, p, &re, &im));
        pauli_dense(p, n, tmp);
        for (size_t i = 0; i < d * d; i++) m[i] += (re + I * im) * tmp[i];
    }
    plt_pstring_free(p);
}

/* Gram-Schmidt (twice) against basis[0..k); appends when independent. */
static int dense_add(cplx *basis, size_t *k, size_t len, cplx *v) {
    /* The identity (a global phase) is not part of the algebra: remove the trace. */
    size_t d = (size_t)sqrt((double)len);
    cplx tr = 0;
    for (size_t i = 0; i < d; i++) tr += v[i * d + i];
    for (size_t i = 0; i < d; i++) v[i * d + i] -= tr / (double)d;
    double n0 = 0;
    for (size_t i = 0; i < len; i++) n0 += creal(v[i] * conj(v[i]));
    if (n0 < 1e-20) return 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t b = 0; b < *k; b++) {
            cplx ip = 0;
            for (size_t i = 0; i < len; i++) ip += conj(basis[b * len + i]) * v[i];
            for (size_t i = 0; i < len; i++) v[i] -= ip * basis[b * len + i];
        }
    double n1 = 0;
    for (size_t i = 0; i < len; i++) n1 += creal(v[i] * conj(v[i]));
    if (n1 < 1e-16 * n0) return 0;
    for (size_t i = 0; i < len; i++) basis[*k * len + i] = v[i] / sqrt(n1);
    (*k)++;
    return 1;
}

static size_t dense_closure(plt_psum **gens, size_t m, int n) {
    size_t d = (size_t)1 << n, len = d * d, maxd = len;
    cplx *basis = malloc(maxd * len * sizeof *basis);
    cplx *gm = malloc(m * len * sizeof *gm), *tmp = malloc(len * sizeof *tmp);
    cplx *v = malloc(len * sizeof *v);
    assert_non_null(basis && gm && tmp && v);
    size_t k = 0;
    for (size_t j = 0; j < m; j++) {
        sum_dense(gens[j], n, gm + j * len, tmp);
        memcpy(v, gm + j * len, len * sizeof *v);
        dense_add(basis, &k, len, v);
    }
    for (size_t b = 0; b < k; b++)
        for (size_t j = 0; j < m; j++) {
            const cplx *A = gm + j * len, *B = basis + b * len;
            for (size_t r = 0; r < d; r++)
                for (size_t c = 0; c < d; c++) {
                    cplx acc = 0;
                    for (size_t q = 0; q < d; q++)
                        acc += A[r * d + q] * B[q * d + c] - B[r * d + q] * A[q * d + c];
                    v[r * d + c] = I * acc;
                }
            dense_add(basis, &k, len, v);
        }
    free(basis);
    free(gm);
    free(tmp);
    free(v);
    return k;
}

static plt_psum *random_sum(plt_test_rng *r, int n, int terms) {
    plt_psum *s = NULL;
    plt_pstring *p = NULL;
    plt_expect_ok(plt_psum_new(n, &s));
    plt_expect_ok(plt_pstring_new(n, &p));
    for (int t = 0; t < terms; t++) {
        for (int q = 0; q < n; q++) {
            /* Mostly identity so that the algebras are often small and interesting. */
            int u = plt_test_rng_int(r, 6);
            plt_expect_ok(plt_pstring_set(p, q, u < 3 ? 'I' : "XYZ"[u - 3]));
        }
        double c = (t == 0 || plt_test_rng_int(r, 2)) ? 1.0 : 0.3 + plt_test_rng_uniform(r);
        plt_expect_ok(plt_psum_add(s, p, c, 0));
    }
    plt_pstring_free(p);
    return s;
}

/* Random generator sets (strings, and sums of up to 3 strings): the closure's dimension equals
 * the rank of the dense-matrix closure. */
static void test_dense_oracle(void **st) {
    (void)st;
    plt_test_rng r;
    uint64_t seed = plt_test_seed();
    plt_test_rng_init(&r, seed);
    for (int trial = 0; trial < 60; trial++) {
        int n = 1 + plt_test_rng_int(&r, 3) + (trial % 10 == 0);
        size_t m = 1 + (size_t)plt_test_rng_int(&r, 4);
        int maxterms = trial % 2 ? 1 : 3;
        plt_psum *g[8];
        for (size_t j = 0; j < m; j++) g[j] = random_sum(&r, n, 1 + plt_test_rng_int(&r, maxterms));
        int allid = 1;
        for (size_t j = 0; j < m; j++) {
            double cre = 0, out = 0;
            (void)out;
            for (size_t t = 0; t < plt_psum_nterms(g[j]); t++) {
                plt_pstring *p = NULL;
                plt_expect_ok(plt_pstring_new(n, &p));
                plt_expect_ok(plt_psum_term(g[j], t, p, &cre, NULL));
                if (plt_pstring_weight(p) > 0) allid = 0;
                plt_pstring_free(p);
            }
        }
        if (allid) {
            free_sums(g, m);
            continue;
        }
        size_t want = dense_closure(g, m, n);
        size_t got = closure_dim(g, m, NULL);
        if (got != want) {
            print_error("seed %llu trial %d n %d: got %zu want %zu\n",
                        (unsigned long long)seed, trial, n, got, want);
            for (size_t j = 0; j < m; j++) {
                char *txt = NULL;
                plt_expect_ok(plt_psum_to_text(g[j], &txt));
                print_error("  generator %zu: %s\n", j, txt);
                plt_free(txt);
            }
        }
        assert_int_equal(got, want);
        free_sums(g, m);
    }
}

/* TFIM Hamiltonian variational ansatz with one parameter per term type: generators are the
 * sums sum_i X_i and sum_i Z_i Z_i+1; checked against the dense closure. */
static void test_hva_sums(void **st) {
    (void)st;
    for (int n = 2; n <= 4; n++) {
        char a[256] = "", b[256] = "", t[32];
        for (int i = 0; i < n; i++) {
            snprintf(t, sizeof t, "%sX%d", i ? " + " : "", i);
            strcat(a, t);
        }
        for (int i = 0; i + 1 < n; i++) {
            snprintf(t, sizeof t, "%sZ%d*Z%d", i ? " + " : "", i, i + 1);
            strcat(b, t);
        }
        plt_psum *g[2] = {sum(a, n), sum(b, n)};
        assert_int_equal(closure_dim(g, 2, NULL), dense_closure(g, 2, n));
        /* Orthonormal basis: <B_i, B_j> = delta_ij, checked by projecting each element. */
        plt_dla *dla = NULL;
        plt_expect_ok(plt_lie_closure((const plt_psum *const *)g, 2, 0, 0, &dla));
        size_t d = plt_dla_dim(dla);
        double *c = malloc(d * sizeof *c);
        for (size_t i = 0; i < d; i++) {
            plt_psum *e = NULL;
            double out, id;
            plt_expect_ok(plt_dla_element(dla, i, &e));
            plt_expect_ok(plt_dla_project(dla, e, c, &id, &out));
            for (size_t j = 0; j < d; j++) plt_expect_close(c[j], i == j, 0, 1e-12);
            plt_expect_close(out, 0, 0, 1e-12);
            plt_psum_free(e);
        }
        free(c);
        plt_dla_free(dla);
        free_sums(g, 2);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tfim_open),   cmocka_unit_test(test_xy_open),
        cmocka_unit_test(test_universal),   cmocka_unit_test(test_max_dim),
        cmocka_unit_test(test_errors),      cmocka_unit_test(test_dense_oracle),
        cmocka_unit_test(test_hva_sums),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
