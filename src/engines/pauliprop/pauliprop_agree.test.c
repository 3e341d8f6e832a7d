/* labels: agree */
/* pauliprop without truncation against the statevector engine (the reference) on random
 * circuits: every Clifford of the table, rotations about random strings, shared parameters,
 * zero, basis, product and prepared states; loss to 1e-12 and the reverse-mode gradient
 * against the statevector adjoint gradient and central finite differences. */
#include "engines/pauliprop/pp.h"
#include "engines/pauliprop/pp_testutil.h"

static int ident[128];

static void fill_ident(void) {
    for (int i = 0; i < 128; i++) ident[i] = i;
}

static void random_params(plt_test_rng *r, double *p, int np) {
    for (int k = 0; k < np; k++) p[k] = 2 * M_PI * plt_test_rng_uniform(r) - M_PI;
}

static void compare(const plt_model *m, const double *params, int np, int check_fd) {
    plt_opts o;
    plt_opts_init(&o);
    double lp, ls, gp[64], gs[64];
    plt_expect_ok(tu_run(&plt_engine_pauliprop, m, &o, params, &lp, NULL, NULL));
    plt_expect_ok(tu_run(&plt_engine_statevector, m, &o, params, &ls, NULL, NULL));
    plt_expect_close(lp, ls, 0, 1e-12);
    double lg;
    plt_expect_ok(tu_run(&plt_engine_pauliprop, m, &o, params, &lg, gp, NULL));
    plt_expect_close(lg, ls, 0, 1e-12);
    plt_expect_ok(tu_run(&plt_engine_statevector, m, &o, params, &ls, gs, NULL));
    for (int k = 0; k < np; k++) plt_expect_close(gp[k], gs[k], 0, 1e-10);
    if (!check_fd) return;
    double pp[64];
    memcpy(pp, params, (size_t)np * sizeof *pp);
    const double h = 1e-5;
    for (int k = 0; k < np; k++) {
        double lplus, lminus;
        pp[k] = params[k] + h;
        plt_expect_ok(tu_run(&plt_engine_pauliprop, m, &o, pp, &lplus, NULL, NULL));
        pp[k] = params[k] - h;
        plt_expect_ok(tu_run(&plt_engine_pauliprop, m, &o, pp, &lminus, NULL, NULL));
        pp[k] = params[k];
        plt_expect_close(gp[k], (lplus - lminus) / (2 * h), 0, 1e-7);
    }
}

static void test_random_zero_state(void **state) {
    (void)state;
    fill_ident();
    uint64_t seed = plt_test_seed();
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    for (int trial = 0; trial < 24; trial++) {
        int n = 1 + trial % 12;
        int nops = 8 + plt_test_rng_int(&r, n <= 6 ? 40 : 24);
        int np = 1 + plt_test_rng_int(&r, 5);
        plt_circuit *c = tu_random_circuit(seed + 17 * (uint64_t)trial, n, n, ident, nops, np, 3);
        plt_psum *obs = tu_random_obs(seed + 31 * (uint64_t)trial, n, n, ident, 3, 3);
        plt_model m = {c, obs, NULL};
        double params[8];
        random_params(&r, params, np);
        compare(&m, params, np, trial % 4 == 0);
        /* A zero angle and Clifford points must also agree (branches of weight 0 and 1). */
        for (int k = 0; k < np; k++) params[k] = (k % 2) ? 0.0 : M_PI / 2;
        compare(&m, params, np, 0);
        plt_circuit_free(c);
        plt_psum_free(obs);
    }
}

static void test_random_basis_state(void **state) {
    (void)state;
    fill_ident();
    uint64_t seed = plt_test_seed() + 1000;
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    for (int trial = 0; trial < 12; trial++) {
        int n = 2 + trial % 9;
        plt_circuit *c = tu_random_circuit(seed + (uint64_t)trial, n, n, ident, 30, 3, 3);
        plt_psum *obs = tu_random_obs(seed + 7 * (uint64_t)trial, n, n, ident, 4, 2);
        char spec[80] = "basis:";
        for (int q = 0; q < n; q++) spec[6 + q] = plt_test_rng_int(&r, 2) ? '1' : '0';
        spec[6 + n] = 0;
        plt_state *s = NULL;
        plt_expect_ok(plt_state_parse(spec, n, "test", &s));
        plt_model m = {c, obs, s};
        double params[3];
        random_params(&r, params, 3);
        compare(&m, params, 3, 0);
        plt_state_free(s);
        plt_circuit_free(c);
        plt_psum_free(obs);
    }
}

