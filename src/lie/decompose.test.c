/* labels: unit props */
/* Centre and simple ideals: known decompositions (free-fermion chains, so(4) = su(2) + su(2))
 * and, on random generator sets, the defining properties: the parts are orthonormal, span the
 * algebra, the centre commutes with every generator and different ideals commute. */
#include "support/test.h"
#include "plateau/lie.h"

static plt_dla *closure_of(const char *text, int n) {
    /* Generators separated by ';' (each a Pauli sum). */
    plt_psum *g[64];
    size_t m = 0;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *tok = strtok(buf, ";"); tok; tok = strtok(NULL, ";"))
        plt_expect_ok(plt_psum_parse(tok, n, "test", &g[m++]));
    plt_dla *d = NULL;
    plt_expect_ok(plt_lie_closure((const plt_psum *const *)g, m, 0, 0, &d));
    for (size_t j = 0; j < m; j++) plt_psum_free(g[j]);
    return d;
}

static void expect_parts(const char *gens, int n, size_t centre, const size_t *ideals, size_t k) {
    plt_dla *g = closure_of(gens, n);
    plt_lie_decomp *d = NULL;
    plt_expect_ok(plt_dla_decompose(g, &d));
    assert_int_equal(plt_lie_decomp_dim(d, SIZE_MAX), centre);
    assert_int_equal(plt_lie_decomp_nideals(d), k);
    for (size_t i = 0; i < k; i++) assert_int_equal(plt_lie_decomp_dim(d, i), ideals[i]);
    plt_lie_decomp_free(d);
    plt_dla_free(g);
}

static void test_known(void **st) {
    (void)st;
    /* su(2) on qubit 0 and the centre Z1. */
    expect_parts("X0;Y0;Z1", 2, 1, (size_t[]){3}, 1);
    /* TFIM on two qubits: so(4) = su(2) + su(2). */
    expect_parts("X0;X1;Z0*Z1", 2, 0, (size_t[]){3, 3}, 2);
    /* XY chain: so(n) + so(n); n = 4 gives four su(2), n = 6 two so(6) (Wiersema et al.). */
    expect_parts("X0*X1;X1*X2;X2*X3;Y0*Y1;Y1*Y2;Y2*Y3", 4, 0, (size_t[]){3, 3, 3, 3}, 4);
    expect_parts("X0*X1;X1*X2;X2*X3;X3*X4;X4*X5;Y0*Y1;Y1*Y2;Y2*Y3;Y3*Y4;Y4*Y5", 6, 0,
                 (size_t[]){15, 15}, 2);
    /* Commuting generators: all centre. */
    expect_parts("Z0*Z1;X0*X1", 2, 2, NULL, 0);
}

/* sum_j v_j B_j as a Pauli sum. */
static plt_psum *vector_op(const plt_dla *g, const uint32_t *idx, const double *val, size_t len) {
    plt_psum *s = NULL;
    plt_expect_ok(plt_psum_new(plt_dla_nqubits(g), &s));
    for (size_t q = 0; q < len; q++) {
        plt_psum *e = NULL;
        plt_expect_ok(plt_dla_element(g, idx[q], &e));
        plt_expect_ok(plt_psum_add_sum(s, e, val[q], 0));
        plt_psum_free(e);
    }
    return s;
}

static double norm2(const plt_psum *s) {
    double re, im;
    plt_expect_ok(plt_psum_inner(s, s, &re, &im));
    return re;
}

