/* The report: the zoo across sizes, scans, verdicts, plots and the summary table. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/error.h"
#include "plateau/scan.h"
#include "plateau/verdict.h"
#include "plateau/zoo.h"

typedef struct zoo_ctx {
    const char *family;
    const int *sizes;
    int layers;
    double eps;
    uint64_t seed;
} zoo_ctx;

static plt_status build_zoo(void *ctx, size_t i, plt_circuit **c, plt_psum **obs, double *range) {
    const zoo_ctx *z = ctx;
    plt_zoo_model zm = {0};
    plt_status st = plt_zoo_build(z->family, z->sizes[i], z->layers, z->seed, z->eps, &zm);
    if (st) return st;
    *c = zm.circuit;
    *obs = zm.obs;
    *range = zm.param_range;
    return PLT_OK;
}

plt_status plt_bp_scan_zoo(const char *family, const int *sizes, size_t count, int layers,
                           double eps, const plt_bp_opts *o, plt_bp_result **out) {
    if (!family || !sizes) return plt_fail(PLT_EINVAL, "scan: NULL family or sizes");
    zoo_ctx z = {family, sizes, layers, eps, o ? o->seed : 1};
    return plt_bp_scan(build_zoo, &z, count, o, out);
}

/* ---------- the report ---------- */

/* Families of the report; big_layers (0: the family default) sets the depth of the large-n
 * instance. Every family runs at its default depth: declaring the parameters of a deep
 * instance is linear in their number (hash index in src/circuit/params.c), and the routes
 * found (fermion, pauliprop) do not need a shallower circuit. */
static const struct {
    const char *name;
    int big_layers;
    const char *theory;
} report_families[] = {
    {"hea-global", 0, "global cost on a deep HEA: barren plateau (Cerezo et al. 2021)"},
    {"hea-local", 0, "local cost at log depth: no barren plateau (Cerezo et al. 2021)"},
    {"qcnn", 0, "QCNN: no barren plateau (Pesah et al. 2021)"},
    {"hva-tfim", 0, "HVA with a small DLA: no barren plateau (Larocca et al. 2022)"},
    {"xy-matchgate", 0, "matchgates: DLA so(2n), free fermions (Diaz et al. 2023)"},
    {"hea-small-angle", 0, "small-angle initialisation: no barren plateau (Zhang et al. 2022)"},
};
#define REPORT_NFAM (sizeof report_families / sizeof report_families[0])

static double wall(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void plt_report_opts_init(plt_report_opts *o) {
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->big_n = 200;
    o->tolerance = 1e-3;
    o->check_budget = 30;
}

static double *draws(int np, double range, uint64_t seed) {
    double *p = calloc((size_t)np + 1, sizeof *p);
    if (!p) return NULL;
    uint64_t s = seed * 0x2545f4914f6cdd1dULL + 17;
    for (int k = 0; k < np; k++) {
        uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        p[k] = range * (2 * ((double)(z >> 11) * 0x1.0p-53) - 1);
    }
    return p;
}

/* The large-n verdict of one family, cross-checked at 8 qubits. */
static plt_status family_check(const char *fam, int n, int layers, const plt_report_opts *o,
                               plt_verdict *v) {
    plt_zoo_model big = {0}, small = {0};
    double *pb = NULL, *ps = NULL;
    plt_status st = plt_zoo_build(fam, n, layers, o->seed, 0, &big);
    if (st) goto done;
    if ((st = plt_zoo_build(fam, 8, layers, o->seed, 0, &small))) goto done;
    pb = draws(plt_circuit_nparams(big.circuit), big.param_range, o->seed);
    ps = draws(plt_circuit_nparams(small.circuit), small.param_range, o->seed + 1);
    if (!pb || !ps) {
        st = plt_fail_nomem("parameters");
        goto done;
    }
    plt_model mb = {big.circuit, big.obs, NULL}, msm = {small.circuit, small.obs, NULL};
    plt_check_opts co;
    plt_check_opts_init(&co);
    co.tolerance = o->tolerance;
    co.budget_seconds = o->check_budget;
    st = plt_check_run(&mb, pb, &msm, ps, &co, v);
done:
    free(pb);
    free(ps);
    plt_zoo_model_free(&big);
    plt_zoo_model_free(&small);
    return st;
}

static FILE *open_in(const char *dir, const char *name, const char *mode) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return fopen(path, mode);
}

