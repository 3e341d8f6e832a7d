/* Showcase: phase classification on the cluster-Ising chain with a QCNN trained
 * classically from classical shadows.
 *
 *   H = - sum_{i=1}^{n-2} Z_{i-1} X_i Z_{i+1} - h1 sum_i X_i - h2 sum_i X_i X_{i+1}   (open chain)
 *
 * 1. Exact ground states by Lanczos (full reorthogonalisation) on a grid of (h1, h2).
 * 2. Labels from the exact string order parameter S = <Z_0 X_1 X_3 ... X_{n-3} Z_{n-2}>
 *    (a product of the cluster stabilisers, +1 in the cluster state): +1 (SPT) when
 *    S > 0.5, -1 when S < 0.2, points in between are dropped as ambiguous at this n.
 * 3. Shadows sampled from every ground state (random Pauli bases): the "device" data.
 * 4. A QCNN (plateau's zoo, Cong, Choi & Lukin 2019) trained on the shadows only, with
 *    Pauli propagation truncated at Pauli weight W: each surviving term's expectation
 *    comes from the shadows, so training and testing run on a classical computer.
 * 5. Test accuracy on held-out points (their shadows) against the number of shots.
 *
 * Usage: qcnn_phases [n (8)] [max_weight (3)] [steps (80)] [outdir (/tmp/qcnn_phases_data)]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plateau/plateau.h"

static void apply_h(int n, double h1, double h2, const double *v, double *w) {
    size_t dim = (size_t)1 << n;
    for (size_t i = 0; i < dim; i++) w[i] = 0;
    for (size_t i = 0; i < dim; i++) {
        double a = v[i];
        if (a == 0) continue;
        for (int q = 1; q + 1 < n; q++) {
            int s = (int)(((i >> (q - 1)) ^ (i >> (q + 1))) & 1);
            w[i ^ ((size_t)1 << q)] -= s ? -a : a;
        }
        for (int q = 0; q < n; q++) w[i ^ ((size_t)1 << q)] -= h1 * a;
        for (int q = 0; q + 1 < n; q++) w[i ^ ((size_t)3 << q)] -= h2 * a;
    }
}

/* Smallest eigenpair of the symmetric m x m matrix a (destroyed), by the library's Jacobi
 * eigensolver. */
static double eig_min(double *a, int m, double *vec) {
    double *ev = malloc((size_t)m * sizeof *ev), *v = malloc((size_t)m * m * sizeof *v);
    plt_lie_jacobi(a, (size_t)m, ev, v);
    int best = 0;
    for (int i = 1; i < m; i++)
        if (ev[i] < ev[best]) best = i;
    for (int i = 0; i < m; i++) vec[i] = v[i * m + best];
    double e = ev[best];
    free(ev), free(v);
    return e;
}

/* Ground state by Lanczos with full reorthogonalisation (m <= 80 vectors). */
static double ground_state(int n, double h1, double h2, double *psi) {
    size_t dim = (size_t)1 << n;
    int m = dim < 80 ? (int)dim : 80;
    double *V = malloc((size_t)m * dim * sizeof *V), *w = malloc(dim * sizeof *w);
    double *T = calloc((size_t)m * m, sizeof *T), *y = malloc((size_t)m * sizeof *y);
    unsigned long long s = 12345;
    double nrm = 0;
    for (size_t i = 0; i < dim; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        V[i] = (double)(s >> 11) / 9007199254740992.0 - 0.5;
        nrm += V[i] * V[i];
    }
    for (size_t i = 0; i < dim; i++) V[i] /= sqrt(nrm);
    int k = 0;
    for (; k < m; k++) {
        apply_h(n, h1, h2, V + (size_t)k * dim, w);
        for (int pass = 0; pass < 2; pass++)
            for (int j = 0; j <= k; j++) {
                double d = 0;
                for (size_t i = 0; i < dim; i++) d += w[i] * V[(size_t)j * dim + i];
                if (pass == 0 && j >= k - 1) T[j * m + k] = T[k * m + j] = d;
                for (size_t i = 0; i < dim; i++) w[i] -= d * V[(size_t)j * dim + i];
            }
        double b = 0;
        for (size_t i = 0; i < dim; i++) b += w[i] * w[i];
        b = sqrt(b);
        if (k + 1 == m || b < 1e-10) break;
        T[(k + 1) * m + k] = T[k * m + k + 1] = b;
        for (size_t i = 0; i < dim; i++) V[(size_t)(k + 1) * dim + i] = w[i] / b;
    }
    int kk = k + 1 < m ? k + 1 : m;
    double *Tk = malloc((size_t)kk * kk * sizeof *Tk);
    for (int i = 0; i < kk; i++)
        for (int j = 0; j < kk; j++) Tk[i * kk + j] = T[i * m + j];
    double e = eig_min(Tk, kk, y);
    for (size_t i = 0; i < dim; i++) {
        double a = 0;
        for (int j = 0; j < kk; j++) a += y[j] * V[(size_t)j * dim + i];
        psi[2 * i] = a;
        psi[2 * i + 1] = 0;
    }
    nrm = 0;
    for (size_t i = 0; i < dim; i++) nrm += psi[2 * i] * psi[2 * i];
    for (size_t i = 0; i < 2 * dim; i++) psi[i] /= sqrt(nrm);
    free(V), free(w), free(T), free(y), free(Tk);
    return e;
}

