/* labels: cli
 * `plateau train --resume` through the CLI in-process: a checkpoint carries its optimiser
 * and learning rate, so a resume that names another one is refused (one line, status 1)
 * instead of silently running the saved one; a resume without them continues the saved
 * optimiser exactly as an uninterrupted run would. */
#include <unistd.h>

#include "cli/cli.h"
#include "plateau/plateau.h"
#include "support/test.h"

typedef struct tr_result {
    int status;
    char out[1 << 14];
    char err[1 << 12];
} tr_result;

static tr_result *tr_run(char **args) {
    static tr_result r;
    char *argv[40];
    int argc = 0;
    argv[argc++] = (char *)"plateau";
    for (int i = 0; args[i] && argc < 39; i++) argv[argc++] = args[i];
    argv[argc] = NULL;
    r.status = plt_test_capture(plt_cli_main, argc, argv, r.out, sizeof r.out, r.err,
                                sizeof r.err);
    return &r;
}

static char circuit[1024], ckpt[256], dir[64];

/* `plateau train three.qasm --obs ... --steps STEPS --json` followed by `extra` (NULL-ended). */
static tr_result *train(const char *steps, const char *const *extra) {
    char *args[32] = {"train", circuit, "--obs", "Z1 + 0.5*X2", "--steps", (char *)steps,
                      "--json"};
    int k = 7;
    for (int i = 0; extra[i]; i++) args[k++] = (char *)extra[i];
    args[k] = NULL;
    return tr_run(args);
}

static void expect_ok(const tr_result *r) {
    if (r->status != 0 || r->err[0]) {
        print_error("status %d, stderr: %s\nstdout: %s\n", r->status, r->err, r->out);
        fail();
    }
}

/* Status 1 and stderr exactly `want` on one line. */
static void expect_fail(const tr_result *r, const char *want) {
    char line[1200];
    snprintf(line, sizeof line, "%s\n", want);
    if (r->status != 1 || strcmp(r->err, line) != 0) {
        print_error("status %d, stderr '%s' (want status 1 and '%s')\n", r->status, r->err, want);
        fail();
    }
}

/* The text of the JSON value after `"key": ` up to the next ", \"" or '}'. */
static void json_field(const char *json, const char *key, char *buf, size_t cap) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *p = strstr(json, pat);
    if (!p) {
        print_error("no %s in %s\n", pat, json);
        fail();
    }
    p += strlen(pat);
    size_t len = *p == '[' ? strcspn(p, "]") + 1 : strcspn(p, ",}");
    snprintf(buf, cap, "%.*s", (int)(len < cap ? len : cap - 1), p);
}

