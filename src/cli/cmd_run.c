/* plateau run: the main job on the built-in default model. For now one loss and
 * gradient of a hardware-efficient ansatz; later the barren-plateau report. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/opts.h"

/* Layer l: RY then RZ on every qubit (parameters "ry_l_q", "rz_l_q"), then CZ on
 * (0,1), (2,3), ... and then on (1,2), (3,4), ...: a brickwork. */
static int build_hea(int n, int layers, plt_circuit **out) {
    plt_circuit *c = NULL;
    plt_pstring *g = NULL;
    *out = NULL;
    if (plt_circuit_new(n, &c) || plt_pstring_new(n, &g)) goto fail;
    for (int l = 0; l < layers; l++) {
        for (int axis = 0; axis < 2; axis++) {
            for (int q = 0; q < n; q++) {
                char name[48];
                int k;
                snprintf(name, sizeof name, "%s_%d_%d", axis ? "rz" : "ry", l, q);
                if (plt_circuit_add_param(c, name, NAN, &k) ||
                    plt_pstring_set(g, q, axis ? 'Z' : 'Y') ||
                    plt_circuit_add_rotation(c, g, k, 1.0, 0.0) || plt_pstring_set(g, q, 'I'))
                    goto fail;
            }
        }
        for (int start = 0; start < 2; start++)
            for (int q = start; q + 1 < n; q += 2) {
                int qs[2] = {q, q + 1};
                if (plt_circuit_add_clifford(c, PLT_GATE_CZ, qs)) goto fail;
            }
    }
    plt_pstring_free(g);
    *out = c;
    return 0;
fail:
    plt_pstring_free(g);
    plt_circuit_free(c);
    return cli_fail_lib();
}

/* splitmix64: seeded parameters that are the same on every machine. */
static double uniform(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

int cli_cmd_run(const cli_command *self, int argc, char **argv) {
    int n = 12, layers = 4, seed = 1, json = 0;
    const cli_opt opts[] = {
        {"--qubits", CLI_INT, "N", "number of qubits (default 12)", &n, 2, 30},
        {"--layers", CLI_INT, "L", "number of layers (default 4)", &layers, 1, 1000},
        {"--seed", CLI_INT, "S", "seed of the random parameters (default 1)", &seed, 0, 2147483647},
        {"--json", CLI_FLAG, "", "print one JSON object", &json, 0, 0},
    };
    const char *pos[1];
    int npos;
    int r = cli_parse(self, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 0, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;

    const char *engine = "statevector";
    plt_circuit *c = NULL;
    plt_pstring *z0 = NULL;
    plt_psum *obs = NULL;
    plt_engine *e = NULL;
    double *params = NULL, *grad = NULL;
    int status = 1;
    if (build_hea(n, layers, &c)) goto done;
    if (plt_pstring_new(n, &z0) || plt_pstring_set(z0, 0, 'Z') || plt_psum_new(n, &obs) ||
        plt_psum_add(obs, z0, 1.0, 0.0)) {
        status = cli_fail_lib();
        goto done;
    }
    int np = plt_circuit_nparams(c);
    params = malloc((size_t)np * sizeof *params);
    grad = malloc((size_t)np * sizeof *grad);
    if (!params || !grad) {
        status = cli_error("plateau: out of memory for %d parameters", np);
        goto done;
    }
    uint64_t s = (uint64_t)seed;
    for (int k = 0; k < np; k++) params[k] = 2 * M_PI * uniform(&s);

    plt_opts o;
    plt_opts_init(&o);
    plt_model m = {c, obs, NULL};
    double t0 = cli_now(), value = 0;
    if (plt_engine_plan(engine, &m, &o, &e) || plt_engine_loss(e, params, &value, grad)) {
        status = cli_fail_lib();
        goto done;
    }
    double seconds = cli_now() - t0, norm = 0;
    for (int k = 0; k < np; k++) norm += grad[k] * grad[k];
    norm = sqrt(norm);
    if (json) {
        printf("{\"model\": \"hardware-efficient ansatz\", \"qubits\": %d, \"layers\": %d, "
               "\"parameters\": %d, \"observable\": \"Z0\", \"seed\": %d, \"engine\": ",
               n, layers, np, seed);
        cli_json_string(stdout, plt_engine_plan_name(e));
        printf(", \"exact\": %s, \"value\": ", plt_engine_exact(e) ? "true" : "false");
        cli_json_double(stdout, value);
        printf(", \"gradient_norm\": ");
        cli_json_double(stdout, norm);
        printf(", \"seconds\": ");
        cli_json_double(stdout, seconds);
        printf("}\n");
    } else {
        printf("model          hardware-efficient ansatz: %d qubits, %d layers of RY+RZ on every "
               "qubit and a CZ brickwork\n", n, layers);
        printf("parameters     %d, uniform in [0, 2pi) with seed %d\n", np, seed);
        printf("observable     Z0 (a local cost)\n");
        printf("engine         %s (%s)\n", plt_engine_plan_name(e),
               plt_engine_exact(e) ? "exact" : "approximate");
        printf("value          %.12g\n", value);
        printf("gradient norm  %.12g (%d entries)\n", norm, np);
        printf("seconds        %.6f\n", seconds);
    }
    status = 0;
done:
    plt_engine_free(e);
    free(grad);
    free(params);
    plt_psum_free(obs);
    plt_pstring_free(z0);
    plt_circuit_free(c);
    return status;
}
