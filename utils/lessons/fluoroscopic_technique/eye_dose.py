"""03, section 8 (continued): the eyes: measured operator doses, the range of procedures a year to the
eye-lens limit, and the occupational limits of ICRP and of US federal rule (10 CFR 20).

Every number from the radiation model; regulation labels read the CFR paragraph from the reference's title.
"""

from __future__ import annotations

import re

import pandas as pd

from ...core import citations, data
from ...models import radiation

_EYE = "equivalent dose to the lens"


def regulation_label(source_id: str) -> str:
    """'10 CFR 20.1201, current text read 2026' for a regulation whose title starts with its CFR number;
    the 'Author Year' label otherwise. (core.citations has no rule for regulations; this lesson cites one.)"""
    ref = data.reference(source_id)
    match = re.match(r"\d+ CFR [\d.]+", ref.title)
    return f"{match.group(0)}, current text read {ref.year}" if match else citations.author_year(source_id)


def eye_counts_table() -> pd.DataFrame:
    """The measured physician doses behind the eye-lens counts, one row per series (data/).

    For each series: where the dosimeter was (eye level, or outside the apron: a body badge, not an eye
    dose), the mean dose and fluoroscopy time per procedure, the procedures a year to the ICRP eye-lens
    limit at that dose per procedure, and at the same dose per second for the oblique lumbar medial branch
    block's measured fluoroscopy time (scaled by time only). No row is singled out: the printout gives the
    range (:func:`eye_headline`)."""
    seconds = radiation.technique_time_s("oblique")
    eye_limit_usv = 1000.0 * radiation.annual_limit_msv(_EYE)
    rows = []
    for s in radiation.measured_operator_series():
        at_dose = eye_limit_usv / s.dose_per_procedure_usv
        scaled = eye_limit_usv / (s.rate_usv_per_s * seconds)
        where = (
            "eye level (badge on the glasses)"
            if s.where == "at eye level"
            else "outside apron (body badge: not the eyes, but what unshielded eyes are near)"
        )
        rows.append(
            {
                "procedure measured": s.procedure,
                "dosimeter": where,
                "time (s)": s.fluoro_time_s,
                "dose per procedure (µSv)": round(s.dose_per_procedure_usv, 2),
                "procedures a year to eye limit at that dose": f"{round(at_dose):,}",
                f"scaled to {seconds:g} s: procedures a year": f"{round(scaled):,}",
                "source": citations.author_year(s.source_id),
            }
        )
    return pd.DataFrame(rows).set_index("procedure measured")


#: A display choice: the cumulative eye dose is shown per this many procedures (not a clinical number).
CUMULATIVE_PER_PROCEDURES = 100


def eye_headline() -> str:
    """The operator's eye dose as measured: per procedure and per second of fluoroscopy first, then what it
    adds up to, and only then, as a weak derived figure, how many oblique medial branch blocks a year reach
    the ICRP eye-lens limit: a RANGE over the measured badges, never one series' figure (plain text, printed
    by the notebook). Measured doses only."""
    seconds = radiation.technique_time_s("oblique")
    eye_limit = radiation.annual_limit_msv(_EYE)
    glasses = radiation.procedures_to_eye_limit("at eye level", seconds)
    body = radiation.procedures_to_eye_limit("outside the apron", seconds)
    eye_low, eye_high = radiation.measured_range_usv("at eye level", seconds)
    series = radiation.series_at("at eye level")
    per_procedure = [s.dose_per_procedure_usv for s in series]
    rates = [s.rate_usv_per_s for s in series]
    n_series = {1: "one", 2: "two", 3: "three", 4: "four"}.get(len(series), str(len(series)))
    k = CUMULATIVE_PER_PROCEDURES
    sources = citations.author_year(radiation.series_sources("at eye level"))
    return (
        "MEASURED IN EPIDURAL INJECTIONS, SCALED BY FLUOROSCOPY TIME, A RANGE: badges on physicians' glasses "
        f"in {n_series} series of other spinal injections ({sources}) measured "
        f"{radiation.range_text((min(per_procedure), max(per_procedure)))} µSv per procedure, "
        f"{radiation.range_text((min(rates), max(rates)))} µSv per second of fluoroscopy (where the "
        "physicians stood was not reported). Scaled to "
        f"the {seconds:g} s of an oblique lumbar medial branch block that is "
        f"{radiation.range_text((eye_low, eye_high))} µSv per procedure, and every {k} such procedures add "
        f"{radiation.range_text((k * eye_low / 1000, k * eye_high / 1000))} mSv to the lens of your eye: "
        "the dose adds up over a career.\n"
        "Only as a weak derived figure: at those doses "
        f"{radiation.count_range_text(glasses)} such blocks a year would reach the ICRP eye-lens limit of "
        f"{eye_limit:g} mSv a year. Body badges outside the apron (not the eyes, but what unshielded eyes "
        f"are near) give {radiation.count_range_text(body)} a year "
        f"({citations.author_year(radiation.series_sources('outside the apron'))}).\n"
        f"The range spans about {eye_high / eye_low:.0f}-fold, across practices and procedures whose "
        "geometry differs from a facet procedure, so it cannot predict one physician's dose; no study the "
        "course found measured the eyes in a facet procedure, and whether the glasses were leaded was not "
        "stated. Your own dosimeter tells you where you stand.\n"
        f"{_why_this_time(seconds)}\n"
        "These counts are ceilings, not targets: keep every dose as low as reasonably achievable (ALARA), "
        f"whatever the count ({citations.author_year(citations.source('alara'))})."
    )


