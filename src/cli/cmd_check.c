/* plateau check: the simulability verdict of a QASM model or a zoo model. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json.h"
#include "cli/opts.h"
#include "cli/progress.h"
#include "cli/settings_opts.h"
#include "plateau/verdict.h"

/* Largest model cross-checked against the statevector as it is. */
#define CHECK_DIRECT_MAX 20

/* Seeded uniform draws in [-range, range], one per parameter. */
static double *random_params(int np, double range, uint64_t seed) {
    double *p = calloc((size_t)np + 1, sizeof *p);
    if (!p) return NULL;
    plt_rng r;
    plt_rng_seed(&r, seed);
    for (int k = 0; k < np; k++) p[k] = plt_rng_symmetric(&r, range);
    return p;
}

static const char *exactness_name(plt_exactness e) {
    return e == PLT_EXACT ? "exact" : e == PLT_BOUNDED ? "bounded" : "estimated";
}

static void print_json(const char *what, int n, const plt_verdict *v) {
    cli_json w;
    cli_json_init(&w, stdout);
    cli_json_begin_object(&w, NULL);
    cli_json_str(&w, "model", what);
    cli_json_int(&w, "qubits", n);
    cli_json_bool(&w, "simulable", v->simulable);
    cli_json_str(&w, "engine", v->engine[0] ? v->engine : NULL);
    cli_json_str(&w, "setting", v->setting[0] ? v->setting : NULL);
    cli_json_str(&w, "status", plt_verdict_status(v));
    cli_json_str(&w, "certified", plt_certified_name(v->certified));
    cli_json_bool(&w, "route_found", v->route_found);
    cli_json_bool(&w, "cross_check_failed", v->cross_failed);
    cli_json_bool(&w, "guard_stopped", v->guard_stopped);
    cli_json_num(&w, "error_bound", v->error_bound);
    cli_json_num(&w, "predicted_seconds", v->predicted_total);
    cli_json_bool(&w, "exact", v->exact);
    cli_json_num(&w, "value", v->value);
    cli_json_num(&w, "error", v->error);
    cli_json_num(&w, "seconds", v->seconds);
    cli_json_num(&w, "bytes", v->bytes);
    cli_json_num(&w, "total_seconds", v->total_seconds);
    cli_json_begin_array(&w, "routes");
    for (size_t i = 0; i < v->nroutes; i++) {
        const plt_route *r = &v->routes[i];
        cli_json_begin_object(&w, NULL);
        cli_json_str(&w, "engine", r->engine);
        cli_json_bool(&w, "applies", r->applies);
        cli_json_bool(&w, "within_budget", r->within_budget);
        if (r->applies) {
            cli_json_num(&w, "predicted_seconds", r->cost.seconds);
            cli_json_num(&w, "predicted_bytes", r->cost.bytes);
            cli_json_str(&w, "exactness", exactness_name(r->cost.exactness));
            cli_json_num(&w, "error_bound", r->cost.error);
        }
        cli_json_str(&w, "reason", r->reason);
        cli_json_end_object(&w);
    }
    cli_json_end_array(&w);
    cli_json_begin_array(&w, "truncation");
    for (size_t i = 0; i < v->nladder; i++) {
        const plt_trunc_step *s = &v->ladder[i];
        cli_json_begin_object(&w, NULL);
        cli_json_str(&w, "engine", s->engine);
        cli_json_int(&w, "step", s->step);
        cli_json_str(&w, "setting", s->setting);
        cli_json_num(&w, "value", s->value);
        cli_json_num(&w, "bound", s->bound);
        cli_json_num(&w, "change", s->change);
        cli_json_num(&w, "truncated_weight", s->truncated_weight);
        cli_json_uint(&w, "terms", s->terms);
        cli_json_num(&w, "seconds", s->seconds);
        cli_json_num(&w, "predicted_seconds", s->predicted_seconds);
        cli_json_end_object(&w);
    }
    cli_json_end_array(&w);
    cli_json_begin_object(&w, "cross_check");
    cli_json_bool(&w, "done", v->cross_checked);
    cli_json_bool(&w, "passed", v->cross_passed);
    cli_json_int(&w, "qubits", v->cross_n);
    cli_json_str(&w, "reference_engine",
                 v->cross_reference_engine[0] ? v->cross_reference_engine : NULL);
    cli_json_num(&w, "value", v->cross_value);
    cli_json_num(&w, "reference", v->cross_reference);
    cli_json_num(&w, "error", v->cross_error);
    cli_json_str(&w, "note", v->cross_note);
    cli_json_end_object(&w);
    cli_json_str(&w, "reasons", v->reasons);
    cli_json_num(&w, "noise", v->noise);
    cli_json_num(&w, "dephasing", v->dephasing);
    cli_json_bool(&w, "from_data", v->from_data);
    if (v->from_data) {
        cli_json_begin_object(&w, "data");
        cli_json_uint(&w, "shots", v->data_shots);
        cli_json_int(&w, "batches", v->data_batches);
        cli_json_num(&w, "confidence", v->data_confidence);
        cli_json_num(&w, "statistical_halfwidth", v->data_halfwidth);
        cli_json_num(&w, "interval_low", v->interval_low);
        cli_json_num(&w, "interval_high", v->interval_high);
        cli_json_end_object(&w);
    }
    cli_json_end_object(&w);
}

