/* Kicked (Trotterised transverse-field) Ising dynamics of the IBM "utility" experiment
 * (Kim et al., Nature 618, 500 (2023)). Each step applies RX(theta_h) on every qubit and
 * then RZZ(-pi/2) = exp(+i pi/4 Z_i Z_j) on every coupled pair, as in their Eq. (2);
 * theta_h is ONE parameter shared by every step and qubit; steps = layers (default 20).
 * n = 127: the heavy-hex coupling map of IBM Eagle (zoo_eagle.c) and the cost Z_62, the
 *   single-site magnetisation <Z_62> that Kim et al. report after 20 steps.
 * Other n: an L x L square lattice with open boundaries when n = L^2 (L >= 2), qubit
 *   r*L + c at row r and column c, and the cost Z on the central qubit (L/2)*L + L/2. */
#include <math.h>
#include <stdlib.h>

#include "zoo/zoo_impl.h"

static plt_status steps(zoo_ctx *z, const int (*edges)[2], int ne, int obs_qubit) {
    plt_status st;
    int k;
    if ((st = zoo_param(z, &k, "theta_h"))) return st;
    for (int l = 0; l < z->layers; l++) {
        for (int q = 0; q < z->n; q++)
            if ((st = zoo_rot1(z, 'X', q, k))) return st;
        for (int e = 0; e < ne; e++)
            if ((st = zoo_rot2(z, "ZZ", edges[e][0], edges[e][1], -1, 0.0, -M_PI / 2))) return st;
    }
    return zoo_obs(z, 1.0, "Z", &obs_qubit, 1);
}

plt_status zoo_build_kicked_ising(zoo_ctx *z) {
    int n = z->n;
    if (n == 127) return steps(z, zoo_eagle_edges, zoo_eagle_nedges, 62);
    int L = (int)lround(sqrt((double)n));
    if (L < 2 || L * L != n)
        return zoo_bad_size(z, "give 127 for IBM Eagle's heavy-hex map or a square L*L, L >= 2");
    int(*edges)[2] = malloc(2 * (size_t)n * sizeof *edges);
    if (!edges) return plt_fail_nomem("the lattice's edges");
    int ne = 0;
    for (int r = 0; r < L; r++)
        for (int c = 0; c < L; c++) {
            if (c + 1 < L) {
                edges[ne][0] = r * L + c;
                edges[ne++][1] = r * L + c + 1;
            }
            if (r + 1 < L) {
                edges[ne][0] = r * L + c;
                edges[ne++][1] = (r + 1) * L + c;
            }
        }
    plt_status st = steps(z, (const int(*)[2])edges, ne, (L / 2) * L + L / 2);
    free(edges);
    return st;
}
