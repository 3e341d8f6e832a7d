/* The report's write step: the summary table, the findings (sentences computed from the
 * rows) and the Markdown and HTML files. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report_data.h"
#include "core/error.h"
#include "core/text.h"

const char *const rpt_headers[9] = {"family", "barren plateau", "DLA dim", "classical route",
                                    "largest n", "time", "error", "error vs exact",
                                    "scanned n"};

static const char *bp_word(int bp) {
    return bp == 1 ? "yes (exponential)" : bp == 0 ? "no (polynomial)" : "inconclusive";
}

/* The route with how its error is known: "ENGINE (exact)", "ENGINE, bound 2e-03", ... */
static void route_cell(const plt_report_row *r, char *cell, size_t cap) {
    if (!r->checked)
        snprintf(cell, cap, "verdict not run");
    else if (r->simulable && r->certified == PLT_CERT_EXACT)
        snprintf(cell, cap, "%s (exact)", r->route);
    else if (r->simulable && r->certified == PLT_CERT_WORST_CASE)
        snprintf(cell, cap, "%s, bound %.1g", r->route, r->error_bound);
    else if (r->simulable && r->certified == PLT_CERT_AVERAGE_CASE)
        snprintf(cell, cap, "%s, on average over parameters: rms %.1g", r->route, r->error);
    else if (r->route_found && r->cross_failed)
        snprintf(cell, cap, "%s (cross-check failed)", r->route);
    else if (r->route_found)
        snprintf(cell, cap, "%s (error not certified)", r->route);
    else
        snprintf(cell, cap, "none within budget");
}

void rpt_row_cells(const plt_report_row *r, int brief, char cells[9][160]) {
    const size_t cap = 160;
    snprintf(cells[0], cap, "%s", r->family);
    if (r->scan_max_n == 0)
        snprintf(cells[1], cap, "not scanned");
    else if (brief)
        snprintf(cells[1], cap, "%s", bp_word(r->bp));
    else if (r->bp == 1)
        snprintf(cells[1], cap, "yes: exp(-%.3g n), +-%.2g", r->rate, r->rate_se);
    else if (r->bp == 0 && r->exponent < 0)
        snprintf(cells[1], cap, "no: grows ~n^%.2g", -r->exponent);
    else if (r->bp == 0)
        snprintf(cells[1], cap, "no: ~n^-%.2g", r->exponent);
    else
        snprintf(cells[1], cap, "inconclusive (rate %.3g)", r->rate);
    if (r->dla_dim > 0 && brief && !r->dla_complete)
        /* How far an unfinished closure got depends on the clock's guard: not in the columns
         * that the same seed reproduces on any machine. */
        snprintf(cells[2], cap, "not closed (n=%d)", r->dla_n);
    else if (r->dla_dim > 0)
        snprintf(cells[2], cap, r->dla_dim < 1e15 ? "%s%.0f (n=%d)" : "%s%.3g (n=%d)",
                 r->dla_complete ? "" : ">=", r->dla_dim, r->dla_n);
    else
        snprintf(cells[2], cap, "-");
    route_cell(r, cells[3], cap);
    if (r->largest_n > 0)
        snprintf(cells[4], cap, "%d", r->largest_n);
    else
        snprintf(cells[4], cap, "-");
    if (r->largest_n > 0)
        snprintf(cells[5], cap, "%.3g s", r->seconds);
    else
        snprintf(cells[5], cap, "-");
    if (r->simulable && r->certified == PLT_CERT_EXACT)
        snprintf(cells[6], cap, "0 (exact)");
    else if (r->simulable && r->certified == PLT_CERT_AVERAGE_CASE)
        snprintf(cells[6], cap, "rms <= %.2g (average-case)", r->error);
    else if (r->simulable)
        snprintf(cells[6], cap, "<= %.2g (bound)", r->error_bound);
    else if (r->route_found) {
        char est[48] = "not converged", bound[48] = "no bound";
        if (isfinite(r->error)) snprintf(est, sizeof est, "~%.2g est.", r->error);
        if (isfinite(r->error_bound)) snprintf(bound, sizeof bound, "bound %.2g", r->error_bound);
        snprintf(cells[6], cap, "%s, %s", est, bound);
    } else
        snprintf(cells[6], cap, "-");
    if (r->route_found && isfinite(r->cross_error))
        snprintf(cells[7], cap, "%.2g (n=%d)", r->cross_error, r->cross_n);
    else
        snprintf(cells[7], cap, "-");
    if (r->scan_max_n == 0)
        snprintf(cells[8], cap, "-");
    else if (r->scan_skipped)
        snprintf(cells[8], cap, "%d..%d (%d skipped)", r->scan_min_n, r->scan_max_n,
                 r->scan_skipped);
    else
        snprintf(cells[8], cap, "%d..%d", r->scan_min_n, r->scan_max_n);
    /* Where the moment scan reached hangs on its wall-clock guard (path sampling): not in the
     * brief cells that the same seed reproduces on any machine. */
    if (!brief && r->moments_max_n > 0)
        plt_text_append(cells[8], cap, "; moments %d..%d", r->moments_min_n, r->moments_max_n);
}

