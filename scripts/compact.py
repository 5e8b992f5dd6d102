"""Make a notebook's widget state, figures and page style smaller in a handout or deck (issue 16: size).

These changes are made to the copy that is exported, never to the notebook or the executed cache:

- **Default values dropped** from layout and style models: their state keeps only the values that differ
  from the model's defaults, as ipywidgets' own ``embed`` does with ``drop_defaults=True`` (the widget
  manager in the page fills the defaults in). A layout model stores about forty keys, nearly all empty; the
  quiz of notebook 08 has hundreds of them. Controls keep their whole state: a Stack whose
  ``selected_index`` (None in Python) was dropped could not be drawn in the page.
- **Radiograph-like frames as WebP**: a twin's frame that is a picture rather than a line plot (the C-arm
  simulator's grey radiographs) compresses poorly as a 256-colour PNG. Such a frame is stored as lossy
  WebP at ``WEBP_QUALITY`` when that is at most ``WEBP_SHARE`` of the PNG's size; a line plot, whose WebP
  is larger or blurs its text, stays PNG. Every browser the course targets (Chromium, Firefox, Safari)
  shows WebP, on screen and in print. (The course's twins are plain HTML now, their frames made small in
  the kernel by ``utils/core/frames.py``; these two steps serve a notebook that still stores widgets.)
- **Static figures** as 256-colour palette PNGs where that is smaller and looks the same.
- **Unused page style dropped** (:func:`drop_unused_css`, handouts only): nbconvert's ``lab`` template
  inlines JupyterLab's whole style sheet, about 250 kB per file, mostly rules for parts of JupyterLab a
  handout does not have and theme variables nothing uses. A rule whose selectors all need a class that no
  element of the page has cannot match and is dropped, then every custom property (``--name``) that no
  ``var()`` uses. The page looks exactly the same (full-page screenshots compared pixel for pixel, on screen
  and in print); a deck is left whole, since reveal.js adds classes as it runs.
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


# -- unused page style ---------------------------------------------------------------------------------------
_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL)


def page_classes(page: str) -> set[str]:
    """Every class name an element of the page has (its ``class="..."`` attributes)."""
    found: set[str] = set()
    for value in re.findall(r'\bclass="([^"]*)"', page):
        found.update(value.split())
    return found


def _selectors(prelude: list[Any]) -> list[list[Any]]:
    """A rule's selector list split at its top-level commas (tokens inside :not() etc. are one block)."""
    from tinycss2.ast import LiteralToken

    parts: list[list[Any]] = [[]]
    for token in prelude:
        if isinstance(token, LiteralToken) and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _classes_needed(selector: list[Any]) -> set[str]:
    """The classes a selector needs some element to have: ``.name`` at its top level (not inside a
    functional pseudo-class such as :not(), which may match because a class is absent)."""
    from tinycss2.ast import IdentToken, LiteralToken

    return {
        token.value
        for before, token in zip(selector, selector[1:], strict=False)
        if isinstance(before, LiteralToken) and before.value == "." and isinstance(token, IdentToken)
    }


def _rules_that_can_match(rules: list[Any], classes: set[str]) -> list[Any]:
    import tinycss2
    from tinycss2.ast import AtRule, LiteralToken, QualifiedRule

    kept = []
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            selectors = [s for s in _selectors(rule.prelude) if _classes_needed(s) <= classes]
            if not selectors:
                continue
            rule.prelude = [
                t for i, s in enumerate(selectors) for t in ([LiteralToken(0, 0, ",")] * bool(i) + s)
            ]
        elif isinstance(rule, AtRule) and rule.lower_at_keyword in ("media", "supports") and rule.content:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            inner = _rules_that_can_match(inner, classes)
            if not inner:
                continue
            rule.content = _tokens("\n".join(tinycss2.serialize([r]) for r in inner))
        kept.append(rule)
    return kept


def _without_properties(rules: list[Any], unused: set[str]) -> bool:
    """Drop the custom property declarations named in ``unused`` from ``rules`` (in place); True if any."""
    import tinycss2
    from tinycss2.ast import AtRule, Declaration, QualifiedRule

    dropped = False
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            declarations = tinycss2.parse_declaration_list(
                rule.content, skip_comments=True, skip_whitespace=True
            )
            kept = [d for d in declarations if not (isinstance(d, Declaration) and d.name in unused)]
            if len(kept) != len(declarations):
                dropped = True
                rule.content = _tokens(tinycss2.serialize(kept))
        elif isinstance(rule, AtRule) and rule.lower_at_keyword in ("media", "supports") and rule.content:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            if _without_properties(inner, unused):
                dropped = True
                rule.content = _tokens("\n".join(tinycss2.serialize([r]) for r in inner))
    return dropped


def _tokens(css: str) -> list[Any]:
    """CSS text as the component values a rule's content holds (so it can be parsed again)."""
    import tinycss2

    return tinycss2.parse_component_value_list(css)


def drop_unused_css(page: str) -> str:
    """The page with the style rules that cannot match any of its elements, and the custom properties no
    ``var()`` uses, removed from its ``<style>`` elements (see the module docstring)."""
    import tinycss2

    classes = page_classes(page)
    sheets: list[list[Any]] = []

    def parse(match: re.Match[str]) -> str:
        rules = tinycss2.parse_stylesheet(match.group(2), skip_comments=True, skip_whitespace=True)
        sheets.append(_rules_that_can_match(rules, classes))
        return f"{match.group(1)}\0{len(sheets) - 1}\0{match.group(3)}"

    skeleton = _STYLE.sub(parse, page)
    while True:  # a property used only by a dropped one is unused in turn
        text = skeleton + "".join(tinycss2.serialize(rules) for rules in sheets)
        used = set(re.findall(r"var\(\s*(--[\w-]+)", text))
        declared = set(re.findall(r"(--[\w-]+)\s*:", "".join(tinycss2.serialize(r) for r in sheets)))
        if not any(_without_properties(rules, declared - used) for rules in sheets):
            break
    return re.sub(
        "\0(\\d+)\0", lambda m: "\n".join(tinycss2.serialize([r]) for r in sheets[int(m.group(1))]), skeleton
    )
