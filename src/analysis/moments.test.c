/* Moment propagation against independent references: the full-period product grid
 * (tests/support/moments_exact.h) and, for every distribution, a grid of 4 r_k + 1 points a
 * parameter whose weights are the distribution's characteristic function (exact for the
 * trigonometric polynomials L, L^2, dL/dp_k and their squares, see grid_moments); sampled
 * variances; truncation bounds; states; refusals. labels: unit analysis */
#include "support/test.h"

#include <unistd.h>

#include "plateau/engine.h"
#include "plateau/moments.h"
#include "plateau/rates.h"
#include "plateau/settings.h"
#include "plateau/state.h"
#include "support/moments_exact.h"

/* ---------- random models ---------- */

static plt_pstring *rand_string(plt_test_rng *r, int n, int maxw) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(n, &p));
    int w = 1 + plt_test_rng_int(r, maxw < n ? maxw : n);
    for (int j = 0; j < w; j++)
        plt_expect_ok(plt_pstring_set(p, plt_test_rng_int(r, n), "XYZ"[plt_test_rng_int(r, 3)]));
    if (plt_pstring_weight(p) == 0) plt_expect_ok(plt_pstring_set(p, 0, 'Z'));
    return p;
}

/* nrot rotations of weight 1-3 (each its own parameter, a in {1, -1, 2}, b random or 0),
 * with Cliffords and constant rotations between. */
static plt_circuit *rand_circuit(plt_test_rng *r, int n, int nrot, int with_b) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    for (int k = 0; k < nrot; k++) {
        char name[16];
        snprintf(name, sizeof name, "p%d", k);
        int idx;
        plt_expect_ok(plt_circuit_add_param(c, name, NAN, &idx));
    }
    for (int k = 0; k < nrot; k++) {
        if (plt_test_rng_int(r, 2)) {
            static const plt_gate g[] = {PLT_GATE_H, PLT_GATE_S, PLT_GATE_SX, PLT_GATE_CX,
                                         PLT_GATE_CZ, PLT_GATE_ISWAP, PLT_GATE_ECR};
            plt_gate gg = g[plt_test_rng_int(r, 7)];
            int q[2] = {plt_test_rng_int(r, n), 0};
            if (plt_gate_info_get(gg)->nqubits == 2) {
                if (n < 2) gg = PLT_GATE_H;
                else q[1] = (q[0] + 1 + plt_test_rng_int(r, n - 1)) % n;
            }
            plt_expect_ok(plt_circuit_add_clifford(c, gg, q));
        }
        if (plt_test_rng_int(r, 4) == 0) {
            plt_pstring *p = rand_string(r, n, 2);
            plt_expect_ok(plt_circuit_add_rotation(c, p, -1, 0, 2 * plt_test_rng_uniform(r) - 1));
            plt_pstring_free(p);
        }
        plt_pstring *p = rand_string(r, n, 3);
        static const double as[] = {1, -1, 2};
        const double a = as[plt_test_rng_int(r, 3)];
        const double b = with_b ? 2 * plt_test_rng_uniform(r) - 1 : 0;
        plt_expect_ok(plt_circuit_add_rotation(c, p, k, a, b));
        plt_pstring_free(p);
    }
    return c;
}

static plt_psum *rand_obs(plt_test_rng *r, int n, int terms) {
    plt_psum *s = NULL;
    plt_expect_ok(plt_psum_new(n, &s));
    for (int t = 0; t < terms; t++) {
        plt_pstring *p = rand_string(r, n, n);
        plt_expect_ok(plt_psum_add(s, p, 2 * plt_test_rng_uniform(r) - 1, 0));
        plt_pstring_free(p);
    }
    return s;
}

/* ---------- the grid reference for any symmetric distribution ---------- */

/* E[cos(f p)] of the parameter's distribution, written here independently of the library. */
static double char_fn(const plt_param_dist *d, double f) {
    const double x = f * d->width;
    if (x == 0) return 1;
    return d->kind == PLT_DIST_NORMAL ? exp(-x * x / 2) : sin(x) / x;
}

typedef struct grid_ref {
    double mean, var, g0, gmean;
} grid_ref;

