"""The widget toolkit every notebook uses: figures with alt text, live explorers and their kernel-free twins.

Three things, one idea each:

* :func:`show` displays a finished figure as a PNG with alt text (the handout's ``<img alt>``); its plain-text
  form is the alt text itself, so nbval compares what a figure is said to show.
* :class:`Explorer` is an interactive figure: built once by a ``make_figure()`` function that returns the
  figure and an ``update(**params) -> str`` that changes artists in place and returns a short readout.
  In a live kernel it shows ipywidgets controls and an image that is redrawn in place when a control moves.
* Its kernel-free twin (used when ``FACET_COURSE_STATIC=1``, as the handout and slide builds set) pre-renders
  one frame per combination of the controls' ``twin_options`` and is plain HTML (:mod:`.twin`): native
  labelled controls that a few lines of script (``templates/facet_common/switch.j2``) link to the frames,
  stored as one base picture plus the patches that differ (:mod:`.frames`). A handout with no kernel and no
  widget runtime is still explorable and never shows a control that does nothing.

Every explorer made is recorded in :data:`REGISTRY`, so ``make bench`` can time each widget of each notebook
against a naive rebuild without per-notebook code.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import numpy as np
from IPython.display import display
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

from . import style
from .blit import changed_artists as _changed_artists
from .blit import with_overlays as _with_overlays
from .frames import encode_frames, print_picture
from .text import plain_text
from .twin import twin_html

#: Environment variable that switches explorers to their kernel-free twins (set by handout/slide builds).
STATIC_ENV = "FACET_COURSE_STATIC"

UpdateFn = Callable[..., str]
MakeFigure = Callable[[], tuple[Figure, UpdateFn]]

#: Every explorer created in this kernel, in creation order (read by the benchmark).
REGISTRY: list[Explorer] = []

#: Twins refuse to pre-render more frames than this (handout size and build time).
MAX_TWIN_FRAMES = 120


#: Class mode (sliders update on release): "1" forces it on, "0" off; unset: on under JupyterHub.
CLASS_ENV = "FACET_COURSE_CLASS"


def class_mode() -> bool:
    """True when sliders should redraw on release only, not while dragged: under a hub (JupyterHub sets
    ``JUPYTERHUB_SERVICE_PREFIX`` for every resident's server and kernel) or when FACET_COURSE_CLASS=1.

    Many residents dragging at once on one machine would each ask for a redraw per mouse move.
    """
    setting = os.environ.get(CLASS_ENV, "").strip()
    return setting != "0" if setting else bool(os.environ.get("JUPYTERHUB_SERVICE_PREFIX"))


def static_mode() -> bool:
    """True when building handouts or slides: explorers render their kernel-free twins."""
    return os.environ.get(STATIC_ENV, "") not in ("", "0")


def render_rgb(fig: Figure, dpi: float | None = None) -> np.ndarray:
    """Draw a figure with Agg (once, at ``dpi``) and return its RGB pixels (height x width x 3)."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    # one Agg draw at the wanted dpi (savefig draws twice, once for the layout: same pixels, twice the time)
    original = fig.dpi
    if dpi is not None and dpi != original:
        fig.set_dpi(dpi)
    try:
        style.draw_for_slide(fig) if style.presenting() else canvas.draw()
        return np.array(np.asarray(canvas.buffer_rgba())[..., :3])
    finally:
        if fig.dpi != original:
            fig.set_dpi(original)


def render_png(fig: Figure, dpi: float | None = None, palette: bool = False) -> bytes:
    """Draw a figure with Agg and encode it as PNG bytes (fast, deterministic: no software/time metadata).

    ``palette=True`` stores 256 colours chosen by median cut (no visible banding on the grey radiographs):
    about a third of the size.
    """
    image = PILImage.fromarray(render_rgb(fig, dpi))
    buffer = io.BytesIO()
    if palette:
        image = image.quantize(256, method=PILImage.Quantize.MEDIANCUT)
        image.save(buffer, format="png", compress_level=9)
    else:
        image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _encode_png(canvas: FigureCanvasAgg) -> bytes:
    """PNG bytes of what the Agg canvas holds now (fast compression: speed matters more than size)."""
    rgba = np.asarray(canvas.buffer_rgba())
    buffer = io.BytesIO()
    PILImage.fromarray(rgba[..., :3]).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def png_data_uri(png: bytes) -> str:
    """A data: URI for PNG bytes, for images that must work from a file with no network."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def show(fig: Figure, alt: str) -> None:
    """Display a figure as a PNG with alt text.

    The alt text is also the output's plain-text form, which nbval compares strictly; write it as the point
    the figure makes ("Lumbar facets turn from sagittal at L1-2 to coronal at L5-S1").
    """
    if not alt.strip():
        raise ValueError("show() needs alt text that says what the figure shows (for handout readers)")
    meta: dict[str, Any] = {"alt": alt}
    if style.on_slide():  # drawn for the projector, the source note printed under it
        style.reserve_caption(fig)
        dpi = style.slide_dpi(fig)
        png = render_png(fig, dpi=dpi)
        meta.update(text_px=style.smallest_text_px(fig, dpi), caption=style.caption(fig))
    elif style.presenting():  # a handout: the slide's figure at 200 ppi for print, a page's size on screen
        style.reserve_caption(fig)
        png = render_png(fig, dpi=style.print_dpi(fig))
        meta.update(
            width=round(fig.get_figwidth() * style.CSS_PX_PER_INCH),
            caption=style.caption(fig),
            text_pt=style.smallest_text_px(fig, 72.0),  # points: the print test scales it to the printed size
        )
    else:
        png = render_png(fig)
    display(
        {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": alt},
        raw=True,
        metadata={"image/png": meta},
    )


@dataclass(frozen=True)
class Control:
    """One control of an explorer.

    ``options`` is either a list of values (strings give a dropdown or toggle buttons, numbers a selection
    slider) or a ``(minimum, maximum, step)`` tuple of numbers (a continuous slider in the live notebook).
    ``twin_options`` are the values pre-rendered for the kernel-free twin; by default the list itself, or
    seven evenly spaced values of a range. ``names`` gives a value the words a reader sees (a data id such
    as ``intra_articular`` shown as "intra-articular"); the lesson still receives the value.
    """

    name: str
    label: str
    options: Sequence[Any] | tuple[float, float, float]
    value: Any = None
    twin_options: Sequence[Any] | None = None
    unit: str = ""
    names: Mapping[Any, str] | None = field(default=None, hash=False)

    def is_range(self) -> bool:
        return (
            isinstance(self.options, tuple)
            and len(self.options) == 3
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in self.options)
        )

    def default(self) -> Any:
        if self.value is not None:
            return self.value
        if self.is_range():
            return self.options[0]
        return list(self.options)[0]

    def frames(self) -> list[Any]:
        """Values pre-rendered for the twin (always includes the default)."""
        if self.twin_options is not None:
            values = list(self.twin_options)
        elif self.is_range():
            lo, hi, step = self.options
            on_grid = np.arange(lo, hi + step / 2, step) if step else np.array([lo, hi])
            if len(on_grid) > 9:  # thin the slider's own grid to about seven frames, ends included
                on_grid = on_grid[np.unique(np.round(np.linspace(0, len(on_grid) - 1, 7)).astype(int))]
            as_int = all(isinstance(v, int) for v in self.options)
            values = [int(v) if as_int else round(float(v), 10) for v in on_grid]
        else:
            values = list(self.options)
        if self.default() not in values:
            values = sorted([*values, self.default()], key=values_key)
        return values

    def label_for(self, value: Any) -> str:
        if self.names and value in self.names:
            return self.names[value]
        if isinstance(value, float):
            text = f"{value:g}"
        else:
            text = str(value)
        return f"{text} {self.unit}".strip()

    def live_widget(self) -> widgets.ValueWidget:
        style = {"description_width": "initial"}
        layout = widgets.Layout(width="min(100%, 46em)")
        if self.is_range():
            lo, hi, step = self.options
            cls = widgets.IntSlider if all(isinstance(v, int) for v in self.options) else widgets.FloatSlider
            return cls(
                value=self.default(),
                min=lo,
                max=hi,
                step=step,
                description=self._desc(),
                continuous_update=not class_mode(),
                style=style,
                layout=layout,
            )
        return self._selection_widget(list(self.options), self.default())

    def _desc(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def _selection_widget(self, values: list[Any], value: Any) -> widgets.ValueWidget:
        style = {"description_width": "initial"}
        pairs = [(self.label_for(v), v) for v in values]
        if all(isinstance(v, str) for v in values):
            if len(values) <= 4 and sum(len(v) for v in values) < 48:
                return widgets.ToggleButtons(options=pairs, value=value, description=self.label, style=style)
            return widgets.Dropdown(options=pairs, value=value, description=self.label, style=style)
        return widgets.SelectionSlider(
            options=pairs,
            value=value,
            description=self.label,
            style=style,
            continuous_update=not class_mode(),
            layout=widgets.Layout(width="min(100%, 46em)"),
        )


def values_key(value: Any) -> Any:
    return (0, value) if isinstance(value, int | float) else (1, str(value))


@dataclass
class Explorer:
    """An interactive figure built once and updated in place; see the module docstring."""

    name: str
    make_figure: MakeFigure
    controls: list[Control]
    question: str
    alt: str
    twin_dpi: float = 96.0
    blit_on: tuple[str, ...] | None = None
    #: In the twin, say every control fixed to one value in one short paragraph after the others (for an
    #: explorer with many controls, so its column fits a slide) instead of one line each where it stands.
    fixed_in_one_paragraph: bool = False
    _figure: Figure | None = field(default=None, repr=False)
    #: The figure's layout engine, set aside while its frames share one frozen layout.
    _layout: Any = field(default=None, repr=False)
    _update: UpdateFn | None = field(default=None, repr=False)
    auto_blit: bool = True
    _background: tuple[Any, Any, list[Artist]] | None = field(default=None, repr=False)
    _last_png: bytes | None = field(default=None, repr=False)
    #: On a slide, the height (CSS px) of the longest source note and readout of the twin's frames.
    _slide_under_px: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        if not self.question.strip():
            raise ValueError(f"explorer '{self.name}' needs a question that moving it answers")
        if not self.alt.strip():
            raise ValueError(f"explorer '{self.name}' needs alt text")
        names = [c.name for c in self.controls]
        if len(set(names)) != len(names):
            raise ValueError(f"explorer '{self.name}' has two controls with the same name: {names}")
        REGISTRY.append(self)

    # -- the model of the figure -------------------------------------------------------------------
    def defaults(self) -> dict[str, Any]:
        return {c.name: c.default() for c in self.controls}

    def figure(self) -> tuple[Figure, UpdateFn]:
        """Build the figure once (lazily) and return it with its update function."""
        if self._figure is None or self._update is None:
            self._figure, self._update = self.make_figure()
            style.mark_as_frame(self._figure)
            style.reserve_under(self._figure, self._slide_under_px)
            self._update(**self.defaults())
            # Lay the figure out once, then freeze the layout: later updates only move artists. It is laid out
            # at the resolution its frames are drawn at: text measured at another dpi is a few pixels wider or
            # narrower (hinting), enough to cut a label that nearly fills the figure.
            render_png(self._figure, dpi=self._frame_dpi(self._figure))
            self._layout = self._figure.get_layout_engine()
            self._figure.set_layout_engine("none")
        return self._figure, self._update

    def _frame_dpi(self, fig: Figure) -> float | None:
        """The dpi this explorer's frames are drawn at: a slide's (its column on the projector), the twin's
        (a handout), or the figure's own (the live notebook)."""
        if style.on_slide():
            return style.slide_dpi(fig)
        return self.twin_dpi if static_mode() else None

    def frame(self, **params: Any) -> tuple[bytes, str]:
        """Update in place for one set of parameters; return (PNG bytes, readout).

        With blitting (``blit_on`` set and the update function naming its ``moving_artists``), only the
        moving artists are drawn over a cached background; the background is redrawn when a parameter
        named in ``blit_on`` changes (those change slow parts such as curves or tables).
        """
        fig, update = self.figure()
        params = {**self.defaults(), **params}
        readout = update(**params)
        moving = list(getattr(update, "moving_artists", []))
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        if self.blit_on is None or not moving:
            return self._auto_blit(canvas, fig), readout
        key = tuple(params[name] for name in self.blit_on)
        if self._background is None or self._background[0] != key:
            layer = _with_overlays(moving)
            for artist in layer:
                artist.set_animated(True)  # left out of the full draw: the background is what stays
            canvas.draw()
            self._background = (key, canvas.copy_from_bbox(fig.bbox), layer)
        else:
            canvas.restore_region(self._background[1])
        for artist in self._background[2]:
            fig.draw_artist(artist)
        return _encode_png(canvas), readout

    def _auto_blit(self, canvas: FigureCanvasAgg, fig: Figure) -> bytes:
        """Blit what the update changed, found from matplotlib's own ``stale`` flags.

        The artists an update changed are stale; when they are plain artists of an axes or the figure
        (lines, texts, patches, images, collections, legends) and no axis, spine or axes background
        changed, they are drawn over a cached background of everything else. The background is redrawn
        whenever the changed set grows beyond what it left out; anything else (new limits, ticks) gets a
        full redraw. Unchanged figures reuse the last PNG.
        """
        changed = None if not self.auto_blit else _changed_artists(fig)
        if changed is None:
            self._draw_everything()
            self._last_png = render_png(fig)
            return self._last_png
        if not changed and self._last_png is not None:
            return self._last_png
        if self._background is None or not set(map(id, changed)) <= self._background[0]:
            self._draw_everything()
            layer = _with_overlays(changed)
            for artist in layer:
                artist.set_animated(True)
            canvas.draw()
            self._background = (set(map(id, layer)), canvas.copy_from_bbox(fig.bbox), layer)
        else:
            canvas.restore_region(self._background[1])
        for artist in self._background[2]:
            fig.draw_artist(artist)
        self._last_png = _encode_png(canvas)
        return self._last_png

    def _draw_everything(self) -> None:
        """Make moving artists ordinary again (savefig leaves animated artists out) and drop the cache."""
        if self._background is not None:
            for artist in self._background[2]:
                artist.set_animated(False)
        self._background = None
        self._last_png = None

    def twin_combinations(self) -> list[dict[str, Any]]:
        grids = [c.frames() for c in self.controls]
        count = int(np.prod([len(g) for g in grids])) if grids else 1
        if count > MAX_TWIN_FRAMES:
            raise ValueError(
                f"explorer '{self.name}' would pre-render {count} frames for its handout twin; at most "
                f"{MAX_TWIN_FRAMES} are allowed: give its controls fewer twin_options"
            )
        return [
            dict(zip([c.name for c in self.controls], combo, strict=True))
            for combo in itertools.product(*grids)
        ]

    # -- the two faces -----------------------------------------------------------------------------
    def live(self) -> widgets.Widget:
        """Controls plus an image redrawn in place when a control moves (needs a kernel)."""
        png, readout = self.frame()
        # align_self: a VBox stretches its children, which blew small figures up (blurry); keep the drawn size
        image = widgets.Image(
            value=png,
            format="png",
            layout=widgets.Layout(max_width="100%", height="auto", align_self="flex-start"),
        )
        image.add_class("facet-explorer-image")
        text = widgets.HTML(_readout_html(readout))
        controls = [c.live_widget() for c in self.controls]

        def redraw(_change: object = None) -> None:
            params = {c.name: w.value for c, w in zip(self.controls, controls, strict=True)}
            try:
                new_png, new_readout = self.frame(**params)
            except ValueError as error:  # a model refusing a value explains why; never a traceback
                text.value = _readout_html(f"⚠ {error}")
                return
            image.value = new_png
            text.value = _readout_html(new_readout)

        for control in controls:
            control.observe(redraw, names="value")
        box = widgets.VBox([_question_html(self.question), *controls, image, text])
        box.add_class("facet-explorer")
        return box

    def fit_to_slide(self, combos: list[dict[str, Any]]) -> None:
        """On a slide the frame shares the slide's height with its source note (the readout stands beside it,
        under the controls): find the longest note over the frames (a throwaway figure, nothing drawn); the
        figure is drawn for the height left."""
        if not style.presenting() or self._figure is not None:
            return
        fig, update = self.make_figure()
        caption = 0.0
        for params in combos:
            update(**{**self.defaults(), **params})
            caption = max(caption, style.caption_px(fig))
        self._slide_under_px = caption

    def twin(self) -> str:
        """Kernel-free twin as plain HTML: native controls switching pre-rendered frames (see
        :mod:`.twin`); the frames are stored as one base picture plus the patches that differ
        (:mod:`.frames`)."""
        combos = self.twin_combinations()
        self.fit_to_slide(combos)
        self.figure()
        self._draw_everything()
        pictures, readouts, alts, captions = [], [], [], []
        dpi, smallest = self.twin_dpi, float("inf")
        for params in combos:
            fig, update = self.figure()
            readout = update(**params)
            if style.on_slide():  # drawn for its column on the slide (the layout holds the same size)
                dpi = style.slide_dpi(fig)
            pictures.append(render_rgb(fig, dpi=dpi))
            readouts.append(readout)
            alts.append(f"{self.alt} {plain_text(readout)}".strip())
            captions.append(style.caption(fig) if style.presenting() else "")
            smallest = min(smallest, style.smallest_text_px(fig, dpi))
        # restore the default frame so the live figure (if any) is unchanged
        fig, update = self.figure()
        update(**self.defaults())
        printed = None
        if style.presenting() and not style.on_slide():  # a handout prints the default frame at 200 ppi
            printed = print_picture(self._print_pixels(fig), fig, style.smallest_text_px(fig, 72.0))
        grids = [c.frames() for c in self.controls]
        default = combos.index(self.defaults())
        return twin_html(
            self.question,
            self.controls,
            grids,
            self.defaults(),
            encode_frames(pictures, base_index=default),
            readouts,
            alts,
            self.fixed_in_one_paragraph,
            captions=captions,
            slide_text_px=smallest if style.on_slide() else None,
            printed=printed,
        )

    def _print_pixels(self, fig: Figure) -> np.ndarray:
        """The default frame drawn for print: laid out again at the print resolution (one frame, no patches
        to line up), so no text measured at the screen's resolution is cut on paper."""
        fig.set_layout_engine(self._layout)
        try:
            return render_rgb(fig, dpi=style.print_dpi(fig))
        finally:
            fig.set_layout_engine("none")

    def _ipython_display_(self) -> None:
        text = f"Interactive figure '{self.name}' (run this cell to use it). Question: {self.question}"
        if static_mode():
            display({"text/html": self.twin(), "text/plain": text}, raw=True)
        else:
            display_widget(self.live(), text)

    # -- benchmark ---------------------------------------------------------------------------------
    def benchmark(self, repeats: int = 3) -> dict[str, Any]:
        """Time each twin frame as the live widget makes it, against a naive rebuild of the same figure.

        ``model_only``: the update function alone (model and artist changes, no drawing). ``in_place_png``:
        what a control move costs in JupyterLab (update, draw or blit, PNG). ``naive_rebuild_png``: a new
        figure per move, as ``interact`` with an inline backend does. Times in ms, median and p95.
        """
        combos = self.twin_combinations() * repeats
        fig, update = self.figure()
        model_only, in_place, naive = [], [], []
        for params in combos:
            full = {**self.defaults(), **params}
            t0 = time.perf_counter()
            update(**full)
            model_only.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            self.frame(**full)
            in_place.append((time.perf_counter() - t0) * 1000)
        for params in combos[: max(3, len(combos) // repeats)]:
            t0 = time.perf_counter()
            new_fig, new_update = self.make_figure()
            new_update(**{**self.defaults(), **params})
            render_png(new_fig)
            naive.append((time.perf_counter() - t0) * 1000)
        self.frame()

        def stats(samples: list[float]) -> dict[str, float]:
            return {"median_ms": float(np.median(samples)), "p95_ms": float(np.percentile(samples, 95))}

        result = {
            "widget": self.name,
            "frames": len(combos) // repeats,
            "blit": (
                "named artists"
                if self.blit_on is not None and getattr(update, "moving_artists", [])
                else ("changed artists" if self.auto_blit else "off")
            ),
            "model_only": stats(model_only),
            "in_place_png": stats(in_place),
            "naive_rebuild_png": stats(naive),
        }
        result["speedup"] = result["naive_rebuild_png"]["median_ms"] / result["in_place_png"]["median_ms"]
        return result


def display_widget(widget: widgets.Widget, text: str) -> None:
    """Display a widget with a fixed plain-text form (what nbval compares and what a text reader sees).

    ipywidgets' own plain-text form repeats every child's value (HTML, PNG bytes), which would make stored
    outputs huge and fragile.
    """
    bundle = widget._repr_mimebundle_()
    bundle["text/plain"] = text
    display(bundle, raw=True)


def _readout_html(readout: str) -> str:
    return f'<div class="facet-readout" style="font-size:1.05em;line-height:1.4">{readout}</div>'


def _question_html(question: str) -> widgets.HTML:
    return widgets.HTML(f'<div class="facet-question"><b>Question:</b> {html.escape(question)}</div>')


def explore(
    name: str,
    make_figure: MakeFigure,
    controls: list[Control],
    question: str,
    alt: str,
    twin_dpi: float = 96.0,
    blit_on: tuple[str, ...] | None = None,
    fixed_in_one_paragraph: bool = False,
) -> Explorer:
    """Make an explorer (displayed live in a kernel, as its twin in handouts and slides).

    ``blit_on``: turn on blitting; name the parameters whose change needs the background redrawn (``()``
    if none). The update function lists the artists it moves in an attribute ``moving_artists``.
    ``fixed_in_one_paragraph``: the twin says its fixed controls in one paragraph (see :class:`Explorer`).
    """
    return Explorer(
        name=name,
        make_figure=make_figure,
        controls=controls,
        question=question,
        alt=alt,
        twin_dpi=twin_dpi,
        blit_on=blit_on,
        fixed_in_one_paragraph=fixed_in_one_paragraph,
    )
