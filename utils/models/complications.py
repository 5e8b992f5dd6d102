"""How often things go wrong after facet procedures, each rate with its own denominator.

The one loader of ``data/complication_rates.csv``. Rates held by other tables are read through their own
models, never copied: vasovagal reactions, soreness and flares after intra-articular injections from
:mod:`facet_course.models.recovery` (notebook 05), intravascular uptake in medial branch blocks from
:mod:`facet_course.models.contrast` (notebook 03). A rate is a share of its own denominator (injections,
procedures, lesion sites, nerve blocks); it is shown per 1,000 of that same unit, never converted to another.
Percentages 0-100; counts are whole events.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..core import citations, data
from . import contrast, recovery

#: Icons in the risk array (one icon per unit of the rate's own denominator).
PER: int = 1000
#: The rule of three: with no event in n (n at least 30), about 3/n is the upper end of the 95% confidence
#: interval of the rate (Hanley and Lippman-Hand 1983); below 30 the approximation is not used.
RULE_OF_THREE_MIN_N: int = 30
#: Below this many in the denominator a rate is said as a whole percentage with its counts, never per 1,000
#: or with decimals a small sample cannot carry (course rule; review s5 F8: 5 of 12 is '42%', as the source
#: tabulates it).
SMALL_N: int = 100


@dataclass(frozen=True)
class Rate:
    """One event's rate, as a share of its own denominator, or why there is none.

    ``rate_percent`` is None when the source gives no rate (case reports, survey counts); ``unit`` is the
    denominator's unit in the plural ('injections', 'lesion sites'); ``notebook`` names the notebook that
    teaches the number when it is borrowed ('03', '05'), else ''; ``ci95_percent`` is the 95% confidence
    interval (percent of the same denominator) as the authors give it, None where the table does not hold it.
    """

    key: str
    event: str
    procedure: str
    region: str
    rate_percent: float | None
    events: int | None
    denominator: int | None
    unit: str
    evidence: str
    finding: str
    source_id: str
    notebook: str = ""
    ci95_percent: tuple[float, float] | None = None

    @property
    def per_1000(self) -> float | None:
        """Events per 1,000 of the denominator's unit (None without a rate)."""
        return None if self.rate_percent is None else per_1000(self.rate_percent)

    def count_text(self) -> str:
        """'9 of 239 procedures', or '' when the source gives no counts."""
        if self.events is None or self.denominator is None:
            return ""
        return f"{self.events} of {self.denominator:,} {self.unit}"

    @property
    def upper_95_per_1000(self) -> float | None:
        """For no event in the denominator: about the upper end of the 95% confidence interval, per 1,000 of
        the same unit (the rule of three, 3/n); None when events were seen, counts are missing or n < 30."""
        if self.events != 0 or self.denominator is None:
            return None
        return zero_events_upper_95_per_1000(self.denominator)

    def text(self) -> str:
        """'51 per 1,000 injections (5.1%)', or the reason there is no rate; for no event in n, the rule of
        three's upper bound as well (the authors' 95% CI first where the table holds it); below ``SMALL_N``
        in the denominator, '5 of 12 patients (42%)' or '97% (49 patients in the study; the count behind the
        percentage is not given)' (whole percentages, no per-1,000 form)."""
        if self.rate_percent is None:
            return f"no rate ({self.evidence.removeprefix('no rate: ')})"
        per = self.per_1000
        assert per is not None
        shown = f"{per:.2g}" if per < 1 else f"{per:.3g}"
        bound = self.upper_95_per_1000
        if bound is not None:
            per_what = (
                ""
                if self.unit == "patients"
                else f"; a bound per {self.unit.removesuffix('s')}, not per patient: several in one patient "
                "are not independent"
            )
            if self.ci95_percent is not None:  # the authors' own interval first (review s12 F4)
                lo, hi = self.ci95_percent
                return (
                    f"none in {self.denominator:,} {self.unit}: 95% CI {lo:.1f}-{hi:.1f}% as the authors "
                    f"give it, up to {per_1000(hi):g} per 1,000 {self.unit} (about {bound:.1f} per 1,000 by "
                    f"the rule of three{per_what})"
                )
            return (
                f"none in {self.denominator:,} {self.unit}: compatible with up to about {bound:.1f} per "
                f"1,000 {self.unit} (95% upper bound, rule of three{per_what})"
            )
        if self.denominator is not None and self.denominator < SMALL_N:
            if self.events is not None:
                return f"{self.count_text()} ({self.rate_percent:.0f}%)"
            # a tabulated percentage without its count: its denominator is not stated (review s12 F3)
            return (
                f"{self.rate_percent:.0f}% ({self.denominator} {self.unit} in the study; the count behind "
                "the percentage is not given)"
            )
        return f"{shown} per 1,000 {self.unit} ({self.rate_percent:g}%)"


