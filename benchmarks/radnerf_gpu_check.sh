#!/usr/bin/env bash
# The RAD-NeRF checks that need a CUDA GPU, as one script (a lent GPU machine is short-lived).
# Usage: OUT=dir PY=python3 [ONLY="tests train512"] bash benchmarks/radnerf_gpu_check.sh   (results land in $OUT)
set -u
OUT=${OUT:-artifacts/gpu}; PY=${PY:-python3}; ONLY=${ONLY:-}; mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
# A bare GPU image lacks faster-whisper, whose package imports CTranslate2 and PyAV. The log-mel features
# need only its numpy feature extractor: take that one module from the wheel (pip download faster-whisper).
if ! $PY -c "import faster_whisper" 2>/dev/null && ls .whl/faster_whisper-*.whl >/dev/null 2>&1; then
  mkdir -p /tmp/fw/faster_whisper && touch /tmp/fw/faster_whisper/__init__.py
  $PY -c "import glob, zipfile; z = zipfile.ZipFile(glob.glob('.whl/faster_whisper-*.whl')[0]); \
open('/tmp/fw/faster_whisper/feature_extractor.py', 'wb').write(z.read('faster_whisper/feature_extractor.py'))"
  export PYTHONPATH=/tmp/fw${PYTHONPATH:+:$PYTHONPATH}
fi
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$OUT/gpu.txt"
$PY -c "import torch, cv2, scipy; print('torch', torch.__version__, 'cuda', torch.version.cuda)" | tee -a "$OUT/gpu.txt"
step() { local name=$1 limit=$2; shift 2
  [[ -z $ONLY || " $ONLY " == *" $name "* ]] || return 0; echo "== $name"; local t0=$SECONDS
  timeout "$limit" "$@" > >(tee "$OUT/$name.log") 2>&1; echo "== $name rc=$? $((SECONDS - t0)) s"; }
# 1. the GPU test (25 fps at 512x512 through the stream) and the model/stream tests on CUDA
step tests 180 $PY -m pytest -q -p no:cacheprovider --confcutdir=tests/radnerf \
  tests/radnerf/test_gpu.py tests/radnerf/test_model.py tests/radnerf/test_radnerf_stream.py
# 2. untrained full model (no empty-space skipping: the worst case)
step speed512 50 $PY -m benchmarks.radnerf_speed --size 512 --frames 10 --device cuda --json "$OUT/speed512.json"
step fused512 90 $PY -m benchmarks.radnerf_speed --size 512 --frames 10 --device cuda --fuse --json "$OUT/fused512.json"
step speed512_24 35 $PY -m benchmarks.radnerf_speed --size 512 --num-steps 24 --frames 10 --device cuda --json "$OUT/speed512_24.json"
step speed256 30 $PY -m benchmarks.radnerf_speed --size 256 --frames 10 --device cuda --json "$OUT/speed256.json"
# 3. training per stage on the synthetic clip at 512, then the trained model's rendering speed
step train512 200 $PY -m benchmarks.radnerf_train_speed --size 512 --frames 100 --head-steps ${HEAD_STEPS:-1000} \
  --lip-steps ${LIP_STEPS:-200} --torso-steps ${TORSO_STEPS:-300} --fuse --device cuda --out /tmp/ckpt512 --json "$OUT/train512.json"
step trained512 40 $PY -m benchmarks.radnerf_speed --checkpoint /tmp/ckpt512 --frames 10 --device cuda --fuse --profile \
  --json "$OUT/trained512.json"
