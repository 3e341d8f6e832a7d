/* Initial states: the spec strings of --state and the getters engines read. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/file.h"
#include "plateau/state.h"
#include "plateau/qasm.h"
#include "plateau/shadows.h"
#include "state/state_impl.h"


static const char forms[] =
    "zero, basis:0110 (one 0/1 per qubit), product:FILE (one Bloch vector a line), "
    "qasm:FILE.qasm (a preparation circuit), vector:FILE (2^n amplitudes, text or .npy), "
    "shadows:FILE or expect:FILE (measured values, 'STRING VALUE' a line)";

plt_status state_alloc(plt_state_kind kind, int n, plt_state **out) {
    plt_state *s = calloc(1, sizeof *s);
    if (!s) return plt_fail_nomem("a state");
    s->kind = kind;
    s->n = n;
    *out = s;
    return PLT_OK;
}

void plt_state_free(plt_state *s) {
    if (!s) return;
    free(s->bits);
    free(s->bloch);
    plt_circuit_free(s->circ);
    free(s->path);
    free(s->amps);
    plt_psum_free(s->table);
    plt_shadows_free(s->shadows);
    free(s);
}

plt_status plt_state_new_zero(int n, plt_state **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_state_new_zero: out is NULL");
    *out = NULL;
    if (n < 1 || n > PLT_MAX_QUBITS)
        return plt_fail(PLT_EINVAL, "a state needs 1..%d qubits, not %d", PLT_MAX_QUBITS, n);
    return state_alloc(PLT_STATE_ZERO, n, out);
}

static plt_status parse_basis(const char *bits, int col0, int n, const char *origin,
                              plt_state **out) {
    size_t len = strlen(bits);
    for (size_t i = 0; i < len; i++)
        if (bits[i] != '0' && bits[i] != '1')
            return plt_fail_at(PLT_EPARSE, origin, 1, col0 + (int)i,
                               "'%c' is not 0 or 1 in a basis state (write one 0/1 per qubit, "
                               "qubit 0 first, e.g. basis:0110)", bits[i]);
    if (len != (size_t)n)
        return plt_fail_at(PLT_EINVAL, origin, 1, col0,
                           "the basis state has %zu characters but the circuit has %d qubits "
                           "(write exactly one 0/1 per qubit)", len, n);
    plt_status st = state_alloc(PLT_STATE_BASIS, n, out);
    if (st) return st;
    (*out)->bits = strdup(bits);
    if (!(*out)->bits) {
        plt_state_free(*out);
        *out = NULL;
        return plt_fail_nomem("a basis state");
    }
    return PLT_OK;
}

plt_status state_read_text(const char *path, const char *origin, char **text) {
    size_t len;
    plt_status st = plt_file_read(path, origin, SIZE_MAX / 2, text, &len);
    if (st) return st;
    if (strlen(*text) != len) {
        free(*text);
        *text = NULL;
        return plt_fail_at(PLT_EPARSE, path, 1, 1, "the file contains a NUL byte (binary data?)");
    }
    return PLT_OK;
}

/* One Bloch vector a line: "bx by bz", '#' starts a comment, blank lines skipped. */
static plt_status parse_product(const char *path, int n, const char *origin, plt_state **out) {
    char *text = NULL;
    double *b = NULL;
    plt_status st = state_read_text(path, origin, &text);
    if (st) return st;
    b = malloc(3 * (size_t)n * sizeof *b);
    if (!b) {
        st = plt_fail_nomem("a product state");
        goto fail;
    }
    int row = 0, line = 1;
    char *p = text;
    while (*p) {
        char *eol = strchr(p, '\n');
        if (eol) *eol = '\0';
        char *hash = strchr(p, '#');
        if (hash) *hash = '\0';
        char *q = p;
        int k = 0;
        double v[3];
        for (;;) {
            while (*q == ' ' || *q == '\t' || *q == '\r' || *q == ',') q++;
            if (!*q) break;
            int col = (int)(q - p) + 1;
            if (k == 3) {
                st = plt_fail_at(PLT_EPARSE, path, line, col,
                                 "more than three numbers on a line (write one Bloch vector "
                                 "'bx by bz' a line)");
                goto fail;
            }
            char *end;
            errno = 0;
            v[k] = strtod(q, &end);
            if (end == q || !isfinite(v[k]) ||
                (*end && *end != ' ' && *end != '\t' && *end != '\r' && *end != ',')) {
                size_t w = strcspn(q, " \t\r,");
                st = plt_fail_at(PLT_EPARSE, path, line, col,
                                 "'%.*s' is not a finite number", (int)(w > 40 ? 40 : w), q);
                goto fail;
            }
            q = end;
            k++;
        }
        if (k > 0 && k < 3) {
            st = plt_fail_at(PLT_EPARSE, path, line, (int)(q - p) + 1,
                             "%d number%s on this line; a Bloch vector needs three (bx by bz)",
                             k, k == 1 ? "" : "s");
            goto fail;
        }
        if (k == 3) {
            if (row == n) {
                st = plt_fail_at(PLT_EINVAL, path, line, 1,
                                 "more Bloch vectors than the circuit's %d qubits (one line a "
                                 "qubit, qubit 0 first)", n);
                goto fail;
            }
            double r = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            if (r > 1 + 1e-9) {
                st = plt_fail_at(PLT_EINVAL, path, line, 1,
                                 "Bloch vector (%g, %g, %g) has length %.17g > 1 (a state needs "
                                 "|b| <= 1)", v[0], v[1], v[2], r);
                goto fail;
            }
            memcpy(b + 3 * (size_t)row, v, sizeof v);
            row++;
        }
        if (!eol) break;
        p = eol + 1;
        line++;
    }
    if (row != n) {
        st = plt_fail_at(PLT_EINVAL, path, line, 1,
                         "%d Bloch vector%s for a %d-qubit circuit (write one line 'bx by bz' per "
                         "qubit)", row, row == 1 ? "" : "s", n);
        goto fail;
    }
    st = state_alloc(PLT_STATE_PRODUCT, n, out);
    if (st) goto fail;
    (*out)->bloch = b;
    free(text);
    return PLT_OK;
fail:
    free(text);
    free(b);
    return st;
}

