/* plateau bp: the barren-plateau scan of a zoo family over sizes, or of QASM files. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json.h"
#include "cli/opts.h"
#include "cli/progress.h"
#include "cli/settings_opts.h"
#include "plateau/scan.h"

typedef struct qasm_ctx {
    const char **files;
    const char *obs;
    double range;
} qasm_ctx;

static plt_status build_qasm(void *ctx, size_t i, plt_circuit **c, plt_psum **obs, double *range) {
    const qasm_ctx *q = ctx;
    *obs = NULL;
    plt_status st = plt_qasm_read_file(q->files[i], c, NULL);
    if (st) return st;
    st = plt_psum_parse_hermitian(q->obs, plt_circuit_nqubits(*c), "--obs", obs);
    if (st) {
        plt_circuit_free(*c);
        *c = NULL;
        return st;
    }
    *range = q->range;
    return PLT_OK;
}

static void json_ci(cli_json *w, const char *key, const plt_var_ci *v) {
    cli_json_begin_object(w, key);
    cli_json_num(w, "var", v->var);
    cli_json_num(w, "lo", v->lo);
    cli_json_num(w, "hi", v->hi);
    cli_json_num(w, "mean", v->mean);
    cli_json_end_object(w);
}

static void json_residuals(cli_json *w, const char *key, const plt_linfit *fit) {
    cli_json_begin_array(w, key);
    for (size_t i = 0; i < fit->npoints; i++) cli_json_num(w, NULL, fit->resid[i]);
    cli_json_end_array(w);
}

static void json_fit(cli_json *w, const char *key, const plt_decay_fit *f) {
    cli_json_begin_object(w, key);
    cli_json_str(w, "decision", plt_decay_name(f->decision));
    cli_json_num(w, "rate", f->rate);
    cli_json_num(w, "rate_se", f->rate_se);
    cli_json_bool(w, "rate_significant", f->rate_significant);
    cli_json_num(w, "exponent", f->exponent);
    cli_json_num(w, "exponent_se", f->exponent_se);
    cli_json_num(w, "exp_chi2", f->exp_fit.chi2);
    cli_json_num(w, "poly_chi2", f->poly_fit.chi2);
    cli_json_num(w, "delta_chi2", f->delta_chi2);
    json_residuals(w, "exp_residuals", &f->exp_fit);
    json_residuals(w, "poly_residuals", &f->poly_fit);
    cli_json_str(w, "evidence", f->evidence);
    cli_json_end_object(w);
}

static void json_point(cli_json *w, const plt_bp_point *p) {
    int skipped = p->route == PLT_BP_SKIPPED;
    cli_json_begin_object(w, NULL);
    cli_json_int(w, "n", p->n);
    cli_json_int(w, "parameters", p->nparams);
    cli_json_str(w, "engine", p->engine[0] ? p->engine : NULL);
    cli_json_str(w, "note", p->note);
    cli_json_str(w, "route", plt_bp_route_name(p->route));
    cli_json_str(w, "method", skipped ? NULL : p->route == PLT_BP_MOMENTS ? "moments" : "sample");
    cli_json_str(w, "certified", p->route == PLT_BP_MOMENTS
                                     ? plt_moments_cert_name(p->moments_cert) : NULL);
    if (p->route == PLT_BP_MOMENTS && p->moments_cert == PLT_MOMENTS_SAMPLED)
        cli_json_num(w, "paths_level", p->moments_level);
    cli_json_str(w, "setting", p->setting[0] ? p->setting : NULL);
    cli_json_num(w, "error_bound", p->error_bound);
    cli_json_bool(w, "gradient_certified", !skipped && p->grad_certified);
    cli_json_str(w, "skipped", skipped ? p->note : NULL);
    cli_json_num(w, "predicted_seconds", p->predicted_seconds);
    cli_json_num(w, "seconds", p->seconds);
    if (!skipped) {
        json_ci(w, "loss", &p->loss);
        json_ci(w, "grad_first", &p->grad_first);
        json_ci(w, "grad_mean", &p->grad_mean);
    }
    cli_json_num(w, "dla_dim", p->dla_dim > 0 ? p->dla_dim : NAN);
    cli_json_bool(w, "dla_complete", p->dla_complete);
    cli_json_num(w, "dla_prediction", p->dla_pred);
    cli_json_str(w, "dla_note", p->dla_note);
    cli_json_end_object(w);
}

static void print_json(const char *what, const plt_bp_result *r, const plt_bp_opts *o) {
    cli_json w;
    cli_json_init(&w, stdout);
    cli_json_begin_object(&w, NULL);
    cli_json_str(&w, "model", what);
    cli_json_uint(&w, "samples", o->samples);
    cli_json_uint(&w, "seed", o->seed);
    cli_json_num(&w, "level", o->level);
    cli_json_str(&w, "method", plt_bp_method_name(o->method));
    if (o->dist_given) {
        cli_json_begin_object(&w, "distribution");
        cli_json_str(&w, "kind", o->dist.kind == PLT_DIST_NORMAL ? "normal" : "uniform");
        cli_json_num(&w, o->dist.kind == PLT_DIST_NORMAL ? "sigma" : "width", o->dist.width);
        cli_json_end_object(&w);
    }
    cli_json_num(&w, "noise", o->noise);
    cli_json_num(&w, "dephasing", o->dephasing);
    cli_json_num(&w, "budget_seconds", o->max_seconds);
    cli_json_num(&w, "predicted_seconds", r->predicted_seconds);
    cli_json_num(&w, "seconds", r->seconds);
    cli_json_str(&w, "decision", plt_decay_name(r->grad_fit.decision));
    cli_json_str(&w, "decision_note", r->decision_note);
    cli_json_uint(&w, "skipped", r->skipped);
    cli_json_begin_array(&w, "points");
    for (size_t i = 0; i < r->npoints; i++) json_point(&w, &r->points[i]);
    cli_json_end_array(&w);
    json_fit(&w, "gradient_fit", &r->grad_fit);
    json_fit(&w, "loss_fit", &r->loss_fit);
    cli_json_end_object(&w);
}

static void print_text(const char *what, const plt_bp_result *r, const plt_bp_opts *o) {
    char dist[64] = "uniform in [-r, r]";
    if (o->dist_given && o->dist.kind == PLT_DIST_NORMAL)
        snprintf(dist, sizeof dist, "normal with sigma %g", o->dist.width);
    else if (o->dist_given)
        snprintf(dist, sizeof dist, "uniform in [-%g, %g]", o->dist.width, o->dist.width);
    printf("barren-plateau scan of %s: method %s, %zu samples per sampled size, parameters %s, "
           "%.0f%% intervals\n", what, plt_bp_method_name(o->method), o->samples, dist,
           100 * o->level);
    if (o->noise > 0 || o->dephasing > 0)
        printf("noisy model: depolarising noise %g and dephasing %g per qubit per op, after each "
               "op on its qubits; routes are engines that model noise\n", o->noise,
               o->dephasing);
    printf("%4s %6s %-12s %-15s %-30s %-30s %-30s %-10s %-10s %8s\n", "n", "params", "engine",
           "route", "Var[L] [lo, hi]", "Var[dL/dt0] [lo, hi]", "mean_k Var[dL/dtk] [lo, hi]",
           "DLA dim", "DLA Var[L]", "seconds");
    for (size_t i = 0; i < r->npoints; i++) {
        const plt_bp_point *p = &r->points[i];
        char dim[24] = "-", pred[24] = "-";
        if (p->dla_dim > 0)
            snprintf(dim, sizeof dim, p->dla_dim < 1e15 ? "%s%.0f" : "%s%.3e",
                     p->dla_complete ? "" : ">=", p->dla_dim);
        if (isfinite(p->dla_pred)) snprintf(pred, sizeof pred, "%.3e", p->dla_pred);
        if (p->route == PLT_BP_SKIPPED) {
            printf("%4d %6d %-12s %-15s %s\n", p->n, p->nparams, "-", "skipped", p->note);
            continue;
        }
        char a[64], b[64], c[64], route[32] = "exact";
        if (p->route == PLT_BP_TRUNCATED)
            snprintf(route, sizeof route, "eps %.2e", p->error_bound);
        else if (p->route == PLT_BP_MOMENTS)
            snprintf(route, sizeof route, "%s", plt_moments_cert_name(p->moments_cert));
        snprintf(a, sizeof a, "%.3e [%.2e, %.2e]", p->loss.var, p->loss.lo, p->loss.hi);
        snprintf(b, sizeof b, "%.3e [%.2e, %.2e]%s", p->grad_first.var, p->grad_first.lo,
                 p->grad_first.hi, p->grad_certified ? "" : "*");
        snprintf(c, sizeof c, "%.3e [%.2e, %.2e]%s", p->grad_mean.var, p->grad_mean.lo,
                 p->grad_mean.hi, p->grad_certified ? "" : "*");
        printf("%4d %6d %-12s %-15s %-30s %-30s %-30s %-10s %-10s %8.3f\n", p->n, p->nparams,
               p->engine, route, a, b, c, dim, pred, p->seconds);
    }
    int starred = 0;
    for (size_t i = 0; i < r->npoints; i++) {
        const plt_bp_point *p = &r->points[i];
        if (p->route == PLT_BP_TRUNCATED || p->route == PLT_BP_MOMENTS ||
            (p->route != PLT_BP_SKIPPED && strstr(p->note, "sampled: ")))
            printf("n = %d: %s\n", p->n, p->note);
        starred |= p->route != PLT_BP_SKIPPED && !p->grad_certified;
    }
    if (starred) printf("* of the truncated surrogate: estimated, not certified\n");
    for (size_t i = 0; i < r->npoints; i++)
        if (r->points[i].dla_note[0])
            printf("DLA at n = %d: %s\n", r->points[i].n, r->points[i].dla_note);
    printf("decision   %s (gradient variance)\n", plt_decay_name(r->grad_fit.decision));
    if (r->decision_note[0]) printf("rests on   %s\n", r->decision_note);
    printf("evidence   %s\n", r->grad_fit.evidence);
    printf("loss       %s: %s\n", plt_decay_name(r->loss_fit.decision), r->loss_fit.evidence);
    if (o->max_seconds > 0)
        printf("budget     %.3g s: %.3g s charged on predicted cost; %.3g s wall\n",
               o->max_seconds, r->predicted_seconds, r->seconds);
    else
        printf("budget     none: %.3g s predicted; %.3g s wall\n", r->predicted_seconds,
               r->seconds);
}

int cli_cmd_bp(const cli_command *self, int argc, char **argv) {
    const char *sizes_text = NULL, *obs = NULL;
    int samples = 200, seed = 1, layers = 0, json = 0, route = 0;
    int method = 0;
    double eps = 0, range = 0, sigma = 0, level = 0.95, max_seconds = 0, budget = 60, max_memory = 0;
    double noise = 0, dephasing = 0;
    const cli_opt opts[] = {
        {"--sizes", CLI_STRING, "4,6,...", "numbers of qubits to scan (zoo family)", &sizes_text,
         0, 0},
        {"--samples", CLI_INT, "S", "parameter draws per size (default 200)", &samples, 3,
         10000000},
        {"--seed", CLI_INT, "S", "seed of the draws (default 1)", &seed, 0, 2147483647},
        {"--layers", CLI_INT, "L", "layers (default: the family's)", &layers, 0, 100000},
        {"--eps", CLI_NUMBER, "E", "parameters uniform in [-E, E] (hea-small-angle: its "
         "small-angle range, default 0.1)", &eps, 0, 1e6},
        {"--obs", CLI_STRING, "EXPR", "observable of the QASM files", &obs, 0, 0},
        {"--range", CLI_NUMBER, "R", "parameters uniform in [-R, R] (default pi, or the "
         "family's range)", &range, 1e-12, 1e6},
        {"--sigma", CLI_NUMBER, "S", "parameters normal with standard deviation S", &sigma,
         1e-12, 1e6},
        {"--method", CLI_CHOICE, "auto|moments|sample", "moment propagation when it applies "
         "and fits the size's share, else sampling (auto, the default); moments whenever they "
         "apply (truncated or sampled paths to fit); parameter sampling only", &method, 0, 0},
        {"--level", CLI_NUMBER, "P", "confidence level of the intervals (default 0.95)", &level,
         0.5, 0.9999},
        {"--budget-seconds", CLI_NUMBER, "T", "the whole scan's budget, on predicted cost "
         "(default 60; 0 = no limit)", &budget, 0, 1e9},
        {"--max-seconds", CLI_NUMBER, "T", "at most T predicted seconds for one size (0 = no "
         "limit beyond its share of the budget)", &max_seconds, 0, 1e9},
        {"--max-memory", CLI_BYTES, "BYTES", "memory per plan, e.g. 2G (default: available)",
         &max_memory, 0, 0},
        {"--route", CLI_CHOICE, "auto|exact|truncated", "exact when it fits, else truncated "
         "(auto, the default); exact only; truncated only", &route, 0, 0},
        {"--noise", CLI_NUMBER, "P", "scan the noisy model: depolarising probability on each "
         "qubit an op touches, after the op (routes: engines that model noise)", &noise, 0,
         0.999999},
        {"--dephasing", CLI_NUMBER, "P", "dephasing probability (rho -> (1-P) rho + P Z rho Z) "
         "on each qubit an op touches, after the op; combines with --noise", &dephasing, 0, 1},
        {"--json", CLI_FLAG, "", "print one JSON object", &json, 0, 0},
    };
    /* Engine settings (--max-weight, --min-abs, ...) fix the truncated route's settings; none
     * given: it walks the approximate engine's ladder. */
    cli_settings_opts so;
    cli_settings_opts_make(&so, opts, sizeof opts / sizeof opts[0]);
    enum { MAXPOS = PLT_FIT_MAX_POINTS };
    const char *pos[MAXPOS];
    int npos;
    int r = cli_parse(self, so.opts, so.n, argc, argv, pos, MAXPOS, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    if (npos < 1)
        return cli_error("bp: missing the model (a zoo family such as hea-local, or QASM files "
                         "with --obs; see plateau bp --help)");
    plt_bp_opts o;
    plt_bp_opts_init(&o);
    o.samples = (size_t)samples;
    o.seed = (uint64_t)seed;
    o.level = level;
    o.max_seconds = budget;
    o.size_max_seconds = max_seconds;
    o.max_memory = max_memory;
    o.noise = noise;
    o.dephasing = dephasing;
    o.policy = route == 1 ? PLT_BP_EXACT_ONLY : route == 2 ? PLT_BP_TRUNCATED_ONLY : PLT_BP_AUTO;
    o.method = method == 1 ? PLT_BP_METHOD_MOMENTS
             : method == 2 ? PLT_BP_METHOD_SAMPLE : PLT_BP_METHOD_AUTO;
    if ((range > 0) + (eps > 0) + (sigma > 0) > 1)
        return cli_error("--range, --eps, --sigma: give one distribution of the parameters");
    if (range > 0 || eps > 0 || sigma > 0) {
        o.dist_given = 1;
        o.dist.kind = sigma > 0 ? PLT_DIST_NORMAL : PLT_DIST_UNIFORM;
        o.dist.width = sigma > 0 ? sigma : range > 0 ? range : eps;
    }
    plt_settings *settings = NULL;
    cli_progress bar;
    cli_progress_init(&bar);
    o.progress_fn = cli_progress_report;
    o.progress_ctx = &bar;
    plt_bp_result *res = NULL;
    double *vals = NULL;
    int status = 1;
    size_t nl = strlen(pos[0]);
    int is_qasm = nl > 5 && strcmp(pos[0] + nl - 5, ".qasm") == 0;
    if (is_qasm) {
        if (!obs) return cli_error("--obs: QASM files need an observable (e.g. --obs Z0)");
        if (sizes_text)
            return cli_error("--sizes: the sizes of QASM files are their own; give the files "
                             "in increasing size instead");
        if (cli_settings_collect(&so, &settings)) return 1;
        o.settings = settings;
        qasm_ctx q = {pos, obs, range > 0 ? range : M_PI};
        if (plt_bp_scan(build_qasm, &q, (size_t)npos, &o, &res)) {
            cli_progress_end(&bar);
            status = cli_fail_lib();
            goto done;
        }
    } else {
        if (npos > 1)
            return cli_error("bp: one zoo family at a time ('%s' then '%s'); QASM files end in "
                             ".qasm", pos[0], pos[1]);
        if (obs) return cli_error("--obs: a zoo family brings its own observable");
        if (cli_settings_collect(&so, &settings)) return 1;
        o.settings = settings;
        size_t count = 0;
        if (cli_parse_numbers(sizes_text ? sizes_text : "4,6,8,10", "--sizes", 0, &vals, &count))
            goto done;
        if (count < 1 || count > PLT_FIT_MAX_POINTS) {
            status = cli_error("--sizes: %zu sizes; give 1 to %d", count, PLT_FIT_MAX_POINTS);
            goto done;
        }
        int sizes[PLT_FIT_MAX_POINTS];
        for (size_t i = 0; i < count; i++) {
            if (vals[i] != floor(vals[i]) || vals[i] < 1 || vals[i] > 1e6) {
                status = cli_error("--sizes: %g is not a number of qubits (give integers from 1)",
                                   vals[i]);
                goto done;
            }
            sizes[i] = (int)vals[i];
        }
        if (plt_bp_scan_zoo(pos[0], sizes, count, layers, eps, &o, &res)) {
            cli_progress_end(&bar);
            status = cli_fail_lib();
            goto done;
        }
    }
    cli_progress_end(&bar);
    if (json)
        print_json(is_qasm ? "qasm files" : pos[0], res, &o);
    else
        print_text(is_qasm ? "the QASM files" : pos[0], res, &o);
    status = 0;
done:
    plt_settings_free(settings);
    free(vals);
    plt_bp_result_free(res);
    return status;
}
