/* labels: agree */
/* The lightcone engine equals the statevector engine (loss and gradient, 1e-12) on random
 * shallow circuits with local observables and product states at n <= 12; at n = 100 a
 * depth-2 brickwork has a 4-qubit cone and equals a state-vector run on those qubits. */
#include <math.h>

#include "engines/engine_ops.h"
#include "engines/lightcone/lc.h"
#include "plateau/engine.h"
#include "plateau/status.h"
#include "support/test.h"

extern const plt_engine_ops plt_engine_lightcone;

/* Loss and gradient through the ops table (works before and after registration). */
static double lc_run(const plt_model *m, const double *params, double *grad) {
    plt_opts o;
    plt_opts_init(&o);
    void *st = NULL;
    plt_expect_ok(plt_engine_lightcone.plan(&st, m, &o));
    double v = NAN;
    plt_expect_ok(plt_engine_lightcone.loss(st, params, &v, grad));
    plt_engine_lightcone.free(st);
    return v;
}

static double sv_run(const plt_model *m, const double *params, double *grad) {
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan("statevector", m, NULL, &e));
    double v = NAN;
    plt_expect_ok(plt_engine_loss(e, params, &v, grad));
    plt_engine_free(e);
    return v;
}

static void set_local(plt_test_rng *r, plt_pstring *g, int n, int at, int w, const char *letters) {
    for (int j = 0; j < w && at + j < n; j++)
        plt_expect_ok(
            plt_pstring_set(g, at + j, letters[plt_test_rng_int(r, (int)strlen(letters))]));
}

static void clear(plt_pstring *g, int n) {
    for (int q = 0; q < n; q++)
        plt_expect_ok(plt_pstring_set(g, q, 'I'));
}

static void test_random_vs_statevector(void **st) {
    (void)st;
    plt_test_rng r;
    uint64_t seed = plt_test_seed();
    plt_test_rng_init(&r, seed);
    for (int trial = 0; trial < 40; trial++) {
        int n = 3 + trial % 10, np = 4;
        plt_circuit *c = NULL;
        plt_pstring *g = NULL;
        plt_psum *obs = NULL;
        plt_state *state = NULL;
        plt_expect_ok(plt_circuit_new(n, &c));
        plt_expect_ok(plt_pstring_new(n, &g));
        plt_expect_ok(plt_psum_new(n, &obs));
        for (int k = 0; k < np; k++) {
            char name[8];
            int idx;
            snprintf(name, sizeof name, "p%d", k);
            plt_expect_ok(plt_circuit_add_param(c, name, NAN, &idx));
        }
        int nops = 3 * n;
        for (int i = 0; i < nops; i++) {
            int at = plt_test_rng_int(&r, n);
            if (plt_test_rng_int(&r, 3) == 0 && at + 1 < n) {
                int qs[2] = {at, at + 1};
                if (plt_test_rng_int(&r, 2)) {
                    qs[0] = at + 1;
                    qs[1] = at;
                }
                plt_expect_ok(plt_circuit_add_clifford(
                    c, (plt_gate)(PLT_GATE_CX + plt_test_rng_int(&r, 6)), qs));
            } else if (plt_test_rng_int(&r, 4) == 0) {
                plt_expect_ok(
                    plt_circuit_add_clifford(c, (plt_gate)plt_test_rng_int(&r, PLT_GATE_CX), &at));
            } else {
                clear(g, n);
                set_local(&r, g, n, at, 1 + plt_test_rng_int(&r, 2), "XYZ");
                plt_expect_ok(plt_circuit_add_rotation(c, g, plt_test_rng_int(&r, np + 1) - 1,
                                                       2 * plt_test_rng_uniform(&r) - 1,
                                                       plt_test_rng_uniform(&r)));
            }
        }
        int nt = 1 + plt_test_rng_int(&r, 4);
        for (int t = 0; t < nt; t++) {
            clear(g, n);
            set_local(&r, g, n, plt_test_rng_int(&r, n), 1 + plt_test_rng_int(&r, 2), "XYZ");
            plt_expect_ok(plt_psum_add(obs, g, 2 * plt_test_rng_uniform(&r) - 1, 0));
        }
        clear(g, n);
        plt_expect_ok(plt_psum_add(obs, g, 0.25, 0)); /* a constant */
        int kind = trial % 3;
        if (kind == 1) {
            char bits[16];
            for (int q = 0; q < n; q++)
                bits[q] = (char)('0' + plt_test_rng_int(&r, 2));
            bits[n] = '\0';
            plt_expect_ok(plt_state_new_basis(n, bits, &state));
        } else if (kind == 2) {
            double b[36];
            for (int q = 0; q < n; q++) {
                double th = 0.2 + (M_PI - 0.4) * plt_test_rng_uniform(&r),
                       ph = 2 * M_PI * plt_test_rng_uniform(&r);
                double len = 1.0; /* the statevector engine takes pure states */
                b[3 * q] = len * sin(th) * cos(ph);
                b[3 * q + 1] = len * sin(th) * sin(ph);
                b[3 * q + 2] = len * cos(th);
            }
            plt_expect_ok(plt_state_new_product(n, b, &state));
        }
        double params[4], g1[4], g2[4];
        for (int k = 0; k < np; k++)
            params[k] = 6 * plt_test_rng_uniform(&r) - 3;
        plt_model m = {c, obs, state};
        double v1 = lc_run(&m, params, g1), v2 = sv_run(&m, params, g2);
        plt_expect_close(v1, v2, 0, 1e-12);
        for (int k = 0; k < np; k++)
            plt_expect_close(g1[k], g2[k], 0, 1e-12);
        plt_state_free(state);
        plt_psum_free(obs);
        plt_pstring_free(g);
        plt_circuit_free(c);
    }
}

