/* labels: unit */
/* Training models through the engines: a local cost reaches its optimum at 8 qubits
 * (statevector) and at 64 qubits (the cheapest exact engine), and a labelled data set
 * is classified. */
#include "support/test.h"

#include <stdio.h>
#include <unistd.h>

#include "plateau/plateau.h"
#include "plateau/shadows.h"

/* Layers of RY on every qubit then CZ on (0,1),(2,3).. and (1,2),(3,4)..; a last RY layer. */
static plt_circuit *ry_cz(int n, int layers) {
    plt_circuit *c = NULL;
    plt_pstring *g = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    plt_expect_ok(plt_pstring_new(n, &g));
    for (int l = 0; l <= layers; l++) {
        for (int q = 0; q < n; q++) {
            char name[32];
            int k;
            snprintf(name, sizeof name, "t%d_%d", l, q);
            plt_expect_ok(plt_circuit_add_param(c, name, 0.0, &k));
            plt_expect_ok(plt_pstring_set(g, q, 'Y'));
            plt_expect_ok(plt_circuit_add_rotation(c, g, k, 1.0, 0.0));
            plt_expect_ok(plt_pstring_set(g, q, 'I'));
        }
        if (l == layers) break;
        for (int s = 0; s < 2; s++)
            for (int q = s; q + 1 < n; q += 2) {
                int qs[2] = {q, q + 1};
                plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CZ, qs));
            }
    }
    plt_pstring_free(g);
    return c;
}

/* (1/n) sum_i Z_i: a local cost with minimum -1 at |1...1>. */
static plt_psum *mean_z(int n) {
    plt_psum *o = NULL;
    plt_pstring *p = NULL;
    plt_expect_ok(plt_psum_new(n, &o));
    plt_expect_ok(plt_pstring_new(n, &p));
    for (int q = 0; q < n; q++) {
        plt_expect_ok(plt_pstring_set(p, q, 'Z'));
        plt_expect_ok(plt_psum_add(o, p, 1.0 / n, 0));
        plt_expect_ok(plt_pstring_set(p, q, 'I'));
    }
    plt_pstring_free(p);
    return o;
}

static void train_local(int n, const char *engine, const plt_optimizer_type *t, double lr,
                        size_t steps) {
    plt_circuit *c = ry_cz(n, 2);
    plt_psum *o = mean_z(n);
    plt_train_loss *l = NULL;
    plt_expect_ok(plt_train_loss_new(c, o, NULL, NULL, PLT_LOSS_EXPECT, engine, NULL, &l));
    size_t np = (size_t)plt_circuit_nparams(c);
    double *x = malloc(np * sizeof *x), *g = malloc(np * sizeof *g), f;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    for (size_t k = 0; k < np; k++) x[k] = 0.2 * (plt_test_rng_uniform(&r) - 0.5) + 0.3;
    plt_optimizer_config cfg;
    plt_optimizer_config_init(&cfg);
    cfg.lr = lr;
    plt_optimizer *opt = NULL;
    plt_expect_ok(plt_optimizer_new(t, np, &cfg, &opt));
    size_t step = 0;
    plt_train_opts to = {.steps = steps};
    plt_expect_ok(plt_train_run(opt, plt_train_loss_eval, l, x, &f, g, 0, &step, &to));
    print_message("n=%d engine %s (%s): loss %.12f after %zu steps\n", n,
                  plt_train_loss_engine(l), t->name, f, step);
    plt_expect_close(f, -1.0, 0, 1e-6);
    plt_optimizer_free(opt);
    plt_train_loss_free(l);
    free(x);
    free(g);
    plt_psum_free(o);
    plt_circuit_free(c);
}

static void test_local_8(void **unused) {
    (void)unused;
    train_local(8, "statevector", &plt_optimizer_lbfgs, 0.5, 100);
    train_local(8, "statevector", &plt_optimizer_adam, 0.05, 600);
}

static void test_local_64(void **unused) {
    (void)unused;
    train_local(64, "auto", &plt_optimizer_lbfgs, 0.5, 100);
}

/* Parity of two bits: <Z0 Z1> after RY(a) RY(b) is (-1)^{b0+b1} cos a cos b. */
static void test_classify(void **unused) {
    (void)unused;
    char dir[] = "/tmp/plt_data_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/data.txt", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "# parity\n+1 basis:00\n1 basis:11\n-1 basis:01\n\n-1 basis:10\n");
    fclose(f);
    plt_dataset *d = NULL;
    plt_expect_ok(plt_dataset_read_file(path, 2, &d));
    assert_int_equal(plt_dataset_size(d), 4);
    plt_circuit *c = ry_cz(2, 0);
    plt_psum *o = NULL;
    plt_expect_ok(plt_psum_parse("Z0*Z1", 2, NULL, &o));
    for (int kind = PLT_LOSS_MSE; kind <= PLT_LOSS_XENT; kind++) {
        plt_train_loss *l = NULL;
        plt_expect_ok(plt_train_loss_new(c, o, NULL, d, (plt_loss_kind)kind, "auto", NULL, &l));
        double x[2] = {1.3, -1.2}, g[2], fv, acc;
        plt_expect_ok(plt_train_loss_accuracy(l, x, &acc));
        plt_optimizer *opt = NULL;
        plt_optimizer_config cfg;
        plt_optimizer_config_init(&cfg);
        cfg.lr = 0.1;
        plt_expect_ok(plt_optimizer_new(&plt_optimizer_adam, 2, &cfg, &opt));
        size_t step = 0;
        plt_train_opts to = {.steps = 300};
        plt_expect_ok(plt_train_run(opt, plt_train_loss_eval, l, x, &fv, g, 0, &step, &to));
        plt_expect_ok(plt_train_loss_accuracy(l, x, &acc));
        print_message("loss kind %d: %.6g, accuracy %.2f\n", kind, fv, acc);
        assert_true(acc == 1.0);
        assert_true(fv < (kind == PLT_LOSS_MSE ? 1e-3 : 0.05));
        plt_optimizer_free(opt);
        plt_train_loss_free(l);
    }
    /* Errors name the file, line and column. */
    f = fopen(path, "w");
    fprintf(f, "+1 basis:00\n2 basis:11\n");
    fclose(f);
    plt_dataset_free(d);
    d = NULL;
    char want[300];
    snprintf(want, sizeof want, "%s:2:1: label 2", path);
    plt_expect_error(plt_dataset_read_file(path, 2, &d), PLT_EINVAL, want);
    f = fopen(path, "w");
    fprintf(f, "+1 basis:00\n-1 basis:1x\n");
    fclose(f);
    snprintf(want, sizeof want, "%s:2:11:", path);
    plt_expect_error(plt_dataset_read_file(path, 2, &d), PLT_EPARSE, want);
    unlink(path);
    rmdir(dir);
    plt_psum_free(o);
    plt_circuit_free(c);
}


