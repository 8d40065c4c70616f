"""Mouth shapes: viseme labels to mouth parameters, and a mouth track from audio when no visemes exist.

A mouth track is one parameter vector per 10 ms hop of 48 kHz audio. Parameters (``PARAMS``):

- ``open``: jaw drop / lip gap, 0 closed .. 1 wide open (``AvFrame.mouth_open`` reports it)
- ``spread``: lip corners, -1 rounded (O, U) .. +1 spread (E, I)
- ``teeth``: how much of the upper teeth shows in the gap, 0 .. 1
- ``press``: lips pressed together (M, B, P), 0 .. 1
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from streaming.types import OUTPUT_RATE, SAMPLES_PER_VIDEO_FRAME, VisemeEvent

PARAMS: tuple[str, ...] = ("open", "spread", "teeth", "press")
N_PARAMS = len(PARAMS)

#: 10 ms of 48 kHz audio; four hops make one video frame.
HOP = OUTPUT_RATE // 100
HOPS_PER_FRAME = SAMPLES_PER_VIDEO_FRAME // HOP

#: viseme -> (open, spread, teeth, press)
SHAPES: dict[str, tuple[float, float, float, float]] = {
    "sil": (0.0, 0.0, 0.0, 0.0),
    "A": (1.0, 0.05, 0.5, 0.0),
    "E": (0.55, 0.45, 0.8, 0.0),
    "I": (0.3, 0.7, 1.0, 0.0),
    "O": (0.7, -0.6, 0.2, 0.0),
    "U": (0.35, -1.0, 0.0, 0.0),
    "M": (0.0, 0.0, 0.0, 1.0),
    "F": (0.18, 0.1, 1.0, 0.0),
    "L": (0.45, 0.1, 0.7, 0.0),
    "S": (0.15, 0.4, 1.0, 0.0),
}


def shape_of(viseme: str) -> np.ndarray:
    """Parameter vector of one viseme label; an unknown label counts as a neutral half-open mouth."""
    return np.array(SHAPES.get(viseme, (0.4, 0.0, 0.5, 0.0)), np.float32)


def track_from_visemes(events: Iterable[VisemeEvent], n_samples: int) -> np.ndarray:
    """(n_hops, N_PARAMS) mouth track from timed visemes.

    An opening shape claims the hop it starts in (so a frame holding a vowel onset opens); a closed
    shape (sil, M) takes the hop it covers most of. Hops not covered by any event stay closed.
    """
    n_hops = -(-n_samples // HOP)
    track = np.zeros((n_hops, N_PARAMS), np.float32)
    for ev in sorted(events, key=lambda e: e.start):
        shape = shape_of(ev.viseme)
        first = ev.start // HOP if shape[0] > 0 else int(round(ev.start / HOP))
        first = max(0, first)
        last = min(n_hops, max(first + 1, -(-(ev.start + ev.duration) // HOP)))
        track[first:last] = shape
    return track


def track_from_audio(pcm: np.ndarray, sample_rate: int = OUTPUT_RATE) -> np.ndarray:
    """(n_hops, N_PARAMS) mouth track estimated from the audio: loudness opens the mouth, the spectrum
    picks rounded (low, dark vowels), spread (bright vowels) or sibilant (hiss above 4 kHz) shapes.

    Loudness is judged against the clip's own loud parts so quiet and loud voices both animate.
    """
    x = pcm.astype(np.float32) / 32768.0
    hop = sample_rate // 100
    n_hops = -(-len(x) // hop)
    track = np.zeros((n_hops, N_PARAMS), np.float32)
    if n_hops == 0:
        return track
    x = np.pad(x, (0, n_hops * hop - len(x)))
    frames = x.reshape(n_hops, hop)
    # Loudness of the loudest 2.5 ms block of each hop: a hop where speech starts counts as speech.
    blocks = frames.reshape(n_hops, 4, hop // 4)
    rms = np.sqrt(np.max(np.mean(blocks**2, axis=2), axis=1) + 1e-12)
    db = 20 * np.log10(rms)
    ref = float(np.percentile(db, 90))
    gate = db > -45.0
    loud = np.clip((db - (ref - 24.0)) / 20.0, 0.0, 1.0) * gate

    # Spectrum on 2-hop windows (20 ms) for a stable estimate at 10 ms steps.
    win = np.hanning(2 * hop).astype(np.float32)
    padded = np.concatenate([frames, np.zeros((1, hop), np.float32)])
    pairs = np.concatenate([padded[:-1], padded[1:]], axis=1) * win
    spec = np.abs(np.fft.rfft(pairs, axis=1)) ** 2
    freqs = np.fft.rfftfreq(2 * hop, 1.0 / sample_rate)
    total = spec[:, (freqs > 80) & (freqs < 8000)].sum(1) + 1e-12
    hiss = spec[:, freqs >= 4000].sum(1) / (spec[:, freqs > 80].sum(1) + 1e-12)
    low = spec[:, (freqs > 80) & (freqs < 1000)].sum(1) / total
    voiced_band = (freqs > 80) & (freqs < 4000)
    centroid = (spec[:, voiced_band] * freqs[voiced_band]).sum(1) / (spec[:, voiced_band].sum(1) + 1e-12)

    sibilant = (hiss > 0.45) & gate
    spread = np.clip((centroid - 1300.0) / 900.0, -1.0, 1.0)
    spread = np.where(low > 0.8, np.minimum(spread, -0.5), spread)
    track[:, 0] = np.where(sibilant, 0.15, loud * (1.0 - 0.35 * np.clip(spread, 0, 1)))
    track[:, 1] = np.where(sibilant, 0.4, spread * (loud > 0))
    track[:, 2] = np.where(sibilant, 1.0, 0.5 * loud)
    return track


def frame_target(hops: np.ndarray) -> np.ndarray:
    """One video frame's target from its 4 hops: the mouth opens if any part of the slice is open
    (so it opens on the very frame that carries the speech onset); the other parameters average."""
    if len(hops) == 0:
        return np.zeros(N_PARAMS, np.float32)
    out = hops.mean(0)
    out[0] = max(float(hops[:, 0].max()) * 0.85, float(out[0]))
    out[3] = float(hops[:, 3].max())
    return out


def smooth_step(prev: np.ndarray, current: np.ndarray, upcoming: np.ndarray) -> np.ndarray:
    """Coarticulation without lag: mostly the current frame's target, a little of the next one
    (anticipation, since the audio is queued) and a little of the previous drawn shape (inertia)."""
    out = 0.7 * current + 0.15 * upcoming + 0.15 * prev
    # A press (M/B/P) must actually close the lips even between open vowels.
    if current[3] > 0.5:
        out[0] = min(out[0], 0.08)
    return out.astype(np.float32)
