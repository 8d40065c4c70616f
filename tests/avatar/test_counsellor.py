"""The default face: the counsellor drawn by avatar.counsellor, with landmarks known exactly."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

import avatar
from avatar import counsellor, portrait
from avatar.portrait import EYES, FACE_OVAL, INNER_LOWER, INNER_UPPER, load_portrait
from streaming.types import OUTPUT_RATE, SAMPLES_PER_VIDEO_FRAME, SpeechAudio

N = SAMPLES_PER_VIDEO_FRAME


@pytest.fixture(scope="module")
def default_256():
    return load_portrait(None, 256)


def test_the_default_is_the_drawn_counsellor_not_a_photo():
    path = avatar.default_portrait_path()
    assert path.name.startswith("counsellor-") and path.suffix == ".png"
    assert "grace_hopper" not in str(path)
    rgb = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
    assert rgb.shape == (counsellor.CANVAS, counsellor.CANVAS, 3)
    # Warm neutral wall in the corners, dark hair above the forehead.
    corner = rgb[:40, :40].reshape(-1, 3).mean(0)
    assert corner[0] > 220 and corner[0] >= corner[2]
    lm = counsellor.counsellor_landmarks(counsellor.CANVAS)
    hair = rgb[int(lm[10, 1]) - 60, int(lm[10, 0])]
    assert hair.max() < 80


def test_the_default_loads_without_face_detection(monkeypatch):
    def no_detection(_rgb):
        raise AssertionError("the default portrait must not run face detection")

    monkeypatch.setattr(portrait, "detect_landmarks", no_detection)
    p = load_portrait(None, 200)
    assert p.image.shape == (200, 200, 3) and p.landmarks.shape == (478, 2)
    assert np.all((p.landmarks >= 0) & (p.landmarks < 200))


def test_the_landmarks_sit_on_the_drawing(default_256):
    """The drawn features are where the landmarks say: dark lip seam, light eye whites, skin inside the oval."""
    img, lm = default_256.image.astype(np.float32), default_256.landmarks
    seam = ((lm[list(INNER_UPPER)] + lm[list(INNER_LOWER)]) / 2)[3:-3]
    skin = img[int(lm[1, 1]) + 4, int(lm[1, 0])]
    for x, y in seam:
        assert img[round(float(y)), round(float(x))].sum() < skin.sum() - 60
    for upper, lower in EYES:
        centre = (lm[list(upper)].mean(0) + lm[list(lower)].mean(0)) / 2
        row = img[round(float(centre[1])), int(lm[upper[0], 0]) + 2:int(lm[upper[-1], 0]) - 2]
        assert row.min(axis=1).max() > skin.min() + 40  # the white of the eye beside the iris
    oval = lm[list(FACE_OVAL)]
    assert oval[:, 0].min() > 40 and oval[:, 0].max() < 216


def test_the_mesh_is_symmetric_and_frontal():
    lm = counsellor.counsellor_landmarks(1000)
    mid = lm[[10, 168, 1, 2, 13, 14, 152], 0]
    assert np.ptp(mid) < 1.0
    for a, b in ((61, 291), (33, 263), (159, 386), (70, 300), (234, 454)):
        assert abs((lm[a, 0] + lm[b, 0]) / 2 - 500) < 1.0
        assert abs(lm[a, 1] - lm[b, 1]) < 1.0


def test_mediapipe_sees_a_face_where_the_landmarks_are():
    """The drawing reads as a face: the detector finds it and agrees with the drawn geometry, so the
    PNG also works as a --portrait photo."""
    rgb = cv2.cvtColor(cv2.imread(str(avatar.default_portrait_path())), cv2.COLOR_BGR2RGB)
    found = portrait.detect_landmarks(rgb)
    assert found is not None
    lm = counsellor.counsellor_landmarks(counsellor.CANVAS)
    face_h = float(lm[152, 1] - lm[10, 1])
    err = np.linalg.norm(found - lm, axis=1)
    assert np.median(err) < 0.02 * face_h
    assert err[[13, 14, 61, 291]].max() < 0.02 * face_h  # the mouth, which lip sync moves


def test_drawing_is_deterministic():
    a = counsellor.draw_counsellor(192)
    b = counsellor.draw_counsellor(192)
    np.testing.assert_array_equal(a, b)


def test_the_mouth_opens_when_speech_plays():
    r = avatar.load_renderer(None, 256)
    s = r.stream(seed=2)
    x, y, w, h = r.mouth_box
    idle = s.next_frame().video[y:y + h, x:x + w].astype(np.float32)
    t = np.arange(N * 6) / OUTPUT_RATE
    pcm = (9000 * np.sin(2 * np.pi * 220 * t)).astype(np.int16)
    s.push(SpeechAudio(pcm=pcm, sample_rate=OUTPUT_RATE, text="아", sentence_index=0))
    frames = [s.next_frame() for _ in range(4)]
    open_frame = max(frames, key=lambda f: f.mouth_open)
    assert open_frame.mouth_open > 0.5
    mouth = open_frame.video[y:y + h, x:x + w].astype(np.float32)
    # The open mouth darkens its box (throat), as the browser lip-sync test measures.
    assert mouth.mean() < idle.mean() - 8
