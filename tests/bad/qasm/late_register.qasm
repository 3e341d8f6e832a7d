OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
h q;
qubit[3] r;
