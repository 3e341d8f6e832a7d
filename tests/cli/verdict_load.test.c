/* labels: cli slow
 * The verdict is decided on predicted cost, so the same input gives the same route, setting
 * and status with the machine idle or with every core busy (busy loops run beside the second
 * run here). Also: check's exit codes through the real CLI, and calibrate --dry-run. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "plateau/plateau.h"
#include "support/test.h"

static char out[1 << 16], err[1 << 14];

/* Runs `plateau LINE`, with every "%B" replaced by `budget`. */
static int cli_budget(const char *line, double budget) {
    char expanded[1024] = "";
    for (const char *p = line; *p; p++) {
        size_t len = strlen(expanded);
        if (p[0] == '%' && p[1] == 'B') {
            snprintf(expanded + len, sizeof expanded - len, "%g", budget);
            p++;
        } else if (len + 1 < sizeof expanded) {
            expanded[len] = *p;
            expanded[len + 1] = 0;
        }
    }
    char buf[1024], *argv[64];
    int argc = 0;
    snprintf(buf, sizeof buf, "plateau %s", expanded);
    for (char *t = strtok(buf, " "); t && argc < 63; t = strtok(NULL, " ")) argv[argc++] = t;
    argv[argc] = NULL;
    return plt_test_capture(plt_cli_main, argc, argv, out, sizeof out, err, sizeof err);
}

static int cli(const char *line) { return cli_budget(line, 1); }

/* The text of a JSON string field "key": "..." into buf ("" when absent or null). */
static void field(const char *json, const char *key, char *buf, size_t cap) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": \"", key);
    const char *p = strstr(json, pat), *routes = strstr(json, "\"routes\"");
    buf[0] = 0;
    if (!p || (routes && p > routes)) return; /* the verdict's own fields come first */
    p += strlen(pat);
    size_t i = 0;
    while (p[i] && p[i] != '"' && i + 1 < cap) buf[i] = p[i], i++;
    buf[i] = 0;
}

static atomic_int stop_busy;

static void *busy(void *arg) {
    (void)arg;
    volatile double x = 1;
    while (!atomic_load(&stop_busy)) x = x * 1.0000001 + 1e-9;
    return NULL;
}

typedef struct verdict_words {
    int status;
    char engine[64], setting[128], word[64], certified[64];
} verdict_words;

static void run(const char *line, verdict_words *v) {
    v->status = cli_budget(line, 8);
    field(out, "engine", v->engine, sizeof v->engine);
    field(out, "setting", v->setting, sizeof v->setting);
    field(out, "status", v->word, sizeof v->word);
    field(out, "certified", v->certified, sizeof v->certified);
    print_message("%s -> exit %d, %s, %s (%s), %s\n", line, v->status, v->word, v->engine,
                  v->setting, v->certified);
}

static void test_same_verdict_idle_and_loaded(void **state) {
    (void)state;
    static const char *const lines[] = {
        "check --model qcnn --qubits 64 --tolerance 1e-2 --budget-seconds %B --json",
        "check --model hea-small-angle --qubits 100 --tolerance 1e-2 --budget-seconds %B --json",
        "check --model hva-tfim --qubits 60 --budget-seconds %B --json",
        "check --model sn-equivariant --qubits 30 --budget-seconds %B --json",
    };
    const size_t nl = sizeof lines / sizeof lines[0];
    verdict_words idle[4], loaded[4];
    for (size_t i = 0; i < nl; i++) run(lines[i], &idle[i]);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int nb = ncpu > 0 && ncpu < 64 ? (int)ncpu : 2;
    pthread_t th[64];
    atomic_store(&stop_busy, 0);
    for (int t = 0; t < nb; t++) assert_int_equal(pthread_create(&th[t], NULL, busy, NULL), 0);
    for (size_t i = 0; i < nl; i++) run(lines[i], &loaded[i]);
    atomic_store(&stop_busy, 1);
    for (int t = 0; t < nb; t++) pthread_join(th[t], NULL);
    for (size_t i = 0; i < nl; i++) {
        assert_int_equal(idle[i].status, loaded[i].status);
        assert_string_equal(idle[i].engine, loaded[i].engine);
        assert_string_equal(idle[i].setting, loaded[i].setting);
        assert_string_equal(idle[i].word, loaded[i].word);
        assert_string_equal(idle[i].certified, loaded[i].certified);
    }
    /* The exit status says the verdict: 0 simulable, 3 not certified. */
    assert_int_equal(idle[2].status, 0);
    assert_string_equal(idle[2].word, "simulable");
    assert_string_equal(idle[2].certified, "exact");
}

