/* Times the statevector engine's kernels: per-gate times, a 100-term expectation, a
 * 400-parameter adjoint gradient, and the memory-bandwidth floor (a STREAM-style triad
 * and an in-place sweep). Output: one CSV line per measurement,
 *   sim,op,n,threads,seconds
 * `seconds` is per gate for gate rows. Threads come from OMP_NUM_THREADS.
 * Usage: sv_bench N...   (built by bench/run.sh against build/libplateau.a)
 * SV_BENCH_REPS, SV_BENCH_PART and SV_BENCH_BLOCK_BITS tune the gradient part (see gradient). */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "engines/statevector/sv.h"
#include "plateau/circuit.h"
#include "plateau/clock.h"
#include "plateau/engine.h"
#include "plateau/pauli.h"
#include "plateau/rng.h"

/* BENCH_CLOCK=cpu: process CPU time instead of wall time, for 1-thread comparisons on a
 * loaded machine (time spent waiting for a core is not counted). */
static double now(void) {
    static int cpu = -1;
    if (cpu < 0) cpu = getenv("BENCH_CLOCK") && strcmp(getenv("BENCH_CLOCK"), "cpu") == 0;
    return cpu ? plt_clock_cpu_seconds() : plt_clock_seconds();
}

static plt_rng rng_state = {12345};
static uint64_t rng(void) { return plt_rng_next_u64(&rng_state); }

#define CHECK(x)                                                                     \
    do {                                                                             \
        if ((x) != PLT_OK) {                                                         \
            fprintf(stderr, "sv_bench: %s failed: %s\n", #x, plt_error_last()->message); \
            exit(1);                                                                 \
        }                                                                            \
    } while (0)

static void rot(plt_circuit *c, const char *indexed, int param, double b) {
    plt_pstring *p;
    CHECK(plt_pstring_parse(indexed, plt_circuit_nqubits(c), "bench", &p));
    CHECK(plt_circuit_add_rotation(c, p, param, 1.0, b));
    plt_pstring_free(p);
}

static int nthreads;
static void report(const char *op, int n, double sec) {
    printf("plateau,%s,%d,%d,%.6e\n", op, n, nthreads, sec);
    fflush(stdout);
}

/* Minimum over repetitions of the time of ops [nprep, nops) on a plan's state. */
static double time_ops(sv_plan *p, int reps) {
    double best = 1e300;
    sv_plan_angles(p, NULL, SIZE_MAX, 0.0);
    sv_forward(p, p->psi);
    for (int r = 0; r < reps; r++) {
        double t = now();
        sv_run_ops(p, p->psi, 0, p->nops);
        t = now() - t;
        if (t < best) best = t;
    }
    return best;
}

static sv_plan *plan_for(plt_circuit *c, plt_psum *obs) {
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    sv_plan *p;
    CHECK(sv_plan_new(&m, &o, &p));
    return p;
}

static int reps_for(int n) { return n <= 20 ? 20 : n <= 22 ? 8 : n <= 24 ? 4 : 2; }

/* STREAM-style triad a = b + s c over 2^n doubles x 2 each, and an in-place sweep
 * psi *= s over 2^n complex amplitudes (the floor of an in-place kernel). */
static void bandwidth(int n) {
    size_t len = (size_t)2 << n;
    double *a = plt_aligned_alloc(len * 8), *b = plt_aligned_alloc(len * 8),
           *c = plt_aligned_alloc(len * 8);
    if (!a || !b || !c) exit(1);
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < len; i++) a[i] = 1.0, b[i] = 2.0, c[i] = 0.5;
    double best = 1e300, bests = 1e300;
    for (int r = 0; r < reps_for(n) + 2; r++) {
        double t = now();
#pragma omp parallel for schedule(static)
        for (size_t i = 0; i < len; i++) a[i] = b[i] + 0.999 * c[i];
        t = now() - t;
        if (t < best) best = t;
        t = now();
#pragma omp parallel for schedule(static)
        for (size_t i = 0; i < len; i++) b[i] *= 0.999;
        t = now() - t;
        if (t < bests) bests = t;
    }
    printf("plateau,triad_GBps,%d,%d,%.4f\n", n, nthreads, 3.0 * (double)len * 8 / best / 1e9);
    report("sweep", n, bests);
    plt_aligned_free(a);
    plt_aligned_free(b);
    plt_aligned_free(c);
}

