"""The one training loop every trained part of the retriever uses (Poly heads, query head, LoRA)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch import nn


def run_steps(
    module: nn.Module,
    opt: torch.optim.Optimizer,
    batch_loss: Callable[[], torch.Tensor],
    steps: int,
    *,
    sched: torch.optim.lr_scheduler.LRScheduler | None = None,
    progress: bool = False,
    desc: str = "train",
) -> list[float]:
    """``steps`` optimizer steps on ``batch_loss()`` (which draws its own batch), then ``module`` is
    frozen for inference. Returns the loss per step; a progress bar shows the recent mean."""
    losses: list[float] = []
    it = range(steps)
    if progress:
        from tqdm import tqdm

        it = tqdm(it, desc=desc, unit="step")
    module.train()
    for _ in it:
        loss = batch_loss()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()
        losses.append(float(loss.detach()))
        if progress:
            it.set_postfix(loss=f"{np.mean(losses[-20:]):.3f}")
    module.eval()
    module.requires_grad_(False)
    return losses
