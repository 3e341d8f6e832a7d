/* labels: papers props */
/* The Lie-algebraic variance prediction (Ragone et al., "A Lie algebraic theory of barren
 * plateaus for deep parameterized quantum circuits", Nat. Commun. 15, 7172 (2024); Fontana et
 * al., "Characterizing barren plateaus in quantum ansatze with the adjoint representation",
 * Nat. Commun. 15, 7171 (2024)) against closed forms and against the sampled variance of deep
 * random circuits run on the statevector engine. */
#include <unistd.h>

#include "plateau/plateau.h"
#include "support/test.h"

static plt_dla *closure_of(const char *const *gens, size_t m, int n) {
    plt_pstring *p[64] = {NULL};
    for (size_t j = 0; j < m; j++) plt_expect_ok(plt_pstring_parse(gens[j], n, "test", &p[j]));
    plt_dla *g = NULL;
    plt_expect_ok(plt_lie_closure_strings((const plt_pstring *const *)p, m, 0, &g));
    for (size_t j = 0; j < m; j++) plt_pstring_free(p[j]);
    return g;
}

static plt_state *product_plus_x(int n) {
    char path[] = "/tmp/plt_var_productXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (int q = 0; q < n; q++) fprintf(f, "1 0 0\n");
    fclose(f);
    char spec[64];
    snprintf(spec, sizeof spec, "product:%s", path);
    plt_state *s = NULL;
    plt_expect_ok(plt_state_parse(spec, n, "test", &s));
    remove(path);
    return s;
}

static double predict(const plt_dla *g, const plt_state *s, const plt_psum *o, size_t *nideals) {
    plt_dla_report r;
    plt_expect_ok(plt_dla_analyse(g, s, o, &r));
    assert_true(r.has_prediction);
    if (nideals) *nideals = r.nideals;
    double v = r.predicted_variance;
    plt_dla_report_clear(&r);
    return v;
}

/* Sampled variance of the loss over `samples` circuits of `layers` layers, each layer one
 * rotation per generator with an independent uniform angle; compared with `want` within four
 * standard errors of the sample variance (its standard error from the fourth moment). */
static void sampled(const char *const *gens, size_t m, int n, const plt_state *s,
                    const plt_psum *o, int layers, int samples, double want) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    for (int l = 0; l < layers; l++)
        for (size_t j = 0; j < m; j++) {
            char nm[64];
            int k;
            snprintf(nm, sizeof nm, "t%d_%zu", l, j);
            plt_expect_ok(plt_circuit_add_param(c, nm, 0, &k));
            plt_pstring *p = NULL;
            plt_expect_ok(plt_pstring_parse(gens[j], n, "test", &p));
            plt_expect_ok(plt_circuit_add_rotation(c, p, k, 1.0, 0));
            plt_pstring_free(p);
        }
    plt_model mod = {c, o, s};
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan("statevector", &mod, NULL, &e));
    int np = plt_circuit_nparams(c);
    double *th = malloc((size_t)np * sizeof *th), *x = malloc((size_t)samples * sizeof *x);
    plt_test_rng r;
    uint64_t seed = plt_test_seed();
    plt_test_rng_init(&r, seed + (uint64_t)n * 131 + m);
    double mean = 0;
    for (int t = 0; t < samples; t++) {
        for (int k = 0; k < np; k++) th[k] = 2 * M_PI * plt_test_rng_uniform(&r);
        plt_expect_ok(plt_engine_loss(e, th, &x[t], NULL));
        mean += x[t];
    }
    mean /= samples;
    double m2 = 0, m4 = 0;
    for (int t = 0; t < samples; t++) {
        double d = x[t] - mean;
        m2 += d * d;
        m4 += d * d * d * d;
    }
    m2 /= samples - 1;
    m4 /= samples;
    double se = sqrt(fmax(m4 - m2 * m2, 0) / samples);
    if (fabs(m2 - want) > 4 * se + 1e-12) {
        print_error("seed %llu n %d: sampled variance %.6g +- %.2g, predicted %.6g\n",
                    (unsigned long long)seed, n, m2, se, want);
        fail();
    }
    free(th);
    free(x);
    plt_engine_free(e);
    plt_circuit_free(c);
}