static void gates(int n) {
    plt_psum *obs;
    CHECK(plt_psum_parse("Z0", n, "bench", &obs));
    const char *names[] = {"rx", "cnot", "cz", "xyzx"};
    for (int g = 0; g < 4; g++) {
        plt_circuit *c;
        CHECK(plt_circuit_new(n, &c));
        int count = 0;
        char buf[64];
        for (int q = 0; q < n; q++) {
            int qq[2] = {q, (q + 1) % n};
            if (g == 0) {
                snprintf(buf, sizeof buf, "X%d", q);
                rot(c, buf, -1, 0.1 + 0.01 * q);
            } else if (g == 1) {
                CHECK(plt_circuit_add_clifford(c, PLT_GATE_CX, qq));
            } else if (g == 2) {
                CHECK(plt_circuit_add_clifford(c, PLT_GATE_CZ, qq));
            } else {
                /* ten different strings on qubits q, q+5, q+10, q+15 (mod n) */
                if (q >= 10) break;
                snprintf(buf, sizeof buf, "X%d*Y%d*Z%d*X%d", q, (q + 5) % n, (q + 10) % n,
                         (q + 15) % n);
                rot(c, buf, -1, 0.1 + 0.01 * q);
            }
            count++;
        }
        sv_plan *p = plan_for(c, obs);
        char op[64];
        for (int fused = 1; fused >= 0; fused--) {
            CHECK(sv_plan_segment(p, fused ? SV_BLOCK_BITS : 0));
            snprintf(op, sizeof op, "%s%s", names[g], fused ? "" : "_unfused");
            report(op, n, time_ops(p, reps_for(n)) / count);
        }
        sv_plan_free(p);
        plt_circuit_free(c);
    }
    plt_psum_free(obs);
}

/* <psi|H|psi> for 100 random Pauli terms (each qubit I/X/Y/Z uniformly) on a random state. */
static void expectation(int n) {
    plt_psum *obs;
    plt_pstring *s;
    CHECK(plt_psum_new(n, &obs));
    CHECK(plt_pstring_new(n, &s));
    char path[64];
    snprintf(path, sizeof path, "bench/out/pauli100_%d.txt", n);
    FILE *f = fopen(path, "w");
    for (int t = 0; t < 100; t++) {
        for (int q = 0; q < n; q++) CHECK(plt_pstring_set(s, q, "IXYZ"[rng() % 4]));
        double coef = (double)(rng() % 1000) / 1000.0 - 0.5;
        CHECK(plt_psum_add(obs, s, coef, 0));
        if (f) {
            char *txt;
            CHECK(plt_pstring_to_text(s, 1, &txt));
            fprintf(f, "%.3f %s\n", coef, txt);
            plt_free(txt);
        }
    }
    if (f) fclose(f);
    plt_circuit *c;
    CHECK(plt_circuit_new(n, &c));
    char buf[32];
    for (int q = 0; q < n; q++) {
        snprintf(buf, sizeof buf, "Y%d", q);
        rot(c, buf, -1, 0.3 + 0.1 * q);
    }
    sv_plan *p = plan_for(c, obs);
    sv_plan_angles(p, NULL, SIZE_MAX, 0.0);
    sv_forward(p, p->psi);
    double best = 1e300, v = 0;
    for (int r = 0; r < (n <= 20 ? 5 : 2); r++) {
        double t = now();
        v = sv_expect(&p->obs, p->psi, n, p->nt);
        t = now() - t;
        if (t < best) best = t;
    }
    fprintf(stderr, "expectation n=%d value %.12f\n", n, v);
    report("expval100", n, best);
    sv_plan_free(p);
    plt_circuit_free(c);
    plt_psum_free(obs);
    plt_pstring_free(s);
}