/* With u = p / 2 (every a a multiple of 1/2), L and dL/dp_k are trigonometric polynomials of
 * degree r_k = sum |2 a| in u_k, their products of degree 2 r_k. On N_k = 4 r_k + 1 equally spaced points the discrete Fourier transform
 * recovers every coefficient c_f (|f| <= 2 r_k), and E[e^{i f u}] = char_fn(f / 2), so
 * E[F] = sum_j F(u_j) prod_k (1/N_k) (1 + 2 sum_{f=1}^{2 r_k} char_fn(f / 2) cos(f u_kj)). */
static void grid_moments(const plt_circuit *c, const plt_psum *obs, const plt_state *s,
                         const plt_param_dist *d, grid_ref *out) {
    const int np = plt_circuit_nparams(c);
    int deg[16] = {0}, idx[16] = {0};
    assert_true(np <= 16);
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind == PLT_OP_ROTATION && op->param >= 0) {
            assert_true(2 * op->a == floor(2 * op->a));
            deg[op->param] += (int)fabs(2 * op->a);
        }
    }
    plt_model m = {c, obs, s};
    plt_opts o;
    plt_opts_init(&o);
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan("statevector", &m, &o, &e));
    double p[16], g[16], E1 = 0, E2 = 0, G1[16] = {0}, G2[16] = {0};
    for (;;) {
        double wt = 1;
        for (int k = 0; k < np; k++) {
            const int N = 4 * deg[k] + 1;
            const double u = 2 * M_PI * idx[k] / N;
            p[k] = 2 * u;
            double kk = 1;
            for (int f = 1; f <= 2 * deg[k]; f++) kk += 2 * char_fn(d, f / 2.0) * cos(f * u);
            wt *= kk / N;
        }
        double L;
        plt_expect_ok(plt_engine_loss(e, p, &L, g));
        E1 += wt * L;
        E2 += wt * L * L;
        for (int k = 0; k < np; k++) G1[k] += wt * g[k], G2[k] += wt * g[k] * g[k];
        int k = 0;
        while (k < np && ++idx[k] == 4 * deg[k] + 1) idx[k++] = 0;
        if (k == np) break;
    }
    plt_engine_free(e);
    out->mean = E1;
    out->var = E2 - E1 * E1;
    out->g0 = G2[0] - G1[0] * G1[0];
    out->gmean = 0;
    for (int k = 0; k < np; k++) out->gmean += (G2[k] - G1[k] * G1[k]) / np;
}

static void expect_in(plt_moment m, double exact, double tol) {
    if (!(m.lo - tol <= exact && exact <= m.hi + tol)) {
        print_error("exact %.12g outside [%.12g, %.12g] (value %.12g)\n", exact, m.lo, m.hi,
                    m.value);
        fail();
    }
}

/* ---------- tests ---------- */

static void test_exact_full_period(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 17);
    for (int trial = 0; trial < 60; trial++) {
        const int n = 1 + trial % 5, nrot = 2 + plt_test_rng_int(&r, n <= 2 ? 4 : 5);
        plt_circuit *c = rand_circuit(&r, n, nrot, trial % 2);
        plt_psum *obs = rand_obs(&r, n, 1 + plt_test_rng_int(&r, 3));
        plt_exact_moments ex;
        plt_expect_ok(plt_exact_moments_full_period(c, obs, 2000000, &ex, NULL));
        plt_model m = {c, obs, NULL};
        plt_moments_opts o;
        plt_moments_opts_init(&o);
        plt_moments_result res;
        plt_expect_ok(plt_moments_run(&m, &o, &res));
        assert_int_equal(res.certified, PLT_MOMENTS_EXACT);
        plt_expect_close(res.loss_mean.value, ex.loss_mean, 0, 1e-10);
        plt_expect_close(res.loss_var.value, ex.loss_var, 0, 1e-10);
        plt_expect_close(res.grad_first.value, ex.grad_var_first, 0, 1e-10);
        plt_expect_close(res.grad_mean.value, ex.grad_var_mean, 0, 1e-10);
        assert_true(res.loss_var.lo <= res.loss_var.value && res.loss_var.value <= res.loss_var.hi);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
}

