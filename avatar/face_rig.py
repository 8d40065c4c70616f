"""Per-frame image synthesis: warp a still portrait's mouth, jaw, eyelids and head with cv2.remap.

Everything that does not change per frame is computed at load (coordinate grids, lip and lid lines
per column, head/breathing weight fields). Per frame only small regions are remapped: the mouth+jaw
box, two eye boxes, then one remap of the head-and-shoulders box for head motion. All warps are
backward maps that equal the identity at their box edges, so nothing shows a seam; the mouth cavity
is drawn with sub-pixel (anti-aliased) edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from avatar.portrait import (
    BROWS,
    CHIN,
    EYES,
    FACE_OVAL,
    INNER_LOWER,
    INNER_UPPER,
    NOSE_BOTTOM,
    OUTER_LOWER,
    Portrait,
)


@dataclass
class Pose:
    """Everything that varies per frame besides the mouth."""

    blink: float = 0.0  # 0 open .. 1 closed
    gaze_up: float = 0.0  # 0 .. 1, eyes look up (thinking)
    tx: float = 0.0  # head translation, fraction of the face height
    ty: float = 0.0
    roll: float = 0.0  # radians
    scale: float = 0.0  # relative (0.01 = 1 % larger)
    breath: float = 0.0  # -1 .. 1, chest/shoulders rise


def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def _line(points: np.ndarray, xs: np.ndarray) -> np.ndarray:
    order = np.argsort(points[:, 0])
    return np.interp(xs, points[order, 0], points[order, 1]).astype(np.float32)


class _Box:
    """A rectangle of the image with its pixel grids."""

    def __init__(self, x0: float, y0: float, x1: float, y1: float, size: int) -> None:
        self.x0, self.y0 = int(max(0, np.floor(x0))), int(max(0, np.floor(y0)))
        self.x1, self.y1 = int(min(size, np.ceil(x1))), int(min(size, np.ceil(y1)))
        xs = np.arange(self.x0, self.x1, dtype=np.float32)
        ys = np.arange(self.y0, self.y1, dtype=np.float32)
        self.xs, self.ys = xs, ys
        self.X, self.Y = np.meshgrid(xs, ys)

    @property
    def slices(self) -> tuple[slice, slice]:
        return slice(self.y0, self.y1), slice(self.x0, self.x1)


class FaceRig:
    """Precomputed warp geometry for one portrait; ``render`` is pure given its inputs."""

    def __init__(self, portrait: Portrait) -> None:
        self.base = np.ascontiguousarray(portrait.image)
        self.size = portrait.size
        lm = portrait.landmarks
        size = self.size
        oval = lm[list(FACE_OVAL)]
        self.face_w = float(oval[:, 0].max() - oval[:, 0].min())
        self.face_h = float(oval[:, 1].max() - oval[:, 1].min())
        self.face_c = oval.mean(0)

        # --- mouth -------------------------------------------------------------------------
        up, lo = lm[list(INNER_UPPER)], lm[list(INNER_LOWER)]
        self.left, self.right = lm[61], lm[291]
        self.mcx = float((self.left[0] + self.right[0]) / 2)
        self.hw = float((self.right[0] - self.left[0]) / 2)  # outer half width
        self.hw_in = float((lm[308][0] - lm[78][0]) / 2)
        self.chin_y = float(lm[CHIN][1])
        self.nose_y = float(lm[NOSE_BOTTOM][1])
        lip_line = (np.concatenate([up, lo]))
        self.lip_y = float(lip_line[:, 1].mean())
        self.jaw_max = 0.62 * self.hw
        self.fade = 0.55 * (self.chin_y - self.lip_y)
        self.mouth = _Box(self.mcx - 2.4 * self.hw, self.nose_y - 2,
                          self.mcx + 2.4 * self.hw, self.chin_y + self.jaw_max + self.fade + 2, size)
        # Lip line (closed mouth) per source column, extended flat beyond the corners.
        mid = np.concatenate([(up + lo) / 2, lm[[61, 291]]])
        self._mid_pts = mid
        self.lower_lip_th = float(lm[list(OUTER_LOWER)][5, 1] - self.lip_y)

        # --- eyes --------------------------------------------------------------------------
        self.eyes = []
        for (upper_ids, lower_ids), brow_ids in zip(EYES, BROWS, strict=True):
            upper, lower, brow = lm[list(upper_ids)], lm[list(lower_ids)], lm[list(brow_ids)]
            ew = float(upper[:, 0].max() - upper[:, 0].min())
            box = _Box(upper[:, 0].min() - 0.25 * ew, brow[:, 1].min(),
                       upper[:, 0].max() + 0.25 * ew, lower[:, 1].max() + 0.1 * ew, size)
            y_up = _line(upper, box.xs)
            y_lo = np.maximum(_line(lower, box.xs), y_up)
            y_brow = _line(brow, box.xs)
            y_top = y_up - 0.55 * (y_up - y_brow)  # upper limit of the moving lid skin
            inside = (box.xs > upper[:, 0].min()) & (box.xs < upper[:, 0].max())
            gap = np.where(inside, y_lo - y_up, 0.0).astype(np.float32)
            self.eyes.append((box, y_up, gap, y_top, ew))

        # --- head motion and breathing fields ------------------------------------------------
        fcx, fcy = float(self.face_c[0]), float(self.face_c[1])
        self.pivot = (float(lm[CHIN][0]), self.chin_y + 0.15 * self.face_h)
        head = _Box(fcx - 1.25 * self.face_w, fcy - 1.3 * self.face_h, fcx + 1.25 * self.face_w,
                    self.chin_y + 0.9 * self.face_h, size)
        self.head = head
        rx, ry = 0.72 * self.face_w, 0.8 * self.face_h
        r = np.sqrt(((head.X - fcx) / rx) ** 2 + ((head.Y - (fcy - 0.12 * self.face_h)) / ry) ** 2)
        w_head = 1.0 - _smoothstep((r - 1.0) / 0.6)
        body = np.exp(-(((head.X - fcx) / (1.1 * self.face_w)) ** 2))
        w_body = body * _smoothstep((head.Y - (self.chin_y - 0.2 * self.face_h)) / (0.5 * self.face_h))
        w_body *= 1.0 - _smoothstep((head.Y - (head.y1 - 0.3 * self.face_h)) / (0.3 * self.face_h))
        w_body = np.maximum(w_body, w_head)
        px, py = self.pivot
        f32 = np.float32
        self._basis = {
            "w_head": w_head.astype(f32),
            "rot_x": (-w_head * (head.Y - py)).astype(f32),
            "rot_y": (w_head * (head.X - px)).astype(f32),
            "sc_x": (w_head * (head.X - px)).astype(f32),
            "sc_y": (w_head * (head.Y - py)).astype(f32),
            "breath": w_body.astype(f32),
        }
        half = (max(2, (head.X.shape[1] + 1) // 2), max(2, (head.X.shape[0] + 1) // 2))
        self._basis_half = {k: cv2.resize(v, half, interpolation=cv2.INTER_AREA) for k, v in self._basis.items()}
        # Mouth cavity colours (RGB): a dark throat, teeth, tongue.
        self._dark = np.array([58, 22, 24], np.float32)
        self._teeth = np.array([236, 204, 156], np.float32)
        self._tongue = np.array([150, 62, 66], np.float32)

    # ------------------------------------------------------------------------------------------
    def render(self, mouth: np.ndarray, pose: Pose, work: np.ndarray | None = None) -> np.ndarray:
        """Draw one frame. ``mouth`` = (open, spread, teeth, press); returns a new uint8 RGB
        (size, size, 3) array. ``work`` is a scratch image of the same shape (one per thread)."""
        face = np.empty_like(self.base) if work is None else work
        np.copyto(face, self.base)
        self._draw_mouth(face, mouth)
        for eye in self.eyes:
            self._draw_eye(face, eye, pose.blink, pose.gaze_up)
        return self._move_head(face, pose)

    def _draw_mouth(self, face: np.ndarray, mouth: np.ndarray) -> None:
        open_, spread, teeth, press = (float(v) for v in mouth)
        m = self.mouth
        s = 1.0 + (0.16 * spread if spread > 0 else 0.3 * spread)
        jaw = self.jaw_max * max(0.0, open_ - 0.05) / 0.95
        press = press if jaw < 0.5 else 0.0
        lift = 0.22 * jaw
        if abs(s - 1.0) < 1e-3 and jaw < 0.3 and press < 0.05:
            return

        # Horizontal: the corners move out (spread) or in (rounded); the shift peaks at the corners
        # and fades to nothing half a mouth-width beyond them and toward the nose and chin.
        gx, gy = m.X, m.Y
        u = (m.xs - self.mcx) / self.hw
        au = np.abs(u)
        profile = np.where(au <= 1.0, u, np.sign(u) * np.clip(1.0 - (au - 1.0) / 1.2, 0.0, 1.0))
        shift = (s - 1.0) * self.hw * profile
        wy = np.exp(-(((m.ys - self.lip_y) / (0.5 * self.hw)) ** 2))
        wy *= _smoothstep((m.ys - self.nose_y) / (0.6 * (self.lip_y - self.nose_y)))
        map_x = gx - shift[None, :] * wy[:, None]

        # Lip line, opening profile (a lens) and lower/upper lip lines, per destination column.
        src_cols = self.mcx + (m.xs - self.mcx) / s
        lip = _line(self._mid_pts, src_cols)
        u_in = (m.xs - self.mcx) / (self.hw_in * s)
        p = 0.55 + 0.25 * max(spread, 0.0) - 0.25 * max(-spread, 0.0)
        lens = np.clip(1.0 - u_in**2, 0.0, 1.0) ** p
        box = 1.0 - _smoothstep((au - 1.2) / 1.2)
        y_up = lip - lift * lens
        y_lo = lip + jaw * lens

        # Above the gap: the upper lip rises, fading out toward the nose.
        fu = np.clip((gy - self.nose_y) / np.maximum(y_up - self.nose_y, 1.0), 0.0, 1.0)
        above = gy + (lift * lens)[None, :] * fu
        # Below: the lower lip follows the lens near the gap and the whole jaw further down.
        t = _smoothstep((gy - y_lo) / (0.6 * (self.chin_y - self.lip_y)))
        g = lens[None, :] * (1.0 - t) + box[None, :] * t
        chin_dst = self.chin_y + jaw * box
        fd = 1.0 - _smoothstep((gy - chin_dst[None, :]) / self.fade)
        below = gy - jaw * g * fd
        map_y = np.where(gy < y_up, above, np.where(gy >= y_lo, below, lip[None, :]))
        if press > 0.05:
            # Pressed lips (M, B, P): both lips roll in a little, so they look thinner.
            d = gy - lip[None, :]
            band = max(self.lower_lip_th, 2.0)
            w = 1.0 - _smoothstep((np.abs(d) - band) / band)
            corner = np.clip(1.0 - u_in**2, 0.0, 1.0)[None, :]
            map_y = map_y + 0.35 * press * d * w * corner
        roi = cv2.remap(face, map_x.astype(np.float32), map_y.astype(np.float32), cv2.INTER_LINEAR,
                        borderMode=cv2.BORDER_REPLICATE)
        if jaw > 0.5:
            self._draw_cavity(roi, m, y_up, y_lo, lens, jaw, teeth, s)
        face[m.slices] = roi

    def _draw_cavity(self, roi: np.ndarray, m: _Box, y_up: np.ndarray, y_lo: np.ndarray, lens: np.ndarray,
                     jaw: float, teeth: float, s: float) -> None:
        cols = np.nonzero(y_lo - y_up > 0.2)[0]
        if len(cols) == 0:
            return
        c0, c1 = int(cols[0]), int(cols[-1]) + 1
        r0 = max(0, int(np.floor(y_up[c0:c1].min() - m.y0)) - 1)
        r1 = min(roi.shape[0], int(np.ceil(y_lo[c0:c1].max() - m.y0)) + 2)
        gy = m.Y[r0:r1, c0:c1]
        yu, yl = y_up[None, c0:c1], y_lo[None, c0:c1]
        alpha = np.clip(gy - yu + 0.5, 0, 1) * np.clip(yl - gy + 0.5, 0, 1)
        gap = yl - yu
        u = (m.xs[c0:c1] - self.mcx) / (self.hw_in * s)
        # Throat: darker in the middle of the gap.
        depth = np.clip((gy - yu) / np.maximum(gap, 1.0), 0, 1)
        shade = (0.55 + 0.9 * np.abs(depth - 0.5))[..., None]
        cav = np.broadcast_to(self._dark, gy.shape + (3,)) * shade
        # Upper teeth hang below the upper lip; lower teeth and tongue show when wide open.
        th = (0.35 + 0.65 * teeth) * np.minimum(0.5 * gap, 0.2 * self.hw)
        t_up = np.clip(yu + th - gy + 0.5, 0, 1) * (1.0 - _smoothstep((np.abs(u) - 0.55) / 0.3))[None, :]
        t_up *= np.clip(0.55 + 0.45 * (1 - u**2), 0, 1)[None, :]
        lo_h = 0.25 * th * np.clip(jaw / self.jaw_max * 1.6 - 0.4, 0, 1)
        t_lo = np.clip(gy - (yl - lo_h) + 0.5, 0, 1) * (1.0 - _smoothstep((np.abs(u) - 0.45) / 0.3))[None, :]
        tongue_h = 0.35 * gap * np.clip(jaw / self.jaw_max * 2 - 0.6, 0, 1)
        t_tg = np.clip(gy - (yl - tongue_h) + 0.5, 0, 1) * (1.0 - _smoothstep((np.abs(u) - 0.3) / 0.4))[None, :]
        cav = cav * (1 - t_tg[..., None]) + self._tongue * (0.8 * t_tg[..., None])
        tpos = np.clip((gy - yu) / np.maximum(th, 1.0), 0, 1)[..., None]  # lip shadow on the teeth' top
        cav = cav * (1 - t_up[..., None]) + self._teeth * t_up[..., None] * (0.55 + 0.35 * tpos)
        cav = cav * (1 - t_lo[..., None]) + self._teeth * (0.6 * t_lo[..., None])
        a = alpha[..., None]
        region = roi[r0:r1, c0:c1].astype(np.float32)
        roi[r0:r1, c0:c1] = (region * (1 - a) + cav * a).astype(np.uint8)

    def _draw_eye(self, face: np.ndarray, eye: tuple, blink: float, gaze_up: float) -> None:
        box, y_up, gap, y_top, ew = eye
        if blink < 0.02 and gaze_up < 0.02:
            return
        gy = box.Y
        y_lid = y_up + min(blink, 1.0) * 0.98 * gap  # where the lash line is drawn now
        span = np.maximum(y_lid - y_top, 1.0)
        lid = y_top + (gy - y_top) * ((y_up - y_top) / span)[None, :]
        shift = 0.05 * ew * gaze_up
        inner = gy + shift * np.sin(np.pi * np.clip((gy - y_lid) / np.maximum(gap, 1.0), 0, 1))
        map_y = np.where(gy < y_top, gy, np.where(gy <= y_lid[None, :], lid, inner))
        roi = cv2.remap(face, box.X, map_y.astype(np.float32), cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        face[box.slices] = roi

    def _move_head(self, face: np.ndarray, pose: Pose) -> np.ndarray:
        """Warp the head box by the pose. The displacement fields are smooth, so they are combined at
        half resolution and scaled up (a quarter of the arithmetic; < 0.05 px from the full-size sum)."""
        out = face.copy()
        h, b = self.head, self._basis_half
        tx, ty = pose.tx * self.face_h, pose.ty * self.face_h
        dx = -(tx * b["w_head"] + pose.roll * b["rot_x"] + pose.scale * b["sc_x"])
        dy = (0.006 * self.face_h * pose.breath) * b["breath"] - (ty * b["w_head"] + pose.roll * b["rot_y"]
                                                                   + pose.scale * b["sc_y"])  # fmt: skip
        full = (h.X.shape[1], h.X.shape[0])
        map_x = h.X + cv2.resize(dx, full, interpolation=cv2.INTER_LINEAR)
        map_y = h.Y + cv2.resize(dy, full, interpolation=cv2.INTER_LINEAR)
        out[h.slices] = cv2.remap(face, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        return out
