"""03: the lesson's clinical prose: misconceptions, self-check questions and key references.

Every number is formatted from data/ through the models (and the simulator's computed angles); every
reference comes from the row that holds the fact or from a named statement (``citations.source``).
"""

from __future__ import annotations

from ...core import citations, data
from ...core.selfcheck import Question
from ...models import anatomy, contrast, fluoroscopy, innervation, radiation
from ...models.procedure_steps import procedure_steps_table, step
from ._common import LEVELS, best_angle, orientation_sources, steep_oblique_deg, technique_source
from .contrast import pooled_aspiration_miss
from .eye_dose import regulation_label
from .simulator import AIM_COLUMN, oblique_angles_table


def _magnification_line() -> str:
    """The misconception on magnification mode: the skin-dose factor this course derives, with sources."""
    mag = radiation.magnification_factor("magnified 1")
    return (
        "- *“Magnification mode gives a closer look at no cost.”* **It raises the patient's skin dose**, "
        f"by about {mag:.1f}-fold in the first magnified field: a figure this course derives, not a "
        "measurement: the square of the ratio of the full to the magnified image-intensifier diameter "
        f"({radiation.field_diameter_cm('full field'):g} cm / {radiation.field_diameter_cm('magnified 1'):g} "
        f"cm; {citations.short(radiation.factor_source('image_intensifier_full_cm'))}), by the square law of "
        f"{citations.short(radiation.factor_source('magnification_dose_exponent'))}. Collimate instead."
    )


def misconceptions() -> str:
    """Misconceptions from leaflets and practice, each corrected with the evidence and its source
    (Markdown)."""
    table = oblique_angles_table()
    lo, hi = table["facet angle (deg)"].min(), table["facet angle (deg)"].max()
    lumbar = contrast.first_counted_series()
    missed, missed_source = pooled_aspiration_miss()
    skin = step("Skin local anaesthetic")
    low = min(anatomy.facet_angle_to_sagittal_deg(j)[1] for j in LEVELS)
    high = max(anatomy.facet_angle_to_sagittal_deg(j)[2] for j in LEVELS)
    technique = citations.short(technique_source())
    _dap_unit, _dap_source = radiation.dose_area_product("oblique")[1:]

    def _dap(view: str) -> float:
        return radiation.dose_area_product(view)[0]

    lines = [
        "- *“Set the C-arm to the steep Scotty-dog oblique for every lumbar facet joint.”* **No single angle "
        f"fits:** the mean facet angle runs from {lo:.0f}° to {hi:.0f}° across lumbar levels, and the "
        f"studies' values from {low:.0f}° to {high:.0f}° ({orientation_sources()[8:]}); turning further "
        "than the first joint line shows the *anterior* (ventral) joint, which a needle from behind cannot "
        f"enter ({technique}; the traditional steep Scotty-dog oblique profiles that anterior joint "
        f"({citations.short(citations.source('scotty_dog_profiles_anterior_joint'))}); in this model at "
        f"about {steep_oblique_deg():.0f}° for L4-5). "
        "Turn from AP and aim for the posterior joint line. This is for an *intra-articular* injection: "
        "for a medial branch block the Scotty-dog oblique is the standard trajectory view "
        f"({citations.short(citations.source('scotty_dog_mbb_trajectory_and_tilt'))}).",
        "- *“No blood on aspiration, so the needle is not in a vessel.”* **Aspiration caught only "
        f"{contrast.caught_percent(lumbar, 'aspiration'):.0f}%** of intravascular lumbar medial branch "
        f"injections ({citations.short(lumbar['source_id'])}), and in a series that included lumbar "
        f"zygapophyseal joint injections aspiration gave no flashback in {missed:g}% of intravascular "
        f"injections, pooled over all its procedure types ({missed_source}); watch contrast live.",
        f"- *Leaflet: “{skin['leaflet_says']}”* **True, and only the skin:** "
        f"{skin['leaflet_leaves_out']} ({citations.short(skin['source_id'])}).",
        _magnification_line(),
        "- *“The tunnel view shows how deep the needle is.”* **It cannot:** a needle down the beam is a dot "
        f"at every depth; check depth on a lateral view ({technique}).",
        "- *Leaflets say nothing about x-rays' dose.* **It is small but real and varies with technique:** "
        "in lumbar medial branch blocks "
        f"{citations.short(radiation.reference_source())} measured more fluoroscopy time with the oblique "
        f"than with the AP technique ({radiation.technique_time_s('oblique'):g} s against "
        f"{radiation.technique_time_s('AP'):g} s), and {citations.short(_dap_source)} a larger dose-area "
        f"product ({_dap('oblique'):g} against {_dap('AP'):g} {_dap_unit}; the abstract prints the unit as "
        "cGy/cm², a dose-area product is dose times area), with no difference in intravascular uptake: for "
        "a medial branch block the AP view is the lower-dose option.",
    ]
    return "\n".join(lines)


