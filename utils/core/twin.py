"""Kernel-free twins and static self-checks as plain HTML: native controls, no widget runtime (issue 16).

In static mode (handouts and slides) an explorer's twin and a self-check are one ``text/html`` output each:

* **controls** are native, labelled, keyboard-usable HTML controls: a ``<fieldset>`` with a ``<legend>`` and
  radio buttons for a few short text options, an ``<input type="range">`` with a ``<label>``, an
  ``<output>`` and ``aria-valuetext`` for ordered values, a ``<select>`` with a ``<label>`` for many text
  options; a control with one pre-rendered value is written out as text ("fixed here");
* **frames** are a base picture and, per frame, the patches that differ from it (:mod:`.frames`), drawn as
  absolutely positioned overlays; every frame keeps its own alt text and readout;
* a **switch**: the element marked ``data-facet-switch`` holds controls (``data-facet-control``) and views
  (``data-facet-key``: one key, or several separated by spaces); the small script
  ``templates/facet_common/switch.j2`` (inlined once per page) shows the views with the key made of the
  controls' current positions joined by commas (a radio group: the index of the checked button, -1 for
  none; a range: its value; a select: its index) and hides the others. The same switch shows a
  self-check's feedback for the option picked.

Nothing here needs a kernel, ipywidgets' JavaScript or a network.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .frames import FrameSet, data_uri

if TYPE_CHECKING:
    from .explore import Control

#: Numbers ids in the page, so two controls never share one (a notebook may show an explorer twice).
_IDS = itertools.count(1)


def new_id(name: str) -> str:
    """A page-unique element id made from ``name``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "control"
    return f"facet-{slug}-{next(_IDS)}"


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def choice_html(label: str, options: Sequence[str], chosen: int | None, name: str, css: str = "") -> str:
    """A radio group: ``<fieldset>`` named by its ``<legend>`` (may be HTML), one labelled button per option
    (an option wraps under its own button); ``chosen`` is checked (None: none)."""
    buttons = "".join(
        f'<label class="facet-option"><input type="radio" name="{name}" value="{i}"'
        f"{' checked' if i == chosen else ''}><span>{escape(option)}</span></label>"
        for i, option in enumerate(options)
    )
    return (
        f'<fieldset class="facet-control facet-choice {css}" data-facet-control>'
        f"<legend>{label}</legend>{buttons}</fieldset>"
    )


def range_html(label: str, labels: Sequence[str], chosen: int, name: str) -> str:
    """An ordered choice: a range input over the positions of ``labels``, named by its ``<label>``, its value
    said by ``aria-valuetext`` and shown in an ``<output>``."""
    ident = new_id(name)
    return (
        f'<div class="facet-control facet-range"><label for="{ident}">{escape(label)}</label>'
        f'<input type="range" id="{ident}" min="0" max="{len(labels) - 1}" step="1" value="{chosen}" '
        f'aria-valuetext="{escape(labels[chosen])}" data-labels="{escape(json.dumps(list(labels)))}" '
        f'data-facet-control><output for="{ident}">{escape(labels[chosen])}</output></div>'
    )


def select_html(label: str, labels: Sequence[str], chosen: int, name: str) -> str:
    """Many text options: a ``<select>`` named by its ``<label>``, and its chosen option as text (printed in
    its place: a select is as wide as its longest option and cannot wrap)."""
    ident = new_id(name)
    options = "".join(
        f'<option value="{i}"{" selected" if i == chosen else ""}>{escape(text)}</option>'
        for i, text in enumerate(labels)
    )
    return (
        f'<div class="facet-control facet-select"><label for="{ident}">{escape(label)}</label>'
        f'<select id="{ident}" data-facet-control>{options}</select>'
        f'<span class="facet-chosen" aria-hidden="true">{escape(labels[chosen])}</span></div>'
    )


def control_html(control: Control, values: list[Any], chosen: Any) -> str:
    """A twin's control for its pre-rendered ``values``, as the live notebook's widget for the same values
    would be: text options as buttons (few and short) or a list, numbers as a slider."""
    labels = [control.label_for(v) for v in values]
    index = values.index(chosen)
    if all(isinstance(v, str) for v in values):
        if len(values) <= 4 and sum(len(v) for v in values) < 48:
            return choice_html(escape(control.label), labels, index, new_id(control.name))
        return select_html(control.label, labels, index, control.name)
    return range_html(control.label, labels, index, control.name)


def fixed_html(control: Control, value: Any) -> str:
    """A control with one pre-rendered value: its label and value, as text."""
    label, shown = escape(control.label), escape(control.label_for(value))
    return f'<div class="facet-fixed">{label}: <b>{shown}</b> (fixed here; change it in JupyterLab)</div>'


def fixed_paragraph(fixed: list[tuple[Control, Any]]) -> str:
    """Every control with one pre-rendered value in one paragraph."""
    values = "; ".join(f"{escape(c.label)} <b>{escape(c.label_for(v))}</b>" for c, v in fixed)
    return f'<div class="facet-fixed">Fixed here (change them in JupyterLab): {values}.</div>'


