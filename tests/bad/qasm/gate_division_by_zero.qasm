OPENQASM 3.0;
include "stdgates.inc";
qubit q;
gate g(x) a { rz(1/x) a; }
g(0) q;