static void test_distributions(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 23);
    const plt_param_dist dists[] = {{PLT_DIST_UNIFORM, 0.1}, {PLT_DIST_UNIFORM, 1.3},
                                    {PLT_DIST_UNIFORM, M_PI / 2}, {PLT_DIST_NORMAL, 0.3},
                                    {PLT_DIST_NORMAL, 1.7}, {PLT_DIST_UNIFORM, M_PI}};
    for (int trial = 0; trial < 48; trial++) {
        const int n = 1 + trial % 3, nrot = 2 + plt_test_rng_int(&r, 3);
        plt_circuit *c = rand_circuit(&r, n, nrot, trial % 3 != 0);
        plt_psum *obs = rand_obs(&r, n, 1 + plt_test_rng_int(&r, 3));
        const plt_param_dist *d = &dists[trial % 6];
        grid_ref ref;
        grid_moments(c, obs, NULL, d, &ref);
        plt_model m = {c, obs, NULL};
        plt_moments_opts o;
        plt_moments_opts_init(&o);
        o.dist = *d;
        plt_moments_result res;
        plt_expect_ok(plt_moments_run(&m, &o, &res));
        assert_int_equal(res.certified, PLT_MOMENTS_EXACT);
        plt_expect_close(res.loss_mean.value, ref.mean, 0, 1e-10);
        plt_expect_close(res.loss_var.value, ref.var, 0, 1e-10);
        plt_expect_close(res.grad_first.value, ref.g0, 0, 1e-10);
        plt_expect_close(res.grad_mean.value, ref.gmean, 0, 1e-10);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
}

/* One parameter driving 1-3 adjacent rotations (a = +-1/2 as in the QCNN's pooling CRX,
 * commuting or not), among Cliffords and single rotations. */
static plt_circuit *group_circuit(plt_test_rng *r, int n, int np) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    for (int k = 0; k < np; k++) {
        char name[16];
        snprintf(name, sizeof name, "g%d", k);
        int idx;
        plt_expect_ok(plt_circuit_add_param(c, name, NAN, &idx));
        if (n > 1 && plt_test_rng_int(r, 2)) {
            int q[2] = {plt_test_rng_int(r, n), 0};
            q[1] = (q[0] + 1) % n;
            plt_expect_ok(plt_circuit_add_clifford(c, plt_test_rng_int(r, 2) ? PLT_GATE_CX : PLT_GATE_H, q));
        }
        const int g = 1 + plt_test_rng_int(r, 3);
        for (int j = 0; j < g; j++) {
            plt_pstring *p = rand_string(r, n, 2);
            static const double as[] = {0.5, -0.5, 1, -1};
            plt_expect_ok(plt_circuit_add_rotation(c, p, k, as[plt_test_rng_int(r, 4)],
                                                   plt_test_rng_int(r, 2) ? 0 : 0.7));
            plt_pstring_free(p);
        }
    }
    return c;
}

static void test_groups(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 29);
    const plt_param_dist dists[] = {{PLT_DIST_UNIFORM, M_PI}, {PLT_DIST_UNIFORM, 0.3},
                                    {PLT_DIST_NORMAL, 0.8}};
    for (int trial = 0; trial < 30; trial++) {
        const int n = 1 + trial % 3;
        plt_circuit *c = group_circuit(&r, n, 2 + plt_test_rng_int(&r, 2));
        plt_psum *obs = rand_obs(&r, n, 1 + plt_test_rng_int(&r, 2));
        const plt_param_dist *d = &dists[trial % 3];
        grid_ref ref;
        grid_moments(c, obs, NULL, d, &ref);
        plt_model m = {c, obs, NULL};
        plt_moments_opts o;
        plt_moments_opts_init(&o);
        o.dist = *d;
        plt_moments_result res;
        plt_expect_ok(plt_moments_run(&m, &o, &res));
        plt_expect_close(res.loss_mean.value, ref.mean, 0, 1e-10);
        plt_expect_close(res.loss_var.value, ref.var, 0, 1e-10);
        plt_expect_close(res.grad_first.value, ref.g0, 0, 1e-10);
        plt_expect_close(res.grad_mean.value, ref.gmean, 0, 1e-10);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
}