static plt_status parse_circuit(const char *path, int n, const char *origin, plt_state **out) {
    plt_circuit *c = NULL;
    plt_status st = plt_qasm_read_file(path, &c, NULL);
    if (st) return st;
    if (plt_circuit_nqubits(c) != n) {
        st = plt_fail_at(PLT_EINVAL, origin, 0, 0,
                         "the preparation circuit '%s' has %d qubits but the circuit has %d "
                         "(they must match)", path, plt_circuit_nqubits(c), n);
        goto fail;
    }
    if (plt_circuit_nparams(c) != 0) {
        st = plt_fail_at(PLT_EINVAL, origin, 0, 0,
                         "the preparation circuit '%s' has %d parameter%s (a state circuit must "
                         "have none: write its angles as numbers)", path, plt_circuit_nparams(c),
                         plt_circuit_nparams(c) == 1 ? "" : "s");
        goto fail;
    }
    st = state_alloc(PLT_STATE_CIRCUIT, n, out);
    if (st) goto fail;
    (*out)->circ = c;
    return PLT_OK;
fail:
    plt_circuit_free(c);
    return st;
}

static plt_status parse_shadows(const char *path, int n, const char *origin, plt_state **out) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return plt_fail_at(PLT_EIO, origin, 0, 0, "cannot read shadow data '%s': %s", path,
                           strerror(errno));
    fclose(f);
    plt_shadows *data = NULL;
    plt_status st = plt_shadows_read_file(path, &data);
    if (st) return st;
    if (plt_shadows_nqubits(data) != n) {
        int dn = plt_shadows_nqubits(data);
        plt_shadows_free(data);
        return plt_fail_at(PLT_EINVAL, path, 1, 1,
                           "the shadow data are on %d qubits but the circuit has %d (they must "
                           "match)", dn, n);
    }
    st = state_alloc(PLT_STATE_SHADOWS, n, out);
    if (st) {
        plt_shadows_free(data);
        return st;
    }
    (*out)->shadows = data;
    (*out)->path = strdup(path);
    if (!(*out)->path) {
        plt_state_free(*out);
        *out = NULL;
        return plt_fail_nomem("a state path");
    }
    return PLT_OK;
}

