/* Growing a message in a fixed buffer: the one copy the library's analyses share. */
#ifndef PLT_CORE_TEXT_H
#define PLT_CORE_TEXT_H

#include <stddef.h>

#include "core/error.h"

/* Appends printf-style text to the string in buf (capacity cap); text that does not fit ends
 * with "..." at a word: messages are reasons and notes, where a cut tail beats a failure. */
void plt_text_append(char *buf, size_t cap, const char *fmt, ...) PLT_PRINTF(3, 4);

#endif
