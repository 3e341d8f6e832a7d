/* plateau shadows sample|estimate: emulated data acquisition and estimates from shadows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json.h"
#include "cli/opts.h"

static const char sample_help[] =
    "Usage: plateau shadows sample --state S --shots N [--seed s] --out FILE [--qubits N]\n"
    "\n"
    "Emulates the acquisition of classical shadows: every shot measures each qubit in a\n"
    "Pauli basis (X, Y or Z) drawn uniformly at random. States: zero, product:FILE and\n"
    "vector:FILE (with --qubits), basis:0110, qasm:FILE.qasm (a preparation circuit), ghz:N,\n"
    "cluster:N (a 1D cluster state, open ends). Clifford preparations (GHZ, cluster, graph\n"
    "states, any circuit of Clifford gates) are sampled with a stabilizer tableau at any\n"
    "n; other circuits with the state vector (n <= 24).\n"
    "\n"
    "File format: a header line '# plateau shadows v1 n=N', then one shot a line: N basis\n"
    "letters, a blank, N outcome bits (0 for +1, 1 for -1); character k is qubit k.\n";

static const char estimate_help[] =
    "Usage: plateau shadows estimate FILE --obs EXPR [--confidence 0.95] [--groups K] [--json]\n"
    "\n"
    "Estimates <O> from shadow data (the file format of plateau shadows sample; real device\n"
    "data in the same format work the same way). Each Pauli term is the median of K group\n"
    "means of the single-shot estimates 3^w (-1)^(outcome parity) (0 when the bases miss);\n"
    "its interval is value +- z sqrt(f_K (3^w - value^2) / N), f_K = pi/2 for K >= 2 (the\n"
    "variance of a median of normal means), z the normal quantile of the confidence. For a\n"
    "sum the values combine linearly and the half-widths add (conservative).\n";

/* ghz:N and cluster:N as preparation circuits; NULL spec otherwise. */
static int named_state(const char *spec, plt_circuit **out, int *n) {
    *out = NULL;
    int ghz = strncmp(spec, "ghz:", 4) == 0, cluster = strncmp(spec, "cluster:", 8) == 0;
    if (!ghz && !cluster) return 0;
    double v;
    const char *num = spec + (ghz ? 4 : 8);
    if (cli_strtod(num, &v) || v != floor(v) || v < 1 || v > 100000) {
        cli_error("--state: '%s' needs a number of qubits in 1..100000 (e.g. %s:12)", spec,
                  ghz ? "ghz" : "cluster");
        return -1;
    }
    *n = (int)v;
    plt_circuit *c = NULL;
    if (plt_circuit_new(*n, &c)) {
        cli_fail_lib();
        return -1;
    }
    for (int q = 0; q < (ghz ? 1 : *n); q++)
        if (plt_circuit_add_clifford(c, PLT_GATE_H, &q)) goto fail;
    for (int q = 0; q + 1 < *n; q++) {
        int qs[2] = {q, q + 1};
        if (plt_circuit_add_clifford(c, ghz ? PLT_GATE_CX : PLT_GATE_CZ, qs)) goto fail;
    }
    *out = c;
    return 1;
fail:
    plt_circuit_free(c);
    cli_fail_lib();
    return -1;
}

