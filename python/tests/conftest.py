"""Shared helpers: random circuits with a printed, overridable seed (PLT_TEST_SEED)."""

import os

import numpy as np
import pytest


@pytest.fixture
def rng(request):
    seed = int(os.environ.get("PLT_TEST_SEED", "12345")) + hash(request.node.name) % 1000
    print(f"seed {seed} (PLT_TEST_SEED shifts it)")
    return np.random.default_rng(seed)
