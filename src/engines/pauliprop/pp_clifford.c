/* Local maps of the Clifford gates, derived once from the gate table's Heisenberg images. */
#include <string.h>

#include "core/error.h"
#include "engines/pauliprop/pp.h"
#include "pauli/pstring.h"

/* Parses an image such as "-YX" into local bits (x in bit 2q, z in bit 2q+1) and a phase
 * (0 or 2, a power of i). */
static plt_status parse_image(const char *img, int nq, unsigned *bits, int *phase) {
    if (!img || (img[0] != '+' && img[0] != '-') || (int)strlen(img) != nq + 1)
        return plt_fail(PLT_EINTERNAL, "gate table image '%s' is malformed", img ? img : "(null)");
    *phase = img[0] == '-' ? 2 : 0;
    *bits = 0;
    for (int q = 0; q < nq; q++) {
        unsigned x = 0, z = 0;
        switch (img[1 + q]) {
        case 'I': break;
        case 'X': x = 1; break;
        case 'Y': x = z = 1; break;
        case 'Z': z = 1; break;
        default:
            return plt_fail(PLT_EINTERNAL, "gate table image '%s' has a bad letter", img);
        }
        *bits |= x << (2 * q) | z << (2 * q + 1);
    }
    return PLT_OK;
}

static void split(unsigned bits, uint64_t *x, uint64_t *z) {
    *x = (bits & 1u) | ((bits >> 1) & 2u);
    *z = ((bits >> 1) & 1u) | ((bits >> 2) & 2u);
}

static unsigned join(uint64_t x, uint64_t z) {
    return (unsigned)((x & 1u) | (z & 1u) << 1 | (x & 2u) << 1 | (z & 2u) << 2);
}

/* A local string is i^{#Y} X0^x0 Z0^z0 X1^x1 Z1^z1 and conjugation is multiplicative,
 * so its image is the same product of the generators' images. */
plt_status pp_clifford_map(plt_gate g, uint8_t out[16], uint16_t *neg) {
    const plt_gate_info *gi = plt_gate_info_get(g);
    if (!gi || gi->nqubits < 1 || gi->nqubits > 2)
        return plt_fail(PLT_EINTERNAL, "gate %d has no table row", (int)g);
    const int nq = gi->nqubits;
    unsigned gb[4];
    int gp[4];
    for (int k = 0; k < 2 * nq; k++) {
        plt_status st = parse_image(gi->image[k], nq, &gb[k], &gp[k]);
        if (st) return st;
    }
    *neg = 0;
    memset(out, 0, 16);
    for (unsigned i = 0; i < (1u << (2 * nq)); i++) {
        uint64_t x = 0, z = 0;
        int phase = 0;
        for (int q = 0; q < nq; q++)
            if (((i >> (2 * q)) & 3u) == 3u) phase += 1; /* Y = i X Z */
        for (int k = 0; k < 2 * nq; k++) {
            if (!((i >> k) & 1u)) continue;
            uint64_t gx, gz;
            split(gb[k], &gx, &gz);
            phase += gp[k] + plt_pw_mul(&x, &z, &gx, &gz, &x, &z, 1);
        }
        phase &= 3;
        if (phase & 1)
            return plt_fail(PLT_EINTERNAL, "gate '%s' maps a Hermitian string to an "
                            "anti-Hermitian one; its table images are wrong", gi->name);
        out[i] = (uint8_t)join(x, z);
        if (phase == 2) *neg |= (uint16_t)(1u << i);
    }
    return PLT_OK;
}