/* Writes a product state of Bloch vectors b[3n] to a temporary file and parses it. */
static plt_state *product_state(const double *b, int n) {
    char text[4096] = "";
    for (int q = 0; q < n; q++) {
        char line[128];
        snprintf(line, sizeof line, "%.17g %.17g %.17g\n", b[3 * q], b[3 * q + 1], b[3 * q + 2]);
        strncat(text, line, sizeof text - strlen(text) - 1);
    }
    char path[64], spec[80];
    tu_temp_file(path, sizeof path, text);
    snprintf(spec, sizeof spec, "product:%s", path);
    plt_state *s = NULL;
    plt_status st = plt_state_parse(spec, n, "test", &s);
    unlink(path);
    plt_expect_ok(st);
    return s;
}

/* Pure product states against the statevector; a product state with mixed qubits against
 * the mixture of pure ones it is (rho = (1+r)/2 |b><b| + (1-r)/2 |-b><-b| per qubit). */
static void test_random_product_state(void **state) {
    (void)state;
    fill_ident();
    uint64_t seed = plt_test_seed() + 2000;
    plt_test_rng r;
    plt_test_rng_init(&r, seed);
    for (int trial = 0; trial < 10; trial++) {
        int n = 2 + trial % 7;
        plt_circuit *c = tu_random_circuit(seed + (uint64_t)trial, n, n, ident, 30, 3, 3);
        plt_psum *obs = tu_random_obs(seed + 5 * (uint64_t)trial, n, n, ident, 3, 3);
        double b[3 * 16], len[16];
        for (int q = 0; q < n; q++) {
            double th = M_PI * plt_test_rng_uniform(&r), ph = 2 * M_PI * plt_test_rng_uniform(&r);
            b[3 * q] = sin(th) * cos(ph);
            b[3 * q + 1] = sin(th) * sin(ph);
            b[3 * q + 2] = cos(th);
            len[q] = q < 2 ? 0.3 + 0.6 * plt_test_rng_uniform(&r) : 1.0;
        }
        double params[3];
        random_params(&r, params, 3);
        plt_state *s = product_state(b, n);
        plt_model m = {c, obs, s};
        compare(&m, params, 3, trial == 0);
        plt_state_free(s);
        /* mixed on qubits 0 and 1 */
        double bm[3 * 16];
        memcpy(bm, b, sizeof bm);
        for (int q = 0; q < 2; q++)
            for (int i = 0; i < 3; i++) bm[3 * q + i] *= len[q];
        s = product_state(bm, n);
        plt_model mm = {c, obs, s};
        plt_opts o;
        plt_opts_init(&o);
        double lmix;
        plt_expect_ok(tu_run(&plt_engine_pauliprop, &mm, &o, params, &lmix, NULL, NULL));
        plt_state_free(s);
        double want = 0;
        for (int pat = 0; pat < 4; pat++) {
            double bp[3 * 16], w = 1;
            memcpy(bp, b, sizeof bp);
            for (int q = 0; q < 2; q++) {
                int neg = (pat >> q) & 1;
                w *= neg ? (1 - len[q]) / 2 : (1 + len[q]) / 2;
                if (neg)
                    for (int i = 0; i < 3; i++) bp[3 * q + i] = -bp[3 * q + i];
            }
            plt_state *sp = product_state(bp, n);
            plt_model mp = {c, obs, sp};
            double l;
            plt_expect_ok(tu_run(&plt_engine_statevector, &mp, &o, params, &l, NULL, NULL));
            want += w * l;
            plt_state_free(sp);
        }
        plt_expect_close(lmix, want, 0, 1e-12);
        plt_circuit_free(c);
        plt_psum_free(obs);
    }
}

