/* The report's plot step: the data files, a gnuplot script whose labels are literal
 * (noenhanced: "min_abs" is not a subscript) and whose axes are fitted to the data, and
 * gnuplot run as a child process with arguments (posix_spawnp, no shell). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/report_data.h"
#include "core/error.h"

extern char **environ;

/* A logarithmic axis range around [lo, hi] with a margin of a factor 1.5 each side (3 when
 * the data is one value), so that the data fills the plot. */
static void log_range(double lo, double hi, double *a, double *b) {
    double f = hi > lo * 1.01 ? 1.5 : 3;
    *a = lo / f;
    *b = hi * f;
}

typedef struct extent {
    double lo, hi;
} extent;

static void extent_init(extent *e) {
    e->lo = INFINITY;
    e->hi = -INFINITY;
}

static void extent_add(extent *e, double v) {
    if (!(v > 0) || !isfinite(v)) return;
    if (v < e->lo) e->lo = v;
    if (v > e->hi) e->hi = v;
}

/* The variance point drawn for scan point p (0 when p is not drawn). */
static int variance_point(const plt_bp_point *p, double *var, double *lo, double *hi) {
    if (!p->engine[0] || !(p->grad_mean.var > 0) || !isfinite(p->grad_mean.var)) return 0;
    *var = p->grad_mean.var;
    *lo = p->grad_mean.lo > 0 ? p->grad_mean.lo : p->grad_mean.var;
    *hi = isfinite(p->grad_mean.hi) && p->grad_mean.hi > 0 ? p->grad_mean.hi : p->grad_mean.var;
    return 1;
}

static int trunc_change(const plt_trunc_step *s) {
    return isfinite(s->change) && s->change > 0;
}

static int trunc_bound(const plt_trunc_step *s) {
    return isfinite(s->bound) && s->bound > 0;
}

