#include "engines/engine_ops.h"

extern const plt_engine_ops plt_engine_statevector;
extern const plt_engine_ops plt_engine_pauliprop;
extern const plt_engine_ops plt_engine_fermion;
extern const plt_engine_ops plt_engine_gsim;
extern const plt_engine_ops plt_engine_lightcone;
extern const plt_engine_ops plt_engine_mps;
extern const plt_engine_ops plt_engine_symmetric;
extern const plt_engine_ops plt_engine_density;

/* One line per engine, before the NULL that ends the table. */
const plt_engine_ops *const plt_engine_table[] = {
    &plt_engine_statevector,
    &plt_engine_pauliprop,
    &plt_engine_fermion,
    &plt_engine_gsim,
    &plt_engine_lightcone,
    &plt_engine_mps,
    &plt_engine_symmetric,
    &plt_engine_density,
    NULL,
};
const size_t plt_engine_table_len = sizeof plt_engine_table / sizeof plt_engine_table[0] - 1;
