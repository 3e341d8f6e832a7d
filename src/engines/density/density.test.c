/* labels: unit agree */
/* The density engine: against the statevector without noise (values and gradients, 1e-12),
 * against closed forms of the channels on one and two qubits, against pauliprop untruncated
 * with noise on random circuits (1e-10), its adjoint gradient against central differences
 * with noise, and its refusals. */
#include "engines/pauliprop/pp_testutil.h"

typedef struct run {
    double value;
    double grad[64];
} run;

/* Value and gradient of engine `name` on (c, obs, state) with noise p and dephasing d. */
static run eval(const char *name, const plt_circuit *c, const plt_psum *obs,
                const plt_state *s, double p, double d, const double *params) {
    plt_model m = {c, obs, s};
    plt_opts o;
    plt_opts_init(&o);
    o.noise = p;
    o.dephasing = d;
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan(name, &m, &o, &e));
    run r;
    memset(&r, 0, sizeof r);
    assert_true(plt_circuit_nparams(c) <= 64);
    plt_expect_ok(plt_engine_loss(e, params, &r.value, plt_circuit_nparams(c) ? r.grad : NULL));
    plt_engine_free(e);
    return r;
}

static void random_params(plt_test_rng *r, int np, double *x) {
    for (int k = 0; k < np; k++) x[k] = 6 * plt_test_rng_uniform(r) - 3;
}

/* No noise: the statevector's values and adjoint gradients, on every Clifford and random
 * rotations, from |0...0> and from a product state. */
static void test_statevector_noiseless(void **st) {
    (void)st;
    uint64_t seed = plt_test_seed();
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    const int qmap[5] = {0, 1, 2, 3, 4};
    for (int trial = 0; trial < 24; trial++) {
        int n = 1 + trial % 5, np = 3;
        plt_circuit *c = tu_random_circuit(seed + (uint64_t)trial, n, n, qmap, 30, np, 3);
        plt_psum *obs = tu_random_obs(seed + 1000 + (uint64_t)trial, n, n, qmap, 4, 3);
        plt_state *s = NULL;
        if (trial % 2) {
            double bloch[15];
            /* Pure (|b| = 1): the statevector takes no mixed state. */
            for (int q = 0; q < n; q++) {
                double th = M_PI * plt_test_rng_uniform(&r), ph = 2 * M_PI * plt_test_rng_uniform(&r);
                bloch[3 * q] = sin(th) * cos(ph);
                bloch[3 * q + 1] = sin(th) * sin(ph);
                bloch[3 * q + 2] = cos(th);
            }
            plt_expect_ok(plt_state_new_product(n, bloch, &s));
        }
        double x[3];
        random_params(&r, np, x);
        run a = eval("density", c, obs, s, 0, 0, x), b = eval("statevector", c, obs, s, 0, 0, x);
        plt_expect_close(a.value, b.value, 0, 1e-12);
        for (int k = 0; k < np; k++) plt_expect_close(a.grad[k], b.grad[k], 0, 1e-12);
        plt_state_free(s);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
}

static plt_circuit *one_param(int n, const char *gen, const char *pre_gate) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    int k;
    plt_expect_ok(plt_circuit_add_param(c, "t", NAN, &k));
    if (pre_gate) {
        int q[2] = {0, 1};
        plt_expect_ok(plt_circuit_add_clifford(c, plt_gate_by_name(pre_gate), q));
    }
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_parse(gen, n, "test", &p));
    plt_expect_ok(plt_circuit_add_rotation(c, p, k, 1.0, 0.0));
    plt_pstring_free(p);
    return c;
}

static plt_psum *obs_of(const char *text, int n) {
    plt_psum *o = NULL;
    plt_expect_ok(plt_psum_parse(text, n, "test", &o));
    return o;
}

/* One qubit, RY(t)|0> = cos(t/2)|0> + sin(t/2)|1>, then depolarising p and dephasing d:
 * the Bloch vector (sin t, 0, cos t) becomes ((1-p)(1-2d) sin t, 0, (1-p) cos t); from the
 * mixed state with Bloch vector (0, 0, 1/2): <Z> = (1-p) cos(t) / 2. */
static void test_one_qubit_channels(void **st) {
    (void)st;
    plt_circuit *c = one_param(1, "Y0", NULL);
    plt_psum *z = obs_of("Z0", 1), *x = obs_of("X0", 1), *y = obs_of("Y0", 1);
    const double bl[3] = {0, 0, 0.5};
    plt_state *mixed = NULL;
    plt_expect_ok(plt_state_new_product(1, bl, &mixed));
    for (double t = -2.9; t < 3; t += 0.7)
        for (int i = 0; i < 4; i++) {
            double p = 0.3 * (i & 1), d = 0.2 * (i >> 1);
            plt_expect_close(eval("density", c, z, NULL, p, d, &t).value, (1 - p) * cos(t), 0,
                             1e-14);
            run rx = eval("density", c, x, NULL, p, d, &t);
            plt_expect_close(rx.value, (1 - p) * (1 - 2 * d) * sin(t), 0, 1e-14);
            plt_expect_close(rx.grad[0], (1 - p) * (1 - 2 * d) * cos(t), 0, 1e-13);
            plt_expect_close(eval("density", c, y, NULL, p, d, &t).value, 0, 0, 1e-14);
            plt_expect_close(eval("density", c, z, mixed, p, d, &t).value,
                             (1 - p) * cos(t) / 2, 0, 1e-14);
        }
    plt_state_free(mixed);
    plt_psum_free(z);
    plt_psum_free(x);
    plt_psum_free(y);
    plt_circuit_free(c);
}

