/* A quantum convolutional neural network (the zoo's `qcnn` family: RY-CZ-RY convolution
 * blocks on neighbouring active pairs, controlled-RX pooling, halving down to qubit 0) on
 * hundreds of qubits, cost <Z0> on |0...0>, loss and the whole gradient with pauliprop.
 *
 * usage: qcnn [min_abs=1e-5] [max_weight=0] [seed=1] [n ...=256 512]
 *
 * First it checks itself at n = 8 and 16: pauliprop without truncation against the
 * statevector engine (loss and every partial derivative), and the truncated run against the
 * exact one. Then, for each n, it prints the loss and gradient norm at the given truncation
 * and at a ten times smaller min_abs (the change is the evidence for the truncation error),
 * with the terms held, the dropped weight and the times. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "plateau/plateau.h"

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void report_error(const char *what) {
    char buf[1024];
    fprintf(stderr, "qcnn: %s: %s\n", what, plt_error_format(buf, sizeof buf));
}

/* Uniform in [-pi, pi) from a 64-bit LCG: reproducible parameters without a library rng. */
static void random_params(uint64_t seed, double *p, size_t np) {
    uint64_t s = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    for (size_t k = 0; k < np; k++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        p[k] = (double)(s >> 11) * 0x1.0p-53 * 2 * M_PI - M_PI;
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
    double t0 = now(), g_loss;
    st = plt_engine_loss(e, params, &r->loss, NULL);
    r->seconds_loss = now() - t0;
    if (!st) {
        t0 = now();
        st = plt_engine_loss(e, params, &g_loss, grad);
        r->seconds_grad = now() - t0;
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

/* n = 8, 16: exact pauliprop == statevector; truncated pauliprop close to both. */
static int verify(int n, uint64_t seed, double min_abs, int max_weight) {
    plt_zoo_model z;
    if (plt_zoo_build("qcnn", n, 0, seed, 0, &z)) {
        report_error("building the QCNN");
        return 1;
    }
    plt_model m = {z.circuit, z.obs, NULL};
    const size_t np = (size_t)plt_circuit_nparams(z.circuit);
    double *p = malloc(np * sizeof *p), *gs = malloc(np * sizeof *gs);
    double *ge = malloc(np * sizeof *ge), *gt = malloc(np * sizeof *gt);
    int bad = 1;
    if (!p || !gs || !ge || !gt) goto out;
    random_params(seed + (uint64_t)n, p, np);
    plt_opts o;
    plt_opts_init(&o);
    run rs, re, rt;
    if (evaluate("statevector", &m, &o, p, gs, &rs) || evaluate("pauliprop", &m, &o, p, ge, &re)) {
        report_error("verifying");
        goto out;
    }
    o.min_abs = min_abs;
    o.max_weight = max_weight;
    if (evaluate("pauliprop", &m, &o, p, gt, &rt)) {
        report_error("verifying with truncation");
        goto out;
    }
    const double dl = fabs(re.loss - rs.loss), dg = max_diff(ge, gs, np);
    bad = !(dl < 1e-12 && dg < 1e-10);
    printf("check n=%-3d %4zu params  statevector %+.12f  pauliprop exact %+.12f  "
           "|dloss| %.1e  max|dgrad| %.1e  %s\n",
           n, np, rs.loss, re.loss, dl, dg, bad ? "MISMATCH" : "ok");
    printf("            truncated (min_abs %g, max_weight %d): loss %+.12f  |dloss| %.1e  "
           "max|dgrad| %.1e  truncated_w2 %.2e\n",
           min_abs, max_weight, rt.loss, fabs(rt.loss - rs.loss), max_diff(gt, gs, np),
           rt.stats.truncated_weight);
out:
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
    int bad = 1;
    if (!p || !g || !g2) goto out;
    random_params(seed + (uint64_t)n, p, np);
    printf("qcnn n=%d: %zu ops, %zu parameters, cost <Z0>\n", n, plt_circuit_nops(z.circuit), np);
    for (int pass = 0; pass < 2; pass++) {
        plt_opts o;
        plt_opts_init(&o);
        o.min_abs = pass == 0 ? min_abs : min_abs / 10;
        o.max_weight = max_weight;
        run r;
        if (evaluate("pauliprop", &m, &o, p, pass == 0 ? g : g2, &r)) {
            report_error("evaluating");
            goto out;
        }
        printf("  min_abs %-7g max_weight %-3d loss %+.10e  |grad| %.6e  peak terms %9zu  "
               "dropped %10zu  truncated_w2 %.2e  loss %.3f s  loss+grad %.3f s\n",
               o.min_abs, max_weight, r.loss, norm(pass == 0 ? g : g2, np), r.stats.max_terms,
               r.stats.dropped_terms, r.stats.truncated_weight, r.seconds_loss, r.seconds_grad);
    }
    printf("  gradient change between the two truncations: max %.2e over %zu parameters\n",
           max_diff(g, g2, np), np);
    bad = 0;
out:
    free(p);
    free(g);
    free(g2);
    plt_zoo_model_free(&z);
    return bad;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const double min_abs = argc > 1 ? atof(argv[1]) : 1e-5;
    const int max_weight = argc > 2 ? atoi(argv[2]) : 0;
    const uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
    int bad = verify(8, seed, min_abs, max_weight) | verify(16, seed, min_abs, max_weight);
    if (argc > 4) {
        for (int i = 4; i < argc; i++) bad |= big(atoi(argv[i]), seed, min_abs, max_weight);
    } else {
        bad |= big(256, seed, min_abs, max_weight) | big(512, seed, min_abs, max_weight);
    }
    return bad;
}