/* Writes the scan data of one family as a gnuplot block (n var lo hi). */
static void write_variance(FILE *f, const char *fam, const plt_bp_result *r) {
    fprintf(f, "# %s\n", fam);
    for (size_t i = 0; i < r->npoints; i++) {
        const plt_bp_point *p = &r->points[i];
        if (p->engine[0] && p->grad_mean.var > 0)
            fprintf(f, "%d %.6e %.6e %.6e\n", p->n, p->grad_mean.var,
                    p->grad_mean.lo > 0 ? p->grad_mean.lo : p->grad_mean.var * 1e-3,
                    p->grad_mean.hi);
    }
    fprintf(f, "\n\n");
}

typedef struct cost_pt {
    char engine[32];
    int n;
    double seconds;
} cost_pt;

static int cmp_cost(const void *a, const void *b) {
    const cost_pt *x = a, *y = b;
    int c = strcmp(x->engine, y->engine);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

static int plot_all(const char *dir, const char *engines[], size_t nengines, size_t nfam,
                    const char *trunc_names[], int have_trunc) {
    if (system("command -v gnuplot >/dev/null 2>&1") != 0) return 0;
    FILE *g = open_in(dir, "plots.gp", "w");
    if (!g) return 0;
    static const char *const term[2][2] = {{"pngcairo size 800,520", "png"},
                                           {"svg size 800,520", "svg"}};
    for (int t = 0; t < 2; t++) {
        fprintf(g, "set terminal %s\nset key outside right\nset grid\nset format y '%%.0e'\n",
                term[t][0]);
        fprintf(g, "set output 'variance.%s'\nset logscale y\nset xlabel 'qubits n'\n"
                   "set ylabel 'mean_k Var[dL/dtheta_k]'\nset title 'Gradient variance "
                   "against n (95%% intervals)'\nplot ", term[t][1]);
        for (size_t i = 0; i < nfam; i++)
            fprintf(g, "%s'variance.dat' index %zu using 1:2:3:4 with yerrorlines title '%s'",
                    i ? ", " : "", i, report_families[i].name);
        fprintf(g, "\nset output 'cost.%s'\nset logscale xy\nset ylabel 'seconds per "
                   "evaluation'\nset title 'Measured cost against n per engine'\nplot ",
                term[t][1]);
        for (size_t i = 0; i < nengines; i++)
            fprintf(g, "%s'cost.dat' index %zu using 1:2 with linespoints title '%s'",
                    i ? ", " : "", i, engines[i]);
        fprintf(g, "\nunset logscale\n");
        if (have_trunc) {
            fprintf(g, "set output 'truncation.%s'\nset logscale xy\nset xlabel 'min_abs "
                       "threshold'\nset ylabel '|change of value|'\nset xrange [*:*] reverse\n"
                       "set title 'Truncated Pauli propagation at large n: convergence as "
                       "truncation "
                       "loosens'\nplot ", term[t][1]);
            for (int i = 0; i < have_trunc; i++)
                fprintf(g, "%s'truncation.dat' index %d using 1:2 with linespoints title '%s'",
                        i ? ", " : "", i, trunc_names[i]);
            fprintf(g, "\nset xrange [*:*] noreverse\nunset logscale\n");
        }
    }
    fclose(g);
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "cd '%s' && gnuplot plots.gp >gnuplot.log 2>&1", dir);
    return system(cmd) == 0;
}

static void md_escape_free(FILE *f, const char *s) {
    for (; *s; s++) fputc(*s == '|' ? '/' : *s, f);
}

static void html_text(FILE *f, const char *s) {
    for (; *s; s++) {
        if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '&') fputs("&amp;", f);
        else fputc(*s, f);
    }
}