static void md_text(FILE *f, const char *s) {
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

plt_status plt_report_table(const plt_report *r, int brief, char **text) {
    if (!r || !text) return plt_fail(PLT_EINVAL, "report: NULL report or output");
    *text = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return plt_fail_nomem("the summary table");
    int ncol = brief ? 5 : 9;
    fprintf(f, "|");
    for (int c = 0; c < ncol; c++) fprintf(f, " %s |", rpt_headers[c]);
    fprintf(f, "\n|");
    for (int c = 0; c < ncol; c++) fprintf(f, "---|");
    fprintf(f, "\n");
    for (size_t i = 0; i < r->nrows; i++) {
        char cells[9][160];
        rpt_row_cells(&r->rows[i], brief, cells);
        fprintf(f, "|");
        for (int c = 0; c < ncol; c++) {
            fputc(' ', f);
            md_text(f, cells[c]);
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

/* ---------- findings ---------- */

/* Writes "a, b and c" of the rows that `pick` selects; returns how many. */
typedef int (*row_pick)(const plt_report_row *r);

static int list_rows(FILE *f, const plt_report *rep, row_pick pick, int with_route) {
    int count = 0, total = 0;
    for (size_t i = 0; i < rep->nrows; i++) total += pick(&rep->rows[i]);
    for (size_t i = 0; i < rep->nrows; i++) {
        const plt_report_row *r = &rep->rows[i];
        if (!pick(r)) continue;
        count++;
        fprintf(f, "%s%s", count == 1 ? "" : count == total ? " and " : ", ", r->family);
        if (with_route) {
            char cell[160];
            route_cell(r, cell, sizeof cell);
            fprintf(f, " (%s)", cell);
        }
    }
    return count;
}

static int pick_bp(const plt_report_row *r) { return r->scan_max_n && r->bp == 1; }
static int pick_nobp(const plt_report_row *r) { return r->scan_max_n && r->bp == 0; }
static int pick_undecided(const plt_report_row *r) { return r->scan_max_n && r->bp == -1; }
static int pick_unscanned(const plt_report_row *r) { return !r->scan_max_n; }
static int pick_disagree(const plt_report_row *r) {
    return r->scan_max_n && r->bp != r->expect_bp;
}
static int pick_certified(const plt_report_row *r) { return r->simulable; }
static int pick_uncertified(const plt_report_row *r) { return !r->simulable && r->route_found; }
static int pick_noroute(const plt_report_row *r) { return r->checked && !r->route_found; }
static int pick_unfinished(const plt_report_row *r) { return r->unfinished[0] != 0; }

static int count_rows(const plt_report *rep, row_pick pick) {
    int n = 0;
    for (size_t i = 0; i < rep->nrows; i++) n += pick(&rep->rows[i]);
    return n;
}

/* One finding a line. */
static void findings(FILE *f, const plt_report *rep) {
    const plt_report_opts *o = &rep->opts;
    int lo = rep->nsizes ? rep->sizes[0] : 0, hi = rep->nsizes ? rep->sizes[rep->nsizes - 1] : 0;
    int nscanned = (int)rep->nrows - count_rows(rep, pick_unscanned);
    if (count_rows(rep, pick_bp)) {
        fprintf(f, "Barren plateau (the gradient variance decays exponentially over n = "
                   "%d..%d): ", lo, hi);
        list_rows(f, rep, pick_bp, 0);
        fprintf(f, ".\n");
    }
    if (count_rows(rep, pick_nobp)) {
        fprintf(f, "No barren plateau (polynomial decay, or growth, of the gradient variance): ");
        list_rows(f, rep, pick_nobp, 0);
        fprintf(f, ".\n");
    }
    if (count_rows(rep, pick_undecided)) {
        fprintf(f, "Inconclusive (neither decay fits clearly better; extend the sizes): ");
        list_rows(f, rep, pick_undecided, 0);
        fprintf(f, ".\n");
    }
    if (count_rows(rep, pick_unscanned)) {
        fprintf(f, "Not scanned within the budget: ");
        list_rows(f, rep, pick_unscanned, 0);
        fprintf(f, ".\n");
    }
    int ndis = count_rows(rep, pick_disagree);
    if (nscanned && !ndis) {
        fprintf(f, "The fits agree with the literature for %s %d families scanned.\n",
                nscanned == 1 ? "the" : "all", nscanned);
    } else if (nscanned) {
        fprintf(f, "The fits agree with the literature for %d of the %d families scanned; "
                   "not for ", nscanned - ndis, nscanned);
        int k = 0;
        for (size_t i = 0; i < rep->nrows; i++) {
            const plt_report_row *r = &rep->rows[i];
            if (!pick_disagree(r)) continue;
            fprintf(f, "%s%s (%s; the fit: %s)", k++ ? ", " : "", r->family, r->theory,
                    r->decision);
        }
        fprintf(f, ".\n");
    }
    if (count_rows(rep, pick_certified)) {
        fprintf(f, "Classically simulable at n = %d with a certified error (tolerance %.2g): ",
                o->big_n, o->tolerance);
        list_rows(f, rep, pick_certified, 1);
        fprintf(f, ".\n");
    }
    for (size_t i = 0; i < rep->nrows; i++) {
        const plt_report_row *r = &rep->rows[i];
        if (!pick_uncertified(r)) continue;
        fprintf(f, "%s at n = %d: %s (%s) gives %.6g, %s", r->family, r->big_n, r->route,
                r->setting, r->value,
                r->cross_failed ? "but its cross-check failed" : "error not certified");
        if (isfinite(r->error))
            fprintf(f, "; estimated error %.2g (the change between the last two truncations)",
                    r->error);
        else
            fprintf(f, "; the truncations did not converge");
        if (isfinite(r->error_bound))
            fprintf(f, ", rigorous bound %.2g %s the tolerance %.2g", r->error_bound,
                    r->error_bound > o->tolerance ? "over" : "within", o->tolerance);
        else
            fprintf(f, ", no rigorous bound");
        fprintf(f, ": not counted as simulable.\n");
    }
    if (count_rows(rep, pick_noroute)) {
        fprintf(f, "No classical route at n = %d within the verdict's budget: ", o->big_n);
        list_rows(f, rep, pick_noroute, 0);
        fprintf(f, ".\n");
    }
    int nfree = 0, nfree_sim = 0, nbp = 0, nbp_sim = 0;
    for (size_t i = 0; i < rep->nrows; i++) {
        const plt_report_row *r = &rep->rows[i];
        if (!r->scan_max_n || !r->checked) continue;
        if (r->bp == 0) nfree++, nfree_sim += r->simulable;
        if (r->bp == 1) nbp++, nbp_sim += r->simulable;
    }
    if (nfree || nbp)
        fprintf(f, "Without a barren plateau and certified simulable at n = %d: %d of %d "
                   "families; with a barren plateau: %d of %d.\n", o->big_n, nfree_sim, nfree,
                nbp_sim, nbp);
    fprintf(f, "Took %.1f s of a %.3g s budget", rep->seconds, o->budget_seconds);
    if (rep->interrupted)
        fprintf(f, "; stopped on request");
    if (!count_rows(rep, pick_unfinished)) {
        fprintf(f, "; every stage finished.\n");
    } else {
        fprintf(f, "; not finished: ");
        int k = 0;
        for (size_t i = 0; i < rep->nrows; i++) {
            const plt_report_row *r = &rep->rows[i];
            if (pick_unfinished(r))
                fprintf(f, "%s%s: %s", k++ ? "; " : "", r->family, r->unfinished);
        }
        fprintf(f, ". A larger --budget-seconds runs them.\n");
    }
    if (o->quick) {
        plt_report_opts full;
        plt_report_opts_init(&full);
        rpt_resolve_opts(&full, 0, &full);
        int sizes[16];
        size_t nsizes, samples;
        rpt_mode(0, sizes, &nsizes, &samples);
        fprintf(f, "Quick mode: scans at n = %d..%d with %zu draws, verdicts at tolerance %.2g; "
                   "plateau report without --quick scans n = %d..%d with %zu draws, at "
                   "tolerance %.2g, within %.3g s by default.\n", lo, hi, rep->samples,
                o->tolerance, sizes[0], sizes[nsizes - 1], samples, full.tolerance,
                full.budget_seconds);
    }
}

plt_status plt_report_findings(const plt_report *r, char **text) {
    if (!r || !text) return plt_fail(PLT_EINVAL, "report: NULL report or output");
    *text = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return plt_fail_nomem("the report's findings");
    findings(f, r);
    if (fclose(f) != 0 || !buf) {
        free(buf);
        return plt_fail_nomem("the report's findings");
    }
    *text = buf;
    return PLT_OK;
}

/* ---------- the files ---------- */

/* A DLA dimension for the tables: in full while exact in a double's digits, else 4.3e+38. */
static void dim_text(char *buf, size_t cap, const plt_bp_point *p, const char *ge) {
    snprintf(buf, cap, p->dla_dim < 1e15 ? "%s%.0f" : "%s%.3e", p->dla_complete ? "" : ge,
             p->dla_dim);
}

/* A point's engine cell: the engine, or "moments (exact)" / "(bounds)" / "(sampled paths)". */
static void engine_text(char *buf, size_t cap, const plt_bp_point *p) {
    if (p->route == PLT_BP_MOMENTS)
        snprintf(buf, cap, "moments (%s)", plt_moments_cert_name(p->moments_cert));
    else
        snprintf(buf, cap, "%s", p->engine);
}

static void scan_md(FILE *f, const plt_bp_result *b) {
    fprintf(f, "| n | params | engine | Var[L] [95%%] | Var[dL/dt0] [95%%] | mean_k "
               "Var[dL/dtk] [95%%] | DLA dim | DLA Var[L] (deep) |\n"
               "|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < b->npoints; i++) {
        const plt_bp_point *p = &b->points[i];
        if (!p->engine[0]) {
            fprintf(f, "| %d | %d | - | skipped: ", p->n, p->nparams);
            md_text(f, p->note);
            fprintf(f, " | | | | |\n");
            continue;
        }
        char dim[32] = "-", pred[32] = "-", eng[48];
        if (p->dla_dim > 0) dim_text(dim, sizeof dim, p, ">=");
        if (isfinite(p->dla_pred)) snprintf(pred, sizeof pred, "%.3e", p->dla_pred);
        engine_text(eng, sizeof eng, p);
        fprintf(f, "| %d | %d | %s | %.3e [%.2e, %.2e] | %.3e [%.2e, %.2e] | %.3e [%.2e, "
                   "%.2e] | %s | %s |\n", p->n, p->nparams, eng, p->loss.var,
                p->loss.lo, p->loss.hi, p->grad_first.var, p->grad_first.lo,
                p->grad_first.hi, p->grad_mean.var, p->grad_mean.lo, p->grad_mean.hi, dim,
                pred);
    }
    fprintf(f, "\nDecision: **%s**. ", plt_decay_name(b->grad_fit.decision));
    md_text(f, b->grad_fit.evidence);
    fprintf(f, "\n");
}

static void details_md(FILE *f, const plt_report_row *r, const plt_bp_result *b,
                       const plt_bp_result *m) {
    fprintf(f, "\n### %s\n\n", r->family);
    if (b) {
        if (m) fprintf(f, "Sampled parameters (the cross-check):\n\n");
        scan_md(f, b);
    }
    if (m) {
        fprintf(f, "\nMoment propagation (exact variances over the parameter distribution, "
                   "or certain bounds; no draws):\n\n");
        scan_md(f, m);
        if (r->sample_decision[0])
            fprintf(f, "\nThe row's decision is the moment scan's (to n = %d); the sampled "
                       "scan's is %s.\n", r->moments_max_n, r->sample_decision);
    }
    fprintf(f, "\nTheory: ");
    md_text(f, r->theory);
    fprintf(f, ".\n\nBudgets (planned on predicted cost): scan %.3g s, verdict %.3g s.\n",
            r->scan_budget, r->check_budget);
    if (r->checked) {
        fprintf(f, "\nLarge n: ");
        md_text(f, r->note);
        fprintf(f, "\n");
    }
    if (r->unfinished[0]) {
        fprintf(f, "\nNot finished: ");
        md_text(f, r->unfinished);
        fprintf(f, ".\n");
    }
}

static void scan_html(FILE *f, const plt_bp_result *b) {
    fprintf(f, "<table><tr><th>n</th><th>params</th><th>engine</th><th>Var[L] "
               "[95%%]</th><th>Var[dL/d&theta;<sub>0</sub>] [95%%]</th><th>mean<sub>k"
               "</sub> Var[dL/d&theta;<sub>k</sub>] [95%%]</th><th>DLA dim</th><th>DLA "
               "Var[L] (deep)</th></tr>\n");
    for (size_t i = 0; i < b->npoints; i++) {
        const plt_bp_point *p = &b->points[i];
        if (!p->engine[0]) {
            fprintf(f, "<tr><td>%d</td><td>%d</td><td colspan=6>skipped: ", p->n, p->nparams);
            html_text(f, p->note);
            fprintf(f, "</td></tr>\n");
            continue;
        }
        char dim[32] = "-", pred[32] = "-", eng[48];
        if (p->dla_dim > 0) dim_text(dim, sizeof dim, p, "&ge;");
        if (isfinite(p->dla_pred)) snprintf(pred, sizeof pred, "%.3e", p->dla_pred);
        engine_text(eng, sizeof eng, p);
        fprintf(f, "<tr><td>%d</td><td>%d</td><td>%s</td><td>%.3e [%.2e, %.2e]</td><td>"
                   "%.3e [%.2e, %.2e]</td><td>%.3e [%.2e, %.2e]</td><td>%s</td><td>%s</td>"
                   "</tr>\n", p->n, p->nparams, eng, p->loss.var, p->loss.lo,
                p->loss.hi, p->grad_first.var, p->grad_first.lo, p->grad_first.hi,
                p->grad_mean.var, p->grad_mean.lo, p->grad_mean.hi, dim, pred);
    }
    fprintf(f, "</table>\n<p>Decision: <b>%s</b>. ", plt_decay_name(b->grad_fit.decision));
    html_text(f, b->grad_fit.evidence);
    fprintf(f, "</p>\n");
}

static void details_html(FILE *f, const plt_report_row *r, const plt_bp_result *b,
                         const plt_bp_result *m) {
    fprintf(f, "<h3>%s</h3>\n", r->family);
    if (b) {
        if (m) fprintf(f, "<p>Sampled parameters (the cross-check):</p>\n");
        scan_html(f, b);
    }
    if (m) {
        fprintf(f, "<p>Moment propagation (exact variances over the parameter distribution, "
                   "or certain bounds; no draws):</p>\n");
        scan_html(f, m);
        if (r->sample_decision[0])
            fprintf(f, "<p>The row's decision is the moment scan's (to n = %d); the sampled "
                       "scan's is %s.</p>\n", r->moments_max_n, r->sample_decision);
    }
    fprintf(f, "<p>Theory: ");
    html_text(f, r->theory);
    fprintf(f, ".</p>\n<p>Budgets (planned on predicted cost): scan %.3g s, verdict %.3g s."
               "</p>\n", r->scan_budget, r->check_budget);
    if (r->checked) {
        fprintf(f, "<p>Large n: ");
        html_text(f, r->note);
        fprintf(f, "</p>\n");
    }
    if (r->unfinished[0]) {
        fprintf(f, "<p>Not finished: ");
        html_text(f, r->unfinished);
        fprintf(f, ".</p>\n");
    }
}

static FILE *open_in(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return fopen(path, "w");
}

/* The findings as a list, one item a line. */
static void findings_md(FILE *f, const char *text) {
    for (const char *s = text; *s;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        fprintf(f, "- %.*s\n", (int)len, s);
        s += len + (nl != NULL);
    }
}

static void findings_html(FILE *f, const char *text) {
    fprintf(f, "<ul>\n");
    for (const char *s = text; *s;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        char line[2048];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), s);
        fprintf(f, "<li>");
        html_text(f, line);
        fprintf(f, "</li>\n");
        s += len + (nl != NULL);
    }
    fprintf(f, "</ul>\n");
}

static const char method[] =
    "The decision fits log of the mean gradient variance against n (exponential) and log n "
    "(power law) by weighted least squares: exponential when the decay rate is over 3 "
    "standard errors and the exponential fit beats the power law by a chi-square margin of "
    "%.0f, polynomial when the power law wins by that margin or no decay faster than 0.1 per "
    "qubit is allowed, else inconclusive. The DLA prediction is the Haar value for deep "
    "circuits (Ragone et al. 2024). A verdict counts as classically simulable only when its "
    "error is certified within the tolerance: an exact route, or a rigorous bound (for "
    "truncated Pauli propagation, the sum of |coefficients| of every dropped term); a route "
    "whose error is only estimated (the change between two truncation steps) is shown as "
    "not certified.";

static const char *const figure_names[3] = {"variance", "cost", "truncation"};
static const char *const figure_alts[3] = {
    "gradient variance against n per family",
    "seconds per evaluation against n, one line per family and engine",
    "change of the truncated value against the truncation threshold per family"};

plt_status rpt_write(const char *dir, const rpt_data *d) {
    const plt_report *out = d->out;
    const plt_report_opts *o = &out->opts;
    char *table = NULL, *found = NULL;
    FILE *md = NULL, *html = NULL;
    plt_status st;
    if ((st = plt_report_table(out, 0, &table)) || (st = plt_report_findings(out, &found)))
        goto done;
    md = open_in(dir, "report.md");
    html = open_in(dir, "report.html");
    if (!md || !html) {
        st = plt_fail_at(PLT_EIO, dir, 0, 0, "cannot write the report: %s", strerror(errno));
        goto done;
    }
    int lo = out->nsizes ? out->sizes[0] : 0, hi = out->nsizes ? out->sizes[out->nsizes - 1] : 0;
    char intro[600];
    snprintf(intro, sizeof intro, "Does each model of the zoo have a barren plateau, and which "
             "classical method simulates it? Scans at n = %d..%d with %zu parameter draws per "
             "size (uniform in the family's range, seed %llu); verdicts at n = %d with "
             "tolerance %.2g, each cross-checked against an independent exact engine on the "
             "family at n = 8.", lo, hi,
             out->samples, (unsigned long long)o->seed, o->big_n, o->tolerance);
    fprintf(md, "# plateau report\n\n%s\n\n%s\n", intro, table);
    findings_md(md, found);
    fprintf(html, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>plateau "
                  "report</title>\n<style>body{font-family:sans-serif;max-width:1200px;margin:"
                  "2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:"
                  "1px solid #bbb;padding:4px 8px;font-size:90%%}th{background:#eee}"
                  ".yes{background:#fdd}.no{background:#dfd}.und{background:#ffd}img{max-width:"
                  "100%%}</style></head><body>\n<h1>plateau report</h1>\n<p>");
    html_text(html, intro);
    fprintf(html, "</p>\n<h2>Summary</h2>\n<table><tr>");
    for (int c = 0; c < 9; c++) fprintf(html, "<th>%s</th>", rpt_headers[c]);
    fprintf(html, "</tr>\n");
    for (size_t i = 0; i < out->nrows; i++) {
        char cells[9][160];
        rpt_row_cells(&out->rows[i], 0, cells);
        const char *cls = out->rows[i].bp == 1 ? "yes" : out->rows[i].bp == 0 ? "no" : "und";
        fprintf(html, "<tr>");
        for (int c = 0; c < 9; c++) {
            fprintf(html, c == 1 ? "<td class=\"%s\">" : "<td>", cls);
            html_text(html, cells[c]);
            fprintf(html, "</td>");
        }
        fprintf(html, "</tr>\n");
    }
    fprintf(html, "</table>\n<h2>Findings</h2>\n");
    findings_html(html, found);
    fprintf(html, "<h2>Plots</h2>\n");
    fprintf(md, "\n## Plots\n\n");
    if (out->plots) {
        for (int i = 0; i < 3; i++) {
            if (!(out->plots & (1 << i))) continue;
            fprintf(html, "<p><img src=\"%s.png\" alt=\"%s\"> <a href=\"%s.svg\">SVG</a></p>\n",
                    figure_names[i], figure_alts[i], figure_names[i]);
            fprintf(md, "![%s](%s.png) ([SVG](%s.svg))\n\n", figure_alts[i], figure_names[i],
                    figure_names[i]);
        }
    } else {
        fprintf(html, "<p>");
        html_text(html, out->plot_note);
        fprintf(html, "</p>\n");
        fprintf(md, "%s\n", out->plot_note);
    }
    fprintf(html, "<h2>Details</h2>\n");
    fprintf(md, "\n## Details\n");
    for (size_t i = 0; i < out->nrows; i++) {
        details_md(md, &out->rows[i], d->scans[i], d->mscans[i]);
        details_html(html, &out->rows[i], d->scans[i], d->mscans[i]);
    }
    fprintf(md, "\n## Method\n\n");
    fprintf(md, method, PLT_DECAY_DELTA);
    fprintf(md, "\n");
    fprintf(html, "<h2>Method</h2>\n<p>");
    fprintf(html, method, PLT_DECAY_DELTA);
    fprintf(html, "</p>\n</body></html>\n");
    if (ferror(md) || ferror(html))
        st = plt_fail_at(PLT_EIO, dir, 0, 0, "writing the report failed");
done:
    if (md && fclose(md) != 0 && !st)
        st = plt_fail_at(PLT_EIO, dir, 0, 0, "report.md: write failed");
    if (html && fclose(html) != 0 && !st)
        st = plt_fail_at(PLT_EIO, dir, 0, 0, "report.html: write failed");
    free(table);
    free(found);
    return st;
}
