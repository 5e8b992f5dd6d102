"""03, section 5: the needle path: set scenarios and a free planner in the tunnel and lateral views.

The plans, the SYNTHETIC operator model and the Perk-Tutor-style metrics come from the needle model
(:mod:`facet_course.models.needle`); this file draws them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...core import citations
from ...core.explore import Control, Explorer, explore
from ...core.figures import figure
from ...core.style import PALETTE, new_figure, source_note, synthetic_label
from ...core.text import plain_text
from ...models import needle
from ._common import LEVELS, aim_angle, needle_projector, real_joint_caveat, technique_source

NEEDLE_TUNNEL_FOV_MM = 80.0  # display choices: the tunnel view zoomed on the joint,
NEEDLE_LATERAL_FOV_MM = 140.0  # the lateral view wide enough to show the skin entry
#: Handout frames of the planner: at the aim angle and 10 degrees short of it (the scenario's error).
_PLANNER_TWIN_OFFSETS_DEG: tuple[int, ...] = (-10, 0)


@functools.cache
def _scenario_tracks() -> dict[str, needle.NeedleTrack]:
    return {name: needle.simulate(plan) for name, plan in needle.scenario_plans().items()}


def needle_metrics_table() -> pd.DataFrame:
    """Perk-Tutor-style metrics for each set scenario (SYNTHETIC operator model), short column names."""
    short = {
        "C-arm oblique (deg)": "oblique (deg)",
        "target reached (yes=1/no=0)": "reached (1=yes)",
        "needle travel (mm)": "needle travel, cumulative (mm)",
        "redirections (count)": "redirections",
        "depth beyond target (mm)": "beyond target (mm)",
        "bone contacts (count)": "bone contacts",
    }
    return needle.scenario_table().rename(columns=short)


def metrics_text(track: needle.NeedleTrack) -> str:
    """A track's metrics as one line ('target reached: yes; needle travel: 61.2 mm; ...'), then the
    planner's verdict (why not reached, by the simulator's rule for what the C-arm shows)."""
    units = {metric.name: metric.unit for metric in needle.METRICS}
    metrics = "; ".join(
        f"{k}: {('yes' if v else 'no') if k == 'target reached' else f'{v:g}'}"
        + ("" if units[k] in ("count", "yes=1/no=0") else f" {units[k]}")
        for k, v in needle.metrics(track).items()
    )
    return f"{metrics}. Verdict: {track.verdict}{_beyond_the_joint(track)}"


def _beyond_the_joint(track: needle.NeedleTrack) -> str:
    """For a tip that went too deep: the safety risk beyond the joint (case reports of intrathecal
    injection, dural puncture and nerve root injury) and the loss of specificity (Dory 1981's
    arthrograms), '' otherwise."""
    if "too deep" not in track.verdict:
        return ""
    cite = citations.author_year
    return (
        ". SAFETY: the ligamentum flavum and the spinal canal lie close to the joint's anterior aspect; "
        "a needle past the joint risks the epidural or intrathecal space and the nerve root: suspected "
        f"intrathecal local anaesthetic (spinal anaesthesia) after a cervical facet joint injection "
        f"({cite(citations.source('too_deep_reaches_the_spinal_canal'))}), dural puncture after a medial "
        f"branch block ({cite(citations.source('too_deep_dural_puncture'))}) and a nerve root injury after "
        f"a lumbar facet joint injection ({cite(citations.source('too_deep_nerve_root'))}) are reported. "
        "Stop and check the depth on a lateral view before injecting; if contrast outlines the thecal sac, "
        "inject nothing and remove the needle (section 7's contrast patterns). Specificity: the capsule "
        "nearly always burst at arthrography, leaking toward the dorsal ramus branches or the foramen "
        f"({cite(citations.source('capsule_bursts_at_arthrography'))}), so injectate from a tip too deep "
        "spreads beyond the joint and a diagnostic injection is no longer specific to it"
    )


def _medial_entry_warning(entry_offset_mm: float) -> str:
    """For a skin entry medial of the beam line (negative offset, mm): the textbook's warning against a
    needle that strays medially toward the interlaminar space, and what lies beyond it; '' otherwise."""
    if entry_offset_mm >= 0:
        return ""
    cite = citations.author_year
    return (
        ". <b>SAFETY, medial entry:</b> a needle entered medially heads toward the interlaminar space; the "
        "textbook technique keeps it over the articular pillars and does not let it stray medially toward "
        f"the interlaminar space ({cite(citations.source('needle_not_medial_toward_interlaminar_space'))}). "
        "Beyond the interlaminar space lie the epidural and intrathecal spaces: suspected intrathecal local "
        f"anaesthetic after a cervical facet joint injection is reported "
        f"({cite(citations.source('too_deep_reaches_the_spinal_canal'))}). Check the needle on an AP view "
        "before advancing further"
    )


def _needle_views() -> tuple[Figure, Callable[[needle.NeedleTrack], str]]:
    """Tunnel view (C-arm at the plan's angle, centred on the target) and lateral view with the needle
    path; returns the figure and a function that draws a track and returns its metrics as text."""
    fig, _ = new_figure("slide")
    fig.clear()
    grid = fig.add_gridspec(2, 2, height_ratios=(12, 1))
    tunnel, lateral = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
    key_ax = fig.add_subplot(grid[1, :])
    fields = {"t": NEEDLE_TUNNEL_FOV_MM, "l": NEEDLE_LATERAL_FOV_MM}
    images = {}
    artists = {}
    for ax, key in ((tunnel, "t"), (lateral, "l")):
        half = fields[key] / 2
        images[key] = ax.imshow(
            np.zeros((200, 200)), cmap="gray", vmin=0, vmax=1, extent=(-half, half, -half, half)
        )
        for name, style, colour, size, label in (
            ("path", "-", "orange", None, "needle track"),
            ("entry", "s", "sky_blue", 7, "skin entry"),
            ("tip", "o", "orange", 6, "needle tip"),
            ("target", "+", "green", 14, "target"),
            ("contact", "x", "vermillion", 9, "bone contact"),
        ):
            extra = {"lw": 1.5} if size is None else {"ms": size}
            if name in ("target", "contact"):
                extra["mew"] = 2.5
            (artists[f"{key}_{name}"],) = ax.plot([], [], style, color=PALETTE[colour], label=label, **extra)
        ax.set_xlim(-half, half)
        ax.set_ylim(-half, half)
        # every 20 mm, none at the field's edge: the x and y labels at a corner would meet in large type
        ticks = [t for t in np.arange(-half // 20 * 20, half + 1, 20) if abs(t) < half]
        ax.set_xticks(ticks)
        ax.set_yticks(ticks)
        ax.grid(False)
        ax.set_xlabel("image right (mm)")
        ax.set_ylabel("image up (mm)")
        synthetic_label(ax, "SYNTHETIC")
    # in a strip of its own under both views: clear of the radiographs, the needle and the x labels
    key_ax.axis("off")
    key_ax.legend(
        *lateral.get_legend_handles_labels(), loc="upper center", fontsize=8, ncols=5, borderaxespad=0
    )
    t_title = tunnel.set_title(" ", fontsize=10)
    lateral.set_title("Lateral view:\nis the tip at the joint's depth?", fontsize=10)
    source_note(
        fig,
        "Scenarios and operator model: SYNTHETIC, LUMBAR spine only. Technique: "
        f"{citations.author_year(technique_source())}. Schematic vertebrae from the anatomy model. The "
        f"operator stops after {needle.max_travel_mm():g} mm of needle travel "
        "(ILLUSTRATIVE teaching-model limit).",
    )

    def show_track(track: needle.NeedleTrack) -> str:
        plan = track.plan
        target = tuple(float(v) for v in track.target_mm)
        for angle, key in ((plan.carm_oblique_deg, "t"), (90.0, "l")):
            projector = needle_projector(plan.joint, target, angle, fields[key])
            images[key].set_data(projector.radiograph(angle))
            for name, points in (
                ("entry", track.points_mm[:1]),
                ("path", track.points_mm),
                ("tip", track.tip_mm[None, :]),
                ("target", track.target_mm[None, :]),
                ("contact", np.array(track.contacts_mm).reshape(-1, 3)),
            ):
                pts = projector.project_points(points, angle) if len(points) else np.empty((0, 2))
                artists[f"{key}_{name}"].set_data(pts[:, 0], pts[:, 1])
        t_title.set_text(f"Tunnel view:\n{plan.carm_oblique_deg:.0f}° right oblique, {plan.joint}")
        return metrics_text(track)

    return fig, show_track


def _draw_needle() -> tuple[Figure, Callable[..., str]]:
    """The set scenarios in the tunnel and lateral views, with their metrics."""
    fig, show_track = _needle_views()

    def update(scenario: str) -> str:
        tracks = _scenario_tracks()
        if scenario not in tracks:
            raise ValueError(f"unknown scenario '{scenario}'; choose one of {list(tracks)}")
        track = tracks[scenario]
        text = show_track(track) + _off_beam_note(track.reached, track.plan.entry_offset_mm)
        return f"<b>{scenario}</b>: {needle.scenario_description(scenario)}.<br>{text}. {TRAVEL_NOTE}"

    return fig, update


#: What the readouts' 'needle travel' counts (review s15 03 F5: far more than the joint's depth read as
#: implausible).
TRAVEL_NOTE = (
    "Needle travel adds up every advance and withdrawal of the SYNTHETIC operator's repeated passes, so "
    "after a bone contact and a redirection it exceeds the joint's depth; it is not the needle's length."
)


def _off_beam_note(reached: bool, entry_offset_mm: float) -> str:
    """For a needle that reached the joint from a skin entry off the beam line (mm): not the taught
    technique, in the set scenarios and the planner alike (review s15 03 F5); '' otherwise."""
    if not reached or entry_offset_mm == 0:
        return ""
    return (
        ". <b>Not the taught technique:</b> the skin entry is off the beam line, so the needle was not seen "
        "as a dot down the beam; on the beam line it is a dot at any C-arm angle, and the angle is right "
        "when the posterior joint line is open"
    )


def _off_aim_note(reached: bool, bone_contacts: float, oblique_deg: float, aim_deg: float) -> str:
    """For a needle entered on the beam line that reached the joint only after meeting bone: the C-arm was
    off the angle that opens the posterior joint line (review s13 03 F3: 10 degrees past the aim read as a
    plain success). A few degrees off with no bone met is not flagged (sixth review: the aim rests on an
    illustrative curvature)."""
    if not reached or bone_contacts <= 0:
        return ""
    off_deg = oblique_deg - aim_deg
    side = "past" if off_deg > 0 else "short of"
    return (
        f". <b>Not the taught technique:</b> the needle met bone before it got in, which a needle on the "
        f"beam line does not do at the right angle: the C-arm is {abs(off_deg):.0f}° {side} the angle that "
        "opens the posterior joint line, so the open line on the image is narrower and the tip catches the "
        "joint margin. Turn the C-arm back to the aim"
    )


def _draw_planner() -> tuple[Figure, Callable[..., str]]:
    """Free planner: any lumbar joint (right side), C-arm oblique, skin entry offset, lateral check or not."""
    fig, show_track = _needle_views()

    def update(joint: str, oblique_deg: float, entry_offset_mm: float, lateral_check: str) -> str:
        if lateral_check not in ("yes", "no"):
            raise ValueError("lateral_check must be 'yes' or 'no'")
        plan = needle.NeedlePlan(
            joint=joint,  # parsed once by the plan; the simulation passes the parsed joint on
            side="right",
            carm_oblique_deg=float(oblique_deg),
            entry_offset_mm=float(entry_offset_mm),
            lateral_check=lateral_check == "yes",
            overshoot_mm=0.0 if lateral_check == "yes" else needle.overshoot_without_check_mm(),
        )
        track = needle.simulate(plan)
        text = show_track(track)
        aim = aim_angle(joint)
        text += _off_beam_note(track.reached, entry_offset_mm)
        if entry_offset_mm == 0:  # an off-beam entry is flagged above for its own reason
            contacts = needle.metrics(track)["bone contacts"]
            text += _off_aim_note(track.reached, contacts, float(oblique_deg), aim)
        text += _medial_entry_warning(entry_offset_mm)
        if (
            not track.reached
            and needle.view_verdict(plan)[0] in ("anterior only", "closed")
            and oblique_deg > aim
        ):
            text += ". " + real_joint_caveat(plan.joint, float(oblique_deg)).rstrip(".")
        return (
            f"<b>Right {joint}</b>: C-arm {oblique_deg:g}° (the posterior joint line opens at about "
            f"{aim:.0f}°), skin entry "
            f"{abs(entry_offset_mm):g} mm {'lateral' if entry_offset_mm >= 0 else 'medial'} of the beam "
            "line, "
            f"lateral check: {lateral_check}.<br>{text}. {TRAVEL_NOTE} (SYNTHETIC operator model; lumbar "
            "spine only)"
        )

    return fig, update


def planner_explorer() -> Explorer:
    """Plan your own path: joint, C-arm angle, entry point, and whether depth is checked on a lateral view."""
    return explore(
        "needle-path-planner",
        _draw_planner,
        [
            Control("joint", "Joint (right side)", list(LEVELS), value="L4-5", twin_options=["L4-5"]),
            Control(
                "oblique_deg",
                "C-arm oblique (+ = detector to patient's right)",
                (1, 70, 1),
                value=round(aim_angle("L4-5")),
                twin_options=[round(aim_angle("L4-5")) + d for d in _PLANNER_TWIN_OFFSETS_DEG],
                unit="°",
            ),
            Control(
                "entry_offset_mm",
                "Skin entry from the beam line (+ = lateral)",
                (-20, 30, 5),
                value=0,
                twin_options=[0, 25],
                unit="mm",
            ),
            Control("lateral_check", "Depth checked on a lateral view", ["yes", "no"], value="yes"),
        ],
        question="How far off the beam line, or off the joint's angle, can you start before the needle meets "
        "bone, and what does skipping the lateral view cost? (Lumbar joints only.)",
        alt="Tunnel and lateral views of a planned right lumbar facet injection with the simulated needle "
        "track, "
        "skin entry, target and bone contacts.",
    )


#: The set scenario with no lateral check, whose needle goes too deep.
TOO_DEEP = "coaxial without lateral check"


def needle_explorer() -> Explorer:
    """Pick a scenario: see the needle in the tunnel and lateral views, and its metrics."""
    names = list(needle.scenario_plans())
    return explore(
        "needle-planner",
        _draw_needle,
        # opens on the plan that goes too deep (the question's second plan): the planner below opens coaxial
        [Control("scenario", "Scenario", names, value=TOO_DEEP)],
        question="Which plan reaches the right L4-5 joint without touching bone, and which one goes too "
        "deep?",
        alt="Tunnel view and lateral view of a simulated right L4-5 facet injection with the needle track, "
        "target and any bone contacts.",
    )


@figure("needle-tunnel-and-lateral-views")
def needle_figure() -> tuple[Figure, str]:
    """The first set scenario in the tunnel and lateral views, with its metrics."""
    fig, update = _draw_needle()
    readout = update(next(iter(needle.scenario_plans())))
    return fig, f"Coaxial needle in the tunnel view (a dot) and the lateral view. {plain_text(readout)}"
