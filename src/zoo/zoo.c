/* The model zoo: the family table, the build entry point and the shared helpers. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "zoo/zoo_impl.h"

static int ceil_log2(int n) {
    int l = 0;
    while ((1L << l) < n)
        l++;
    return l > 0 ? l : 1;
}
static int layers_log(int n) { return ceil_log2(n); }
static int layers_n(int n) { return n; }
static int layers_half(int n) { return n / 2 > 0 ? (n + 1) / 2 : 1; }
static int layers_one(int n) { return (void)n, 1; }
static int layers_two(int n) { return (void)n, 2; }
static int layers_twenty(int n) { return (void)n, 20; }
static int layers_three(int n) { return (void)n, 3; }

typedef struct zoo_family {
    const char *name;
    const char *summary;
    zoo_build_fn build;
    zoo_layers_fn layers;
    int min_n;
} zoo_family;

static const zoo_family families[] = {
    {"hea-global", "hardware-efficient RY-RZ + CZ brickwork, n layers, global cost Z0*...*Z(n-1)",
     zoo_build_hea_global, layers_n, 2},
    {"hea-local", "hardware-efficient RY-RZ + CZ brickwork, ceil(log2 n) layers, local cost Z0",
     zoo_build_hea_local, layers_log, 2},
    {"hea-small-angle", "hea-local circuit with n layers, angles drawn from [-eps, eps], cost Z0",
     zoo_build_hea_small_angle, layers_n, 2},
    {"qcnn", "convolution + pooling down to one qubit (any n >= 2, ceil halving), cost Z0",
     zoo_build_qcnn, layers_one, 2},
    {"hva-tfim", "Hamiltonian variational ansatz, open TFIM chain, |+>^n, cost the TFIM energy",
     zoo_build_hva_tfim, layers_half, 2},
    {"hva-xxz", "Hamiltonian variational ansatz, open XXZ chain (Delta 0.5), singlets, cost energy",
     zoo_build_hva_xxz, layers_half, 2},
    {"xy-matchgate", "matchgate circuit: RZ, RXX, RYY on a chain, own parameters, |0...0>, cost Z0",
     zoo_build_xy_matchgate, layers_n, 2},
    {"qaoa-maxcut", "QAOA for MaxCut on a ring, shared gamma/beta per layer, cost sum Z_i Z_j",
     zoo_build_qaoa_ring, layers_two, 3},
    {"qaoa-maxcut-3reg", "QAOA for MaxCut on a seeded random 3-regular graph (n even >= 4)",
     zoo_build_qaoa_3reg, layers_two, 4},
    {"sn-equivariant",
     "S_n-equivariant: shared sum X_i, sum Y_i, sum Z_iZ_j per layer, cost mean Z_i",
     zoo_build_sn_equivariant, layers_n, 2},
    {"kicked-ising", "kicked Ising, RX(theta_h) + RZZ(-pi/2): Eagle heavy-hex at n = 127, else LxL",
     zoo_build_kicked_ising, layers_twenty, 4},
    {"mps-staircase", "MPS-shaped QNN: 3 sweeps of RY RY CZ RY RY blocks down a chain, cost Z(n-1)",
     zoo_build_mps_staircase, layers_three, 2},
};
static const size_t nfamilies = sizeof families / sizeof families[0];

size_t plt_zoo_count(void) { return nfamilies; }
const char *plt_zoo_name(size_t i) { return i < nfamilies ? families[i].name : NULL; }
const char *plt_zoo_summary(size_t i) { return i < nfamilies ? families[i].summary : NULL; }

void plt_zoo_model_free(plt_zoo_model *m) {
    if (!m) return;
    plt_circuit_free(m->circuit);
    plt_psum_free(m->obs);
    m->circuit = NULL;
    m->obs = NULL;
}

static void family_list(char *buf, size_t cap) {
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < nfamilies; i++) {
        int w = snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", families[i].name);
        if (w < 0 || (size_t)w >= cap - len) break;
        len += (size_t)w;
    }
}

plt_status plt_zoo_build(const char *name, int n, int layers, uint64_t seed, double eps,
                         plt_zoo_model *out) {
    char list[512];
    if (!out) return plt_fail(PLT_EINVAL, "plt_zoo_build: out must not be NULL");
    memset(out, 0, sizeof *out);
    family_list(list, sizeof list);
    if (!name) return plt_fail(PLT_EINVAL, "no model family given (families: %s)", list);
    const zoo_family *f = NULL;
    for (size_t i = 0; i < nfamilies; i++)
        if (strcmp(families[i].name, name) == 0) f = &families[i];
    if (!f) return plt_fail(PLT_EINVAL, "unknown model family '%.60s' (families: %s)", name, list);
    if (n < f->min_n || n > 100000)
        return plt_fail(PLT_EINVAL, "%s needs %d..100000 qubits, not %d", f->name, f->min_n, n);
    if (layers < 0 || layers > 100000)
        return plt_fail(PLT_EINVAL, "layers is %d; give 1..100000, or 0 for the default", layers);
    if (!isfinite(eps) || eps < 0 || eps > M_PI)
        return plt_fail(PLT_EINVAL,
                        "eps is %g; give a small-angle range in (0, pi], or 0 for the "
                        "default 0.1",
                        eps);
    zoo_ctx z = {.family = f->name,
                 .n = n,
                 .layers = layers ? layers : f->layers(n),
                 .seed = seed,
                 .eps = eps > 0 ? eps : 0.1,
                 .param_range = M_PI};
    plt_status st;
    if ((st = plt_circuit_new(n, &z.c)) || (st = plt_psum_new(n, &z.obs)) ||
        (st = plt_pstring_new(n, &z.g)) || (st = f->build(&z)))
        goto fail;
    plt_pstring_free(z.g);
    out->circuit = z.c;
    out->obs = z.obs;
    out->param_range = z.param_range;
    return PLT_OK;
fail:
    plt_pstring_free(z.g);
    plt_circuit_free(z.c);
    plt_psum_free(z.obs);
    return st;
}

plt_status zoo_bad_size(const zoo_ctx *z, const char *allowed) {
    return plt_fail(PLT_EINVAL, "%s does not allow %d qubits (%s)", z->family, z->n, allowed);
}

plt_status zoo_param(zoo_ctx *z, int *k, const char *fmt, ...) {
    char name[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    return plt_circuit_add_param(z->c, name, NAN, k);
}

static plt_status set_letters(zoo_ctx *z, const char *letters, const int *qubits, int w) {
    plt_status st;
    for (int i = 0; i < w; i++)
        if ((st = plt_pstring_set(z->g, qubits[i], letters[i]))) return st;
    return PLT_OK;
}

static void clear_letters(zoo_ctx *z, const int *qubits, int w) {
    /* Cannot fail: the same qubits were just set. */
    for (int i = 0; i < w; i++)
        if (plt_pstring_set(z->g, qubits[i], 'I')) PLT_ASSERT(0);
}