/* ", with depolarising noise 0.05 per qubit per op" (and the dephasing), or "" noiseless. */
static void noise_text(const plt_verdict *v, char *buf, size_t cap) {
    buf[0] = 0;
    if (v->noise > 0 && v->dephasing > 0)
        snprintf(buf, cap, ", with depolarising noise %g and dephasing %g per qubit per op",
                 v->noise, v->dephasing);
    else if (v->noise > 0)
        snprintf(buf, cap, ", with depolarising noise %g per qubit per op", v->noise);
    else if (v->dephasing > 0)
        snprintf(buf, cap, ", with dephasing %g per qubit per op", v->dephasing);
}

static void print_text(const char *what, int n, const plt_verdict *v) {
    printf("model      %s (%d qubits)", what, n);
    char noisy[160];
    noise_text(v, noisy, sizeof noisy);
    printf("%s\n", noisy);
    printf("%-12s %-8s %-12s %-12s %-10s %s\n", "engine", "applies", "time (s)", "memory (B)",
           "accuracy", "note");
    for (size_t i = 0; i < v->nroutes; i++) {
        const plt_route *r = &v->routes[i];
        if (!r->applies) {
            printf("%-12s %-8s %-12s %-12s %-10s %s\n", r->engine, "no", "-", "-", "-", r->reason);
            continue;
        }
        char acc[32];
        if (r->cost.exactness == PLT_EXACT)
            snprintf(acc, sizeof acc, "exact");
        else
            snprintf(acc, sizeof acc, "+-%.2g", r->cost.error);
        printf("%-12s %-8s %-12.3g %-12.3g %-10s %s\n", r->engine, "yes", r->cost.seconds,
               r->cost.bytes, acc, r->reason);
    }
    if (v->nladder) {
        printf("approximation ladder (bound = the engine's rigorous error bound; change = "
               "estimate):\n");
        printf("  %-10s %-44s %-20s %-9s %-9s %-9s %s\n", "engine", "setting", "value", "bound",
               "change", "terms", "seconds");
        for (size_t i = 0; i < v->nladder; i++) {
            const plt_trunc_step *s = &v->ladder[i];
            printf("  %-10s %-44s %-20.12g %-9.2g %-9.2g %-9zu %.3f\n", s->engine, s->setting,
                   s->value, s->bound, s->change, s->terms, s->seconds);
        }
    }
    printf("cross-check %s\n", v->cross_note[0] ? v->cross_note : "-");
    if (v->from_data && v->certified == PLT_CERT_STATISTICAL)
        printf("verdict    %s after data acquisition (classical shadows): estimate %.12g +- "
               "%.2g at confidence %.2f (%s, %s; interval [%.12g, %.12g] from %zu shots)%s\n",
               v->simulable ? "simulable" : "not certified", v->value, v->error,
               v->data_confidence, v->engine, v->setting, v->interval_low, v->interval_high,
               v->data_shots, v->simulable ? ", cross-checked" : "");
    else if (v->from_data && v->route_found)
        printf("verdict    route found from the data, no interval: %s (%s) estimates %.12g\n",
               v->engine, v->setting, v->value);
    else if (v->simulable && v->certified == PLT_CERT_AVERAGE_CASE)
        printf("verdict    classically simulable on average over the parameters by %s (%s): "
               "value %.12g; root-mean-square error over the parameter distribution <= %.2g "
               "(average-case bound, not a bound at these parameters: there <= %.2g), "
               "cross-checked\n", v->engine, v->setting, v->value, v->error, v->error_bound);
    else if (v->simulable)
        printf("verdict    classically simulable%s by %s (%s): value %.12g, error %s %.2g (%s), "
               "cross-checked\n", noisy, v->engine, v->setting, v->value, v->exact ? "=" : "<=",
               v->error, plt_certified_name(v->certified));
    else if (v->cross_failed)
        printf("verdict    cross-check failed: not simulable as claimed (see cross-check)\n");
    else if (v->route_found && v->certified != PLT_CERT_NONE)
        printf("verdict    route found, not cross-checked: %s (%s) gives %.12g, error %s %.2g "
               "(%s)\n", v->engine, v->setting, v->value, v->exact ? "=" : "<=", v->error,
               plt_certified_name(v->certified));
    else if (v->route_found)
        printf("verdict    route found, error not certified: %s (%s) gives %.12g; estimated "
               "error %.2g, rigorous bound %.2g\n", v->engine, v->setting, v->value, v->error,
               v->error_bound);
    else
        printf("verdict    no classical route within budget\n");
    printf("reasons    %s\n", v->reasons);
}

