/* QAOA for MaxCut (Farhi, Goldstone & Gutmann, arXiv:1411.4028 (2014)).
 *
 * H on every qubit, then per layer l: RZZ(gamma_l) on every edge (one shared gamma per
 * layer) and RX(beta_l) on every qubit (one shared beta per layer). Cost: the sum of
 * Z_i Z_j over the edges (the cut size is (|E| - cost) / 2, so minimising the cost
 * maximises the cut).
 * qaoa-maxcut: the ring 0-1-...-(n-1)-0 (n >= 3).
 * qaoa-maxcut-3reg: a random 3-regular simple graph (n even, >= 4) drawn from `seed`
 *   by the configuration model (pair 3n half-edges at random, retry on a loop or a
 *   repeated edge); the same seed gives the same graph on every machine. */
#include <stdlib.h>

#include "plateau/rng.h"
#include "zoo/zoo_impl.h"

static plt_status qaoa(zoo_ctx *z, const int (*edges)[2], int ne) {
    plt_status st;
    for (int q = 0; q < z->n; q++)
        if ((st = zoo_cliff1(z, PLT_GATE_H, q))) return st;
    for (int l = 0; l < z->layers; l++) {
        int kg, kb;
        if ((st = zoo_param(z, &kg, "gamma%d", l)) || (st = zoo_param(z, &kb, "beta%d", l)))
            return st;
        for (int e = 0; e < ne; e++)
            if ((st = zoo_rot2(z, "ZZ", edges[e][0], edges[e][1], kg, 1.0, 0.0))) return st;
        for (int q = 0; q < z->n; q++)
            if ((st = zoo_rot1(z, 'X', q, kb))) return st;
    }
    for (int e = 0; e < ne; e++)
        if ((st = zoo_obs(z, 1.0, "ZZ", edges[e], 2))) return st;
    return PLT_OK;
}

plt_status zoo_build_qaoa_ring(zoo_ctx *z) {
    int(*edges)[2] = malloc((size_t)z->n * sizeof *edges);
    if (!edges) return plt_fail_nomem("the ring's edges");
    for (int i = 0; i < z->n; i++) {
        edges[i][0] = i;
        edges[i][1] = (i + 1) % z->n;
    }
    plt_status st = qaoa(z, (const int(*)[2])edges, z->n);
    free(edges);
    return st;
}

/* One attempt of the configuration model; 1 when the pairing is a simple graph. */
static int try_pairing(int n, int *stubs, int (*edges)[2], unsigned char *adj, plt_rng *r) {
    int m = 3 * n;
    for (int i = 0; i < m; i++)
        stubs[i] = i / 3;
    for (int i = m - 1; i > 0; i--) {
        int j = (int)(plt_rng_next_u64(r) % (uint64_t)(i + 1));
        int t = stubs[i];
        stubs[i] = stubs[j];
        stubs[j] = t;
    }
    for (size_t i = 0; i < (size_t)n * (size_t)n; i++)
        adj[i] = 0;
    for (int e = 0; e < m / 2; e++) {
        int a = stubs[2 * e], b = stubs[2 * e + 1];
        if (a == b || adj[(size_t)a * (size_t)n + (size_t)b]) return 0;
        adj[(size_t)a * (size_t)n + (size_t)b] = adj[(size_t)b * (size_t)n + (size_t)a] = 1;
        edges[e][0] = a < b ? a : b;
        edges[e][1] = a < b ? b : a;
    }
    return 1;
}

plt_status zoo_build_qaoa_3reg(zoo_ctx *z) {
    int n = z->n;
    if (n % 2 || n > 4096) return zoo_bad_size(z, "a 3-regular graph needs an even n, 4..4096");
    int *stubs = malloc(3 * (size_t)n * sizeof *stubs);
    int(*edges)[2] = malloc(3 * (size_t)n / 2 * sizeof *edges);
    unsigned char *adj = malloc((size_t)n * (size_t)n);
    plt_status st = PLT_OK;
    if (!stubs || !edges || !adj) {
        st = plt_fail_nomem("a random 3-regular graph");
        goto done;
    }
    plt_rng r;
    plt_rng_seed(&r, z->seed);
    int ok = 0;
    /* A pairing is simple with probability about e^-2, so 10000 tries never all fail. */
    for (int attempt = 0; attempt < 10000 && !ok; attempt++)
        ok = try_pairing(n, stubs, edges, adj, &r);
    if (!ok) {
        st = plt_fail(PLT_EINTERNAL,
                      "no simple 3-regular graph on %d vertices after 10000 tries "
                      "(seed %llu); try another seed",
                      n, (unsigned long long)z->seed);
        goto done;
    }
    st = qaoa(z, (const int(*)[2])edges, 3 * n / 2);
done:
    free(stubs);
    free(edges);
    free(adj);
    return st;
}
