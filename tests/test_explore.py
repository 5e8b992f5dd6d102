"""The widget toolkit: live explorers redraw in place; kernel-free twins switch frames in the browser."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
import pytest
from facet_course.core import explore, text
from facet_course.core.explore import Control
from facet_course.core.explore import explore as make_explorer
from facet_course.core.style import new_figure


def make_sine():
    fig, (ax,) = new_figure()
    x = np.linspace(0, 10, 50)
    (line,) = ax.plot(x, np.sin(x))
    ax.set_ylim(-3, 3)
    calls = {"built": 0}
    calls["built"] += 1

    def update(amplitude: float, shape: str = "sine") -> str:
        if amplitude < 0:
            raise ValueError("amplitude must be 0 or more")
        y = amplitude * (np.sin(x) if shape == "sine" else np.cos(x))
        line.set_ydata(y)
        return f"amplitude {amplitude:g}, {shape}"

    return fig, update


def sine_explorer(**kw) -> explore.Explorer:
    controls = kw.pop(
        "controls",
        [
            Control("amplitude", "Amplitude", (0.0, 2.0, 0.5), value=1.0),
            Control("shape", "Shape", ["sine", "cosine"]),
        ],
    )
    return make_explorer("sine", make_sine, controls, question="How tall is it?", alt="A sine wave.", **kw)


def test_range_control_twin_values_include_default_and_span_range() -> None:
    control = Control("a", "A", (0.0, 3.0, 0.5), value=1.2)
    frames = control.frames()
    assert frames[0] == 0.0 and frames[-1] == 3.0
    assert 1.2 in frames
    assert Control("n", "N", (1, 4, 1)).frames() == [1, 2, 3, 4]


def test_live_explorer_redraws_the_same_figure_in_place() -> None:
    explorer = sine_explorer()
    box = explorer.live()
    image = next(w for w in box.children if isinstance(w, widgets.Image))
    readout = box.children[-1]
    figure_before = explorer.figure()[0]
    png_before = image.value
    slider = next(w for w in box.children if isinstance(w, widgets.FloatSlider))
    slider.value = 2.0
    assert image.value != png_before
    assert "amplitude 2" in readout.value
    assert explorer.figure()[0] is figure_before  # not rebuilt


def test_model_refusal_is_shown_as_a_message_not_a_traceback() -> None:
    explorer = sine_explorer(controls=[Control("amplitude", "Amplitude", (-1.0, 1.0, 0.5), value=0.5)])
    box = explorer.live()
    slider = next(w for w in box.children if isinstance(w, widgets.FloatSlider))
    slider.value = -1.0
    assert "amplitude must be 0 or more" in box.children[-1].value


def test_twin_has_one_frame_per_combination_switched_by_its_controls() -> None:
    from bs4 import BeautifulSoup

    explorer = sine_explorer()
    twin = BeautifulSoup(explorer.twin(), "html.parser").select_one(".facet-explorer-twin")
    assert twin.has_attr("data-facet-switch")
    amplitude = twin.select_one("input[type=range]")
    shapes = twin.select("fieldset input[type=radio]")
    assert twin.select_one(f'label[for="{amplitude["id"]}"]').get_text() == "Amplitude"
    assert twin.select_one("fieldset legend").get_text() == "Shape"
    assert amplitude["max"] == "4" and len(shapes) == 2  # 0, 0.5, 1, 1.5, 2 and sine, cosine
    # the default frame is the one shown first: amplitude 1 (position 2), sine (position 0)
    assert amplitude["value"] == "2" and amplitude["aria-valuetext"] == "1" and shapes[0].has_attr("checked")
    layers = twin.select(".facet-picture [data-facet-key]")
    keys = [layer["data-facet-key"] for layer in layers]
    assert sorted(keys) == sorted(f"{i},{j}" for i in range(5) for j in range(2)), "one frame per combination"
    assert [layer["data-facet-key"] for layer in layers if not layer.has_attr("hidden")] == ["2,0"]
    readouts = twin.select(".facet-readout")
    assert [r["data-facet-key"] for r in readouts] == keys and len({r.get_text() for r in readouts}) == 10
    assert [r.get_text() for r in readouts if not r.has_attr("hidden")] == ["amplitude 1, sine"]
    assert all(layer["data-alt"].startswith("A sine wave. amplitude") for layer in layers)
    assert twin.select_one("img.facet-base")["alt"] == "A sine wave. amplitude 1, sine"
    assert not twin.select_one('[data-facet-key="2,0"] img'), "the default frame is the base: no patches"
    assert all(layer.select("img.facet-patch") for layer in layers if layer["data-facet-key"] != "2,0")


def test_twin_refuses_too_many_frames() -> None:
    controls = [
        Control("amplitude", "A", list(np.linspace(0, 2, 20))),
        Control("shape", "S", ["sine", "cosine"] * 1),
    ]
    controls.append(Control("x", "X", list(range(10))))
    explorer = make_explorer("big", make_sine_xyz, controls, "q?", "alt")
    with pytest.raises(ValueError, match="at most"):
        explorer.twin()


def make_sine_xyz():
    fig, update = make_sine()
    return fig, lambda amplitude, shape, x: update(amplitude, shape)


def test_explorer_needs_question_and_alt_and_distinct_controls() -> None:
    with pytest.raises(ValueError, match="question"):
        make_explorer("e", make_sine, [], question=" ", alt="a")
    with pytest.raises(ValueError, match="alt"):
        make_explorer("e", make_sine, [], question="q", alt="")
    with pytest.raises(ValueError, match="same name"):
        make_explorer("e", make_sine, [Control("a", "A", [1]), Control("a", "B", [2])], question="q", alt="a")


def test_static_mode_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    monkeypatch.setattr(explore, "display", lambda obj, **kw: shown.append(obj))
    monkeypatch.setenv(explore.STATIC_ENV, "1")
    sine_explorer()._ipython_display_()
    static = shown.pop()
    assert (
        'class="facet-explorer-twin' in static["text/html"]
        and "application/vnd.jupyter.widget-view+json" not in static
    )
    monkeypatch.setenv(explore.STATIC_ENV, "0")
    sine_explorer()._ipython_display_()
    live = shown.pop()
    assert "application/vnd.jupyter.widget-view+json" in live and "text/html" not in live
    # the same plain-text form either way: what nbval compares in the stored notebooks
    assert (
        static["text/plain"]
        == live["text/plain"]
        == ("Interactive figure 'sine' (run this cell to use it). Question: How tall is it?")
    )


def test_registry_records_every_explorer_and_benchmark_reports_both_paths() -> None:
    explorer = sine_explorer(controls=[Control("amplitude", "Amplitude", [0.5, 1.0])])
    assert explorer in explore.REGISTRY
    result = explorer.benchmark(repeats=1)
    assert result["frames"] == 2
    for key in ("model_only", "in_place_png", "naive_rebuild_png"):
        assert result[key]["median_ms"] > 0


def test_show_needs_alt_text_and_publishes_it_as_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    monkeypatch.setattr(explore, "display", lambda obj, **kw: shown.append((obj, kw)))
    fig, _ = make_sine()
    with pytest.raises(ValueError, match="alt text"):
        explore.show(fig, alt="  ")
    explore.show(fig, alt="A sine wave that peaks at 1.")
    bundle, kwargs = shown[0]
    assert bundle["text/plain"] == "A sine wave that peaks at 1."
    assert bundle["image/png"]
    assert kwargs["metadata"] == {"image/png": {"alt": "A sine wave that peaks at 1."}}


def test_render_png_is_deterministic() -> None:
    fig, update = make_sine()
    update(1.0)
    assert explore.render_png(fig) == explore.render_png(fig)
    assert explore.render_png(fig, dpi=50) == explore.render_png(fig, dpi=50)


def test_render_png_at_another_dpi_matches_savefig_and_leaves_the_figure_as_it_was() -> None:
    """One Agg draw at the twin's dpi gives savefig's pixels (savefig draws twice: half the build time)."""
    import io

    from PIL import Image

    fig, update = make_sine()
    update(1.0)
    before, size = fig.dpi, fig.canvas.get_width_height()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=72)
    expected = np.asarray(Image.open(buffer).convert("RGB"))
    got = np.asarray(Image.open(io.BytesIO(explore.render_png(fig, dpi=72))).convert("RGB"))
    assert got.shape == expected.shape and np.array_equal(got, expected)
    assert fig.dpi == before and fig.canvas.get_width_height() == size


def make_blitted_sine():
    fig, (ax,) = new_figure()
    x = np.linspace(0, 10, 50)
    (line,) = ax.plot(x, np.sin(x))
    label = ax.text(5, 0, "label above the line", zorder=5)
    title = ax.set_title(" ")
    ax.set_ylim(-3, 3)

    def update(amplitude: float, colour: str = "k") -> str:
        line.set_ydata(amplitude * np.sin(x))
        label.set_color(colour)
        title.set_text(f"amplitude {amplitude:g}")
        return f"amplitude {amplitude:g}"

    update.moving_artists = [line, title]
    return fig, update


def test_blitted_frames_match_a_full_redraw_and_keep_overlays_on_top() -> None:
    import io

    from PIL import Image

    controls = [Control("amplitude", "A", [0.5, 1.0, 2.0], value=1.0), Control("colour", "C", ["k", "r"])]
    blitted = make_explorer("blit", make_blitted_sine, controls, "q?", "alt", blit_on=("colour",))
    for params in ({"amplitude": 2.0, "colour": "k"}, {"amplitude": 0.5, "colour": "r"}):
        png, _ = blitted.frame(**params)
        reference = make_explorer("full", make_blitted_sine, controls, "q?", "alt")
        full_png, _ = reference.frame(**params)
        a = np.asarray(Image.open(io.BytesIO(png)), dtype=int)
        b = np.asarray(Image.open(io.BytesIO(full_png)), dtype=int)
        assert a.shape == b.shape
        assert np.mean(np.abs(a - b) > 40) < 0.001, "blitted frame differs from a full redraw"
    assert blitted.benchmark(repeats=1)["blit"] == "named artists"
    # the twin draws every artist again (savefig leaves animated artists out)
    twin_frames = blitted.twin()
    assert not any(a.get_animated() for a in blitted.figure()[0].findobj())
    assert twin_frames is not None


def test_say_wraps_long_paragraphs_without_breaking_words(capsys: pytest.CaptureFixture[str]) -> None:
    sample = "The third occipital nerve " * 12 + "\n- a bullet " + "that keeps going " * 10
    text.say(sample, width=60)
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert out.split() == sample.split(), "every word printed once, whole, in order"
    assert lines[-1].startswith("  "), "continuation lines of a bullet hang under it"


def test_markdown_table_keeps_long_cells_whole_and_blanks_missing_values() -> None:
    import pandas as pd

    frame = pd.DataFrame({"step": ["contrast", "x"], "why": ["a | very " + "long " * 40, None]}).set_index(
        "step"
    )
    lines = text.markdown_table(frame).splitlines()
    assert lines[0] == "| step | why |" and lines[1] == "|---|---|"
    assert lines[2].startswith("| contrast | a / very long") and lines[2].count("long") == 40
    assert lines[3] == "| x |  |"


def test_fixed_controls_can_share_one_paragraph_in_the_twin() -> None:
    # Issue 15: 04's checker has thirteen controls; one line per fixed control ran off the slide.
    from bs4 import BeautifulSoup

    def controls() -> list[Control]:
        return [
            Control("amplitude", "Amplitude", (0.0, 2.0, 0.5), value=1.0),
            Control("shape", "Shape", ["sine", "cosine"], value="cosine", twin_options=["cosine"]),
        ]

    def twin(**kw) -> Any:
        return BeautifulSoup(sine_explorer(controls=controls(), **kw).twin(), "html.parser").div

    one_each, together = twin(), twin(fixed_in_one_paragraph=True)
    (fixed,) = one_each.select(".facet-fixed")
    assert (
        fixed.decode_contents() == "Shape: <b>cosine</b> (fixed here; change it in JupyterLab)"
    )  # the default
    (paragraph,) = together.select(".facet-fixed")
    assert "Fixed here (change them in JupyterLab): Shape <b>cosine</b>." in paragraph.decode_contents()
    assert together.select(":scope > *")[1].select_one("input[type=range]")  # the control that varies first
    assert not together.select("fieldset"), "a control with one value is text, not a control"
    keys = {layer["data-facet-key"] for layer in together.select("[data-facet-key][data-alt]")}
    assert keys == {"0", "1", "2", "3", "4"}, "keys name the positions of the controls that vary"
