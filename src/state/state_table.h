/* Expectation tables ("expect:FILE"), internal: lookups for the engines' overlaps. */
#ifndef PLT_STATE_STATE_TABLE_H
#define PLT_STATE_STATE_TABLE_H

#include <stdint.h>

#include "plateau/state.h"

/* Parses the text of an "expect:" file (modified in place: lines are cut at '\n' and '#'). */
plt_status state_table_parse_text(char *text, const char *path, int n, plt_state **out);
/* 1 and *v = the measured value of the string (x, z) (1 for the identity); 0 when the
 * table has no value for it. s must be a TABLE state. */
int state_table_value(const plt_state *s, const uint64_t *x, const uint64_t *z, double *v);
/* Raises (and returns) the error naming a string the table lacks. */
plt_status state_table_missing(const plt_state *s, const uint64_t *x, const uint64_t *z);

#endif