def _why_this_time(seconds: float) -> str:
    """Why the oblique medial branch time is used (a medial branch block time, where the AP view is the
    lower-dose option: review s12 03 F4), and the counts at the measured intra-articular times."""
    table = radiation.typical_procedures()
    joints = table[table["procedure"].str.contains("facet injection")]
    sources = radiation.radiation_procedure_table().loc[joints.index, "source_id"]
    parts = []
    for (_, r), source in zip(joints.iterrows(), sources, strict=True):
        counts = radiation.count_range_text(
            radiation.procedures_to_eye_limit("at eye level", r["fluoro_time_s"])
        )
        parts.append(
            f"{r['fluoro_time_s']:g} s ({r['statistic']}, {r['technique']}; "
            f"{citations.author_year(source)}): {counts} a year"
        )
    ap_seconds = radiation.technique_time_s("AP")
    hong = radiation.dose_area_product("AP")[2]
    ay = citations.author_year
    return (
        f"Why {seconds:g} s: it is the measured time of the oblique C-arm view in lumbar medial branch "
        f"blocks ({ay(radiation.reference_source())}), the longer of the two views compared there, not a "
        "time of the intra-articular injection this notebook simulates. For a medial branch block both "
        f"comparisons favour the AP view on dose: {ap_seconds:g} s against {seconds:g} s "
        f"({ay(radiation.reference_source())}), and a lower patient dose-area product with no difference in "
        f"intravascular uptake ({ay(hong)}). The lumbar facet joint injections in the table took "
        + "; ".join(parts)
        + " at the same measured eye-level doses."
    )


def limits_table() -> pd.DataFrame:
    """Annual occupational limits (mSv a year) of two authorities."""
    table = radiation.limits_table()
    table["source"] = [
        regulation_label(s) if a == "US 10 CFR 20" else citations.author_year(s)
        for a, s in zip(table["authority"], radiation.radiation_limit_table()["source_id"], strict=True)
    ]
    return table.rename(columns={"limit_msv_per_year": "mSv a year"}).set_index("authority")


