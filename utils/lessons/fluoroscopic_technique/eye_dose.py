"""03, section 7 (continued): the eyes: measured operator doses, the headline count to the eye-lens limit,
and the occupational limits of ICRP and the US NRC.

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
    """The measured physician doses behind the headline eye count, one row per series (data/).

    For each series: where the dosimeter was (eye level, or outside the apron: a body badge, not an eye
    dose), the mean dose and fluoroscopy time per procedure, the procedures a year to the ICRP eye-lens
    limit at that dose per procedure, and at the same dose per second for the oblique lumbar medial branch
    block's measured fluoroscopy time (scaled by time only). The headline is the smallest scaled count: the
    largest measured dose per second."""
    seconds = radiation.technique_time_s("oblique")
    eye_limit_usv = 1000.0 * radiation.annual_limit_msv(_EYE)
    headline = radiation.headline_eye_series()
    rows = []
    for s in radiation.measured_operator_series():
        at_dose = eye_limit_usv / s.dose_per_procedure_usv
        scaled = eye_limit_usv / (s.rate_usv_per_s * seconds)
        where = (
            "eye level (badge on the glasses)"
            if s.where == "at eye level"
            else "outside apron (body badge; unshielded eyes get this scatter)"
        )
        rows.append(
            {
                "procedure measured": s.procedure,
                "dosimeter": where,
                "time (s)": s.fluoro_time_s,
                "dose per procedure (µSv)": round(s.dose_per_procedure_usv, 2),
                "procedures a year to eye limit at that dose": f"{round(at_dose):,}",
                f"scaled to {seconds:g} s: procedures a year": f"{round(scaled):,}"
                + (" (HEADLINE)" if s == headline else ""),
                "source": citations.author_year(s.source_id),
            }
        )
    return pd.DataFrame(rows).set_index("procedure measured")


def eye_headline() -> str:
    """The headline count of procedures a year to the ICRP eye-lens limit, from measured data, with the
    model estimate's count beside it and what each rests on (plain text, printed by the notebook)."""
    seconds = radiation.technique_time_s("oblique")
    r = radiation.estimate_dose(seconds)
    s = radiation.headline_eye_series()
    manch = next(
        m for m in radiation.measured_operator_series() if m.source_id == radiation.measured_operator_source()
    )
    eye_limit = radiation.annual_limit_msv(_EYE)
    return (
        "WORST CASE FROM MEASURED DATA (headline): about "
        f"{round(r.procedures_to_eye_limit):,} oblique lumbar medial branch blocks a year ({seconds:g} s of "
        "fluoroscopy each) would reach the ICRP eye-lens limit of "
        f"{eye_limit:g} mSv a year, at the largest measured operator dose per second: "
        f"{s.dose_per_procedure_usv:.1f} µSv per "
        f"{s.fluoro_time_s:g} s on the {s.badge} in {s.n} {s.procedure.split(' (')[0]}s "
        f"({citations.author_year(s.source_id)}), scaled by time to {r.operator_eye_measured_usv:.0f} µSv; "
        "the course takes this for unshielded eyes as a conservative assumption (badges at eye level in the "
        "table read less). No study the course found measured the eyes in a facet procedure.\n"
        f"Measured outside the apron in {manch.n:,} mixed pain procedures "
        f"({citations.author_year(manch.source_id)}): "
        f"{manch.dose_per_procedure_usv:.2f} µSv per procedure, a body badge, NOT an eye dose.\n"
        f"MODEL ESTIMATE beside it: the {100 * radiation.factor('scatter_fraction_1m'):g} % scatter rule at "
        f"0.5 m gives {r.operator_outside_apron_model_usv:.0f} µSv, or "
        f"{round(r.procedures_to_eye_limit_model):,} procedures a year; it rests on the patient dose the "
        f"C-arm reported in {citations.author_year(radiation.reference_source())}, whose quantity and mode "
        "were not stated and which the course cannot verify. Neither figure bounds the other."
    )


def limits_table() -> pd.DataFrame:
    """Annual occupational limits (mSv a year) of two authorities."""
    table = radiation.limits_table()
    table["source"] = [
        regulation_label(s) if a == "US NRC" else citations.author_year(s)
        for a, s in zip(table["authority"], radiation.radiation_limit_table()["source_id"], strict=True)
    ]
    return table.rename(columns={"limit_msv_per_year": "mSv a year"}).set_index("authority")


def eye_limit_facts() -> str:
    """Why the eyes need protecting, from data/radiation_limits.csv and the measured doses (plain text).

    Both ICRP limits are occupational limits of 20 mSv a year but for different quantities (equivalent dose
    to the lens, effective dose): the same number, not the same thing, and the eye limit is not 'the lowest'.
    The US NRC limits (10 CFR 20.1201) are given beside them. The apron covers the body, not the eyes."""
    eye = radiation.limit_row(_EYE)
    body = radiation.limit_row("effective dose")
    nrc_eye = radiation.limit_row("lens dose equivalent", "US NRC")
    nrc_body = radiation.limit_row("total effective dose equivalent", "US NRC")
    seconds = radiation.technique_time_s("oblique")
    r = radiation.estimate_dose(seconds)
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
        f"US NRC ({regulation_label(nrc_eye['source_id'])}): {nrc_eye['quantity']} "
        f"{nrc_eye['limit_msv_per_year']:g} mSv a year; {nrc_body['quantity']} "
        f"{nrc_body['limit_msv_per_year']:g} mSv a year.\n"
        f"The apron covers the body, not the eyes: for a {seconds:g} s procedure the dose taken for the eyes "
        f"(the largest measured badge rate per second, {citations.author_year(r.eye_source_id)}, "
        "scaled by time: a conservative choice, not an eye-level reading) is "
        f"{r.operator_eye_measured_usv:.0f} µSv, "
        f"the body under a 0.5 mm apron {r.operator_under_apron_usv:.1f} µSv (measured outside-apron dose x "
        f"transmission; {citations.author_year(radiation.factor_source('apron_transmission_0.5mm'))})."
    )
