/* Circuit parameters: names and initial values, declared in order. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "circuit/circuit_impl.h"
#include "core/error.h"

int plt_circuit_nparams(const plt_circuit *c) { return c ? c->np : 0; }

const char *plt_circuit_param_name(const plt_circuit *c, int k) {
    return c && k >= 0 && k < c->np ? c->pname[k] : NULL;
}

double plt_circuit_param_init(const plt_circuit *c, int k) {
    return c && k >= 0 && k < c->np ? c->pinit[k] : NAN;
}

static uint64_t name_hash(const char *s) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Slot of `name`: where it is, or the empty slot where it would go. */
static size_t find_slot(const plt_circuit *c, const char *name) {
    size_t mask = c->pslot_cap - 1, i = (size_t)name_hash(name) & mask;
    while (c->pslot[i] && strcmp(c->pname[c->pslot[i] - 1], name) != 0) i = (i + 1) & mask;
    return i;
}

static plt_status grow_index(plt_circuit *c) {
    size_t cap = c->pslot_cap ? 2 * c->pslot_cap : 16;
    int *slots = calloc(cap, sizeof *slots);
    if (!slots) return plt_fail_nomem("the parameter name index");
    free(c->pslot);
    c->pslot = slots;
    c->pslot_cap = cap;
    for (int k = 0; k < c->np; k++) c->pslot[find_slot(c, c->pname[k])] = k + 1;
    return PLT_OK;
}

int plt_circuit_param_index(const plt_circuit *c, const char *name) {
    if (!c || !name || !c->pslot_cap) return -1;
    int v = c->pslot[find_slot(c, name)];
    return v - 1;
}

plt_status plt_circuit_add_param(plt_circuit *c, const char *name, double init, int *index) {
    if (!c || !name || !*name)
        return plt_fail(PLT_EINVAL, "plt_circuit_add_param: a circuit and a non-empty name are "
                                    "required");
    if (plt_circuit_param_index(c, name) >= 0)
        return plt_fail(PLT_EINVAL, "parameter '%s' is declared twice; give each a unique name",
                        name);
    if (2 * ((size_t)c->np + 1) > c->pslot_cap) {
        plt_status st = grow_index(c);
        if (st) return st;
    }
    if (c->np == c->pcap) {
        if (c->pcap > (1 << 28)) return plt_fail_nomem("the parameter table");
        int cap = c->pcap ? 2 * c->pcap : 8;
        char **names = realloc(c->pname, (size_t)cap * sizeof *names);
        if (!names) return plt_fail_nomem("the parameter table");
        c->pname = names;
        double *inits = realloc(c->pinit, (size_t)cap * sizeof *inits);
        if (!inits) return plt_fail_nomem("the parameter table");
        c->pinit = inits;
        c->pcap = cap;
    }
    char *copy = strdup(name);
    if (!copy) return plt_fail_nomem("a parameter name");
    c->pname[c->np] = copy;
    c->pinit[c->np] = init;
    c->pslot[find_slot(c, copy)] = c->np + 1;
    if (index) *index = c->np;
    c->np++;
    return PLT_OK;
}

void plt_circuit_params_clear(plt_circuit *c) {
    for (int k = 0; k < c->np; k++) free(c->pname[k]);
    free(c->pname);
    free(c->pinit);
    free(c->pslot);
    c->pname = NULL;
    c->pinit = NULL;
    c->pslot = NULL;
    c->pslot_cap = 0;
    c->np = c->pcap = 0;
}

plt_status plt_circuit_copy_params(plt_circuit *dst, const plt_circuit *src) {
    for (int k = 0; k < src->np; k++) {
        plt_status st = plt_circuit_add_param(dst, src->pname[k], src->pinit[k], NULL);
        if (st) return st;
    }
    return PLT_OK;
}
