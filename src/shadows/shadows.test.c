/* labels: unit props */
/* Shadows: file format round trip and errors, estimator coverage against exact values,
 * the stabilizer tableau against the dense oracle. */
#include "support/test.h"
#include "support/dense.h"

#include <complex.h>
#include <unistd.h>

#include "plateau/plateau.h"
#include "plateau/shadows.h"

static plt_pstring *random_pstring(plt_test_rng *r, int n, int maxw) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(n, &p));
    int w = 1 + plt_test_rng_int(r, maxw);
    for (int k = 0; k < w; k++)
        plt_expect_ok(plt_pstring_set(p, plt_test_rng_int(r, n), "XYZ"[plt_test_rng_int(r, 3)]));
    return p;
}

static double exact_expect(int n, const double complex *psi, const plt_pstring *p) {
    plt_psum *s = NULL;
    plt_expect_ok(plt_psum_new(n, &s));
    plt_expect_ok(plt_psum_add(s, p, 1.0, 0.0));
    double v = plt_dense_expect(n, psi, s);
    plt_psum_free(s);
    return v;
}

/* Random circuit: Clifford gates of the table, and rotations (by quarter turns when
 * clifford != 0, else by any angle). */
static plt_circuit *random_circuit(plt_test_rng *r, int n, int nops, int clifford) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    for (int i = 0; i < nops; i++) {
        if (plt_test_rng_int(r, 3)) {
            plt_gate g;
            const plt_gate_info *gi;
            do {
                g = (plt_gate)plt_test_rng_int(r, PLT_GATE_COUNT);
                gi = plt_gate_info_get(g);
            } while (gi->nqubits > n);
            int q[2] = {plt_test_rng_int(r, n), 0};
            if (gi->nqubits == 2) {
                do q[1] = plt_test_rng_int(r, n);
                while (q[1] == q[0]);
            }
            plt_expect_ok(plt_circuit_add_clifford(c, g, q));
        } else {
            plt_pstring *p = random_pstring(r, n, 3);
            double th = clifford ? (M_PI / 2) * (plt_test_rng_int(r, 7) - 3)
                                 : 6 * plt_test_rng_uniform(r) - 3;
            plt_expect_ok(plt_circuit_add_rotation(c, p, -1, 0.0, th));
            plt_pstring_free(p);
        }
    }
    return c;
}

static void test_round_trip(void **unused) {
    (void)unused;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    for (int n = 1; n < 140; n += 23) {
        plt_shadows *s = NULL, *t = NULL;
        plt_expect_ok(plt_shadows_new(n, &s));
        char *b = malloc((size_t)n + 1), *o = malloc((size_t)n + 1);
        char *b2 = malloc((size_t)n + 1), *o2 = malloc((size_t)n + 1);
        for (int k = 0; k < 50; k++) {
            for (int q = 0; q < n; q++) {
                b[q] = "XYZxyz"[plt_test_rng_int(&r, 6)];
                o[q] = (char)('0' + plt_test_rng_int(&r, 2));
            }
            b[n] = o[n] = '\0';
            plt_expect_ok(plt_shadows_add(s, b, o));
        }
        char path[] = "/tmp/plt_shadows_XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        plt_expect_ok(plt_shadows_write_file(s, path));
        plt_expect_ok(plt_shadows_read_file(path, &t));
        unlink(path);
        assert_int_equal(plt_shadows_nqubits(t), n);
        assert_int_equal(plt_shadows_nshots(t), 50);
        for (size_t k = 0; k < 50; k++) {
            plt_expect_ok(plt_shadows_shot(s, k, b, o));
            plt_expect_ok(plt_shadows_shot(t, k, b2, o2));
            assert_string_equal(b, b2);
            assert_string_equal(o, o2);
        }
        free(b), free(o), free(b2), free(o2);
        plt_shadows_free(s);
        plt_shadows_free(t);
    }
}

static void expect_parse_error(const char *text, const char *where, const char *needle) {
    plt_shadows *s = NULL;
    plt_expect_error(plt_shadows_parse(text, strlen(text), "f.txt", &s), PLT_EPARSE, where);
    plt_expect_error(plt_shadows_parse(text, strlen(text), "f.txt", &s), PLT_EPARSE, needle);
    assert_null(s);
}