def _angle_questions() -> list[Question]:
    """Which way and how far to turn; why levels differ; which joint line a steep oblique shows."""
    table = oblique_angles_table()
    l23, l45 = table.loc["L2-3"], table.loc["L4-5"]
    aim45, steep45 = l45[AIM_COLUMN], l45["steep oblique: anterior line (deg)"]
    return [
        Question(
            prompt="A prone patient, right L4-5 facet joint. Which way do you turn the C-arm, and about how "
            "far?",
            options=(
                f"Detector right, to the first joint line (about {aim45:.0f}° in the model)",
                f"Detector left, to the first joint line (about {aim45:.0f}° in the model)",
                "Always the same steep oblique toward either side",
                "No oblique: the joint is seen in the AP view",
            ),
            answer=0,
            explanation=(
                "Turn the detector toward the side of the joint and stop when the first (posterior) joint "
                f"line opens: in this curved-joint model at about {aim45:.0f}°, before the mean facet angle "
                f"of {l45['facet angle (deg)']:.0f}° (studies {l45['study range (deg)']}°), because the "
                "posterior part of a curved joint is more sagittal; the steeper line at about "
                f"{steep45:.0f}° is the anterior "
                "joint, which a needle from behind cannot enter."
            ),
            source_id=f"{anatomy.facet_angle_sources('L4-5')};{technique_source()}",
        ),
        Question(
            prompt="Why does L2-3 need a smaller oblique than L4-5?",
            options=(
                f"Its facets are more sagittal (mean {l23['facet angle (deg)']:.0f}° against "
                f"{l45['facet angle (deg)']:.0f}°)",
                "Its facets are more coronal",
                "Upper lumbar joints lie deeper",
                "It does not: every lumbar level uses the same angle",
            ),
            answer=0,
            explanation="Lumbar facets turn from sagittal toward coronal going down; the oblique that opens "
            "each "
            "joint follows its facet angle.",
            source_id=citations.joined(
                anatomy.facet_angle_sources("L2-3"), anatomy.facet_angle_sources("L4-5")
            ),
        ),
        Question(
            prompt="On a steep (Scotty-dog) oblique view you see the joint line clearly. Is that where your "
            "needle from behind will enter?",
            options=(
                "Not necessarily: a steep oblique can show the anterior (ventral) joint; aim for the "
                "posterior joint line as you turn from AP",
                "Yes: a visible joint line is always the entry point",
                "Only if the tilt is cranial",
                "Only at L5-S1",
            ),
            answer=0,
            explanation=fluoroscopy.view_statement("steep oblique").capitalize()
            + "; "
            + fluoroscopy.view_statement("posterior joint space")
            + f". In this model the anterior margin of L4-5 shows at about {steep_oblique_deg():.0f}°, the "
            f"posterior at about {best_angle('L4-5', 'posterior'):.0f}°.",
            source_id=technique_source(),
        ),
    ]


def _image_and_contrast_questions() -> list[Question]:
    """The Scotty dog's neck and collar; how far a negative aspiration reassures."""
    lumbar = contrast.first_counted_series()
    aspiration = contrast.caught_percent(lumbar, "aspiration")
    return [
        Question(
            prompt="On the oblique view, which bone is the Scotty dog's neck, and what does a 'collar' mean?",
            options=(
                "Pars interarticularis; a collar is a pars defect (spondylolysis)",
                "Pedicle; a collar is a pedicle fracture",
                "Transverse process; a collar is normal",
                "Lamina; a collar is a facet joint effusion",
            ),
            answer=0,
            explanation=f"The neck is the {fluoroscopy.view_statement('neck')}; the collar is "
            f"{fluoroscopy.view_statement('collar')}.",
            source_id=citations.joined(fluoroscopy.view_source("neck"), fluoroscopy.view_source("collar")),
        ),
        Question(
            prompt="You aspirate before injecting and see no blood. How reassured should you be?",
            options=(
                f"Not very: aspiration caught only {aspiration:.0f}% of intravascular medial branch "
                "injections; watch contrast live",
                "Fully: a negative aspiration excludes a vessel",
                "Enough to skip contrast",
                "Reassured only in the cervical spine",
            ),
            answer=0,
            explanation=f"In {int(lumbar['injections']):,} lumbar medial branch blocks, "
            f"{lumbar['intravascular_percent']:g}% "
            f"were intravascular on live fluoroscopy; aspiration predicted {aspiration:.0f}% of them.",
            source_id=str(lumbar["source_id"]),
        ),
    ]


