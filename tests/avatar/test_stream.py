"""The CPU portrait renderer through its public contract: frames, audio slices, timing, clear()."""

from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest

import avatar
from avatar import NoFaceError, load_renderer
from streaming.protocols import AvatarStream, Renderer
from streaming.types import OUTPUT_RATE, SAMPLES_PER_VIDEO_FRAME, AvatarCue, AvFrame, SpeechAudio, VisemeEvent

N = SAMPLES_PER_VIDEO_FRAME


@pytest.fixture(scope="module")
def renderer():
    return load_renderer(None, 256)


def tone(samples: int, freq: float = 220.0, amp: float = 9000) -> np.ndarray:
    t = np.arange(samples) / OUTPUT_RATE
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def speech(pcm: np.ndarray, index: int = 0, visemes=(), rate: int = OUTPUT_RATE, last: bool = True) -> SpeechAudio:
    return SpeechAudio(pcm=pcm, sample_rate=rate, text="테스트", visemes=tuple(visemes), sentence_index=index,
                       is_last=last)


def test_renderer_matches_the_protocols(renderer):
    assert isinstance(renderer.size, tuple) and renderer.size == (256, 256)
    s = renderer.stream()
    check_renderer: Renderer = renderer  # static contract
    check_stream: AvatarStream = s
    assert check_renderer and check_stream
    for name in ("push", "next_frame", "clear", "set_cue"):
        assert callable(getattr(s, name))


def test_load_is_cached_per_portrait_and_size(renderer):
    assert load_renderer(None, 256) is renderer
    assert load_renderer(None, 256) is not load_renderer(None, 192)


def test_idle_frames_have_the_right_size_dtype_and_silence(renderer):
    s = renderer.stream(seed=3)
    for _ in range(5):
        f = s.next_frame()
        assert isinstance(f, AvFrame)
        assert f.video.shape == (256, 256, 3) and f.video.dtype == np.uint8
        assert f.audio.shape == (N,) and f.audio.dtype == np.int16
        assert not f.audio.any() and not f.speaking and f.mouth_open == 0.0
        assert "sentence_index" not in f.meta


