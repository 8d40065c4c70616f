"""The one ``.npz`` layout every trained part of the retriever is saved in (Poly heads, query head,
LoRA adapters, reranker): float16 weight arrays plus ``meta_<key>`` string entries."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn

META = "meta_"


def save_weights(path: Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Write ``arrays`` as float16 (the files stay well under 5 MB) and ``meta`` as strings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **{k: v.astype(np.float16) for k, v in arrays.items()},
                        **{f"{META}{k}": np.asarray(str(v)) for k, v in meta.items()})


def module_arrays(module: nn.Module) -> dict[str, np.ndarray]:
    return {k: v.detach().cpu().numpy() for k, v in module.state_dict().items()}


def load_weights(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """(float32 state dict, meta) of a file written by ``save_weights``."""
    with np.load(path) as z:
        meta = {k[len(META):]: str(z[k]) for k in z.files if k.startswith(META)}
        state = {k: torch.from_numpy(z[k].astype(np.float32)) for k in z.files if not k.startswith(META)}
    return state, meta


def frozen(module: nn.Module, state: dict[str, torch.Tensor]) -> nn.Module:
    """``module`` with ``state`` loaded, for inference only."""
    module.load_state_dict(state)
    module.requires_grad_(False)
    module.eval()
    return module
