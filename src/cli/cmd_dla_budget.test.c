/* labels: cli
 * `plateau dla --budget-seconds`: a closure of Pauli-sum generators far too large to finish
 * (the XXZ ansatz on 20 qubits) returns within its budget with the best it has, a lower
 * bound, and says so in text and JSON. Wall-time bounds scale with PLT_TIME_SCALE. */
#include <stdlib.h>

#include "cli/cli.h"
#include "plateau/plateau.h"
#include "support/test.h"

typedef struct cli_result {
    int status;
    double seconds;
    char out[1 << 14];
    char err[1 << 12];
} cli_result;

static cli_result *run_dla(const char *budget, int json) {
    static cli_result r;
    char *argv[] = {"plateau", "dla", "--model", "hva-xxz", "--qubits", "20", "--budget-seconds",
                    (char *)budget, json ? "--json" : NULL, NULL};
    int argc = json ? 9 : 8;
    double t0 = plt_clock_seconds();
    r.status = plt_test_capture(plt_cli_main, argc, argv, r.out, sizeof r.out, r.err,
                                sizeof r.err);
    r.seconds = plt_clock_seconds() - t0;
    if (r.status != 0) print_error("status %d, stderr: %s\n", r.status, r.err);
    return &r;
}

static void expect_has(const cli_result *r, const char *needle) {
    if (!strstr(r->out, needle)) {
        print_error("'%s' not in:\n%s\n", needle, r->out);
        fail();
    }
}

/* The budget is kept: 1 s asked, the answer within 1 s + 10 % + 2 s (generously scaled). */
static void test_budget_kept(void **state) {
    (void)state;
    cli_result *r = run_dla("1", 0);
    assert_int_equal(r->status, 0);
    expect_has(r, "dimension     >= ");
    expect_has(r, "raise --budget-seconds)");
    /* the work budget decides unless this machine is far slower than the documented rate */
    if (!strstr(r->out, "closure stopped at the work budget: ") &&
        !strstr(r->out, "closure stopped by the wall-clock guard"))
        fail_msg("no stop reason in:\n%s", r->out);
    double limit = (1 * 1.1 + 2) * plt_test_time_scale();
    if (r->seconds > limit) fail_msg("dla --budget-seconds 1 took %.2f s > %.2f s", r->seconds,
                                     limit);
    r = run_dla("1", 1);
    assert_int_equal(r->status, 0);
    expect_has(r, "\"complete\": false");
    expect_has(r, "\"dimension_lower_bound\": ");
    expect_has(r, "\"budget_seconds\": 1,");
    if (!strstr(r->out, "\"stopped_at\": \"work budget\"") &&
        !strstr(r->out, "\"stopped_at\": \"wall-clock guard\""))
        fail_msg("no stop reason in:\n%s", r->out);
    if (r->seconds > limit) fail_msg("dla --json took %.2f s > %.2f s", r->seconds, limit);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
