/* Hardware-efficient ansatz (Kandala et al., Nature 549, 242 (2017)): each layer is
 * RY then RZ on every qubit, each with its own parameter, then CZ on the even pairs
 * (0,1), (2,3), ... and on the odd pairs (1,2), (3,4), ...: a brickwork.
 *
 * hea-global: n layers and the global cost Z0*Z1*...*Z(n-1); its gradients vanish
 *   exponentially at any depth (Cerezo et al., Nat. Commun. 12, 1791 (2021);
 *   McClean et al., Nat. Commun. 9, 4812 (2018) for deep circuits).
 * hea-local: ceil(log2 n) layers and the local cost Z0: gradients vanish only
 *   polynomially at logarithmic depth (Cerezo et al. 2021).
 * hea-small-angle: the hea-local circuit at n layers with every angle drawn from
 *   [-eps, eps]: near the identity the landscape has no barren plateau (Zhang et al.,
 *   NeurIPS 2022, "Escaping from the barren plateau via Gaussian initializations";
 *   Puig et al., PRX Quantum 6, 010317 (2025), small-angle warm starts). */
#include <stdlib.h>

#include "zoo/zoo_impl.h"

static plt_status hea_circuit(zoo_ctx *z) {
    plt_status st;
    for (int l = 0; l < z->layers; l++) {
        for (int axis = 0; axis < 2; axis++)
            for (int q = 0; q < z->n; q++) {
                int k;
                if ((st = zoo_param(z, &k, "%s_%d_%d", axis ? "rz" : "ry", l, q)) ||
                    (st = zoo_rot1(z, axis ? 'Z' : 'Y', q, k)))
                    return st;
            }
        for (int start = 0; start < 2; start++)
            for (int q = start; q + 1 < z->n; q += 2)
                if ((st = zoo_cliff2(z, PLT_GATE_CZ, q, q + 1))) return st;
    }
    return PLT_OK;
}

plt_status zoo_build_hea_global(zoo_ctx *z) {
    plt_status st = hea_circuit(z);
    if (st) return st;
    int *qs = malloc((size_t)z->n * sizeof *qs);
    char *zs = malloc((size_t)z->n + 1);
    if (!qs || !zs) {
        free(qs);
        free(zs);
        return plt_fail_nomem("the global cost");
    }
    for (int q = 0; q < z->n; q++) {
        qs[q] = q;
        zs[q] = 'Z';
    }
    zs[z->n] = '\0';
    st = zoo_obs(z, 1.0, zs, qs, z->n);
    free(qs);
    free(zs);
    return st;
}

plt_status zoo_build_hea_local(zoo_ctx *z) {
    int q0 = 0;
    plt_status st = hea_circuit(z);
    return st ? st : zoo_obs(z, 1.0, "Z", &q0, 1);
}

plt_status zoo_build_hea_small_angle(zoo_ctx *z) {
    z->param_range = z->eps;
    return zoo_build_hea_local(z);
}