plt_status zoo_rot(zoo_ctx *z, const char *letters, const int *qubits, int w, int k, double a,
                   double b) {
    plt_status st = set_letters(z, letters, qubits, w);
    if (!st) st = plt_circuit_add_rotation(z->c, z->g, k, a, b);
    clear_letters(z, qubits, w);
    return st;
}

plt_status zoo_rot1(zoo_ctx *z, char letter, int q, int k) {
    char l[2] = {letter, 0};
    return zoo_rot(z, l, &q, 1, k, 1.0, 0.0);
}

plt_status zoo_rot2(zoo_ctx *z, const char *letters, int q0, int q1, int k, double a, double b) {
    int qs[2] = {q0, q1};
    return zoo_rot(z, letters, qs, 2, k, a, b);
}

plt_status zoo_cliff1(zoo_ctx *z, plt_gate g, int q) {
    return plt_circuit_add_clifford(z->c, g, &q);
}

plt_status zoo_cliff2(zoo_ctx *z, plt_gate g, int q0, int q1) {
    int qs[2] = {q0, q1};
    return plt_circuit_add_clifford(z->c, g, qs);
}

plt_status zoo_obs(zoo_ctx *z, double coef, const char *letters, const int *qubits, int w) {
    plt_status st = set_letters(z, letters, qubits, w);
    if (!st) st = plt_psum_add(z->obs, z->g, coef, 0.0);
    clear_letters(z, qubits, w);
    return st;
}
