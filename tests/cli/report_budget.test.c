/* labels: cli slow
 * The report keeps its budget: `plateau report --budget-seconds 3` (the full report needs
 * far more) returns within 3 s + 10 % + 2 s (scaled by PLT_TIME_SCALE for sanitizer builds)
 * and names what it did not finish; a progress callback sees every stage and can stop the
 * report, which still writes what it did. */
#include <ftw.h>
#include <unistd.h>

#include "cli/cli.h"
#include "plateau/plateau.h"
#include "support/test.h"

static char out_buf[1 << 17], err_buf[1 << 14];

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void test_budget_kept(void **state) {
    (void)state;
    char dir[] = "/tmp/plateau-budget-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    const double budget = 3;
    char *argv[] = {"plateau", "report", "--out", dir, "--budget-seconds", "3", "--json", NULL};
    double t0 = plt_clock_seconds();
    int status = plt_test_capture(plt_cli_main, 7, argv, out_buf, sizeof out_buf, err_buf,
                                  sizeof err_buf);
    double took = plt_clock_seconds() - t0, allowed = (budget * 1.1 + 2) * plt_test_time_scale();
    if (status != 0) {
        print_error("status %d: %s\n", status, err_buf);
        fail();
    }
    if (took > allowed) {
        print_error("the report took %.2f s with a budget of %g s (allowed %.2f s)\n", took,
                    budget, allowed);
        fail();
    }
    /* The full report's scans to n = 16 do not fit in 3 s: it says so. */
    assert_non_null(strstr(out_buf, "\"finished\": false"));
    assert_non_null(strstr(out_buf, "\"unfinished\": \""));
    snprintf(path, sizeof path, "%s/report.md", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char md[1 << 18];
    size_t len = fread(md, 1, sizeof md - 1, f);
    md[len] = 0;
    fclose(f);
    assert_non_null(strstr(md, "Took "));
    assert_non_null(strstr(md, "of a 3 s budget; not finished: "));
    assert_non_null(strstr(md, "A larger --budget-seconds runs them."));
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

typedef struct seen {
    int calls, stop_at;
    char first[128], last[128];
} seen;

static int record(void *ctx, const plt_progress *p) {
    seen *s = ctx;
    s->calls++;
    assert_non_null(p->what);
    if (s->calls == 1) snprintf(s->first, sizeof s->first, "%s", p->what);
    snprintf(s->last, sizeof s->last, "%s", p->what);
    return s->stop_at && s->calls >= s->stop_at;
}

static void test_progress_and_stop(void **state) {
    (void)state;
    char dir[] = "/tmp/plateau-stop-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    plt_report *r = calloc(1, sizeof *r);
    assert_non_null(r);
    plt_report_opts o;
    plt_report_opts_init(&o);
    o.quick = 1;
    seen s = {0, 3, "", ""};
    o.progress_fn = record;
    o.progress_ctx = &s;
    /* The third report stage is the second family's scan: stop there. */
    plt_status st = plt_report_run(dir, &o, r);
    assert_int_equal(st, PLT_EINTERRUPTED);
    assert_string_equal(s.first, "report: scan of hea-global");
    assert_int_equal(r->interrupted, 1);
    assert_int_equal(r->finished, 0);
    assert_true(r->rows[0].checked || strstr(r->rows[0].unfinished, "stopped on request"));
    assert_non_null(strstr(r->rows[1].unfinished, "stopped on request before the scan"));
    assert_non_null(strstr(r->rows[5].unfinished, "stopped on request before the scan"));
    snprintf(path, sizeof path, "%s/report.md", dir);
    assert_int_equal(access(path, R_OK), 0);

    /* Without a stop, every stage is announced, the last being the writing. */
    seen all = {0, 0, "", ""};
    o.progress_ctx = &all;
    plt_expect_ok(plt_report_run(dir, &o, r));
    assert_true(all.calls >= 13); /* 6 scans, 6 verdicts, the writing */
    assert_string_equal(all.last, "report: writing and plotting");
    assert_int_equal(r->interrupted, 0);
    free(r);
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_kept),
        cmocka_unit_test(test_progress_and_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