/* <Z_0 X_1 X_3 ... X_{n-3} Z_{n-2}> (n even): the product of stabilisers Z X Z on odd sites. */
static double string_order(int n, const double *psi) {
    size_t dim = (size_t)1 << n, flip = 0;
    for (int q = 1; q <= n - 3; q += 2) flip |= (size_t)1 << q;
    double v = 0;
    for (size_t i = 0; i < dim; i++) {
        size_t j = i ^ flip;
        int sgn = (int)((i & 1) ^ ((i >> (n - 2)) & 1));
        v += psi[2 * i] * psi[2 * j] * (sgn ? -1 : 1);
    }
    return v;
}

typedef struct point { double h1, h2; int label; double *psi; } point;

static int fail(const char *what) {
    char buf[1024];
    fprintf(stderr, "qcnn_phases: %s: %s\n", what, plt_error_format(buf, sizeof buf));
    return 1;
}

static plt_status dataset_from(const point *pts, int np, int n, int shots, int W, uint64_t seed,
                               const char *dir, const char *tag, plt_dataset **out) {
    plt_status st = plt_dataset_new(n, out);
    for (int i = 0; i < np && !st; i++) {
        plt_shadows *s = NULL;
        char path[512], spec[520];
        snprintf(path, sizeof path, "%s/%s_%d_%d.txt", dir, tag, shots, i);
        st = plt_shadows_sample_amplitudes(n, pts[i].psi, (size_t)shots, seed + (uint64_t)i, &s);
        if (!st) st = plt_shadows_write_file(s, path);
        plt_shadows_free(s);
        plt_state *state = NULL;
        snprintf(spec, sizeof spec, "shadows:%s", path);
        if (!st) st = plt_state_parse(spec, n, "shadows", &state);
        if (!st) st = plt_dataset_add(*out, pts[i].label, state);
        if (st) plt_state_free(state);
    }
    (void)W;
    return st;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 8, W = argc > 2 ? atoi(argv[2]) : 3;
    int steps = argc > 3 ? atoi(argv[3]) : 80;
    const char *dir = argc > 4 ? argv[4] : "/tmp/qcnn_phases_data";
    if (n < 4 || n > 14 || n % 2) {
        fprintf(stderr, "qcnn_phases: n must be even, 4..14 (got %d)\n", n);
        return 1;
    }
    mkdir(dir, 0755);
    /* Grid over the phase diagram region Cong et al. and Bermejo et al. use. */
    point *pts = calloc(400, sizeof *pts);
    int np = 0, dropped = 0;
    for (int a = 0; a < 9; a++)
        for (int b = 0; b < 9; b++) {
            double h1 = 0.1 + 1.5 * a / 8.0, h2 = -1.6 + 3.2 * b / 8.0;
            double *psi = malloc(2 * ((size_t)1 << n) * sizeof *psi);
            ground_state(n, h1, h2, psi);
            double S = string_order(n, psi);
            if (S < 0) S = -S; /* the sign of the ground state is a gauge; S is invariant */
            if (S > 0.2 && S < 0.5) {
                dropped++;
                free(psi);
                continue;
            }
            pts[np++] = (point){h1, h2, S >= 0.5 ? 1 : -1, psi};
        }
    /* Alternate points into training and test sets. */
    point *train = calloc((size_t)np, sizeof *train), *test = calloc((size_t)np, sizeof *test);
    int ntr = 0, nte = 0, pos = 0;
    for (int i = 0; i < np; i++) {
        if (i % 2) test[nte++] = pts[i];
        else train[ntr++] = pts[i];
        pos += pts[i].label > 0;
    }
    printf("cluster-Ising chain, n = %d: %d grid points (%d SPT, %d not), %d ambiguous dropped\n",
           n, np, pos, np - pos, dropped);
    plt_zoo_model zm;
    if (plt_zoo_build("qcnn", n, 1, 1, 0, &zm)) return fail("qcnn");
    int npar = plt_circuit_nparams(zm.circuit);
    printf("QCNN: %d parameters; Pauli propagation truncated at weight %d; Adam, %d steps\n\n",
           npar, W, steps);
    printf("%8s %10s %10s %10s\n", "shots", "train_acc", "test_acc", "seconds");
    plt_settings *trunc = NULL;
    if (plt_settings_new(&trunc) || plt_settings_set(trunc, "max-weight", W))
        return fail("the truncation");
    int shot_list[] = {100, 300, 1000, 3000};
    for (int si = 0; si < 4; si++) {
        int shots = shot_list[si];
        plt_dataset *dtr = NULL, *dte = NULL;
        if (dataset_from(train, ntr, n, shots, W, 1000, dir, "train", &dtr) ||
            dataset_from(test, nte, n, shots, W, 5000, dir, "test", &dte))
            return fail("shadows");
        plt_opts o;
        plt_opts_init(&o);
        o.settings = trunc;
        plt_train_loss *ltr = NULL, *lte = NULL;
        if (plt_train_loss_new(zm.circuit, zm.obs, NULL, dtr, PLT_LOSS_MSE, "pauliprop", &o, &ltr) ||
            plt_train_loss_new(zm.circuit, zm.obs, NULL, dte, PLT_LOSS_MSE, "pauliprop", &o, &lte))
            return fail("plan");
        double *x = calloc((size_t)npar, sizeof *x), *g = calloc((size_t)npar, sizeof *g), f;
        unsigned long long s = 7;
        for (int k = 0; k < npar; k++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            x[k] = 0.5 * ((double)(s >> 11) / 9007199254740992.0 - 0.5);
        }
        plt_optimizer_config cfg;
        plt_optimizer_config_init(&cfg);
        cfg.lr = 0.05;
        plt_optimizer *opt = NULL;
        size_t step = 0;
        plt_train_opts to = {.steps = (size_t)steps};
        double t0 = plt_clock_seconds();
        if (plt_optimizer_new(&plt_optimizer_adam, (size_t)npar, &cfg, &opt) ||
            plt_train_run(opt, plt_train_loss_eval, ltr, x, &f, g, 0, &step, &to))
            return fail("training");
        double acc_tr, acc_te;
        if (plt_train_loss_accuracy(ltr, x, &acc_tr) || plt_train_loss_accuracy(lte, x, &acc_te))
            return fail("accuracy");
        printf("%8d %10.3f %10.3f %10.2f\n", shots, acc_tr, acc_te, plt_clock_seconds() - t0);
        fflush(stdout);
        plt_optimizer_free(opt);
        plt_train_loss_free(ltr);
        plt_train_loss_free(lte);
        plt_dataset_free(dtr);
        plt_dataset_free(dte);
        free(x);
        free(g);
    }
    plt_settings_free(trunc);
    plt_zoo_model_free(&zm);
    for (int i = 0; i < np; i++) free(pts[i].psi);
    free(pts), free(train), free(test);
    return 0;
}