static void test_bad_files(void **unused) {
    (void)unused;
    expect_parse_error("", "f.txt:1:1:", "empty shadow file");
    expect_parse_error("XZ 01\n", "f.txt:1:1:", "header");
    expect_parse_error("# plateau shadows v1 n=0\n", "f.txt:1:", "n >= 1");
    expect_parse_error("# plateau shadows v1 n=3\nXZY 010\nXQY 010\n", "f.txt:3:2:",
                       "'Q' is not a measurement basis");
    expect_parse_error("# plateau shadows v1 n=3\n\n# c\n  XZ 010\n", "f.txt:4:3:",
                       "2 basis letters");
    expect_parse_error("# plateau shadows v1 n=3\nXZY 0120\n", "f.txt:2:7:", "'2' is not");
    expect_parse_error("# plateau shadows v1 n=3\nXZY 01\n", "f.txt:2:5:", "2 outcome bits");
    expect_parse_error("# plateau shadows v1 n=3\nXZY\n", "f.txt:2:4:", "missing the outcome");
    expect_parse_error("# plateau shadows v1 n=3\nXZY 010 1\n", "f.txt:2:9:", "unexpected");
    expect_parse_error("# plateau shadows v1 n=3 x\n", "f.txt:1:26:", "unexpected text");
    expect_parse_error("# plateau shadows v1 n=99999999999\n", "f.txt:1:22:", "larger");
    const char nul[] = "# plateau shadows v1 n=1\nX\0 0\n";
    plt_shadows *s = NULL;
    plt_expect_error(plt_shadows_parse(nul, sizeof nul - 1, "f.txt", &s), PLT_EPARSE,
                     "f.txt:2:2: a NUL byte");
    plt_expect_ok(plt_shadows_parse("\r\n# plateau shadows v1 n=2\r\nxy 01\r\n\n# end\n", 40,
                                    "f.txt", &s));
    assert_int_equal(plt_shadows_nshots(s), 1);
    plt_shadows_free(s);
    plt_expect_error(plt_shadows_read_file("/nonexistent/x", &s), PLT_EIO, "/nonexistent/x");
}

/* Coverage: over many random states and strings, the exact value falls inside the
 * 95% interval about 95% of the time (the interval is slightly conservative). */
static void test_coverage(void **unused) {
    (void)unused;
    plt_test_rng r;
    uint64_t seed = plt_test_seed();
    plt_test_rng_init(&r, seed);
    const int n = 4, trials = 300;
    const size_t shots = 3000;
    double complex psi[16];
    int inside = 0, inside_sum = 0;
    double mean_half = 0;
    for (int t = 0; t < trials; t++) {
        plt_circuit *c = random_circuit(&r, n, 14, 0);
        plt_dense_state(c, NULL, NULL, psi);
        plt_shadows *s = NULL;
        plt_expect_ok(plt_shadows_sample_amplitudes(n, (const double *)psi, shots,
                                                    plt_test_rng_u64(&r), &s));
        plt_pstring *p = random_pstring(&r, n, 2);
        double ex = exact_expect(n, psi, p);
        plt_shadow_estimate e;
        plt_expect_ok(plt_shadows_estimate(s, p, 0.95, 0, &e));
        assert_int_equal(e.groups, 8);
        assert_true(e.ci_low <= e.value && e.value <= e.ci_high);
        inside += e.ci_low <= ex && ex <= e.ci_high;
        mean_half += 0.5 * (e.ci_high - e.ci_low) / trials;
        /* A sum: 0.5 - 2 p + 0.25 q */
        plt_pstring *q = random_pstring(&r, n, 2);
        plt_psum *o = NULL;
        plt_expect_ok(plt_psum_new(n, &o));
        plt_pstring *id = NULL;
        plt_expect_ok(plt_pstring_new(n, &id));
        plt_expect_ok(plt_psum_add(o, id, 0.5, 0));
        plt_expect_ok(plt_psum_add(o, p, -2, 0));
        plt_expect_ok(plt_psum_add(o, q, 0.25, 0));
        double exs = plt_dense_expect(n, psi, o);
        plt_expect_ok(plt_shadows_estimate_sum(s, o, 0.95, 0, &e));
        inside_sum += e.ci_low <= exs && exs <= e.ci_high;
        plt_psum_free(o);
        plt_pstring_free(id);
        plt_pstring_free(q);
        plt_pstring_free(p);
        plt_shadows_free(s);
        plt_circuit_free(c);
    }
    double cov = (double)inside / trials, cov_sum = (double)inside_sum / trials;
    print_message("coverage %.3f (nominal 0.95), sums %.3f, mean half-width %.4f, seed %llu\n",
                  cov, cov_sum, mean_half, (unsigned long long)seed);
    assert_true(cov >= 0.90);
    assert_true(cov <= 0.995); /* not a vacuous interval */
    assert_true(cov_sum >= 0.93);
    /* The half-width for weight <= 2 at 3000 shots is about 1.96 sqrt(pi/2 * 9 / 3000). */
    assert_true(mean_half < 0.15);
}

