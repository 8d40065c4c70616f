"""The synthetic talking clip (``avatar.radnerf.synthetic``) as a session fixture."""

from __future__ import annotations

import numpy as np
import pytest

from avatar.radnerf.data import ClipData
from avatar.radnerf.synthetic import synthetic_clip


@pytest.fixture(scope="session")
def clip() -> tuple[ClipData, np.ndarray]:
    return synthetic_clip()