static int cmp_cost(const void *a, const void *b) {
    const rpt_cost *x = a, *y = b;
    if (x->family != y->family) return x->family < y->family ? -1 : 1;
    int c = strcmp(x->engine, y->engine);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* The costs sorted by family, engine and n: each (family, engine) run is one line. */
static size_t sorted_costs(const rpt_data *d, rpt_cost *c) {
    size_t k = 0;
    for (size_t i = 0; i < d->ncost; i++)
        if (d->costs[i].seconds > 0 && isfinite(d->costs[i].seconds)) c[k++] = d->costs[i];
    qsort(c, k, sizeof *c, cmp_cost);
    return k;
}

static int new_line(const rpt_cost *c, size_t i) {
    return i == 0 || c[i].family != c[i - 1].family || strcmp(c[i].engine, c[i - 1].engine);
}

/* The point type of an engine: the same engine has the same marker in every family. */
static int engine_marker(const rpt_cost *c, size_t k, size_t i) {
    const char *seen[RPT_MAX_COSTS];
    size_t nseen = 0;
    for (size_t j = 0; j < k; j++) {
        size_t s = 0;
        while (s < nseen && strcmp(seen[s], c[j].engine)) s++;
        if (s == nseen) seen[nseen++] = c[j].engine;
        if (!strcmp(c[j].engine, c[i].engine)) return (int)s + 1;
    }
    return 1;
}

/* Tics of a logarithmic axis: gnuplot puts one or none on a range of less than two decades,
 * so such a range gets 1, 2 and 5 times the powers of ten inside it. */
static void log_tics(FILE *g, const char *axis, double a, double b) {
    if (b / a >= 100) {
        fprintf(g, "set %s auto\n", axis);
        return;
    }
    fprintf(g, "set %s (", axis);
    int k = 0;
    for (double p = pow(10, floor(log10(a))); p <= b; p *= 10) {
        static const double m[3] = {1, 2, 5};
        for (int i = 0; i < 3; i++)
            if (m[i] * p >= a && m[i] * p <= b) fprintf(g, "%s%.0e", k++ ? ", " : "", m[i] * p);
    }
    fprintf(g, ")\n");
}

/* The three figures: data blocks into data[0..2] (variance, cost, truncation) and the plot
 * commands into g, counted together so that every `index` names its block. */
typedef struct figure {
    FILE *data;
    extent x, y;
    int blocks;
    char *plot;         /* the plot command's clauses */
    size_t plot_len;
    FILE *clauses;
} figure;

static void clause(figure *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void clause(figure *f, const char *fmt, ...) {
    fprintf(f->clauses, "%s", f->blocks ? ", \\\n     " : "");
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f->clauses, fmt, ap);
    va_end(ap);
    f->blocks++;
}

/* Per family: the sampled scan (solid, error bars) and the moment scan (dashed, same colour;
 * exact points have no bar). */
static void variance_blocks(const rpt_data *d, figure *f) {
    const plt_report *out = d->out;
    for (size_t fi = 0; fi < out->nrows; fi++)
        for (int moments = 0; moments < 2; moments++) {
            const plt_bp_result *b = moments ? d->mscans[fi] : d->scans[fi];
            int any = 0;
            for (size_t i = 0; b && i < b->npoints; i++) {
                double v, lo, hi;
                if (!variance_point(&b->points[i], &v, &lo, &hi)) continue;
                if (moments && b->points[i].route != PLT_BP_MOMENTS) continue;
                if (!any)
                    fprintf(f->data, "# %s%s: n var lo hi\n", out->rows[fi].family,
                            moments ? " (moments)" : "");
                any = 1;
                fprintf(f->data, "%d %.6e %.6e %.6e\n", b->points[i].n, v, lo, hi);
                extent_add(&f->x, b->points[i].n);
                extent_add(&f->y, lo);
                extent_add(&f->y, hi);
            }
            if (!any) continue;
            fprintf(f->data, "\n\n");
            if (moments)
                clause(f,
                       "'variance.dat' index %d using 1:2:3:4 with yerrorlines dt 2 pt 6 lc %zu "
                       "title '%s: moments'",
                       f->blocks, fi + 1, out->rows[fi].family);
            else
                clause(f,
                       "'variance.dat' index %d using 1:2:3:4 with yerrorlines lc %zu title '%s'",
                       f->blocks, fi + 1, out->rows[fi].family);
        }
}

static void cost_blocks(const rpt_data *d, figure *f) {
    const plt_report *out = d->out;
    rpt_cost c[RPT_MAX_COSTS];
    size_t nc = sorted_costs(d, c);
    for (size_t i = 0; i < nc; i++) {
        if (new_line(c, i)) {
            if (i) fprintf(f->data, "\n\n");
            fprintf(f->data, "# %s: %s: n seconds\n", out->rows[c[i].family].family,
                    c[i].engine);
            clause(f, "'cost.dat' index %d using 1:2 with linespoints lc %zu pt %d title "
                      "'%s: %s'", f->blocks, c[i].family + 1, engine_marker(c, nc, i),
                   out->rows[c[i].family].family, c[i].engine);
        }
        fprintf(f->data, "%d %.6e\n", c[i].n, c[i].seconds);
        extent_add(&f->x, c[i].n);
        extent_add(&f->y, c[i].seconds);
    }
    if (nc) fprintf(f->data, "\n\n");
}

/* Per family: the change of the value between steps (solid) and the rigorous bound of each
 * step (dashed, same colour). */
static void truncation_blocks(const rpt_data *d, figure *f) {
    const plt_report *out = d->out;
    for (size_t fi = 0; fi < out->nrows; fi++) {
        for (int kind = 0; kind < 2; kind++) {
            int any = 0;
            for (size_t k = 0; k < d->nladder[fi]; k++) {
                const plt_trunc_step *s = &d->ladder[fi][k];
                if (!(kind ? trunc_bound(s) : trunc_change(s))) continue;
                if (!any)
                    fprintf(f->data, "# %s at n = %d: ladder step, %s (%s)\n",
                            out->rows[fi].family, out->rows[fi].big_n,
                            kind ? "bound" : "change", s->engine);
                any = 1;
                double y = kind ? s->bound : s->change;
                fprintf(f->data, "%d %.6e\n", s->step + 1, y);
                extent_add(&f->x, s->step + 1);
                extent_add(&f->y, y);
            }
            if (!any) continue;
            fprintf(f->data, "\n\n");
            if (kind)
                clause(f, "'truncation.dat' index %d using 1:2 with linespoints dt 2 lc %zu "
                          "pt 6 title '%s: bound'", f->blocks, fi + 1,
                       out->rows[fi].family);
            else
                clause(f, "'truncation.dat' index %d using 1:2 with linespoints lc %zu pt 7 "
                          "title '%s: change'", f->blocks, fi + 1,
                       out->rows[fi].family);
        }
    }
}

/* x tics at the distinct values v[0..n) (the sizes or thresholds that were run). */
static void value_tics(FILE *g, const double *v, size_t n) {
    double seen[RPT_MAX_COSTS];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < k && seen[j] != v[i]) j++;
        if (j == k && k < RPT_MAX_COSTS) seen[k++] = v[i];
    }
    fprintf(g, "set xtics (");
    for (size_t j = 0; j < k; j++) fprintf(g, "%s%g", j ? ", " : "", seen[j]);
    fprintf(g, ")\n");
}

