/* Internal entry point of the classification (src/lie/classify.c) on raw string words, for
 * the decomposition of a closed algebra (decompose.c). */
#ifndef PLT_LIE_CLASSIFY_H
#define PLT_LIE_CLASSIFY_H

#include <stdint.h>

#include "plateau/lie.h"

/* plt_lie_classify_strings for generator j given by its x and z planes gx[j], gz[j]
 * (plt_nwords(n) words each). out must not be NULL. */
plt_status plt_lie_classify_words(int n, const uint64_t *const *gx, const uint64_t *const *gz,
                                  size_t ngens, plt_lie_class **out);

#endif
