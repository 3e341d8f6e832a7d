/* plateau model: writes a zoo family as PREFIX.qasm (OpenQASM 3) and PREFIX.obs. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/opts.h"
#include "plateau/zoo.h"

static int list_families(void) {
    for (size_t i = 0; i < plt_zoo_count(); i++)
        printf("%-18s %s\n", plt_zoo_name(i), plt_zoo_summary(i));
    return 0;
}

static int write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f) return cli_error("model: cannot write '%s': %s", path, strerror(errno));
    int bad = fputs(text, f) < 0 || fputc('\n', f) == EOF;
    if (fclose(f) || bad) return cli_error("model: cannot write '%s': %s", path, strerror(errno));
    return 0;
}

int cli_cmd_model(const cli_command *self, int argc, char **argv) {
    int n = 0, layers = 0, seed = 1, list = 0;
    double eps = 0;
    const char *prefix = NULL;
    const cli_opt opts[] = {
        {"--qubits", CLI_INT, "N", "number of qubits (required)", &n, 1, 100000},
        {"--layers", CLI_INT, "L",
         "layers (default: the family's, e.g. ceil(log2 n) for hea-local)", &layers, 1, 100000},
        {"--seed", CLI_INT, "S", "seed of random structure such as graphs (default 1)", &seed, 0,
         2147483647},
        {"--eps", CLI_NUMBER, "E", "small-angle range of hea-small-angle (default 0.1)", &eps,
         1e-12, M_PI},
        {"--out", CLI_STRING, "PREFIX", "write PREFIX.qasm and PREFIX.obs (default NAME-nN)",
         &prefix, 0, 0},
        {"--list", CLI_FLAG, "", "list the families and exit", &list, 0, 0},
    };
    const char *pos[1];
    int npos;
    int r = cli_parse(self, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    if (list) return list_families();
    if (npos != 1)
        return cli_error("model: missing the family name (usage: plateau model NAME --qubits N; "
                         "plateau model --list shows the families)");
    if (n == 0) return cli_error("model: --qubits N is required");

    plt_zoo_model m = {0};
    char *obs = NULL, *qasm = NULL;
    char base[4096], path[4200];
    int status = 1;
    if (plt_zoo_build(pos[0], n, layers, (uint64_t)seed, eps, &m) ||
        plt_psum_to_text(m.obs, &obs) || plt_qasm_write_string(m.circuit, &qasm)) {
        status = cli_fail_lib();
        goto done;
    }
    if (prefix)
        snprintf(base, sizeof base, "%s", prefix);
    else
        snprintf(base, sizeof base, "%s-n%d", pos[0], n);
    snprintf(path, sizeof path, "%s.qasm", base);
    size_t ql = strlen(qasm);
    if (ql && qasm[ql - 1] == '\n') qasm[ql - 1] = '\0';
    if (write_text(path, qasm)) goto done;
    snprintf(path, sizeof path, "%s.obs", base);
    if (write_text(path, obs)) goto done;
    printf("%s: %d qubits, %zu ops, depth %zu, %d parameters (range +-%.3g), %zu observable "
           "term%s -> %s.qasm, %s.obs\n",
           pos[0], n, plt_circuit_nops(m.circuit), plt_circuit_depth(m.circuit),
           plt_circuit_nparams(m.circuit), m.param_range, plt_psum_nterms(m.obs),
           plt_psum_nterms(m.obs) == 1 ? "" : "s", base, base);
    status = 0;
done:
    plt_free(obs);
    plt_free(qasm);
    plt_zoo_model_free(&m);
    return status;
}
