/* plateau info: what a circuit file contains, as the engines will see it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json.h"
#include "cli/opts.h"

typedef struct info_counts {
    size_t clifford[PLT_GATE_COUNT];
    size_t *rot_weight; /* [0..n] */
    size_t rotations, param_rotations, unitaries;
} info_counts;

static void count_ops(const plt_circuit *c, info_counts *k) {
    size_t nops = plt_circuit_nops(c);
    int n = plt_circuit_nqubits(c);
    for (size_t i = 0; i < nops; i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (!op) continue;
        switch (op->kind) {
        case PLT_OP_CLIFFORD:
            if ((int)op->gate >= 0 && op->gate < PLT_GATE_COUNT) k->clifford[op->gate]++;
            break;
        case PLT_OP_ROTATION: {
            int w = op->gen ? plt_pstring_weight(op->gen) : op->nq;
            if (w >= 0 && w <= n) k->rot_weight[w]++;
            k->rotations++;
            if (op->param >= 0) k->param_rotations++;
            break;
        }
        case PLT_OP_UNITARY: k->unitaries++; break;
        }
    }
}

static const char *gate_name(int g) {
    const plt_gate_info *gi = plt_gate_info_get((plt_gate)g);
    return gi && gi->name ? gi->name : "?";
}

/* Generators of all parameters as text (NULL entries where one failed). */
static int generators(const plt_circuit *c, char **gen) {
    for (int k = 0; k < plt_circuit_nparams(c); k++) {
        plt_psum *g = NULL;
        if (plt_circuit_param_generator(c, k, &g) || plt_psum_to_text(g, &gen[k])) {
            plt_psum_free(g);
            return cli_fail_lib();
        }
        plt_psum_free(g);
    }
    return 0;
}

static void print_json(const char *file, const plt_circuit *c, const plt_qasm_info *qi,
                       const info_counts *k, char **gen) {
    int n = plt_circuit_nqubits(c);
    cli_json w;
    cli_json_init(&w, stdout);
    cli_json_begin_object(&w, NULL);
    cli_json_str(&w, "file", file);
    cli_json_int(&w, "qasm_version", qi->version);
    cli_json_int(&w, "qubits", n);
    cli_json_uint(&w, "operations", plt_circuit_nops(c));
    cli_json_uint(&w, "depth", plt_circuit_depth(c));
    cli_json_begin_object(&w, "clifford");
    for (int g = 0; g < PLT_GATE_COUNT; g++)
        if (k->clifford[g]) cli_json_uint(&w, gate_name(g), k->clifford[g]);
    cli_json_end_object(&w);
    cli_json_uint(&w, "rotations", k->rotations);
    cli_json_uint(&w, "parametrised_rotations", k->param_rotations);
    cli_json_begin_object(&w, "rotations_by_weight");
    for (int weight = 0; weight <= n; weight++) {
        char key[16];
        snprintf(key, sizeof key, "%d", weight);
        if (k->rot_weight[weight]) cli_json_uint(&w, key, k->rot_weight[weight]);
    }
    cli_json_end_object(&w);
    cli_json_uint(&w, "unitaries", k->unitaries);
    cli_json_begin_array(&w, "parameters");
    for (int p = 0; p < plt_circuit_nparams(c); p++) {
        cli_json_begin_object(&w, NULL);
        cli_json_str(&w, "name", plt_circuit_param_name(c, p));
        cli_json_num(&w, "init", plt_circuit_param_init(c, p));
        cli_json_str(&w, "generator", gen[p]);
        cli_json_end_object(&w);
    }
    cli_json_end_array(&w);
    cli_json_int(&w, "measures_ignored", qi->nmeasure);
    cli_json_int(&w, "barriers_ignored", qi->nbarrier);
    cli_json_int(&w, "gate_definitions", qi->ngate_defs);
    cli_json_end_object(&w);
}