/* Cells of the summary table of row r (shared by Markdown, HTML and the terminal). */
static void row_cells(const plt_report_row *r, char cells[9][128]) {
    snprintf(cells[0], 128, "%s", r->family);
    if (r->bp == 1)
        snprintf(cells[1], 128, "yes: exp(-%.3g n), +-%.2g", r->rate, r->rate_se);
    else if (r->bp == 0 && r->exponent < 0)
        snprintf(cells[1], 128, "no: grows ~n^%.2g", -r->exponent);
    else if (r->bp == 0)
        snprintf(cells[1], 128, "no: ~n^-%.2g", r->exponent);
    else
        snprintf(cells[1], 128, "inconclusive (rate %.3g)", r->rate);
    if (r->dla_dim > 0)
        snprintf(cells[2], 128, "%s%.0f (n=%d)", r->dla_complete ? "" : ">=", r->dla_dim,
                 r->dla_n);
    else
        snprintf(cells[2], 128, "-");
    if (r->route[0])
        snprintf(cells[3], 128, "%s%s%s", r->route, strcmp(r->setting, "exact") ? " " : "",
                 strcmp(r->setting, "exact") ? r->setting : " (exact)");
    else
        snprintf(cells[3], 128, "none within budget");
    snprintf(cells[4], 128, "%d", r->largest_n);
    snprintf(cells[5], 128, "%.3g s", r->seconds);
    if (r->route[0] && r->error > 0)
        snprintf(cells[6], 128, "~%.2g", r->error);
    else if (r->route[0])
        snprintf(cells[6], 128, "0 (exact)");
    else
        snprintf(cells[6], 128, "-");
    if (r->route[0] && isfinite(r->cross_error))
        snprintf(cells[7], 128, "%.2g (n=%d)", r->cross_error, r->cross_n);
    else
        snprintf(cells[7], 128, "-");
    snprintf(cells[8], 128, "%d..%d", r->scan_min_n, r->scan_max_n);
}

static const char *const headers[9] = {"family", "barren plateau", "DLA dim", "classical route",
                                       "largest n", "time", "error (est.)",
                                       "error vs exact", "scanned n"};

plt_status plt_report_table(const plt_report *r, char **text) {
    if (!r || !text) return plt_fail(PLT_EINVAL, "report: NULL report or output");
    *text = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return plt_fail_nomem("the summary table");
    fprintf(f, "|");
    for (int c = 0; c < 9; c++) fprintf(f, " %s |", headers[c]);
    fprintf(f, "\n|");
    for (int c = 0; c < 9; c++) fprintf(f, "---|");
    fprintf(f, "\n");
    for (size_t i = 0; i < r->nrows; i++) {
        char cells[9][128];
        row_cells(&r->rows[i], cells);
        fprintf(f, "|");
        for (int c = 0; c < 9; c++) {
            fputc(' ', f);
            md_escape_free(f, cells[c]);
            fprintf(f, " |");
        }
        fprintf(f, "\n");
    }
    if (fclose(f) != 0 || !buf) {
        free(buf);
        return plt_fail_nomem("the summary table");
    }
    *text = buf;
    return PLT_OK;
}

static void write_details_md(FILE *f, const plt_report_row *r, const plt_bp_result *b) {
    fprintf(f, "\n### %s\n\n", r->family);
    fprintf(f, "| n | params | engine | Var[L] [95%%] | Var[dL/dt0] [95%%] | mean_k Var[dL/dtk] "
               "[95%%] | DLA dim | DLA Var[L] (deep) |\n|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; b && i < b->npoints; i++) {
        const plt_bp_point *p = &b->points[i];
        if (!p->engine[0]) {
            fprintf(f, "| %d | %d | - | %s | | | | |\n", p->n, p->nparams, p->note);
            continue;
        }
        char dim[32] = "-", pred[32] = "-";
        if (p->dla_dim > 0)
            snprintf(dim, sizeof dim, "%s%.0f", p->dla_complete ? "" : ">=", p->dla_dim);
        if (isfinite(p->dla_pred)) snprintf(pred, sizeof pred, "%.3e", p->dla_pred);
        fprintf(f, "| %d | %d | %s | %.3e [%.2e, %.2e] | %.3e [%.2e, %.2e] | %.3e [%.2e, %.2e] "
                   "| %s | %s |\n", p->n, p->nparams, p->engine, p->loss.var, p->loss.lo,
                p->loss.hi, p->grad_first.var, p->grad_first.lo, p->grad_first.hi,
                p->grad_mean.var, p->grad_mean.lo, p->grad_mean.hi, dim, pred);
    }
    if (b) {
        fprintf(f, "\nDecision: **%s**. ", plt_decay_name(b->grad_fit.decision));
        md_escape_free(f, b->grad_fit.evidence);
        fprintf(f, "\n");
    }
    fprintf(f, "\nLarge n: ");
    md_escape_free(f, r->note);
    fprintf(f, "\n");
}

