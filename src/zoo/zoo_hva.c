/* Hamiltonian variational ansatz (Wecker, Hastings & Troyer, PRA 92, 042303 (2015);
 * trainability: Wiersema et al., PRX Quantum 1, 020319 (2020)). Open chains, so that
 * the TFIM case is a free-fermion (matchgate) circuit after a Hadamard change of basis.
 *
 * hva-tfim: H on every qubit prepares |+>^n (the ground state of -sum X_i); each layer
 *   applies RZZ(g_l) on every bond (i, i+1) and then RX(b_l) on every qubit, one shared
 *   parameter per term type and layer. Cost: the critical TFIM energy
 *   H = -sum_i Z_i Z_{i+1} - sum_i X_i.
 * hva-xxz: singlets on the pairs (0,1), (2,3), ... (an odd last qubit stays |0>), the
 *   ground state of the even bonds; each layer applies RZZ(d_l) on every bond, then
 *   RXX(e_l) and RYY(e_l) on every bond (one shared parameter for XX+YY). Cost: the XXZ
 *   energy H = sum_i (X_i X_{i+1} + Y_i Y_{i+1} + 0.5 Z_i Z_{i+1}) (Delta = 0.5 as in
 *   Wiersema et al.). */
#include "zoo/zoo_impl.h"

plt_status zoo_build_hva_tfim(zoo_ctx *z) {
    plt_status st;
    int n = z->n;
    for (int q = 0; q < n; q++)
        if ((st = zoo_cliff1(z, PLT_GATE_H, q))) return st;
    for (int l = 0; l < z->layers; l++) {
        int kg, kb;
        if ((st = zoo_param(z, &kg, "g%d", l)) || (st = zoo_param(z, &kb, "b%d", l))) return st;
        for (int q = 0; q + 1 < n; q++)
            if ((st = zoo_rot2(z, "ZZ", q, q + 1, kg, 1.0, 0.0))) return st;
        for (int q = 0; q < n; q++)
            if ((st = zoo_rot1(z, 'X', q, kb))) return st;
    }
    for (int q = 0; q + 1 < n; q++) {
        int qs[2] = {q, q + 1};
        if ((st = zoo_obs(z, -1.0, "ZZ", qs, 2))) return st;
    }
    for (int q = 0; q < n; q++)
        if ((st = zoo_obs(z, -1.0, "X", &q, 1))) return st;
    return PLT_OK;
}

plt_status zoo_build_hva_xxz(zoo_ctx *z) {
    plt_status st;
    int n = z->n;
    /* |00> -> X X -> |11> -> H on a -> CX a->b gives (|01> - |10>)/sqrt 2. */
    for (int q = 0; q + 1 < n; q += 2)
        if ((st = zoo_cliff1(z, PLT_GATE_X, q)) || (st = zoo_cliff1(z, PLT_GATE_X, q + 1)) ||
            (st = zoo_cliff1(z, PLT_GATE_H, q)) || (st = zoo_cliff2(z, PLT_GATE_CX, q, q + 1)))
            return st;
    for (int l = 0; l < z->layers; l++) {
        int kd, ke;
        if ((st = zoo_param(z, &kd, "d%d", l)) || (st = zoo_param(z, &ke, "e%d", l))) return st;
        for (int q = 0; q + 1 < n; q++)
            if ((st = zoo_rot2(z, "ZZ", q, q + 1, kd, 1.0, 0.0))) return st;
        for (int q = 0; q + 1 < n; q++)
            if ((st = zoo_rot2(z, "XX", q, q + 1, ke, 1.0, 0.0)) ||
                (st = zoo_rot2(z, "YY", q, q + 1, ke, 1.0, 0.0)))
                return st;
    }
    for (int q = 0; q + 1 < n; q++) {
        int qs[2] = {q, q + 1};
        if ((st = zoo_obs(z, 1.0, "XX", qs, 2)) || (st = zoo_obs(z, 1.0, "YY", qs, 2)) ||
            (st = zoo_obs(z, 0.5, "ZZ", qs, 2)))
            return st;
    }
    return PLT_OK;
}