def zero_events_upper_95_per_1000(n: int) -> float | None:
    """No event in ``n``: about the upper end of the 95% confidence interval of the rate, per 1,000 (3/n, the
    rule of three); None for n under 30, where the approximation is not used. ValueError for n < 1."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of at least 1 (the denominator); got {n!r}")
    return None if n < RULE_OF_THREE_MIN_N else 3 * PER / n


def complication_table() -> pd.DataFrame:
    """``data/complication_rates.csv``: one row per reported rate or event (see its schema)."""
    return data.load_table("complication_rates")


def per_1000(rate_percent: float) -> float:
    """A percentage as events per 1,000 of the same denominator (same unit; no conversion)."""
    if (
        not isinstance(rate_percent, int | float)
        or isinstance(rate_percent, bool)
        or math.isnan(rate_percent)
    ):
        raise ValueError(f"rate_percent must be a number from 0 to 100; got {rate_percent!r}")
    if not 0 <= rate_percent <= 100:
        raise ValueError(
            f"rate_percent must be from 0 to 100 (a share of its denominator); got {rate_percent:g}"
        )
    return rate_percent * PER / 100


def icons_filled(rate_percent: float) -> int:
    """How many of 1,000 icons a rate fills (rounded; 0 for a rate under half an event per 1,000)."""
    return int(round(per_1000(rate_percent)))


def _optional_int(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


def rate(key: str) -> Rate:
    """One row of ``data/complication_rates.csv`` by its id; ValueError listing the ids if unknown."""
    row = data.row(complication_table(), key, "complication rate")
    return Rate(
        key=key,
        event=str(row["event"]),
        procedure=str(row["procedure"]),
        region=str(row["region"]),
        rate_percent=None if pd.isna(row["rate_percent"]) else float(row["rate_percent"]),
        events=_optional_int(row["events"]),
        denominator=_optional_int(row["denominator"]),
        unit=str(row["denominator_unit"]),
        evidence=str(row["evidence"]),
        finding=str(row["finding"]),
        source_id=str(row["source_id"]),
        ci95_percent=None
        if pd.isna(row["ci95_low_percent"]) or pd.isna(row["ci95_high_percent"])
        else (float(row["ci95_low_percent"]), float(row["ci95_high_percent"])),
    )


def _from_recovery(outcome_id: str, event: str) -> Rate:
    """An intra-articular event rate held by notebook 05's outcome table (per procedure)."""
    row = recovery.outcome(outcome_id)
    n = int(row["n"])
    value = float(row["value"])
    return Rate(
        key=outcome_id,
        event=event,
        procedure="intra-articular injection",
        region=str(row["region"]),
        rate_percent=value,
        events=int(round(value * n / 100)),
        denominator=n,
        unit="procedures",
        evidence="rate",
        finding=str(row["note"]),
        source_id=str(row["source_id"]),
        notebook="05",
    )


def _from_contrast(region: str) -> Rate:
    """Intravascular uptake in medial branch blocks held by notebook 03's contrast table (per injection)."""
    series = contrast.counted_series()
    rows = series[series["region"] == region]
    if rows.empty:
        raise ValueError(f"no counted intravascular series for region {region!r}")
    row = rows.iloc[0]
    return Rate(
        key=f"intravascular_{region}",
        event="intravascular injection (contrast in a vessel)",
        procedure="medial branch block",
        region=region,
        rate_percent=float(row["intravascular_percent"]),
        events=int(row["intravascular_n"]),
        denominator=int(row["injections"]),
        unit="injections",
        evidence="rate",
        finding=str(row["detection"]),
        source_id=str(row["source_id"]),
        notebook="03",
    )


def _ia_rates() -> list[Rate]:
    return [
        _from_recovery("plastaras_vasovagal", "vasovagal reaction"),
        _from_recovery("plastaras_site_soreness", "soreness at the injection site (next days)"),
        _from_recovery("plastaras_pain_exacerbation", "more pain in the next days (flare)"),
    ]


