/* Timing of engine gsim on the so(2n) transverse-field Ising HVA (in the basis
 * {X_i X_i+1, Z_i}, the Hadamard image of {Z_i Z_i+1, X_i}, so that the fermion engine can
 * cross-check it) at n = 100 (dimension
 * n(2n-1) = 19,900): plan (Lie closure + pair lists), then loss and full adjoint gradient of a
 * 100-layer circuit with one parameter per gate. Usage: so2n_scale [n] [layers]. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plateau/plateau.h"

static int die(void) {
    char buf[1024];
    fprintf(stderr, "%s\n", plt_error_format(buf, sizeof buf));
    return 1;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 100, layers = argc > 2 ? atoi(argv[2]) : 100;
    if (n < 2 || layers < 1) return 2;
    plt_circuit *c = NULL;
    plt_pstring *p = NULL;
    if (plt_circuit_new(n, &c) || plt_pstring_new(n, &p)) return die();
    char name[32];
    for (int l = 0; l < layers; l++) {
        for (int i = 0; i + 1 < n; i++) {
            int k;
            snprintf(name, sizeof name, "xx%d_%d", l, i);
            if (plt_circuit_add_param(c, name, 0, &k)) return die();
            for (int q = 0; q < n; q++)
                if (plt_pstring_set(p, q, q == i || q == i + 1 ? 'X' : 'I')) return die();
            if (plt_circuit_add_rotation(c, p, k, 1.0, 0)) return die();
        }
        for (int i = 0; i < n; i++) {
            int k;
            snprintf(name, sizeof name, "z%d_%d", l, i);
            if (plt_circuit_add_param(c, name, 0, &k)) return die();
            for (int q = 0; q < n; q++)
                if (plt_pstring_set(p, q, q == i ? 'Z' : 'I')) return die();
            if (plt_circuit_add_rotation(c, p, k, 1.0, 0)) return die();
        }
    }
    plt_psum *obs = NULL;
    char text[64];
    snprintf(text, sizeof text, "X%d*X%d + 0.5*Z%d", n / 2 - 1, n / 2, n / 2);
    if (plt_psum_parse(text, n, "obs", &obs)) return die();
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    double t0 = plt_clock_seconds();
    plt_engine *e = NULL;
    if (plt_engine_plan("gsim", &m, &o, &e)) return die();
    double t1 = plt_clock_seconds();
    int np = plt_circuit_nparams(c);
    double *th = malloc((size_t)np * sizeof *th), *g = malloc((size_t)np * sizeof *g);
    plt_rng r = {1};
    for (int k = 0; k < np; k++) th[k] = 2 * M_PI * plt_rng_uniform(&r);
    double loss;
    if (plt_engine_loss(e, th, &loss, NULL)) return die();
    double t2 = plt_clock_seconds();
    if (plt_engine_loss(e, th, &loss, g)) return die();
    double t3 = plt_clock_seconds();
    double gn = 0;
    for (int k = 0; k < np; k++) gn += g[k] * g[k];
    plt_stats st;
    plt_engine_stats(e, &st);
    printf("n=%d layers=%d gates=%zu params=%d dla_dim=%zu\n", n, layers, plt_circuit_nops(c), np,
           st.max_terms);
    printf("plan %.3f s, loss %.3f s, loss+gradient %.3f s (loss %.12f, |grad| %.6g)\n", t1 - t0,
           t2 - t1, t3 - t2, loss, sqrt(gn));
    /* Cross-check against the free-fermion engine when it takes the model (TFIM is a
     * matchgate circuit). */
    plt_engine *f = NULL;
    if (plt_engine_plan("fermion", &m, &o, &f) == PLT_OK) {
        double lf, t4 = plt_clock_seconds();
        if (plt_engine_loss(f, th, &lf, NULL) == PLT_OK)
            printf("fermion engine loss %.12f (|diff| %.2g, %.3f s)\n", lf, fabs(lf - loss),
                   plt_clock_seconds() - t4);
        plt_engine_free(f);
    } else {
        printf("fermion engine: %s\n", plt_error_last()->message);
    }
    plt_engine_free(e);
    free(th);
    free(g);
    plt_psum_free(obs);
    plt_pstring_free(p);
    plt_circuit_free(c);
    return 0;
}
