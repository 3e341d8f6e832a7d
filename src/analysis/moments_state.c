/* <psi|Q|psi> for the strings a chain ends with. Zero, basis, product and vector states go
 * through the states' own overlap (state/state_expect.h); a Clifford preparation circuit C
 * becomes one tableau T(Q) = C^dag Q C, built once, so each string costs weight(Q) row
 * products: <0|T(Q)|0> is the image's sign when it has no X part, else 0. */
#include <stdlib.h>

#include "analysis/moments_impl.h"
#include "circuit/tableau.h"
#include "core/error.h"
#include "state/state_expect.h"

struct mom_state {
    const plt_state *s;
    int n, nw, clifford;
    plt_tableau t;
    uint64_t *img; /* 2 nw words: T(Q) */
};

plt_status mom_state_new(const plt_state *s, int n, mom_state **out) {
    *out = NULL;
    const plt_state_kind kind = s ? plt_state_kind_of(s) : PLT_STATE_ZERO;
    if (kind == PLT_STATE_SHADOWS || kind == PLT_STATE_TABLE)
        return plt_fail(PLT_EUNSUPPORTED,
                        "moments need exact expectation values of the final Pauli strings; a %s "
                        "state gives measured ones (use --method sample)",
                        kind == PLT_STATE_SHADOWS ? "shadows" : "table");
    mom_state *ms = calloc(1, sizeof *ms);
    if (!ms) return plt_fail_nomem("the moments' state");
    ms->s = s;
    ms->n = n;
    ms->nw = plt_nwords(n);
    if (kind == PLT_STATE_CIRCUIT) {
        const plt_circuit *c = plt_state_circuit(s);
        ms->clifford = 1;
        ms->img = malloc(2 * (size_t)ms->nw * sizeof *ms->img);
        if (!ms->img || plt_tableau_init(&ms->t, n) != PLT_OK) {
            mom_state_free(ms);
            return plt_fail_nomem("the preparation circuit's tableau");
        }
        for (size_t i = 0; i < plt_circuit_nops(c); i++) {
            const plt_op *op = plt_circuit_op(c, i);
            int k;
            if (op->kind == PLT_OP_CLIFFORD) {
                plt_tableau_compose_gate(&ms->t, op->gate, op->q);
            } else if (op->kind == PLT_OP_ROTATION && op->param < 0 &&
                       plt_tableau_quarter_turns(op->b, &k)) {
                plt_tableau_compose_rotation(&ms->t, op->gen->x, op->gen->z, k);
            } else {
                mom_state_free(ms);
                return plt_fail(PLT_EUNSUPPORTED,
                                "moments need a stabilizer state: the preparation circuit's op "
                                "%zu is not a Clifford (use --method sample)",
                                i);
            }
        }
    }
    *out = ms;
    return PLT_OK;
}

void mom_state_free(mom_state *ms) {
    if (!ms) return;
    plt_tableau_free(&ms->t);
    free(ms->img);
    free(ms);
}

double mom_state_expect(mom_state *ms, const uint64_t *x, const uint64_t *z) {
    if (ms->clifford) {
        const int nw = ms->nw;
        const int ph = plt_tableau_apply(&ms->t, x, z, ms->img, ms->img + nw);
        for (int w = 0; w < nw; w++)
            if (ms->img[w]) return 0;
        return ph == 2 ? -1 : 1;
    }
    double v = 0;
    /* Zero, basis, product and vector overlaps cannot fail (the kinds that can were refused). */
    PLT_ASSERT(state_expect_words(ms->s, ms->n, x, z, &v) == PLT_OK);
    return v;
}
