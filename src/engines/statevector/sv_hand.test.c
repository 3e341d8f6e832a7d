/* labels: unit */
/* Hand-derived values on small circuits, initial states, and refusals. */
#include <unistd.h>

#include "engines/statevector/sv_test_util.h"

static plt_circuit *sv_one_param(int n, int *k) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    plt_expect_ok(plt_circuit_add_param(c, "t", NAN, k));
    return c;
}

/* RX(t)|0>: <Z> = cos t, <Y> = -sin t, d<Z>/dt = -sin t. */
static void test_rx_on_zero(void **st) {
    (void)st;
    int k;
    plt_circuit *c = sv_one_param(1, &k);
    svt_rot(c, "X", k, 1.0, 0.0);
    plt_psum *z = svt_obs("Z0", 1), *y = svt_obs("Y0", 1);
    for (double t = -3.0; t <= 3.0; t += 0.37) {
        double g[1];
        plt_expect_close(svt_loss(c, z, NULL, PLT_GRAD_AUTO, &t, g), cos(t), 0, 1e-14);
        plt_expect_close(g[0], -sin(t), 0, 1e-14);
        plt_expect_close(svt_loss(c, y, NULL, PLT_GRAD_SHIFT, &t, g), -sin(t), 0, 1e-14);
        plt_expect_close(g[0], -cos(t), 0, 1e-14);
    }
    plt_psum_free(z);
    plt_psum_free(y);
    plt_circuit_free(c);
}

/* Bell state (H, CX): <ZZ> = <XX> = 1, <YY> = -1, <Z0> = <X1> = 0. */
static void test_bell(void **st) {
    (void)st;
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(2, &c));
    svt_gate(c, PLT_GATE_H, 0, 0);
    svt_gate(c, PLT_GATE_CX, 0, 1);
    const char *obs[] = {"Z0*Z1", "X0*X1", "Y0*Y1", "Z0", "X1", "0.5*Z0*Z1 - 2*Y0*Y1 + 3"};
    const double want[] = {1, 1, -1, 0, 0, 5.5};
    for (int i = 0; i < 6; i++) {
        plt_psum *o = svt_obs(obs[i], 2);
        plt_expect_close(svt_loss(c, o, NULL, PLT_GRAD_AUTO, NULL, NULL), want[i], 0, 1e-14);
        plt_psum_free(o);
    }
    plt_circuit_free(c);
}

/* exp(-i t/2 ZZ) on |++>: <XX> = 1 for every t, <XI> = cos t, <YZ> = sin t; the shared
 * parameter appears twice with a = 0.5 each, so the derivative is that of one rotation. */
static void test_zz_shared(void **st) {
    (void)st;
    int k;
    plt_circuit *c = sv_one_param(2, &k);
    svt_gate(c, PLT_GATE_H, 0, 0);
    svt_gate(c, PLT_GATE_H, 1, 1);
    svt_rot(c, "ZZ", k, 0.5, 0.0);
    svt_rot(c, "ZZ", k, 0.5, 0.0);
    plt_psum *xi = svt_obs("X0", 2), *yz = svt_obs("Y0*Z1", 2), *xx = svt_obs("X0*X1", 2);
    double t = 0.83, g[1];
    plt_expect_close(svt_loss(c, xx, NULL, PLT_GRAD_AUTO, &t, g), 1.0, 0, 1e-14);
    plt_expect_close(g[0], 0.0, 0, 1e-14);
    plt_expect_close(svt_loss(c, xi, NULL, PLT_GRAD_AUTO, &t, g), cos(t), 0, 1e-14);
    plt_expect_close(g[0], -sin(t), 0, 1e-14);
    plt_expect_close(svt_loss(c, yz, NULL, PLT_GRAD_AUTO, &t, g), sin(t), 0, 1e-14);
    plt_expect_close(g[0], cos(t), 0, 1e-14);
    plt_psum_free(xi);
    plt_psum_free(yz);
    plt_psum_free(xx);
    plt_circuit_free(c);
}

static void sv_write(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Product states: each qubit's <X>, <Y>, <Z> is its Bloch vector; correlations multiply.
 * Mixed qubits are refused with the reason. */
static void test_product_state(void **st) {
    (void)st;
    char path[] = "/tmp/sv_productXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    const double b[3][3] = {{0.6, 0.0, 0.8}, {0.0, -1.0, 0.0}, {0.48, 0.64, -0.6}};
    sv_write(path, "0.6 0 0.8\n0 -1 0\n0.48 0.64 -0.6\n");
    char spec[64];
    snprintf(spec, sizeof spec, "product:%s", path);
    plt_state *s = NULL;
    plt_expect_ok(plt_state_parse(spec, 3, "test", &s));
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(3, &c));
    for (int q = 0; q < 3; q++)
        for (int a = 0; a < 3; a++) {
            char o[16];
            snprintf(o, sizeof o, "%c%d", "XYZ"[a], q);
            plt_psum *obs = svt_obs(o, 3);
            plt_expect_close(svt_loss(c, obs, s, PLT_GRAD_AUTO, NULL, NULL), b[q][a], 0, 1e-14);
            plt_psum_free(obs);
        }
    plt_psum *zxy = svt_obs("Z0*X1*Y2", 3);
    plt_expect_close(svt_loss(c, zxy, s, PLT_GRAD_AUTO, NULL, NULL), 0.8 * 0.0 * 0.64, 0, 1e-14);
    plt_psum_free(zxy);
    plt_state_free(s);

    sv_write(path, "0.6 0 0.8\n0 0 0.5\n0 0 1\n");
    plt_expect_ok(plt_state_parse(spec, 3, "test", &s));
    plt_model m = {c, NULL, s};
    plt_psum *z = svt_obs("Z0", 3);
    m.obs = z;
    plt_engine *e = NULL;
    plt_expect_error(plt_engine_plan("statevector", &m, NULL, &e), PLT_EUNSUPPORTED,
                     "qubit 1 of the product state is mixed");
    plt_state_free(s);
    plt_psum_free(z);
    plt_circuit_free(c);
    unlink(path);
}

