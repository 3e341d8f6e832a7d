/* labels: unit
 * The report's sentences and table cells are computed from its rows: a fabricated report,
 * then the same report with one family's data changed, and the text must follow. */
#include "analysis/report_data.h"
#include "plateau/plateau.h"
#include "support/test.h"

static void expect_has(const char *text, const char *needle) {
    if (!strstr(text, needle)) {
        print_error("want '%s' in:\n%s\n", needle, text);
        fail();
    }
}

static void expect_lacks(const char *text, const char *needle) {
    if (strstr(text, needle)) {
        print_error("do not want '%s' in:\n%s\n", needle, text);
        fail();
    }
}

static void row(plt_report *r, const char *fam, int expect_bp, int bp) {
    plt_report_row *w = &r->rows[r->nrows++];
    memset(w, 0, sizeof *w);
    snprintf(w->family, sizeof w->family, "%s", fam);
    snprintf(w->theory, sizeof w->theory, "%s: %s (a paper)", fam,
             expect_bp ? "barren plateau" : "no barren plateau");
    w->expect_bp = expect_bp;
    w->bp = bp;
    snprintf(w->decision, sizeof w->decision, "%s",
             bp == 1 ? "exponential" : bp == 0 ? "polynomial" : "inconclusive");
    w->scan_min_n = 4;
    w->scan_max_n = 12;
    w->largest_n = 12;
    w->dla_dim = 144;
    w->dla_n = 12;
    w->dla_complete = 1;
    w->checked = 1;
    w->big_n = 200;
    w->check_budget = 2;
    w->value = w->error = w->error_bound = w->cross_error = NAN;
    w->certified = PLT_CERT_NONE;
}

/* fam-a: a barren plateau and no route; fam-b: none and exact by fermion; fam-c: none and
 * a truncated route whose error is not certified. */
static void fabricate(plt_report *r) {
    memset(r, 0, sizeof *r);
    plt_report_opts_init(&r->opts);
    rpt_resolve_opts(&r->opts, 1, &r->opts);
    r->nsizes = 5;
    for (int i = 0; i < 5; i++) r->sizes[i] = 4 + 2 * i;
    r->samples = 100;
    r->finished = 1;
    r->seconds = 4.5;
    row(r, "fam-a", 1, 1);
    row(r, "fam-b", 0, 0);
    plt_report_row *b = &r->rows[1];
    b->route_found = b->simulable = 1;
    b->certified = PLT_CERT_EXACT;
    snprintf(b->route, sizeof b->route, "fermion");
    snprintf(b->setting, sizeof b->setting, "exact");
    b->value = 0.25;
    b->error = b->error_bound = 0;
    b->largest_n = 200;
    row(r, "fam-c", 0, 0);
    plt_report_row *c = &r->rows[2];
    c->route_found = 1;
    snprintf(c->route, sizeof c->route, "pauliprop");
    snprintf(c->setting, sizeof c->setting, "min_abs=0.001 max_weight=8");
    c->value = -0.125;
    c->error = 8e-3;
    c->error_bound = 0.4;
}

static char *findings(const plt_report *r) {
    char *text = NULL;
    plt_expect_ok(plt_report_findings(r, &text));
    return text;
}

