"""A twin's frames stored as a base picture plus patches (utils/core/frames.py, issue 16: size) give back the
frames a reader should see: exactly the shared-palette frames, within the stated tolerance of the full-colour
renders, and radiograph-like pictures within the lossy tolerance."""

from __future__ import annotations

import numpy as np
import pytest
from facet_course.core import frames
from facet_course.core.explore import Control, render_rgb
from facet_course.core.explore import explore as make_explorer
from test_explore import make_sine


def sine_frames() -> list[np.ndarray]:
    """Every frame of a small line-plot explorer, rendered whole in full colour (as the twin renders them)."""
    fig, update = make_sine()
    pictures = []
    for amplitude in (0.0, 0.5, 1.0, 1.5, 2.0):
        for shape in ("sine", "cosine"):
            update(amplitude, shape)
            fig.axes[0].set_title(f"amplitude {amplitude:g}, {shape}")
            pictures.append(render_rgb(fig, dpi=72))
    return pictures


def test_composed_frames_are_the_shared_palette_frames_exactly_and_close_to_the_renders() -> None:
    rendered = sine_frames()
    stored = frames.encode_frames(rendered, base_index=3)
    palette = frames.shared_palette(rendered)
    for index, (full, quantized) in enumerate(zip(rendered, palette, strict=True)):
        composed = frames.compose(stored, index)
        assert composed.shape == full.shape
        assert np.array_equal(composed, quantized), f"frame {index}: base + patches is not the frame's pixels"
        assert np.abs(composed.astype(int) - full.astype(int)).mean() <= frames.PALETTE_MAX_DIFF
    assert stored.patches[3] == [], "the base frame needs no patch"
    whole = sum(len(frames.encode_frames([f]).base.data) for f in rendered)
    assert stored.size() < whole, "storing only what changes is smaller than every frame whole"


def test_changed_rectangles_cover_every_changed_pixel_and_little_else() -> None:
    base = np.full((100, 160, 3), 255, dtype=np.uint8)
    frame = base.copy()
    frame[5, 7] = (0, 0, 0)  # one pixel near the top left
    frame[60:70, 100:150] = (200, 10, 10)  # a block
    rectangles = frames.changed_rectangles(base, frame, tile=16)
    covered = np.zeros(base.shape[:2], dtype=bool)
    for x0, y0, x1, y1 in rectangles:
        covered[y0:y1, x0:x1] = True
    assert covered[np.any(base != frame, axis=-1)].all()
    assert covered.mean() < 0.25 and len(rectangles) == 2
    assert frames.changed_rectangles(base, base.copy()) == []


def test_radiograph_like_patches_are_lossy_within_tolerance_and_plots_stay_lossless() -> None:
    y, x = np.mgrid[0:240, 0:320]
    rng = np.random.default_rng(1)
    pictures = []
    for shift in (0, 30, 60):  # a grey, textured 'bone' that moves: a picture, not a line plot
        grey = 120 + 60 * np.sin((x + shift) / 9.0) * np.cos(y / 13.0) + rng.normal(0, 6, x.shape)
        pictures.append(np.repeat(grey.clip(0, 255).astype(np.uint8)[..., None], 3, axis=-1))
    stored = frames.encode_frames(pictures)
    assert any(p.mime == "image/webp" for frame in stored.patches for p in frame)
    for index, picture in enumerate(pictures):
        difference = np.abs(frames.compose(stored, index).astype(int) - picture.astype(int)).mean()
        assert difference <= PICTURE_TOLERANCE, f"frame {index} differs by {difference:.2f} of 255"
    plots = frames.encode_frames(sine_frames())
    lossless = all(
        np.array_equal(frames.compose(plots, i), q)
        for i, q in enumerate(frames.shared_palette(sine_frames()))
    )
    assert lossless, "a line plot's patches must stay lossless"


#: Mean difference per channel (of 255) allowed for a radiograph-like frame stored as lossy WebP at
#: frames.PICTURE_WEBP_QUALITY (the course's C-arm frames measured at most 0.42 including the palette).
PICTURE_TOLERANCE = 3.0


def test_frames_of_different_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="same size"):
        frames.encode_frames([np.zeros((4, 4, 3), np.uint8), np.zeros((4, 5, 3), np.uint8)])


def test_the_twin_draws_each_frame_as_its_full_render() -> None:
    """End to end: the twin's stored pieces, put together, are each frame the live figure draws."""
    import base64
    import io

    from bs4 import BeautifulSoup
    from PIL import Image

    controls = [
        Control("amplitude", "Amplitude", [0.5, 1.0, 2.0], value=1.0),
        Control("shape", "Shape", ["sine"]),
    ]
    explorer = make_explorer("sine", make_sine, controls, question="How tall?", alt="A sine wave.")
    soup = BeautifulSoup(explorer.twin(), "html.parser")
    base = soup.select_one("img.facet-base")

    def pixels(uri: str) -> np.ndarray:
        return np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB"))

    width, height = int(base["width"]), int(base["height"])
    for layer, amplitude in zip(soup.select("[data-facet-key][data-alt]"), (0.5, 1.0, 2.0), strict=True):
        picture = pixels(base["src"]).copy()
        for patch in layer.select("img.facet-patch"):
            style = dict(part.split(":") for part in patch["style"].split(";"))
            x, y = (
                round(float(style["left"][:-1]) * width / 100),
                round(float(style["top"][:-1]) * height / 100),
            )
            piece = pixels(patch["src"])
            picture[y : y + piece.shape[0], x : x + piece.shape[1]] = piece
        fig, update = explorer.figure()
        update(amplitude=amplitude, shape="sine")
        full = render_rgb(fig, dpi=explorer.twin_dpi)
        assert np.abs(picture.astype(int) - full.astype(int)).mean() <= frames.PALETTE_MAX_DIFF, amplitude
