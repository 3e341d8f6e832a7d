/* labels: unit
 * The report's gnuplot script: literal labels (nothing read as a subscript), axes fitted to
 * the data (not 1e-16 to 1e-2 for data near 1e-2), one line per family and engine; and,
 * where gnuplot is installed, the figures it draws from it. */
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/report_data.h"
#include "plateau/plateau.h"
#include "support/test.h"

static plt_bp_result *scan(const double *var, size_t count) {
    plt_bp_result *b = calloc(1, sizeof *b);
    assert_non_null(b);
    b->points = calloc(count, sizeof *b->points);
    assert_non_null(b->points);
    b->npoints = count;
    for (size_t i = 0; i < count; i++) {
        plt_bp_point *p = &b->points[i];
        p->n = 4 + 2 * (int)i;
        snprintf(p->engine, sizeof p->engine, "lightcone");
        p->grad_mean.var = var[i];
        p->grad_mean.lo = 0.8 * var[i];
        p->grad_mean.hi = 1.25 * var[i];
        p->dla_pred = NAN;
    }
    return b;
}

static void cost(rpt_data *d, size_t fam, const char *engine, int n, double seconds) {
    rpt_cost *c = &d->costs[d->ncost++];
    c->family = fam;
    snprintf(c->engine, sizeof c->engine, "%s", engine);
    c->n = n;
    c->seconds = seconds;
}

static void step(rpt_data *d, size_t fam, double min_abs, double change, double bound) {
    plt_trunc_step *s = &d->ladder[fam][d->nladder[fam]];
    memset(s, 0, sizeof *s);
    s->step = (int)d->nladder[fam]++;
    snprintf(s->engine, sizeof s->engine, "pauliprop");
    snprintf(s->setting, sizeof s->setting, "min-abs=%g", min_abs);
    s->change = change;
    s->bound = bound;
}

/* fam-a and fam-b scanned (variances 1e-3..1e-1), fam-c's truncation ladder near 1e-2
 * (tolerance 1e-2), and fam-a's ladder whose changes are all 0 (nothing to draw). */
static void fabricate(rpt_data *d, plt_report *out) {
    memset(d, 0, sizeof *d);
    memset(out, 0, sizeof *out);
    d->out = out;
    plt_report_opts_init(&out->opts);
    rpt_resolve_opts(&out->opts, 1, &out->opts);
    static const char *const fams[3] = {"fam-a", "fam-b", "fam-c"};
    for (int i = 0; i < 3; i++) {
        snprintf(out->rows[i].family, sizeof out->rows[i].family, "%s", fams[i]);
        out->rows[i].big_n = 200;
    }
    out->nrows = 3;
    static const double va[3] = {1e-1, 1e-2, 1e-3}, vb[3] = {5e-2, 4e-2, 3e-2};
    d->scans[0] = scan(va, 3);
    d->scans[1] = scan(vb, 3);
    /* The same engine in two families, and two engines in one family. */
    cost(d, 0, "lightcone", 4, 1e-5);
    cost(d, 0, "lightcone", 6, 2e-5);
    cost(d, 0, "lightcone", 8, 4e-5);
    cost(d, 1, "lightcone", 4, 3e-4);
    cost(d, 1, "lightcone", 6, 1e-4);
    cost(d, 1, "fermion", 8, 1e-5);
    cost(d, 1, "fermion", 200, 2e-2);
    cost(d, 0, "pauliprop", 200, 1e-1);
    step(d, 2, 1e-2, NAN, 0.05);
    step(d, 2, 3e-3, 0.03, 0.02);
    step(d, 2, 1e-3, 0.012, 0.011);
    step(d, 0, 1e-2, NAN, NAN);
    step(d, 0, 3e-3, 0, NAN);
}

/* The text of the png part of the figure `name`: from its `set output` to the next one. */
static char *section(const char *script, const char *name) {
    char head[64];
    snprintf(head, sizeof head, "set output '%s.png'", name);
    const char *a = strstr(script, head);
    if (!a) {
        print_error("no %s in the script:\n%s\n", head, script);
        fail();
        return NULL;
    }
    const char *b = strstr(a + 1, "set output");
    size_t len = b ? (size_t)(b - a) : strlen(a);
    char *s = calloc(len + 1, 1);
    assert_non_null(s);
    memcpy(s, a, len);
    return s;
}