/* 10 layers of RY, RZ on every qubit and a CZ ring; <Z0>; 400 parameters at n = 20. */
static void gradient(int n) {
    const int layers = 10;
    plt_circuit *c;
    CHECK(plt_circuit_new(n, &c));
    char buf[32];
    for (int l = 0; l < layers; l++) {
        for (int q = 0; q < n; q++)
            for (int a = 0; a < 2; a++) {
                int k;
                snprintf(buf, sizeof buf, "t%d_%d_%d", l, q, a);
                CHECK(plt_circuit_add_param(c, buf, NAN, &k));
                snprintf(buf, sizeof buf, "%c%d", a ? 'Z' : 'Y', q);
                rot(c, buf, k, 0.0);
            }
        for (int q = 0; q < n; q++) {
            int qq[2] = {q, (q + 1) % n};
            CHECK(plt_circuit_add_clifford(c, PLT_GATE_CZ, qq));
        }
    }
    plt_psum *obs;
    CHECK(plt_psum_parse("Z0", n, "bench", &obs));
    /* The plan itself (what the engine's loss calls), so that SV_BENCH_BLOCK_BITS can set
     * its block size. */
    sv_plan *e = plan_for(c, obs);
    if (getenv("SV_BENCH_BLOCK_BITS"))
        CHECK(sv_plan_segment(e, atoi(getenv("SV_BENCH_BLOCK_BITS"))));
    int np = plt_circuit_nparams(c);
    double *params = malloc(sizeof(double) * (size_t)np), *grad = malloc(sizeof(double) * (size_t)np);
    for (int k = 0; k < np; k++) params[k] = (double)(rng() % 6283) / 1000.0;
    double loss, bf = 1e300, bg = 1e300;
    /* SV_BENCH_REPS: repetitions of the forward / gradient pair (default 3). SV_BENCH_PART=
     * loss, grad or none runs only that call, once, for instruction counts (callgrind). */
    int reps = getenv("SV_BENCH_REPS") ? atoi(getenv("SV_BENCH_REPS")) : 3;
    const char *part = getenv("SV_BENCH_PART");
    loss = 0.0;
    memset(grad, 0, sizeof(double) * (size_t)np);
    for (int r = 0; r < (part ? 1 : reps > 0 ? reps : 1); r++) {
        double t = now();
        if (!part || strcmp(part, "loss") == 0) CHECK(sv_plan_loss(e, params, &loss, NULL));
        t = now() - t;
        if (t < bf) bf = t;
        t = now();
        if (!part || strcmp(part, "grad") == 0) CHECK(sv_plan_loss(e, params, &loss, grad));
        t = now() - t;
        if (t < bg) bg = t;
    }
    fprintf(stderr,
            "gradient n=%d loss %.12f grad[0] %.12f grad[%d] %.12f, gradient / forward %.3f\n", n,
            loss, grad[0], np - 1, grad[np - 1], bg / bf);
    report("hea_forward", n, bf);
    report("hea_grad", n, bg);
    sv_plan_free(e);
    free(params);
    free(grad);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

/* SV_BENCH_ONLY=a,b limits the run to those parts (bw, gates, expval, grad). */
static int want(const char *part) {
    const char *only = getenv("SV_BENCH_ONLY");
    return !only || strstr(only, part) != NULL;
}

int main(int argc, char **argv) {
    nthreads = omp_get_max_threads();
    for (int i = 1; i < argc; i++) {
        int n = atoi(argv[i]);
        if (n < 10 || n > 30) {
            fprintf(stderr, "sv_bench: n = %d is outside 10..30\n", n);
            return 1;
        }
        if (want("bw")) bandwidth(n);
        if (want("gates")) gates(n);
        if ((n == 20 || n == 24 || getenv("SV_BENCH_ONLY")) && want("expval")) expectation(n);
        if ((n == 20 || getenv("SV_BENCH_ONLY")) && want("grad")) gradient(n);
    }
    return 0;
}
