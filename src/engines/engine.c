#include "engines/engine_ops.h"
