/* labels: props slow */
/* Coverage of the variance intervals against exact variances. For full-period angles the
 * moments are exact on a small grid (tests/support/moments_exact.h); draws of 200 parameter
 * vectors, repeated over many seeds, show how often each 95 % interval holds the exact value. */
#include "plateau/engine.h"
#include "plateau/scan.h"
#include "support/moments_exact.h"
#include "support/test.h"

/* A circuit from a layer code: X, Y, Z a rotation layer (one new parameter per qubit),
 * c a CX chain 0-1, 1-2, ..., r a CZ ring. */
static plt_circuit *layered(int n, const char *code) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    for (const char *l = code; *l; l++) {
        for (int q = 0; q < n; q++) {
            if (*l == 'c' && q + 1 < n) {
                int qs[2] = {q, q + 1};
                plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, qs));
            } else if (*l == 'r' && n > 1) {
                int qs[2] = {q, (q + 1) % n};
                plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CZ, qs));
            } else if (*l == 'X' || *l == 'Y' || *l == 'Z') {
                char text[16], name[16];
                snprintf(text, sizeof text, "%c%d", *l, q);
                snprintf(name, sizeof name, "t%d", plt_circuit_nparams(c));
                int k;
                plt_pstring *p = NULL;
                plt_expect_ok(plt_pstring_parse(text, n, "test", &p));
                plt_expect_ok(plt_circuit_add_param(c, name, NAN, &k));
                plt_expect_ok(plt_circuit_add_rotation(c, p, k, 1, 0));
                plt_pstring_free(p);
            }
        }
    }
    return c;
}

static plt_psum *obs_of(const char *text, int n) {
    plt_psum *s = NULL;
    plt_expect_ok(plt_psum_parse(text, n, "test", &s));
    return s;
}

static void expect_moments(plt_circuit *c, const char *obs, double var, double gvar0,
                           size_t points) {
    plt_psum *o = obs_of(obs, plt_circuit_nqubits(c));
    plt_exact_moments m;
    plt_expect_ok(plt_exact_moments_full_period(c, o, 100000, &m, NULL));
    plt_expect_close(m.loss_mean, 0, 0, 1e-14);
    plt_expect_close(m.loss_var, var, 1e-13, 0);
    plt_expect_close(m.grad_var_first, gvar0, 1e-13, 0);
    assert_int_equal(m.points, points);
    plt_psum_free(o);
    plt_circuit_free(c);
}

/* The oracle on losses known in closed form. RY(t)|0> with Z: L = cos t, dL/dt = -sin t,
 * both of variance 1/2 over a period. RX(a) RY(b) with Z: L = cos a cos b, variance 1/4.
 * One parameter in two rotations: L = cos 2t, dL/dt = -2 sin 2t (variance 2): the grid
 * needs 5 points, and 3 would still be exact here only by luck of the frequencies. */
static void test_oracle_closed_form(void **state) {
    (void)state;
    expect_moments(layered(1, "Y"), "Z0", 0.5, 0.5, 3);
    expect_moments(layered(1, "XY"), "Z0", 0.25, 0.25, 9);
    expect_moments(layered(2, "Y"), "Z0*Z1", 0.25, 0.25, 9);
    plt_circuit *c = layered(1, "Y");
    plt_pstring *y = NULL;
    plt_expect_ok(plt_pstring_parse("Y0", 1, "test", &y));
    plt_expect_ok(plt_circuit_add_rotation(c, y, 0, 1, 0));
    expect_moments(c, "Z0", 0.5, 2.0, 5);
    /* theta = 2 t + 0.3: the same frequencies, shifted. */
    plt_expect_ok(plt_circuit_new(1, &c));
    int k;
    plt_expect_ok(plt_circuit_add_param(c, "t", NAN, &k));
    plt_expect_ok(plt_circuit_add_rotation(c, y, k, 2, 0.3));
    plt_psum *z = obs_of("Z0", 1);
    plt_exact_moments m;
    plt_expect_ok(plt_exact_moments_full_period(c, z, 100, &m, NULL));
    plt_expect_close(m.loss_var, 0.5, 1e-13, 0);
    plt_expect_close(m.grad_var_mean, 2.0, 1e-13, 0);
    /* A non-integer multiplier has no period of 2 pi: refused, as is a grid too large. */
    plt_circuit_free(c);
    plt_expect_ok(plt_circuit_new(1, &c));
    plt_expect_ok(plt_circuit_add_param(c, "t", NAN, &k));
    plt_expect_ok(plt_circuit_add_rotation(c, y, k, 0.5, 0));
    plt_expect_error(plt_exact_moments_full_period(c, z, 100, &m, NULL), PLT_EINVAL, "integer");
    plt_circuit_free(c);
    c = layered(1, "XYXY");
    plt_expect_error(plt_exact_moments_full_period(c, z, 80, &m, NULL), PLT_EINVAL, "81");
    plt_circuit_free(c);
    plt_psum_free(z);
    plt_pstring_free(y);
}

/* A coverage measured over S seeds carries binomial noise: at a true 95 % its standard
 * deviation is 1.5 points for S = 200, so "93 % for every circuit" would fail by chance on
 * about one seed base in two. The 93 % is therefore asserted on the pooled count of each
 * interval kind (6 x 300 trials, sd 0.6 points), and every circuit alone must reach 90 %
 * (3.6 sd below 95 % at S = 300). The chi-square intervals this replaced reached
 * 74-80 % on the global observables. A pooled coverage above 98.5 % fails too: an interval
 * can always cover by being vacuous. */