/* g = su(2) (+) u(1): the Bloch vector of a Haar-random qubit has <Z>^2 = 1/3 on average;
 * the central Z1 adds a constant. */
static void test_su2_plus_centre(void **st) {
    (void)st;
    const char *gens[] = {"X0", "Y0", "Z1"};
    plt_dla *g = closure_of(gens, 3, 2);
    plt_psum *o = NULL;
    plt_expect_ok(plt_psum_parse("Z0 + 0.5*Z1", 2, "test", &o));
    size_t k;
    plt_state *z = NULL;
    plt_expect_ok(plt_state_new_zero(2, &z));
    double v = predict(g, z, o, &k);
    plt_expect_close(v, 1.0 / 3.0, 1e-12, 0);
    assert_int_equal(k, 1);
    plt_dla_report r;
    plt_expect_ok(plt_dla_analyse(g, z, o, &r));
    assert_int_equal(r.centre_dim, 1);
    plt_dla_report_clear(&r);
    sampled(gens, 3, 2, z, o, 6, 4000, v);
    plt_state_free(z);
    plt_psum_free(o);
    plt_dla_free(g);
}

/* g = su(2^n): Haar variance of <Z0> in a pure state is 1/(2^n + 1). */
static void test_full_su(void **st) {
    (void)st;
    for (int n = 1; n <= 4; n++) {
        const char *all[] = {"X0", "Y0", "X1", "Y1", "X2", "Y2", "X3", "Y3", "Z0*Z1", "Z1*Z2",
                             "Z2*Z3"};
        const char *gens[16];
        size_t m = 0;
        for (int q = 0; q < n; q++) {
            gens[m++] = all[2 * q];
            gens[m++] = all[2 * q + 1];
        }
        for (int q = 0; q + 1 < n; q++) gens[m++] = all[8 + q];
        plt_dla *g = closure_of(gens, m, n);
        assert_int_equal(plt_dla_dim(g), (size_t)plt_lie_su_dim(n));
        plt_psum *o = NULL;
        plt_expect_ok(plt_psum_parse("Z0", n, "test", &o));
        plt_dla_report r;
        plt_state *s = NULL;
        plt_expect_ok(plt_state_new_zero(n, &s));
        plt_expect_ok(plt_dla_analyse(g, s, o, &r));
        assert_true(r.is_full);
        plt_expect_close(r.predicted_variance, 1.0 / (ldexp(1, n) + 1), 1e-12, 0);
        /* P_g(rho) = 1 - 2^-n for a pure state, P_g(Z0) = 2^n (Ragone et al.'s normalisation). */
        plt_expect_close(r.purity_obs, ldexp(1, n), 1e-12, 0);
        plt_expect_close(r.purity_state, 1 - ldexp(1, -n), 1e-12, 0);
        plt_dla_report_clear(&r);
        if (n <= 3) sampled(gens, m, n, s, o, 12 * n, 3000, 1.0 / (ldexp(1, n) + 1));
        plt_state_free(s);
        plt_psum_free(o);
        plt_dla_free(g);
    }
}

/* TFIM on two qubits: so(4) = su(2) + su(2), two ideals of dimension 3. With |++> and
 * O = X0 + X1 both live in one ideal: Var = 2 * 2 / 3, not the 2 * 2 / 6 a simple so(4)
 * would give. */
