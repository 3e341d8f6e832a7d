/* mps bench: a 1D brickwork of seeded random 2-qubit unitaries on neighbours, simulated by
 * plateau's mps engine at a given max-bond; writes the same gates to a file for the peer
 * (quimb_bench.py) and prints "sim,n,depth,bond,threads,seconds,cpu_seconds,value,..." as CSV.
 * Usage: mps_bench N DEPTH BOND SEED GATES_FILE [CUTOFF] */
#include <complex.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "plateau/clock.h"
#include "plateau/engine.h"
#include "plateau/rng.h"

/* A random unitary: Gram-Schmidt of a matrix of uniform entries is enough for a
 * benchmark (what matters is that both simulators see the same gates). */
static void unitary4(plt_rng *r, double complex *m) {
    for (int i = 0; i < 16; i++)
        m[i] = (plt_rng_uniform(r) - 0.5) + I * (plt_rng_uniform(r) - 0.5);
    for (int c = 0; c < 4; c++) {
        for (int p = 0; p < c; p++) {
            double complex dot = 0;
            for (int i = 0; i < 4; i++) dot += conj(m[4 * i + p]) * m[4 * i + c];
            for (int i = 0; i < 4; i++) m[4 * i + c] -= dot * m[4 * i + p];
        }
        double nrm = 0;
        for (int i = 0; i < 4; i++) nrm += creal(m[4 * i + c] * conj(m[4 * i + c]));
        for (int i = 0; i < 4; i++) m[4 * i + c] /= sqrt(nrm);
    }
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: mps_bench N DEPTH BOND SEED GATES_FILE [CUTOFF]\n");
        return 2;
    }
    int n = atoi(argv[1]), depth = atoi(argv[2]), bond = atoi(argv[3]);
    uint64_t seed = strtoull(argv[4], NULL, 10);
    double cutoff = argc > 6 ? atof(argv[6]) : 1e-12;
    FILE *f = fopen(argv[5], "w");
    if (!f) return perror(argv[5]), 1;
    plt_rng r;
    plt_rng_seed(&r, seed);
    plt_circuit *c = NULL;
    if (plt_circuit_new(n, &c)) return 1;
    for (int l = 0; l < depth; l++)
        for (int q = l & 1; q + 1 < n; q += 2) {
            double complex m[16];
            double u[32];
            unitary4(&r, m);
            fprintf(f, "%d %d", q, q + 1);
            for (int i = 0; i < 16; i++) {
                u[2 * i] = creal(m[i]);
                u[2 * i + 1] = cimag(m[i]);
                fprintf(f, " %.17g %.17g", u[2 * i], u[2 * i + 1]);
            }
            fprintf(f, "\n");
            int qs[2] = {q, q + 1};
            if (plt_circuit_add_unitary(c, 2, qs, u)) return 1;
        }
    fclose(f);
    char obs_text[32];
    snprintf(obs_text, sizeof obs_text, "Z%d", n / 2);
    plt_psum *obs = NULL;
    plt_settings *set = NULL;
    if (plt_psum_parse(obs_text, n, "bench", &obs) || plt_settings_new(&set) ||
        plt_settings_set(set, "max-bond", bond) || plt_settings_set(set, "cutoff", cutoff))
        return fprintf(stderr, "%s\n", plt_error_last()->message), 1;
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    o.settings = set;
    double t0 = plt_clock_seconds(), v = 0;
    clock_t c0 = clock();
    plt_engine *e = NULL;
    if (plt_engine_plan("mps", &m, &o, &e) || plt_engine_loss(e, NULL, &v, NULL))
        return fprintf(stderr, "%s\n", plt_error_last()->message), 1;
    double t = plt_clock_seconds() - t0;
    double cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
    plt_stats st;
    plt_engine_stats(e, &st);
    printf("plateau,%d,%d,%d,%d,%.4f,%.4f,%.10f,%zu,%.3g\n", n, depth, bond,
           omp_get_max_threads(), t, cpu, v, st.max_terms, st.truncated_weight);
    plt_engine_free(e);
    plt_settings_free(set);
    plt_psum_free(obs);
    plt_circuit_free(c);
    return 0;
}
