/* The term table of pauliprop: dense arrays plus the Pauli-string index (pauli/pw_index.h)
 * over its keys, built in parallel after a step rewrote keys in place. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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
    plt_pw_index_free(&t->index);
    int nw = t->nw, f = tracks_freq(t), s = tracks_sprod(t);
    pp_table_init(t, nw, f, s);
}

/* An index of nslots holding every term (the serial loop specialised for nw). */
static plt_status build_index(pp_table *t, size_t nslots) {
    plt_status st =
        plt_pw_index_resize(&t->index, nslots, t->keys, t->nw, 0, "the pauliprop hash index");
    if (st) return st;
    pp_table_index_range(t, 0, 1);
    t->indexed = 1;
    return PLT_OK;
}

void *pp_big_alloc(size_t bytes, size_t from) {
#if defined(MADV_HUGEPAGE)
    enum { HUGE = 2 << 20 };
    if (bytes >= from && bytes >= (size_t)HUGE) {
        void *p = NULL;
        bytes = (bytes + HUGE - 1) / HUGE * HUGE;
        if (posix_memalign(&p, HUGE, bytes)) return NULL;
        (void)madvise(p, bytes, MADV_HUGEPAGE); /* a hint: refused, 4 KB pages */
        return p;
    }
#endif
    return malloc(bytes);
}

/* Fresh arrays of nc terms for an empty table (nothing to copy), on huge pages from `from`
 * bytes an array; 0 when out of memory. */
static int fresh_arrays(pp_table *t, size_t nc, size_t from) {
    free(t->keys);
    free(t->coef);
    free(t->freq);
    free(t->sprod);
    t->keys = pp_big_alloc(nc * 2 * (size_t)t->nw * sizeof *t->keys, from);
    t->coef = pp_big_alloc(nc * sizeof *t->coef, from);
    t->freq = t->tf ? pp_big_alloc(nc * sizeof *t->freq, from) : NULL;
    t->sprod = t->ts ? pp_big_alloc(nc * sizeof *t->sprod, from) : NULL;
    t->cap = nc;
    t->count = 0;
    t->indexed = 0;
    if (t->keys && t->coef && (t->freq || !t->tf) && (t->sprod || !t->ts)) return 1;
    t->cap = 0;
    return 0;
}

plt_status pp_table_fresh(pp_table *t, size_t cap) {
    if (cap >= (size_t)UINT32_MAX - 1) cap = (size_t)UINT32_MAX - 2;
    if (cap <= t->cap) {
        t->count = 0;
        t->indexed = 0;
        return PLT_OK;
    }
    plt_pw_index_free(&t->index);
    if (!fresh_arrays(t, cap, (size_t)4 << 20)) return plt_fail_nomem("the pauliprop term table");
    return PLT_OK;
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
    if (t->count == 0 && nc * kw * sizeof *t->keys >= ((size_t)16 << 20)) {
        /* Nothing to keep (a checkpoint, a copy): fresh arrays, on huge pages from 16 MB an
         * array, where a partly written last huge page wastes at most an eighth. */
        if (!fresh_arrays(t, nc, (size_t)16 << 20))
            return plt_fail_nomem("the pauliprop term table");
        if (t->indexed || t->index.slot) return build_index(t, plt_pw_index_slots_for(nc));
        return PLT_OK;
    }
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
    if (t->indexed || t->index.slot) return build_index(t, plt_pw_index_slots_for(nc));
    return PLT_OK;
}

/* Keys [from, count) must be absent and distinct: above PP_PAR_MIN terms the threads place
 * them at once (plt_pw_index_place claims slots by compare-and-swap). */
PP_INLINE void insert_range_nw(pp_table *t, size_t from, int threads, int nw) {
    const size_t to = t->count;
    const int par = threads > 1 && to - from > PP_PAR_MIN;
    plt_pw_index ix = t->index;
    const uint64_t *keys = t->keys;
#pragma omp parallel for num_threads(threads) if (par) schedule(static)
    for (size_t i = from; i < to; i++) plt_pw_index_place(&ix, keys, nw, i, par);
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
    size_t want = plt_pw_index_slots_for(t->cap);
    if (t->index.slot && t->index.mask + 1 == want) {
        plt_pw_index_clear(&t->index);
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
    const uint64_t h = pp_hash(key, nw);
    int found;
    size_t j = plt_pw_index_probe(&t->index, t->keys, nw, key, key + nw, h, &found);
    if (found) {
        const uint32_t s = t->index.slot[j];
        t->coef[s] += coef;
        if (tracks_freq(t) && freq < t->freq[s]) t->freq[s] = (uint16_t)freq;
        if (tracks_sprod(t) && sprod > t->sprod[s]) t->sprod[s] = sprod;
        return PLT_OK;
    }
    if (t->count == t->cap) {
        plt_status st = pp_table_reserve(t, t->count + 1);
        if (st) return st;
        /* The index was rebuilt at a new size: probe again. */
        j = plt_pw_index_probe(&t->index, t->keys, nw, key, key + nw, h, &found);
    }
    size_t i = t->count++;
    memcpy(t->keys + i * 2 * (size_t)nw, key, 2 * (size_t)nw * sizeof *key);
    t->coef[i] = coef;
    if (tracks_freq(t)) t->freq[i] = (uint16_t)(freq > UINT16_MAX ? UINT16_MAX : freq);
    if (tracks_sprod(t)) t->sprod[i] = sprod;
    t->index.slot[j] = (uint32_t)i;
    return PLT_OK;
}

plt_status pp_table_add(pp_table *t, const uint64_t *key, double coef, unsigned freq,
                        double sprod) {
    if (!t->indexed || !t->index.slot) {
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

/* Removes term i from an indexed table (backward-shift deletion in the index), then moves the
 * last term into its place (one slot renumbered). */
static void remove_at(pp_table *t, size_t i) {
    const int nw = t->nw;
    const size_t kw = 2 * (size_t)nw, last = t->count - 1;
    plt_pw_index_remove(&t->index, t->keys, nw, i);
    if (i != last) {
        plt_pw_index_renumber(&t->index, t->keys, nw, last, i);
        memcpy(t->keys + i * kw, t->keys + last * kw, kw * sizeof *t->keys);
        t->coef[i] = t->coef[last];
        if (tracks_freq(t)) t->freq[i] = t->freq[last];
        if (tracks_sprod(t)) t->sprod[i] = t->sprod[last];
    }
    t->count--;
}

void pp_table_compact(pp_table *t, const unsigned char *keep) {
    const size_t kw = 2 * (size_t)t->nw;
    if (t->indexed && t->index.slot) {
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