def eye_limit_facts() -> str:
    """Why the eyes need protecting, from data/radiation_limits.csv and the measured doses (plain text).

    Both ICRP limits are occupational limits of 20 mSv a year but for different quantities (equivalent dose
    to the lens, effective dose): the same number, not the same thing, and the eye limit is not 'the lowest'.
    The US NRC limits (10 CFR 20.1201, a rule for licensees of radioactive material) are given beside them.
    The apron covers the body, not the eyes."""
    eye = radiation.limit_row(_EYE)
    body = radiation.limit_row("effective dose")
    nrc_eye = radiation.limit_row("lens dose equivalent", "US 10 CFR 20")
    nrc_body = radiation.limit_row("total effective dose equivalent", "US 10 CFR 20")
    seconds = radiation.technique_time_s("oblique")
    r = radiation.estimate_dose(seconds)
    body_measured = radiation.range_text(r.outside_apron_usv)
    glasses = [s.dose_per_procedure_usv for s in radiation.series_at("at eye level")]
    glasses_measured = (min(glasses), max(glasses))
    same = eye["limit_msv_per_year"] == body["limit_msv_per_year"]
    relation = (
        "the same number of mSv, for a different quantity" if same else "different numbers and quantities"
    )
    return (
        f"ICRP occupational limits: {eye['limit_msv_per_year']:g} mSv a year of {eye['quantity']} and "
        f"{body['limit_msv_per_year']:g} mSv a year of {body['quantity']} "
        f"({relation}; "
        f"{citations.author_year(body['source_id'])}; {citations.author_year(eye['source_id'])}). The "
        f"eye-lens limit was cut from {eye['previous_limit_msv_per_year']:g} mSv in "
        f"{int(eye['limit_since'])}.\n"
        f"US NRC limits ({regulation_label(nrc_eye['source_id'])}): {nrc_eye['quantity']} "
        f"{nrc_eye['limit_msv_per_year']:g} mSv a year; {nrc_body['quantity']} "
        f"{nrc_body['limit_msv_per_year']:g} mSv a year. By its scope "
        f"({regulation_label(citations.source('us_part20_scope'))}) that rule binds NRC licensees of "
        "radioactive material; a C-arm's x-rays fall outside it, under the rules of your own state or "
        "country (not read for this course), so check which applies to you.\n"
        "The apron covers the body, not the eyes: badges on physicians' glasses measured "
        f"{radiation.range_text(glasses_measured)} µSv per procedure in epidural injections "
        f"({citations.author_year(radiation.series_sources('at eye level'))}); scaled by time to a "
        f"{seconds:g} s procedure that is {radiation.range_text(r.eye_level_usv)} µSv, while body badges "
        f"outside the apron, scaled the same way, give {body_measured} µSv and inside it "
        f"{radiation.range_text(r.inside_apron_usv)} µSv; a 0.5 mm lead-based apron passes about "
        f"{100 * radiation.apron_transmission('0.5 mm lead'):.1f}% of the scatter and a lead-free one of the "
        f"same stated thickness about {100 * radiation.factor('apron_transmission_0.5mm_lead_free'):.1f}% "
        f"({citations.author_year(radiation.factor_source('apron_transmission_0.5mm'))}).\n"
        f"{_hands_text()}\n"
        "The basics of a pain physician's C-arm practice (key points of "
        f"{citations.author_year(citations.source('radiation_key_points'))}): a wraparound apron with a "
        "thyroid protector, eye shields, a place to stand where scatter is low, the image intensifier above "
        "the patient (never taking images with it underneath), collimation and pulsed or low-dose mode."
    )


def _hands_text() -> str:
    """The hands: ring badges in the same epidural series as the glasses badges (µSv per procedure), and the
    primary beam as a source of exposure (Park 2022)."""
    table = radiation.radiation_procedure_table()
    rings = table[table["dose_quantity"].fillna("").str.startswith("physician dose at the ring finger")]
    ring_usv = [1000.0 * float(v) for v in rings["dose_value"]]
    glasses = {s.source_id: s.dose_per_procedure_usv for s in radiation.series_at("at eye level")}
    more = all(
        1000.0 * float(r["dose_value"]) > glasses[r["source_id"]]
        for _, r in rings.iterrows()
        if r["source_id"] in glasses
    )
    return (
        "The apron does not cover your hands either: ring badges measured "
        f"{radiation.range_text((min(ring_usv), max(ring_usv)))} µSv per procedure "
        f"({citations.author_year(*rings['source_id'])})"
        + (", more than the glasses badges of the same series" if more else "")
        + ". The primary X-ray beam is one of the three "
        f"sources of exposure ({citations.author_year(citations.source('radiation_key_points'))}): keep your "
        "hands out of it."
    )