static int cmd_sample(const cli_command *parent, int argc, char **argv) {
    const cli_command self = {"shadows sample", parent->summary, NULL, sample_help};
    const char *spec = NULL, *outpath = NULL;
    int shots = 0, seed = 1, n = 0, json = 0;
    const cli_opt opts[] = {
        {"--state", CLI_STRING, "S", "the state to measure (see above)", &spec, 0, 0},
        {"--shots", CLI_INT, "N", "number of shots", &shots, 1, 2147483647},
        {"--seed", CLI_INT, "s", "seed of the bases and outcomes (default 1)", &seed, 0,
         2147483647},
        {"--out", CLI_STRING, "FILE", "where to write the shadows", &outpath, 0, 0},
        {"--qubits", CLI_INT, "N", "number of qubits (zero and product states)", &n, 1,
         PLT_MAX_QUBITS},
        {"--json", CLI_FLAG, "", "print a JSON summary", &json, 0, 0},
    };
    const char *pos[1];
    int npos;
    int r = cli_parse(&self, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 0, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    if (!spec) return cli_error("shadows sample: missing --state S (e.g. --state ghz:12)");
    if (!shots) return cli_error("shadows sample: missing --shots N");
    if (!outpath) return cli_error("shadows sample: missing --out FILE");
    plt_circuit *prep = NULL;
    plt_state *st = NULL;
    plt_shadows *s = NULL;
    const char *method = NULL;
    int status = 1;
    int named = named_state(spec, &prep, &n);
    if (named < 0) return 1;
    double t0 = plt_clock_seconds();
    if (named) {
        if (plt_shadows_sample_clifford(n, prep, NULL, (size_t)shots, (uint64_t)seed, &s)) {
            status = cli_fail_lib();
            goto done;
        }
        method = "tableau";
    } else {
        if (strncmp(spec, "basis:", 6) == 0 && !n) n = (int)strlen(spec + 6);
        if (strncmp(spec, "qasm:", 5) == 0 && !n) {
            plt_circuit *c = NULL;
            if (plt_qasm_read_file(spec + 5, &c, NULL)) {
                status = cli_fail_lib();
                goto done;
            }
            n = plt_circuit_nqubits(c);
            plt_circuit_free(c);
        }
        if (!n) {
            status = cli_error("--state: '%s' needs --qubits N (the number of qubits)", spec);
            goto done;
        }
        if (plt_state_parse(spec, n, "--state", &st) ||
            plt_shadows_sample_state(st, (size_t)shots, (uint64_t)seed, &method, &s)) {
            status = cli_fail_lib();
            goto done;
        }
    }
    if (plt_shadows_write_file(s, outpath)) {
        status = cli_fail_lib();
        goto done;
    }
    if (json) {
        cli_json w;
        cli_json_init(&w, stdout);
        cli_json_begin_object(&w, NULL);
        cli_json_int(&w, "qubits", n);
        cli_json_int(&w, "shots", shots);
        cli_json_int(&w, "seed", seed);
        cli_json_str(&w, "sampler", method);
        cli_json_str(&w, "out", outpath);
        cli_json_num(&w, "seconds", plt_clock_seconds() - t0);
        cli_json_end_object(&w);
    } else {
        printf("wrote %d shots of %d qubits to %s (sampler: %s)\n", shots, n, outpath, method);
    }
    status = 0;
done:
    plt_shadows_free(s);
    plt_state_free(st);
    plt_circuit_free(prep);
    return status;
}

static int cmd_estimate(const cli_command *parent, int argc, char **argv) {
    const cli_command self = {"shadows estimate", parent->summary, NULL, estimate_help};
    const char *obs_text = NULL;
    double confidence = 0.95;
    int groups = 0, json = 0;
    const cli_opt opts[] = {
        {"--obs", CLI_STRING, "EXPR", "the observable, a Pauli sum ('0.5*Z0*Z1 - X3')", &obs_text,
         0, 0},
        {"--confidence", CLI_NUMBER, "C", "confidence level of the interval (default 0.95)",
         &confidence, 1e-6, 1 - 1e-12},
        {"--groups", CLI_INT, "K", "groups of the median of means (default ceil(2 ln(2/(1-C))))",
         &groups, 1, 1000000},
        {"--json", CLI_FLAG, "", "print one JSON object", &json, 0, 0},
    };
    const char *pos[1];
    int npos;
    int r = cli_parse(&self, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    if (npos < 1) return cli_error("shadows estimate: missing the shadow FILE");
    if (!obs_text) return cli_error("shadows estimate: missing --obs EXPR");
    plt_shadows *s = NULL;
    plt_psum *obs = NULL;
    int status = 1;
    if (plt_shadows_read_file(pos[0], &s) ||
        plt_psum_parse_hermitian(obs_text, plt_shadows_nqubits(s), "--obs", &obs)) {
        status = cli_fail_lib();
        goto done;
    }
    if ((size_t)groups > plt_shadows_nshots(s)) {
        status = cli_error("--groups: %d groups for %zu shots (at most one group a shot)", groups,
                           plt_shadows_nshots(s));
        goto done;
    }
    plt_shadow_estimate e;
    if (plt_shadows_estimate_sum(s, obs, confidence, groups, &e)) {
        status = cli_fail_lib();
        goto done;
    }
    if (json) {
        cli_json w;
        cli_json_init(&w, stdout);
        cli_json_begin_object(&w, NULL);
        cli_json_num(&w, "value", e.value);
        cli_json_num(&w, "ci_low", e.ci_low);
        cli_json_num(&w, "ci_high", e.ci_high);
        cli_json_num(&w, "confidence", e.confidence);
        cli_json_int(&w, "groups", e.groups);
        cli_json_uint(&w, "shots", e.shots);
        cli_json_uint(&w, "matched_min", e.matched);
        cli_json_int(&w, "qubits", plt_shadows_nqubits(s));
        cli_json_end_object(&w);
    } else {
        printf("value       %.10g\n", e.value);
        printf("interval    [%.10g, %.10g] at confidence %g\n", e.ci_low, e.ci_high,
               e.confidence);
        printf("shots       %zu in %d groups (median of means); fewest matching a term: %zu\n",
               e.shots, e.groups, e.matched);
    }
    status = 0;
done:
    plt_psum_free(obs);
    plt_shadows_free(s);
    return status;
}

int cli_cmd_shadows(const cli_command *self, int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "sample") == 0) return cmd_sample(self, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "estimate") == 0)
        return cmd_estimate(self, argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("%s", self->help);
        return 0;
    }
    return cli_error("shadows: expected a subcommand, sample or estimate (see plateau shadows "
                     "--help)");
}
