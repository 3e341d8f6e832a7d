/* Moment propagation against independent references: the full-period product grid
 * (tests/support/moments_exact.h) and, for every distribution, a grid of 4 r_k + 1 points a
 * parameter whose weights are the distribution's characteristic function (exact for the
 * trigonometric polynomials L, L^2, dL/dp_k and their squares, see grid_moments); sampled
 * variances; truncation bounds; states; refusals. labels: unit analysis */
#include "support/test.h"

#include "plateau/engine.h"
#include "plateau/moments.h"
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_full_period),
        cmocka_unit_test(test_distributions),
        cmocka_unit_test(test_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
