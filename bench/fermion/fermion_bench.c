/* Timing of the fermion engine on the XY-model Hamiltonian variational ansatz:
 * per layer R_Z on every qubit (one shared angle) and R_XX, R_YY on every neighbour
 * pair (another), from the Neel state; observable sum_i J_i (X_i X_i+1 + Y_i Y_i+1) + h_i Z_i.
 * With --random the generators are random long-range quadratic monomials instead,
 * so every row of the covariance factor fills and a gate costs the full O(n).
 *
 * usage: fermion_bench N LAYERS [--random] [REPEATS]
 * prints one line: n, gates, plan s, loss s, loss+gradient s, ns per gate (with gradient). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plateau/clock.h"
#include "plateau/engine.h"

static int die(const char *what) {
    char buf[1200];
    fprintf(stderr, "fermion_bench: %s: %s\n", what, plt_error_format(buf, sizeof buf));
    return 1;
}

static unsigned long long rng = 88172645463325252ULL;
static int rnd(int n) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (int)(rng % (unsigned long long)n);
}

/* gamma_p gamma_q as a Pauli string (p < q): X/Y on p/2, Z between, X/Y on q/2. */
static int set_pair(plt_pstring *s, int p, int q) {
    int a = p / 2, b = q / 2;
    if (a == b) return plt_pstring_set(s, a, 'Z') != PLT_OK;
    int bad = plt_pstring_set(s, a, (p & 1) ? 'X' : 'Y') != PLT_OK; /* Z on a from gamma_q */
    for (int k = a + 1; k < b; k++) bad |= plt_pstring_set(s, k, 'Z') != PLT_OK;
    bad |= plt_pstring_set(s, b, (q & 1) ? 'Y' : 'X') != PLT_OK;
    return bad;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: fermion_bench N LAYERS [--random] [REPEATS]\n");
        return 2;
    }
    int n = atoi(argv[1]), layers = atoi(argv[2]), random = 0, reps = 1;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--random") == 0) random = 1;
        else reps = atoi(argv[i]);
    }
    if (n < 2 || layers < 1 || reps < 1) {
        fprintf(stderr, "fermion_bench: need N >= 2, LAYERS >= 1, REPEATS >= 1\n");
        return 2;
    }
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    plt_pstring *p = NULL;
    plt_state *st = NULL;
    if (plt_circuit_new(n, &c) || plt_pstring_new(n, &p) || plt_psum_new(n, &obs))
        return die("setup");
    for (int l = 0; l < 2 * layers; l++) {
        char name[32];
        int k;
        snprintf(name, sizeof name, "t%d", l);
        if (plt_circuit_add_param(c, name, 0.1, &k)) return die("params");
    }
    for (int l = 0; l < layers; l++) {
        if (random) {
            for (int g = 0; g < 3 * n - 2; g++) {
                int a = rnd(2 * n), b;
                do b = rnd(2 * n);
                while (b == a);
                plt_pstring *r = NULL;
                if (plt_pstring_new(n, &r) || set_pair(r, a < b ? a : b, a < b ? b : a) ||
                    plt_circuit_add_rotation(c, r, 2 * l + g % 2, 1.0, 0.0))
                    return die("random gate");
                plt_pstring_free(r);
            }
            continue;
        }
        for (int q = 0; q < n; q++) {
            if (plt_pstring_set(p, q, 'Z') || plt_circuit_add_rotation(c, p, 2 * l, 1.0, 0.0) ||
                plt_pstring_set(p, q, 'I'))
                return die("Z layer");
        }
        for (int q = 0; q + 1 < n; q++)
            for (int yy = 0; yy < 2; yy++) {
                char ch = yy ? 'Y' : 'X';
                if (plt_pstring_set(p, q, ch) || plt_pstring_set(p, q + 1, ch) ||
                    plt_circuit_add_rotation(c, p, 2 * l + 1, 1.0, 0.0) ||
                    plt_pstring_set(p, q, 'I') || plt_pstring_set(p, q + 1, 'I'))
                    return die("XY layer");
            }
    }
    /* Site-dependent couplings: with uniform ones the Neel-state energy of this
     * ansatz vanishes identically by symmetry, which would hide errors. */
    for (int q = 0; q < n; q++) {
        if (plt_pstring_set(p, q, 'Z') || plt_psum_add(obs, p, 0.3 * cos(q), 0.0) ||
            plt_pstring_set(p, q, 'I'))
            return die("observable");
        if (q + 1 < n)
            for (int yy = 0; yy < 2; yy++) {
                char ch = yy ? 'Y' : 'X';
                if (plt_pstring_set(p, q, ch) || plt_pstring_set(p, q + 1, ch) ||
                    plt_psum_add(obs, p, 1.0 + 0.5 * sin(q), 0.0) ||
                    plt_pstring_set(p, q, 'I') || plt_pstring_set(p, q + 1, 'I'))
                    return die("observable");
            }
    }
    char *spec = malloc((size_t)n + 8);
    if (!spec) return 1;
    strcpy(spec, "basis:");
    for (int q = 0; q < n; q++) spec[6 + q] = (char)('0' + (q & 1));
    spec[6 + n] = 0;
    if (plt_state_parse(spec, n, "bench", &st)) return die("state");
    free(spec);

    plt_model m = {c, obs, st};
    plt_engine *e = NULL;
    double t0 = plt_clock_seconds();
    if (plt_engine_plan("fermion", &m, NULL, &e)) return die("plan");
    double tplan = plt_clock_seconds() - t0;
    int np = plt_circuit_nparams(c);
    double *prm = malloc((size_t)np * sizeof *prm), *g = malloc((size_t)np * sizeof *g), loss = 0;
    if (!prm || !g) return 1;
    for (int k = 0; k < np; k++) prm[k] = 0.05 + 0.3 * (k % 7) / 7.0;
    double tl = 1e300, tg = 1e300;
    for (int r = 0; r < reps; r++) {
        t0 = plt_clock_seconds();
        if (plt_engine_loss(e, prm, &loss, NULL)) return die("loss");
        double t1 = plt_clock_seconds();
        if (plt_engine_loss(e, prm, &loss, g)) return die("gradient");
        double t2 = plt_clock_seconds();
        if (t1 - t0 < tl) tl = t1 - t0;
        if (t2 - t1 < tg) tg = t2 - t1;
    }
    size_t gates = plt_circuit_nops(c);
    printf("%d %zu %.3f %.3f %.3f %.1f loss=%.10f dL/dt0=%.6e\n", n, gates, tplan, tl, tg,
           1e9 * tg / (double)gates, loss, g[0]);
    plt_engine_free(e);
    plt_state_free(st);
    plt_psum_free(obs);
    plt_pstring_free(p);
    plt_circuit_free(c);
    free(prm);
    free(g);
    return 0;
}