/* --state shadows:FILE through pauliprop and gsim: both read the same estimates, so they
 * agree with each other to rounding, and with the exact value within the data's error. */
static void test_shadow_states(void **unused) {
    (void)unused;
    const int n = 4;
    double bloch[12];
    for (int q = 0; q < n; q++) {
        bloch[3 * q] = 0.6, bloch[3 * q + 1] = 0.0, bloch[3 * q + 2] = 0.8;
    }
    plt_shadows *sh = NULL;
    plt_expect_ok(plt_shadows_sample_product(n, bloch, 20000, 11, &sh));
    char path[] = "/tmp/plt_sh_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    plt_expect_ok(plt_shadows_write_file(sh, path));
    plt_shadows_free(sh);
    char spec[64];
    snprintf(spec, sizeof spec, "shadows:%s", path);
    plt_state *s = NULL, *exact = NULL;
    plt_expect_ok(plt_state_parse(spec, n, "test", &s));
    plt_expect_ok(plt_state_new_product(n, bloch, &exact));
    plt_circuit *c = NULL;
    plt_pstring *g = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    plt_expect_ok(plt_pstring_new(n, &g));
    int ka, kb;
    plt_expect_ok(plt_circuit_add_param(c, "a", 0, &ka));
    plt_expect_ok(plt_circuit_add_param(c, "b", 0, &kb));
    for (int q = 0; q + 1 < n; q++) {
        plt_expect_ok(plt_pstring_set(g, q, 'Z'));
        plt_expect_ok(plt_pstring_set(g, q + 1, 'Z'));
        plt_expect_ok(plt_circuit_add_rotation(c, g, ka, 1, 0));
        plt_expect_ok(plt_pstring_set(g, q, 'I'));
        plt_expect_ok(plt_pstring_set(g, q + 1, 'I'));
    }
    for (int q = 0; q < n; q++) {
        plt_expect_ok(plt_pstring_set(g, q, 'X'));
        plt_expect_ok(plt_circuit_add_rotation(c, g, kb, 1, 0));
        plt_expect_ok(plt_pstring_set(g, q, 'I'));
    }
    plt_psum *o = NULL;
    plt_expect_ok(plt_psum_parse("Z0*Z1 + Z2*Z3", n, NULL, &o));
    double x[2] = {0.4, 0.7}, v[3], gr[3][2];
    const char *eng[3] = {"pauliprop", "gsim", "pauliprop"};
    for (int k = 0; k < 3; k++) {
        plt_model m = {c, o, k < 2 ? s : exact};
        plt_engine *e = NULL;
        plt_expect_ok(plt_engine_plan(eng[k], &m, NULL, &e));
        plt_expect_ok(plt_engine_loss(e, x, &v[k], gr[k]));
        /* Re-evaluation (served from pauliprop's estimate cache) changes nothing. */
        double again, gagain[2];
        plt_expect_ok(plt_engine_loss(e, x, &again, gagain));
        assert_true(again == v[k] && gagain[0] == gr[k][0] && gagain[1] == gr[k][1]);
        /* A value computed from measured data is an estimate, whatever the engine. */
        assert_int_equal(plt_engine_exact(e), k == 2);
        plt_cost cost;
        plt_expect_ok(plt_engine_estimate(eng[k], &m, NULL, &cost));
        assert_true(k < 2 ? cost.exactness == PLT_ESTIMATED : cost.exactness == PLT_EXACT);
        plt_engine_free(e);
    }
    print_message("shadows: pauliprop %.6f gsim %.6f exact %.6f\n", v[0], v[1], v[2]);
    plt_expect_close(v[0], v[1], 0, 1e-10);
    plt_expect_close(gr[0][0], gr[1][0], 0, 1e-10);
    plt_expect_close(v[0], v[2], 0, 0.1);
    double pv;
    plt_pstring *zz = NULL;
    plt_expect_ok(plt_pstring_parse("Z0*Z1", n, NULL, &zz));
    plt_expect_ok(plt_state_pauli_expect(exact, zz, &pv));
    plt_expect_close(pv, 0.64, 0, 1e-15);
    plt_expect_ok(plt_state_pauli_expect(s, zz, &pv));
    plt_expect_close(pv, 0.64, 0, 0.1);
    plt_pstring_free(zz);
    plt_psum_free(o);
    plt_pstring_free(g);
    plt_circuit_free(c);
    plt_state_free(s);
    plt_state_free(exact);
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_local_8),
        cmocka_unit_test(test_local_64),
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_shadow_states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
