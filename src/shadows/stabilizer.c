/* Stabilizer states for shadows: preparation by Clifford circuits, Z measurements and
 * expectation values (Aaronson-Gottesman) on the images of circuit/tableau.h. Row 2q is the
 * destabilizer U X_q U^dag, row 2q + 1 the stabilizer U Z_q U^dag. */
#include <string.h>

#include "core/error.h"
#include "pauli/pstring.h"
#include "shadows/stabilizer.h"

static inline int getb(const uint64_t *p, int q) { return (int)(p[q / 64] >> (q % 64)) & 1; }

/* h <- row i * h, with the sign of the product (h: 2 nw words, its sign bit in *hneg). */
static void rowsum(const plt_tableau *t, uint64_t *h, uint8_t *hneg, int i) {
    const int nw = t->nw;
    const uint64_t *r = plt_tableau_row(t, i);
    const int ph = plt_pw_mul(r, r + nw, h, h + nw, h, h + nw, nw);
    const int tot = (2 * *hneg + 2 * t->neg[i] + ph) & 3;
    *hneg = tot == 2;
}

plt_status shadows_stabilizer_init(plt_tableau *t, int n, const char *bits) {
    plt_status st = plt_tableau_init(t, n);
    if (st) return st;
    for (int q = 0; bits && q < n; q++)
        t->neg[2 * q + 1] = bits[q] == '1';
    return PLT_OK;
}

int plt_circuit_is_clifford(const plt_circuit *c) {
    if (!c) return 1;
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        int k;
        if (op->kind == PLT_OP_CLIFFORD) continue;
        if (op->kind == PLT_OP_ROTATION && op->param < 0 && plt_tableau_quarter_turns(op->b, &k))
            continue;
        return 0;
    }
    return 1;
}

plt_status shadows_stabilizer_apply_circuit(plt_tableau *t, const plt_circuit *c) {
    if (!c) return PLT_OK;
    if (plt_circuit_nqubits(c) != t->n)
        return plt_fail(PLT_EINVAL, "the preparation circuit has %d qubits, the state %d",
                        plt_circuit_nqubits(c), t->n);
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        int k;
        if (op->kind == PLT_OP_CLIFFORD) {
            plt_tableau_conjugate_gate(t, op->gate, op->q);
        } else if (op->kind == PLT_OP_ROTATION && op->param < 0 &&
                   plt_tableau_quarter_turns(op->b, &k)) {
            plt_tableau_conjugate_rotation(t, op->gen->x, op->gen->z, k);
        } else {
            return plt_fail(PLT_EUNSUPPORTED,
                            "operation %zu of the preparation circuit is not a Clifford (%s); "
                            "the stabilizer tableau takes Clifford gates and rotations by "
                            "multiples of pi/2 only (use a state vector at small n)",
                            i,
                            op->kind == PLT_OP_UNITARY ? "a general unitary"
                            : op->param >= 0           ? "a parametrised rotation"
                                                       : "a rotation by a non-Clifford angle");
        }
    }
    return PLT_OK;
}

int shadows_stabilizer_measure(plt_tableau *t, int a, plt_rng *rng) {
    const int n = t->n, nw = t->nw;
    const size_t rw = 2 * (size_t)nw;
    int p = -1;
    for (int q = 0; q < n; q++)
        if (getb(plt_tableau_row(t, 2 * q + 1), a)) {
            p = q;
            break;
        }
    if (p >= 0) {
        /* Random: every other row anticommuting with Z_a is multiplied by stabilizer p, which
         * then becomes the destabilizer of the new stabilizer +-Z_a. */
        const int ps = 2 * p + 1;
        for (int i = 0; i < 2 * n; i++) {
            uint64_t *r = plt_tableau_row(t, i);
            if (i != ps && getb(r, a)) rowsum(t, r, &t->neg[i], ps);
        }
        memcpy(plt_tableau_row(t, 2 * p), plt_tableau_row(t, ps), rw * sizeof *t->rows);
        t->neg[2 * p] = t->neg[ps];
        uint64_t *s = plt_tableau_row(t, ps);
        memset(s, 0, rw * sizeof *s);
        s[nw + a / 64] |= UINT64_C(1) << (a % 64);
        const int bit = (int)(plt_rng_next_u64(rng) >> 63);
        t->neg[ps] = (uint8_t)bit;
        return bit;
    }
    /* Determined: Z_a is the product of the stabilizers whose destabilizers anticommute. */
    uint64_t *s = t->tmp;
    uint8_t sneg = 0;
    memset(s, 0, rw * sizeof *s);
    for (int q = 0; q < n; q++)
        if (getb(plt_tableau_row(t, 2 * q), a)) rowsum(t, s, &sneg, 2 * q + 1);
    return sneg;
}

int shadows_stabilizer_expect(plt_tableau *t, const uint64_t *x, const uint64_t *z) {
    const int n = t->n, nw = t->nw;
    for (int q = 0; q < n; q++) {
        const uint64_t *r = plt_tableau_row(t, 2 * q + 1);
        if (!plt_pw_commutes(r, r + nw, x, z, nw)) return 0;
    }
    uint64_t *s = t->tmp;
    uint8_t sneg = 0;
    memset(s, 0, 2 * (size_t)nw * sizeof *s);
    for (int q = 0; q < n; q++) {
        const uint64_t *r = plt_tableau_row(t, 2 * q);
        if (!plt_pw_commutes(r, r + nw, x, z, nw)) rowsum(t, s, &sneg, 2 * q + 1);
    }
    for (int w = 0; w < nw; w++)
        PLT_ASSERT(s[w] == x[w] && s[nw + w] == z[w]);
    return sneg ? -1 : 1;
}