static void test_prepared_state(void **state) {
    (void)state;
    fill_ident();
    const char *qasm = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\n"
                       "h q[0];\nrx(0.37) q[1];\ncx q[0],q[2];\nry(-1.1) q[2];\ns q[1];\n";
    char path[64], spec[80];
    tu_temp_file(path, sizeof path, qasm);
    snprintf(spec, sizeof spec, "qasm:%s", path);
    plt_state *s = NULL;
    plt_status st = plt_state_parse(spec, 3, "test", &s);
    unlink(path);
    plt_expect_ok(st);
    plt_circuit *c = tu_random_circuit(plt_test_seed() + 3000, 3, 3, ident, 25, 2, 2);
    plt_psum *obs = tu_random_obs(plt_test_seed() + 3001, 3, 3, ident, 4, 3);
    plt_model m = {c, obs, s};
    double params[2] = {0.4, -1.3};
    compare(&m, params, 2, 1);
    plt_state_free(s);
    plt_circuit_free(c);
    plt_psum_free(obs);
}

/* The same circuit placed on scattered qubits of a 100-qubit register (the multi-word
 * path) gives the same loss and gradient as on n qubits (the one-word path). */
static void test_multiword_embedding(void **state) {
    (void)state;
    fill_ident();
    uint64_t seed = plt_test_seed() + 4000;
    for (int trial = 0; trial < 6; trial++) {
        const int n = 6 + trial;
        int qmap[16];
        plt_test_rng r;
        plt_test_rng_init(&r, seed + (uint64_t)trial);
        for (int i = 0; i < n; i++) {
            int q, dup;
            do {
                q = plt_test_rng_int(&r, 100);
                dup = 0;
                for (int j = 0; j < i; j++) dup |= qmap[j] == q;
            } while (dup);
            qmap[i] = q;
        }
        qmap[0] = 99; /* the last word's last bit */
        for (int j = 1; j < n; j++)
            if (qmap[j] == 99) qmap[j] = 63;
        plt_circuit *c1 = tu_random_circuit(seed + 50 + (uint64_t)trial, n, n, ident, 40, 3, 3);
        plt_circuit *c2 = tu_random_circuit(seed + 50 + (uint64_t)trial, 100, n, qmap, 40, 3, 3);
        plt_psum *o1 = tu_random_obs(seed + 60 + (uint64_t)trial, n, n, ident, 3, 3);
        plt_psum *o2 = tu_random_obs(seed + 60 + (uint64_t)trial, 100, n, qmap, 3, 3);
        plt_model m1 = {c1, o1, NULL}, m2 = {c2, o2, NULL};
        plt_opts o;
        plt_opts_init(&o);
        double params[3] = {0.3, -0.8, 1.9}, l1, l2, g1[3], g2[3];
        plt_expect_ok(tu_run(&plt_engine_pauliprop, &m1, &o, params, &l1, g1, NULL));
        plt_expect_ok(tu_run(&plt_engine_pauliprop, &m2, &o, params, &l2, g2, NULL));
        plt_expect_close(l1, l2, 0, 1e-12);
        for (int k = 0; k < 3; k++) plt_expect_close(g1[k], g2[k], 0, 1e-12);
        double ls;
        plt_expect_ok(tu_run(&plt_engine_statevector, &m1, &o, params, &ls, NULL, NULL));
        plt_expect_close(l1, ls, 0, 1e-12);
        /* and with the two-word kernels forced off: 200 qubits is four words */
        plt_circuit_free(c1);
        plt_circuit_free(c2);
        plt_psum_free(o1);
        plt_psum_free(o2);
    }
}

/* Layers of rotations between runs of Cliffords long enough to be composed into one tableau
 * (kicked-Ising-like: RZZ(pi/2) as CX RZ CX is no Clifford run, so CZ, H, S, CX, SWAP): the
 * gradient takes each run as one step (pp_tab_run_end). Exact: against the statevector
 * adjoint; with weight and frequency caps (smooth in the angles): against central
 * differences of the truncated loss. */
