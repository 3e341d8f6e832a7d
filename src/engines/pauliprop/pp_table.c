/* The term table of pauliprop: dense arrays plus an open-addressing index. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/pauliprop/pp.h"

void pp_table_init(pp_table *t, int nw, int track_freq, int track_sprod) {
    memset(t, 0, sizeof *t);
    t->nw = nw;
    t->tf = track_freq;
    t->ts = track_sprod;
}

static int tracks_freq(const pp_table *t) { return t->tf; }
static int tracks_sprod(const pp_table *t) { return t->ts; }

void pp_table_free(pp_table *t) {
    if (!t) return;
    free(t->keys);
    free(t->coef);
    free(t->freq);
    free(t->sprod);
    free(t->slots);
    int nw = t->nw, f = tracks_freq(t), s = tracks_sprod(t);
    pp_table_init(t, nw, f, s);
}

static plt_status build_index(pp_table *t, size_t nslots) {
    uint32_t *slots = malloc(nslots * sizeof *slots);
    if (!slots) return plt_fail_nomem("the pauliprop hash index");
    memset(slots, 0xff, nslots * sizeof *slots);
    free(t->slots);
    t->slots = slots;
    t->mask = nslots - 1;
    pp_table_index_range(t, 0, 1);
    t->indexed = 1;
    return PLT_OK;
}

static size_t slots_for(size_t cap) {
    size_t s = 16;
    while (s < 2 * cap) s <<= 1;
    return s;
}

plt_status pp_table_reserve(pp_table *t, size_t cap) {
    if (cap <= t->cap) return PLT_OK;
    if (cap >= (size_t)UINT32_MAX - 1)
        return plt_fail(PLT_ETOOBIG,
                        "pauliprop would hold %zu terms, more than its limit of 4294967294; "
                        "tighten the truncation (--max-terms, --min-abs or --max-weight)",
                        cap);
    size_t nc = t->cap ? t->cap : 64;
    while (nc < cap) nc = nc + nc / 2 + 1;
    const size_t kw = 2 * (size_t)t->nw;
    uint64_t *keys = realloc(t->keys, nc * kw * sizeof *keys);
    if (!keys) return plt_fail_nomem("the pauliprop term table");
    t->keys = keys;
    double *coef = realloc(t->coef, nc * sizeof *coef);
    if (!coef) return plt_fail_nomem("the pauliprop term table");
    t->coef = coef;
    if (tracks_freq(t)) {
        uint16_t *f = realloc(t->freq, nc * sizeof *f);
        if (!f) return plt_fail_nomem("the pauliprop term table");
        t->freq = f;
    }
    if (tracks_sprod(t)) {
        double *s = realloc(t->sprod, nc * sizeof *s);
        if (!s) return plt_fail_nomem("the pauliprop term table");
        t->sprod = s;
    }
    t->cap = nc;
    if (t->indexed || t->slots) return build_index(t, slots_for(nc));
    return PLT_OK;
}

/* Puts term i into the index; its key must be absent. Several threads may insert at once:
 * a slot is claimed by compare-and-swap, so two keys never land in one slot. */