static void write_details_html(FILE *f, const plt_report_row *r, const plt_bp_result *b) {
    fprintf(f, "<h3>%s</h3>\n<table><tr><th>n</th><th>params</th><th>engine</th><th>Var[L] "
               "[95%%]</th><th>Var[dL/d&theta;<sub>0</sub>] [95%%]</th><th>mean<sub>k</sub> "
               "Var[dL/d&theta;<sub>k</sub>] [95%%]</th><th>DLA dim</th><th>DLA Var[L] "
               "(deep)</th></tr>\n", r->family);
    for (size_t i = 0; b && i < b->npoints; i++) {
        const plt_bp_point *p = &b->points[i];
        if (!p->engine[0]) {
            fprintf(f, "<tr><td>%d</td><td>%d</td><td colspan=6>", p->n, p->nparams);
            html_text(f, p->note);
            fprintf(f, "</td></tr>\n");
            continue;
        }
        char dim[32] = "-", pred[32] = "-";
        if (p->dla_dim > 0)
            snprintf(dim, sizeof dim, "%s%.0f", p->dla_complete ? "" : "&ge;", p->dla_dim);
        if (isfinite(p->dla_pred)) snprintf(pred, sizeof pred, "%.3e", p->dla_pred);
        fprintf(f, "<tr><td>%d</td><td>%d</td><td>%s</td><td>%.3e [%.2e, %.2e]</td><td>%.3e "
                   "[%.2e, %.2e]</td><td>%.3e [%.2e, %.2e]</td><td>%s</td><td>%s</td></tr>\n",
                p->n, p->nparams, p->engine, p->loss.var, p->loss.lo, p->loss.hi,
                p->grad_first.var, p->grad_first.lo, p->grad_first.hi, p->grad_mean.var,
                p->grad_mean.lo, p->grad_mean.hi, dim, pred);
    }
    fprintf(f, "</table>\n");
    if (b) {
        fprintf(f, "<p>Decision: <b>%s</b>. ", plt_decay_name(b->grad_fit.decision));
        html_text(f, b->grad_fit.evidence);
        fprintf(f, "</p>\n");
    }
    fprintf(f, "<p>Large n: ");
    html_text(f, r->note);
    fprintf(f, "</p>\n");
}

