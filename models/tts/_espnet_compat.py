"""Import ESPnet without torchaudio (and without ``pkg_resources``).

No torchaudio build matches torch 2.13, yet a few ESPnet modules on the TTS import path import it at
module level (beamformers, augmentation, a torch mel front-end) without using it for JETS/VITS.
When torchaudio is absent we register a placeholder module whose attributes raise on use, so a code
path that really needs torchaudio fails loudly instead of at import time.
"""

from __future__ import annotations

import importlib.util
import sys
import types


class _MissingTorchaudio(types.ModuleType):
    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        raise ImportError(
            f"torchaudio.{name} is not available (no torchaudio build matches this torch); "
            "this ESPnet code path is not supported by silver-avatar"
        )


def install_torchaudio_placeholder() -> None:
    """Register placeholder ``torchaudio`` modules unless a real torchaudio is importable."""
    if "torchaudio" in sys.modules:
        return
    if importlib.util.find_spec("torchaudio") is not None:
        return
    for name in ("torchaudio", "torchaudio.functional", "torchaudio.transforms", "torchaudio.compliance"):
        mod = _MissingTorchaudio(name)
        mod.__path__ = []  # behave like a package so submodule imports resolve here
        sys.modules[name] = mod
    sys.modules["torchaudio"].__version__ = "0.0.0+placeholder"


def install_pkg_resources_placeholder() -> None:
    """pyworld (ESPnet's pitch extractor) still calls ``pkg_resources.get_distribution(...).version``;
    setuptools >= 81 (which torch 2.13 requires) no longer ships ``pkg_resources``."""
    if "pkg_resources" in sys.modules or importlib.util.find_spec("pkg_resources") is not None:
        return
    from importlib import metadata

    mod = types.ModuleType("pkg_resources")

    class _Distribution:
        def __init__(self, name: str) -> None:
            self.project_name = name
            self.version = metadata.version(name)

    mod.get_distribution = _Distribution  # type: ignore[attr-defined]
    mod.DistributionNotFound = metadata.PackageNotFoundError  # type: ignore[attr-defined]
    sys.modules["pkg_resources"] = mod


def install_espnet_compat() -> None:
    """Everything ESPnet's TTS import path needs on this stack (call before importing espnet2)."""
    install_torchaudio_placeholder()
    install_pkg_resources_placeholder()


def espnet_available() -> bool:
    """True when the optional ``tts`` extra (ESPnet) is installed."""
    return importlib.util.find_spec("espnet2") is not None
