OPENQASM 3.0;
include "stdgates.inc";
qubit q;
measure q -> c[0];