def _radiation_questions() -> list[Question]:
    """The eye-lens limit of two authorities; which fluoroscopy mode gave the lowest dose."""
    eye = radiation.annual_limit_msv("equivalent dose to the lens")
    nrc_eye = radiation.annual_limit_msv("lens dose equivalent", "US 10 CFR 20")
    nrc_source = radiation.limit_source("lens dose equivalent", "US 10 CFR 20")
    pulsed = radiation.factor("mode_reduction_pulsed_low_dose")
    return [
        Question(
            prompt="What is the ICRP annual limit for the lens of the eye of a radiation worker?",
            options=(
                f"{eye:g} mSv a year (5-year average)",
                f"{nrc_eye:g} mSv a year",
                "1 mSv a year",
                "There is no separate eye limit",
            ),
            answer=0,
            explanation="ICRP lowered the occupational limit on the equivalent dose to the lens to "
            f"{eye:g} mSv a year averaged over five years; the US federal limit on the lens dose equivalent "
            f"({regulation_label(nrc_source)}) is {nrc_eye:g} mSv a year. The authorities differ; both are "
            "shown in the table.",
            source_id=citations.joined(radiation.limit_source("equivalent dose to the lens"), nrc_source),
        ),
        Question(
            prompt="Cho et al. compared the fluoroscopy modes of one C-arm, with a lead apron on the table "
            "standing in for the patient. Which mode gave the lowest measured dose?",
            options=(
                f"Pulsed plus low-dose mode (about {100 * pulsed:.0f}% less than conventional)",
                "Magnification mode",
                "Conventional (continuous) mode",
                "The modes did not differ",
            ),
            answer=0,
            explanation=f"Pulsed and low-dose modes together gave {100 * pulsed:.0f}% less measured dose "
            "than conventional mode on that C-arm (a phantom measurement, not patients' doses); "
            "magnification raises the skin dose. Ask which mode your C-arm runs in: the measured series in "
            "this notebook did not say.",
            source_id=radiation.factor_source("mode_reduction_pulsed_low_dose"),
        ),
    ]


def self_check_questions() -> list[Question]:
    """At least five questions; numbers formatted from data/ and the models."""
    return [*_angle_questions(), *_image_and_contrast_questions(), *_radiation_questions()]


def key_references() -> str:
    """Markdown list of every reference notebook 03 uses: the sources of every table it teaches from."""
    tables = (
        fluoroscopy.views_table(),
        fluoroscopy.model_assumption_table(),
        fluoroscopy.needle_scenarios_table(),
        contrast.intravascular_table(),
        contrast.patterns_table(),
        radiation.radiation_procedure_table(),
        radiation.radiation_factor_table(),
        radiation.radiation_limit_table(),
        procedure_steps_table(),
        fluoroscopy.regional_differences_table(),
    )
    ids: list[str] = [sid for table in tables for sid in table["source_id"]]
    ids.append(innervation.nerves_to_block("C2-3").source_id)
    ids.extend(anatomy.facet_angle_sources(j) for j in LEVELS)
    ids.append(anatomy.capsule_capacity_ml("lumbar")[2])
    ids.extend(
        citations.source(k)
        for k in (
            "collimation_trial_mbb",
            "us_part20_scope",
            "radiation_key_points",
            "needle_not_medial_toward_interlaminar_space",
            "contrast_hypersensitivity_gadolinium",
            "scotty_dog_profiles_anterior_joint",
            "scotty_dog_mbb_trajectory_and_tilt",
        )
    )
    return citations.references_markdown(_one_id_per_work(ids))


def _one_id_per_work(ids: list[str]) -> list[str]:
    """The distinct reference ids, keeping only the first of several ids for one work (same authors, title
    and year: Dory 1981 is held once with its DOI and once with its PubMed link; review s17 03 F6)."""
    seen: set[tuple[str, str, int]] = set()
    kept: list[str] = []
    for sid in citations.ids_of(*ids):
        ref = data.reference(sid)
        work = (ref.authors.casefold(), ref.title.casefold(), int(ref.year))
        if work not in seen:
            seen.add(work)
            kept.append(sid)
    return kept
