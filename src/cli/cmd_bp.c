/* plateau bp: the barren-plateau scan of a zoo family over sizes, or of QASM files. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/opts.h"
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

static void json_ci(const char *key, const plt_var_ci *v) {
    printf("\"%s\": {\"var\": ", key);
    cli_json_double(stdout, v->var);
    printf(", \"lo\": ");
    cli_json_double(stdout, v->lo);
    printf(", \"hi\": ");
    cli_json_double(stdout, v->hi);
    printf(", \"mean\": ");
    cli_json_double(stdout, v->mean);
    printf("}");
}

static void json_fit(const char *key, const plt_decay_fit *f) {
    printf("\"%s\": {\"decision\": ", key);
    cli_json_string(stdout, plt_decay_name(f->decision));
    printf(", \"rate\": ");
    cli_json_double(stdout, f->rate);
    printf(", \"rate_se\": ");
    cli_json_double(stdout, f->rate_se);
    printf(", \"rate_significant\": %s, \"exponent\": ", f->rate_significant ? "true" : "false");
    cli_json_double(stdout, f->exponent);
    printf(", \"exponent_se\": ");
    cli_json_double(stdout, f->exponent_se);
    printf(", \"exp_chi2\": ");
    cli_json_double(stdout, f->exp_fit.chi2);
    printf(", \"poly_chi2\": ");
    cli_json_double(stdout, f->poly_fit.chi2);
    printf(", \"delta_chi2\": ");
    cli_json_double(stdout, f->delta_chi2);
    printf(", \"exp_residuals\": [");
    for (size_t i = 0; i < f->exp_fit.npoints; i++) {
        printf("%s", i ? ", " : "");
        cli_json_double(stdout, f->exp_fit.resid[i]);
    }
    printf("], \"poly_residuals\": [");
    for (size_t i = 0; i < f->poly_fit.npoints; i++) {
        printf("%s", i ? ", " : "");
        cli_json_double(stdout, f->poly_fit.resid[i]);
    }
    printf("], \"evidence\": ");
    cli_json_string(stdout, f->evidence);
    printf("}");
}

static void print_json(const char *what, const plt_bp_result *r, const plt_bp_opts *o) {
    printf("{\"model\": ");
    cli_json_string(stdout, what);
    printf(", \"samples\": %zu, \"seed\": %llu, \"level\": ", o->samples,
           (unsigned long long)o->seed);
    cli_json_double(stdout, o->level);
    printf(", \"decision\": ");
    cli_json_string(stdout, plt_decay_name(r->grad_fit.decision));
    printf(", \"points\": [");
    for (size_t i = 0; i < r->npoints; i++) {
        const plt_bp_point *p = &r->points[i];
        printf("%s{\"n\": %d, \"parameters\": %d, \"engine\": ", i ? ", " : "", p->n, p->nparams);
        cli_json_string(stdout, p->engine[0] ? p->engine : NULL);
        printf(", \"note\": ");
        cli_json_string(stdout, p->note);
        printf(", \"seconds\": ");
        cli_json_double(stdout, p->seconds);
        if (p->engine[0]) {
            printf(", ");
            json_ci("loss", &p->loss);
            printf(", ");
            json_ci("grad_first", &p->grad_first);
            printf(", ");
            json_ci("grad_mean", &p->grad_mean);
        }
        printf(", \"dla_dim\": ");
        cli_json_double(stdout, p->dla_dim > 0 ? p->dla_dim : NAN);
        printf(", \"dla_complete\": %s, \"dla_prediction\": ", p->dla_complete ? "true" : "false");
        cli_json_double(stdout, p->dla_pred);
        printf("}");
    }
    printf("], ");
    json_fit("gradient_fit", &r->grad_fit);
    printf(", ");
    json_fit("loss_fit", &r->loss_fit);
    printf("}\n");
}

static void print_text(const char *what, const plt_bp_result *r, const plt_bp_opts *o) {
    printf("barren-plateau scan of %s: %zu samples per size, parameters uniform in [-r, r], "
           "%.0f%% intervals\n", what, o->samples, 100 * o->level);
    printf("%4s %6s %-12s %-30s %-30s %-30s %-10s %-10s %8s\n", "n", "params", "engine",
           "Var[L] [lo, hi]", "Var[dL/dt0] [lo, hi]", "mean_k Var[dL/dtk] [lo, hi]", "DLA dim",
           "DLA Var[L]", "seconds");
    for (size_t i = 0; i < r->npoints; i++) {
        const plt_bp_point *p = &r->points[i];
        char dim[24] = "-", pred[24] = "-";
        if (p->dla_dim > 0)
            snprintf(dim, sizeof dim, "%s%.0f", p->dla_complete ? "" : ">=", p->dla_dim);
        if (isfinite(p->dla_pred)) snprintf(pred, sizeof pred, "%.3e", p->dla_pred);
        if (!p->engine[0]) {
            printf("%4d %6d %-12s %s\n", p->n, p->nparams, "-", p->note);
            continue;
        }
        char a[64], b[64], c[64];
        snprintf(a, sizeof a, "%.3e [%.2e, %.2e]", p->loss.var, p->loss.lo, p->loss.hi);
        snprintf(b, sizeof b, "%.3e [%.2e, %.2e]", p->grad_first.var, p->grad_first.lo,
                 p->grad_first.hi);
        snprintf(c, sizeof c, "%.3e [%.2e, %.2e]", p->grad_mean.var, p->grad_mean.lo,
                 p->grad_mean.hi);
        printf("%4d %6d %-12s %-30s %-30s %-30s %-10s %-10s %8.3f\n", p->n, p->nparams, p->engine,
               a, b, c, dim, pred, p->seconds);
    }
    printf("decision   %s (gradient variance)\n", plt_decay_name(r->grad_fit.decision));
    printf("evidence   %s\n", r->grad_fit.evidence);
    printf("loss       %s: %s\n", plt_decay_name(r->loss_fit.decision), r->loss_fit.evidence);
}

int cli_cmd_bp(const cli_command *self, int argc, char **argv) {
    const char *sizes_text = NULL, *obs = NULL;
    int samples = 200, seed = 1, layers = 0, json = 0;
    double eps = 0, range = M_PI, level = 0.95, max_seconds = 0;
    const cli_opt opts[] = {
        {"--sizes", CLI_STRING, "4,6,...", "numbers of qubits to scan (zoo family)", &sizes_text,
         0, 0},
        {"--samples", CLI_INT, "S", "parameter draws per size (default 200)", &samples, 3,
         10000000},
        {"--seed", CLI_INT, "S", "seed of the draws (default 1)", &seed, 0, 2147483647},
        {"--layers", CLI_INT, "L", "layers (default: the family's)", &layers, 0, 100000},
        {"--eps", CLI_NUMBER, "E", "small-angle range of hea-small-angle (default 0.1)", &eps, 0,
         1e6},
        {"--obs", CLI_STRING, "EXPR", "observable of the QASM files", &obs, 0, 0},
        {"--range", CLI_NUMBER, "R", "QASM files: parameters uniform in [-R, R] (default pi)",
         &range, 1e-12, 1e6},
        {"--level", CLI_NUMBER, "P", "confidence level of the intervals (default 0.95)", &level,
         0.5, 0.9999},
        {"--max-seconds", CLI_NUMBER, "T", "skip a size predicted to take longer (0 = no limit)",
         &max_seconds, 0, 1e9},
        {"--json", CLI_FLAG, "", "print one JSON object", &json, 0, 0},
    };
    enum { MAXPOS = PLT_FIT_MAX_POINTS };
    const char *pos[MAXPOS];
    int npos;
    int r = cli_parse(self, opts, sizeof opts / sizeof opts[0], argc, argv, pos, MAXPOS, &npos);
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
    o.max_seconds = max_seconds;
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
        qasm_ctx q = {pos, obs, range};
        if (plt_bp_scan(build_qasm, &q, (size_t)npos, &o, &res)) {
            status = cli_fail_lib();
            goto done;
        }
    } else {
        if (npos > 1)
            return cli_error("bp: one zoo family at a time ('%s' then '%s'); QASM files end in "
                             ".qasm", pos[0], pos[1]);
        if (obs) return cli_error("--obs: a zoo family brings its own observable");
        size_t count = 0;
        if (cli_parse_numbers(sizes_text ? sizes_text : "4,6,8,10", "--sizes", 0, &vals, &count))
            return 1;
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
            status = cli_fail_lib();
            goto done;
        }
    }
    if (json)
        print_json(is_qasm ? "qasm files" : pos[0], res, &o);
    else
        print_text(is_qasm ? "the QASM files" : pos[0], res, &o);
    status = 0;
done:
    free(vals);
    plt_bp_result_free(res);
    return status;
}
