OPENQASM 3.0;
include "stdgates.inc";
input float[64] θ;
input float[64] _φ_0_;
gate rzz(_gate_p_0) _gate_q_0, _gate_q_1 {
  cx _gate_q_0, _gate_q_1;
  rz(_gate_p_0) _gate_q_1;
  cx _gate_q_0, _gate_q_1;
}
gate rzx(_gate_p_0) _gate_q_0, _gate_q_1 {
  h _gate_q_1;
  cx _gate_q_0, _gate_q_1;
  rz(_gate_p_0) _gate_q_1;
  cx _gate_q_0, _gate_q_1;
  h _gate_q_1;
}
bit[3] c;
qubit[2] q;
qubit[1] r;
h q;
rzz(2*θ) q[0], q[1];
rzx(_φ_0_ + pi/4) r[0], q[0];
ry(-θ/2 + 0.5) r;
barrier q, r;
c[0] = measure q[0];
measure r[0] -> c[2];