static plt_moments_result run_dist(const plt_circuit *c, const plt_psum *obs,
                                   const plt_state *s, plt_moments_opts *o) {
    plt_model m = {c, obs, s};
    plt_moments_result res;
    plt_expect_ok(plt_moments_run(&m, o, &res));
    return res;
}

/* Truncated chains (by weight, by size, by |weight| threshold) give intervals that hold the exact moments. */
static void test_truncation_bounds(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 31);
    int bounded = 0;
    for (int trial = 0; trial < 40; trial++) {
        const int n = 3 + trial % 2;
        plt_circuit *c = rand_circuit(&r, n, 3 + plt_test_rng_int(&r, 2), trial % 2);
        plt_psum *obs = rand_obs(&r, n, 1 + plt_test_rng_int(&r, 3));
        const plt_param_dist d = trial % 4 == 3 ? (plt_param_dist){PLT_DIST_NORMAL, 0.5}
                                               : (plt_param_dist){PLT_DIST_UNIFORM, M_PI};
        grid_ref ref;
        grid_moments(c, obs, NULL, &d, &ref);
        plt_moments_opts o;
        plt_moments_opts_init(&o);
        o.dist = d;
        if (trial % 3 == 2) o.min_abs = (double[]){0.3, 0.05, 1e-2, 1e-3}[plt_test_rng_int(&r, 4)];
        else if (trial % 2) o.max_weight = 1 + plt_test_rng_int(&r, 2);
        else o.max_strings = 2 + (size_t)plt_test_rng_int(&r, 12);
        plt_moments_result res = run_dist(c, obs, NULL, &o);
        if (res.certified == PLT_MOMENTS_BOUNDS) bounded++;
        else assert_int_equal(res.certified, PLT_MOMENTS_EXACT);
        expect_in(res.loss_mean, ref.mean, 1e-10);
        expect_in(res.loss_var, ref.var, 1e-10);
        expect_in(res.grad_first, ref.g0, 1e-10);
        expect_in(res.grad_mean, ref.gmean, 1e-10);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
    assert_true(bounded >= 25); /* the caps did bite */
}

/* Held to a few thousand work units, the exact chain stops; bp's policy then cuts the chain
 * at |weight| thresholds (or, when that is not narrower, samples paths): every interval it
 * returns holds the exact moments, certainly unless sampled, and no wider than the a-priori
 * bounds (Var[L] <= (sum |c|)^2, Var[dL/dp_k] <= (sum |a| sum |c|)^2). */
static void test_auto_cut(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 37);
    int cut = 0;
    for (int trial = 0; trial < 80; trial++) {
        const int n = 4 + trial % 2;
        plt_circuit *c = rand_circuit(&r, n, 10 + plt_test_rng_int(&r, 5), 0);
        plt_psum *obs = rand_obs(&r, n, 1 + plt_test_rng_int(&r, 2));
        plt_moments_opts o;
        plt_moments_opts_init(&o);
        o.dist = trial % 3 ? (plt_param_dist){PLT_DIST_UNIFORM, 0.05}
                           : (plt_param_dist){PLT_DIST_NORMAL, 0.05};
        /* The reference: the whole chain (tested against the grid above). */
        plt_moments_result ex = run_dist(c, obs, NULL, &o);
        assert_int_equal(ex.certified, PLT_MOMENTS_EXACT);
        o.paths = 4000;
        o.seed = (uint64_t)trial + 1;
        /* A budget of 1e4..6.4e5 work units (max_seconds x the term-op rate / 1.5). */
        o.max_seconds = 1.5 * (1e4 * (double)(1 << plt_test_rng_int(&r, 7))) /
                        plt_rate(PLT_RATE_PP_TERM_OP);
        plt_moments_result res = run_dist(c, obs, NULL, &o);
        if (res.certified != PLT_MOMENTS_SAMPLED) {
            /* Certain: the intervals hold the exact values. */
            cut += res.certified == PLT_MOMENTS_BOUNDS && strstr(res.note, "cut at") != NULL;
            expect_in(res.loss_var, ex.loss_var.value, 1e-12);
            expect_in(res.grad_first, ex.grad_first.value, 1e-12);
            expect_in(res.grad_mean, ex.grad_mean.value, 1e-12);
        }
        const double C = plt_psum_one_norm(obs);
        assert_true(res.loss_var.hi <= C * C * (1 + 1e-12));
        assert_true(res.loss_var.lo <= res.loss_var.value && res.loss_var.value <= res.loss_var.hi);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
    assert_true(cut >= 3); /* the thresholds were used, and certified */
}