/* The two numbers of `set NAME [a:b]` in text. */
static void range_of(const char *text, const char *name, double *a, double *b) {
    char pat[32];
    snprintf(pat, sizeof pat, "set %s [", name);
    const char *p = strstr(text, pat);
    if (!p) {
        print_error("no '%s' in:\n%s\n", pat, text);
        fail();
        return;
    }
    assert_int_equal(sscanf(p + strlen(pat), "%lf:%lf", a, b), 2);
}

static int count(const char *text, const char *needle) {
    int k = 0;
    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle)) k++;
    return k;
}

static void test_script(void **state) {
    (void)state;
    rpt_data *d = calloc(1, sizeof *d);
    plt_report *out = calloc(1, sizeof *out);
    assert_non_null(d);
    assert_non_null(out);
    fabricate(d, out);
    char *g = NULL;
    int figures = 0;
    plt_expect_ok(rpt_plot_script(d, &g, &figures));
    assert_int_equal(figures, 7);
    /* Literal text: every terminal is noenhanced, so "dtheta_k" is read as written, not as
     * a subscript. */
    assert_int_equal(count(g, "set terminal "), 2);
    assert_int_equal(count(g, "noenhanced\n"), 4); /* in each terminal line and termoption */
    assert_non_null(strstr(g, "set xlabel 'ladder step"));
    assert_non_null(strstr(g, "Var[dL/dtheta_k]"));
    assert_null(strstr(g, "\\_"));
    assert_null(strstr(g, "{/"));

    /* The truncation plot fits its data (changes 0.012..0.03, bounds 0.011..0.05 and the
     * tolerance 0.01) within a factor of 3, its steps loosest first (1, 2, 3). */
    char *t = section(g, "truncation");
    double a, b;
    range_of(t, "yrange", &a, &b);
    if (!(a <= 0.01 && a >= 0.01 / 3 && b >= 0.05 && b <= 0.05 * 3)) {
        print_error("truncation yrange [%g:%g] does not fit [0.01, 0.05]\n%s\n", a, b, t);
        fail();
    }
    range_of(t, "xrange", &a, &b);
    assert_true(a < b && a >= 0 && a <= 1 && b >= 3 && b <= 4);
    assert_non_null(strstr(t, "set xtics (1, 2, 3)"));
    /* fam-a's ladder changed by 0: it is not drawn (no 1e-17 stand-in). */
    assert_null(strstr(t, "fam-a"));
    assert_int_equal(count(t, "'truncation.dat' index"), 2); /* fam-c's change and bound */
    assert_non_null(strstr(t, "0.01 with lines"));
    free(t);

    char *v = section(g, "variance");
    range_of(v, "yrange", &a, &b);
    assert_true(a <= 0.8e-3 && a >= 0.8e-3 / 3 && b >= 0.125 && b <= 0.125 * 3);
    free(v);

    /* One line per family and engine: the lightcone points of fam-a and fam-b are two
     * lines, and fam-b's fermion points a third; four in all. */
    char *c = section(g, "cost");
    assert_int_equal(count(c, "'cost.dat' index"), 4);
    static const char *const titles[4] = {"'fam-a: lightcone'", "'fam-a: pauliprop'",
                                          "'fam-b: fermion'", "'fam-b: lightcone'"};
    for (int i = 0; i < 4; i++) assert_int_equal(count(c, titles[i]), 1);
    range_of(c, "yrange", &a, &b);
    assert_true(a <= 1e-5 && a >= 1e-5 / 3 && b >= 0.1 && b <= 0.3);
    assert_non_null(strstr(c, "set xtics (4, 6, 8, 200)"));
    free(c);
    free(g);

    /* Without a ladder to draw, no truncation figure. */
    d->nladder[2] = 0;
    plt_expect_ok(rpt_plot_script(d, &g, &figures));
    assert_int_equal(figures, 3);
    assert_null(strstr(g, "truncation"));
    free(g);
    rpt_data_free(d);
    free(d);
    free(out);
}

