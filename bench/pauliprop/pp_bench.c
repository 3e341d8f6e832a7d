/* pauliprop side of the peer benchmark: the kicked-Ising circuit (RX(theta_h) on every qubit,
 * then RZZ(-pi/2) on every edge, per step; observable Z on one qubit; state |0...0>) on the
 * edges of a file restricted to qubits < nmax, timed for each theta_h given.
 *
 * usage: pp_bench EDGES NMAX STEPS QUBIT MAX_WEIGHT MIN_ABS THETA... 
 * Prints one CSV line per theta: sim,n,steps,theta,threads,seconds,value,peak_terms,maxrss_mb
 * (seconds: plan + propagation + overlap, the best of REPEAT runs (environment, default 3):
 * the machine is shared; maxrss: the process's peak so far).
 * With GRAD=1 (environment), theta_h is the circuit's one parameter (shared by every RX) and
 * each theta gets two lines from one plan: plateau-loss (the loss alone, value the loss) and
 * plateau-grad (loss and gradient, value dL/dtheta_h), so that their ratio is the gradient's
 * cost in losses. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "plateau/plateau.h"

static int die(const char *what) {
    char buf[1024];
    fprintf(stderr, "pp_bench: %s: %s\n", what, plt_error_format(buf, sizeof buf));
    return 1;
}

static int read_edges(const char *path, int nmax, int (*edges)[2], int cap, int *nq) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[256];
    int m = 0;
    *nq = 0;
    while (fgets(line, sizeof line, f)) {
        int a, b;
        if (line[0] == '#' || sscanf(line, "%d %d", &a, &b) != 2) continue;
        if (a >= nmax || b >= nmax) continue;
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
    if (argc < 8) {
        fprintf(stderr, "usage: %s EDGES NMAX STEPS QUBIT MAX_WEIGHT MIN_ABS THETA...\n", argv[0]);
        return 2;
    }
    static int edges[1024][2];
    int n;
    const int nmax = atoi(argv[2]), steps = atoi(argv[3]), qubit = atoi(argv[4]);
    const int maxw = atoi(argv[5]);
    const double minabs = atof(argv[6]);
    int m = read_edges(argv[1], nmax, edges, 1024, &n);
    if (m <= 0 || qubit < 0 || qubit >= n) {
        fprintf(stderr, "pp_bench: no edges in %s below qubit %d, or qubit %d out of range\n",
                argv[1], nmax, qubit);
        return 1;
    }
    int threads = 1;
#ifdef _OPENMP
    threads = omp_get_max_threads();
#endif
    char text[32];
    snprintf(text, sizeof text, "Z%d", qubit);
    plt_psum *obs = NULL;
    if (plt_psum_parse(text, n, "observable", &obs)) return die("the observable");
    /* The truncation, read by every plan below (the threaded sweep's too). */
    plt_settings *set = NULL;
    if (plt_settings_new(&set) || plt_settings_set(set, "max-weight", maxw) ||
        plt_settings_set(set, "min-abs", minabs))
        return die("the truncation");
    const char *genv = getenv("GRAD");
    if (genv && atoi(genv) > 0) {
        for (int i = 7; i < argc; i++) {
            const double th = atof(argv[i]);
            plt_circuit *c = NULL;
            if (plt_zoo_kicked_ising(n, (const int(*)[2])edges, m, steps, NAN, &c))
                return die("building the circuit");
            plt_model model = {c, obs, NULL};
            plt_opts o;
            plt_opts_init(&o);
            o.settings = set;
            const char *rep = getenv("REPEAT");
            const int reps = rep && atoi(rep) > 0 ? atoi(rep) : 3;
            plt_engine *e = NULL;
            if (plt_engine_plan("pauliprop", &model, &o, &e)) return die("planning");
            double val = NAN, gval = NAN, grad = NAN, dt = INFINITY, dg = INFINITY;
            /* Alternating, so that a change of load hits both. */
            for (int r = 0; r < reps; r++) {
                double t0 = plt_clock_seconds();
                if (plt_engine_loss(e, &th, &val, NULL)) return die("evaluating");
                dt = fmin(dt, plt_clock_seconds() - t0);
                t0 = plt_clock_seconds();
                if (plt_engine_loss(e, &th, &gval, &grad)) return die("the gradient");
                dg = fmin(dg, plt_clock_seconds() - t0);
            }
            if (gval != val)
                fprintf(stderr, "pp_bench: the gradient's loss %.17g differs from the loss %.17g\n",
                        gval, val);
            plt_stats s;
            plt_engine_stats(e, &s);
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            printf("plateau-loss,%d,%d,%.6f,%d,%.4f,%.12f,%zu,%.1f\n", n, steps, th, threads, dt,
                   val, s.max_terms, (double)ru.ru_maxrss / 1024.0);
            printf("plateau-grad,%d,%d,%.6f,%d,%.4f,%.12f,%zu,%.1f\n", n, steps, th, threads, dg,
                   grad, s.max_terms, (double)ru.ru_maxrss / 1024.0);
            fflush(stdout);
            plt_engine_free(e);
            plt_circuit_free(c);
        }
        plt_settings_free(set);
        plt_psum_free(obs);
        return 0;
    }
    for (int i = 7; i < argc; i++) {
        const double th = atof(argv[i]);
        plt_circuit *c = NULL;
        if (plt_zoo_kicked_ising(n, (const int(*)[2])edges, m, steps, th, &c))
            return die("building the circuit");
        plt_model model = {c, obs, NULL};
        plt_opts o;
        plt_opts_init(&o);
        o.settings = set;
        const char *rep = getenv("REPEAT");
        const int reps = rep && atoi(rep) > 0 ? atoi(rep) : 3;
        plt_engine *e = NULL;
        double val = NAN, dt = INFINITY;
        for (int r = 0; r < reps; r++) {
            plt_engine_free(e);
            e = NULL;
            const double t0 = plt_clock_seconds();
            if (plt_engine_plan("pauliprop", &model, &o, &e)) return die("planning");
            if (plt_engine_loss(e, NULL, &val, NULL)) return die("evaluating");
            dt = fmin(dt, plt_clock_seconds() - t0);
        }
        plt_stats s;
        plt_engine_stats(e, &s);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("plateau,%d,%d,%.6f,%d,%.4f,%.12f,%zu,%.1f\n", n, steps, th, threads, dt, val,
               s.max_terms, (double)ru.ru_maxrss / 1024.0);
        fflush(stdout);
        plt_engine_free(e);
        plt_circuit_free(c);
    }
    /* With several threads and several points, also the sweep as a user runs it on all
     * cores: the points shared among the threads, one single-threaded plan each. Each
     * point's line gets (wall time of the whole sweep) / points, so the lines add up. */
    const int npts = argc - 7;
    if (threads > 1 && npts > 1) {
        double *vals = calloc((size_t)npts, sizeof *vals);
        if (!vals) return die("allocating");
        const char *rep = getenv("REPEAT");
        const int reps = rep && atoi(rep) > 0 ? atoi(rep) : 3;
        double wall = INFINITY;
        int bad = 0;
        for (int r = 0; r < reps; r++) {
            const double t0 = plt_clock_seconds();
#pragma omp parallel for schedule(dynamic, 1) reduction(| : bad)
            for (int i = 0; i < npts; i++) {
                plt_circuit *c = NULL;
                plt_engine *e = NULL;
                plt_opts o;
                plt_opts_init(&o);
                o.settings = set;
                o.threads = 1;
                if (plt_zoo_kicked_ising(n, (const int(*)[2])edges, m, steps, atof(argv[7 + i]),
                                         &c)) {
                    bad |= 1;
                    continue;
                }
                plt_model model = {c, obs, NULL};
                bad |= plt_engine_plan("pauliprop", &model, &o, &e) != PLT_OK ||
                       plt_engine_loss(e, NULL, &vals[i], NULL) != PLT_OK;
                plt_engine_free(e);
                plt_circuit_free(c);
            }
            wall = fmin(wall, plt_clock_seconds() - t0);
        }
        if (bad) return die("the threaded sweep");
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        for (int i = 0; i < npts; i++)
            printf("plateau-points,%d,%d,%.6f,%d,%.4f,%.12f,0,%.1f\n", n, steps, atof(argv[7 + i]),
                   threads, wall / npts, vals[i], (double)ru.ru_maxrss / 1024.0);
        free(vals);
    }
    plt_settings_free(set);
    plt_psum_free(obs);
    return 0;
}
