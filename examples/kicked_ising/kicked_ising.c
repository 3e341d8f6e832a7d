/* The 127-qubit heavy-hex kicked-Ising circuit of IBM's "utility" experiment (Kim et al.,
 * Nature 618, 500 (2023)) simulated with the pauliprop engine: each Trotter step is
 * RX(theta_h) on every qubit, then RZZ(-pi/2) on every edge of the coupling map; the
 * observable is Z on one qubit; theta_h is swept over [0, pi/2].
 *
 * usage: kicked_ising EDGES [steps=20] [qubit=62] [max_weight=8] [min_abs=1e-4] [points=20]
 *                     [grad=0]
 * Prints one line per theta_h (value, peak terms, dropped weight, seconds) and checks the
 * Clifford points: theta_h = 0 gives exactly 1; theta_h = pi/2 is compared with an
 * untruncated run of the same circuit with constant angles (every op then a Clifford). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plateau/plateau.h"

static int die(const char *what) {
    char buf[1024];
    fprintf(stderr, "kicked_ising: %s: %s\n", what, plt_error_format(buf, sizeof buf));
    return 1;
}

#define CHECK(x, what) \
    do {               \
        if ((x) != PLT_OK) return die(what); \
    } while (0)

/* Reads "a b" pairs (comments '#') into edges; returns the count or -1. */
static int read_edges(const char *path, int (*edges)[2], int cap, int *nq) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[256];
    int m = 0;
    *nq = 0;
    while (fgets(line, sizeof line, f)) {
        int a, b;
        if (line[0] == '#' || sscanf(line, "%d %d", &a, &b) != 2) continue;
        if (m == cap) break;
        edges[m][0] = a;
        edges[m][1] = b;
        if (a + 1 > *nq) *nq = a + 1;
        if (b + 1 > *nq) *nq = b + 1;
        m++;
    }
    fclose(f);
    return m;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s EDGES [steps] [qubit] [max_weight] [min_abs] [points] [grad]\n",
                argv[0]);
        return 2;
    }
    static int edges[1024][2];
    int n;
    int m = read_edges(argv[1], edges, 1024, &n);
    if (m <= 0) {
        fprintf(stderr, "kicked_ising: cannot read edges from %s\n", argv[1]);
        return 1;
    }
    int steps = argc > 2 ? atoi(argv[2]) : 20;
    int qubit = argc > 3 ? atoi(argv[3]) : 62;
    int maxw = argc > 4 ? atoi(argv[4]) : 8;
    double minabs = argc > 5 ? atof(argv[5]) : 1e-4;
    int points = argc > 6 ? atoi(argv[6]) : 20;
    int want_grad = argc > 7 ? atoi(argv[7]) : 0;
    if (points < 2 || qubit < 0 || qubit >= n) {
        fprintf(stderr, "kicked_ising: need points >= 2 and 0 <= qubit < %d\n", n);
        return 2;
    }

    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    char text[32];
    snprintf(text, sizeof text, "Z%d", qubit);
    CHECK(plt_zoo_kicked_ising(n, (const int(*)[2])edges, m, steps, NAN, &c),
          "building the circuit");
    CHECK(plt_psum_parse(text, n, "observable", &obs), "the observable");
    plt_model model = {c, obs, NULL};
    plt_settings *set = NULL;
    CHECK(plt_settings_new(&set), "the truncation");
    CHECK(plt_settings_set(set, "max-weight", maxw), "the truncation");
    CHECK(plt_settings_set(set, "min-abs", minabs), "the truncation");
    plt_opts o;
    plt_opts_init(&o);
    o.settings = set;
    plt_engine *e = NULL;
    CHECK(plt_engine_plan("pauliprop", &model, &o, &e), "planning");
    printf("# kicked Ising: %d qubits, %d edges, %d steps, %zu ops, <Z%d>, max_weight %d, "
           "min_abs %g\n",
           n, m, steps, plt_circuit_nops(c), qubit, maxw, minabs);
    printf("# theta_h      value          peak_terms  dropped_terms  truncated_w2   seconds%s\n",
           want_grad ? "   d/dtheta_h" : "");
    double total = 0, v0 = NAN, vhalf = NAN;
    for (int i = 0; i < points; i++) {
        double th = (M_PI / 2) * i / (points - 1), val, g = 0;
        double t0 = plt_clock_seconds();
        CHECK(plt_engine_loss(e, &th, &val, want_grad ? &g : NULL), "evaluating");
        double dt = plt_clock_seconds() - t0;
        total += dt;
        plt_stats s;
        plt_engine_stats(e, &s);
        printf("%.6f  %+.10f  %11zu  %13zu  %.4e  %8.3f", th, val, s.max_terms, s.dropped_terms,
               s.truncated_weight, dt);
        if (want_grad) printf("  %+.6e", g);
        printf("\n");
        fflush(stdout);
        if (i == 0) v0 = val;
        if (i == points - 1) vhalf = val;
    }
    printf("# sweep of %d points: %.2f s in total\n", points, total);
    plt_engine_free(e);
    plt_settings_free(set);

    /* The Clifford points, exactly. */
    plt_circuit *cc = NULL;
    CHECK(plt_zoo_kicked_ising(n, (const int(*)[2])edges, m, steps, M_PI / 2, &cc),
          "building the Clifford circuit");
    plt_model mc = {cc, obs, NULL};
    plt_opts oe;
    plt_opts_init(&oe);
    double exact_half;
    CHECK(plt_engine_plan("pauliprop", &mc, &oe, &e), "planning the Clifford circuit");
    CHECK(plt_engine_loss(e, NULL, &exact_half, NULL), "evaluating the Clifford circuit");
    plt_engine_free(e);
    printf("# theta_h = 0:    %+.12f (exact 1)  %s\n", v0, fabs(v0 - 1) < 1e-12 ? "ok" : "MISMATCH");
    printf("# theta_h = pi/2: %+.12f (exact %+.1f)  %s\n", vhalf, exact_half,
           fabs(vhalf - exact_half) < 1e-12 ? "ok" : "MISMATCH");
    plt_circuit_free(cc);
    plt_circuit_free(c);
    plt_psum_free(obs);
    return fabs(v0 - 1) < 1e-12 && fabs(vhalf - exact_half) < 1e-12 ? 0 : 1;
}