static void test_properties(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 17);
    for (int trial = 0; trial < 25; trial++) {
        int n = 2 + plt_test_rng_int(&r, 2);
        char text[512] = "";
        int m = 2 + plt_test_rng_int(&r, 3);
        for (int j = 0; j < m; j++) {
            int terms = 1 + plt_test_rng_int(&r, 2);
            for (int t = 0; t < terms; t++) {
                char one[64] = "";
                int w = 0;
                for (int q = 0; q < n; q++) {
                    int u = plt_test_rng_int(&r, 6);
                    if (u < 3) continue;
                    char f[16];
                    snprintf(f, sizeof f, "%s%c%d", w ? "*" : "", "XYZ"[u - 3], q);
                    strcat(one, f);
                    w++;
                }
                if (!w) snprintf(one, sizeof one, "X%d", plt_test_rng_int(&r, n));
                strcat(text, t ? " + " : (j ? ";" : ""));
                strcat(text, one);
            }
        }
        plt_dla *g = closure_of(text, n);
        plt_lie_decomp *d = NULL;
        plt_expect_ok(plt_dla_decompose(g, &d));
        size_t total = plt_lie_decomp_dim(d, SIZE_MAX), K = plt_lie_decomp_nideals(d);
        for (size_t k = 0; k < K; k++) total += plt_lie_decomp_dim(d, k);
        if (total != plt_dla_dim(g)) print_error("seed %llu generators %s\n",
                                                 (unsigned long long)plt_test_seed(), text);
        assert_int_equal(total, plt_dla_dim(g));
        /* Ops of every part, then the brackets: centre with all, ideal k with ideal l != k. */
        size_t nparts = K + 1, cnt = 0;
        plt_psum **ops = calloc(plt_dla_dim(g) + 1, sizeof *ops);
        size_t *part = calloc(plt_dla_dim(g) + 1, sizeof *part);
        for (size_t p = 0; p < nparts; p++) {
            size_t k = p == 0 ? SIZE_MAX : p - 1;
            for (size_t j = 0; j < plt_lie_decomp_dim(d, k); j++) {
                const uint32_t *idx;
                const double *val;
                size_t len;
                plt_lie_decomp_vector(d, k, j, &idx, &val, &len);
                ops[cnt] = vector_op(g, idx, val, len);
                plt_expect_close(norm2(ops[cnt]), 1, 0, 1e-9);
                part[cnt++] = p;
            }
        }
        for (size_t a = 0; a < cnt; a++)
            for (size_t b = a + 1; b < cnt; b++) {
                double re, im;
                plt_expect_ok(plt_psum_inner(ops[a], ops[b], &re, &im));
                plt_expect_close(re, 0, 0, 1e-9);
                if (part[a] == part[b] && part[a] != 0) continue;
                plt_psum *c = NULL;
                plt_expect_ok(plt_psum_commutator(ops[a], ops[b], &c));
                plt_expect_close(norm2(c), 0, 0, 1e-9);
                plt_psum_free(c);
            }
        for (size_t a = 0; a < cnt; a++) plt_psum_free(ops[a]);
        free(ops);
        free(part);
        plt_lie_decomp_free(d);
        plt_dla_free(g);
    }
}

/* Components above the commutant check (24) are certified and split by the classification
 * (src/lie/classify.c): the ideals must be orthonormal, commute with each other, and each
 * must be closed under the generators. */
