"""The handout and deck copy of the widget state is smaller but says the same (scripts/compact.py, issue 16):
default values dropped as ipywidgets' embed does, radiograph-like frames as WebP, line plots left PNG."""

from __future__ import annotations

import base64
import io
import re

import ipywidgets as widgets
import nbformat
import numpy as np
from browser import load_script
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

compact = load_script("compact")


def _png_uri(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.quantize(256).save(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _line_plot() -> Image.Image:
    fig = Figure(figsize=(7, 3.6), dpi=96)
    ax = fig.subplots()
    ax.plot([0, 1, 2, 3], [0, 1, 0.5, 0.2])
    ax.set_title("a line plot")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])


def _radiograph() -> Image.Image:
    rng = np.random.default_rng(0)
    grey = rng.normal(120, 25, size=(480, 920)).clip(0, 255).astype(np.uint8)
    return Image.fromarray(np.stack([grey] * 3, axis=-1))


def _notebook(models: dict) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {compact.WIDGET_STATE: {"state": models, "version_major": 2, "version_minor": 0}}
    return nb


def _model(widget: widgets.Widget) -> dict:
    state = widget.get_state()
    return {
        "model_module": state["_model_module"],
        "model_module_version": state["_model_module_version"],
        "model_name": state["_model_name"],
        "state": nbformat.from_dict(state),
    }


def test_default_values_are_dropped_and_set_ones_kept() -> None:
    layout = widgets.Layout(width="46em")
    html = widgets.HTML(value="<b>readout</b>", layout=layout)
    nb = _notebook({"a": _model(layout), "b": _model(html)})
    small = compact.compact_widget_state(nb)
    state = small.metadata["widgets"][compact.WIDGET_STATE]["state"]
    assert state["a"]["state"]["width"] == "46em"
    assert "height" not in state["a"]["state"]  # None by default: dropped
    assert state["b"]["state"]["value"] == "<b>readout</b>"
    assert state["b"]["state"]["_model_name"] == "HTMLModel"  # names are always kept
    # the notebook itself is not changed
    assert "height" in nb.metadata["widgets"][compact.WIDGET_STATE]["state"]["a"]["state"]


def test_radiograph_frames_become_webp_and_line_plots_stay_png() -> None:
    plot, picture = _png_uri(_line_plot()), _png_uri(_radiograph())
    frames = widgets.HTML(value=f'<img src="{plot}"><img src="{picture}">')
    nb = _notebook({"f": _model(frames)})
    value = compact.compact_widget_state(nb).metadata["widgets"][compact.WIDGET_STATE]["state"]["f"]["state"][
        "value"
    ]
    sources = re.findall(r'src="(data:image/[a-z]+;base64,[^"]+)"', value)
    assert sources[0] == plot
    assert sources[1].startswith("data:image/webp;base64,")
    assert len(sources[1]) <= compact.WEBP_SHARE * len(picture)
    webp = Image.open(io.BytesIO(base64.b64decode(sources[1].split(",", 1)[1])))
    assert webp.format == "WEBP" and webp.size == _radiograph().size


def test_static_figures_become_palette_pngs_in_the_copy_only() -> None:
    # Issue 16 (size): a cell's PNG figure is stored as a 256-colour palette PNG when smaller and the same to
    # the eye; an image with transparency is left alone; the notebook itself is unchanged.
    buffer = io.BytesIO()
    _line_plot().convert("RGB").save(buffer, format="png")
    rgb_png = base64.b64encode(buffer.getvalue()).decode("ascii")
    transparent = io.BytesIO()
    Image.new("RGBA", (40, 20), (10, 20, 30, 128)).save(transparent, format="png")
    alpha_png = base64.b64encode(transparent.getvalue()).decode("ascii")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "x",
            outputs=[
                nbformat.v4.new_output("display_data", data={"image/png": rgb_png}),
                nbformat.v4.new_output("display_data", data={"image/png": alpha_png}),
            ],
        )
    ]
    small = compact.compact_static_figures(nb)
    figure, alpha = (o["data"]["image/png"] for o in small.cells[0].outputs)
    image = Image.open(io.BytesIO(base64.b64decode(figure)))
    assert image.mode == "P" and len(figure) < len(rgb_png)
    original = np.asarray(_line_plot().convert("RGB"), dtype=int)
    assert (
        np.abs(np.asarray(image.convert("RGB"), dtype=int) - original).mean()
        <= compact.STATIC_PALETTE_MAX_DIFF
    )
    assert alpha == alpha_png
    assert nb.cells[0].outputs[0]["data"]["image/png"] == rgb_png


def test_unused_page_style_is_dropped_and_what_can_match_is_kept() -> None:
    # Issue 16 (size): nbconvert inlines JupyterLab's whole style sheet (~250 kB) into every handout.
    page = """<html><head><style>
:root { --used: red; --chained: var(--used); --unused: blue; --only-by-unused: 1px;
        --x: var(--only-by-unused); }
.present { color: var(--chained); }
.absent { color: green; }
.absent, .present > p { margin: 0; }
p:not(.absent) { padding: 0; }
.present.absent { border: 0; }
@media print { .absent { display: none; } .present { display: block; } }
@font-face { font-family: x; src: url(data:,); }
</style></head><body><div class="present other" style="width: var(--inline)"><p>x</p></div></body></html>"""
    page = page.replace("--x: var(--only-by-unused)", "--x: var(--only-by-unused); --inline: 2px")
    small = compact.drop_unused_css(page)
    css = re.search(r"<style>(.*)</style>", small, re.DOTALL).group(1)
    assert ".absent" not in css.replace(":not(.absent)", ""), "rules that need a class no element has go"
    for kept in (".present{color:var(--chained)}", ".present > p{margin:0}", "p:not(.absent){padding:0}"):
        assert kept.replace(" ", "") in css.replace(" ", "").replace(";}", "}"), kept
    assert "@media print" in css and "display: block" in css and "@font-face" in css
    assert "--used" in css and "--chained" in css and "--inline" in css, "used properties stay (also inline)"
    assert "--unused" not in css and "--only-by-unused" not in css and "--x:" not in css
    assert small.split("<style>")[0] == page.split("<style>")[0] and small.endswith(page.split("</style>")[1])