enum { SEEDS = 300, DRAWS = 200, RESAMPLES = 200 /* plt_bp_opts' default */ };

typedef struct cover_case {
    int n;
    const char *layers, *obs;
} cover_case;

static const cover_case CASES[] = {
    {3, "XYcY", "Z0"},            /* local */
    {4, "YrXr", "Z0*Z1*Z2*Z3"},   /* global, CZ ring */
    {5, "XcY", "Z0*Z1*Z2*Z3*Z4"}, /* global: the heaviest tails */
    {5, "YcX", "Z4 + 0.5*X0*X1"}, /* a sum of local terms */
    /* Added after the method was chosen on the four above: out of sample. */
    {5, "YrX", "Z0*Z2 + 0.5*Z1*Z3*Z4"}, /* mixed weights, CZ ring */
    {3, "YcXr", "X0*Z1*Y2"},            /* global, X and Y factors */
};

static void test_coverage(void **state) {
    (void)state;
    uint64_t base = plt_test_seed();
    enum { NCASES = sizeof CASES / sizeof CASES[0] };
    int hits[NCASES][3];
    for (size_t ci = 0; ci < NCASES; ci++) {
        const cover_case *cc = &CASES[ci];
        plt_circuit *c = layered(cc->n, cc->layers);
        plt_psum *o = obs_of(cc->obs, cc->n);
        plt_exact_moments ex;
        plt_expect_ok(plt_exact_moments_full_period(c, o, 100000, &ex, NULL));
        size_t np = (size_t)plt_circuit_nparams(c);
        double *loss = malloc(DRAWS * sizeof *loss), *grad = malloc(DRAWS * np * sizeof *grad);
        double *th = malloc(np * sizeof *th);
        assert_non_null(loss);
        assert_non_null(grad);
        assert_non_null(th);
        plt_model m = {c, o, NULL};
        plt_opts eo;
        plt_opts_init(&eo);
        eo.threads = 1;
        plt_engine *e = NULL;
        plt_expect_ok(plt_engine_plan("statevector", &m, &eo, &e));
        int *hit = hits[ci];
        hit[0] = hit[1] = hit[2] = 0;
        for (int s = 0; s < SEEDS; s++) {
            plt_test_rng r;
            plt_test_rng_init(&r, base + (uint64_t)s);
            for (int i = 0; i < DRAWS; i++) {
                for (size_t k = 0; k < np; k++)
                    th[k] = M_PI * (2 * plt_test_rng_uniform(&r) - 1);
                plt_expect_ok(plt_engine_loss(e, th, &loss[i], &grad[(size_t)i * np]));
            }
            plt_var_ci v[3];
            plt_expect_ok(plt_variance_ci(loss, DRAWS, 1, 0.95, &v[0]));
            plt_expect_ok(plt_variance_ci(grad, DRAWS, np, 0.95, &v[1]));
            plt_expect_ok(
                plt_variance_mean_ci(grad, DRAWS, np, 0.95, RESAMPLES, (uint64_t)s, &v[2]));
            double want[3] = {ex.loss_var, ex.grad_var_first, ex.grad_var_mean};
            for (int j = 0; j < 3; j++)
                hit[j] += v[j].lo <= want[j] && want[j] <= v[j].hi;
        }
        fprintf(stderr,
                "[ cover ] n=%d %-5s %-21s Var[L] %.5f: %5.1f%%  Var[dL/dt0] %.5f: %5.1f%%  "
                "mean_k Var[dL/dtk] %.5f: %5.1f%%  (%d seeds x %d draws)\n",
                cc->n, cc->layers, cc->obs, ex.loss_var, 100.0 * hit[0] / SEEDS, ex.grad_var_first,
                100.0 * hit[1] / SEEDS, ex.grad_var_mean, 100.0 * hit[2] / SEEDS, SEEDS, DRAWS);
        plt_engine_free(e);
        free(loss);
        free(grad);
        free(th);
        plt_psum_free(o);
        plt_circuit_free(c);
    }
    static const char *kind[3] = {"Var[L]", "Var[dL/dt0]", "mean_k Var[dL/dtk]"};
    int failed = 0;
    for (int j = 0; j < 3; j++) {
        int pooled = 0;
        for (size_t ci = 0; ci < NCASES; ci++) {
            pooled += hits[ci][j];
            if (hits[ci][j] < 0.90 * SEEDS) {
                print_error("%s on case %zu: coverage %.1f%% < 90%%\n", kind[j], ci,
                            100.0 * hits[ci][j] / SEEDS);
                failed = 1;
            }
        }
        double cov = (double)pooled / (NCASES * SEEDS);
        fprintf(stderr, "[ cover ] %-18s pooled %.1f%% of %d\n", kind[j], 100 * cov,
                (int)(NCASES * SEEDS));
        if (cov < 0.93 || cov > 0.985) {
            print_error("%s: pooled coverage %.1f%% outside [93%%, 98.5%%]\n", kind[j], 100 * cov);
            failed = 1;
        }
    }
    assert_false(failed);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracle_closed_form),
        cmocka_unit_test(test_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