plt_status plt_report_run(const char *dir, const plt_report_opts *o, plt_report *out) {
    if (!dir || !dir[0] || !out) return plt_fail(PLT_EINVAL, "report: no output folder given");
    if (strchr(dir, '\'') || strlen(dir) > 3000)
        return plt_fail(PLT_EINVAL, "report: the folder name '%.80s' has a quote or is too long; "
                        "choose a plain path", dir);
    plt_report_opts ro;
    if (o)
        ro = *o;
    else
        plt_report_opts_init(&ro);
    if (ro.big_n < 8) ro.big_n = 8;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return plt_fail_at(PLT_EIO, dir, 0, 0, "cannot create the report folder: %s",
                           strerror(errno));
    memset(out, 0, sizeof *out);
    double t0 = wall();
    static const int sizes_quick[] = {4, 6, 8, 10, 12}, sizes_full[] = {4, 6, 8, 10, 12, 14, 16};
    const int *sizes = ro.quick ? sizes_quick : sizes_full;
    size_t nsizes = ro.quick ? 5 : 7;
    plt_bp_opts bo;
    plt_bp_opts_init(&bo);
    bo.samples = ro.quick ? 100 : 200;
    bo.seed = ro.seed;
    /* Quick scans skip a size predicted past a twelfth of the verdict budget (5 s of the
     * main job's 60 s), so a slower build given a larger budget scans the same sizes. */
    bo.max_seconds = ro.quick ? ro.check_budget / 12 : 60;
    plt_bp_result *scans[REPORT_NFAM] = {0};
    plt_verdict *v = calloc(1, sizeof *v);
    cost_pt *costs = calloc(REPORT_NFAM * 16, sizeof *costs);
    size_t ncost = 0;
    FILE *fv = NULL, *fc = NULL, *ft = NULL, *md = NULL, *html = NULL;
    plt_status st = PLT_OK;
    int have_trunc = 0;
    const char *trunc_names[REPORT_NFAM];
    if (!v || !costs) {
        st = plt_fail_nomem("the report");
        goto done;
    }
    fv = open_in(dir, "variance.dat", "w");
    ft = open_in(dir, "truncation.dat", "w");
    if (!fv || !ft) {
        st = plt_fail_at(PLT_EIO, dir, 0, 0, "cannot write in the report folder: %s",
                         strerror(errno));
        goto done;
    }
    for (size_t fi = 0; fi < REPORT_NFAM; fi++) {
        const char *fam = report_families[fi].name;
        plt_report_row *r = &out->rows[out->nrows++];
        snprintf(r->family, sizeof r->family, "%s", fam);
        r->cross_error = NAN;
        if ((st = plt_bp_scan_zoo(fam, sizes, nsizes, 0, 0, &bo, &scans[fi]))) goto done;
        const plt_bp_result *b = scans[fi];
        write_variance(fv, fam, b);
        r->bp = b->grad_fit.decision == PLT_DECAY_EXPONENTIAL  ? 1
                : b->grad_fit.decision == PLT_DECAY_POLYNOMIAL ? 0
                                                               : -1;
        snprintf(r->decision, sizeof r->decision, "%s", plt_decay_name(b->grad_fit.decision));
        r->rate = b->grad_fit.rate;
        r->rate_se = b->grad_fit.rate_se;
        r->exponent = b->grad_fit.exponent;
        r->scan_min_n = sizes[0];
        for (size_t i = 0; i < b->npoints; i++) {
            const plt_bp_point *p = &b->points[i];
            if (p->engine[0]) {
                r->scan_max_n = p->n;
                r->largest_n = p->n;
                r->seconds = p->seconds / (double)bo.samples;
                if (ncost < REPORT_NFAM * 16) {
                    cost_pt *c = &costs[ncost++];
                    snprintf(c->engine, sizeof c->engine, "%s", p->engine);
                    c->n = p->n;
                    c->seconds = p->seconds / (double)bo.samples;
                }
            }
            if (p->dla_dim > 0) {
                r->dla_dim = p->dla_dim;
                r->dla_n = p->n;
                r->dla_complete = p->dla_complete;
            }
        }
        /* The large-n verdict. */
        r->big_layers = report_families[fi].big_layers;
        if ((st = family_check(fam, ro.big_n, r->big_layers, &ro, v))) goto done;
        r->cross_error = v->cross_checked ? v->cross_error : NAN;
        r->cross_n = v->cross_n;
        if (v->simulable) {
            snprintf(r->route, sizeof r->route, "%s", v->engine);
            snprintf(r->setting, sizeof r->setting, "%s", v->setting);
            r->largest_n = ro.big_n;
            r->seconds = v->seconds;
            r->value = v->value;
            r->error = v->error;
            if (ncost < REPORT_NFAM * 16) {
                cost_pt *c = &costs[ncost++];
                snprintf(c->engine, sizeof c->engine, "%s", v->engine);
                c->n = ro.big_n;
                c->seconds = v->seconds;
            }
        }
        char layers[48] = "the family's default depth";
        if (r->big_layers) snprintf(layers, sizeof layers, "%d layers", r->big_layers);
        snprintf(r->note, sizeof r->note, "n = %d (%s), tolerance %.1g, budget %.3g s: %s. %s",
                 ro.big_n, layers, ro.tolerance, ro.check_budget,
                 v->simulable ? "classically simulable" : "no classical route within budget",
                 v->reasons);
        if (v->nladder) {
            fprintf(ft, "# %s at n = %d\n", fam, ro.big_n);
            for (size_t k = 0; k < v->nladder; k++)
                if (isfinite(v->ladder[k].change))
                    fprintf(ft, "%.3e %.6e %.12g %zu %.4g\n", v->ladder[k].min_abs,
                            fmax(v->ladder[k].change, 1e-17), v->ladder[k].value,
                            v->ladder[k].terms, v->ladder[k].seconds);
            fprintf(ft, "\n\n");
            trunc_names[have_trunc++] = fam;
        }
    }
    fclose(fv);
    fv = NULL;
    fclose(ft);
    ft = NULL;
    /* Cost data: one gnuplot block per engine. */
    qsort(costs, ncost, sizeof *costs, cmp_cost);
    const char *engines[16];
    size_t nengines = 0;
    fc = open_in(dir, "cost.dat", "w");
    if (!fc) {
        st = plt_fail_at(PLT_EIO, dir, 0, 0, "cannot write cost.dat: %s", strerror(errno));
        goto done;
    }
    for (size_t i = 0; i < ncost; i++) {
        if (i == 0 || strcmp(costs[i].engine, costs[i - 1].engine)) {
            if (i) fprintf(fc, "\n\n");
            if (nengines < 16) engines[nengines++] = costs[i].engine;
            fprintf(fc, "# %s\n", costs[i].engine);
        }
        fprintf(fc, "%d %.6e\n", costs[i].n, fmax(costs[i].seconds, 1e-7));
    }
    fclose(fc);
    fc = NULL;
    out->plots = plot_all(dir, engines, nengines, REPORT_NFAM, trunc_names, have_trunc);
    snprintf(out->plot_note, sizeof out->plot_note, "%s",
             out->plots ? "" : "plots skipped: gnuplot is not installed (tools/deps.sh "
                               "gnuplot-nox) or failed (see gnuplot.log)");
    out->seconds = wall() - t0;

    char *table = NULL;
    if ((st = plt_report_table(out, &table))) goto done;
    md = open_in(dir, "report.md", "w");
    html = open_in(dir, "report.html", "w");
    if (!md || !html) {
        free(table);
        st = plt_fail_at(PLT_EIO, dir, 0, 0, "cannot write the report: %s", strerror(errno));
        goto done;
    }
    fprintf(md, "# plateau report\n\nDoes each model of the zoo have a barren plateau, and "
                "which classical method simulates it? Scans at n = %d..%d with %zu parameter "
                "draws per size (uniform in the family's range); the decision fits log of the "
                "mean gradient variance against n and log n. The large-n verdict runs at n = %d "
                "and is cross-checked against the statevector at n = 8. Took %.1f s.\n\n%s\n",
            sizes[0], sizes[nsizes - 1], bo.samples, ro.big_n, out->seconds, table);
    fprintf(html, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>plateau "
                  "report</title>\n<style>body{font-family:sans-serif;max-width:1200px;margin:"
                  "2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:"
                  "1px solid #bbb;padding:4px 8px;font-size:90%%}th{background:#eee}"
                  ".yes{background:#fdd}.no{background:#dfd}.und{background:#ffd}img{max-width:"
                  "100%%}</style></head><body>\n<h1>plateau report</h1>\n<p>Does each model of "
                  "the zoo have a barren plateau, and which classical method simulates it? "
                  "Scans at n = %d..%d with %zu parameter draws per size; the large-n verdict "
                  "at n = %d, cross-checked against the statevector at n = 8. Took %.1f s.</p>\n"
                  "<h2>Summary</h2>\n<table><tr>", sizes[0], sizes[nsizes - 1], bo.samples,
            ro.big_n, out->seconds);
    for (int c = 0; c < 9; c++) fprintf(html, "<th>%s</th>", headers[c]);
    fprintf(html, "</tr>\n");
    for (size_t i = 0; i < out->nrows; i++) {
        char cells[9][128];
        row_cells(&out->rows[i], cells);
        const char *cls = out->rows[i].bp == 1 ? "yes" : out->rows[i].bp == 0 ? "no" : "und";
        fprintf(html, "<tr>");
        for (int c = 0; c < 9; c++) {
            fprintf(html, c == 1 ? "<td class=\"%s\">" : "<td>", cls);
            html_text(html, cells[c]);
            fprintf(html, "</td>");
        }
        fprintf(html, "</tr>\n");
    }
    fprintf(html, "</table>\n");
    if (ro.tolerance > 1e-3) {
        /* Quick mode: say why the verdicts are looser than the default. */
        static const char why[] =
            "The large-n verdicts use tolerance %g and %.3g s each, not the default 1e-3: "
            "at n = %d the truncation steps that would reach 1e-3 (qcnn: weight 10 and beyond) "
            "take tens of seconds each, and the ladder stops before a step its measured "
            "growth predicts past the budget. Run plateau report (without --quick) for 1e-3.";
        fprintf(html, "<p>");
        fprintf(html, why, ro.tolerance, ro.check_budget, ro.big_n);
        fprintf(html, "</p>\n");
        fprintf(md, "\n");
        fprintf(md, why, ro.tolerance, ro.check_budget, ro.big_n);
        fprintf(md, "\n");
    }
    fprintf(html, "<p>Theory: ");
    fprintf(md, "\nTheory: ");
    for (size_t i = 0; i < REPORT_NFAM; i++) {
        fprintf(html, "%s<b>%s</b>: %s", i ? "; " : "", report_families[i].name,
                report_families[i].theory);
        fprintf(md, "%s**%s**: %s", i ? "; " : "", report_families[i].name,
                report_families[i].theory);
    }
    fprintf(html, ".</p>\n<h2>Plots</h2>\n");
    fprintf(md, ".\n\n## Plots\n\n");
    if (out->plots) {
        static const char *const figs[3] = {"variance", "cost", "truncation"};
        for (int i = 0; i < 3; i++) {
            if (i == 2 && !have_trunc) continue;
            fprintf(html, "<p><img src=\"%s.png\" alt=\"%s\"> <a href=\"%s.svg\">SVG</a></p>\n",
                    figs[i], figs[i], figs[i]);
            fprintf(md, "![%s](%s.png) ([SVG](%s.svg))\n\n", figs[i], figs[i], figs[i]);
        }
    } else {
        fprintf(html, "<p>%s</p>\n", out->plot_note);
        fprintf(md, "%s\n", out->plot_note);
    }
    fprintf(html, "<h2>Details</h2>\n");
    fprintf(md, "\n## Details\n");
    for (size_t i = 0; i < out->nrows; i++) {
        write_details_md(md, &out->rows[i], scans[i]);
        write_details_html(html, &out->rows[i], scans[i]);
    }
    fprintf(html, "<h2>Method</h2>\n<p>Variances: chi-square intervals for single variances "
                  "(exact for normal samples), a bootstrap over samples for the mean over "
                  "parameters. Fits: weighted least squares of log variance against n and log n "
                  "(weights from the intervals); exponential when the rate is over 3 standard "
                  "errors and the exponential fit beats the power law by a chi-square margin of "
                  "%.0f, polynomial when the power law wins by that margin or no decay faster "
                  "than 0.1 per qubit is allowed, else inconclusive. The DLA prediction is the "
                  "Haar value for deep circuits (Ragone et al. 2024). Truncated Pauli "
                  "propagation: the error is the change of the value between the last two "
                  "truncation steps, and the same truncation must meet the tolerance against "
                  "the statevector at n = 8.</p>\n</body></html>\n", PLT_DECAY_DELTA);
    free(table);
    if (ferror(md) || ferror(html))
        st = plt_fail_at(PLT_EIO, dir, 0, 0, "writing the report failed");
done:
    if (fv) fclose(fv);
    if (ft) fclose(ft);
    if (fc) fclose(fc);
    if (md && fclose(md) != 0 && !st)
        st = plt_fail_at(PLT_EIO, dir, 0, 0, "report.md: write failed");
    if (html && fclose(html) != 0 && !st)
        st = plt_fail_at(PLT_EIO, dir, 0, 0, "report.html: write failed");
    for (size_t i = 0; i < REPORT_NFAM; i++) plt_bp_result_free(scans[i]);
    free(costs);
    free(v);
    return st;
}