plt_status plt_state_parse(const char *spec, int n, const char *origin, plt_state **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_state_parse: out is NULL");
    *out = NULL;
    if (!origin) origin = "state";
    if (!spec) return plt_fail_at(PLT_EINVAL, origin, 0, 0, "no state given (use %s)", forms);
    if (n < 1 || n > PLT_MAX_QUBITS)
        return plt_fail_at(PLT_EINVAL, origin, 0, 0, "a state needs 1..%d qubits, not %d",
                           PLT_MAX_QUBITS, n);
    static const struct {
        const char *prefix;
        plt_status (*parse)(const char *, int, const char *, plt_state **);
    } files[] = {
        {"product:", parse_product}, {"qasm:", parse_circuit}, {"shadows:", parse_shadows},
        {"vector:", state_parse_vector}, {"expect:", state_parse_table}};
    if (strcmp(spec, "zero") == 0) return state_alloc(PLT_STATE_ZERO, n, out);
    if (strncmp(spec, "basis:", 6) == 0) return parse_basis(spec + 6, 7, n, origin, out);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len = strlen(files[i].prefix);
        if (strncmp(spec, files[i].prefix, len) != 0) continue;
        if (!spec[len])
            return plt_fail_at(PLT_EINVAL, origin, 1, (int)len + 1,
                               "'%s' names no file (write %sFILE)", spec, files[i].prefix);
        return files[i].parse(spec + len, n, origin, out);
    }
    size_t w = strlen(spec);
    return plt_fail_at(PLT_EINVAL, origin, 0, 0, "'%.*s%s' is not a state (use %s)",
                       (int)(w > 60 ? 60 : w), spec, w > 60 ? "..." : "", forms);
}

plt_state_kind plt_state_kind_of(const plt_state *s) { return s ? s->kind : PLT_STATE_ZERO; }
int plt_state_nqubits(const plt_state *s) { return s ? s->n : 0; }
const char *plt_state_bits(const plt_state *s) {
    return s && s->kind == PLT_STATE_BASIS ? s->bits : NULL;
}
const double *plt_state_bloch(const plt_state *s) {
    return s && s->kind == PLT_STATE_PRODUCT ? s->bloch : NULL;
}
const plt_circuit *plt_state_circuit(const plt_state *s) {
    return s && s->kind == PLT_STATE_CIRCUIT ? s->circ : NULL;
}
const char *plt_state_path(const plt_state *s) {
    return s && (s->kind == PLT_STATE_SHADOWS || s->kind == PLT_STATE_TABLE) ? s->path : NULL;
}
const plt_shadows *plt_state_shadows(const plt_state *s) {
    return s && s->kind == PLT_STATE_SHADOWS ? s->shadows : NULL;
}

/* In-memory constructors (for engines that restrict a state to some qubits). */
plt_status plt_state_new_basis(int n, const char *bits, plt_state **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_state_new_basis: out is NULL");
    *out = NULL;
    if (n < 1 || n > PLT_MAX_QUBITS || !bits)
        return plt_fail(PLT_EINVAL, "a basis state needs 1..%d qubits and its bits, not %d",
                        PLT_MAX_QUBITS, n);
    return parse_basis(bits, 1, n, NULL, out);
}

plt_status plt_state_new_product(int n, const double *bloch, plt_state **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_state_new_product: out is NULL");
    *out = NULL;
    if (n < 1 || n > PLT_MAX_QUBITS || !bloch)
        return plt_fail(PLT_EINVAL,
                        "a product state needs 1..%d qubits and 3n Bloch components, not %d",
                        PLT_MAX_QUBITS, n);
    for (int q = 0; q < n; q++) {
        const double *v = bloch + 3 * (size_t)q;
        double r = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (!isfinite(r) || r > 1 + 1e-9)
            return plt_fail(PLT_EINVAL,
                            "Bloch vector %d (%g, %g, %g) has length %.17g; a state needs |b| <= 1",
                            q, v[0], v[1], v[2], r);
    }
    double *b = malloc(3 * (size_t)n * sizeof *b);
    if (!b) return plt_fail_nomem("a product state");
    memcpy(b, bloch, 3 * (size_t)n * sizeof *b);
    plt_status st = state_alloc(PLT_STATE_PRODUCT, n, out);
    if (st) {
        free(b);
        return st;
    }
    (*out)->bloch = b;
    return PLT_OK;
}
