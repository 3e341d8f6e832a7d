/* The state record, shared by the files of src/state that build and read states. */
#ifndef PLT_STATE_STATE_IMPL_H
#define PLT_STATE_STATE_IMPL_H

#include <stdint.h>

#include "plateau/state.h"
#include "plateau/shadows.h"

struct plt_state {
    plt_state_kind kind;
    int n;
    char *bits;           /* BASIS */
    double *bloch;        /* PRODUCT */
    plt_circuit *circ;    /* CIRCUIT */
    char *path;           /* SHADOWS */
    plt_shadows *shadows; /* SHADOWS: the loaded data */
    double *amps;         /* VECTOR: 2^n interleaved re, im, norm 1 */
    struct plt_psum *table; /* TABLE: string -> measured value (real part); path as above */
};

plt_status state_alloc(plt_state_kind kind, int n, plt_state **out);
/* The whole of a text file, NUL-terminated (refuses embedded NUL bytes). */
plt_status state_read_text(const char *path, const char *origin, char **text);
/* "vector:FILE": text (one amplitude "re im" a line) or NumPy .npy (complex128 or float64). */
plt_status state_parse_vector(const char *path, int n, const char *origin, plt_state **out);
/* "expect:FILE": one "STRING VALUE" a line. */
plt_status state_parse_table(const char *path, int n, const char *origin, plt_state **out);

#endif