/* Two qubits: H on 0, CX(0,1), R_ZZ(t), each followed by the channels on its qubits
 * (f = (1-p)(1-2d) for an X or Y factor, 1-p for a Z). Carried back, Z0Z1 keeps its form
 * through R_ZZ, (1-p)^2 twice, then CX makes it Z1, untouched by H's channel on qubit 0:
 * (1-p)^4. X0X1 commutes with ZZ: f^2 twice, CX makes it X0, H's channel f, H makes it Z0:
 * f^5. */
static void test_two_qubit_channels(void **st) {
    (void)st;
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(2, &c));
    int k, q0[1] = {0}, q01[2] = {0, 1};
    plt_expect_ok(plt_circuit_add_param(c, "t", NAN, &k));
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_H, q0));
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, q01));
    plt_pstring *zz = NULL;
    plt_expect_ok(plt_pstring_parse("Z0*Z1", 2, "test", &zz));
    plt_expect_ok(plt_circuit_add_rotation(c, zz, k, 1.0, 0.0));
    plt_pstring_free(zz);
    plt_psum *ozz = obs_of("Z0*Z1", 2), *oxx = obs_of("X0*X1", 2);
    const double p = 0.1, d = 0.05, t = 0.8;
    double f = (1 - p) * (1 - 2 * d);
    plt_expect_close(eval("density", c, ozz, NULL, p, d, &t).value, pow(1 - p, 4), 0, 1e-14);
    plt_expect_close(eval("density", c, oxx, NULL, p, d, &t).value, pow(f, 5), 0, 1e-14);
    plt_psum_free(ozz);
    plt_psum_free(oxx);
    plt_circuit_free(c);
}

/* With noise: pauliprop untruncated (exact, Heisenberg picture, Pauli coefficients) agrees on
 * values and gradients; the adjoint gradient matches central differences. */
static void test_pauliprop_noisy(void **st) {
    (void)st;
    uint64_t seed = plt_test_seed();
    plt_test_rng r;
    plt_test_rng_init(&r, seed ^ 0x5eed);
    const int qmap[6] = {0, 1, 2, 3, 4, 5};
    for (int trial = 0; trial < 30; trial++) {
        int n = 1 + trial % 6, np = 4;
        plt_circuit *c = tu_random_circuit(seed + 77 + (uint64_t)trial, n, n, qmap, 40, np, 3);
        plt_psum *obs = tu_random_obs(seed + 5000 + (uint64_t)trial, n, n, qmap, 5, 4);
        double p = 0.2 * plt_test_rng_uniform(&r), d = trial % 3 ? 0.15 * plt_test_rng_uniform(&r)
                                                                   : 0;
        double x[4];
        random_params(&r, np, x);
        run a = eval("density", c, obs, NULL, p, d, x), b = eval("pauliprop", c, obs, NULL, p, d, x);
        plt_expect_close(a.value, b.value, 0, 1e-10);
        for (int k = 0; k < np; k++) plt_expect_close(a.grad[k], b.grad[k], 0, 1e-10);
        if (trial % 5 == 0) {
            const double h = 1e-5;
            for (int k = 0; k < np; k++) {
                double xp[4], xm[4];
                memcpy(xp, x, sizeof xp);
                memcpy(xm, x, sizeof xm);
                xp[k] += h;
                xm[k] -= h;
                double fd = (eval("density", c, obs, NULL, p, d, xp).value -
                             eval("density", c, obs, NULL, p, d, xm).value) / (2 * h);
                plt_expect_close(a.grad[k], fd, 0, 1e-7);
            }
        }
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
}

/* Noise lowers a global cost: the model at p > 0 is not the noiseless one (a density engine
 * that ignored the channels would pass the noiseless tests). */
static void test_noise_matters(void **st) {
    (void)st;
    plt_circuit *c = one_param(3, "X0*X1*X2", NULL);
    plt_psum *z = obs_of("Z0*Z1*Z2", 3);
    double t = 0.3;
    double v0 = eval("density", c, z, NULL, 0, 0, &t).value;
    double v1 = eval("density", c, z, NULL, 0.1, 0, &t).value;
    plt_expect_close(v0, cos(t), 0, 1e-14);
    plt_expect_close(v1, pow(0.9, 3) * cos(t), 0, 1e-14);
    plt_psum_free(z);
    plt_circuit_free(c);
}

static void test_refusals(void **st) {
    (void)st;
    plt_circuit *c = one_param(13, "Z0", NULL);
    plt_psum *z = obs_of("Z0", 13);
    plt_model m = {c, z, NULL};
    plt_cost cost;
    plt_expect_error(plt_engine_estimate("density", &m, NULL, &cost), PLT_ETOOBIG,
                     "beyond its limit of 12");
    plt_psum_free(z);
    plt_circuit_free(c);

    char path[] = "/tmp/plt_density_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "# plateau shadows v1 n=1\nZ 0\nX 1\n";
    assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
    close(fd);
    char spec[64];
    snprintf(spec, sizeof spec, "shadows:%s", path);
    plt_state *s = NULL;
    plt_expect_ok(plt_state_parse(spec, 1, "test", &s));
    c = one_param(1, "Y0", NULL);
    z = obs_of("Z0", 1);
    m = (plt_model){c, z, s};
    plt_expect_error(plt_engine_estimate("density", &m, NULL, &cost), PLT_EUNSUPPORTED,
                     "measured data");
    unlink(path);
    plt_state_free(s);
    plt_psum_free(z);
    plt_circuit_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statevector_noiseless), cmocka_unit_test(test_one_qubit_channels),
        cmocka_unit_test(test_two_qubit_channels),    cmocka_unit_test(test_pauliprop_noisy),
        cmocka_unit_test(test_noise_matters),         cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
