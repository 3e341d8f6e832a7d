/* A quantum convolutional neural network (the zoo's `qcnn` family: RY-CZ-RY convolution
 * blocks on neighbouring active pairs, controlled-RX pooling, halving down to qubit 0) on
 * hundreds of qubits, cost <Z0> on |0...0>, loss and the whole gradient with pauliprop.
 *
 * usage: qcnn [max_weight=6] [min_abs=1e-4] [range=pi] [seed=1] [n ...=256 512]
 * Parameters are drawn uniformly from [-range, range).
 *
 * First it checks itself at n = 8: pauliprop without truncation against the statevector
 * engine (loss and every partial derivative). At n = 16 it prints the error of the truncated
 * runs (max_weight W-2, W-1, W) against the state vector. Then, for each n, the loss and
 * gradient norm at the same three truncations (their spread is the evidence for the
 * truncation error), with the terms held, the dropped weight and the times. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plateau/plateau.h"

static void report_error(const char *what) {
    char buf[1024];
    fprintf(stderr, "qcnn: %s: %s\n", what, plt_error_format(buf, sizeof buf));
}

/* Uniform in [-pi, pi) from a 64-bit LCG: reproducible parameters without a library rng. */
static double g_range = M_PI;

static void random_params(uint64_t seed, double *p, size_t np) {
    uint64_t s = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    for (size_t k = 0; k < np; k++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        p[k] = ((double)(s >> 11) * 0x1.0p-53 * 2 - 1) * g_range;
    }
}

typedef struct run {
    double loss, gnorm, seconds_loss, seconds_grad;
    plt_stats stats;
} run;

/* Loss alone, then loss with the gradient (into grad), with engine `name`. */
static plt_status evaluate(const char *name, const plt_model *m, const plt_opts *o,
                           const double *params, double *grad, run *r) {
    plt_engine *e = NULL;
    plt_status st = plt_engine_plan(name, m, o, &e);
    if (st) return st;
    double t0 = plt_clock_seconds(), g_loss;
    st = plt_engine_loss(e, params, &r->loss, NULL);
    r->seconds_loss = plt_clock_seconds() - t0;
    if (!st) {
        t0 = plt_clock_seconds();
        st = plt_engine_loss(e, params, &g_loss, grad);
        r->seconds_grad = plt_clock_seconds() - t0;
    }
    if (!st) {
        plt_engine_stats(e, &r->stats);
        /* The gradient pass must reproduce the loss pass. */
        if (fabs(g_loss - r->loss) > 1e-12) {
            fprintf(stderr, "qcnn: loss %.15g from the gradient pass, %.15g alone\n", g_loss,
                    r->loss);
            st = PLT_EINTERNAL;
        }
    }
    plt_engine_free(e);
    return st;
}

static double norm(const double *g, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += g[i] * g[i];
    return sqrt(s);
}

static double max_diff(const double *a, const double *b, size_t n) {
    double d = 0;
    for (size_t i = 0; i < n; i++) d = fmax(d, fabs(a[i] - b[i]));
    return d;
}

/* pauliprop's truncation into o: min_abs and max_weight w, in *set (made on first use). */
static plt_status truncation(plt_opts *o, plt_settings **set, double min_abs, int w) {
    plt_status st = *set ? PLT_OK : plt_settings_new(set);
    if (!st) st = plt_settings_set(*set, "min-abs", min_abs);
    if (!st) st = plt_settings_set(*set, "max-weight", w);
    o->settings = *set;
    return st;
}