static void print_text(const char *file, const plt_circuit *c, const plt_qasm_info *qi,
                       const info_counts *k, char **gen) {
    int n = plt_circuit_nqubits(c);
    printf("file         %s (OpenQASM %d", file, qi->version);
    if (qi->ngate_defs) printf(", %d gate definition%s", qi->ngate_defs, qi->ngate_defs == 1 ? "" : "s");
    printf(")\nqubits       %d\n", n);
    printf("operations   %zu, depth %zu\n", plt_circuit_nops(c), plt_circuit_depth(c));
    size_t ncliff = 0;
    for (int g = 0; g < PLT_GATE_COUNT; g++) ncliff += k->clifford[g];
    printf("  clifford   %zu", ncliff);
    const char *sep = " (";
    for (int g = 0; g < PLT_GATE_COUNT; g++) {
        if (!k->clifford[g]) continue;
        printf("%s%s %zu", sep, gate_name(g), k->clifford[g]);
        sep = ", ";
    }
    printf("%s\n", ncliff ? ")" : "");
    printf("  rotations  %zu (%zu with a parameter, %zu constant)", k->rotations,
           k->param_rotations, k->rotations - k->param_rotations);
    sep = "; weight ";
    for (int w = 0; w <= n; w++) {
        if (!k->rot_weight[w]) continue;
        printf("%s%d: %zu", sep, w, k->rot_weight[w]);
        sep = ", weight ";
    }
    printf("\n");
    if (k->unitaries) printf("  unitaries  %zu (general 1-2 qubit gates: statevector only)\n", k->unitaries);
    int np = plt_circuit_nparams(c);
    printf("parameters   %d\n", np);
    for (int p = 0; p < np; p++) {
        double init = plt_circuit_param_init(c, p);
        printf("  %-10s ", plt_circuit_param_name(c, p));
        if (isfinite(init))
            printf("init %-12.6g ", init);
        else
            printf("%-17s ", "no initial value");
        printf("generator %s\n", gen[p] ? gen[p] : "?");
    }
    if (qi->nmeasure)
        printf("ignored      %d measure statement%s\n", qi->nmeasure, qi->nmeasure == 1 ? "" : "s");
    if (qi->nbarrier)
        printf("ignored      %d barrier statement%s\n", qi->nbarrier, qi->nbarrier == 1 ? "" : "s");
}

int cli_cmd_info(const cli_command *self, int argc, char **argv) {
    int json = 0, from_angles = 0;
    const cli_opt opts[] = {
        {"--json", CLI_FLAG, "", "print one JSON object", &json, 0, 0},
        {"--params-from-angles", CLI_FLAG, "",
         "make every numeric rotation angle a parameter initialised at its value", &from_angles, 0,
         0},
    };
    const char *pos[1];
    int npos;
    int r = cli_parse(self, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    if (npos != 1) return cli_error("info: missing the circuit file (usage: plateau info FILE.qasm)");

    plt_circuit *c = NULL;
    plt_qasm_info qi;
    info_counts k;
    char **gen = NULL;
    int status = 1;
    memset(&qi, 0, sizeof qi);
    memset(&k, 0, sizeof k);
    if (plt_qasm_read_file(pos[0], &c, &qi)) {
        status = cli_fail_lib();
        goto done;
    }
    if (from_angles) {
        plt_circuit *c2 = NULL;
        if (plt_circuit_params_from_angles(c, &c2)) {
            status = cli_fail_lib();
            goto done;
        }
        plt_circuit_free(c);
        c = c2;
    }
    int n = plt_circuit_nqubits(c), np = plt_circuit_nparams(c);
    k.rot_weight = calloc((size_t)n + 1, sizeof *k.rot_weight);
    gen = calloc((size_t)np + 1, sizeof *gen);
    if (!k.rot_weight || !gen) {
        status = cli_error("plateau: out of memory describing '%s'", pos[0]);
        goto done;
    }
    count_ops(c, &k);
    if (generators(c, gen)) goto done;
    if (json)
        print_json(pos[0], c, &qi, &k, gen);
    else
        print_text(pos[0], c, &qi, &k, gen);
    status = 0;
done:
    if (gen)
        for (int p = 0; p < plt_circuit_nparams(c); p++) plt_free(gen[p]);
    free(gen);
    free(k.rot_weight);
    plt_circuit_free(c);
    return status;
}