static void step_tics(FILE *g, const rpt_data *d) {
    double v[PLT_REPORT_MAX_ROWS * PLT_CHECK_MAX_LADDER];
    size_t n = 0;
    for (size_t fi = 0; fi < d->out->nrows; fi++)
        for (size_t k = 0; k < d->nladder[fi]; k++) {
            const plt_trunc_step *s = &d->ladder[fi][k];
            if (trunc_change(s) || trunc_bound(s)) v[n++] = s->step + 1;
        }
    value_tics(g, v, n);
}

static void size_tics(FILE *g, const rpt_data *d) {
    double v[RPT_MAX_COSTS];
    size_t n = 0;
    for (size_t i = 0; i < d->ncost; i++) v[n++] = d->costs[i].n;
    value_tics(g, v, n);
}

static const char *const term[2][2] = {{"pngcairo size 1000,600 noenhanced", "png"},
                                       {"svg size 1000,600 noenhanced", "svg"}};

/* Output, log scales, ranges fitted to the data and y tics of one figure (a logarithmic x
 * gets its tics from the caller: the values that were run). reverse_x runs x from its
 * largest value to its smallest. */
static void figure_head(FILE *g, const char *name, const char *ext, const figure *f, int logx,
                        int reverse_x) {
    double ya, yb, xa, xb;
    log_range(f->y.lo, f->y.hi, &ya, &yb);
    if (logx) {
        log_range(f->x.lo, f->x.hi, &xa, &xb);
    } else {
        xa = f->x.lo - 0.5;
        xb = f->x.hi + 0.5;
    }
    fprintf(g, "set output '%s.%s'\nunset logscale\nset logscale %s\nset format x '%%g'\n"
               "set format y '%%.0e'\n", name, ext, logx ? "xy" : "y");
    if (reverse_x)
        fprintf(g, "set xrange [%.3g:%.3g]\n", xb, xa);
    else
        fprintf(g, "set xrange [%.3g:%.3g]\n", xa, xb);
    fprintf(g, "set yrange [%.3g:%.3g]\n", ya, yb);
    if (!logx) fprintf(g, "set xtics auto\n");
    log_tics(g, "ytics", ya, yb);
}

/* Builds the data of the three figures into data[0..2] (malloc'ed) and the script. */
static plt_status build(const rpt_data *d, char **script, char *data[3], int *figures) {
    static const char *const names[3] = {"variance", "cost", "truncation"};
    figure f[3];
    size_t dlen[3];
    char *buf = NULL;
    size_t len = 0;
    plt_status st = PLT_OK;
    *script = NULL;
    *figures = 0;
    memset(f, 0, sizeof f);
    for (int i = 0; i < 3; i++) {
        data[i] = NULL;
        extent_init(&f[i].x);
        extent_init(&f[i].y);
        f[i].data = open_memstream(&data[i], &dlen[i]);
        f[i].clauses = open_memstream(&f[i].plot, &f[i].plot_len);
        if (!f[i].data || !f[i].clauses) st = plt_fail_nomem("the plot data");
    }
    FILE *g = open_memstream(&buf, &len);
    if (!g) st = plt_fail_nomem("the plot script");
    if (st) goto done;
    variance_blocks(d, &f[0]);
    cost_blocks(d, &f[1]);
    truncation_blocks(d, &f[2]);
    for (int i = 0; i < 3; i++) fflush(f[i].clauses);
    /* The tolerance is drawn on the truncation plot: keep it inside the range. */
    double tol = d->out->opts.tolerance;
    if (f[2].blocks) extent_add(&f[2].y, tol);
    for (int t = 0; t < 2; t++) {
        fprintf(g, "set terminal %s\nset termoption noenhanced\nset grid\n", term[t][0]);
        if (f[0].blocks) {
            figure_head(g, names[0], term[t][1], &f[0], 0, 0);
            fprintf(g, "set key outside right top\n");
            fprintf(g, "set xlabel 'qubits n'\nset ylabel 'mean over k of Var[dL/dtheta_k]'\n"
                       "set title 'Gradient variance against n (95%% intervals)'\nplot %s\n",
                    f[0].plot);
        }
        if (f[1].blocks) {
            figure_head(g, names[1], term[t][1], &f[1], 1, 0);
            size_tics(g, d);
            fprintf(g, "set key below\n");
            fprintf(g, "set xlabel 'qubits n'\nset ylabel 'seconds per evaluation'\n"
                       "set title 'Measured cost: one line per family and engine (the scans, "
                       "then the verdict at n = %d)'\nplot %s\n", d->out->opts.big_n,
                    f[1].plot);
        }
        if (f[2].blocks) {
            /* Loosest step on the left: left to right the truncation keeps more. */
            figure_head(g, names[2], term[t][1], &f[2], 0, 0);
            fprintf(g, "set key below\n");
            step_tics(g, d);
            fprintf(g, "set xlabel 'ladder step of the approximate engine (each keeps more; "
                       "settings in the report)'\nset ylabel '|error| of the truncated value'\n"
                       "set title 'Approximation ladders at n = %d: the change from the "
                       "step before (solid) and the rigorous bound (dashed)'\nplot %s, \\\n"
                       "     %g with lines dt 3 lc rgb 'black' title 'tolerance %g'\n",
                    d->out->opts.big_n, f[2].plot, tol, tol);
        }
    }
    for (int i = 0; i < 3; i++)
        if (f[i].blocks) *figures |= 1 << i;
done:
    for (int i = 0; i < 3; i++) {
        if (f[i].data && fclose(f[i].data) && !st) st = plt_fail_nomem("the plot data");
        if (f[i].clauses) fclose(f[i].clauses);
        free(f[i].plot);
    }
    if (g && fclose(g) && !st) st = plt_fail_nomem("the plot script");
    if (st) {
        free(buf);
        for (int i = 0; i < 3; i++) {
            free(data[i]);
            data[i] = NULL;
        }
        *figures = 0;
        return st;
    }
    *script = buf;
    return PLT_OK;
}

