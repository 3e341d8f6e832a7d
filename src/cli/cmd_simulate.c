/* plateau simulate: the command every engine plugs into. Validates everything the
 * user typed against the circuit before any engine runs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json.h"
#include "cli/opts.h"
#include "cli/progress.h"
#include "cli/settings_opts.h"

typedef struct sim_args {
    const char *file, *obs, *obs_file, *params, *params_file, *state, *engine;
    int grad, grad_method, json, from_angles, threads;
    double max_memory;
    /* engine knobs (plt_opts); a negative value means "not given" */
    double noise, dephasing;
} sim_args;

/* 1 (after printing the error) when no engine of that name is registered. */
static int check_engine(const char *name) {
    size_t ne = plt_engine_count();
    if (strcmp(name, "auto") == 0 && ne > 0) return 0;
    for (size_t i = 0; i < ne; i++)
        if (plt_engine_name(i) && strcmp(plt_engine_name(i), name) == 0) return 0;
    char list[512] = "";
    size_t len = 0;
    for (size_t i = 0; i < ne; i++) {
        int w = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", plt_engine_name(i));
        if (w < 0 || (size_t)w >= sizeof list - len) break;
        len += (size_t)w;
    }
    size_t nl = strlen(name);
    if (ne == 0)
        return cli_error("--engine: '%.*s%s' is not available: no engine is registered in this "
                         "build yet", (int)(nl > 60 ? 60 : nl), name, nl > 60 ? "..." : "");
    return cli_error("--engine: '%.*s%s' is not a registered engine (registered: %s)",
                     (int)(nl > 60 ? 60 : nl), name, nl > 60 ? "..." : "", list);
}

static int read_observable(const sim_args *a, int n, plt_psum **obs) {
    if (a->obs) return plt_psum_parse_hermitian(a->obs, n, "--obs", obs) ? cli_fail_lib() : 0;
    char *text = NULL;
    if (cli_read_file(a->obs_file, "--obs-file", &text)) return 1;
    int r = plt_psum_parse_hermitian(text, n, a->obs_file, obs) ? cli_fail_lib() : 0;
    free(text);
    return r;
}

/* The values of --params or --params-file, checked as numbers before the circuit is read. */
static int load_params(const sim_args *a, double **vals, size_t *count) {
    *vals = NULL;
    *count = 0;
    if (a->params) return cli_parse_numbers(a->params, "--params", 0, vals, count);
    if (!a->params_file) return 0;
    char *text = NULL;
    if (cli_read_file(a->params_file, "--params-file", &text)) return 1;
    int r = cli_parse_numbers(text, a->params_file, 1, vals, count);
    free(text);
    return r;
}

/* The parameter values in declaration order: the loaded ones, or the circuit's own. */
static int resolve_params(const sim_args *a, const plt_circuit *c, double **vals, size_t count) {
    int np = plt_circuit_nparams(c);
    if (a->params || a->params_file) {
        if (count != (size_t)np)
            return cli_error("%s: %zu value%s given, but the circuit has %d parameter%s (give one "
                             "value per parameter, in declaration order; see plateau info)",
                             a->params ? "--params" : "--params-file", count,
                             count == 1 ? "" : "s", np, np == 1 ? "" : "s");
        return 0;
    }
    free(*vals);
    *vals = calloc((size_t)np + 1, sizeof **vals);
    if (!*vals) return cli_error("plateau: out of memory for %d parameters", np);
    for (int k = 0; k < np; k++) {
        double v = plt_circuit_param_init(c, k);
        if (!isfinite(v))
            return cli_error("--params: this circuit has %d parameter%s ('%s' has no initial "
                             "value); give them with --params v1,v2,... or --params-file F",
                             np, np == 1 ? "" : "s", plt_circuit_param_name(c, k));
        (*vals)[k] = v;
    }
    return 0;
}

