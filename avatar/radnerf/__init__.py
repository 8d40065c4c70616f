"""RAD-NeRF talking head (audio-spatial decomposition) behind ``streaming.protocols.Renderer``.

``load_radnerf_renderer(checkpoint_dir)`` loads a model trained with ``silver-avatar train-radnerf``.
Heavy modules (torch) load on first use of these names, so importing the package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from avatar.radnerf.stream import RadNerfRenderer, RadNerfStream

__all__ = ["RadNerfRenderer", "RadNerfStream", "load_radnerf_renderer"]


def load_radnerf_renderer(checkpoint_dir: str, size: int = 512, device: str = "auto", **kwargs) -> RadNerfRenderer:
    """Load a trained checkpoint directory; returns a ``Renderer`` whose frames are ``size`` x ``size``."""
    from avatar.radnerf.stream import load_radnerf_renderer as _load

    return _load(checkpoint_dir, size=size, device=device, **kwargs)


def __getattr__(name: str):
    if name in ("RadNerfRenderer", "RadNerfStream"):
        from avatar.radnerf import stream

        return getattr(stream, name)
    raise AttributeError(name)
