/* labels: cli unit
 * Adding an engine is one ops table: a toy engine registered from this file (the statevector's
 * ops under another name, with a setting of its own) shows up in check's routes, in the
 * options and --help of every engine-running command, and its setting is validated by its
 * table with its name in the message. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "engines/engine_ops.h"
#include "plateau/plateau.h"
#include "support/test.h"

extern const plt_engine_ops plt_engine_statevector;

static char out[1 << 16], err[1 << 12];
static double knob_seen = -1;

static const plt_setting_info toy_settings[] = {
    {"toy-knob", PLT_SETTING_INT, 2, 1, 9, "K", "toy: a knob from 1 to 9"},
};

static plt_status toy_plan(void **state, const plt_model *m, const plt_opts *o) {
    knob_seen = plt_settings_value(o ? o->settings : NULL, &toy_settings[0]);
    return plt_engine_statevector.plan(state, m, o);
}

static plt_engine_ops toy;

/* The line with every "@" replaced by the source tree's path (PLT_SOURCE_DIR, set by CTest). */
static int cli(const char *line) {
    char buf[1024], *argv[32], expanded[1024] = "";
    const char *src = getenv("PLT_SOURCE_DIR");
    for (const char *p = line; *p; p++) {
        size_t len = strlen(expanded);
        if (*p == '@')
            snprintf(expanded + len, sizeof expanded - len, "%s", src ? src : ".");
        else if (len + 1 < sizeof expanded)
            expanded[len] = *p, expanded[len + 1] = 0;
    }
    int argc = 0;
    snprintf(buf, sizeof buf, "plateau %s", expanded);
    for (char *t = strtok(buf, " "); t && argc < 31; t = strtok(NULL, " ")) argv[argc++] = t;
    argv[argc] = NULL;
    return plt_test_capture(plt_cli_main, argc, argv, out, sizeof out, err, sizeof err);
}

static void test_toy_everywhere(void **state) {
    (void)state;
    static const char *const commands[] = {"simulate", "check", "bp", "train", "report"};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        char line[64];
        snprintf(line, sizeof line, "%s --help", commands[i]);
        assert_int_equal(cli(line), 0);
        if (!strstr(out, "--toy-knob K") || !strstr(out, "toy: a knob from 1 to 9")) {
            print_error("plateau %s --help lacks the toy engine's setting:\n%s\n", commands[i],
                        out);
            fail();
        }
    }
    /* Its setting reaches it. */
    assert_int_equal(cli("simulate @/tests/cli/data/rx.qasm --obs Z0 --params 0.3 --engine "
                         "toy --toy-knob 7"), 0);
    plt_expect_close(knob_seen, 7, 0, 0);
    assert_non_null(strstr(out, "0.955336489125"));
    /* Out of range: one line naming the engine and what it accepts. */
    assert_int_equal(cli("simulate @/tests/cli/data/rx.qasm --obs Z0 --params 0.3 --engine "
                         "toy --toy-knob 12"), 1);
    assert_non_null(strstr(err, "--toy-knob: toy-knob 12 is outside what the toy engine accepts"));
    assert_non_null(strstr(err, "from 1 to 9"));
    assert_int_equal(cli("simulate @/tests/cli/data/rx.qasm --obs Z0 --engine toy "
                         "--toy-knob 2.5"), 1);
    assert_non_null(strstr(err, "toy engine accepts (a whole number"));
    /* check sees it as a route, and the engine list names it. */
    assert_int_equal(cli("check @/tests/cli/data/rx.qasm --obs Z0 --params 0.3 --json"), 0);
    assert_non_null(strstr(out, "{\"engine\": \"toy\", \"applies\": true"));
    assert_int_equal(cli("--help"), 0);
    assert_non_null(strstr(out, "toy"));
}

int main(void) {
    toy = plt_engine_statevector;
    toy.name = "toy";
    toy.plan = toy_plan;
    toy.settings = toy_settings;
    toy.nsettings = 1;
    if (plt_engine_register(&toy)) {
        print_error("cannot register the toy engine: %s\n", plt_error_last()->message);
        return 1;
    }
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_toy_everywhere)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