static void test_options(void **unused) {
    (void)unused;
    plt_shadows *s = NULL;
    plt_pstring *p = NULL;
    plt_shadow_estimate e;
    plt_expect_ok(plt_shadows_new(2, &s));
    plt_expect_ok(plt_pstring_parse("Z0", 2, NULL, &p));
    plt_expect_error(plt_shadows_estimate(s, p, 0.95, 0, &e), PLT_EINVAL, "no shots");
    plt_expect_ok(plt_shadows_add(s, "ZZ", "00"));
    plt_expect_error(plt_shadows_estimate(s, p, 1.5, 0, &e), PLT_EINVAL, "confidence");
    plt_expect_error(plt_shadows_estimate(s, p, 0.95, 3, &e), PLT_EINVAL, "3 groups");
    plt_expect_ok(plt_shadows_estimate(s, p, 0.95, 0, &e));
    plt_expect_close(e.value, 3.0, 0, 1e-15); /* one matching shot: 3 (-1)^0 */
    assert_true(e.ci_high <= 1.0 || e.ci_high == e.value);
    plt_expect_error(plt_shadows_add(s, "ZQ", "00"), PLT_EINVAL, "not a measurement basis");
    plt_expect_error(plt_shadows_add(s, "ZZ", "0"), PLT_EINVAL, "2 bits");
    plt_pstring_free(p);
    plt_shadows_free(s);
}

/* The tableau: exact expectations of Clifford states equal the dense oracle's. */
static void test_tableau_exact(void **unused) {
    (void)unused;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 1);
    for (int t = 0; t < 60; t++) {
        int n = 1 + plt_test_rng_int(&r, 5);
        plt_circuit *c = random_circuit(&r, n, 25, 1);
        assert_true(plt_circuit_is_clifford(c));
        char bits[8];
        for (int q = 0; q < n; q++) bits[q] = (char)('0' + plt_test_rng_int(&r, 2));
        bits[n] = '\0';
        double complex psi[32];
        plt_dense_state(c, NULL, bits, psi);
        for (int k = 0; k < 20; k++) {
            plt_pstring *p = random_pstring(&r, n, n);
            double v;
            plt_expect_ok(plt_clifford_expect(n, c, bits, p, &v));
            plt_expect_close(v, exact_expect(n, psi, p), 0, 1e-12);
            plt_pstring_free(p);
        }
        plt_circuit_free(c);
    }
    /* A random circuit has no non-Clifford rotation with probability (2/3)^10: end it with
     * one, so the refusal is tested on every seed. */
    plt_circuit *c = random_circuit(&r, 3, 10, 0);
    plt_pstring *p = NULL;
    double v;
    plt_expect_ok(plt_pstring_parse("X1", 3, NULL, &p));
    plt_expect_ok(plt_circuit_add_rotation(c, p, -1, 0.0, 0.3));
    plt_pstring_free(p);
    assert_false(plt_circuit_is_clifford(c));
    plt_expect_ok(plt_pstring_parse("Z0", 3, NULL, &p));
    plt_expect_error(plt_clifford_expect(3, c, NULL, p, &v), PLT_EUNSUPPORTED,
                     "not a Clifford");
    plt_pstring_free(p);
    plt_circuit_free(c);
}

/* Tableau sampler vs state-vector sampler on the same Clifford states (GHZ, cluster and
 * random): the per-basis outcome frequencies agree, and both estimate every Pauli of
 * weight <= 2 within its interval of the exact value (allowing 10% misses). */
