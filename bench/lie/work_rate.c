/* Seconds per unit of closure work (include/plateau/lie.h; the lie_bracket rate): runs
 * the Lie closure of zoo families under a work cap and prints, per closure, the work counted,
 * the CPU time and their ratio, then the mean and the range of the ratios.
 * Usage: work_rate [CAP] [FAMILY:N ...]   (CAP in work units, default 2e8)
 * CPU time rather than wall time, so that other processes on the machine count less. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plateau/plateau.h"

/* Closes the family's generators as sums (shared parameters) and as single strings. */
static int run(const char *spec, double cap, double *ratios, int *nr) {
    char fam[64];
    int n;
    if (sscanf(spec, "%63[a-z0-9-]:%d", fam, &n) != 2) return 2;
    plt_zoo_model zm = {0};
    if (plt_zoo_build(fam, n, 0, 1, 0, &zm)) {
        fprintf(stderr, "%s: %s\n", spec, plt_error_last()->message);
        return 1;
    }
    plt_psum **gens = NULL;
    size_t m = 0;
    if (plt_circuit_dla_generators(zm.circuit, NULL, &gens, &m, NULL)) return 1;
    plt_lie_closure_opts o;
    plt_lie_closure_opts_init(&o);
    o.max_work = cap;
    plt_dla *g = NULL;
    double t0 = plt_clock_cpu_seconds();
    if (plt_lie_closure_with((const plt_psum *const *)gens, m, &o, &g)) {
        fprintf(stderr, "%s: %s\n", spec, plt_error_last()->message);
        return 1;
    }
    double t = plt_clock_cpu_seconds() - t0, w = plt_dla_work(g);
    printf("%-22s %-7s dim %9zu%s work %11.4g  cpu %8.4f s  ns/unit %6.2f\n", spec,
           plt_dla_is_pauli(g) ? "strings" : "sums", plt_dla_dim(g),
           plt_dla_complete(g) ? " " : "+", w, t, 1e9 * t / w);
    if (t > 0.02) ratios[(*nr)++] = t / w;
    plt_dla_free(g);
    for (size_t i = 0; i < m; i++) plt_psum_free(gens[i]);
    free(gens);
    plt_zoo_model_free(&zm);
    return 0;
}

int main(int argc, char **argv) {
    const char *dflt[] = {"hva-tfim:6",        "hva-tfim:10",    "hva-tfim:16",  "hva-xxz:6",
                          "hva-xxz:8",         "hva-xxz:12",     "hva-xxz:20",   "sn-equivariant:6",
                          "sn-equivariant:10", "sn-equivariant:40", "qaoa-maxcut:6", "qaoa-maxcut:8",
                          "xy-matchgate:40",   "xy-matchgate:120", "hea-local:5",  "hea-local:7",
                          "qcnn:8",            "kicked-ising:9"};
    double cap = argc > 1 ? atof(argv[1]) : 2e8;
    int first = argc > 2 ? 2 : 0, count = argc > 2 ? argc - 2 : (int)(sizeof dflt / sizeof *dflt);
    double ratios[256];
    int nr = 0;
    for (int i = 0; i < count && nr < 256; i++)
        if (run(first ? argv[first + i] : dflt[i], cap, ratios, &nr)) return 1;
    double sum = 0, lo = 1e30, hi = 0;
    for (int i = 0; i < nr; i++) {
        sum += ratios[i];
        lo = ratios[i] < lo ? ratios[i] : lo;
        hi = ratios[i] > hi ? ratios[i] : hi;
    }
    if (nr)
        printf("mean %.3g ns/unit over %d closures of >= 20 ms (range %.3g to %.3g)\n",
               1e9 * sum / nr, nr, 1e9 * lo, 1e9 * hi);
    return 0;
}
