/* S_n-equivariant quantum neural network (Schatzki, Larocca, Nguyen, Sauvage & Cerezo,
 * npj Quantum Inf. 10, 12 (2024)): every generator is invariant under permutations of
 * the qubits, so the DLA is polynomial in n and there is no barren plateau.
 *
 * Each layer l: RX(x_l) on every qubit (generator sum X_i), RY(y_l) on every qubit
 * (sum Y_i) and RZZ(zz_l) on every pair i < j (sum Z_i Z_j), one shared parameter
 * each, as in Schatzki et al. Initial state |0...0>. Cost: the permutation-invariant
 * magnetisation (1/n) sum_i Z_i. */
#include "zoo/zoo_impl.h"

plt_status zoo_build_sn_equivariant(zoo_ctx *z) {
    plt_status st;
    int n = z->n;
    if (n > 2000) return zoo_bad_size(z, "all pairs are coupled, so at most 2000 qubits");
    for (int l = 0; l < z->layers; l++) {
        int kx, ky, kz;
        if ((st = zoo_param(z, &kx, "x%d", l)) || (st = zoo_param(z, &ky, "y%d", l)) ||
            (st = zoo_param(z, &kz, "zz%d", l)))
            return st;
        for (int q = 0; q < n; q++)
            if ((st = zoo_rot1(z, 'X', q, kx))) return st;
        for (int q = 0; q < n; q++)
            if ((st = zoo_rot1(z, 'Y', q, ky))) return st;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if ((st = zoo_rot2(z, "ZZ", i, j, kz, 1.0, 0.0))) return st;
    }
    for (int q = 0; q < n; q++)
        if ((st = zoo_obs(z, 1.0 / n, "Z", &q, 1))) return st;
    return PLT_OK;
}