#: What the risk explorer offers: procedure and region -> the rates that apply, in the order shown.
SCENARIOS: dict[str, tuple[str, ...]] = {
    "lumbar medial branch block": ("intravascular:lumbar", "vasovagal_mbb", "vasovagal_stopped"),
    "cervical medial branch block": ("intravascular:cervical", "vasovagal_mbb", "vasovagal_stopped"),
    "intra-articular injection (lumbar and cervical)": ("ia",),
    "lumbar radiofrequency denervation": (
        "rf_minor",
        "rf_neuritic",
        "rf_local_pain",
        "rf_deficit_or_infection",
    ),
    "cervical radiofrequency at C2-3 (third occipital nerve)": (
        "rf_ton_numbness",
        "rf_ton_ataxia",
        "rf_ton_dysaesthesia",
        "rf_ton_neuralgia",
    ),
    "cervical radiofrequency at C3-4 and below": ("rf_lower_cervical_numbness",),
}


def scenarios() -> list[str]:
    """The procedure-and-region choices of the risk explorer."""
    return list(SCENARIOS)


@dataclass(frozen=True)
class IntravascularSeries:
    """One series of notebook 03's intravascular table for medial branch blocks, in its own unit."""

    region: str
    percent: float
    counted_per: str
    design: str
    source_id: str

    def text(self) -> str:
        """'6.1% per injection (prospective series)'."""
        return f"{self.percent:g}% per {self.counted_per} ({self.design})"


def intravascular_series(region: str) -> list[IntravascularSeries]:
    """Every series of intravascular injection during medial branch blocks in a region (notebook 03's
    table), each in its own unit (injection, block level, 3-level procedure): a range, never pooled."""
    table = contrast.intravascular_table()
    rows = table[(table["procedure"] == "medial branch block") & (table["region"] == region)]
    if rows.empty:
        known = sorted(set(table["region"]))
        raise ValueError(f"region must be one of {', '.join(known)}; got {region!r}")
    return [
        IntravascularSeries(
            region=region,
            percent=float(r["intravascular_percent"]),
            counted_per=str(r["counted_per"]),
            design=str(r["design"]),
            source_id=str(r["source_id"]),
        )
        for _, r in rows.iterrows()
    ]


def rates_for(scenario: str) -> list[Rate]:
    """The rates that apply to a procedure and region, each with its own denominator."""
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {', '.join(SCENARIOS)}; got {scenario!r}")
    rates: list[Rate] = []
    for item in SCENARIOS[scenario]:
        if item == "ia":
            rates.extend(_ia_rates())
        elif item.startswith("intravascular:"):
            rates.append(_from_contrast(item.split(":", 1)[1]))
        else:
            rates.append(rate(item))
    return rates


def rates_without_rate() -> list[Rate]:
    """Events for which the sources read give no rate (case reports, survey counts), and why."""
    frame = complication_table()
    return [rate(key) for key in frame.loc[frame["evidence"] != "rate", "id"]]


def all_rates() -> list[Rate]:
    """Every rate the lesson shows, each once (own table and borrowed), in table order."""
    seen: dict[str, Rate] = {}
    for scenario in SCENARIOS:
        for r in rates_for(scenario):
            seen.setdefault(r.key, r)
    for key in complication_table()["id"]:
        seen.setdefault(key, rate(key))
    return list(seen.values())


def vasovagal_first_aid_table() -> pd.DataFrame:
    """``data/vasovagal_first_aid.csv``: what to do for a vasovagal reaction on the table, one step per row in
    order, with the step's number where it has one (degrees, L/min, mg per dose) and its source."""
    return data.load_table("vasovagal_first_aid").sort_values("order")


def _dose_text(row: pd.Series) -> str:
    """'60 degrees', '6-10 L/min', '0.6-1 mg' or '' for a step with no number."""
    if pd.isna(row["dose_low"]):
        return ""
    if row["dose_low"] == row["dose_high"]:
        return f"{row['dose_low']:g} {row['dose_unit']}"
    return f"{row['dose_low']:g}-{row['dose_high']:g} {row['dose_unit']}"


def vasovagal_first_aid() -> list[tuple[str, str, str]]:
    """The steps in order as (action with its number where it has one, detail, source ids)."""
    steps = []
    for _, row in vasovagal_first_aid_table().iterrows():
        dose = _dose_text(row)
        action = f"{row['action']} ({dose})" if dose else str(row["action"])
        steps.append((action, str(row["detail"]), str(row["source_id"])))
    return steps


def vasovagal_first_aid_text() -> str:
    """The steps in order, numbered, each with its number where it has one and its source, as sentences."""
    return " ".join(
        f"({i}) {action}: {detail} ({citations.author_year(*ids.split(';'))})."
        for i, (action, detail, ids) in enumerate(vasovagal_first_aid(), start=1)
    )
