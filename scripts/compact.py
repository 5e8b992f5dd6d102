"""Make a notebook's stored widget state smaller before it becomes a handout or a deck (issue 16: size).

Two changes, both to the copy that is exported, never to the notebook or the executed cache:

- **Default values dropped** from layout and style models: their state keeps only the values that differ
  from the model's defaults, as ipywidgets' own ``embed`` does with ``drop_defaults=True`` (the widget
  manager in the page fills the defaults in). A layout model stores about forty keys, nearly all empty; the
  quiz of notebook 08 has hundreds of them. Controls keep their whole state: a Stack whose
  ``selected_index`` (None in Python) was dropped could not be drawn in the page.
- **Radiograph-like frames as WebP**: a twin's frame that is a picture rather than a line plot (the C-arm
  simulator's grey radiographs) compresses poorly as a 256-colour PNG. Such a frame is stored as lossy
  WebP at ``WEBP_QUALITY`` when that is at most ``WEBP_SHARE`` of the PNG's size; a line plot, whose WebP
  is larger or blurs its text, stays PNG. Every browser the course targets (Chromium, Firefox, Safari)
  shows WebP, on screen and in print.
"""

from __future__ import annotations

import base64
import functools
import io
import re
import struct
import warnings
from typing import Any

import nbformat

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: WebP quality for radiograph-like frames (0-100); 85 keeps the grey bone edges free of visible artefacts.
WEBP_QUALITY = 85
#: A frame becomes WebP only when the WebP is at most this share of its PNG (a picture, not a line plot).
WEBP_SHARE = 0.6
#: PNG bytes per pixel from which a frame is tried as WebP at all: line plots measured 0.04-0.15 (their WebP
#: 1.0-1.9 times the PNG), the radiograph-like frames 0.26-0.50 (WebP 0.23-0.46 of the PNG). Encoding only
#: these keeps the build fast.
PICTURE_BYTES_PER_PIXEL = 0.2
_PNG_URI = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")


@functools.cache
def widget_defaults() -> dict[tuple[str, str], dict[str, Any]]:
    """Each ipywidgets model's default state, keyed by (model module, model name), from the widget classes
    themselves (a model that cannot be made without arguments is left out, and its state kept whole)."""
    from ipywidgets.widgets.widget import Widget

    def subclasses(cls: type) -> list[type]:
        return [sub for direct in cls.__subclasses__() for sub in (direct, *subclasses(direct))]

    found: dict[tuple[str, str], dict[str, Any]] = {}
    for cls in subclasses(Widget):
        try:
            key = (cls._model_module.default_value, cls._model_name.default_value)
        except AttributeError:
            continue
        if key in found:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                widget = cls()
        except Exception:  # noqa: BLE001 - needs arguments: keep such models' state whole
            continue
        found[key] = nbformat.from_dict(widget.get_state())
        widget.close()
    return found


def _without_defaults(model: dict[str, Any]) -> None:
    name = str(model.get("model_name", ""))
    if name != "LayoutModel" and not name.endswith("StyleModel"):
        return  # only layouts and styles: a control's default may differ in the page (module docstring)
    defaults = widget_defaults().get((model.get("model_module"), name))
    if defaults is None:
        return
    state = model.get("state", {})
    model["state"] = {
        key: value
        for key, value in state.items()
        if key.startswith("_") or key not in defaults or defaults[key] != value
    }


def _webp_if_smaller(match: re.Match[str]) -> str:
    from PIL import Image

    png = base64.b64decode(match.group(1))
    width, height = struct.unpack(">II", png[16:24])  # the PNG header (IHDR) gives the size in pixels
    if len(png) < PICTURE_BYTES_PER_PIXEL * width * height:
        return match.group(0)
    buffer = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(buffer, format="webp", quality=WEBP_QUALITY, method=4)
    webp = buffer.getvalue()
    if len(webp) > WEBP_SHARE * len(png):
        return match.group(0)
    return "data:image/webp;base64," + base64.b64encode(webp).decode("ascii")


#: A static figure (a cell's PNG output) is stored in the handout as a 256-colour palette PNG, as the twins'
#: frames already are, when that is smaller and looks the same: mean difference per colour channel at most
#: this (of 255; matplotlib's flat colours and anti-aliased text quantize to about 0.1-0.3).
STATIC_PALETTE_MAX_DIFF = 1.0


def _palette_png(png: bytes) -> bytes | None:
    """``png`` as a 256-colour palette PNG, or None when it already is one, has transparency, would not be
    smaller or would look different (:data:`STATIC_PALETTE_MAX_DIFF`)."""
    import numpy as np
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    if image.mode not in ("RGB", "L"):
        return None
    rgb = image.convert("RGB")
    palette = rgb.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    diff = np.abs(np.asarray(palette.convert("RGB"), dtype=int) - np.asarray(rgb, dtype=int)).mean()
    if diff > STATIC_PALETTE_MAX_DIFF:
        return None
    buffer = io.BytesIO()
    palette.save(buffer, format="png", optimize=True)
    return buffer.getvalue() if len(buffer.getvalue()) < len(png) else None


def compact_static_figures(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook whose static figures (PNG outputs) are palette PNGs where that is smaller and
    looks the same (issue 16: handout size); the notebook itself is not changed."""
    copy = nbformat.from_dict(nb)
    for cell in copy.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if isinstance(data.get("image/png"), str):
                smaller = _palette_png(base64.b64decode(data["image/png"]))
                if smaller is not None:
                    data["image/png"] = base64.b64encode(smaller).decode("ascii")
    return copy


def compact_widget_state(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook whose stored widget state has no default values and whose radiograph-like
    frames are WebP (see the module docstring); the notebook itself is not changed."""
    copy = nbformat.from_dict(nb)
    state = copy.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model in state.values():
        _without_defaults(model)
        value = model.get("state", {}).get("value")
        if model.get("model_name") == "HTMLModel" and isinstance(value, str) and "data:image/png" in value:
            model["state"]["value"] = _PNG_URI.sub(_webp_if_smaller, value)
    return copy
