/* plateau — does this variational quantum model need a quantum computer?
 * The one header to include: status, Pauli algebra, circuit IR, QASM readers, states, engines. */
#ifndef PLATEAU_PLATEAU_H
#define PLATEAU_PLATEAU_H

#define PLT_VERSION "0.1.0"

#include "plateau/status.h"
#include "plateau/clock.h"
#include "plateau/rng.h"
#include "plateau/pauli.h"
#include "plateau/circuit.h"
#include "plateau/qasm.h"
#include "plateau/rates.h"
#include "plateau/state.h"
#include "plateau/engine.h"
#include "plateau/lie.h"
#include "plateau/analysis.h"
#include "plateau/zoo.h"
#include "plateau/shadows.h"
#include "plateau/train.h"
#include "plateau/scan.h"
#include "plateau/verdict.h"

#endif
