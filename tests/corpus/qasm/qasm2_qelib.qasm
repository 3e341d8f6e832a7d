OPENQASM 2.0;
include "qelib1.inc";
qreg q[4];
creg c[4];
gate majority a,b,c { cx c,b; cx c,a; ccx a,b,c; }
U(0.1,0.2,0.3) q[0];
CX q[0],q[1];
u3(pi,pi/2,-pi/4) q[2];
u2(0,pi) q[3];
u1(1e-3) q[1];
rx(0.5) q; ry(-.25) q[1]; rz(2*pi/3) q[2];
cu1(pi/8) q[0],q[3]; crz(0.7) q[1],q[2]; cswap q[0],q[1],q[2];
majority q[0],q[1],q[2];
c3x q[0],q[1],q[2],q[3];
barrier q;
measure q -> c;
