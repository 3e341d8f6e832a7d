OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
ry(0.3) q[0];
rx(0.5) q[1];
cz q[0],q[1];