static void test_tableau_vs_statevector(void **unused) {
    (void)unused;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 2);
    const int n = 4;
    int all_miss = 0, all_total = 0;
    for (int kind = 0; kind < 3; kind++) {
        plt_circuit *c = NULL;
        if (kind == 2) {
            c = random_circuit(&r, n, 20, 1);
        } else {
            plt_expect_ok(plt_circuit_new(n, &c));
            for (int q = 0; q < (kind == 0 ? 1 : n); q++)
                plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_H, &q));
            for (int q = 0; q + 1 < n; q++) {
                int qs[2] = {kind == 0 ? 0 : q, q + 1};
                plt_expect_ok(plt_circuit_add_clifford(c, kind == 0 ? PLT_GATE_CX : PLT_GATE_CZ,
                                                       qs));
            }
        }
        double complex psi[16];
        plt_dense_state(c, NULL, NULL, psi);
        plt_shadows *a = NULL, *b = NULL;
        const size_t shots = 20000;
        plt_expect_ok(plt_shadows_sample_clifford(n, c, NULL, shots, plt_test_rng_u64(&r), &a));
        plt_expect_ok(plt_shadows_sample_amplitudes(n, (const double *)psi, shots,
                                                    plt_test_rng_u64(&r), &b));
        /* Frequencies of (basis, outcome) for the all-Z and all-X bases. */
        double freq[2][2][16] = {{{0}}};
        int cnt[2][2] = {{0}};
        char bs[8], os[8];
        for (int which = 0; which < 2; which++) {
            plt_shadows *s = which ? b : a;
            for (size_t k = 0; k < shots; k++) {
                plt_expect_ok(plt_shadows_shot(s, k, bs, os));
                int sel = strcmp(bs, "ZZZZ") == 0 ? 0 : strcmp(bs, "XXXX") == 0 ? 1 : -1;
                if (sel < 0) continue;
                int idx = 0;
                for (int q = 0; q < n; q++) idx |= (os[q] - '0') << q;
                freq[which][sel][idx] += 1;
                cnt[which][sel]++;
            }
        }
        for (int sel = 0; sel < 2; sel++)
            for (int idx = 0; idx < 16; idx++) {
                double fa = freq[0][sel][idx] / cnt[0][sel], fb = freq[1][sel][idx] / cnt[1][sel];
                /* ~250 shots each: 5 sigma of the difference of two frequencies */
                double sd = sqrt(0.25 / cnt[0][sel] + 0.25 / cnt[1][sel]);
                plt_expect_close(fa, fb, 0, 5 * sd);
            }
        int total = 0, miss[2] = {0, 0};
        for (int q0 = 0; q0 < n; q0++)
            for (int q1 = q0; q1 < n; q1++)
                for (int l0 = 0; l0 < 3; l0++)
                    for (int l1 = 0; l1 < 3; l1++) {
                        if (q0 == q1 && l1 > 0) continue;
                        plt_pstring *p = NULL;
                        plt_expect_ok(plt_pstring_new(n, &p));
                        plt_expect_ok(plt_pstring_set(p, q0, "XYZ"[l0]));
                        if (q1 != q0) plt_expect_ok(plt_pstring_set(p, q1, "XYZ"[l1]));
                        double ex = exact_expect(n, psi, p), v;
                        plt_expect_ok(plt_clifford_expect(n, c, NULL, p, &v));
                        plt_expect_close(v, ex, 0, 1e-12);
                        for (int which = 0; which < 2; which++) {
                            plt_shadow_estimate e;
                            plt_expect_ok(plt_shadows_estimate(which ? b : a, p, 0.95, 0, &e));
                            miss[which] += !(e.ci_low <= ex && ex <= e.ci_high);
                        }
                        total++;
                        plt_pstring_free(p);
                    }
        print_message("kind %d: %d strings, misses tableau %d, statevector %d\n", kind, total,
                      miss[0], miss[1]);
        /* The strings share one data set, so their misses are correlated: a loose bound per
         * state and a tighter one over all. */
        assert_true(miss[0] <= total / 5 && miss[1] <= total / 5);
        all_miss += miss[0] + miss[1];
        all_total += 2 * total;
        plt_shadows_free(a);
        plt_shadows_free(b);
        plt_circuit_free(c);
    }
    /* 5 % misses are nominal (~20 of 396); seeds 1-6 gave 18-32, and floating-point
     * differences between builds move single draws, so the default seed gives 30 in the release
     * build and 41 under the sanitizers: at most 1 in 8 still catches intervals that are
     * wrong, not only unlucky. */
    assert_true(all_miss <= all_total / 8);
}

/* The tableau at a size no state vector holds: a 200-qubit GHZ state. */
static void test_large_ghz(void **unused) {
    (void)unused;
    const int n = 200;
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    int q0 = 0;
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_H, &q0));
    for (int q = 0; q + 1 < n; q++) {
        int qs[2] = {q, q + 1};
        plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, qs));
    }
    plt_shadows *s = NULL;
    plt_expect_ok(plt_shadows_sample_clifford(n, c, NULL, 400, 7, &s));
    char *bs = malloc(n + 1), *os = malloc(n + 1);
    /* In every shot the Z-measured qubits agree (GHZ: all 0 or all 1). */
    for (size_t k = 0; k < 400; k++) {
        plt_expect_ok(plt_shadows_shot(s, k, bs, os));
        char first = 0;
        for (int q = 0; q < n; q++) {
            if (bs[q] != 'Z') continue;
            if (!first) first = os[q];
            assert_int_equal(os[q], first);
        }
    }
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_parse("Z17*Z150", n, NULL, &p));
    plt_shadow_estimate e;
    plt_expect_ok(plt_shadows_estimate(s, p, 0.95, 0, &e));
    assert_true(e.ci_low <= 1.0 && 1.0 <= e.ci_high);
    free(bs), free(os);
    plt_pstring_free(p);
    plt_shadows_free(s);
    plt_circuit_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_options),           cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_tableau_exact),     cmocka_unit_test(test_tableau_vs_statevector),
        cmocka_unit_test(test_large_ghz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