static void test_clifford_runs_gradient(void **state) {
    (void)state;
    fill_ident();
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 5000);
    size_t runs = 0;
    for (int trial = 0; trial < 16; trial++) {
        const int n = 3 + trial % 8, np = 3;
        plt_circuit *c = NULL;
        plt_expect_ok(plt_circuit_new(n, &c));
        for (int k = 0; k < np; k++) {
            char name[8];
            int idx;
            snprintf(name, sizeof name, "t%d", k);
            plt_expect_ok(plt_circuit_add_param(c, name, NAN, &idx));
        }
        for (int layer = 0; layer < 4 + trial % 4; layer++) {
            for (int q = 0; q < n; q++) {
                plt_pstring *g = NULL;
                char b[16];
                snprintf(b, sizeof b, "%c%d", "XYZ"[plt_test_rng_int(&r, 3)], q);
                plt_expect_ok(plt_pstring_parse(b, n, NULL, &g));
                plt_expect_ok(plt_circuit_add_rotation(c, g, plt_test_rng_int(&r, np), 1.0,
                                                       plt_test_rng_uniform(&r)));
                plt_pstring_free(g);
            }
            const plt_gate two[3] = {PLT_GATE_CZ, PLT_GATE_CX, PLT_GATE_SWAP};
            const plt_gate one[2] = {PLT_GATE_H, PLT_GATE_S};
            for (int k = 0; k < 4 + plt_test_rng_int(&r, 2 * n); k++) {
                int q[2] = {plt_test_rng_int(&r, n), 0};
                q[1] = (q[0] + 1 + plt_test_rng_int(&r, n - 1)) % n;
                if (plt_test_rng_int(&r, 3))
                    plt_expect_ok(plt_circuit_add_clifford(c, two[plt_test_rng_int(&r, 3)], q));
                else plt_expect_ok(plt_circuit_add_clifford(c, one[plt_test_rng_int(&r, 2)], q));
            }
        }
        plt_psum *obs = tu_random_obs(plt_test_seed() + 5100 + (uint64_t)trial, n, n, ident, 3, 3);
        plt_model m = {c, obs, NULL};
        double params[3];
        random_params(&r, params, np);
        compare(&m, params, np, trial % 3 == 0);
        plt_opts o;
        plt_opts_init(&o);
        void *plan = NULL;
        plt_expect_ok(plt_engine_pauliprop.plan(&plan, &m, &o));
        for (size_t k = 0; k < ((pp_plan *)plan)->nsteps; k++)
            runs += pp_tab_run_end(plan, k) > k;
        plt_engine_pauliprop.free(plan);
        /* a truncation that drops nothing still compacts the tables, which may reorder
         * their terms: the gradient must not depend on it */
        plt_test_opts_set(&o, "min-abs", 1e-300);
        double lt, gt[3], ls, gs[3];
        plt_expect_ok(tu_run(&plt_engine_pauliprop, &m, &o, params, &lt, gt, NULL));
        plt_expect_ok(tu_run(&plt_engine_statevector, &m, &o, params, &ls, gs, NULL));
        for (int k = 0; k < np; k++) plt_expect_close(gt[k], gs[k], 0, 1e-10);
        plt_test_opts_set(&o, "min-abs", 0);
        plt_test_opts_set(&o, "max-weight", 2);
        plt_test_opts_set(&o, "max-freq", 3);
        double l, g[3];
        plt_expect_ok(tu_run(&plt_engine_pauliprop, &m, &o, params, &l, g, NULL));
        for (int k = 0; k < np; k++) {
            double pp[3], lp, lm;
            memcpy(pp, params, sizeof pp);
            pp[k] += 1e-5;
            plt_expect_ok(tu_run(&plt_engine_pauliprop, &m, &o, pp, &lp, NULL, NULL));
            pp[k] -= 2e-5;
            plt_expect_ok(tu_run(&plt_engine_pauliprop, &m, &o, pp, &lm, NULL, NULL));
            plt_expect_close(g[k], (lp - lm) / 2e-5, 0, 1e-7);
        }
        plt_test_opts_clear(&o);
        plt_circuit_free(c);
        plt_psum_free(obs);
    }
    assert_true(runs > 0); /* the composed runs did occur */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_zero_state),
        cmocka_unit_test(test_random_basis_state),
        cmocka_unit_test(test_random_product_state),
        cmocka_unit_test(test_prepared_state),
        cmocka_unit_test(test_multiword_embedding),
        cmocka_unit_test(test_clifford_runs_gradient),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
