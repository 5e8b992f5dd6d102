"""An explorer twin's frames stored small: one base picture and, per frame, only the rectangles that differ.

A twin pre-renders every combination of its controls (see :mod:`facet_course.core.explore`). Most frames of a
line plot differ from each other in a title, a curve and a readout, not in their axes, ticks and legends, so a
handout stores (issue 16, size):

* **one shared palette** per explorer: every frame is quantized together (median cut, 256 colours, no
  dithering), so a pixel that does not change between frames keeps exactly the same colour and the frames
  look the same as their full-colour renders (mean difference per channel at most
  :data:`PALETTE_MAX_DIFF` of 255, else the frames stay in full colour);
* **the base frame** (the explorer's default) whole, as lossless WebP;
* **per other frame, the patches**: the frame is cut into :data:`TILE` x :data:`TILE` pixel tiles, the tiles
  that differ from the base are grouped into rectangles, and each rectangle is stored as lossless WebP. Drawn
  over the base at its place (``position: absolute``) they give the frame's pixels exactly.
* a radiograph-like patch (a picture, not a line plot: many PNG bytes per pixel) is stored as lossy WebP at
  :data:`PICTURE_WEBP_QUALITY` when that is at most :data:`PICTURE_WEBP_SHARE` of its lossless size, as the
  C-arm frames were before (no visible artefacts on the grey bone edges).

:func:`compose` puts a frame back together from its pieces (what the browser draws); the tests compare it
with the frame rendered whole. Measured on the course's 495 twin frames (2026-11-28): 18.2 MB as one
256-colour PNG per frame, 15.6 MB as one lossless WebP per frame, 6.4 MB as base plus patches, about 5 MB
with the radiograph-like patches lossy.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from .style import print_width_in

#: Side of the square tiles (pixels) a frame is compared with its base in.
TILE = 16
#: Unchanged pixels a patch carries around its changed tiles (see :func:`_bleed`).
BLEED = 2
#: The shared palette is used when no frame differs from its full-colour render by more than this, as the
#: mean absolute difference per colour channel (of 255); matplotlib's frames measured 0.004-0.33.
PALETTE_MAX_DIFF = 1.0
#: A patch is radiograph-like when its lossless WebP takes at least this many bytes per pixel (line plots
#: and text measured 0.02-0.19, their lossy WebP 1.3-2.8 times larger; the C-arm radiographs 0.38-0.44,
#: lossy 0.26-0.3 of that).
PICTURE_BYTES_PER_PIXEL = 0.3
#: Lossy WebP quality for radiograph-like patches, and the share of the lossless size it must stay under.
PICTURE_WEBP_QUALITY = 85
PICTURE_WEBP_SHARE = 0.6


@dataclass(frozen=True)
class Patch:
    """A rectangle of a frame (pixels, from the top left) and its encoded picture."""

    x: int
    y: int
    width: int
    height: int
    data: bytes
    mime: str


@dataclass(frozen=True)
class FrameSet:
    """The frames of one twin: ``base`` (a whole picture) and, for every frame, the patches drawn over it."""

    width: int
    height: int
    base: Patch
    patches: list[list[Patch]]

    def size(self) -> int:
        """Bytes stored (encoded pictures only)."""
        return len(self.base.data) + sum(len(p.data) for frame in self.patches for p in frame)


def data_uri(patch: Patch) -> str:
    """A data: URI of a patch's picture (works from a file with no network)."""
    return f"data:{patch.mime};base64," + base64.b64encode(patch.data).decode("ascii")


def _encode(pixels: np.ndarray, x: int, y: int, lossy_pictures: bool = True) -> Patch:
    """A patch at (x, y) of RGB ``pixels``: lossless WebP, or lossy for a radiograph-like picture."""
    height, width = pixels.shape[:2]
    image = Image.fromarray(pixels)
    buffer = io.BytesIO()
    image.save(buffer, format="webp", lossless=True, quality=100, method=4)
    data = buffer.getvalue()
    if lossy_pictures and len(data) >= PICTURE_BYTES_PER_PIXEL * width * height:
        lossy = io.BytesIO()
        image.save(lossy, format="webp", quality=PICTURE_WEBP_QUALITY, method=4)
        if len(lossy.getvalue()) <= PICTURE_WEBP_SHARE * len(data):
            data = lossy.getvalue()
    return Patch(x, y, width, height, data, "image/webp")