/* n = 8, 16: exact pauliprop == statevector; truncated pauliprop close to both. */
static int verify(int n, uint64_t seed, double min_abs, int max_weight, int with_exact,
                  int with_trunc) {
    plt_zoo_model z;
    if (plt_zoo_build("qcnn", n, 0, seed, 0, &z)) {
        report_error("building the QCNN");
        return 1;
    }
    plt_model m = {z.circuit, z.obs, NULL};
    const size_t np = (size_t)plt_circuit_nparams(z.circuit);
    double *p = malloc(np * sizeof *p), *gs = malloc(np * sizeof *gs);
    double *ge = malloc(np * sizeof *ge), *gt = malloc(np * sizeof *gt);
    plt_settings *set = NULL;
    int bad = 1;
    if (!p || !gs || !ge || !gt) goto out;
    random_params(seed + (uint64_t)n, p, np);
    plt_opts o;
    plt_opts_init(&o);
    run rs, re, rt;
    if (evaluate("statevector", &m, &o, p, gs, &rs)) {
        report_error("the statevector reference");
        goto out;
    }
    re = rs;
    memcpy(ge, gs, np * sizeof *ge);
    if (with_exact && evaluate("pauliprop", &m, &o, p, ge, &re)) {
        report_error("verifying");
        goto out;
    }
    const double dl = fabs(re.loss - rs.loss), dg = max_diff(ge, gs, np);
    bad = !(dl < 1e-12 && dg < 1e-10);
    if (with_exact)
        printf("check n=%-3d %4zu params  statevector %+.12f  pauliprop exact %+.12f  "
               "|dloss| %.1e  max|dgrad| %.1e  peak terms %zu  %s\n",
               n, np, rs.loss, re.loss, dl, dg, re.stats.max_terms, bad ? "MISMATCH" : "ok");
    else
        printf("check n=%-3d %4zu params  statevector %+.12f  |grad| %.3e\n", n, np, rs.loss,
               norm(gs, np));
    for (int w = max_weight - 2; w <= max_weight && with_trunc; w++) {
        if (w < 1) continue;
        if (truncation(&o, &set, min_abs, w) || evaluate("pauliprop", &m, &o, p, gt, &rt)) {
            report_error("verifying with truncation");
            bad = 1;
            goto out;
        }
        printf("   truncated max_weight %-2d min_abs %-6g loss %+.12f  |dloss| %.1e  "
               "max|dgrad| %.1e  |grad| %.3e (exact %.3e)  peak terms %zu\n",
               w, min_abs, rt.loss, fabs(rt.loss - rs.loss), max_diff(gt, gs, np), norm(gt, np),
               norm(gs, np), rt.stats.max_terms);
    }
out:
    plt_settings_free(set);
    free(p);
    free(gs);
    free(ge);
    free(gt);
    plt_zoo_model_free(&z);
    return bad;
}

static int big(int n, uint64_t seed, double min_abs, int max_weight) {
    plt_zoo_model z;
    if (plt_zoo_build("qcnn", n, 0, seed, 0, &z)) {
        report_error("building the QCNN");
        return 1;
    }
    plt_model m = {z.circuit, z.obs, NULL};
    const size_t np = (size_t)plt_circuit_nparams(z.circuit);
    double *p = malloc(np * sizeof *p), *g = malloc(np * sizeof *g);
    double *g2 = malloc(np * sizeof *g2);
    plt_settings *set = NULL;
    int bad = 1;
    if (!p || !g || !g2) goto out;
    random_params(seed + (uint64_t)n, p, np);
    printf("qcnn n=%d: %zu ops, %zu parameters, cost <Z0>\n", n, plt_circuit_nops(z.circuit), np);
    for (int w = max_weight - 2; w <= max_weight; w++) {
        if (w < 1) continue;
        plt_opts o;
        plt_opts_init(&o);
        run r;
        memcpy(g2, g, np * sizeof *g);
        if (truncation(&o, &set, min_abs, w) || evaluate("pauliprop", &m, &o, p, g, &r)) {
            report_error("evaluating");
            goto out;
        }
        printf("  max_weight %-2d min_abs %-6g loss %+.10e  |grad| %.6e  peak terms %8zu  "
               "dropped %10zu  truncated_w2 %.2e  loss %.3f s  loss+grad %.3f s\n",
               w, min_abs, r.loss, norm(g, np), r.stats.max_terms, r.stats.dropped_terms,
               r.stats.truncated_weight, r.seconds_loss, r.seconds_grad);
        if (w > 1 && w > max_weight - 2)
            printf("      gradient change from max_weight %d: max %.2e over %zu parameters\n",
                   w - 1, max_diff(g, g2, np), np);
    }
    bad = 0;
out:
    plt_settings_free(set);
    free(p);
    free(g);
    free(g2);
    plt_zoo_model_free(&z);
    return bad;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const int max_weight = argc > 1 ? atoi(argv[1]) : 6;
    const double min_abs = argc > 2 ? atof(argv[2]) : 1e-4;
    g_range = argc > 3 ? atof(argv[3]) : M_PI;
    const uint64_t seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 1;
    printf("# QCNN (zoo family qcnn), <Z0> on |0...0>, parameters uniform in [-%g, %g), seed %llu\n",
           g_range, g_range, (unsigned long long)seed);
    int bad = verify(8, seed, min_abs, max_weight, 1, 0);
    bad |= verify(16, seed, min_abs, max_weight, 0, 1);
    if (argc > 5) {
        for (int i = 5; i < argc; i++) bad |= big(atoi(argv[i]), seed, min_abs, max_weight);
    } else {
        bad |= big(256, seed, min_abs, max_weight);
        bad |= big(512, seed, min_abs, max_weight);
    }
    return bad;
}
