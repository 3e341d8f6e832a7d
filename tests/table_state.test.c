/* labels: agree
 * Tables of measured expectation values ("expect:FILE"): the reader and its messages, and
 * pauliprop and gsim fed a table of a state's exact values against statevector on that
 * state; a table that lacks a needed string fails with its name. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plateau/plateau.h"
#include "support/test.h"

static char tmp_path[256];
static const char *write_text(const char *text) {
    snprintf(tmp_path, sizeof tmp_path, "/tmp/plt-table-%d.txt", (int)getpid());
    FILE *f = fopen(tmp_path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return tmp_path;
}

static plt_status parse_table(const char *text, int n, plt_state **s) {
    char spec[300];
    snprintf(spec, sizeof spec, "expect:%s", write_text(text));
    return plt_state_parse(spec, n, "--state", s);
}

static void test_reader(void **state) {
    (void)state;
    plt_state *s = NULL;
    plt_expect_ok(parse_table("# measured on a device\nZ0*Z1 0.5\n\nXIY -0.25 # dense form\n"
                              "III 1\n", 3, &s));
    assert_int_equal(plt_state_kind_of(s), PLT_STATE_TABLE);
    assert_int_equal(plt_state_table_size(s), 3);
    plt_pstring *p = NULL;
    double v;
    plt_expect_ok(plt_pstring_parse("X0*Y2", 3, NULL, &p));
    plt_expect_ok(plt_state_pauli_expect(s, p, &v));
    plt_expect_close(v, -0.25, 0, 0);
    plt_pstring_free(p);
    plt_expect_ok(plt_pstring_parse("Z1", 3, NULL, &p));
    plt_expect_error(plt_state_pauli_expect(s, p, &v), PLT_EUNSUPPORTED, "has no value for Z1");
    plt_pstring_free(p);
    plt_state_free(s);

    static const struct { const char *text; plt_status code; const char *msg; } bad[] = {
        {"Z0 0.1\nQ1 0.2\n", PLT_EPARSE, ":2:1: 'Q1' is not a Pauli string of 2 qubits"},
        {"Z0 0.1\nZ5 0.2\n", PLT_EINVAL, ":2:1: 'Z5' is not a Pauli string of 2 qubits"},
        {"Z0\n", PLT_EPARSE, ":1:3: no value after the string"},
        {"Z0 abc\n", PLT_EPARSE, ":1:4: 'abc' is not a finite number"},
        {"Z0 0.1 0.01\n", PLT_EPARSE, ":1:8: more than a string and a value"},
        {"Z0 1.5\n", PLT_EINVAL, ":1:4: 1.5 is not the expectation value"},
        {"II 0.5\n", PLT_EINVAL, "identity has expectation value 1, not 0.5"},
        {"Z0 0.1\nZI 0.2\n", PLT_EINVAL, ":2:1: 'ZI' is given twice"},
        {"# nothing\n", PLT_EINVAL, "the table has no values"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        plt_expect_error(parse_table(bad[i].text, 2, &s), bad[i].code, bad[i].msg);
        assert_null(s);
    }
    plt_expect_error(plt_state_parse("expect:/nonexistent", 2, "--state", &s), PLT_EIO,
                     "cannot read '/nonexistent'");
    (void)unlink(tmp_path);
}

/* The TFIM ansatz on 3 qubits (so(6), every string of the algebra is measured). */
static plt_circuit *tfim_circuit(int n, int layers) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    int np = 0;
    for (int l = 0; l < layers; l++)
        for (int k = 0; k < 2 * n - 1; k++) {
            char name[16];
            snprintf(name, sizeof name, "t%d", np);
            int idx;
            plt_expect_ok(plt_circuit_add_param(c, name, 0.0, &idx));
            plt_pstring *p = NULL;
            plt_expect_ok(plt_pstring_new(n, &p));
            if (k < n) {
                plt_expect_ok(plt_pstring_set(p, k, 'X'));
            } else {
                plt_expect_ok(plt_pstring_set(p, k - n, 'Z'));
                plt_expect_ok(plt_pstring_set(p, k - n + 1, 'Z'));
            }
            plt_expect_ok(plt_circuit_add_rotation(c, p, idx, 1.0, 0.0));
            plt_pstring_free(p);
            np++;
        }
    return c;
}

