/* labels: unit cli
 * The JSON writer, byte for byte: separators and nesting, number forms (NaN and infinities
 * as null, %.17g round trips), string escapes, and a misplaced key aborting. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/test.h"

#include "cli/json.h"

typedef struct sink {
    FILE *f;
    char text[4096];
} sink;

static cli_json *open_sink(sink *s, cli_json *w) {
    s->f = tmpfile();
    assert_non_null(s->f);
    cli_json_init(w, s->f);
    return w;
}

/* What was written, NUL-terminated; closes the file. */
static const char *sink_text(sink *s) {
    rewind(s->f);
    size_t n = fread(s->text, 1, sizeof s->text - 1, s->f);
    s->text[n] = '\0';
    fclose(s->f);
    return s->text;
}

static void test_nesting_and_separators(void **state) {
    (void)state;
    sink s;
    cli_json w;
    open_sink(&s, &w);
    cli_json_begin_object(&w, NULL);
    cli_json_str(&w, "file", "a.qasm");
    cli_json_int(&w, "qubits", -3);
    cli_json_uint(&w, "seed", 18446744073709551615ULL);
    cli_json_bool(&w, "exact", 1);
    cli_json_bool(&w, "failed", 0);
    cli_json_null(&w, "none");
    cli_json_str(&w, "missing", NULL);
    cli_json_begin_array(&w, "routes");
    cli_json_begin_object(&w, NULL);
    cli_json_num(&w, "cost", 2.5);
    cli_json_end_object(&w);
    cli_json_begin_object(&w, NULL);
    cli_json_end_object(&w);
    cli_json_begin_array(&w, NULL);
    cli_json_int(&w, NULL, 1);
    cli_json_int(&w, NULL, 2);
    cli_json_end_array(&w);
    cli_json_end_array(&w);
    cli_json_begin_array(&w, "empty");
    cli_json_end_array(&w);
    cli_json_begin_object(&w, "inner");
    cli_json_begin_object(&w, "deeper");
    cli_json_str(&w, "k", "v");
    cli_json_end_object(&w);
    cli_json_end_object(&w);
    cli_json_end_object(&w);
    assert_string_equal(sink_text(&s),
                        "{\"file\": \"a.qasm\", \"qubits\": -3, \"seed\": 18446744073709551615, "
                        "\"exact\": true, \"failed\": false, \"none\": null, \"missing\": null, "
                        "\"routes\": [{\"cost\": 2.5}, {}, [1, 2]], \"empty\": [], "
                        "\"inner\": {\"deeper\": {\"k\": \"v\"}}}\n");
}

/* Outermost values other than objects end the line too, and one writer may write several. */
static void test_outermost_values(void **state) {
    (void)state;
    sink s;
    cli_json w;
    open_sink(&s, &w);
    cli_json_begin_array(&w, NULL);
    cli_json_end_array(&w);
    cli_json_num(&w, NULL, 1);
    cli_json_str(&w, NULL, "x");
    assert_string_equal(sink_text(&s), "[]\n1\n\"x\"\n");
}

static void test_numbers(void **state) {
    (void)state;
    sink s;
    cli_json w;
    open_sink(&s, &w);
    cli_json_begin_array(&w, NULL);
    cli_json_num(&w, NULL, NAN);
    cli_json_num(&w, NULL, -NAN);
    cli_json_num(&w, NULL, INFINITY);
    cli_json_num(&w, NULL, -INFINITY);
    cli_json_num(&w, NULL, 0.1);
    cli_json_num(&w, NULL, -0.0);
    cli_json_num(&w, NULL, 3);
    cli_json_num(&w, NULL, 1e300);
    cli_json_num(&w, NULL, 5e-324);
    cli_json_end_array(&w);
    const char *t = sink_text(&s);
    assert_string_equal(t, "[null, null, null, null, 0.10000000000000001, -0, 3, "
                           "1.0000000000000001e+300, 4.9406564584124654e-324]\n");
    /* %.17g reads back as the same double */
    assert_true(strtod("0.10000000000000001", NULL) == 0.1);
    assert_true(strtod("4.9406564584124654e-324", NULL) == 5e-324);
}

static void test_string_escapes(void **state) {
    (void)state;
    sink s;
    cli_json w;
    open_sink(&s, &w);
    cli_json_begin_object(&w, NULL);
    cli_json_str(&w, "quote\"key", "say \"hi\" \\ back");
    cli_json_str(&w, "controls", "a\nb\tc\rd\x01\x1f\x7f");
    cli_json_str(&w, "utf8", "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    cli_json_str(&w, "empty", "");
    cli_json_end_object(&w);
    assert_string_equal(sink_text(&s),
                        "{\"quote\\\"key\": \"say \\\"hi\\\" \\\\ back\", "
                        "\"controls\": \"a\\nb\\tc\\u000dd\\u0001\\u001f\x7f\", "
                        "\"utf8\": \"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\", \"empty\": \"\"}\n");
}

/* Bytes that are not UTF-8 (Latin-1, cut sequences, overlong forms, surrogates, above
 * U+10FFFF) become U+FFFD, one per byte, and never swallow the closing quote. */
static void test_invalid_utf8(void **state) {
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"caf\xe9", "\"caf\\ufffd\"\n"},
        {"\xe2\x82", "\"\\ufffd\\ufffd\"\n"},
        {"\xe2\x82x", "\"\\ufffd\\ufffdx\"\n"},
        {"\xc0\xaf", "\"\\ufffd\\ufffd\"\n"},
        {"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"\n"},
        {"\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"\n"},
        {"\xff\"", "\"\\ufffd\\\"\"\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sink s;
        cli_json w;
        open_sink(&s, &w);
        cli_json_str(&w, NULL, cases[i].in);
        const char *t = sink_text(&s);
        if (strcmp(t, cases[i].out) != 0) {
            print_error("case %zu: got %s want %s", i, t, cases[i].out);
            fail();
        }
    }
}

/* Status of a child that runs fn on a writer to /dev/null: a signal number, or -exit code. */
static int child_status(void (*fn)(cli_json *)) {
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *null = fopen("/dev/null", "w");
        if (!null) _exit(3);
        cli_json w;
        cli_json_init(&w, null);
        fn(&w);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFSIGNALED(status) ? WTERMSIG(status) : -WEXITSTATUS(status);
}

static void key_in_array(cli_json *w) {
    cli_json_begin_array(w, NULL);
    cli_json_int(w, "k", 1);
}
static void no_key_in_object(cli_json *w) {
    cli_json_begin_object(w, NULL);
    cli_json_int(w, NULL, 1);
}
static void mismatched_end(cli_json *w) {
    cli_json_begin_object(w, NULL);
    cli_json_end_array(w);
}
static void too_deep(cli_json *w) {
    for (int i = 0; i <= CLI_JSON_MAX_DEPTH; i++) cli_json_begin_array(w, NULL);
}
static void well_formed(cli_json *w) {
    cli_json_begin_object(w, NULL);
    cli_json_begin_array(w, "a");
    cli_json_end_array(w);
    cli_json_end_object(w);
}

static void test_misuse_aborts(void **state) {
    (void)state;
    assert_int_equal(child_status(well_formed), 0);
    assert_int_equal(child_status(key_in_array), SIGABRT);
    assert_int_equal(child_status(no_key_in_object), SIGABRT);
    assert_int_equal(child_status(mismatched_end), SIGABRT);
    assert_int_equal(child_status(too_deep), SIGABRT);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nesting_and_separators),
        cmocka_unit_test(test_outermost_values),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_string_escapes),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_misuse_aborts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