/* A moment scan beside fam-a's sampled one (exact points at 16..64, no width): the variance
 * figure draws it as its own dashed line over the whole range of sizes, and the report's
 * details list its points as moment propagation beside the sampled table. */
static void test_moment_scan(void **state) {
    (void)state;
    rpt_data *d = calloc(1, sizeof *d);
    plt_report *out = calloc(1, sizeof *out);
    assert_non_null(d);
    assert_non_null(out);
    fabricate(d, out);
    static const double vm[4] = {2e-2, 1e-2, 5e-3, 2.5e-3};
    plt_bp_result *m = scan(vm, 4);
    for (size_t i = 0; i < 4; i++) {
        plt_bp_point *p = &m->points[i];
        p->n = 8 << i;
        p->route = i ? PLT_BP_MOMENTS : PLT_BP_EXACT; /* one size sampled: not drawn */
        snprintf(p->engine, sizeof p->engine, "%s", i ? "moments" : "lightcone");
        p->moments_cert = PLT_MOMENTS_EXACT;
        p->grad_mean.lo = p->grad_mean.hi = p->grad_mean.var;
    }
    d->mscans[0] = m;
    out->rows[0].moments_min_n = 16;
    out->rows[0].moments_max_n = 64;
    snprintf(out->rows[0].sample_decision, sizeof out->rows[0].sample_decision, "polynomial");
    char *g = NULL;
    int figures = 0;
    plt_expect_ok(rpt_plot_script(d, &g, &figures));
    char *v = section(g, "variance");
    assert_int_equal(count(v, "'variance.dat' index"), 3);
    assert_int_equal(count(v, "'fam-a: moments'"), 1);
    double a, b;
    range_of(v, "xrange", &a, &b);
    assert_true(a <= 4 && b >= 64);
    free(v);
    free(g);
    char dir[] = "/tmp/plateau-moments-XXXXXX", path[512];
    assert_non_null(mkdtemp(dir));
    plt_expect_ok(rpt_write(dir, d));
    snprintf(path, sizeof path, "%s/report.md", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char md[1 << 16];
    size_t len = fread(md, 1, sizeof md - 1, f);
    md[len] = 0;
    fclose(f);
    assert_non_null(strstr(md, "Moment propagation"));
    assert_int_equal(count(md, "| moments (exact) |"), 3);
    assert_non_null(strstr(md, "the sampled scan's is polynomial"));
    unlink(path);
    snprintf(path, sizeof path, "%s/report.html", dir);
    unlink(path);
    rmdir(dir);
    rpt_data_free(d);
    free(d);
    free(out);
}

/* gnuplot draws the figures from the script without a warning. */
static void test_gnuplot(void **state) {
    (void)state;
    rpt_data *d = calloc(1, sizeof *d);
    plt_report *out = calloc(1, sizeof *out);
    assert_non_null(d);
    assert_non_null(out);
    fabricate(d, out);
    char dir[] = "/tmp/plateau-plot-XXXXXX", note[256] = "", path[512];
    assert_non_null(mkdtemp(dir));
    int figures = rpt_plot(dir, d, note, sizeof note);
    rpt_data_free(d);
    free(d);
    free(out);
    if (strstr(note, "not installed")) {
        rmdir(dir);
        print_message("gnuplot is not installed: %s\n", note);
        skip();
    }
    if (figures != 7) {
        print_error("figures %d, note '%s'\n", figures, note);
        fail();
    }
    static const char *const files[] = {"variance.png", "variance.svg", "cost.png", "cost.svg",
                                        "truncation.png", "truncation.svg", "variance.dat",
                                        "cost.dat", "truncation.dat", "plots.gp",
                                        "gnuplot.log"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        struct stat sb;
        assert_int_equal(stat(path, &sb), 0);
        if (!strcmp(files[i], "gnuplot.log") && sb.st_size != 0) {
            print_error("gnuplot said something (%s)\n", path);
            fail();
        }
        if (strcmp(files[i], "gnuplot.log")) assert_true(sb.st_size > 0);
        unlink(path);
    }
    rmdir(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_script),
        cmocka_unit_test(test_moment_scan),
        cmocka_unit_test(test_gnuplot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
