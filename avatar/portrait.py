"""Load a portrait, find the face once, crop it to a square and keep the landmarks we animate.

mediapipe's face mesh (bundled with the wheel, offline) gives 478 landmarks; we keep the lips, the
eyelids, the face oval, the nose and the irises. Everything later is computed from these points, so
any frontal photo works. The default face is drawn by ``avatar.counsellor`` with the same 478
landmarks known exactly, so it skips detection.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

log = logging.getLogger(__name__)

#: Inner lip contour, upper half, from the left mouth corner (78) to the right one (308).
INNER_UPPER = (78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308)
#: Inner lip contour, lower half, left corner to right corner.
INNER_LOWER = (78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308)
#: Outer lip contour, upper half and lower half, left corner (61) to right corner (291).
OUTER_UPPER = (61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291)
OUTER_LOWER = (61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291)
#: Eyelids, corner to corner (upper lid arc, lower lid arc) for the person's right and left eye.
EYES = (
    ((33, 246, 161, 160, 159, 158, 157, 173, 133), (33, 7, 163, 144, 145, 153, 154, 155, 133)),
    ((362, 398, 384, 385, 386, 387, 388, 466, 263), (362, 382, 381, 380, 374, 373, 390, 249, 263)),
)
#: Eyebrow points above each eye (the upper limit of the eyelid warp).
BROWS = ((70, 63, 105, 66, 107), (336, 296, 334, 293, 300))
FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377,
             152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109)
CHIN = 152
NOSE_BOTTOM = 2
FOREHEAD = 10

#: The smallest face (landmark width in pixels of the original photo) we accept.
MIN_FACE_PX = 64


class NoFaceError(ValueError):
    """The portrait has no usable frontal face (none found, too small, or the file is unreadable)."""


@dataclass(frozen=True)
class Portrait:
    """A square RGB image of the face and its landmarks (pixel coordinates in that image)."""

    image: np.ndarray  # uint8 RGB, size x size x 3
    landmarks: np.ndarray  # float32 (478, 2), x/y in pixels
    source: str

    @property
    def size(self) -> int:
        return int(self.image.shape[0])

    def points(self, ids: tuple[int, ...]) -> np.ndarray:
        return self.landmarks[list(ids)]


def default_portrait_path() -> Path:
    """The default face: an illustrated counsellor drawn by ``avatar.counsellor`` (the project's own
    picture and licence), as a PNG in the user cache, drawn on first use."""
    from avatar.counsellor import default_portrait_file

    return default_portrait_file()


def default_portrait(size: int) -> Portrait:
    """The drawn counsellor at ``size`` x ``size`` with its exact landmarks (no face detection)."""
    from avatar.counsellor import CANVAS, counsellor_landmarks

    path = default_portrait_path()
    rgb = _read_rgb(path)
    scale = size / CANVAS
    image = rgb if size == CANVAS else cv2.resize(rgb, (size, size), interpolation=cv2.INTER_AREA)
    landmarks = (counsellor_landmarks(CANVAS) * scale + (scale - 1) / 2).astype(np.float32)
    return Portrait(image=np.ascontiguousarray(image), landmarks=landmarks, source=str(path))


_mesh_lock = threading.Lock()


def detect_landmarks(rgb: np.ndarray) -> np.ndarray | None:
    """478 face-mesh landmarks in pixels, or None when no face is found."""
    import mediapipe as mp

    with _mesh_lock, mp.solutions.face_mesh.FaceMesh(
        static_image_mode=True, max_num_faces=1, refine_landmarks=True, min_detection_confidence=0.5
    ) as mesh:
        result = mesh.process(np.ascontiguousarray(rgb))
    if not result.multi_face_landmarks:
        return None
    h, w = rgb.shape[:2]
    pts = np.array([(p.x * w, p.y * h) for p in result.multi_face_landmarks[0].landmark], np.float32)
    return pts


def _read_rgb(path: Path) -> np.ndarray:
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if bgr is None:
        raise NoFaceError(f"cannot read the portrait {str(path)!r}: not an image file or it does not exist")
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def load_portrait(path: str | Path | None, size: int) -> Portrait:
    """Read a photo, find one frontal face, crop head-and-shoulders to ``size`` x ``size``.

    ``path`` None is the drawn default counsellor, whose landmarks are known (no detection runs).
    Raises NoFaceError with a message that says what to change when the photo cannot be used.
    """
    if path is None:
        return default_portrait(size)
    src = Path(path)
    rgb = _read_rgb(src)
    pts = detect_landmarks(rgb)
    if pts is None:
        raise NoFaceError(
            f"no face found in {src.name!r}: use a well-lit frontal photo with one face, "
            "eyes open and mouth closed, the face at least 150 pixels wide"
        )
    oval = pts[list(FACE_OVAL)]
    x0, y0 = oval.min(0)
    x1, y1 = oval.max(0)
    face_w, face_h = float(x1 - x0), float(y1 - y0)
    if face_w < MIN_FACE_PX:
        raise NoFaceError(
            f"the face in {src.name!r} is only {face_w:.0f} pixels wide: use a closer photo "
            f"(at least {MIN_FACE_PX}, ideally 150+ pixels across the face)"
        )
    # Frontal enough? The nose tip should sit near the middle between the cheeks.
    nose_x = float(pts[1, 0])
    if abs(nose_x - (x0 + x1) / 2) > 0.18 * face_w:
        raise NoFaceError(f"the face in {src.name!r} is turned sideways: use a frontal photo")

    # Square crop: the face a bit above the middle, with hair and shoulders around it.
    side = min(2.3 * face_h, rgb.shape[0], rgb.shape[1])
    cx = (x0 + x1) / 2
    cy = (y0 + y1) / 2 + 0.15 * face_h
    left = float(np.clip(cx - side / 2, 0, rgb.shape[1] - side))
    top = float(np.clip(cy - side / 2, 0, rgb.shape[0] - side))
    scale = size / side
    affine = np.array([[scale, 0, -left * scale], [0, scale, -top * scale]], np.float32)
    image = cv2.warpAffine(rgb, affine, (size, size), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)
    # Detect again on the final image: landmarks at the resolution we animate are more precise.
    refined = detect_landmarks(image)
    if refined is None:
        refined = (pts * scale + affine[:, 2]).astype(np.float32)
    log.info("portrait %s: face %.0fx%.0f px, cropped %.0f px -> %d", src.name, face_w, face_h, side, size)
    return Portrait(image=image, landmarks=refined, source=str(src))