/* RY on every qubit, CZ on the even pairs, RY, CZ on the odd pairs, on qubits
 * [lo, lo + n) of a 100-qubit register; parameters indexed by global qubit. */
static plt_circuit *brickwork(int n, int lo, int total) {
    plt_circuit *c = NULL;
    plt_pstring *g = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    plt_expect_ok(plt_pstring_new(n, &g));
    for (int k = 0; k < 2 * total; k++) {
        char name[16];
        int idx;
        snprintf(name, sizeof name, "t%d", k);
        plt_expect_ok(plt_circuit_add_param(c, name, NAN, &idx));
    }
    for (int layer = 0; layer < 2; layer++) {
        for (int q = 0; q < n; q++) {
            plt_expect_ok(plt_pstring_set(g, q, 'Y'));
            plt_expect_ok(plt_circuit_add_rotation(c, g, layer * total + lo + q, 1.0, 0.0));
            plt_expect_ok(plt_pstring_set(g, q, 'I'));
        }
        for (int q = 0; q + 1 < n; q++) {
            if ((lo + q) % 2 != layer) continue;
            int qs[2] = {q, q + 1};
            plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CZ, qs));
        }
    }
    plt_pstring_free(g);
    return c;
}

static void test_wide_brickwork(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    int n = 100;
    plt_circuit *big = brickwork(n, 0, n);
    plt_psum *obs = NULL;
    plt_expect_ok(plt_psum_parse("Z50 + 0.5*X50*X51", n, "test", &obs));
    plt_model m = {big, obs, NULL};
    lc_cones k;
    plt_expect_ok(lc_cones_build(&m, &k));
    assert_int_equal(k.ncones, 2);
    assert_true(k.max_m >= 4 && k.max_m <= 6);
    lc_cones_free(&k);
    double params[200], grad[200], gsmall[200];
    for (int i = 0; i < 200; i++)
        params[i] = 6 * plt_test_rng_uniform(&r) - 3;
    double v = lc_run(&m, params, grad);
    /* The same gates on qubits 48..53 only (cone of both terms inside). */
    plt_circuit *small = brickwork(6, 48, n);
    plt_psum *sobs = NULL;
    plt_expect_ok(plt_psum_parse("Z2 + 0.5*X2*X3", 6, "test", &sobs));
    plt_model sm = {small, sobs, NULL};
    double w = sv_run(&sm, params, gsmall);
    plt_expect_close(v, w, 0, 1e-12);
    for (int i = 0; i < 200; i++)
        plt_expect_close(grad[i], gsmall[i], 0, 1e-12);
    /* gradients vanish outside the cone */
    plt_expect_close(grad[10], 0, 0, 0);
    plt_cost cost;
    plt_opts o;
    plt_opts_init(&o);
    plt_expect_ok(plt_engine_lightcone.estimate(&m, &o, &cost));
    assert_int_equal(cost.exactness, PLT_EXACT);
    assert_true(cost.bytes <= 16.0 * 64 * 3);
    plt_psum_free(sobs);
    plt_circuit_free(small);
    plt_psum_free(obs);
    plt_circuit_free(big);
}

static void test_refusals(void **st) {
    (void)st;
    int n = 40;
    plt_circuit *c = brickwork(n, 0, n);
    plt_psum *obs = NULL;
    plt_pstring *g = NULL;
    plt_expect_ok(plt_pstring_new(n, &g));
    for (int q = 0; q < n; q++)
        plt_expect_ok(plt_pstring_set(g, q, 'Z'));
    plt_expect_ok(plt_psum_new(n, &obs));
    plt_expect_ok(plt_psum_add(obs, g, 1, 0));
    plt_model m = {c, obs, NULL};
    plt_cost cost;
    plt_opts o;
    plt_opts_init(&o);
    plt_expect_error(plt_engine_lightcone.estimate(&m, &o, &cost), PLT_ETOOBIG,
                     "spans 40 of the 40");
    void *state = NULL;
    plt_expect_error(plt_engine_lightcone.plan(&state, &m, &o), PLT_ETOOBIG, "at most 28");
    assert_null(state);
    plt_psum_free(obs);
    /* i Z0, built through the API so the engine's own refusal is what is tested. */
    clear(g, n);
    plt_expect_ok(plt_pstring_set(g, 0, 'Z'));
    plt_expect_ok(plt_psum_new(n, &obs));
    plt_expect_ok(plt_psum_add(obs, g, 0, 1));
    assert_int_equal(plt_psum_nterms(obs), 1);
    double re, im;
    plt_expect_ok(plt_psum_term(obs, 0, g, &re, &im));
    assert_true(re == 0 && im == 1);
    m.obs = obs;
    plt_expect_error(plt_engine_lightcone.estimate(&m, &o, &cost), PLT_EUNSUPPORTED,
                     "complex coefficient");
    plt_expect_error(plt_engine_lightcone.plan(&state, &m, &o), PLT_EUNSUPPORTED,
                     "complex coefficient");
    assert_null(state);
    plt_psum_free(obs);
    plt_pstring_free(g);
    plt_circuit_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_vs_statevector),
        cmocka_unit_test(test_wide_brickwork),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