int cli_cmd_check(const cli_command *self, int argc, char **argv) {
    const char *obs_text = NULL, *state_spec = NULL, *model = NULL, *params_text = NULL;
    const char *skip = NULL;
    int qubits = 0, layers = 0, seed = 1, reduced_n = 8, json = 0, threads = 0;
    double tol = 1e-3, budget = 60, max_memory = 0, noise = 0, dephasing = 0;
    const cli_opt opts[] = {
        {"--obs", CLI_STRING, "EXPR", "observable of the QASM file, e.g. 'Z0*Z1 + 0.5*X2'",
         &obs_text, 0, 0},
        {"--state", CLI_STRING, "S", "initial state (default zero; see plateau simulate --help); "
         "shadows:FILE gives an estimate with its interval from measured data",
         &state_spec, 0, 0},
        {"--params", CLI_STRING, "v1,v2,...",
         "parameter values (default: the file's initial values, else seeded draws in [-pi, pi])",
         &params_text, 0, 0},
        {"--model", CLI_STRING, "NAME", "a zoo family instead of a file", &model, 0, 0},
        {"--qubits", CLI_INT, "N", "qubits of the zoo model", &qubits, 1, 1000000},
        {"--layers", CLI_INT, "L", "layers of the zoo model (default: the family's)", &layers, 0,
         100000},
        {"--reduced-qubits", CLI_INT, "M",
         "size of the zoo instance cross-checked against the statevector (default 8)",
         &reduced_n, 1, 24},
        {"--seed", CLI_INT, "S", "seed of drawn parameters and zoo structure (default 1)", &seed,
         0, 2147483647},
        {"--tolerance", CLI_NUMBER, "E", "required error of the value (default 1e-3)", &tol,
         1e-15, 1e6},
        {"--budget-seconds", CLI_NUMBER, "T", "time budget of the check (default 60)", &budget,
         1e-3, 1e9},
        {"--max-memory", CLI_BYTES, "BYTES", "memory per plan (default: available)", &max_memory,
         0, 0},
        {"--threads", CLI_INT, "T", "OpenMP threads (0 = default)", &threads, 0, 4096},
        {"--noise", CLI_NUMBER, "P",
         "a noisy model: depolarising probability on each qubit an op touches, after the op "
         "(routes: engines that model noise)", &noise, 0, 0.999999},
        {"--dephasing", CLI_NUMBER, "P",
         "dephasing probability (rho -> (1-P) rho + P Z rho Z) on each qubit an op touches, "
         "after the op; combines with --noise", &dephasing, 0, 1},
        {"--skip-engines", CLI_STRING, "A,B", "engines not to consider (e.g. gsim)", &skip, 0, 0},
        {"--json", CLI_FLAG, "", "print one JSON object", &json, 0, 0},
    };
    cli_settings_opts so;
    cli_settings_opts_make(&so, opts, sizeof opts / sizeof opts[0]);
    const char *pos[1];
    int npos;
    int r = cli_parse(self, so.opts, so.n, argc, argv, pos, 1, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    if (model && npos)
        return cli_error("check: give a QASM file or --model NAME, not both");
    if (!model && !npos)
        return cli_error("check: missing the circuit (plateau check FILE.qasm --obs EXPR, or "
                         "plateau check --model NAME --qubits N)");
    if (model && !qubits) return cli_error("--qubits: a zoo model needs its size (--qubits N)");
    if (model && (obs_text || state_spec))
        return cli_error("--model: a zoo model brings its own observable and state");
    if (!model && !obs_text)
        return cli_error("--obs: no observable given (write --obs EXPR, e.g. --obs Z0)");

    plt_zoo_model zm = {0}, zr = {0};
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    plt_state *state = NULL;
    double *params = NULL, *rparams = NULL, *vals = NULL;
    size_t nvals = 0;
    int status = 1;
    plt_model m = {0}, red = {0};
    plt_circuit *cone = NULL;
    plt_psum *cone_obs = NULL;
    const plt_model *redp = NULL;
    plt_settings *settings = NULL;
    if (params_text && cli_parse_numbers(params_text, "--params", 0, &vals, &nvals)) goto done;
    if (model) {
        if (plt_zoo_build(model, qubits, layers, (uint64_t)seed, 0, &zm)) {
            status = cli_fail_lib();
            goto done;
        }
        m = (plt_model){zm.circuit, zm.obs, NULL};
        int rn = reduced_n < qubits ? reduced_n : qubits;
        if (plt_zoo_build(model, rn, layers, (uint64_t)seed, 0, &zr) == PLT_OK) {
            red = (plt_model){zr.circuit, zr.obs, NULL};
            redp = &red;
            rparams = random_params(plt_circuit_nparams(zr.circuit), zr.param_range,
                                    (uint64_t)seed + 1);
            if (!rparams) {
                status = cli_error("plateau: out of memory for parameters");
                goto done;
            }
        }
    } else {
        if (plt_qasm_read_file(pos[0], &c, NULL)) {
            status = cli_fail_lib();
            goto done;
        }
        int n = plt_circuit_nqubits(c);
        if (plt_psum_parse_hermitian(obs_text, n, "--obs", &obs) ||
            (state_spec && plt_state_parse(state_spec, n, "--state", &state))) {
            status = cli_fail_lib();
            goto done;
        }
        m = (plt_model){c, obs, state};
        if (n <= CHECK_DIRECT_MAX) {
            redp = &m;
        } else if (!state || plt_state_kind_of(state) == PLT_STATE_ZERO) {
            /* The observable's backward light cone is the same model on fewer qubits, so it
             * is the reduced instance when it fits the state vector. */
            int nq = 0;
            if (plt_circuit_lightcone(c, obs, CHECK_DIRECT_MAX, &cone, &cone_obs, &nq) == PLT_OK) {
                red = (plt_model){cone, cone_obs, NULL};
                redp = &red;
            }
            plt_error_clear();
        }
    }
    int np = plt_circuit_nparams(m.circuit);
    if (vals) {
        if (nvals != (size_t)np) {
            status = cli_error("--params: %zu value%s given, but the circuit has %d parameter%s",
                               nvals, nvals == 1 ? "" : "s", np, np == 1 ? "" : "s");
            goto done;
        }
        params = vals;
        vals = NULL;
    } else {
        int have = 1;
        for (int k = 0; k < np; k++) have &= !!isfinite(plt_circuit_param_init(m.circuit, k));
        params = random_params(np, model ? zm.param_range : M_PI, (uint64_t)seed);
        if (!params) {
            status = cli_error("plateau: out of memory for parameters");
            goto done;
        }
        if (have && !model)
            for (int k = 0; k < np; k++) params[k] = plt_circuit_param_init(m.circuit, k);
    }
    if (redp == &m || (redp && redp->circuit == cone)) rparams = params;
    plt_check_opts co;
    plt_check_opts_init(&co);
    co.tolerance = tol;
    co.budget_seconds = budget;
    co.max_memory = max_memory;
    co.threads = threads;
    co.skip = skip;
    co.noise = noise;
    co.dephasing = dephasing;
    /* An average-case certificate is over the distribution the parameters are drawn from. */
    if (model) co.average_dist.width = zm.param_range;
    if (cli_settings_collect(&so, &settings)) goto done;
    co.settings = settings;
    cli_progress bar;
    cli_progress_init(&bar);
    co.progress_fn = cli_progress_report;
    co.progress_ctx = &bar;
    plt_verdict *v = calloc(1, sizeof *v);
    if (!v) {
        status = cli_error("plateau: out of memory for the verdict");
        goto done;
    }
    plt_status cs = plt_check_run(&m, params, redp, rparams, &co, v);
    cli_progress_end(&bar);
    if (cs) {
        free(v);
        status = cli_fail_lib();
        goto done;
    }
    const char *what = model ? model : pos[0];
    if (json)
        print_json(what, plt_circuit_nqubits(m.circuit), v);
    else
        print_text(what, plt_circuit_nqubits(m.circuit), v);
    status = v->simulable ? 0 : v->cross_failed ? 4 : v->route_found ? 3 : 2;
    free(v);
done:
    plt_settings_free(settings);
    if (rparams != params) free(rparams);
    free(params);
    free(vals);
    plt_zoo_model_free(&zm);
    plt_zoo_model_free(&zr);
    plt_state_free(state);
    plt_psum_free(obs);
    plt_circuit_free(c);
    plt_psum_free(cone_obs);
    plt_circuit_free(cone);
    return status;
}