plt_status rpt_plot_script(const rpt_data *d, char **script, int *figures) {
    char *data[3];
    plt_status st = build(d, script, data, figures);
    if (!st)
        for (int i = 0; i < 3; i++) free(data[i]);
    return st;
}

/* Runs `gnuplot script` with its output in log; 0 when it exited 0. */
static int run_gnuplot(const char *script, const char *log, char *note, size_t cap) {
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa)) {
        snprintf(note, cap, "plots skipped: cannot start gnuplot");
        return 1;
    }
    int rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    rc = rc || posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    rc = rc || posix_spawn_file_actions_adddup2(&fa, 1, 2);
    char *argv[] = {(char *)"gnuplot", (char *)script, NULL};
    pid_t pid;
    if (!rc) rc = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc == ENOENT) {
        snprintf(note, cap, "plots skipped: gnuplot is not installed (tools/deps.sh "
                 "gnuplot-nox)");
        return 1;
    }
    if (rc) {
        snprintf(note, cap, "plots skipped: cannot start gnuplot: %s", strerror(rc));
        return 1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            snprintf(note, cap, "plots skipped: waiting for gnuplot: %s", strerror(errno));
            return 1;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(note, cap, "plots skipped: gnuplot failed (see %s)", log);
        return 1;
    }
    return 0;
}

/* Writes s as a gnuplot single-quoted string (a quote inside is doubled). */
static void gp_quoted(FILE *f, const char *s) {
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'') fputc('\'', f);
        fputc(*s, f);
    }
    fputc('\'', f);
}

static int write_file(const char *dir, const char *name, const char *prefix, const char *text,
                      char *path, size_t cap) {
    snprintf(path, cap, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) return 1;
    if (prefix) fputs(prefix, f);
    fputs(text, f);
    return fclose(f) != 0;
}

int rpt_plot(const char *dir, const rpt_data *d, char *note, size_t cap) {
    static const char *const files[3] = {"variance.dat", "cost.dat", "truncation.dat"};
    char path[4200], script_path[4200], log[4200], *script = NULL, *data[3] = {0};
    char *cd = NULL;
    size_t cdlen = 0;
    int figures = 0;
    if (build(d, &script, data, &figures)) {
        snprintf(note, cap, "plots skipped: %s", plt_error_last()->message);
        return 0;
    }
    int bad = 0;
    for (int i = 0; i < 3 && !bad; i++)
        bad = write_file(dir, files[i], NULL, data[i], path, sizeof path);
    /* gnuplot reads the data files from the report folder. */
    FILE *f = open_memstream(&cd, &cdlen);
    if (f) {
        fprintf(f, "cd ");
        gp_quoted(f, dir);
        fprintf(f, "\n");
        fclose(f);
    }
    if (!bad && cd) bad = write_file(dir, "plots.gp", cd, script, script_path, sizeof script_path);
    else bad = 1;
    free(cd);
    free(script);
    for (int i = 0; i < 3; i++) free(data[i]);
    if (bad) {
        snprintf(note, cap, "plots skipped: cannot write the plot data in %s: %s", dir,
                 strerror(errno));
        return 0;
    }
    if (!figures) {
        snprintf(note, cap, "plots skipped: no data to plot");
        return 0;
    }
    snprintf(log, sizeof log, "%s/gnuplot.log", dir);
    if (run_gnuplot(script_path, log, note, cap)) return 0;
    note[0] = 0;
    return figures;
}