static int setup(void **state) {
    (void)state;
    const char *root = getenv("PLT_SOURCE_DIR");
    snprintf(circuit, sizeof circuit, "%s/tests/cli/data/three.qasm", root ? root : "../..");
    snprintf(dir, sizeof dir, "/tmp/plateau-resume-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(ckpt, sizeof ckpt, "%s/run.ckpt", dir);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    unlink(ckpt);
    rmdir(dir);
    return 0;
}

/* Three L-BFGS steps into a checkpoint; the file names its optimiser. */
static void write_lbfgs_checkpoint(void) {
    unlink(ckpt);
    const char *const extra[] = {"--optimizer", "lbfgs", "--checkpoint", ckpt, NULL};
    tr_result *r = train("3", extra);
    expect_ok(r);
    FILE *f = fopen(ckpt, "r");
    assert_non_null(f);
    char text[256] = "";
    size_t got = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[got] = '\0';
    assert_non_null(strstr(text, "\noptimizer lbfgs\n"));
    assert_non_null(strstr(text, "\nstep 3\n"));
}

static void test_other_optimizer_refused(void **state) {
    (void)state;
    write_lbfgs_checkpoint();
    char want[600];
    static const char *const others[] = {"adam", "sgd"};
    for (int i = 0; i < 2; i++) {
        const char *const extra[] = {"--resume", ckpt, "--optimizer", others[i], NULL};
        snprintf(want, sizeof want,
                 "--resume: %s was written by lbfgs; --optimizer %s differs: drop --optimizer "
                 "or pass --optimizer lbfgs",
                 ckpt, others[i]);
        expect_fail(train("6", extra), want);
    }
    /* The option order does not matter. */
    const char *const before[] = {"--optimizer", "adam", "--resume", ckpt, NULL};
    snprintf(want, sizeof want,
             "--resume: %s was written by lbfgs; --optimizer adam differs: drop --optimizer or "
             "pass --optimizer lbfgs",
             ckpt);
    expect_fail(train("6", before), want);
    /* The learning rate is the checkpoint's too (0.01 unless given when it was written). */
    const char *const lr[] = {"--resume", ckpt, "--lr", "0.5", NULL};
    snprintf(want, sizeof want,
             "--resume: %s was written with --lr 0.01; --lr 0.5 differs: drop --lr or pass "
             "--lr 0.01",
             ckpt);
    expect_fail(train("6", lr), want);
    /* A refused resume leaves the checkpoint as it was. */
    FILE *f = fopen(ckpt, "r");
    assert_non_null(f);
    char text[256] = "";
    size_t got = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[got] = '\0';
    assert_non_null(strstr(text, "\nstep 3\n"));
}

/* Without --optimizer (or with the same one) the resume runs L-BFGS and lands where six
 * uninterrupted L-BFGS steps do, bit for bit. */
static void test_resume_continues_saved_optimizer(void **state) {
    (void)state;
    const char *const straight_extra[] = {"--optimizer", "lbfgs", NULL};
    tr_result *r = train("6", straight_extra);
    expect_ok(r);
    char straight[2048], got[2048];
    json_field(r->out, "parameters", straight, sizeof straight);
    json_field(r->out, "steps", got, sizeof got);
    assert_string_equal(got, "6");

    for (int i = 0; i < 3; i++) {
        write_lbfgs_checkpoint();
        const char *const variants[3][7] = {
            {"--resume", ckpt, NULL},
            {"--resume", ckpt, "--optimizer", "lbfgs", NULL},
            {"--resume", ckpt, "--optimizer", "lbfgs", "--lr", "0.01", NULL},
        };
        const char *const *extra = variants[i];
        r = train("6", extra);
        expect_ok(r);
        json_field(r->out, "optimizer", got, sizeof got);
        assert_string_equal(got, "\"lbfgs\"");
        json_field(r->out, "steps", got, sizeof got);
        assert_string_equal(got, "6");
        json_field(r->out, "parameters", got, sizeof got);
        assert_string_equal(got, straight);
    }
}

/* --threads reaches the engine: the same run on one thread and on two gives the same
 * parameters (the engines' results do not depend on the thread count here); a negative
 * count is refused. */
static void test_threads(void **state) {
    (void)state;
    char one[2048], two[2048];
    const char *const t1[] = {"--threads", "1", "--engine", "pauliprop", NULL};
    tr_result *r = train("4", t1);
    expect_ok(r);
    json_field(r->out, "parameters", one, sizeof one);
    const char *const t2[] = {"--threads", "2", "--engine", "pauliprop", NULL};
    r = train("4", t2);
    expect_ok(r);
    json_field(r->out, "parameters", two, sizeof two);
    assert_string_equal(one, two);
    const char *const bad[] = {"--threads", "-1", NULL};
    r = train("4", bad);
    assert_int_equal(r->status, 1);
    assert_non_null(strstr(r->err, "--threads"));
}

/* The help says what a resume does with --optimizer and --lr. */
static void test_help(void **state) {
    (void)state;
    char *args[] = {"train", "--help", NULL};
    tr_result *r = tr_run(args);
    expect_ok(r);
    const char *o = strstr(r->out, "  --optimizer "), *lr = strstr(r->out, "  --lr "),
               *res = strstr(r->out, "  --resume F ");
    assert_true(o && lr && res);
    assert_non_null(strstr(o, "a resume keeps the checkpoint's)\n  --steps"));
    assert_non_null(strstr(lr, "a resume keeps the checkpoint's)\n  --seed"));
    assert_non_null(strstr(res, "another --optimizer or --lr is an error\n"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_other_optimizer_refused),
        cmocka_unit_test(test_resume_continues_saved_optimizer),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_help),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