def shared_palette(frames: list[np.ndarray]) -> list[np.ndarray]:
    """The frames quantized together to one 256-colour palette (unchanged pixels keep one colour), or the
    frames as they are when that would change a frame by more than :data:`PALETTE_MAX_DIFF`."""
    height = frames[0].shape[0]
    if any(f.shape != frames[0].shape for f in frames):
        return frames
    mosaic = Image.fromarray(np.concatenate(frames, axis=0))
    quantized = mosaic.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    pixels = np.asarray(quantized.convert("RGB"))
    result = [pixels[i * height : (i + 1) * height] for i in range(len(frames))]
    worst = max(np.abs(a.astype(int) - b.astype(int)).mean() for a, b in zip(frames, result, strict=True))
    return result if worst <= PALETTE_MAX_DIFF else frames


def changed_rectangles(
    base: np.ndarray, frame: np.ndarray, tile: int = TILE
) -> list[tuple[int, int, int, int]]:
    """Rectangles (x0, y0, x1, y1) covering every pixel where ``frame`` differs from ``base``: the differing
    tiles, grouped with their neighbours (a gap of one tile joins two groups) into bounding boxes."""
    from scipy import ndimage

    differs = np.any(base != frame, axis=-1)
    if not differs.any():
        return []
    height, width = differs.shape
    rows, cols = -(-height // tile), -(-width // tile)
    padded = np.zeros((rows * tile, cols * tile), dtype=bool)
    padded[:height, :width] = differs
    tiles = padded.reshape(rows, tile, cols, tile).any(axis=(1, 3))
    labels, _ = ndimage.label(ndimage.binary_dilation(tiles))
    found = []
    for rows_slice, cols_slice in ndimage.find_objects(labels):
        ys, xs = np.nonzero(tiles[rows_slice, cols_slice])
        if not len(ys):
            continue
        y0, y1 = (rows_slice.start + ys.min()) * tile, min(height, (rows_slice.start + ys.max() + 1) * tile)
        x0, x1 = (cols_slice.start + xs.min()) * tile, min(width, (cols_slice.start + xs.max() + 1) * tile)
        found.append((int(x0), int(y0), int(x1), int(y1)))
    return found


def _bleed(rectangle: tuple[int, int, int, int], width: int, height: int) -> tuple[int, int, int, int]:
    """A patch grown by :data:`BLEED` pixels of the frame's own (unchanged) pixels on every side: a browser
    scaling the picture blends a patch's edge with what lies under it, and there the base must look the same
    (else a faint outline of the base frame, e.g. of its title, shows around the patch)."""
    x0, y0, x1, y1 = rectangle
    return max(0, x0 - BLEED), max(0, y0 - BLEED), min(width, x1 + BLEED), min(height, y1 + BLEED)


def encode_frames(frames: list[np.ndarray], base_index: int = 0) -> FrameSet:
    """Store RGB frames (all the same size) as the base frame ``frames[base_index]`` plus patches."""
    if not frames:
        raise ValueError("encode_frames() needs at least one frame")
    shapes = {f.shape for f in frames}
    if len(shapes) != 1:
        raise ValueError(f"every frame of a twin must have the same size in pixels; got {sorted(shapes)}")
    pixels = shared_palette([np.ascontiguousarray(f[..., :3]) for f in frames])
    base = pixels[base_index]
    height, width = base.shape[:2]
    patches = []
    for frame in pixels:
        rectangles = [_bleed(r, width, height) for r in changed_rectangles(base, frame)]
        patches.append([_encode(frame[y0:y1, x0:x1], x0, y0) for x0, y0, x1, y1 in rectangles])
    return FrameSet(width, height, _encode(base, 0, 0), patches)


def decode(patch: Patch) -> np.ndarray:
    """A patch's RGB pixels."""
    return np.asarray(Image.open(io.BytesIO(patch.data)).convert("RGB"))


def compose(frames: FrameSet, index: int) -> np.ndarray:
    """Frame ``index`` as the browser draws it: the base with that frame's patches over it."""
    picture = decode(frames.base).copy()
    for patch in frames.patches[index]:
        picture[patch.y : patch.y + patch.height, patch.x : patch.x + patch.width] = decode(patch)
    return picture


def print_picture(pixels: np.ndarray, fig: Figure, text_pt: float) -> dict[str, Any]:
    """A frame drawn for print (a handout prints an explorer's default frame at 200 ppi): its data: URI, the
    CSS width it prints at (96 CSS px per inch; :func:`.style.print_width_in`) and its smallest text in
    points at the figure's own size."""
    return {
        "src": data_uri(_encode(shared_palette([pixels])[0], 0, 0)),  # 256 colours where the eye cannot tell
        "width": round(print_width_in(fig) * 96),
        "text_pt": text_pt,
    }