static void print_json(const sim_args *a, const plt_circuit *c, const plt_engine *e, double value,
                       const double *grad, double seconds, const plt_stats *st) {
    int np = plt_circuit_nparams(c);
    cli_json w;
    cli_json_init(&w, stdout);
    cli_json_begin_object(&w, NULL);
    cli_json_str(&w, "file", a->file);
    cli_json_str(&w, "engine", plt_engine_plan_name(e));
    cli_json_bool(&w, "exact", plt_engine_exact(e));
    cli_json_int(&w, "qubits", plt_circuit_nqubits(c));
    cli_json_int(&w, "parameters", np);
    cli_json_num(&w, "value", value);
    if (grad) {
        cli_json_begin_array(&w, "gradient");
        for (int k = 0; k < np; k++) cli_json_num(&w, NULL, grad[k]);
        cli_json_end_array(&w);
    }
    cli_json_num(&w, "seconds", seconds);
    cli_json_num(&w, "truncated_weight", st->truncated_weight);
    cli_json_uint(&w, "dropped_terms", st->dropped_terms);
    cli_json_uint(&w, "max_terms", st->max_terms);
    cli_json_end_object(&w);
}

static void print_text(const sim_args *a, const plt_circuit *c, const plt_engine *e, double value,
                       const double *grad, double seconds, const plt_stats *st) {
    int np = plt_circuit_nparams(c);
    int n = plt_circuit_nqubits(c);
    printf("circuit    %s (%d qubit%s, %d parameter%s)\n", a->file, n, n == 1 ? "" : "s", np,
           np == 1 ? "" : "s");
    printf("engine     %s (%s)\n", plt_engine_plan_name(e),
           plt_engine_exact(e) ? "exact" : "approximate");
    printf("value      %.17g\n", value);
    if (grad) {
        printf("gradient   %d entr%s\n", np, np == 1 ? "y" : "ies");
        for (int k = 0; k < np; k++)
            printf("  %-12s %.17g\n", plt_circuit_param_name(c, k), grad[k]);
    }
    if (!plt_engine_exact(e))
        printf("truncated  weight %.3g, %zu terms dropped\n", st->truncated_weight,
               st->dropped_terms);
    printf("seconds    %.6f\n", seconds);
}

