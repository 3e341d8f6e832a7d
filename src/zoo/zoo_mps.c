/* mps-staircase: a quantum neural network shaped as a matrix product state (Cervero Martin,
 * Plekhanov and Lubasch, "Barren plateaus in quantum tensor network optimization", Quantum 7,
 * 974 (2023)). Each sweep runs down the chain: on qubits (i, i+1), i = 0 .. n-2 in order, a
 * block RY(a) RY(b), CZ, RY(c) RY(d) with parameters of its own. The cost is Z on the last
 * qubit, which every block reaches: its light cone is the whole chain and the strings of its
 * Heisenberg image multiply along it, while each cut is crossed by one CZ per sweep, so the
 * state's bond dimension is at most 2^sweeps: a tensor-network model, simulable by an MPS. */
#include "zoo/zoo_impl.h"

plt_status zoo_build_mps_staircase(zoo_ctx *z) {
    plt_status st = PLT_OK;
    for (int l = 0; l < z->layers && !st; l++)
        for (int i = 0; i + 1 < z->n && !st; i++) {
            int k[4];
            for (int j = 0; j < 4 && !st; j++) st = zoo_param(z, &k[j], "s%d_%d_%d", l, i, j);
            if (!st) st = zoo_rot1(z, 'Y', i, k[0]);
            if (!st) st = zoo_rot1(z, 'Y', i + 1, k[1]);
            if (!st) st = zoo_cliff2(z, PLT_GATE_CZ, i, i + 1);
            if (!st) st = zoo_rot1(z, 'Y', i, k[2]);
            if (!st) st = zoo_rot1(z, 'Y', i + 1, k[3]);
        }
    int last = z->n - 1;
    return st ? st : zoo_obs(z, 1.0, "Z", &last, 1);
}
