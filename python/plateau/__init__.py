"""plateau: does this variational quantum model need a quantum computer?

A thin binding over the C library: models (:class:`Model`: OpenQASM, Qiskit, PennyLane, the
zoo), observables, states; :func:`simulate` and :class:`Simulator` (value and gradient through
any engine), :func:`check` (the simulability verdict), :func:`bp` (barren-plateau scans),
:func:`dla` (the dynamical Lie algebra), :func:`train` and :mod:`plateau.shadows`. The PennyLane
device is ``qml.device("plateau", ...)``; the Qiskit primitive ``plateau.qiskit.Estimator``."""

from . import shadows
from ._options import engine_settings, engines
from .bp import BPResult, bp
from .dla import DLA, dla
from .errors import Error, InputError
from .model import Model, zoo_families
from .observables import Observable, as_observable
from .simulate import Result, Simulator, amplitudes, simulate
from .states import State, as_state
from .train import TrainResult, train
from .verdict import Verdict, check

__version__ = "0.1.0"

__all__ = ["BPResult", "DLA", "Error", "InputError", "Model", "Observable", "Result",
           "Simulator", "State", "TrainResult", "Verdict", "amplitudes", "as_observable",
           "as_state", "bp", "check", "dla", "engine_settings", "engines", "shadows",
           "simulate", "train", "zoo_families"]
