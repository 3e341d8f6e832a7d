/* Times the symmetric engine on the S_n-equivariant family (rx, ry on every qubit, rzz on
 * every pair, <(1/n) sum Z_i>): usage sym_bench N LAYERS [--collective].
 * Default: the zoo's circuit (n <= 2000), planned through the public API. --collective: the
 * same steps built directly in the Dicke basis (the engine's internal sym_prog), for n where
 * the circuit's n^2/2 rotations a layer do not fit in memory (n = 10^4: 5e7 strings of
 * 2.5 kB). Prints: n layers rotations build_s plan_s loss_s loss+grad_s. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engines/symmetric/sym.h"
#include "plateau/clock.h"
#include "plateau/engine.h"
#include "plateau/zoo.h"

static double best_of(plt_status (*f)(void *, const double *, double *, double *), void *ctx,
                      const double *p, double *grad, int reps) {
    double best = INFINITY, l;
    for (int r = 0; r < reps; r++) {
        double t0 = plt_clock_seconds();
        if (f(ctx, p, &l, grad)) exit(1);
        best = fmin(best, plt_clock_seconds() - t0);
    }
    return best;
}

static plt_status eng_loss(void *e, const double *p, double *l, double *g) {
    return plt_engine_loss(e, p, l, g);
}

static plt_status prog_loss(void *e, const double *p, double *l, double *g) {
    return sym_eval(e, p, l, g);
}

static void collective(int n, int layers, double *p) {
    int d = n + 1;
    sym_plan pl = {0};
    pl.prog.n = n, pl.prog.d = d, pl.nparams = 3 * layers;
    pl.lf = malloc((size_t)d * sizeof *pl.lf);
    sym_log_factorials(n, pl.lf);
    double t0 = plt_clock_seconds();
    pl.prog.steps = calloc(3 * (size_t)layers, sizeof *pl.prog.steps);
    for (int l = 0; l < layers; l++)
        for (int t = 0; t < 3; t++) {
            sym_step *s = &pl.prog.steps[pl.prog.nsteps++];
            s->param = 3 * l + t;
            if (t < 2) { /* sum_i R_P(theta) = exp(-i theta J_P) */
                s->kind = SYM_LINEAR;
                s->ha[t] = 1;
                if (sym_band_new(d, 1, &s->A)) exit(1);
                sym_band_add_class(&s->A, pl.lf, t == 0, t == 1, 0, 0.5 * n);
            } else { /* sum_{i<j} (1/2) Z_i Z_j */
                s->kind = SYM_DIAG;
                if (sym_band_new(d, 0, &s->A)) exit(1);
                sym_band_add_class(&s->A, pl.lf, 0, 0, 2, 0.25 * n * (n - 1));
                s->da = s->A.re;
                s->db = calloc((size_t)d, sizeof *s->db);
            }
        }
    if (sym_band_new(d, 0, &pl.obs)) exit(1);
    sym_band_add_class(&pl.obs, pl.lf, 0, 0, 1, 1.0); /* (1/n) sum Z_i = its symmetrisation */
    pl.psi0 = calloc(2 * (size_t)d, sizeof *pl.psi0);
    pl.psi0[0] = 1;
    pl.states = malloc((pl.prog.nsteps + 1) * 2 * (size_t)d * sizeof *pl.states);
    pl.lam = malloc(2 * (size_t)d * sizeof *pl.lam);
    pl.tmp = malloc(8 * (size_t)d * sizeof *pl.tmp);
    double plan = plt_clock_seconds() - t0;
    double *g = malloc(3 * (size_t)layers * sizeof *g);
    double tl = best_of(prog_loss, &pl, p, NULL, 2), tg = best_of(prog_loss, &pl, p, g, 2);
    printf("%d %d collective - %.3f %.3f %.3f\n", n, layers, plan, tl, tg);
    free(g);
}

int main(int argc, char **argv) {
    if (argc < 3) return fprintf(stderr, "usage: sym_bench N LAYERS [--collective]\n"), 2;
    int n = atoi(argv[1]), layers = atoi(argv[2]);
    double *p = malloc(3 * (size_t)layers * sizeof *p), *g = malloc(3 * (size_t)layers * sizeof *g);
    /* fixed angles spread over [-pi, pi], as a scan draws them */
    for (int k = 0; k < 3 * layers; k++) p[k] = M_PI * sin(1.7 * k + 0.3);
    if (argc > 3 && strcmp(argv[3], "--collective") == 0) {
        collective(n, layers, p);
        return 0;
    }
    double t0 = plt_clock_seconds();
    plt_zoo_model zm;
    if (plt_zoo_build("sn-equivariant", n, layers, 1, 0, &zm)) return 1;
    double build = plt_clock_seconds() - t0;
    plt_model m = {zm.circuit, zm.obs, NULL};
    plt_engine *e = NULL;
    t0 = plt_clock_seconds();
    if (plt_engine_plan("symmetric", &m, NULL, &e)) return 1;
    double plan = plt_clock_seconds() - t0;
    double tl = best_of(eng_loss, e, p, NULL, 2), tg = best_of(eng_loss, e, p, g, 2);
    printf("%d %d %zu %.3f %.3f %.3f %.3f\n", n, layers, plt_circuit_nops(zm.circuit), build,
           plan, tl, tg);
    plt_engine_free(e);
    plt_zoo_model_free(&zm);
    return 0;
}
