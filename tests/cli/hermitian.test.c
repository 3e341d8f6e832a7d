/* labels: cli bad
 * Hermitian observables, one gate: a non-real coefficient is refused where a model is made,
 * by every registered engine and "auto" (plt_engine_estimate, plt_engine_plan), by the fermion
 * engine itself when engine.c is bypassed, and by the CLI at the term's FILE:LINE:COL.
 * The circuit is the zoo's hva-tfim at 4 qubits, which the fermion engine plans, so its
 * refusal is about the observable and nothing else. */
#include <unistd.h>

#include "cli/cli.h"
#include "engines/engine_ops.h"
#include "plateau/plateau.h"
#include "support/test.h"

static const char *const BAD = "Z1*Z2 + (0+1j)*X0 - Z0*Z1";
static const char *const WHY = "the observable must be Hermitian: term X0 has coefficient 0+1i;";

static char fixture_buf[4][1024];
static const char *fixture(int slot, const char *name) {
    const char *root = getenv("PLT_SOURCE_DIR");
    snprintf(fixture_buf[slot], sizeof fixture_buf[slot], "%s/tests/cli/data/%s",
             root ? root : "../..", name);
    return fixture_buf[slot];
}

typedef struct fixture_model {
    plt_circuit *c;
    plt_psum *obs;
    plt_model m;
} fixture_model;

/* hva_tfim4.qasm with `obs` read by the plain parser, which keeps complex coefficients. */
static void load(fixture_model *f, const char *obs) {
    plt_expect_ok(plt_qasm_read_file(fixture(0, "hva_tfim4.qasm"), &f->c, NULL));
    plt_expect_ok(plt_psum_parse(obs, plt_circuit_nqubits(f->c), "test", &f->obs));
    f->m = (plt_model){f->c, f->obs, NULL};
}

static void unload(fixture_model *f) {
    plt_psum_free(f->obs);
    plt_circuit_free(f->c);
}

static int registered(const char *name) {
    for (size_t i = 0; i < plt_engine_count(); i++)
        if (strcmp(plt_engine_name(i), name) == 0) return 1;
    return 0;
}

static void test_every_engine_refuses(void **st) {
    (void)st;
    /* The engines whose different refusals (or silence) the gate replaced. */
    const char *must[] = {"statevector", "pauliprop", "gsim", "fermion", "lightcone"};
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        if (!registered(must[i])) {
            print_error("engine %s is not registered\n", must[i]);
            fail();
        }
    fixture_model f;
    load(&f, BAD);
    size_t ne = plt_engine_count();
    for (size_t i = 0; i <= ne; i++) {
        const char *name = i < ne ? plt_engine_name(i) : "auto";
        plt_cost cost;
        plt_engine *e = (plt_engine *)1;
        plt_error_clear();
        if (plt_engine_estimate(name, &f.m, NULL, &cost) != PLT_EINVAL ||
            !strstr(plt_error_last()->message, WHY)) {
            print_error("estimate by %s: '%s'\n", name, plt_error_last()->message);
            fail();
        }
        plt_error_clear();
        if (plt_engine_plan(name, &f.m, NULL, &e) != PLT_EINVAL ||
            !strstr(plt_error_last()->message, WHY)) {
            print_error("plan by %s: '%s'\n", name, plt_error_last()->message);
            fail();
        }
        assert_null(e);
        assert_string_equal(plt_error_last()->origin, "");
    }
    unload(&f);
}

/* Defence in depth: the fermion engine, called past engine.c's validation, refuses too
 * instead of reading the real parts alone. */
static void test_fermion_refuses_itself(void **st) {
    (void)st;
    const plt_engine_ops *ops = NULL;
    for (size_t i = 0; i < plt_engine_table_len; i++)
        if (strcmp(plt_engine_table[i]->name, "fermion") == 0) ops = plt_engine_table[i];
    assert_non_null(ops);
    fixture_model f;
    load(&f, BAD);
    plt_opts o;
    plt_opts_init(&o);
    plt_cost cost;
    void *state = NULL;
    plt_expect_error(ops->estimate(&f.m, &o, &cost), PLT_EINVAL, WHY);
    plt_expect_error(ops->plan(&state, &f.m, &o), PLT_EINVAL, WHY);
    assert_null(state);
    unload(&f);
}

/* The gate refuses nothing Hermitian: (1+1j)*X0 - (0+1j)*X0 is X0, (0.5+0j) is 0.5, and
 * the fermion engine gives the state vector's value for it. */