static void test_findings_follow_the_rows(void **state) {
    (void)state;
    plt_report *r = calloc(1, sizeof *r);
    assert_non_null(r);
    fabricate(r);
    char *t = findings(r);
    expect_has(t, "Barren plateau (the gradient variance decays exponentially over n = 4..12): "
                  "fam-a.");
    expect_has(t, "No barren plateau (polynomial decay, or growth, of the gradient variance): "
                  "fam-b and fam-c.");
    expect_has(t, "The fits agree with the literature for all 3 families scanned.");
    expect_has(t, "Classically simulable at n = 200 with a certified error (tolerance 0.01): "
                  "fam-b (fermion (exact)).");
    expect_has(t, "fam-c at n = 200: pauliprop (min_abs=0.001 max_weight=8) gives -0.125, "
                  "error not certified; estimated error 0.008");
    expect_has(t, "rigorous bound 0.4 over the tolerance 0.01: not counted as simulable.");
    expect_has(t, "No classical route at n = 200 within the verdict's budget: fam-a.");
    expect_has(t, "Without a barren plateau and certified simulable at n = 200: 1 of 2 "
                  "families; with a barren plateau: 0 of 1.");
    expect_has(t, "Took 4.5 s of a 60 s budget");
    expect_has(t, "every stage finished.");
    expect_has(t, "Quick mode: scans at n = 4..12 with 100 draws, verdicts at tolerance 0.01; "
                  "plateau report without --quick scans n = 4..16 with 200 draws, at tolerance "
                  "0.001, within 60 s by default.");
    plt_free(t);

    /* fam-c's truncation gets a certified bound: it joins the simulable families. */
    plt_report_row *c = &r->rows[2];
    c->simulable = 1;
    c->certified = PLT_CERT_WORST_CASE;
    c->error_bound = 2e-3;
    c->largest_n = 200;
    t = findings(r);
    expect_has(t, "(tolerance 0.01): fam-b (fermion (exact)) and fam-c (pauliprop, bound "
                  "0.002).");
    expect_lacks(t, "not certified");
    expect_has(t, "certified simulable at n = 200: 2 of 2 families");
    plt_free(t);

    /* fam-a's fit turns polynomial against its literature; fam-c's verdict did not finish. */
    r->rows[0].bp = 0;
    snprintf(r->rows[0].decision, sizeof r->rows[0].decision, "polynomial");
    snprintf(c->unfinished, sizeof c->unfinished, "verdict given 1 s, less than its share");
    r->opts.quick = 0;
    r->opts.budget_seconds = 7;
    t = findings(r);
    expect_lacks(t, "Barren plateau (the gradient");
    expect_has(t, "agree with the literature for 2 of the 3 families scanned; not for fam-a "
                  "(fam-a: barren plateau (a paper); the fit: polynomial).");
    expect_has(t, "Took 4.5 s of a 7 s budget; not finished: fam-c: verdict given 1 s, less "
                  "than its share.");
    expect_lacks(t, "every stage finished");
    expect_lacks(t, "Quick mode");
    plt_free(t);
    free(r);
}

static void test_table_cells(void **state) {
    (void)state;
    plt_report *r = calloc(1, sizeof *r);
    assert_non_null(r);
    fabricate(r);
    r->rows[0].rate = 0.671;
    r->rows[0].rate_se = 0.0097;
    char *brief = NULL, *full = NULL;
    plt_expect_ok(plt_report_table(r, 1, &brief));
    plt_expect_ok(plt_report_table(r, 0, &full));
    expect_has(brief, "| family | barren plateau | DLA dim | classical route | largest n |\n"
                      "|---|---|---|---|---|\n");
    expect_has(brief, "| fam-a | yes (exponential) | 144 (n=12) | none within budget | 12 |\n");
    expect_has(brief, "| fam-b | no (polynomial) | 144 (n=12) | fermion (exact) | 200 |\n");
    /* A route whose error is not certified does not reach n = 200 in the table. */
    expect_has(brief, "| fam-c | no (polynomial) | 144 (n=12) | pauliprop (error not "
                      "certified) | 12 |\n");
    expect_lacks(brief, "0.671");
    expect_has(full, "| fam-a | yes: exp(-0.671 n), +-0.0097 |");
    expect_has(full, "| pauliprop (error not certified) | 12 | 0 s | ~0.008 est., bound 0.4 |");
    plt_free(brief);
    plt_free(full);

    r->rows[2].cross_failed = 1;
    r->rows[1].checked = 0;
    r->rows[1].route_found = r->rows[1].simulable = 0;
    r->rows[1].largest_n = 12;
    plt_expect_ok(plt_report_table(r, 1, &brief));
    expect_has(brief, "| fam-b | no (polynomial) | 144 (n=12) | verdict not run | 12 |");
    expect_has(brief, "| fam-c | no (polynomial) | 144 (n=12) | pauliprop (cross-check "
                      "failed) | 12 |");
    plt_free(brief);
    free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_findings_follow_the_rows),
        cmocka_unit_test(test_table_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
