/* THE Clifford gate table: one row per plt_gate, checked row by row by gates.test.c. */
#include <string.h>

#include "plateau/circuit.h"

#define R2 0.70710678118654752440

/* Unitaries are row-major, interleaved (re, im); local qubit 0 is the low bit of the index. */
static const plt_gate_info table[PLT_GATE_COUNT] = {
    [PLT_GATE_H] = {.id = PLT_GATE_H, .name = "h", .nqubits = 1,
                    .u = {R2, 0, R2, 0, R2, 0, -R2, 0},
                    .image = {"+Z", "+X"}},
    [PLT_GATE_S] = {.id = PLT_GATE_S, .name = "s", .nqubits = 1,
                    .u = {1, 0, 0, 0, 0, 0, 0, 1},
                    .image = {"-Y", "+Z"}},
    [PLT_GATE_SDG] = {.id = PLT_GATE_SDG, .name = "sdg", .nqubits = 1,
                      .u = {1, 0, 0, 0, 0, 0, 0, -1},
                      .image = {"+Y", "+Z"}},
    [PLT_GATE_X] = {.id = PLT_GATE_X, .name = "x", .nqubits = 1,
                    .u = {0, 0, 1, 0, 1, 0, 0, 0},
                    .image = {"+X", "-Z"}},
    [PLT_GATE_Y] = {.id = PLT_GATE_Y, .name = "y", .nqubits = 1,
                    .u = {0, 0, 0, -1, 0, 1, 0, 0},
                    .image = {"-X", "-Z"}},
    [PLT_GATE_Z] = {.id = PLT_GATE_Z, .name = "z", .nqubits = 1,
                    .u = {1, 0, 0, 0, 0, 0, -1, 0},
                    .image = {"-X", "+Z"}},
    [PLT_GATE_SX] = {.id = PLT_GATE_SX, .name = "sx", .nqubits = 1,
                     .u = {0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5},
                     .image = {"+X", "+Y"}},
    [PLT_GATE_SXDG] = {.id = PLT_GATE_SXDG, .name = "sxdg", .nqubits = 1,
                       .u = {0.5, -0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5},
                       .image = {"+X", "-Y"}},
    /* Two-qubit gates: local qubit 0 is the control where there is one. */
    [PLT_GATE_CX] = {.id = PLT_GATE_CX, .name = "cx", .nqubits = 2,
                     .u = {1, 0, 0, 0, 0, 0, 0, 0,
                           0, 0, 0, 0, 0, 0, 1, 0,
                           0, 0, 0, 0, 1, 0, 0, 0,
                           0, 0, 1, 0, 0, 0, 0, 0},
                     .image = {"+XX", "+ZI", "+IX", "+ZZ"}},
    [PLT_GATE_CY] = {.id = PLT_GATE_CY, .name = "cy", .nqubits = 2,
                     .u = {1, 0, 0, 0, 0, 0, 0, 0,
                           0, 0, 0, 0, 0, 0, 0, -1,
                           0, 0, 0, 0, 1, 0, 0, 0,
                           0, 0, 0, 1, 0, 0, 0, 0},
                     .image = {"+XY", "+ZI", "+ZX", "+ZZ"}},
    [PLT_GATE_CZ] = {.id = PLT_GATE_CZ, .name = "cz", .nqubits = 2,
                     .u = {1, 0, 0, 0, 0, 0, 0, 0,
                           0, 0, 1, 0, 0, 0, 0, 0,
                           0, 0, 0, 0, 1, 0, 0, 0,
                           0, 0, 0, 0, 0, 0, -1, 0},
                     .image = {"+XZ", "+ZI", "+ZX", "+IZ"}},
    [PLT_GATE_SWAP] = {.id = PLT_GATE_SWAP, .name = "swap", .nqubits = 2,
                       .u = {1, 0, 0, 0, 0, 0, 0, 0,
                             0, 0, 0, 0, 1, 0, 0, 0,
                             0, 0, 1, 0, 0, 0, 0, 0,
                             0, 0, 0, 0, 0, 0, 1, 0},
                       .image = {"+IX", "+IZ", "+XI", "+ZI"}},
    /* iSWAP = exp(i pi/4 (XX + YY)). */
    [PLT_GATE_ISWAP] = {.id = PLT_GATE_ISWAP, .name = "iswap", .nqubits = 2,
                        .u = {1, 0, 0, 0, 0, 0, 0, 0,
                              0, 0, 0, 0, 0, 1, 0, 0,
                              0, 0, 0, 1, 0, 0, 0, 0,
                              0, 0, 0, 0, 0, 0, 1, 0},
                        .image = {"-ZY", "+IZ", "-YZ", "+ZI"}},
    /* Qiskit's ECR = (X_0 - Y_0 X_1) / sqrt(2) = X_0 R_{Z0 X1}(pi/2). */
    [PLT_GATE_ECR] = {.id = PLT_GATE_ECR, .name = "ecr", .nqubits = 2,
                      .u = {0, 0, R2, 0, 0, 0, 0, R2,
                            R2, 0, 0, 0, 0, -R2, 0, 0,
                            0, 0, 0, R2, 0, 0, R2, 0,
                            0, -R2, 0, 0, R2, 0, 0, 0},
                      .image = {"-YX", "-ZI", "+IX", "+ZY"}},
};

const plt_gate_info *plt_gate_info_get(plt_gate g) {
    if ((int)g < 0 || g >= PLT_GATE_COUNT) return NULL;
    return &table[g];
}

plt_gate plt_gate_by_name(const char *name) {
    if (!name) return PLT_GATE_COUNT;
    for (int g = 0; g < PLT_GATE_COUNT; g++)
        if (strcmp(table[g].name, name) == 0) return (plt_gate)g;
    return PLT_GATE_COUNT;
}
