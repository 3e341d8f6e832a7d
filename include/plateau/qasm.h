/* plateau — OpenQASM 2.0 and 3 readers.
 *
 * Accepted: OpenQASM 2.0 with qelib1.inc (every gate of it), and the OpenQASM 3
 * subset that Qiskit's and PennyLane's exporters write: `include "stdgates.inc"`,
 * `qubit[n] q;` / `qreg q[n];` (several registers, laid out in declaration order),
 * `input float[64] name;` (the model's parameters, in declaration order), user
 * `gate` definitions with parameters (expanded; recursion refused), broadcast
 * over registers, angle expressions (numbers, pi, + - * /, unary minus,
 * parentheses, parameters), `barrier` (ignored) and final `measure` (ignored and
 * counted). A gate angle must be affine in at most one parameter.
 *
 * Every gate is lowered to IR ops exactly up to a global phase.
 */
#ifndef PLATEAU_QASM_H
#define PLATEAU_QASM_H

#include <stddef.h>
#include <stdio.h>

#include "plateau/circuit.h"
#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct plt_qasm_info {
    int version;        /* 2 or 3 */
    int nmeasure;       /* measure statements seen (ignored) */
    int nbarrier;       /* barrier statements seen (ignored) */
    int ngate_defs;     /* user gate definitions */
} plt_qasm_info;

/* Parses QASM text of length len (need not be NUL-terminated). `origin` names
 * the input in messages (file name). On success *out is a new circuit and, when
 * info != NULL, *info is filled. Errors: PLT_EPARSE (with line and column in
 * plt_error_last()), PLT_EUNSUPPORTED (valid QASM outside the accepted subset),
 * PLT_ENOMEM. Runs in time linear in the expanded circuit; nesting depth is
 * bounded, so no input overflows the stack. */
PLT_NODISCARD plt_status plt_qasm_parse(const char *text, size_t len, const char *origin,
                                        plt_circuit **out, plt_qasm_info *info);
/* Reads and parses a file; PLT_EIO when it cannot be read. */
PLT_NODISCARD plt_status plt_qasm_read_file(const char *path, plt_circuit **out,
                                            plt_qasm_info *info);

/* Writes c as OpenQASM 3: `include "stdgates.inc";`, `qubit[n] q;`, one
 * `input float[64] NAME;` per parameter (declaration order, initial values are not
 * written), Cliffords by name, and every Pauli rotation exactly (up to a global
 * phase): rx/ry/rz for weight one, rxx/ryy/rzz for XX/YY/ZZ, any other string by a
 * basis change (h for X; sdg then h for Y), a cx ladder onto its last qubit, rz and
 * the uncomputation. Angles are written `a*NAME + b` with %.17g, so reading the file
 * back gives the same numbers. Gates outside stdgates.inc that the file uses (rxx,
 * ryy, rzz, sxdg, iswap, ecr) are defined in it, as Qiskit's exporter does.
 * Errors: PLT_EUNSUPPORTED for a UNITARY op or a parameter name that is not a
 * QASM identifier (or is reserved); PLT_EIO when writing fails. Output may be
 * partial on error. Cost: linear in the ops times their weight. */
PLT_NODISCARD plt_status plt_qasm_write(const plt_circuit *c, FILE *f);
/* The same text as a new NUL-terminated string; free it with plt_free. */
PLT_NODISCARD plt_status plt_qasm_write_string(const plt_circuit *c, char **out);

#ifdef __cplusplus
}
#endif
#endif
