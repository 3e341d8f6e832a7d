/* labels: cli
 * `plateau dla` called in-process: the classification answers when only the dimension and
 * type are asked for, the closure when a basis is needed, both with the same dimension. */
#include <unistd.h>

#include "cli/cli.h"
#include "plateau/plateau.h"
#include "support/test.h"

typedef struct cli_result {
    int status;
    char out[1 << 16];
    char err[1 << 12];
} cli_result;

/* Runs `plateau dla args...` (NULL-terminated) with stdout and stderr captured. */
static cli_result *run_dla(const char *first, ...) {
    static cli_result r;
    char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)"plateau";
    argv[argc++] = (char *)"dla";
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    r.status = plt_test_capture(plt_cli_main, argc, argv, r.out, sizeof r.out, r.err,
                                sizeof r.err);
    if (r.status != 0) print_error("status %d, stderr: %s\n", r.status, r.err);
    return &r;
}

static void expect_has(const cli_result *r, const char *needle) {
    if (!strstr(r->out, needle)) {
        print_error("'%s' not in:\n%s\n", needle, r->out);
        fail();
    }
}

/* TFIM open chain on 6 qubits: so(12), dimension 6 * 11 = 66, by classification; the
 * closure (asked for through --basis) agrees. */
static void test_tfim(void **state) {
    (void)state;
    const char *gens = "X0, X1, X2, X3, X4, X5, Z0*Z1, Z1*Z2, Z2*Z3, Z3*Z4, Z4*Z5";
    cli_result *r = run_dla("--generators", gens, "--json", NULL);
    assert_int_equal(r->status, 0);
    expect_has(r, "\"dimension\": 66,");
    expect_has(r, "\"method\": \"classification\"");
    expect_has(r, "\"algebra\": \"so(12)\"");
    expect_has(r, "\"ideals\": [66]");
    r = run_dla("--generators", gens, "--json", "--basis", NULL);
    assert_int_equal(r->status, 0);
    expect_has(r, "\"dimension\": 66,");
    expect_has(r, "\"method\": \"closure\"");
    expect_has(r, "\"algebra\": \"so(12)\"");
    r = run_dla("--generators", gens, NULL);
    assert_int_equal(r->status, 0);
    expect_has(r, "dimension     66\n");
    expect_has(r, "algebra       so(12)\n");
}

/* Copies and a centre: su(2) on qubit 0 times {1, Z1, Z2, Z1 Z2}, plus the central X3. */
static void test_copies(void **state) {
    (void)state;
    cli_result *r = run_dla("--generators", "X0, Z0, Z0*Z1, Z0*Z2, X3", "--json", NULL);
    assert_int_equal(r->status, 0);
    expect_has(r, "\"dimension\": 13,");
    expect_has(r, "\"algebra\": \"4*su(2) + u(1)\"");
    expect_has(r, "\"centre_dimension\": 1,");
    expect_has(r, "\"ideals\": [3, 3, 3, 3]");
}

/* A Pauli-sum generator takes the closure; su(2^n) at n = 40 only the classification. */
static void test_fallback_and_scale(void **state) {
    (void)state;
    cli_result *r = run_dla("--generators", "(X0 + X1), Z0*Z1", "--json", NULL);
    assert_int_equal(r->status, 0);
    expect_has(r, "\"method\": \"closure\"");
    char gens[4096] = "";
    for (int i = 0; i < 40; i++) {
        char t[64];
        snprintf(t, sizeof t, "%sX%d, Y%d", i ? ", " : "", i, i);
        strcat(gens, t);
        if (i + 1 < 40) {
            snprintf(t, sizeof t, ", Z%d*Z%d", i, i + 1);
            strcat(gens, t);
        }
    }
    r = run_dla("--generators", gens, NULL);
    assert_int_equal(r->status, 0);
    expect_has(r, "su(2^n)       yes");
    expect_has(r, "algebra       su(2^40)\n");
    /* --max-dim caps only the closure */
    r = run_dla("--generators", "X0, Z0*Z1, X1", "--max-dim", "2", "--json", NULL);
    assert_int_equal(r->status, 0);
    expect_has(r, "\"dimension\": 6,");
    expect_has(r, "\"complete\": true");
}

/* Writes an n-qubit circuit of `layers` layers of RY and RZ on every qubit (one parameter
 * each) and a CZ ring to path. */
static void write_hea(const char *path, int n, int layers) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[%d] q;\n", n);
    for (int l = 0; l < layers; l++)
        for (int q = 0; q < n; q++)
            fprintf(f, "input float y%d_%d;\ninput float z%d_%d;\n", l, q, l, q);
    for (int l = 0; l < layers; l++) {
        for (int q = 0; q < n; q++)
            fprintf(f, "ry(y%d_%d) q[%d];\nrz(z%d_%d) q[%d];\n", l, q, q, l, q, q);
        for (int q = 0; q < n; q++) fprintf(f, "cz q[%d], q[%d];\n", q, (q + 1) % n);
    }
    fclose(f);
}

/* The "dimension" of a JSON report. */
static double json_dim(const cli_result *r) {
    const char *d = strstr(r->out, "\"dimension\": ");
    assert_non_null(d);
    return strtod(d + 13, NULL);
}

/* A circuit file: its generators (after the CZs are absorbed) are Pauli strings, so the
 * classification answers and agrees with the closure (so(16) at n = 4, sp at n = 5); at
 * 40 qubits only it can answer, so(2^40) as at the even n the closure reaches. */
static void test_circuit_file(void **state) {
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/plateau_dla_%d.qasm", (int)getpid());
    for (int n = 4; n <= 5; n++) {
        write_hea(path, n, 2);
        cli_result *r = run_dla(path, "--json", NULL);
        assert_int_equal(r->status, 0);
        expect_has(r, "\"method\": \"classification\"");
        const double dim = json_dim(r);
        r = run_dla(path, "--json", "--basis", NULL);
        assert_int_equal(r->status, 0);
        expect_has(r, "\"method\": \"closure\"");
        plt_expect_close(json_dim(r), dim, 0, 0);
        if (n == 4) expect_has(r, "\"algebra\": \"so(16)\"");
    }
    write_hea(path, 40, 2);
    cli_result *r = run_dla(path, NULL);
    assert_int_equal(r->status, 0);
    expect_has(r, "algebra       so(2^40)\n");
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tfim),
        cmocka_unit_test(test_copies),
        cmocka_unit_test(test_fallback_and_scale),
        cmocka_unit_test(test_circuit_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
