OPENQASM 3.0;
include "stdgates.inc";
qubit q;
rx(sqrt(-1)) q;
