/* Quantum convolutional neural network (Cong, Choi & Lukin, Nat. Phys. 15, 1273 (2019));
 * no barren plateau (Pesah et al., Phys. Rev. X 11, 041011 (2021)).
 *
 * The active set starts as all n qubits (any n >= 2). Each level:
 * - convolution, `layers` times: a block on the neighbouring active pairs
 *   (a0,a1), (a2,a3), ... then (a1,a2), (a3,a4), ...; a block is RY on both
 *   qubits, CZ, RY on both, four parameters of its own;
 * - pooling: for each pair (a_2i, a_2i+1) a controlled RX from the discarded qubit
 *   a_2i+1 onto the kept qubit a_2i, its own parameter; with an odd count the last
 *   active qubit is kept as it is, so the set shrinks to ceil(size / 2).
 * Levels repeat until one qubit (qubit 0) remains: ceil(log2 n) levels. Cost: Z0. */
#include <stdlib.h>

#include "zoo/zoo_impl.h"

static plt_status block(zoo_ctx *z, int a, int b, int level, int *count) {
    plt_status st;
    int k[4];
    for (int i = 0; i < 4; i++)
        if ((st = zoo_param(z, &k[i], "c%d_%d", level, (*count)++))) return st;
    if ((st = zoo_rot1(z, 'Y', a, k[0])) || (st = zoo_rot1(z, 'Y', b, k[1])) ||
        (st = zoo_cliff2(z, PLT_GATE_CZ, a, b)) || (st = zoo_rot1(z, 'Y', a, k[2])) ||
        (st = zoo_rot1(z, 'Y', b, k[3])))
        return st;
    return PLT_OK;
}

/* CRX(t) with control c, target t: exp(-i t/4 X_t) exp(+i t/4 Z_c X_t), exactly. */
static plt_status pool(zoo_ctx *z, int kept, int discarded, int level, int i) {
    int k;
    plt_status st = zoo_param(z, &k, "p%d_%d", level, i);
    if (!st) st = zoo_rot2(z, "XI", kept, discarded, k, 0.5, 0.0);
    if (!st) st = zoo_rot2(z, "XZ", kept, discarded, k, -0.5, 0.0);
    return st;
}

plt_status zoo_build_qcnn(zoo_ctx *z) {
    int *act = malloc((size_t)z->n * sizeof *act);
    if (!act) return plt_fail_nomem("the QCNN's active qubits");
    int m = z->n, q0 = 0, level = 0;
    plt_status st = PLT_OK;
    for (int i = 0; i < m; i++)
        act[i] = i;
    while (m > 1 && !st) {
        int count = 0;
        for (int l = 0; l < z->layers && !st; l++)
            for (int start = 0; start < 2 && !st; start++)
                for (int i = start; i + 1 < m && !st; i += 2)
                    st = block(z, act[i], act[i + 1], level, &count);
        for (int i = 0; i + 1 < m && !st; i += 2)
            st = pool(z, act[i], act[i + 1], level, i / 2);
        int kept = 0;
        for (int i = 0; i < m; i += 2)
            act[kept++] = act[i];
        m = kept;
        level++;
    }
    free(act);
    return st ? st : zoo_obs(z, 1.0, "Z", &q0, 1);
}
