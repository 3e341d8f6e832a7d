OPENQASM 2.0;
include "qelib1.inc";
qreg q[40];
h q;
cx q[0],q[39];
