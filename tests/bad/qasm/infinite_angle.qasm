OPENQASM 3.0;
include "stdgates.inc";
qubit q;
rx(exp(1000)) q;
