/* Matchgate (free-fermion) circuit: every generator is quadratic in Majorana operators
 * under Jordan-Wigner (Z_i, X_i X_{i+1}, Y_i Y_{i+1}), so the fermion engine applies;
 * Valiant, SIAM J. Comput. 31, 1229 (2002); Terhal & DiVincenzo, PRA 65, 032325 (2002).
 * Barren plateaus of such circuits: Diaz et al., arXiv:2310.11505 (2023).
 *
 * Initial state |0...0> (a Gaussian basis state; no H layer, which would leave the
 * matchgate group). Each layer: RZ on every qubit, then RXX and RYY on the even bonds
 * (0,1), (2,3), ... and then on the odd bonds (1,2), (3,4), ...; every gate has its own
 * parameter. Cost: Z0 (quadratic: -i gamma_0 gamma_1). */
#include "zoo/zoo_impl.h"

plt_status zoo_build_xy_matchgate(zoo_ctx *z) {
    plt_status st;
    int q0 = 0;
    for (int l = 0; l < z->layers; l++) {
        for (int q = 0; q < z->n; q++) {
            int k;
            if ((st = zoo_param(z, &k, "z%d_%d", l, q)) || (st = zoo_rot1(z, 'Z', q, k))) return st;
        }
        for (int start = 0; start < 2; start++)
            for (int q = start; q + 1 < z->n; q += 2) {
                int kx, ky;
                if ((st = zoo_param(z, &kx, "xx%d_%d", l, q)) ||
                    (st = zoo_param(z, &ky, "yy%d_%d", l, q)) ||
                    (st = zoo_rot2(z, "XX", q, q + 1, kx, 1.0, 0.0)) ||
                    (st = zoo_rot2(z, "YY", q, q + 1, ky, 1.0, 0.0)))
                    return st;
            }
    }
    return zoo_obs(z, 1.0, "Z", &q0, 1);
}