/* The wrong "simulable": all-to-all permutation-invariant circuit at 100 qubits, two
 * layers, parameters given, no reduced instance: the truncation's bound is far above the
 * tolerance, so the answer is "not certified" with exit 3, never "simulable". */
static void test_perm_invariant_not_claimed(void **state) {
    (void)state;
    char path[] = "/tmp/plt_perm_XXXXXX.qasm";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[100] q;\n");
    const double a[2] = {0.7, -0.4}, b[2] = {0.3, 0.25}, c[2] = {-0.9, 1.1};
    for (int l = 0; l < 2; l++) {
        for (int i = 0; i < 100; i++) fprintf(f, "rx(%g) q[%d];\n", a[l], i);
        for (int i = 0; i < 100; i++)
            for (int j = i + 1; j < 100; j++) fprintf(f, "rzz(%g) q[%d], q[%d];\n", b[l], i, j);
        for (int i = 0; i < 100; i++) fprintf(f, "ry(%g) q[%d];\n", c[l], i);
    }
    fclose(f);
    char line[512];
    /* The truncated routes are what is tested: the exact Dicke-basis engine takes this model. */
    snprintf(line, sizeof line, "check %s --obs Z0*Z1+Z2*Z3+X5 --budget-seconds %%B "
             "--skip-engines symmetric,mps --json", path);
    verdict_words v;
    run(line, &v);
    unlink(path);
    /* 3 "not certified" when a bound beat the trivial one, else 2 "no route". */
    assert_true(v.status == 3 || v.status == 2);
    assert_string_equal(v.word, v.status == 3 ? "not certified" : "no route");
    assert_string_equal(v.certified, "none");
    assert_non_null(strstr(out, "\"simulable\": false"));
}

/* check keeps its budget at any size: the 200-qubit S_n-equivariant model (200 layers, 4
 * million rotations) with 8 s returns within 8 s + 10 % + 2 s (scaled by PLT_TIME_SCALE),
 * simulable by the symmetric engine. */
static void test_check_budget_cli(void **state) {
    (void)state;
    double scale = plt_test_time_scale();
    double t0 = plt_clock_seconds();
    /* The budget scales with the build's rates (the sanitizer build's are 8 times slower). */
    int status = cli_budget("check --model sn-equivariant --qubits 200 --budget-seconds %B --json",
                            8 * scale);
    double took = plt_clock_seconds() - t0;
    print_message("check sn-equivariant 200, budget 8 s: %.2f s, exit %d\n", took, status);
    /* The Dicke-basis engine simulates it exactly within the budget. */
    assert_int_equal(status, 0);
    assert_true(took <= (8 * 1.1 + 2) * scale);
}

static void test_calibrate_dry_run(void **state) {
    (void)state;
    assert_int_equal(cli("calibrate --dry-run"), 0);
    for (int k = 0; k < PLT_RATE_COUNT; k++)
        assert_non_null(strstr(out, plt_rate_name((plt_rate_kind)k)));
    assert_null(strstr(out, "written to"));
    assert_int_equal(cli("calibrate --show"), 0);
    assert_non_null(strstr(out, "rates from"));
}

int main(void) {
    /* The verdict must not depend on a calibration file this machine happens to have. */
    setenv("PLT_CALIBRATION", "default", 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_verdict_idle_and_loaded),
        cmocka_unit_test(test_perm_invariant_not_claimed),
        cmocka_unit_test(test_check_budget_cli),
        cmocka_unit_test(test_calibrate_dry_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