static void expect_split(const char *gens, int n, size_t copies, size_t each) {
    plt_dla *g = closure_of(gens, n);
    plt_lie_decomp *d = NULL;
    plt_expect_ok(plt_dla_decompose(g, &d));
    assert_int_equal(plt_lie_decomp_nideals(d), copies);
    assert_true(plt_lie_decomp_verified(d));
    size_t cnt = 0, dim = plt_dla_dim(g);
    plt_psum **ops = calloc(dim, sizeof *ops);
    size_t *part = calloc(dim, sizeof *part);
    for (size_t k = 0; k < copies; k++) {
        assert_int_equal(plt_lie_decomp_dim(d, k), each);
        for (size_t j = 0; j < each; j++) {
            const uint32_t *idx;
            const double *val;
            size_t len;
            plt_lie_decomp_vector(d, k, j, &idx, &val, &len);
            ops[cnt] = vector_op(g, idx, val, len);
            plt_expect_close(norm2(ops[cnt]), 1, 0, 1e-12);
            part[cnt++] = k;
        }
    }
    assert_int_equal(cnt, dim);
    for (size_t a = 0; a < cnt; a++)
        for (size_t b = a + 1; b < cnt; b++) {
            double re, im;
            plt_expect_ok(plt_psum_inner(ops[a], ops[b], &re, &im));
            plt_expect_close(re, 0, 0, 1e-12);
            if (part[a] == part[b] || (a % 7 && b % 5)) continue; /* a sample of the pairs */
            plt_psum *c = NULL;
            plt_expect_ok(plt_psum_commutator(ops[a], ops[b], &c));
            plt_expect_close(norm2(c), 0, 0, 1e-12);
            plt_psum_free(c);
        }
    /* closed under the generators: ad_G(v) has no weight outside v's ideal */
    double *coords = malloc(dim * sizeof *coords);
    for (size_t k = 0; k < copies; k++)
        for (size_t i = 0; i < each; i++) {
            const uint32_t *idx;
            const double *val;
            size_t len;
            plt_lie_decomp_vector(d, k, i, &idx, &val, &len);
            for (size_t j = 0; j < plt_dla_ngens(g); j++) {
                memset(coords, 0, dim * sizeof *coords);
                for (size_t q = 0; q < len; q++) {
                    size_t ci[1], nnz = 0;
                    double cv[1];
                    plt_expect_ok(plt_dla_ad_generator(g, j, idx[q], ci, cv, 1, &nnz));
                    if (nnz) coords[ci[0]] += val[q] * cv[0];
                }
                double in = 0, all = 0;
                for (size_t l = 0; l < copies; l++) {
                    double w = plt_lie_decomp_weight(d, l, coords);
                    all += w;
                    if (l == k) in += w;
                }
                plt_expect_close(all - in, 0, 0, 1e-9);
                assert_true(in > 0 || all == 0);
            }
        }
    free(coords);
    for (size_t a = 0; a < cnt; a++) plt_psum_free(ops[a]);
    free(ops);
    free(part);
    plt_lie_decomp_free(d);
    plt_dla_free(g);
}

static void test_large_components(void **st) {
    (void)st;
    /* Heisenberg chain, n = 4: 4 copies of su(4) (dim 60 = 4 x 15). */
    expect_split("X0*X1;X1*X2;X2*X3;Y0*Y1;Y1*Y2;Y2*Y3;Z0*Z1;Z1*Z2;Z2*Z3", 4, 4, 15);
    /* su(2) on qubit 0 times the group generated by Z1..Z4: 16 copies of su(2). */
    expect_split("X0;Z0;Z0*Z1;Z0*Z2;Z0*Z3;Z0*Z4", 5, 16, 3);
    /* XY chain, n = 8: so(8) + so(8) (Wiersema et al. 2023). */
    expect_split("X0*X1;X1*X2;X2*X3;X3*X4;X4*X5;X5*X6;X6*X7;Y0*Y1;Y1*Y2;Y2*Y3;Y3*Y4;Y4*Y5;"
                 "Y5*Y6;Y6*Y7", 8, 2, 28);
    /* TFIM, n = 4: so(8), simple (dim 28). */
    expect_split("X0;X1;X2;X3;Z0*Z1;Z1*Z2;Z2*Z3", 4, 1, 28);
}

static void test_incomplete(void **st) {
    (void)st;
    plt_pstring *p[2];
    plt_expect_ok(plt_pstring_parse("X0", 3, "t", &p[0]));
    plt_expect_ok(plt_pstring_parse("Z0*Z1*Z2", 3, "t", &p[1]));
    plt_dla *g = NULL;
    plt_expect_ok(plt_lie_closure_strings((const plt_pstring *const *)p, 2, 2, &g));
    plt_lie_decomp *d = NULL;
    plt_status s = plt_dla_decompose(g, &d);
    if (plt_dla_complete(g)) {
        plt_expect_ok(s);
    } else {
        plt_expect_error(s, PLT_EUNSUPPORTED, "max-dim");
        assert_null(d);
    }
    plt_lie_decomp_free(d);
    plt_dla_free(g);
    plt_pstring_free(p[0]);
    plt_pstring_free(p[1]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known),
        cmocka_unit_test(test_properties),
        cmocka_unit_test(test_incomplete),
        cmocka_unit_test(test_large_components),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