static const char *write_tmp(const char *text) {
    static char path[256];
    snprintf(path, sizeof path, "/tmp/plt-moments-%d.qasm", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Basis, product and stabilizer states against the grid with the same state. */
static void test_states(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 37);
    const int n = 3;
    const double bloch[9] = {0.6, 0, 0.8, 0, -1, 0, 0.48, 0.6, -0.64};
    char spec[300];
    snprintf(spec, sizeof spec, "qasm:%s",
             write_tmp("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\nh q[0];\ncx q[0],q[1];"
                       "\ns q[1];\nh q[2];\nsdg q[2];\ncz q[1],q[2];\nx q[0];\n"));
    plt_state *states[3] = {NULL, NULL, NULL};
    plt_expect_ok(plt_state_new_basis(n, "101", &states[0]));
    plt_expect_ok(plt_state_new_product(n, bloch, &states[1]));
    plt_expect_ok(plt_state_parse(spec, n, "--state", &states[2]));
    (void)unlink(spec + 5);
    for (int trial = 0; trial < 18; trial++) {
        plt_circuit *c = rand_circuit(&r, n, 2 + plt_test_rng_int(&r, 3), 1);
        plt_psum *obs = rand_obs(&r, n, 1 + plt_test_rng_int(&r, 3));
        const plt_param_dist d = {PLT_DIST_UNIFORM, trial % 2 ? M_PI : 0.4};
        grid_ref ref;
        grid_moments(c, obs, states[trial % 3], &d, &ref);
        plt_moments_opts o;
        plt_moments_opts_init(&o);
        o.dist = d;
        plt_moments_result res = run_dist(c, obs, states[trial % 3], &o);
        assert_int_equal(res.certified, PLT_MOMENTS_EXACT);
        plt_expect_close(res.loss_mean.value, ref.mean, 0, 1e-10);
        plt_expect_close(res.loss_var.value, ref.var, 0, 1e-10);
        plt_expect_close(res.grad_first.value, ref.g0, 0, 1e-10);
        plt_expect_close(res.grad_mean.value, ref.gmean, 0, 1e-10);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
    for (int i = 0; i < 3; i++) plt_state_free(states[i]);
}

/* Sampled Pauli paths: the intervals hold the exact value at (at least about) the stated
 * rate over 200 seeds, and the estimates are unbiased (their mean over the seeds is within a
 * few standard errors of the exact value). */
static void test_paths_cover(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 41);
    int covered = 0, total = 0;
    for (int model = 0; model < 4; model++) {
        const int n = 2 + model % 2;
        plt_circuit *c = rand_circuit(&r, n, 3, model % 2);
        plt_psum *obs = rand_obs(&r, n, 1 + model % 2);
        plt_moments_opts o;
        plt_moments_opts_init(&o);
        if (model == 3) o.dist = (plt_param_dist){PLT_DIST_UNIFORM, 0.8};
        plt_moments_result ex = run_dist(c, obs, NULL, &o);
        assert_int_equal(ex.certified, PLT_MOMENTS_EXACT);
        o.max_seconds = 1e-300; /* every chain is over it: sample */
        o.paths = 1000;
        o.level = 0.9;
        double sum[3] = {0}, sum2[3] = {0};
        const int seeds = 200;
        for (int sd = 0; sd < seeds; sd++) {
            o.seed = 1000 * (uint64_t)model + (uint64_t)sd + plt_test_seed();
            plt_moments_result res = run_dist(c, obs, NULL, &o);
            assert_int_equal(res.certified, PLT_MOMENTS_SAMPLED);
            assert_true(res.level == 0.9 && res.paths == 1000);
            const plt_moment *ms[3] = {&res.loss_var, &res.grad_first, &res.grad_mean};
            const double exv[3] = {ex.loss_var.value, ex.grad_first.value, ex.grad_mean.value};
            for (int q = 0; q < 3; q++) {
                covered += ms[q]->lo <= exv[q] + 1e-12 && exv[q] - 1e-12 <= ms[q]->hi;
                total++;
                /* loss: E[L^2] - E[L]^2 with E[L] exact, so the sampled part is unbiased */
                sum[q] += ms[q]->value;
                sum2[q] += ms[q]->value * ms[q]->value;
                assert_true(ms[q]->hi - ms[q]->lo < 1.5 * (1 + exv[q]));
            }
        }
        const double exv[3] = {ex.loss_var.value, ex.grad_first.value, ex.grad_mean.value};
        for (int q = 0; q < 3; q++) {
            const double mean = sum[q] / seeds,
                         sd = sqrt(fmax(sum2[q] / seeds - mean * mean, 0) / seeds);
            /* A variance estimate is clamped at 0, which biases it upwards where the exact
             * value is within the noise of one estimate (sigma1) of 0: there the mean may rise
             * by at most about 0.4 sigma1. */
            const double sigma1 = sd * sqrt((double)seeds);
            if (exv[q] > 3 * sigma1 ? fabs(mean - exv[q]) > 5 * sd + 1e-3
                                    : mean > exv[q] + sigma1 + 5 * sd + 1e-3) {
                print_error("model %d quantity %d: mean %.6g exact %.6g se %.3g\n", model, q,
                            mean, exv[q], sd);
                fail();
            }
        }
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
    assert_true(covered >= 0.9 * total);
}

/* A parameter that drives rotations apart, and a general unitary, are refused with why. */
static void test_refusals(void **st) {
    (void)st;
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    plt_pstring *x0 = NULL, *z1 = NULL;
    int k;
    plt_expect_ok(plt_circuit_new(2, &c));
    plt_expect_ok(plt_circuit_add_param(c, "theta", NAN, &k));
    plt_expect_ok(plt_pstring_parse("X0", 2, NULL, &x0));
    plt_expect_ok(plt_pstring_parse("Z1", 2, NULL, &z1));
    plt_expect_ok(plt_circuit_add_rotation(c, x0, k, 1, 0));
    const int q[2] = {0, 1};
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, q));
    plt_expect_ok(plt_circuit_add_rotation(c, z1, k, 1, 0));
    plt_expect_ok(plt_psum_parse("Z0", 2, NULL, &obs));
    plt_model m = {c, obs, NULL};
    plt_moments_opts o;
    plt_moments_opts_init(&o);
    plt_moments_result res;
    plt_cost cost;
    plt_expect_error(plt_moments_run(&m, &o, &res), PLT_EUNSUPPORTED, "parameter theta");
    plt_expect_error(plt_moments_estimate(&m, &o, &cost), PLT_EUNSUPPORTED, "samples instead");
    plt_circuit_free(c);
    plt_expect_ok(plt_circuit_new(2, &c));
    const double u[8] = {1, 0, 0, 0, 0, 0, 1, 0};
    plt_expect_ok(plt_circuit_add_unitary(c, 1, q, u));
    m.circuit = c;
    plt_expect_error(plt_moments_run(&m, &o, &res), PLT_EUNSUPPORTED, "general unitary");
    plt_circuit_free(c);
    /* Too little memory for even the smallest chain, sampling off. */
    plt_expect_ok(plt_circuit_new(2, &c));
    plt_expect_ok(plt_circuit_add_param(c, "t", NAN, &k));
    plt_expect_ok(plt_circuit_add_rotation(c, x0, k, 1, 0));
    m.circuit = c;
    o.max_memory = 1000;
    o.allow_sampling = 0;
    plt_expect_error(plt_moments_run(&m, &o, &res), PLT_ETOOBIG, "max-memory");
    o.allow_sampling = 1;
    plt_expect_ok(plt_moments_run(&m, &o, &res));
    assert_int_equal(res.certified, PLT_MOMENTS_SAMPLED);
    plt_circuit_free(c);
    plt_psum_free(obs);
    plt_pstring_free(x0);
    plt_pstring_free(z1);
}