PP_INLINE void insert_nw(uint32_t *slots, size_t mask, const uint64_t *keys, size_t i, int nw,
                         int shared) {
    size_t h = (size_t)pp_hash(keys + i * 2 * (size_t)nw, nw) & mask;
    for (;; h = (h + 1) & mask) {
        if (!shared) {
            if (slots[h] != UINT32_MAX) continue;
            slots[h] = (uint32_t)i;
            return;
        }
        uint32_t empty = UINT32_MAX;
        if (__atomic_load_n(&slots[h], __ATOMIC_RELAXED) == UINT32_MAX &&
            __atomic_compare_exchange_n(&slots[h], &empty, (uint32_t)i, 0, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
            return;
    }
}

PP_INLINE void insert_range_nw(pp_table *t, size_t from, int threads, int nw) {
    const size_t to = t->count;
    const int par = threads > 1 && to - from > PP_PAR_MIN;
    uint32_t *slots = t->slots;
    const size_t mask = t->mask;
    const uint64_t *keys = t->keys;
#pragma omp parallel for num_threads(threads) if (par) schedule(static)
    for (size_t i = from; i < to; i++) insert_nw(slots, mask, keys, i, nw, par);
}

void pp_table_index_range(pp_table *t, size_t from, int threads) {
    switch (t->nw) {
    case 1: insert_range_nw(t, from, threads, 1); break;
    case 2: insert_range_nw(t, from, threads, 2); break;
    default: insert_range_nw(t, from, threads, t->nw); break;
    }
}

plt_status pp_table_index_par(pp_table *t, int threads) {
    if (t->indexed) return PLT_OK;
    size_t want = slots_for(t->cap);
    if (t->slots && t->mask + 1 == want) {
        memset(t->slots, 0xff, want * sizeof *t->slots);
        pp_table_index_range(t, 0, threads);
        t->indexed = 1;
        return PLT_OK;
    }
    return build_index(t, want);
}

plt_status pp_table_index(pp_table *t) { return pp_table_index_par(t, 1); }

size_t pp_table_find(const pp_table *t, const uint64_t *key) {
    switch (t->nw) {
    case 1: return pp_find_nw(t, key, 1);
    case 2: return pp_find_nw(t, key, 2);
    default: return pp_find_nw(t, key, t->nw);
    }
}

PP_INLINE plt_status add_nw(pp_table *t, const uint64_t *key, double coef, unsigned freq,
                            double sprod, int nw) {
    size_t h = (size_t)pp_hash(key, nw) & t->mask;
    for (;;) {
        uint32_t s = t->slots[h];
        if (s == UINT32_MAX) break;
        if (pp_keq(t->keys + (size_t)s * 2 * (size_t)nw, key, nw)) {
            t->coef[s] += coef;
            if (tracks_freq(t) && freq < t->freq[s]) t->freq[s] = (uint16_t)freq;
            if (tracks_sprod(t) && sprod > t->sprod[s]) t->sprod[s] = sprod;
            return PLT_OK;
        }
        h = (h + 1) & t->mask;
    }
    if (t->count == t->cap) {
        plt_status st = pp_table_reserve(t, t->count + 1);
        if (st) return st;
        /* The index was rebuilt at a new size: probe again. */
        h = (size_t)pp_hash(key, nw) & t->mask;
        while (t->slots[h] != UINT32_MAX) h = (h + 1) & t->mask;
    }
    size_t i = t->count++;
    memcpy(t->keys + i * 2 * (size_t)nw, key, 2 * (size_t)nw * sizeof *key);
    t->coef[i] = coef;
    if (tracks_freq(t)) t->freq[i] = (uint16_t)(freq > UINT16_MAX ? UINT16_MAX : freq);
    if (tracks_sprod(t)) t->sprod[i] = sprod;
    t->slots[h] = (uint32_t)i;
    return PLT_OK;
}

plt_status pp_table_add(pp_table *t, const uint64_t *key, double coef, unsigned freq,
                        double sprod) {
    if (!t->indexed || !t->slots) {
        plt_status st = t->cap ? pp_table_index(t) : pp_table_reserve(t, 64);
        if (st) return st;
        if ((st = pp_table_index(t))) return st;
    }
    switch (t->nw) {
    case 1: return add_nw(t, key, coef, freq, sprod, 1);
    case 2: return add_nw(t, key, coef, freq, sprod, 2);
    default: return add_nw(t, key, coef, freq, sprod, t->nw);
    }
}

plt_status pp_table_copy(pp_table *dst, const pp_table *src) {
    dst->count = 0;
    dst->indexed = 0;
    plt_status st = pp_table_reserve(dst, src->count);
    if (st) return st;
    /* reserve may have indexed the (then empty) table: the copied keys are not in it. */
    dst->indexed = 0;
    dst->count = src->count;
    if (!src->count) return PLT_OK;
    memcpy(dst->keys, src->keys, src->count * 2 * (size_t)src->nw * sizeof *src->keys);
    memcpy(dst->coef, src->coef, src->count * sizeof *src->coef);
    if (tracks_freq(dst)) memcpy(dst->freq, src->freq, src->count * sizeof *src->freq);
    if (tracks_sprod(dst)) memcpy(dst->sprod, src->sprod, src->count * sizeof *src->sprod);
    return PLT_OK;
}

/* Removes term i from an indexed table by backward-shift deletion in the index, then moves
 * the last term into its place (one slot update). */
static void remove_at(pp_table *t, size_t i) {
    const int nw = t->nw;
    const size_t kw = 2 * (size_t)nw;
    size_t h = (size_t)pp_hash(t->keys + i * kw, nw) & t->mask;
    while (t->slots[h] != (uint32_t)i) h = (h + 1) & t->mask;
    for (size_t j = (h + 1) & t->mask;; j = (j + 1) & t->mask) {
        uint32_t s = t->slots[j];
        if (s == UINT32_MAX) break;
        size_t home = (size_t)pp_hash(t->keys + (size_t)s * kw, nw) & t->mask;
        /* s may fill the hole at h unless its home lies cyclically in (h, j]. */
        int in_between = h <= j ? (home > h && home <= j) : (home > h || home <= j);
        if (!in_between) {
            t->slots[h] = s;
            h = j;
        }
    }
    t->slots[h] = UINT32_MAX;
    const size_t last = t->count - 1;
    if (i != last) {
        size_t g = (size_t)pp_hash(t->keys + last * kw, nw) & t->mask;
        while (t->slots[g] != (uint32_t)last) g = (g + 1) & t->mask;
        t->slots[g] = (uint32_t)i;
        memcpy(t->keys + i * kw, t->keys + last * kw, kw * sizeof *t->keys);
        t->coef[i] = t->coef[last];
        if (tracks_freq(t)) t->freq[i] = t->freq[last];
        if (tracks_sprod(t)) t->sprod[i] = t->sprod[last];
    }
    t->count--;
}

void pp_table_compact(pp_table *t, const unsigned char *keep) {
    const size_t kw = 2 * (size_t)t->nw;
    if (t->indexed && t->slots) {
        /* Few removals: keep the index up to date instead of rebuilding it. */
        size_t ndrop = 0;
        for (size_t i = 0; i < t->count; i++) ndrop += !keep[i];
        if (ndrop * 16 < t->count) {
            for (size_t i = t->count; i-- > 0;)
                if (!keep[i]) remove_at(t, i);
            return;
        }
    }
    size_t j = 0;
    for (size_t i = 0; i < t->count; i++) {
        if (!keep[i]) continue;
        if (i != j) {
            memcpy(t->keys + j * kw, t->keys + i * kw, kw * sizeof *t->keys);
            t->coef[j] = t->coef[i];
            if (tracks_freq(t)) t->freq[j] = t->freq[i];
            if (tracks_sprod(t)) t->sprod[j] = t->sprod[i];
        }
        j++;
    }
    if (j != t->count) t->indexed = 0;
    t->count = j;
}