def test_audio_is_conserved_across_frames_and_sentences(renderer):
    s = renderer.stream(seed=1)
    rng = np.random.default_rng(5)
    a = rng.integers(-20000, 20000, 12345).astype(np.int16)
    b = rng.integers(-20000, 20000, 7777).astype(np.int16)
    s.push(speech(a, 0, last=False))
    s.push(speech(b, 1))
    frames = [s.next_frame() for _ in range(15)]
    audio = np.concatenate([f.audio for f in frames])
    assert all(len(f.audio) == N for f in frames)
    total = len(a) + len(b)
    np.testing.assert_array_equal(audio[:total], np.concatenate([a, b]))
    assert not audio[total:].any()
    n_speaking = -(-total // N)
    assert [f.speaking for f in frames] == [True] * n_speaking + [False] * (15 - n_speaking)
    assert frames[0].meta["sentence_index"] == 0
    assert frames[len(a) // N + 1].meta["sentence_index"] == 1


def test_other_sample_rates_are_resampled_to_48k(renderer):
    s = renderer.stream()
    s.push(speech(tone(22050), rate=22050))  # one second
    frames = [s.next_frame() for _ in range(30)]
    assert sum(f.speaking for f in frames) == 25
    audio = np.concatenate([f.audio for f in frames]).astype(float)
    assert abs(np.abs(audio[:OUTPUT_RATE]).mean() - 9000 * 2 / np.pi) < 300
    assert not audio[OUTPUT_RATE + 200:].any()


@pytest.mark.parametrize("onset", [0, 1, 700, 1700, 1920, 5000, 9480])
def test_mouth_opens_on_the_frame_holding_the_speech_onset(renderer, onset):
    s = renderer.stream()
    pcm = np.concatenate([np.zeros(onset, np.int16), tone(OUTPUT_RATE // 2)])
    s.push(speech(pcm))
    frames = [s.next_frame() for _ in range(20)]
    onset_frame = onset // N
    assert frames[onset_frame].mouth_open >= 0.5
    assert all(f.mouth_open < 0.25 for f in frames[:onset_frame])
    first_open = next(i for i, f in enumerate(frames) if f.mouth_open >= 0.3)
    assert first_open == onset_frame


def test_visemes_drive_the_mouth_when_given(renderer):
    s = renderer.stream()
    hop = N // 4
    pcm = tone(16 * N)  # steady sound: the audio alone would keep the mouth open throughout
    events = [VisemeEvent(0, "A", 6 * N), VisemeEvent(6 * N, "M", 3 * N), VisemeEvent(9 * N, "O", 4 * N),
              VisemeEvent(13 * N, "sil", 3 * N - hop)]
    s.push(speech(pcm, visemes=events))
    frames = [s.next_frame() for _ in range(16)]
    opens = [f.mouth_open for f in frames]
    assert min(opens[1:5]) > 0.8
    assert max(opens[7:9]) <= 0.1  # lips pressed for M
    assert min(opens[10:12]) > 0.5
    assert frames[11].meta["spread"] < -0.3  # rounded for O
    assert max(opens[14:]) < 0.2


def test_the_drawn_mouth_darkens_when_it_opens(renderer):
    s = renderer.stream(seed=2)
    lm = renderer.portrait.landmarks
    cx, cy = lm[13] / 2 + lm[14] / 2
    w = int(abs(lm[291][0] - lm[61][0]) * 0.25) + 1

    def mouth_luma(frame: AvFrame) -> float:
        y = int(cy)
        patch = frame.video[y - 2:y + w, int(cx) - w:int(cx) + w]
        return float(cv2.cvtColor(patch, cv2.COLOR_RGB2GRAY).mean())

    closed = mouth_luma(s.next_frame())
    s.push(speech(tone(OUTPUT_RATE // 2), visemes=[VisemeEvent(0, "A", OUTPUT_RATE // 2)]))
    frames = [s.next_frame() for _ in range(6)]
    assert frames[3].mouth_open > 0.9
    assert mouth_luma(frames[3]) < closed - 25


def test_clear_mid_reply_reports_played_seconds_and_goes_silent(renderer):
    s = renderer.stream()
    s.push(speech(tone(OUTPUT_RATE), 0, last=False))
    s.push(speech(tone(OUTPUT_RATE), 1))
    for _ in range(30):
        s.next_frame()
    assert s.clear() == pytest.approx(30 * N / OUTPUT_RATE)
    after = [s.next_frame() for _ in range(5)]
    assert not any(f.speaking or f.audio.any() for f in after)
    assert after[-1].mouth_open < 0.05
    assert s.clear() == 0.0
    # The next reply counts from zero again.
    s.push(speech(tone(N * 3), 0))
    for _ in range(2):
        s.next_frame()
    assert s.clear() == pytest.approx(2 * N / OUTPUT_RATE)


def test_cues_change_the_picture_but_not_the_audio(renderer):
    idle, listening, thinking = renderer.stream(seed=9), renderer.stream(seed=9), renderer.stream(seed=9)
    listening.set_cue(AvatarCue.LISTENING)
    thinking.set_cue(AvatarCue.THINKING)
    for _ in range(30):
        fi, fl, ft = idle.next_frame(), listening.next_frame(), thinking.next_frame()
    diff_l = np.abs(fi.video.astype(int) - fl.video.astype(int)).mean()
    diff_t = np.abs(fi.video.astype(int) - ft.video.astype(int)).mean()
    assert diff_l > 0.2 and diff_t > 0.2
    assert not fl.audio.any() and not ft.audio.any()
    assert ft.meta["blink"] > 0.1  # eyes narrow while thinking


def test_idle_avatar_blinks_and_moves(renderer):
    s = renderer.stream(seed=4)
    frames = [s.next_frame() for _ in range(8 * 25)]
    assert max(f.meta["blink"] for f in frames) >= 0.9
    assert np.abs(frames[0].video.astype(int) - frames[60].video.astype(int)).mean() > 0.2


def test_streams_are_independent_across_threads(renderer):
    results: dict[int, np.ndarray] = {}

    def session(k: int) -> None:
        s = renderer.stream(seed=k)
        pcm = np.full(5 * N, k + 1, np.int16)
        s.push(speech(pcm))
        results[k] = np.concatenate([s.next_frame().audio for _ in range(6)])

    threads = [threading.Thread(target=session, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k, audio in results.items():
        assert np.all(audio[:5 * N] == k + 1) and not audio[5 * N:].any()


def test_a_photo_without_a_face_is_a_clear_error(tmp_path):
    img = np.zeros((300, 300, 3), np.uint8)
    img[:] = (90, 160, 220)
    cv2.rectangle(img, (50, 50), (250, 250), (30, 120, 40), -1)
    path = tmp_path / "landscape.png"
    cv2.imwrite(str(path), img)
    with pytest.raises(NoFaceError, match="no face found"):
        avatar.load_renderer(str(path), 256)


def test_an_unreadable_portrait_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("not an image")
    with pytest.raises(NoFaceError, match="cannot read"):
        load_renderer(str(path), 256)


def test_a_supplied_portrait_works(tmp_path, renderer):
    # A deployer's photo (--portrait): matplotlib's public-domain sample photo, mirrored, renamed.
    from matplotlib import cbook

    img = cv2.imread(str(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)))
    path = tmp_path / "deployer.jpg"
    cv2.imwrite(str(path), img[:, ::-1])
    r = load_renderer(str(path), 256)
    assert r is not renderer
    s = r.stream()
    s.push(speech(tone(N * 4)))
    assert s.next_frame().mouth_open > 0.5