static void test_so4_split(void **st) {
    (void)st;
    const char *gens[] = {"X0", "X1", "Z0*Z1"};
    plt_dla *g = closure_of(gens, 3, 2);
    assert_int_equal(plt_dla_dim(g), 6);
    plt_state *s = product_plus_x(2);
    plt_psum *o = NULL;
    plt_expect_ok(plt_psum_parse("X0 + X1", 2, "test", &o));
    size_t k;
    double v = predict(g, s, o, &k);
    assert_int_equal(k, 2);
    plt_expect_close(v, 4.0 / 3.0, 1e-10, 0);
    sampled(gens, 3, 2, s, o, 20, 4000, v);
    plt_psum_free(o);
    plt_state_free(s);
    plt_dla_free(g);
}

static size_t chain_gens(const char **gens, char store[][32], int n, int kind) {
    size_t m = 0;
    for (int i = 0; i + 1 < n; i++) {
        snprintf(store[m], 32, kind == 0 ? "Z%d*Z%d" : "X%d*X%d", i, i + 1);
        gens[m] = store[m];
        m++;
        if (kind == 1) {
            snprintf(store[m], 32, "Y%d*Y%d", i, i + 1);
            gens[m] = store[m];
            m++;
        }
    }
    for (int i = 0; kind == 0 && i < n; i++) {
        snprintf(store[m], 32, "X%d", i);
        gens[m] = store[m];
        m++;
    }
    return m;
}

/* Deep random TFIM (so(2n), simple) and XY (so(n) + so(n)) chains, n <= 10 as the issue asks. */
static void test_chains(void **st) {
    (void)st;
    char store[64][32];
    const char *gens[64];
    for (int kind = 0; kind < 2; kind++)
        for (int n = 4; n <= 10; n += 2) {
            size_t m = chain_gens(gens, store, n, kind);
            plt_dla *g = closure_of(gens, m, n);
            plt_psum *o = NULL;
            plt_expect_ok(plt_psum_parse(kind ? "X0*X1 + 0.5*Y1*Y2" : "Z0*Z1 + 0.5*X2", n, "test",
                                         &o));
            /* Basis states have no weight in the XY algebra (no Z-only string is quadratic in
             * one Majorana component); |+...+> has. */
            plt_state *s = NULL;
            if (kind == 1) s = product_plus_x(n);
            else
                plt_expect_ok(plt_state_parse(n == 4   ? "basis:0110"
                                              : n == 6 ? "basis:010110"
                                              : n == 8 ? "basis:01011010"
                                                       : "basis:0101101001",
                                              n, "test", &s));
            size_t k;
            double v = predict(g, s, o, &k);
            print_message("kind %d n %d: dim %zu, %zu ideals, predicted %.6g\n", kind, n,
                          plt_dla_dim(g), k, v);
            /* so(4) + so(4) at n = 4 is four su(2)'s; so(n) + so(n) for n >= 6 two ideals. */
            assert_int_equal(k, kind == 0 ? 1 : (n == 4 ? 4 : 2));
            assert_true(v > 0);
            sampled(gens, m, n, s, o, 8 * n, 3000, v);
            plt_state_free(s);
            plt_psum_free(o);
            plt_dla_free(g);
        }
}

/* An observable outside the algebra gets no prediction and a note saying why. */
static void test_outside(void **st) {
    (void)st;
    const char *gens[] = {"X0*X1", "Y0*Y1"};
    plt_dla *g = closure_of(gens, 2, 2);
    plt_psum *o = NULL;
    plt_expect_ok(plt_psum_parse("Z0", 2, "test", &o));
    plt_state *s = NULL;
    plt_expect_ok(plt_state_new_zero(2, &s));
    plt_dla_report r;
    plt_expect_ok(plt_dla_analyse(g, s, o, &r));
    assert_false(r.has_prediction);
    assert_non_null(strstr(r.note, "outside"));
    plt_expect_close(r.obs_outside, 1, 1e-12, 0);
    plt_dla_report_clear(&r);
    plt_state_free(s);
    plt_psum_free(o);
    plt_dla_free(g);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_su2_plus_centre), cmocka_unit_test(test_full_su),
        cmocka_unit_test(test_so4_split),       cmocka_unit_test(test_chains),
        cmocka_unit_test(test_outside),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
