OPENQASM 3.0;
// plateau model hva-tfim --qubits 4 --layers 1: a matchgate circuit the fermion engine
// plans (the Hadamards are absorbed); its cost, the TFIM energy, is
// -Z0*Z1 - Z1*Z2 - Z2*Z3 - X0 - X1 - X2 - X3.
include "stdgates.inc";
gate rzz(theta) a, b { cx a, b; rz(theta) b; cx a, b; }
qubit[4] q;
input float[64] g0;
input float[64] b0;
h q[0];
h q[1];
h q[2];
h q[3];
rzz(1*g0) q[0], q[1];
rzz(1*g0) q[1], q[2];
rzz(1*g0) q[2], q[3];
rx(1*b0) q[0];
rx(1*b0) q[1];
rx(1*b0) q[2];
rx(1*b0) q[3];