/* A basis state and a preparation circuit. */
static void test_basis_and_prep(void **st) {
    (void)st;
    plt_state *s = NULL;
    plt_expect_ok(plt_state_parse("basis:011", 3, "test", &s));
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(3, &c));
    plt_psum *o = svt_obs("Z0 + 2*Z1 + 4*Z2", 3);
    plt_expect_close(svt_loss(c, o, s, PLT_GRAD_AUTO, NULL, NULL), 1 - 2 - 4, 0, 1e-14);
    plt_state_free(s);

    char path[] = "/tmp/sv_prepXXXXXX.qasm";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    sv_write(path, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\nx q[2];\nh q[0];\n");
    char spec[64];
    snprintf(spec, sizeof spec, "qasm:%s", path);
    plt_expect_ok(plt_state_parse(spec, 3, "test", &s));
    /* |+> (x) |0> (x) |1>, then the circuit's X on qubit 1: Z0 -> 0, Z1 -> -1, Z2 -> -1. */
    svt_gate(c, PLT_GATE_X, 1, 1);
    plt_psum *o2 = svt_obs("Z0 + 2*Z1 + 4*Z2 + 8*X0", 3);
    plt_expect_close(svt_loss(c, o2, s, PLT_GRAD_AUTO, NULL, NULL), 0 - 2 - 4 + 8, 0, 1e-14);
    plt_psum_free(o2);
    plt_state_free(s);
    unlink(path);
    plt_psum_free(o);
    plt_circuit_free(c);
}

/* Memory: refused before allocating, with the value, the limit and the fix. */
static void test_refusals(void **st) {
    (void)st;
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(20, &c));
    plt_psum *o = svt_obs("Z0", 20);
    plt_model m = {c, o, NULL};
    plt_opts opts;
    plt_opts_init(&opts);
    opts.max_memory = 1e6;
    plt_engine *e = NULL;
    plt_cost cost;
    plt_expect_error(plt_engine_plan("statevector", &m, &opts, &e), PLT_ETOOBIG, "--max-memory");
    assert_null(e);
    plt_expect_error(plt_engine_estimate("statevector", &m, &opts, &cost), PLT_ETOOBIG,
                     "32.0 MiB");
    opts.max_memory = 0;
    plt_expect_ok(plt_engine_estimate("statevector", &m, &opts, &cost));
    assert_true(cost.exactness == PLT_EXACT);
    plt_expect_close(cost.bytes, 2.0 * 16.0 * 1048576.0, 0.01, 0);
    plt_expect_ok(plt_engine_plan("statevector", &m, &opts, &e));
    assert_int_equal(plt_engine_exact(e), 1);
    plt_engine_free(e);
    plt_psum_free(o);
    plt_circuit_free(c);

    plt_expect_ok(plt_circuit_new(41, &c));
    o = svt_obs("Z0", 41);
    m = (plt_model){c, o, NULL};
    plt_expect_error(plt_engine_estimate("statevector", &m, NULL, &cost), PLT_ETOOBIG,
                     "limit of 40");
    plt_expect_error(plt_engine_plan("statevector", &m, NULL, &e), PLT_ETOOBIG, "limit of 40");
    plt_psum_free(o);
    plt_circuit_free(c);
}

/* A zero angle is the identity; R(t) R(-t) = I; a pi/2 rotation about Z is S up to phase. */
static void test_rotation_props(void **st) {
    (void)st;
    int k;
    plt_circuit *c = sv_one_param(3, &k);
    svt_gate(c, PLT_GATE_H, 0, 0);
    svt_gate(c, PLT_GATE_H, 1, 1);
    svt_rot(c, "YXZ", k, 1.0, 0.0);
    svt_rot(c, "YXZ", k, -1.0, 0.0);
    svt_rot(c, "ZII", -1, 0.0, M_PI / 2);
    plt_psum *o = svt_obs("Y0 + X1", 3);
    double t = 1.234;
    /* H then S on qubit 0 sends |0> to |+i>: <Y0> = 1; qubit 1 stays |+>. */
    plt_expect_close(svt_loss(c, o, NULL, PLT_GRAD_AUTO, &t, NULL), 2.0, 0, 1e-14);
    plt_psum_free(o);
    plt_circuit_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rx_on_zero),     cmocka_unit_test(test_bell),
        cmocka_unit_test(test_zz_shared),      cmocka_unit_test(test_product_state),
        cmocka_unit_test(test_basis_and_prep), cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_rotation_props),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
