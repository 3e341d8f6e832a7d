"""The PennyLane device ``qml.device("plateau", wires=N, engine="auto", **settings)``.

Analytic expectation values of Pauli products and sums on any registered engine; gates the IR
lacks are decomposed by PennyLane first; derivatives come from the engine's gradient (the
adjoint method of the state vector, Pauli propagation's reverse sweep, ...), so
``diff_method="best"`` (or "device", "adjoint") uses them. Finite shots are refused."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import Any, Sequence

import numpy as np
import pennylane as qml
from pennylane.devices import Device, ExecutionConfig
from pennylane.devices.modifiers import single_tape_support
from pennylane.devices.preprocess import decompose, validate_device_wires, validate_measurements
from pennylane.measurements import ExpectationMP

try:
    from pennylane.transforms.core import CompilePipeline as _Pipeline
except ImportError:  # PennyLane before 0.44
    from pennylane.transforms.core import TransformProgram as _Pipeline

from ._options import engines, make_settings
from ._pennylane_convert import model_from_tape, supported
from .errors import bad_input
from .observables import as_observable
from .simulate import Simulator

_DERIVATIVES = ("best", "device", "adjoint")
# Plans kept per device: a training loop runs the same tape structure again and again.
_CACHE_SIZE = 32


def _accepted(mp: Any) -> bool:
    return isinstance(mp, ExpectationMP) and mp.obs is not None and mp.obs.pauli_rep is not None


@qml.transform
def _no_shots(tape: Any) -> tuple[list, Any]:
    if tape.shots:
        raise bad_input(f"plateau computes exact expectation values; finite shots "
                        f"({tape.shots.total_shots}) are refused: remove shots (set_shots / "
                        "shots=) from the QNode")
    return [tape], lambda results: results[0]


def _jacobian_format(jac: np.ndarray) -> Any:
    # The shapes PennyLane expects: one measurement and one parameter a scalar, else tuples
    # over measurements and parameters, with the axes of length one dropped.
    jac = np.squeeze(jac)
    if jac.ndim == 0:
        return np.array(jac)
    if jac.ndim == 1:
        return tuple(np.array(j) for j in jac)
    return tuple(tuple(np.array(j) for j in row) for row in jac)


@single_tape_support
class PlateauDevice(Device):
    """PennyLane device on plateau's engines.

    Args:
        wires: number of wires or their labels.
        engine: "auto" (the cheapest engine that applies, exact first) or any registered engine
            ("statevector", "pauliprop", "gsim", "fermion", "lightcone", "mps", ...).
        threads, max_memory, noise, dephasing: as :class:`plateau.Simulator`.
        **settings: the engine's settings, e.g. ``max_weight=6`` for pauliprop.
    """

    def __init__(self, wires: Any = None, shots: Any = None, engine: str = "auto",
                 threads: int = 0, max_memory: float = 0.0, noise: float = 0.0,
                 dephasing: float = 0.0, **settings: Any):
        if shots is not None:
            raise bad_input(f"plateau computes exact expectation values; finite shots ({shots}) "
                            "are refused: create the device without shots=")
        if engine != "auto" and engine not in engines():
            raise bad_input(f"engine: '{engine}' is not registered (registered: "
                            f"{', '.join(engines())}, or auto)")
        make_settings(settings)  # refuses an unknown setting now rather than at the first run
        super().__init__(wires=wires)
        self._engine = engine
        self._kw = dict(threads=threads, max_memory=max_memory, noise=noise,
                        dephasing=dephasing, **settings)
        self._plans: OrderedDict = OrderedDict()

    @property
    def name(self) -> str:
        return "plateau"

    # ---------- configuration ----------

    def supports_derivatives(self, execution_config: ExecutionConfig | None = None,
                             circuit: Any = None) -> bool:
        if execution_config is None:
            return True
        return (execution_config.gradient_method in _DERIVATIVES
                and execution_config.derivative_order == 1)

    def setup_execution_config(self, config: ExecutionConfig | None = None,
                               circuit: Any = None) -> ExecutionConfig:
        config = config or ExecutionConfig()
        updated: dict = {}
        if config.gradient_method in ("best", None):
            updated["gradient_method"] = "device"
        method = updated.get("gradient_method", config.gradient_method)
        if config.use_device_gradient is None:
            updated["use_device_gradient"] = method in _DERIVATIVES
        if config.grad_on_execution is None:
            updated["grad_on_execution"] = method in _DERIVATIVES
        if config.use_device_jacobian_product is None:
            updated["use_device_jacobian_product"] = False
        return replace(config, **updated)

    def preprocess_transforms(self, execution_config: ExecutionConfig | None = None) -> Any:
        program = _Pipeline()
        program.add_transform(_no_shots)
        program.add_transform(decompose, stopping_condition=supported, name=self.name,
                              skip_initial_state_prep=False)
        program.add_transform(validate_device_wires, self.wires, name=self.name)
        program.add_transform(validate_measurements, analytic_measurements=_accepted,
                              name=self.name)
        program.add_transform(qml.transforms.broadcast_expand)
        return program

    # ---------- execution ----------

    def _wire_order(self, tape: Any) -> list:
        return list(self.wires) if self.wires is not None else list(tape.wires)

    def _key(self, tape: Any) -> tuple:
        trainable = set(tape.trainable_params)
        ops = []
        pnum = 0
        for op in tape.operations:
            consts = []
            for p in op.data:
                if pnum not in trainable:
                    consts.append(np.asarray(p).tobytes())
                pnum += 1
            ops.append((op.name, tuple(op.wires), tuple(consts),
                        op.hyperparameters.get("pauli_word")))
        meas = tuple(repr(mp.obs.pauli_rep) for mp in tape.measurements)
        return (tuple(ops), tuple(tape.trainable_params), meas, tuple(self._wire_order(tape)))

    def _simulators(self, tape: Any) -> tuple[list, np.ndarray]:
        nop = sum(len(op.data) for op in tape.operations)
        if any(k >= nop for k in tape.trainable_params):
            raise bad_input("plateau differentiates gate parameters, not observable "
                            "coefficients: make the Hamiltonian's coefficients constants, or use "
                            "diff_method='parameter-shift'")
        key = self._key(tape)
        wires = self._wire_order(tape)
        model, x = model_from_tape(tape, wire_order=wires, trainable_only=True)
        sims = self._plans.get(key)
        if sims is None:
            wmap = {w: i for i, w in enumerate(wires)}
            sims = [Simulator(model, as_observable(mp.obs, model.nqubits, wmap), None,
                              self._engine, **self._kw) for mp in tape.measurements]
            self._plans[key] = sims
            if len(self._plans) > _CACHE_SIZE:
                self._plans.popitem(last=False)
        else:
            self._plans.move_to_end(key)
        return sims, x

    def _run(self, tape: Any, grad: bool) -> tuple[Any, Any]:
        sims, x = self._simulators(tape)
        values, jac = [], np.empty((len(sims), x.size))
        for i, sim in enumerate(sims):
            if grad:
                v, g = sim.value_and_grad(x)
                jac[i] = g
            else:
                v = sim.value(x)
            values.append(np.array(v))
        result = values[0] if len(values) == 1 else tuple(values)
        return result, (_jacobian_format(jac) if grad else None)

    def execute(self, circuits: Sequence[Any], execution_config: ExecutionConfig | None = None
                ) -> tuple:
        if self.tracker.active:
            self.tracker.update(batches=1, executions=len(circuits))
            self.tracker.record()
        return tuple(self._run(t, False)[0] for t in circuits)

    def compute_derivatives(self, circuits: Sequence[Any],
                            execution_config: ExecutionConfig | None = None) -> tuple:
        return tuple(self._run(t, True)[1] for t in circuits)

    def execute_and_compute_derivatives(self, circuits: Sequence[Any],
                                        execution_config: ExecutionConfig | None = None
                                        ) -> tuple[tuple, tuple]:
        pairs = [self._run(t, True) for t in circuits]
        return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def tape_observables(tape: Any, wire_order: Sequence[Any] | None = None) -> list:
    """The plateau observables of a tape's expectation values (on its wires, in order)."""
    wires = list(wire_order) if wire_order is not None else list(tape.wires)
    wmap = {w: i for i, w in enumerate(wires)}
    out = []
    for mp in tape.measurements:
        if not _accepted(mp):
            raise bad_input(f"{mp}: plateau takes expectation values of Pauli sums only")
        out.append(as_observable(mp.obs, len(wires), wmap))
    return out