/* E[(L_trunc - L)^2] on the characteristic-function grid, L_trunc from pauliprop with
 * max-weight w (strings heavier than w dropped as they appear). */
static double grid_mse(const plt_circuit *c, const plt_psum *obs, const plt_param_dist *d,
                       int w) {
    const int np = plt_circuit_nparams(c);
    int deg[16] = {0}, idx[16] = {0};
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind == PLT_OP_ROTATION && op->param >= 0) deg[op->param] += (int)fabs(2 * op->a);
    }
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    plt_engine *sv = NULL, *pp = NULL;
    plt_expect_ok(plt_engine_plan("statevector", &m, &o, &sv));
    plt_test_opts_set(&o, "max-weight", w);
    plt_expect_ok(plt_engine_plan("pauliprop", &m, &o, &pp));
    double p[16], E = 0;
    for (;;) {
        double wt = 1;
        for (int k = 0; k < np; k++) {
            const int N = 4 * deg[k] + 1;
            const double u = 2 * M_PI * idx[k] / N;
            p[k] = 2 * u;
            double kk = 1;
            for (int f = 1; f <= 2 * deg[k]; f++) kk += 2 * char_fn(d, f / 2.0) * cos(f * u);
            wt *= kk / N;
        }
        double L, Lt;
        plt_expect_ok(plt_engine_loss(sv, p, &L, NULL));
        plt_expect_ok(plt_engine_loss(pp, p, &Lt, NULL));
        E += wt * (Lt - L) * (Lt - L);
        int k = 0;
        while (k < np && ++idx[k] == 4 * deg[k] + 1) idx[k++] = 0;
        if (k == np) break;
    }
    plt_engine_free(sv);
    plt_engine_free(pp);
    plt_test_opts_clear(&o);
    return E;
}

