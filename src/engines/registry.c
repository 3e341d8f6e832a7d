#include "engines/engine_ops.h"

/* One line per engine, before the NULL that ends the table. */
const plt_engine_ops *const plt_engine_table[] = {
    NULL,
};
const size_t plt_engine_table_len = sizeof plt_engine_table / sizeof plt_engine_table[0] - 1;
