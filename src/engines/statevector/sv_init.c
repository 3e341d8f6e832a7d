/* Initial states: |0...0>, a basis state, a pure product state (Bloch vectors
 * of length 1) or given amplitudes. A preparation circuit is compiled into the plan's
 * ops instead. */
#include <math.h>
#include <omp.h>
#include <string.h>

#include "core/error.h"
#include "engines/statevector/sv.h"

/* |b| may differ from 1 by this much and still count as pure. */
#define SV_PURE_TOL 1e-9

plt_status sv_state_supported(const plt_state *st, int n) {
    if (!st) return PLT_OK;
    switch (plt_state_kind_of(st)) {
    case PLT_STATE_ZERO:
    case PLT_STATE_BASIS:
    case PLT_STATE_CIRCUIT:
    case PLT_STATE_VECTOR: return PLT_OK;
    case PLT_STATE_PRODUCT: {
        const double *bl = plt_state_bloch(st);
        for (int q = 0; q < n; q++) {
            double r = sqrt(bl[3 * q] * bl[3 * q] + bl[3 * q + 1] * bl[3 * q + 1] +
                            bl[3 * q + 2] * bl[3 * q + 2]);
            if (fabs(r - 1.0) > SV_PURE_TOL)
                return plt_fail(PLT_EUNSUPPORTED,
                                "qubit %d of the product state is mixed (|b| = %.6g); the "
                                "statevector engine needs pure states (|b| = 1): normalise "
                                "the Bloch vector or use another engine",
                                q, r);
        }
        return PLT_OK;
    }
    case PLT_STATE_TABLE:
        return plt_fail(PLT_EUNSUPPORTED,
                        "the statevector engine needs a state, not a table of measured values; "
                        "use an engine that reads them (gsim, pauliprop)");
    case PLT_STATE_SHADOWS:
        return plt_fail(PLT_EUNSUPPORTED,
                        "the statevector engine needs a state, not measured data (shadows); "
                        "use an engine that reads shadows (gsim, pauliprop)");
    }
    return plt_fail(PLT_EINVAL, "unknown state kind %d", (int)plt_state_kind_of(st));
}

static void sv_zero(double *psi, uint64_t dim, int nt) {
#pragma omp parallel num_threads(nt) if (dim >= SV_PAR_MIN)
    {
        uint64_t b, e;
        sv_split(dim, omp_get_thread_num(), omp_get_num_threads(), &b, &e);
        memset(psi + 2 * b, 0, (size_t)(e - b) * 2 * sizeof *psi);
    }
}

plt_status sv_init_state(const plt_state *st, double *psi, int n, int nt) {
    const uint64_t dim = UINT64_C(1) << n;
    plt_state_kind kind = st ? plt_state_kind_of(st) : PLT_STATE_ZERO;
    if (kind == PLT_STATE_VECTOR) {
        const double *a = plt_state_amplitudes(st);
#pragma omp parallel num_threads(nt) if (dim >= SV_PAR_MIN)
        {
            uint64_t b, e;
            sv_split(dim, omp_get_thread_num(), omp_get_num_threads(), &b, &e);
            memcpy(psi + 2 * b, a + 2 * b, (size_t)(e - b) * 2 * sizeof *psi);
        }
        return PLT_OK;
    }
    if (kind != PLT_STATE_PRODUCT) {
        sv_zero(psi, dim, nt);
        uint64_t idx = 0;
        if (kind == PLT_STATE_BASIS) {
            const char *bits = plt_state_bits(st);
            for (int q = 0; q < n; q++)
                if (bits[q] == '1') idx |= UINT64_C(1) << q;
        }
        psi[2 * idx] = 1.0;
        return PLT_OK;
    }
    /* |b> = cos(t/2)|0> + e^{i f} sin(t/2)|1>, bz = cos t, bx + i by = sin t e^{i f};
     * the product is built by doubling, qubit by qubit. */
    const double *bl = plt_state_bloch(st);
    psi[0] = 1.0, psi[1] = 0.0;
    for (int q = 0; q < n; q++) {
        double bx = bl[3 * q], by = bl[3 * q + 1], bz = bl[3 * q + 2];
        double r = sqrt(bx * bx + by * by + bz * bz);
        bx /= r, by /= r, bz /= r;
        double a0 = sqrt(fmax(0.0, (1.0 + bz) / 2.0)), a1r, a1i;
        if (a0 > 1e-300 && 1.0 + bz > 1e-12) {
            a1r = bx / (2.0 * a0);
            a1i = by / (2.0 * a0);
        } else {
            a0 = 0.0, a1r = 1.0, a1i = 0.0;
        }
        const uint64_t h = UINT64_C(1) << q;
#pragma omp parallel for num_threads(nt) if (h >= SV_PAR_MIN) schedule(static)
        for (uint64_t j = 0; j < h; j++) {
            double pr = psi[2 * j], pi = psi[2 * j + 1];
            psi[2 * (j + h)] = pr * a1r - pi * a1i;
            psi[2 * (j + h) + 1] = pr * a1i + pi * a1r;
            psi[2 * j] = pr * a0;
            psi[2 * j + 1] = pi * a0;
        }
    }
    return PLT_OK;
}
