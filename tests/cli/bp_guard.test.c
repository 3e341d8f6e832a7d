/* labels: cli slow
 * The wall-clock guard of `plateau bp`, a safety net only: a calibration file that makes
 * Pauli propagation look 10^5 times faster than it is (PLT_CALIBRATION, read once per process,
 * so this is its own executable) makes the scan plan truncations far past its budget. The
 * guard stops the size whose prediction was off, marks it skipped with the reason, keeps the
 * sizes done, and the scan returns within T + 10 % + 2 s (scaled by PLT_TIME_SCALE). */
#include <unistd.h>

#include "cli/cli.h"
#include "plateau/plateau.h"
#include "support/test.h"

static char out_buf[1 << 17], err_buf[1 << 14];
static char calib[] = "/tmp/plateau-bp-guard-XXXXXX";

static void test_guard_stops_a_wrong_prediction(void **state) {
    (void)state;
    char *argv[] = {"plateau", "bp", "qcnn", "--sizes", "4,8,32", "--samples", "200",
                    "--budget-seconds", "2", "--method", "sample", "--json", NULL};
    double t0 = plt_clock_seconds();
    int status = plt_test_capture(plt_cli_main, 12, argv, out_buf, sizeof out_buf, err_buf,
                                  sizeof err_buf);
    double took = plt_clock_seconds() - t0, allowed = (2 * 1.1 + 2) * plt_test_time_scale();
    if (status != 0) {
        print_error("status %d: %s\n", status, err_buf);
        fail();
    }
    if (took > allowed) {
        print_error("bp took %.2f s with a budget of 2 s (allowed %.2f s)\n", took, allowed);
        fail();
    }
    /* The calibration was read: the file is the source of the rates. */
    assert_string_equal(plt_rate_source(), calib);
    /* n = 4 is done before the guard; n = 32 (a truncation ladder sized by the false rate)
     * is stopped by it, and here n = 8 too (exact pauliprop, predicted at microseconds), unless
     * the machine is fast enough to finish it within the guard's 2 s. */
    const char *p4 = strstr(out_buf, "{\"n\": 4,"), *p8 = strstr(out_buf, "{\"n\": 8,");
    const char *p32 = strstr(out_buf, "{\"n\": 32,");
    assert_non_null(p4);
    assert_non_null(p8);
    assert_non_null(p32);
    assert_non_null(strstr(p4, "\"route\": \"exact\""));
    assert_true(strstr(p4, "wall-clock guard") > p8);
    assert_non_null(strstr(p32, "\"route\": \"skipped\""));
    assert_non_null(strstr(p32, "wall-clock guard"));
    assert_non_null(strstr(out_buf, "stopped at the wall-clock guard: the prediction was off"));
    int eight = strstr(p8, "\"route\": \"skipped\"") < p32;
    assert_non_null(strstr(out_buf, eight ? "\"skipped\": 2, \"points\""
                                          : "\"skipped\": 1, \"points\""));
    assert_non_null(strstr(out_buf, eight ? "decision from 1 size" : "decision from 2 sizes"));
}

int main(void) {
    int fd = mkstemp(calib);
    if (fd < 0) return 1;
    /* pauliprop 10^5 times its default rate; the others at theirs, over the time scale of a
     * slower (sanitizer) build, as tests/sanitizer_rates.txt has them. */
    char line[128];
    for (int k = 0; k < PLT_RATE_COUNT; k++) {
        double r = plt_rate_default((plt_rate_kind)k) / plt_test_time_scale();
        if (k == PLT_RATE_PP_TERM_OP) r = 1e5 * plt_rate_default(PLT_RATE_PP_TERM_OP);
        int len = snprintf(line, sizeof line, "%s %g\n", plt_rate_name((plt_rate_kind)k), r);
        if (write(fd, line, (size_t)len) != len) return 1;
    }
    close(fd);
    setenv("PLT_CALIBRATION", calib, 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guard_stops_a_wrong_prediction),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    unlink(calib);
    return failed;
}
