/* Lie-closure timing of plateau on the generator sets of closure_peers.py.
 * Usage: closure_bench SET:N ...  (SET one of tfim, xy, heis, univ). Prints CSV lines
 * "plateau,SET,N,DIM,SECONDS" for the closure (best of 5 runs) and
 * "plateau-class,SET,N,DIM,SECONDS" for the classification without a basis
 * (plt_lie_classify_strings): the best of 7 batches of repeated calls, each batch at least
 * 2 ms long, per call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plateau/plateau.h"

/* The generator set as text, one generator per line (same sets as closure_peers.py). */
static size_t make_set(const char *set, int n, plt_pstring **g) {
    size_t m = 0;
    char t[64];
    const char *one = "", *two[3] = {NULL, NULL, NULL};
    if (!strcmp(set, "tfim")) {
        one = "X";
        two[0] = "ZZ";
    } else if (!strcmp(set, "xy")) {
        two[0] = "XX";
        two[1] = "YY";
    } else if (!strcmp(set, "heis")) {
        two[0] = "XX";
        two[1] = "YY";
        two[2] = "ZZ";
    } else if (!strcmp(set, "univ")) {
        one = "XY";
        two[0] = "ZZ";
    } else {
        return 0;
    }
    for (const char *c = one; *c; c++)
        for (int i = 0; i < n; i++) {
            snprintf(t, sizeof t, "%c%d", *c, i);
            if (plt_pstring_parse(t, n, NULL, &g[m++])) return 0;
        }
    for (int k = 0; k < 3 && two[k]; k++)
        for (int i = 0; i + 1 < n; i++) {
            snprintf(t, sizeof t, "%c%d*%c%d", two[k][0], i, two[k][1], i + 1);
            if (plt_pstring_parse(t, n, NULL, &g[m++])) return 0;
        }
    return m;
}

int main(int argc, char **argv) {
    for (int a = 1; a < argc; a++) {
        char set[32];
        int n;
        if (sscanf(argv[a], "%31[a-z]:%d", set, &n) != 2 || n < 1 || n > 2000) return 2;
        plt_pstring **g = calloc(4 * (size_t)n, sizeof *g);
        size_t m = make_set(set, n, g);
        if (!m) return 2;
        double best = 1e30;
        size_t dim = 0;
        for (int rep = 0; rep < 5; rep++) {
            plt_dla *d = NULL;
            double t0 = plt_clock_seconds();
            if (plt_lie_closure_strings((const plt_pstring *const *)g, m, 0, &d)) return 1;
            double t = plt_clock_seconds() - t0;
            dim = plt_dla_dim(d);
            plt_dla_free(d);
            if (t < best) best = t;
        }
        printf("plateau,%s,%d,%zu,%.6g\n", set, n, dim, best);
        /* the classification: microseconds, so time batches of calls */
        double cbest = 1e30;
        uint64_t cdim = 0;
        long reps = 1;
        for (int batch = 0; batch < 7; batch++) {
            double t0 = plt_clock_seconds();
            for (long r = 0; r < reps; r++) {
                plt_lie_class *c = NULL;
                if (plt_lie_classify_strings((const plt_pstring *const *)g, m, &c)) return 1;
                if (!plt_lie_class_dim_exact(c, &cdim)) cdim = 0;
                plt_lie_class_free(c);
            }
            double t = plt_clock_seconds() - t0;
            if (t < 2e-3 && reps < (1L << 24)) {
                reps *= 2;
                batch--;
                continue;
            }
            if (t / (double)reps < cbest) cbest = t / (double)reps;
        }
        printf("plateau-class,%s,%d,%llu,%.6g\n", set, n, (unsigned long long)cdim, cbest);
        fflush(stdout);
        for (size_t i = 0; i < m; i++) plt_pstring_free(g[i]);
        free(g);
    }
    return 0;
}
