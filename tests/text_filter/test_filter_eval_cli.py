"""``silver-avatar eval-filter`` end to end: figures printed and written as JSON, korcen compared."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_eval_filter_cli_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    proc = subprocess.run([sys.executable, "-m", "server", "eval-filter", "--json", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "precision" in proc.stdout and "recall" in proc.stdout
    results = json.loads(out.read_text(encoding="utf-8"))
    ours = results["all"]["silver-avatar"]
    assert ours["n"] >= 200
    assert ours["precision"] >= 0.95 and ours["recall"] >= 0.95
    if "korcen" in results["all"]:
        assert results["all"]["korcen"]["f1"] < ours["f1"]
