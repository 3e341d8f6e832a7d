OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
rx(pi/(1-1)) q[0];