int cli_cmd_simulate(const cli_command *self, int argc, char **argv) {
    sim_args a = {0};
    a.engine = "statevector";
    a.grad_method = -1;
    a.threads = 0;
    a.noise = a.dephasing = -1;
    const cli_opt opts[] = {
        {"--obs", CLI_STRING, "EXPR", "observable, e.g. '0.5*Z0*Z1 - X3' or 'ZZII'", &a.obs, 0, 0},
        {"--obs-file", CLI_STRING, "FILE", "read the observable from a file", &a.obs_file, 0, 0},
        {"--params", CLI_STRING, "v1,v2,...", "parameter values in declaration order", &a.params,
         0, 0},
        {"--params-file", CLI_STRING, "FILE",
         "parameter values from a file (spaces, commas or newlines; # comments)", &a.params_file,
         0, 0},
        {"--state", CLI_STRING, "S", "initial state (default zero; see above)", &a.state, 0, 0},
        {"--engine", CLI_STRING, "NAME",
         "engine to use, or auto for the cheapest that applies (default statevector)", &a.engine,
         0, 0},
        {"--grad", CLI_FLAG, "", "also compute the gradient of every parameter", &a.grad, 0, 0},
        {"--grad-method", CLI_CHOICE, "adjoint|shift",
         "gradient method (implies --grad; default: the engine's)", &a.grad_method, 0, 0},
        {"--max-memory", CLI_BYTES, "BYTES", "memory limit, e.g. 8G, 512M, 1e9 (default: available)",
         &a.max_memory, 0, 0},
        {"--threads", CLI_INT, "T", "OpenMP threads (0 = default)", &a.threads, 0, 4096},
        {"--noise", CLI_NUMBER, "P",
         "pauliprop: depolarising probability on each qubit an op touches, after the op "
         "(other engines refuse it)", &a.noise, 0, 1},
        {"--dephasing", CLI_NUMBER, "P",
         "pauliprop: dephasing probability (rho -> (1-P) rho + P Z rho Z) on each qubit an op "
         "touches, after the op; combines with --noise", &a.dephasing, 0, 1},
        {"--params-from-angles", CLI_FLAG, "",
         "make every numeric rotation angle a parameter initialised at its value",
         &a.from_angles, 0, 0},
        {"--json", CLI_FLAG, "", "print one JSON object", &a.json, 0, 0},
    };
    cli_settings_opts so;
    cli_settings_opts_make(&so, opts, sizeof opts / sizeof opts[0]);
    const char *pos[1];
    int npos;
    int r = cli_parse(self, so.opts, so.n, argc, argv, pos, 1, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    if (npos != 1)
        return cli_error("simulate: missing the circuit file (usage: plateau simulate FILE.qasm "
                         "--obs EXPR ...; see plateau simulate --help)");
    a.file = pos[0];
    if (!a.obs && !a.obs_file)
        return cli_error("--obs: no observable given (write --obs EXPR, e.g. --obs Z0, or "
                         "--obs-file F)");
    if (a.obs && a.obs_file)
        return cli_error("--obs-file: give either --obs or --obs-file, not both");
    if (a.params && a.params_file)
        return cli_error("--params-file: give either --params or --params-file, not both");
    if (check_engine(a.engine)) return 1;

    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    plt_state *state = NULL;
    plt_engine *e = NULL;
    plt_settings *settings = NULL;
    double *params = NULL, *grad = NULL;
    size_t nvalues = 0;
    int status = 1;
    /* Options first: a bad setting is reported before any file is read. */
    if (cli_settings_collect(&so, &settings)) goto done;
    if (load_params(&a, &params, &nvalues)) goto done;
    if (plt_qasm_read_file(a.file, &c, NULL)) {
        status = cli_fail_lib();
        goto done;
    }
    if (a.from_angles) {
        plt_circuit *c2 = NULL;
        if (plt_circuit_params_from_angles(c, &c2)) {
            status = cli_fail_lib();
            goto done;
        }
        plt_circuit_free(c);
        c = c2;
    }
    int n = plt_circuit_nqubits(c), np = plt_circuit_nparams(c);
    if (read_observable(&a, n, &obs)) goto done;
    if (a.state && plt_state_parse(a.state, n, "--state", &state)) {
        status = cli_fail_lib();
        goto done;
    }
    if (resolve_params(&a, c, &params, nvalues)) goto done;
    if (a.grad || a.grad_method >= 0) {
        grad = calloc((size_t)np + 1, sizeof *grad);
        if (!grad) {
            status = cli_error("plateau: out of memory for %d gradient entries", np);
            goto done;
        }
    }
    plt_opts o;
    plt_opts_init(&o);
    if (a.max_memory > 0) o.max_memory = a.max_memory;
    o.threads = a.threads;
    if (a.grad_method >= 0) o.grad_method = a.grad_method == 0 ? PLT_GRAD_ADJOINT : PLT_GRAD_SHIFT;
    cli_progress bar;
    cli_progress_init(&bar);
    if (!a.json) {
        o.progress_fn = cli_progress_report;
        o.progress_ctx = &bar;
    }
    if (a.noise >= 0) o.noise = a.noise;
    if (a.dephasing >= 0) o.dephasing = a.dephasing;
    o.settings = settings;
    plt_model m = {c, obs, state};
    double t0 = plt_clock_seconds();
    double value = 0;
    int failed = plt_engine_plan(a.engine, &m, &o, &e) || plt_engine_loss(e, params, &value, grad);
    cli_progress_end(&bar);
    if (failed) {
        status = cli_fail_lib();
        goto done;
    }
    double seconds = plt_clock_seconds() - t0;
    plt_stats st;
    memset(&st, 0, sizeof st);
    plt_engine_stats(e, &st);
    if (a.json)
        print_json(&a, c, e, value, grad, seconds, &st);
    else
        print_text(&a, c, e, value, grad, seconds, &st);
    status = 0;
done:
    plt_settings_free(settings);
    plt_engine_free(e);
    free(grad);
    free(params);
    plt_state_free(state);
    plt_psum_free(obs);
    plt_circuit_free(c);
    return status;
}