/* The truncation's mean squared error: the marked pair chain against pauliprop's truncated
 * values on the grid, for full-period and normal angles. */
static void test_truncation_mse(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 43);
    int nonzero = 0;
    for (int trial = 0; trial < 24; trial++) {
        const int n = 3 + trial % 2, w = 1 + trial % 2;
        plt_circuit *c = rand_circuit(&r, n, 3 + plt_test_rng_int(&r, 2), trial % 3 == 0);
        plt_psum *obs = NULL;
        plt_expect_ok(plt_psum_new(n, &obs));
        for (int t = 0; t < 2; t++) {
            plt_pstring *p = rand_string(&r, n, w);
            plt_expect_ok(plt_psum_add(obs, p, 2 * plt_test_rng_uniform(&r) - 1, 0));
            plt_pstring_free(p);
        }
        const plt_param_dist d = trial % 4 == 1 ? (plt_param_dist){PLT_DIST_NORMAL, 0.7}
                                               : (plt_param_dist){PLT_DIST_UNIFORM, M_PI};
        const double ref = grid_mse(c, obs, &d, w);
        plt_model m = {c, obs, NULL};
        plt_moments_opts o;
        plt_moments_opts_init(&o);
        o.dist = d;
        double mse, hi;
        plt_expect_ok(plt_moments_truncation_mse(&m, &o, w, &mse, &hi, NULL));
        plt_expect_close(mse, ref, 0, 1e-10);
        assert_true(hi >= mse);
        nonzero += ref > 1e-6;
        /* with a size cap the value moves but the upper bound holds */
        o.max_strings = 3;
        plt_expect_ok(plt_moments_truncation_mse(&m, &o, w, &mse, &hi, NULL));
        assert_true(hi >= ref - 1e-10);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
    assert_true(nonzero >= 4); /* some truncations did drop paths */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_full_period),
        cmocka_unit_test(test_distributions),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_truncation_bounds),
        cmocka_unit_test(test_auto_cut),
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_paths_cover),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_truncation_mse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