static void test_real_observable_plans(void **st) {
    (void)st;
    fixture_model f, g;
    load(&f, "(0.5+0j)*Z1*Z2 + (1+1j)*X0 - (0+1j)*X0 - Z0*Z1");
    load(&g, "0.5*Z1*Z2 + X0 - Z0*Z1");
    const double params[2] = {0.3, -0.7};
    double v[2];
    const char *names[2] = {"fermion", "statevector"};
    for (int k = 0; k < 2; k++) {
        plt_engine *e = NULL;
        plt_expect_ok(plt_engine_plan(names[k], &f.m, NULL, &e));
        assert_true(plt_engine_exact(e));
        plt_expect_ok(plt_engine_loss(e, params, &v[k], NULL));
        plt_engine_free(e);
    }
    plt_engine *e = NULL;
    double ref;
    plt_expect_ok(plt_engine_plan("statevector", &g.m, NULL, &e));
    plt_expect_ok(plt_engine_loss(e, params, &ref, NULL));
    plt_engine_free(e);
    plt_expect_close(v[0], ref, 1e-12, 1e-12);
    plt_expect_close(v[1], ref, 1e-12, 1e-12);
    /* Whatever else an engine says of this model, it is not about hermiticity. */
    for (size_t i = 0; i < plt_engine_count(); i++) {
        plt_cost cost;
        if (plt_engine_estimate(plt_engine_name(i), &f.m, NULL, &cost) != PLT_OK &&
            strstr(plt_error_last()->message, "Hermitian")) {
            print_error("%s: '%s'\n", plt_engine_name(i), plt_error_last()->message);
            fail();
        }
    }
    unload(&f);
    unload(&g);
}

typedef struct cli_result {
    int status;
    char out[1 << 14];
    char err[1 << 12];
} cli_result;

static cli_result *run_cli(const char *first, ...) {
    static cli_result r;
    char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)"plateau";
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    r.status = plt_test_capture(plt_cli_main, argc, argv, r.out, sizeof r.out, r.err,
                                sizeof r.err);
    return &r;
}

/* Status 1 and exactly one stderr line that starts with `prefix` and contains `needle`. */
static void expect_line(const cli_result *r, const char *prefix, const char *needle) {
    const char *nl = strchr(r->err, '\n');
    if (r->status != 1 || !nl || nl[1] != '\0' || strncmp(r->err, prefix, strlen(prefix)) != 0 ||
        !strstr(r->err, needle)) {
        print_error("status %d, stderr '%s' (want one line '%s...%s')\n", r->status, r->err,
                    prefix, needle);
        fail();
    }
}

static double json_value(const char *json) {
    const char *p = strstr(json, "\"value\": ");
    if (!p) {
        print_error("no value in %s\n", json);
        fail();
    }
    return strtod(p + 9, NULL);
}

static void test_cli(void **st) {
    (void)st;
    const char *qasm = fixture(0, "hva_tfim4.qasm");
    /* Line 2, column 15 of the file: "  - X0 - X1 + (0-0.5j)*X2 - X3". */
    const char *file = fixture(1, "nonhermitian.obs");
    char prefix[1100];
    snprintf(prefix, sizeof prefix, "%s:2:15: ", file);
    const char *engines[] = {"fermion", "auto"};
    for (int k = 0; k < 2; k++)
        expect_line(run_cli("simulate", qasm, "--obs-file", file, "--params", "0.3,0.2",
                            "--engine", engines[k], NULL),
                    prefix, "term X2 has coefficient 0-0.5i;");
    expect_line(run_cli("simulate", qasm, "--obs", BAD, "--params", "0.3,0.2", "--engine",
                        "fermion", NULL),
                "--obs:1:9: ", WHY);
    expect_line(run_cli("check", qasm, "--obs", BAD, NULL), "--obs:1:9: ", WHY);
    /* A Hermitian sum written with complex syntax runs and means what it says. */
    cli_result *r = run_cli("simulate", qasm, "--obs", "(0.5+0j)*X0 + (1+1j)*Z2 - (0+1j)*Z2",
                            "--params", "0.3,0.2", "--engine", "fermion", "--json", NULL);
    assert_int_equal(r->status, 0);
    double a = json_value(r->out);
    r = run_cli("simulate", qasm, "--obs", "0.5*X0 + Z2", "--params", "0.3,0.2", "--engine",
                "fermion", "--json", NULL);
    assert_int_equal(r->status, 0);
    plt_expect_close(a, json_value(r->out), 0, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_engine_refuses),
        cmocka_unit_test(test_fermion_refuses_itself),
        cmocka_unit_test(test_real_observable_plans),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
