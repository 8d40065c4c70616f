"""The default face: an illustrated Korean public-service counsellor, drawn by this module.

The picture and its licence are the project's own. It is drawn from a fixed face mesh
(``counsellor_mesh.json``: the 478 points of mediapipe's face-mesh topology, made frontal and
left-right symmetric), so the landmarks the renderer animates are known exactly and no face
detection runs for the default portrait. The drawing is deterministic; it is made once per machine
and cached as a PNG (see ``default_portrait_file``).

``python -m avatar.counsellor --out face.png`` writes the picture; ``--rebuild-mesh`` remakes the
mesh file (needs mediapipe and matplotlib; see ``build_mesh``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

log = logging.getLogger(__name__)

#: Bump when the drawing changes: the cached PNG is keyed by it.
VERSION = 1
#: Side of the drawn square (pixels); the loader scales it to the renderer's size.
CANVAS = 1024
MESH_FILE = Path(__file__).with_name("counsellor_mesh.json")
_SS = 2  # supersampling factor while drawing

# Landmark groups (mediapipe face-mesh ids) used by the drawing.
_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377,
         152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109)
_OUTER_UP = (61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291)
_OUTER_LO = (61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291)
_INNER_UP = (78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308)
_INNER_LO = (78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308)
_EYES = (
    ((33, 246, 161, 160, 159, 158, 157, 173, 133), (33, 7, 163, 144, 145, 153, 154, 155, 133), 468),
    ((362, 398, 384, 385, 386, 387, 388, 466, 263), (362, 382, 381, 380, 374, 373, 390, 249, 263), 473),
)
_BROWS = (((70, 63, 105, 66, 107), (46, 53, 52, 65, 55)), ((300, 293, 334, 296, 336), (276, 283, 282, 295, 285)))
_MIDLINE = (10, 151, 9, 8, 168, 6, 197, 195, 5, 4, 1, 19, 94, 2, 164, 0, 11, 12, 13, 14, 15, 16, 17, 18,
            200, 199, 175, 152)

# Colours (RGB).
_BG_TOP, _BG_BOTTOM = (244, 236, 224), (228, 216, 198)
_SKIN = (242, 203, 172)
_SKIN_SHADE = (214, 160, 128)
_HAIR = (43, 33, 30)
_HAIR_SHINE = (84, 68, 60)
_BROW = (86, 66, 56)
_LASH = (40, 29, 26)
_IRIS = (78, 52, 38)
_PUPIL = (28, 19, 16)
_SCLERA = (250, 246, 240)
_LIP_UP, _LIP_LO, _LIP_LINE = (196, 112, 106), (212, 128, 118), (140, 72, 70)
_BLUSH = (235, 150, 135)
_CARDIGAN, _CARDIGAN_DARK = (58, 88, 118), (42, 66, 92)
_BLOUSE, _BLOUSE_SHADE = (248, 246, 240), (214, 210, 202)
_BADGE, _BADGE_STRIPE, _BADGE_TEXT = (255, 255, 255), (34, 96, 160), (30, 40, 56)


# ---- the mesh ----------------------------------------------------------------------------------


def build_mesh(out: Path = MESH_FILE) -> np.ndarray:
    """Make the mesh file: face mesh of a public-domain frontal photo (matplotlib's sample), turned
    to face the camera, made symmetric, and normalised (origin between the eyes' corners at the
    face middle, unit = forehead-to-chin height). Only geometry is kept, no picture."""
    import mediapipe as mp
    from matplotlib import cbook
    from scipy.optimize import linear_sum_assignment

    path = cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
    rgb = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
    h, w = rgb.shape[:2]
    with mp.solutions.face_mesh.FaceMesh(static_image_mode=True, max_num_faces=1, refine_landmarks=True) as mesh:
        found = mesh.process(rgb).multi_face_landmarks[0].landmark
    pts = np.array([(q.x * w, q.y * h, q.z * w) for q in found], np.float64)
    # Turn the midline plane to x = 0 (frontal), then pair every point with its mirror image.
    mid = list(_MIDLINE)
    centred = pts - pts[mid].mean(0)
    normal = np.linalg.svd(centred[mid] - centred[mid].mean(0))[2][2]
    normal *= np.sign(normal[0])
    v, c = np.cross(normal, [1.0, 0.0, 0.0]), float(normal[0])
    vx = np.array([[0, -v[2], v[1]], [v[2], 0, -v[0]], [-v[1], v[0], 0]])
    frontal = centred @ (np.eye(3) + vx + vx @ vx / (1 + c)).T
    frontal[:, 0] -= frontal[mid, 0].mean()
    face, iris = frontal[:468], frontal[468:]
    mirrored = face * np.array([-1.0, 1.0, 1.0])
    _, pair = linear_sum_assignment(np.linalg.norm(face[:, None] - mirrored[None], axis=2))
    assert np.all(pair[pair] == np.arange(468)), "mirror pairing is not an involution"
    sym = (face + mirrored[pair]) / 2
    iris_pair = [5, 8, 7, 6, 9, 0, 3, 2, 1, 4]  # 468..472 <-> 473..477 (right <-> left, +x <-> -x)
    iris_sym = (iris + iris[iris_pair] * np.array([-1.0, 1.0, 1.0])) / 2
    xy = np.concatenate([sym, iris_sym])[:, :2]
    unit = float(xy[152, 1] - xy[10, 1])
    xy = (xy - np.array([0.0, xy[168, 1]])) / unit
    out.write_text(json.dumps({"about": "mediapipe face-mesh topology, frontal and symmetric; unit = face height",
                               "points": np.round(xy, 5).tolist()}) + "\n", encoding="utf-8")
    return xy.astype(np.float32)


@lru_cache(maxsize=1)
def _mesh() -> np.ndarray:
    return np.array(json.loads(MESH_FILE.read_text(encoding="utf-8"))["points"], np.float32)


def _friendly(mesh: np.ndarray) -> np.ndarray:
    """A gentle smile: the mouth corners rise a little (both lips together, so they stay closed)."""
    out = mesh.copy()
    mouth = list(_OUTER_UP + _OUTER_LO)
    cx = float(out[[61, 291], 0].mean())
    half = float(out[291, 0] - out[61, 0]) / 2
    lip_y = float(out[mouth, 1].mean())
    u = (out[:, 0] - cx) / half
    near = np.exp(-(((out[:, 1] - lip_y) / (0.9 * half)) ** 2)) * (np.abs(u) < 1.6)
    out[:, 1] -= 0.085 * half * np.clip(u, -1.3, 1.3) ** 2 * near
    # A softer, narrower jaw: the lower face drawn a little toward the midline.
    chin_y, nose_y = float(out[152, 1]), float(out[2, 1])
    t = np.clip((out[:, 1] - nose_y) / (chin_y - nose_y), 0, 1)
    out[:, 0] *= 1.0 - 0.07 * t**1.5
    # Slightly larger eyes read as kinder in an illustration (lids and iris together).
    for upper_ids, lower_ids, iris_id in _EYES:
        ids = list(dict.fromkeys(upper_ids + lower_ids)) + list(range(iris_id, iris_id + 5))
        centre = out[iris_id].copy()
        out[ids] = centre + (out[ids] - centre) * 1.1
    return out


def counsellor_landmarks(size: int = CANVAS) -> np.ndarray:
    """The 478 landmarks (pixels) of the drawn counsellor at ``size`` x ``size``."""
    mesh = _friendly(_mesh())
    face_h = 0.4 * size  # forehead (10) to chin (152)
    origin = np.array([0.5 * size, 0.375 * size], np.float32)  # the point between the eyes (168)
    return (mesh * face_h + origin).astype(np.float32)


# ---- drawing helpers ---------------------------------------------------------------------------


class _Canvas:
    """A float RGB canvas at _SS times the output size; shapes are painted as soft masks."""

    def __init__(self, size: int) -> None:
        self.n = size * _SS
        self.img = np.zeros((self.n, self.n, 3), np.float32)
        yy, xx = np.mgrid[0:self.n, 0:self.n].astype(np.float32) / _SS
        self.X, self.Y = xx, yy

    def mask(self, polys: list[np.ndarray], blur: float = 0.0) -> np.ndarray:
        m = np.zeros((self.n, self.n), np.uint8)
        cv2.fillPoly(m, [np.round(p * _SS * 16).astype(np.int32) for p in polys], 255, cv2.LINE_AA, shift=4)
        out = m.astype(np.float32) / 255.0
        return _blur(out, blur * _SS) if blur > 0 else out

    def stroke(self, pts: np.ndarray, width: float, closed: bool = False, blur: float = 0.0) -> np.ndarray:
        m = np.zeros((self.n, self.n), np.uint8)
        cv2.polylines(m, [np.round(pts * _SS * 16).astype(np.int32)], closed, 255,
                      max(1, round(width * _SS)), cv2.LINE_AA, shift=4)
        out = m.astype(np.float32) / 255.0
        return _blur(out, blur * _SS) if blur > 0 else out

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, blur: float = 0.0) -> np.ndarray:
        d = ((self.X - cx) / rx) ** 2 + ((self.Y - cy) / ry) ** 2
        edge = 1.0 / (rx * _SS)
        out = np.clip((1.0 - d) / (2 * edge) + 0.5, 0, 1).astype(np.float32)
        return _blur(out, blur * _SS) if blur > 0 else out

    def paint(self, mask: np.ndarray, color: tuple[int, int, int] | np.ndarray, alpha: float = 1.0) -> None:
        a = (mask * alpha)[..., None]
        self.img = self.img * (1 - a) + np.asarray(color, np.float32) * a

    def result(self, size: int) -> np.ndarray:
        small = cv2.resize(self.img, (size, size), interpolation=cv2.INTER_AREA)
        return np.clip(np.round(small), 0, 255).astype(np.uint8)


def _blur(m: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(m, (0, 0), sigmaX=max(sigma, 0.1))


def _spline(pts: np.ndarray, closed: bool = False, n: int = 24) -> np.ndarray:
    """A Catmull-Rom curve through the points (smooth outlines from few control points)."""
    p = np.asarray(pts, np.float32)
    if closed:
        p = np.concatenate([p[-1:], p, p[:2]])
    else:
        p = np.concatenate([p[:1], p, p[-1:]])
    t = np.linspace(0, 1, n, endpoint=False, dtype=np.float32)[:, None]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        out.append(0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                          + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3))
    if not closed:
        out.append(p[-2][None])
    return np.concatenate(out)


def _korean_font(px: int):  # -> PIL.ImageFont.FreeTypeFont | None
    """A Korean font from the system for the name badge, or None (the badge is then left plain)."""
    from PIL import ImageFont

    for path in ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                 "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
                 "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"):
        if Path(path).exists():
            try:
                return ImageFont.truetype(path, px, index=1 if path.endswith(".ttc") else 0)  # KR face
            except OSError:
                continue
    return None


# ---- the picture -------------------------------------------------------------------------------


def draw_counsellor(size: int = CANVAS) -> np.ndarray:
    """Draw the counsellor (uint8 RGB, size x size). Same landmarks as ``counsellor_landmarks(size)``."""
    lm = counsellor_landmarks(size)
    cv = _Canvas(size)
    face_h = float(lm[152, 1] - lm[10, 1])
    face_w = float(lm[454, 0] - lm[234, 0])
    cx = float(lm[168, 0])
    chin = lm[152]
    top = lm[10]

    # Background: a warm wall, lighter behind the head.
    t = (cv.Y / size)[..., None]
    cv.img[:] = np.asarray(_BG_TOP, np.float32) * (1 - t) + np.asarray(_BG_BOTTOM, np.float32) * t
    cv.paint(cv.ellipse(cx, top[1] + 0.35 * face_h, 0.95 * face_h, 0.95 * face_h, blur=60), (252, 247, 238), 0.7)

    # Hair behind the head: a shoulder-length bob.
    hair_cy = top[1] + 0.28 * face_h
    back = _spline(np.array([
        (cx, top[1] - 0.22 * face_h),
        (cx + 0.42 * face_w, top[1] - 0.17 * face_h),
        (cx + 0.66 * face_w, top[1] + 0.04 * face_h),
        (cx + 0.73 * face_w, hair_cy + 0.1 * face_h),
        (cx + 0.74 * face_w, chin[1] - 0.2 * face_h),
        (cx + 0.7 * face_w, chin[1] + 0.12 * face_h),
        (cx + 0.5 * face_w, chin[1] + 0.16 * face_h),
        (cx, chin[1] - 0.1 * face_h),
        (cx - 0.5 * face_w, chin[1] + 0.16 * face_h),
        (cx - 0.7 * face_w, chin[1] + 0.12 * face_h),
        (cx - 0.74 * face_w, chin[1] - 0.2 * face_h),
        (cx - 0.73 * face_w, hair_cy + 0.1 * face_h),
        (cx - 0.66 * face_w, top[1] + 0.04 * face_h),
        (cx - 0.42 * face_w, top[1] - 0.17 * face_h),
    ], np.float32), closed=True)
    cv.paint(cv.mask([back], blur=1.0), _HAIR)

    # Neck and body.
    shoulder_y = chin[1] + 0.27 * face_h
    neck_w = 0.29 * face_w
    neck = np.array([(cx - neck_w, chin[1] - 0.25 * face_h), (cx + neck_w, chin[1] - 0.25 * face_h),
                     (cx + neck_w * 1.08, shoulder_y + 0.2 * face_h), (cx - neck_w * 1.08, shoulder_y + 0.2 * face_h)],
                    np.float32)
    neck_mask = cv.mask([neck], blur=0.8)
    cv.paint(neck_mask, _SKIN)
    jaw = lm[[172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397]]
    shadow = np.concatenate([jaw, jaw[::-1] + np.array([0, 0.16 * face_h], np.float32)])
    cv.paint(cv.mask([shadow], blur=10) * neck_mask, _SKIN_SHADE, 0.6)  # under the chin
    body = _spline(np.array([
        (cx - 1.3 * face_w, size + 40), (cx - 1.15 * face_w, shoulder_y + 0.4 * face_h),
        (cx - 0.8 * face_w, shoulder_y + 0.06 * face_h), (cx - 0.35 * face_w, shoulder_y - 0.02 * face_h),
        (cx, shoulder_y - 0.01 * face_h), (cx + 0.35 * face_w, shoulder_y - 0.02 * face_h),
        (cx + 0.8 * face_w, shoulder_y + 0.06 * face_h), (cx + 1.15 * face_w, shoulder_y + 0.4 * face_h),
        (cx + 1.3 * face_w, size + 40),
    ], np.float32))
    cv.paint(cv.mask([body], blur=0.8), _CARDIGAN)
    # A white blouse in the cardigan's V neck, its collar lying over the cardigan.
    v_y = shoulder_y + 0.75 * face_h
    vee = np.array([(cx - 0.36 * face_w, shoulder_y - 0.02 * face_h), (cx + 0.36 * face_w, shoulder_y - 0.02 * face_h),
                    (cx, v_y)], np.float32)
    cv.paint(cv.mask([vee], blur=0.8), _BLOUSE)
    for side in (-1, 1):
        band = np.array([(cx + side * 0.36 * face_w, shoulder_y - 0.02 * face_h), (cx, v_y),
                         (cx, v_y + 0.08 * face_h), (cx + side * 0.45 * face_w, shoulder_y + 0.0 * face_h)],
                        np.float32)
        cv.paint(cv.mask([band], blur=0.8), _CARDIGAN_DARK, 0.8)  # the cardigan's ribbed edge
        seam = _spline(np.array([(cx + side * 0.86 * face_w, shoulder_y + 0.1 * face_h),
                                 (cx + side * 0.95 * face_w, shoulder_y + 0.5 * face_h),
                                 (cx + side * 0.98 * face_w, size)], np.float32))
        cv.paint(cv.stroke(seam, 3.0, blur=2.0), _CARDIGAN_DARK, 0.7)  # where the sleeve joins
    neckline = cv.ellipse(cx, shoulder_y - 0.03 * face_h, 0.24 * face_w, 0.13 * face_h)
    below = np.clip((cv.Y - (shoulder_y - 0.03 * face_h)) / 2.0, 0, 1)
    cv.paint(neckline * below, _SKIN)  # a round neckline
    edge = cv.ellipse(cx, shoulder_y - 0.03 * face_h, 0.24 * face_w + 3, 0.13 * face_h + 3) - neckline
    cv.paint(edge * (shoulder_y - 0.03 * face_h < cv.Y), _BLOUSE_SHADE)
    for k in range(2):  # cardigan buttons
        by = v_y + (0.16 + 0.3 * k) * face_h
        if by < size - 10:
            cv.paint(cv.ellipse(cx + 0.03 * face_w, by, 0.024 * face_w, 0.024 * face_w), (228, 222, 210))

    # Name badge on the wearer's left chest.
    bw, bh = 0.52 * face_w, 0.2 * face_w
    bx0, by0 = cx + 0.36 * face_w, shoulder_y + 0.3 * face_h
    badge = np.array([(bx0, by0), (bx0 + bw, by0), (bx0 + bw, by0 + bh), (bx0, by0 + bh)], np.float32)
    cv.paint(cv.mask([badge + np.array([3, 4], np.float32)], blur=3), (20, 30, 40), 0.25)
    cv.paint(cv.mask([badge], blur=0.6), _BADGE)
    stripe = np.array([(bx0, by0), (bx0 + bw, by0), (bx0 + bw, by0 + 0.22 * bh), (bx0, by0 + 0.22 * bh)], np.float32)
    cv.paint(cv.mask([stripe], blur=0.5), _BADGE_STRIPE)

    # Face: skin with soft shading toward the edges and under the hairline.
    oval = _spline(lm[list(_OVAL)], closed=True, n=8)
    face_mask = cv.mask([oval], blur=0.7)
    cv.paint(face_mask, _SKIN)
    inside = cv2.distanceTransform((face_mask > 0.5).astype(np.uint8), cv2.DIST_L2, 5) / _SS
    edge = np.clip(1.0 - inside / (0.09 * face_h), 0, 1) ** 2 * face_mask
    cv.paint(edge, _SKIN_SHADE, 0.45)
    for side in (-1, 1):  # cheeks
        eye_c = lm[468 if side < 0 else 473]
        cv.paint(cv.ellipse(eye_c[0] + side * 0.06 * face_w, eye_c[1] + 0.2 * face_h, 0.1 * face_w, 0.06 * face_h,
                            blur=14), _BLUSH, 0.35)

    # Nose: a soft shadow on one side of the bridge, the tip's underside and the nostrils.
    bridge = lm[[168, 6, 197, 195, 5]] + np.array([0.035 * face_w, 0], np.float32)
    cv.paint(cv.stroke(bridge, 0.02 * face_w, blur=6), _SKIN_SHADE, 0.35)
    under = _spline(lm[[98, 97, 2, 326, 327]])
    cv.paint(cv.stroke(under, 0.014 * face_w, blur=2.5), _SKIN_SHADE, 0.8)
    for nid in (98, 327):
        p = (lm[nid] * 0.55 + lm[2] * 0.45)
        cv.paint(cv.ellipse(float(p[0]), float(p[1]) - 0.004 * face_h, 0.02 * face_w, 0.009 * face_h, blur=1.2),
                 (150, 96, 80), 0.6)
    cv.paint(cv.ellipse(float(lm[1, 0]), float(lm[1, 1]) - 0.01 * face_h, 0.025 * face_w, 0.018 * face_h, blur=5),
             (255, 232, 214), 0.5)

    # Eyes: white, iris with pupil and a catch light, the lash line and a faint crease.
    for upper_ids, lower_ids, iris_id in _EYES:
        upper, lower = lm[list(upper_ids)], lm[list(lower_ids)]
        outline = np.concatenate([_spline(upper, n=8), _spline(lower[::-1], n=8)])
        eye = cv.mask([outline], blur=0.4)
        ew = float(upper[:, 0].max() - upper[:, 0].min())
        ic = lm[iris_id]
        r = float(np.linalg.norm(lm[iris_id + 1] - ic) + np.linalg.norm(lm[iris_id + 3] - ic)) / 2 * 1.08
        cv.paint(eye, _SCLERA)
        cv.paint(eye * cv.ellipse(float(ic[0]), float(ic[1]), r, r), _IRIS)
        cv.paint(eye * cv.ellipse(float(ic[0]), float(ic[1]), 0.45 * r, 0.45 * r), _PUPIL)
        cv.paint(eye * cv.ellipse(float(ic[0] + 0.3 * r), float(ic[1] - 0.35 * r), 0.2 * r, 0.2 * r), (255, 255, 255),
                 0.9)
        cv.paint(eye * np.clip((upper[:, 1].max() + 0.1 * ew - cv.Y) / (0.3 * ew), 0, 1), (120, 90, 80), 0.25)
        lash = _spline(upper, n=10)
        cv.paint(cv.stroke(lash, 0.035 * ew, blur=0.5), _LASH)
        cv.paint(cv.stroke(_spline(lower, n=10)[2:-2], 0.012 * ew, blur=0.8), _SKIN_SHADE, 0.7)
        crease = _spline(upper[1:-1] + np.array([0, -0.16 * ew], np.float32), n=10)
        cv.paint(cv.stroke(crease, 0.015 * ew, blur=1.0), _SKIN_SHADE, 0.55)

    # Brows: soft-edged, a little thinner toward the tail.
    for upper_ids, lower_ids in _BROWS:
        upper, lower = lm[list(upper_ids)], lm[list(lower_ids)]
        brow = np.concatenate([_spline(upper, n=8), _spline(lower[::-1], n=8)])
        mid = (brow + brow.mean(0)) / 2
        shape = brow * 0.68 + mid * 0.32
        cv.paint(cv.mask([shape], blur=1.5), _BROW, 0.92)

    # Mouth: upper and lower lip, a darker line where they meet and a highlight on the lower lip.
    up = np.concatenate([_spline(lm[list(_OUTER_UP)], n=6), _spline(lm[list(_INNER_UP)][::-1], n=6)])
    lo = np.concatenate([_spline(lm[list(_OUTER_LO)], n=6), _spline(lm[list(_INNER_LO)][::-1], n=6)])
    cv.paint(cv.mask([up], blur=0.6), _LIP_UP)
    cv.paint(cv.mask([lo], blur=0.6), _LIP_LO)
    seam = _spline((lm[list(_INNER_UP)] + lm[list(_INNER_LO)]) / 2, n=8)
    cv.paint(cv.stroke(seam, 0.006 * face_w, blur=0.6), _LIP_LINE)
    hl = lm[[14, 17]].mean(0)
    cv.paint(cv.ellipse(float(hl[0]), float(hl[1]), 0.05 * face_w, 0.009 * face_h, blur=3), (245, 190, 180), 0.5)

    # Fringe: a side part, swept across the forehead and framing the face.
    brow_top = float(lm[[105, 334]][:, 1].min())
    part = cx + 0.16 * face_w
    fringe = _spline(np.array([
        (part, top[1] - 0.16 * face_h),
        (cx + 0.55 * face_w, top[1] - 0.04 * face_h),
        (cx + 0.62 * face_w, hair_cy + 0.1 * face_h),
        (cx + 0.56 * face_w, chin[1] - 0.25 * face_h),
        (cx + 0.46 * face_w, hair_cy + 0.12 * face_h),
        (cx + 0.36 * face_w, top[1] + 0.07 * face_h),
        (part, top[1] + 0.01 * face_h),
        (cx - 0.02 * face_w, top[1] + 0.07 * face_h),
        (cx - 0.25 * face_w, brow_top - 0.08 * face_h),
        (cx - 0.42 * face_w, brow_top - 0.03 * face_h),
        (cx - 0.5 * face_w, hair_cy + 0.22 * face_h),
        (cx - 0.58 * face_w, chin[1] - 0.25 * face_h),
        (cx - 0.63 * face_w, hair_cy + 0.05 * face_h),
        (cx - 0.5 * face_w, top[1] - 0.1 * face_h),
    ], np.float32), closed=True)
    cv.paint(cv.mask([fringe], blur=1.0), _HAIR)
    for k in range(4):  # a little sheen following the crown
        ang = np.radians(np.linspace(200 + 6 * k, 250 + 4 * k, 12))
        rx, ry = (0.6 - 0.05 * k) * face_w, (0.5 - 0.03 * k) * face_h
        arc = np.stack([cx + rx * np.cos(ang), hair_cy + 0.05 * face_h + ry * np.sin(ang)], 1).astype(np.float32)
        cv.paint(cv.stroke(arc, 2.5, blur=3.0) * (1 - face_mask), _HAIR_SHINE, 0.55)

    img = cv.result(size)
    font = _korean_font(max(10, round(0.55 * bh)))
    if font is not None:
        from PIL import Image, ImageDraw

        pil = Image.fromarray(img)
        draw = ImageDraw.Draw(pil)
        text_box = draw.textbbox((0, 0), "상담원", font=font)
        tw, th = text_box[2] - text_box[0], text_box[3] - text_box[1]
        draw.text((bx0 + (bw - tw) / 2 - text_box[0], by0 + 0.22 * bh + (0.78 * bh - th) / 2 - text_box[1]),
                  "상담원", font=font, fill=_BADGE_TEXT)
        img = np.asarray(pil)
    return img


# ---- the cache ---------------------------------------------------------------------------------


def _cache_dir() -> Path:
    root = os.environ.get("SILVER_AVATAR_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "silver-avatar"


def default_portrait_file() -> Path:
    """The drawn counsellor as a PNG in the user cache (drawn on first use, ~2 s)."""
    path = _cache_dir() / f"counsellor-v{VERSION}-{CANVAS}.png"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        rgb = draw_counsellor(CANVAS)
        ok, data = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        if not ok:
            raise RuntimeError("could not encode the counsellor portrait")
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".png", delete=False) as tmp:
            tmp.write(data.tobytes())
        os.replace(tmp.name, path)  # atomic: parallel first uses never read half a file
        log.info("drew the default counsellor portrait: %s", path)
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m avatar.counsellor", description=__doc__.splitlines()[0])
    p.add_argument("--out", default=None, help="write the picture here (PNG)")
    p.add_argument("--size", type=int, default=CANVAS)
    p.add_argument("--landmarks", action="store_true", help="draw the landmarks over the picture")
    p.add_argument("--rebuild-mesh", action="store_true", help="remake counsellor_mesh.json (needs mediapipe)")
    args = p.parse_args(argv)
    if args.rebuild_mesh:
        build_mesh()
        _mesh.cache_clear()
    if args.out:
        rgb = draw_counsellor(args.size)
        if args.landmarks:
            for x, y in counsellor_landmarks(args.size):
                cv2.circle(rgb, (round(float(x)), round(float(y))), 1, (0, 160, 0), -1)
        cv2.imwrite(args.out, cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