def question_html(question: str) -> str:
    return f'<div class="facet-question"><b>Question:</b> {escape(question)}</div>'


def readout_html(readout: str, key: str, shown: bool) -> str:
    hidden = "" if shown else " hidden"
    return (
        f'<div class="facet-readout" data-facet-key="{key}"{hidden} '
        f'style="font-size:1.05em;line-height:1.4">{readout}</div>'
    )


def captions_html(captions: list[str], keys: list[str], default: int) -> str:
    """Each frame's source note (the presentation style prints it under the figure), one view per distinct
    note, keyed by every frame that has it."""
    by_text: dict[str, list[str]] = {}
    for caption, key in zip(captions, keys, strict=True):
        if caption:
            by_text.setdefault(caption, []).append(key)
    return "".join(
        f'<div class="facet-caption" data-facet-key="{" ".join(frame_keys)}"'
        f"{'' if keys[default] in frame_keys else ' hidden'}>{escape(text)}</div>"
        for text, frame_keys in by_text.items()
    )


def picture_html(
    frames: FrameSet, keys: list[str], alts: list[str], default: int, text_px: float | None = None
) -> str:
    """The base picture and every frame's patches over it (only the default frame's shown); drawn for a
    slide, the picture says the size of its smallest text in pixels (``data-text-px``)."""

    def placed(patch: Any) -> str:
        left, top = 100 * patch.x / frames.width, 100 * patch.y / frames.height
        width = 100 * patch.width / frames.width
        return (
            f'<img class="facet-patch" src="{data_uri(patch)}" alt="" '
            f'style="left:{left:.4f}%;top:{top:.4f}%;width:{width:.4f}%">'
        )

    layers = "".join(
        f'<span class="facet-layer" data-facet-key="{key}" data-alt="{escape(alt)}"'
        f"{'' if i == default else ' hidden'}>{''.join(placed(p) for p in patches)}</span>"
        for i, (key, alt, patches) in enumerate(zip(keys, alts, frames.patches, strict=True))
    )
    said = "" if text_px is None else f' data-text-px="{text_px}"'
    return (
        f'<div class="facet-picture"><img class="facet-base" src="{data_uri(frames.base)}" '
        f'alt="{escape(alts[default])}" width="{frames.width}" height="{frames.height}"{said}>{layers}</div>'
    )


def twin_html(
    question: str,
    controls: list[Control],
    grids: list[list[Any]],
    defaults: dict[str, Any],
    frames: FrameSet,
    readouts: list[str],
    alts: list[str],
    fixed_in_one_paragraph: bool = False,
    captions: list[str] | None = None,
    slide_text_px: float | None = None,
    printed: dict[str, Any] | None = None,
) -> str:
    """A whole twin: question, controls (or their fixed values), picture, source notes and readouts.

    ``frames``, ``readouts``, ``alts`` and ``captions`` follow ``itertools.product(*grids)``; a frame's key
    is the positions of its values in the grids of the controls that vary, joined by commas. Drawn for a slide
    (``slide_text_px``: the frames' smallest text in pixels), the readouts stand under the controls, beside
    the picture, which has the slide's height to itself. ``printed`` (a handout, from
    :func:`.frames.print_picture`) is the default frame drawn for print, shown on paper instead of the
    screen's frames until a control moves.
    """
    varying = [i for i, grid in enumerate(grids) if len(grid) > 1]
    combos = list(itertools.product(*grids))
    keys = [",".join(str(grids[i].index(combo[i])) for i in varying) for combo in combos]
    default = combos.index(tuple(defaults[c.name] for c in controls))
    parts = [question_html(question)]
    for control, grid in zip(controls, grids, strict=True):
        if len(grid) > 1:
            parts.append(control_html(control, grid, defaults[control.name]))
        elif not fixed_in_one_paragraph:
            parts.append(fixed_html(control, grid[0]))
    fixed = [(c, g[0]) for c, g in zip(controls, grids, strict=True) if len(g) == 1]
    if fixed_in_one_paragraph and fixed:
        parts.append(fixed_paragraph(fixed))
    shown = "".join(
        readout_html(r, k, i == default) for i, (r, k) in enumerate(zip(readouts, keys, strict=True))
    )
    notes = captions_html(captions or [""] * len(keys), keys, default)
    picture = picture_html(frames, keys, alts, default, slide_text_px)
    if printed is not None:
        picture += (
            f'<img class="facet-print-frame" src="{printed["src"]}" alt="{escape(alts[default])}" '
            f'width="{printed["width"]}" data-text-pt="{printed["text_pt"]}">'
        )
    if (
        slide_text_px is not None
    ):  # a slide: the readout under the controls, scrolling if long; the frame beside
        readouts = f'<div class="facet-readouts" role="group" aria-label="Readout" tabindex="0">{shown}</div>'
        side = f'<div class="facet-side">{"".join(parts)}{readouts}</div>'
        parts = [side, f'<div class="facet-frame">{picture}{notes}</div>']
    else:
        parts.append(f'<div class="facet-frame">{picture}{notes}{shown}</div>')
    return f'<div class="facet-explorer-twin facet-static" data-facet-switch>{"".join(parts)}</div>'
