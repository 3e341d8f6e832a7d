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

/* The Trotter steps: RX on every qubit (parameter k, or the constant theta when k < 0), then
 * RZZ(-pi/2) on every edge. */
static plt_status add_steps(zoo_ctx *z, const int (*edges)[2], int ne, int k, double theta) {
    plt_status st;
    for (int l = 0; l < z->layers; l++) {
        for (int q = 0; q < z->n; q++)
            if ((st = zoo_rot(z, "X", &q, 1, k, k >= 0 ? 1.0 : 0.0, k >= 0 ? 0.0 : theta)))
                return st;
        for (int e = 0; e < ne; e++)
            if ((st = zoo_rot2(z, "ZZ", edges[e][0], edges[e][1], -1, 0.0, -M_PI / 2))) return st;
    }
    return PLT_OK;
}

static plt_status steps(zoo_ctx *z, const int (*edges)[2], int ne, int obs_qubit) {
    plt_status st;
    int k;
    if ((st = zoo_param(z, &k, "theta_h")) || (st = add_steps(z, edges, ne, k, 0.0))) return st;
    return zoo_obs(z, 1.0, "Z", &obs_qubit, 1);
}

plt_status plt_zoo_kicked_ising(int n, const int (*edges)[2], int nedges, int nsteps,
                                double theta_h, plt_circuit **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_zoo_kicked_ising: out must not be NULL");
    *out = NULL;
    if ((nedges > 0 && !edges) || nedges < 0 || nsteps < 0)
        return plt_fail(PLT_EINVAL, "kicked Ising: %d edges and %d steps; give an edge list and "
                        "counts >= 0", nedges, nsteps);
    if (isinf(theta_h))
        return plt_fail(PLT_EINVAL, "kicked Ising: theta_h is infinite; give a finite angle, or "
                        "NaN for a parameter");
    for (int e = 0; e < nedges; e++)
        for (int j = 0; j < 2; j++)
            if (edges[e][j] < 0 || edges[e][j] >= n || edges[e][0] == edges[e][1])
                return plt_fail(PLT_EINVAL, "kicked Ising: edge %d (%d, %d) is not a pair of "
                                "distinct qubits of a %d-qubit register (valid 0..%d)", e,
                                edges[e][0], edges[e][1], n, n - 1);
    zoo_ctx z = {.family = "kicked-ising", .n = n, .layers = nsteps};
    int k = -1;
    plt_status st;
    if ((st = plt_circuit_new(n, &z.c)) || (st = plt_pstring_new(n, &z.g)) ||
        (isnan(theta_h) && (st = zoo_param(&z, &k, "theta_h"))) ||
        (st = add_steps(&z, edges, nedges, k, theta_h))) {
        plt_circuit_free(z.c);
        plt_pstring_free(z.g);
        return st;
    }
    plt_pstring_free(z.g);
    *out = z.c;
    return PLT_OK;
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
