"""The talking-head avatar: a portrait animated on the CPU, lip-synced to the reply audio.

``load_renderer()`` returns a ``streaming.protocols.Renderer``; each session calls ``stream()``.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from avatar.portrait import NoFaceError, default_portrait_path
from avatar.stream import PortraitRenderer, PortraitStream
from streaming.types import VISEMES

__all__ = ["VISEMES", "NoFaceError", "PortraitRenderer", "PortraitStream", "default_portrait_path",
           "load_renderer"]

_cache: dict[tuple[str, int], PortraitRenderer] = {}
_cache_lock = threading.Lock()


def load_renderer(portrait: str | None = None, size: int = 512) -> PortraitRenderer:
    """Load (once per process and ``(portrait, size)``) the CPU portrait renderer.

    ``portrait`` is a photo path; None uses the drawn default counsellor (``avatar.counsellor``). Raises
    ``NoFaceError`` when the photo has no usable frontal face.
    """
    import logging

    from avatar.portrait import load_portrait

    if size < 128:
        raise ValueError(f"avatar size must be at least 128 pixels, got {size}")
    key = (str(Path(portrait).resolve()) if portrait else "", int(size))
    with _cache_lock:
        if key not in _cache:
            t0 = time.perf_counter()
            _cache[key] = PortraitRenderer(load_portrait(portrait, size))
            logging.getLogger(__name__).info(
                "avatar loaded (%s, %d px) in %.2f s", key[0] or "default portrait", size, time.perf_counter() - t0
            )
        return _cache[key]
