/* The stabilizer tableau: gates from the gate table's Heisenberg images, Pauli
 * rotations by quarter turns, Z measurements and expectation values. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "pauli/pstring.h"
#include "shadows/tableau.h"

static inline uint64_t *row_x(tableau *t, int i) { return t->w + 2 * (size_t)t->nw * i; }
static inline uint64_t *row_z(tableau *t, int i) { return row_x(t, i) + t->nw; }
static inline int getb(const uint64_t *p, int q) { return (int)(p[q / 64] >> (q % 64)) & 1; }
static inline void setb(uint64_t *p, int q, int v) {
    uint64_t m = UINT64_C(1) << (q % 64);
    p[q / 64] = v ? p[q / 64] | m : p[q / 64] & ~m;
}

plt_status tableau_new(int n, const char *bits, tableau *t) {
    memset(t, 0, sizeof *t);
    t->n = n;
    t->nw = (n + 63) / 64;
    size_t rows = 2 * (size_t)n + 1;
    t->w = calloc(rows * 2 * (size_t)t->nw, sizeof *t->w);
    t->r = calloc(rows, 1);
    if (!t->w || !t->r) {
        tableau_free(t);
        return plt_fail_nomem("a stabilizer tableau");
    }
    for (int q = 0; q < n; q++) {
        setb(row_x(t, q), q, 1);
        setb(row_z(t, n + q), q, 1);
        if (bits && bits[q] == '1') t->r[n + q] = 1;
    }
    return PLT_OK;
}

void tableau_free(tableau *t) {
    free(t->w);
    free(t->r);
    t->w = NULL;
    t->r = NULL;
}

plt_status tableau_copy(tableau *dst, const tableau *src) {
    if (!dst->w || dst->n != src->n) {
        tableau_free(dst);
        plt_status st = tableau_new(src->n, NULL, dst);
        if (st) return st;
    }
    size_t rows = 2 * (size_t)src->n + 1;
    memcpy(dst->w, src->w, rows * 2 * (size_t)src->nw * sizeof *src->w);
    memcpy(dst->r, src->r, rows);
    return PLT_OK;
}

/* Row h <- row i * row h, with the sign of the product. */
static void rowsum(tableau *t, int h, int i) {
    int ph = plt_pw_mul(row_x(t, i), row_z(t, i), row_x(t, h), row_z(t, h), row_x(t, h),
                        row_z(t, h), t->nw);
    int tot = (2 * t->r[h] + 2 * t->r[i] + ph) & 3;
    t->r[h] = tot == 2;
}

/* ---- gates: a forward conjugation table over the 4^k local Paulis ---- */

/* Local Pauli on k <= 2 qubits: bit 2j is x_j, bit 2j+1 is z_j. Phase of a*b (as i^ph). */
static int local_mul_phase(int a, int b, int k) {
    int ph = 0;
    for (int j = 0; j < k; j++) {
        int x1 = (a >> 2 * j) & 1, z1 = (a >> (2 * j + 1)) & 1;
        int x2 = (b >> 2 * j) & 1, z2 = (b >> (2 * j + 1)) & 1;
        if (x1 && z1) ph += z2 - x2;
        else if (x1) ph += z2 * (2 * x2 - 1);
        else if (z1) ph += x2 * (1 - 2 * z2);
    }
    return ph & 3;
}

typedef struct gate_map {
    int k;
    unsigned char to[16];   /* U P U^dag = (-1)^sign[P] to[P] */
    unsigned char sign[16];
} gate_map;

static int parse_image(const char *img, int k, int *idx) {
    int s = img[0] == '-' ? 2 : 0;
    *idx = 0;
    for (int j = 0; j < k; j++) {
        char c = img[1 + j];
        int x = c == 'X' || c == 'Y', z = c == 'Z' || c == 'Y';
        *idx |= x << 2 * j | z << (2 * j + 1);
    }
    return s;
}

static void build_map(plt_gate g, gate_map *m) {
    const plt_gate_info *gi = plt_gate_info_get(g);
    PLT_ASSERT(gi);
    int k = gi->nqubits, gen[4], gph[4];
    m->k = k;
    for (int j = 0; j < 2 * k; j++) gph[j] = parse_image(gi->image[j], k, &gen[j]);
    for (int p = 0; p < (1 << 2 * k); p++) {
        /* p = i^{#Y} prod_j X_j^x Z_j^z, so phi(p) is the same product of images. */
        int idx = 0, ph = 0;
        for (int j = 0; j < k; j++) {
            int x = (p >> 2 * j) & 1, z = (p >> (2 * j + 1)) & 1;
            if (x && z) ph += 1;
            if (x) {
                ph += gph[2 * j] + local_mul_phase(idx, gen[2 * j], k);
                idx ^= gen[2 * j];
            }
            if (z) {
                ph += gph[2 * j + 1] + local_mul_phase(idx, gen[2 * j + 1], k);
                idx ^= gen[2 * j + 1];
            }
        }
        ph &= 3;
        PLT_ASSERT(ph == 0 || ph == 2);
        /* U^dag p U = s q  =>  U q U^dag = s p. */
        m->to[idx] = (unsigned char)p;
        m->sign[idx] = ph == 2;
    }
}

static gate_map gate_maps[PLT_GATE_COUNT];
static pthread_once_t gate_maps_once = PTHREAD_ONCE_INIT;

static void build_all_maps(void) {
    for (int g = 0; g < PLT_GATE_COUNT; g++) build_map((plt_gate)g, &gate_maps[g]);
}