static void test_engines_from_a_table(void **state) {
    (void)state;
    const int n = 3;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    double amps[16], norm = 0;
    for (int i = 0; i < 16; i++) {
        amps[i] = 2 * plt_test_rng_uniform(&r) - 1;
        norm += amps[i] * amps[i];
    }
    for (int i = 0; i < 16; i++) amps[i] /= sqrt(norm);
    plt_state *vec = NULL;
    plt_expect_ok(plt_state_new_vector(n, amps, &vec));
    /* The exact values of all 63 non-identity strings, as a device would report them. */
    char *text = malloc(64 * 64);
    size_t len = 0;
    static const char letters[] = "IXYZ";
    for (int code = 1; code < 64; code++) {
        char dense[4] = {letters[code & 3], letters[(code >> 2) & 3], letters[code >> 4], 0};
        plt_pstring *p = NULL;
        double v;
        plt_expect_ok(plt_pstring_parse(dense, n, NULL, &p));
        plt_expect_ok(plt_state_pauli_expect(vec, p, &v));
        len += (size_t)snprintf(text + len, 64 * 64 - len, "%s %.17g\n", dense, v);
        plt_pstring_free(p);
    }
    plt_state *tab = NULL;
    plt_expect_ok(parse_table(text, n, &tab));
    assert_int_equal(plt_state_table_size(tab), 63);

    plt_circuit *c = tfim_circuit(n, 2);
    const int np = plt_circuit_nparams(c);
    double params[10];
    for (int k = 0; k < np; k++) params[k] = 2 * plt_test_rng_uniform(&r) - 1;
    plt_psum *obs = NULL;
    plt_expect_ok(plt_psum_parse("0.7*Z0*Z1 - 0.4*X2", n, NULL, &obs));
    plt_opts o;
    plt_opts_init(&o);
    plt_model mv = {c, obs, vec}, mt = {c, obs, tab};
    plt_engine *e = NULL;
    double want, wgrad[10];
    plt_expect_ok(plt_engine_plan("statevector", &mv, &o, &e));
    plt_expect_ok(plt_engine_loss(e, params, &want, wgrad));
    plt_engine_free(e);
    static const char *engines[] = {"pauliprop", "gsim"};
    for (int k = 0; k < 2; k++) {
        double loss, grad[10];
        plt_expect_ok(plt_engine_plan(engines[k], &mt, &o, &e));
        assert_int_equal(plt_engine_exact(e), 0); /* measured data: an estimate */
        plt_expect_ok(plt_engine_loss(e, params, &loss, grad));
        plt_expect_close(loss, want, 0, 1e-12);
        for (int j = 0; j < np; j++) plt_expect_close(grad[j], wgrad[j], 0, 1e-10);
        plt_engine_free(e);
    }
    plt_cost cost;
    plt_expect_error(plt_engine_estimate("statevector", &mt, &o, &cost), PLT_EUNSUPPORTED,
                     "not a table of measured values");
    plt_state_free(tab);

    /* Half the table: both engines name a string they need and give no value. */
    text[len / 2] = '\0';
    *strrchr(text, '\n') = '\0';
    plt_expect_ok(parse_table(text, n, &tab));
    mt.state = tab;
    double loss;
    plt_expect_ok(plt_engine_plan("pauliprop", &mt, &o, &e));
    plt_expect_error(plt_engine_loss(e, params, &loss, NULL), PLT_EUNSUPPORTED,
                     "has no value for");
    plt_engine_free(e);
    plt_expect_error(plt_engine_plan("gsim", &mt, &o, &e), PLT_EUNSUPPORTED, "has no value for");
    plt_state_free(tab);
    plt_state_free(vec);
    plt_psum_free(obs);
    plt_circuit_free(c);
    free(text);
    (void)unlink(tmp_path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader),
        cmocka_unit_test(test_engines_from_a_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
