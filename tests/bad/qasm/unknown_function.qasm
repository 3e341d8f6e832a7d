OPENQASM 3.0;
include "stdgates.inc";
qubit q;
rx(foo(1)) q;