/* Built once for the process, so samplers on several threads never race. */
static const gate_map *gate_map_get(plt_gate g) {
    pthread_once(&gate_maps_once, build_all_maps);
    return &gate_maps[g];
}

void tableau_apply_gate(tableau *t, plt_gate g, const int *q) {
    const gate_map *m = gate_map_get(g);
    int rows = 2 * t->n;
    for (int i = 0; i < rows; i++) {
        uint64_t *x = row_x(t, i), *z = row_z(t, i);
        int idx = 0;
        for (int j = 0; j < m->k; j++) idx |= getb(x, q[j]) << 2 * j | getb(z, q[j]) << (2 * j + 1);
        int to = m->to[idx];
        t->r[i] ^= m->sign[idx];
        for (int j = 0; j < m->k; j++) {
            setb(x, q[j], (to >> 2 * j) & 1);
            setb(z, q[j], (to >> (2 * j + 1)) & 1);
        }
    }
}

int tableau_quarter_turns(double theta, int *k) {
    double u = theta / (M_PI / 2);
    double r = nearbyint(u);
    if (!isfinite(u) || fabs(u - r) > 1e-12 * fmax(1.0, fabs(u))) return 0;
    double m = fmod(r, 4.0);
    if (m < 0) m += 4;
    *k = (int)m;
    return 1;
}

/* exp(-i k pi/4 P) Q exp(+i k pi/4 P) for every row Q anticommuting with P:
 * -Q for k = 2, i^k Q P for k odd (cos and sin of k pi/2). */
static void apply_rotation(tableau *t, const plt_pstring *p, int k) {
    if (k == 0) return;
    int rows = 2 * t->n;
    for (int i = 0; i < rows; i++) {
        uint64_t *x = row_x(t, i), *z = row_z(t, i);
        if (plt_pw_commutes(x, z, p->x, p->z, t->nw)) continue;
        if (k == 2) {
            t->r[i] ^= 1;
            continue;
        }
        int ph = plt_pw_mul(x, z, p->x, p->z, x, z, t->nw);
        int tot = (2 * t->r[i] + ph + k) & 3;
        PLT_ASSERT(tot == 0 || tot == 2);
        t->r[i] = tot == 2;
    }
}

int plt_circuit_is_clifford(const plt_circuit *c) {
    if (!c) return 1;
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        int k;
        if (op->kind == PLT_OP_CLIFFORD) continue;
        if (op->kind == PLT_OP_ROTATION && op->param < 0 && tableau_quarter_turns(op->b, &k))
            continue;
        return 0;
    }
    return 1;
}

plt_status tableau_apply_circuit(tableau *t, const plt_circuit *c) {
    if (!c) return PLT_OK;
    if (plt_circuit_nqubits(c) != t->n)
        return plt_fail(PLT_EINVAL, "the preparation circuit has %d qubits, the state %d",
                        plt_circuit_nqubits(c), t->n);
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        int k;
        if (op->kind == PLT_OP_CLIFFORD) {
            tableau_apply_gate(t, op->gate, op->q);
        } else if (op->kind == PLT_OP_ROTATION && op->param < 0 &&
                   tableau_quarter_turns(op->b, &k)) {
            apply_rotation(t, op->gen, k);
        } else {
            return plt_fail(PLT_EUNSUPPORTED,
                            "operation %zu of the preparation circuit is not a Clifford (%s); "
                            "the stabilizer tableau takes Clifford gates and rotations by "
                            "multiples of pi/2 only (use a state vector at small n)", i,
                            op->kind == PLT_OP_UNITARY   ? "a general unitary"
                            : op->param >= 0             ? "a parametrised rotation"
                                                         : "a rotation by a non-Clifford angle");
        }
    }
    return PLT_OK;
}

int tableau_measure(tableau *t, int a, shadows_rng *rng) {
    const int n = t->n;
    int p = -1;
    for (int i = n; i < 2 * n; i++)
        if (getb(row_x(t, i), a)) {
            p = i;
            break;
        }
    size_t rw = 2 * (size_t)t->nw;
    if (p >= 0) {
        for (int i = 0; i < 2 * n; i++)
            if (i != p && getb(row_x(t, i), a)) rowsum(t, i, p);
        memcpy(row_x(t, p - n), row_x(t, p), rw * sizeof *t->w);
        t->r[p - n] = t->r[p];
        memset(row_x(t, p), 0, rw * sizeof *t->w);
        setb(row_z(t, p), a, 1);
        int bit = (int)(shadows_rng_u64(rng) >> 63);
        t->r[p] = (uint8_t)bit;
        return bit;
    }
    int s = 2 * n;
    memset(row_x(t, s), 0, rw * sizeof *t->w);
    t->r[s] = 0;
    for (int i = 0; i < n; i++)
        if (getb(row_x(t, i), a)) rowsum(t, s, i + n);
    return t->r[s];
}

int tableau_expect(tableau *t, const uint64_t *x, const uint64_t *z) {
    const int n = t->n, nw = t->nw;
    for (int i = n; i < 2 * n; i++)
        if (!plt_pw_commutes(row_x(t, i), row_z(t, i), x, z, nw)) return 0;
    int s = 2 * n;
    memset(row_x(t, s), 0, 2 * (size_t)nw * sizeof *t->w);
    t->r[s] = 0;
    for (int i = 0; i < n; i++)
        if (!plt_pw_commutes(row_x(t, i), row_z(t, i), x, z, nw)) rowsum(t, s, i + n);
    for (int w = 0; w < nw; w++)
        PLT_ASSERT(row_x(t, s)[w] == x[w] && row_z(t, s)[w] == z[w]);
    return t->r[s] ? -1 : 1;
}
