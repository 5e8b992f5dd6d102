"""The data layer: every clinical number in the course is read from a checked, sourced table in ``data/``.

A table is a CSV file ``data/<name>.csv`` beside a schema ``data/<name>.toml`` that gives, for each column,
its type (``str``, ``float``, ``int``, ``bool``), its unit, whether it may be empty, and optionally the
values or range it may take. Every row names its sources in a ``source_id`` column (one id, or several
separated by ``;``), and every id must exist in a bibliography file ``data/references/*.csv`` with
authors, title, journal or publisher, year and a URL or DOI.

A unit is either fixed for the column (``unit = "degrees"``) or carried by each row in another column
(``unit_column = "unit"``), for long tables that hold numbers of several kinds.

Loading fails with :class:`DataError`, naming file, row and column, when a row lacks a source, a unit is
missing, a value has the wrong type or lies outside its declared range.
"""

from __future__ import annotations

import csv
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

DATA_DIR: Path = Path(__file__).resolve().parents[2] / "data"
REFERENCES_DIR: Path = DATA_DIR / "references"

REFERENCE_COLUMNS: tuple[str, ...] = ("id", "authors", "title", "journal", "year", "url")
TYPES: dict[str, type] = {"str": str, "float": float, "int": int, "bool": bool}
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


class DataError(ValueError):
    """A table in data/ breaks its schema; the message names file, row and column."""


@dataclass(frozen=True)
class Reference:
    """One bibliography entry."""

    id: str
    authors: str
    title: str
    journal: str
    year: int
    url: str

    def short(self) -> str:
        """'First author et al., Journal Year' for figure captions.

        The first author is the text before the first comma outside parentheses, so a comma inside a note
        ('Harrison N (Hull ... Trust, Anaesthetics)') never cuts the label mid-parenthesis; a note that itself
        lists names ('(working party: Cave G, ...)') is left out of the short form, and 'et al.' follows only
        when more authors follow at the top level."""
        parts = _top_level_parts(self.authors)
        first = parts[0]
        if "(" in first and "," in first[first.index("(") :]:
            first = first[: first.index("(")].strip()
        etal = " et al." if len(parts) > 1 else ""
        return f"{first}{etal}, {self.journal} {self.year}"

    def full(self) -> str:
        """Full citation for reference lists: authors. title. journal, year. url."""
        return f"{self.authors}. {self.title}. {self.journal}, {self.year}. {self.url}"


def _top_level_parts(authors: str) -> list[str]:
    """An authors field split at the commas outside parentheses, each part stripped."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(authors):
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(authors[start:i].strip())
            start = i + 1
    parts.append(authors[start:].strip())
    return parts


def _where(path: Path, line: int | None = None, column: str | None = None) -> str:
    parts = [f"data/{path.relative_to(DATA_DIR).as_posix()}"]
    if line is not None:
        parts.append(f"row {line - 1} (line {line})")
    if column is not None:
        parts.append(f"column '{column}'")
    return ", ".join(parts)


def _read_csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.exists():
        raise DataError(f"{path.name}: no such table in data/ (looked for {_where(path)})")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = []
        for row in reader:
            if None in row:
                raise DataError(f"{_where(path, reader.line_num)}: more cells than the header has columns")
            rows.append({k: (v or "").strip() for k, v in row.items()})
    return header, rows


@functools.cache
def references() -> dict[str, Reference]:
    """All bibliography entries from data/references/*.csv, by id. Ids must be unique across files."""
    found: dict[str, Reference] = {}
    for path in sorted(REFERENCES_DIR.glob("*.csv")):
        header, rows = _read_csv_rows(path)
        missing = [c for c in REFERENCE_COLUMNS if c not in header]
        if missing:
            raise DataError(f"{_where(path)}: bibliography lacks column(s) {missing}")
        for line, row in enumerate(rows, start=2):
            for column in REFERENCE_COLUMNS:
                if not row[column]:
                    raise DataError(f"{_where(path, line, column)}: empty; every reference needs {column}")
            try:
                year = int(row["year"])
            except ValueError:
                raise DataError(f"{_where(path, line, 'year')}: '{row['year']}' is not a year") from None
            if not (row["url"].startswith("https://") or row["url"].startswith("http://")):
                raise DataError(
                    f"{_where(path, line, 'url')}: '{row['url']}' must be a link (https://doi.org/... or a "
                    "PubMed/PMC/publisher URL)"
                )
            if row["id"] in found:
                raise DataError(f"{_where(path, line, 'id')}: reference id '{row['id']}' is defined twice")
            found[row["id"]] = Reference(
                row["id"], row["authors"], row["title"], row["journal"], year, row["url"]
            )
    return found


def reference(source_id: str) -> Reference:
    """One reference by id, with a clear message if it does not exist."""
    refs = references()
    if source_id not in refs:
        raise DataError(f"unknown reference id '{source_id}'; known ids are listed in data/references/*.csv")
    return refs[source_id]


def _schema(name: str) -> dict[str, Any]:
    path = DATA_DIR / f"{name}.toml"
    if not path.exists():
        raise DataError(f"data/{name}.csv has no schema: expected data/{name}.toml")
    with path.open("rb") as handle:
        schema = tomllib.load(handle)
    if "columns" not in schema:
        raise DataError(f"data/{name}.toml: no [columns.*] sections")
    return schema


def _convert(text: str, kind: str, where: str) -> Any:
    if kind == "str":
        return text
    if kind == "bool":
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise DataError(f"{where}: '{text}' is not a yes/no value (use true or false)")
    try:
        return int(text) if kind == "int" else float(text)
    except ValueError:
        raise DataError(f"{where}: '{text}' is not {'an integer' if kind == 'int' else 'a number'}") from None


def table_names() -> list[str]:
    """Names of every table in data/ (each CSV with a schema beside it)."""
    return sorted(p.stem for p in DATA_DIR.glob("*.csv"))


@functools.cache
def _load(name: str) -> pd.DataFrame:
    schema = _schema(name)
    columns: dict[str, dict[str, Any]] = schema["columns"]
    path = DATA_DIR / f"{name}.csv"
    header, rows = _read_csv_rows(path)
    if "source_id" not in header:
        raise DataError(f"{_where(path)}: no 'source_id' column; every row must name its source")
    undeclared = [c for c in header if c not in columns and c != "source_id"]
    if undeclared:
        raise DataError(f"{_where(path)}: column(s) {undeclared} are not described in data/{name}.toml")
    absent = [c for c in columns if c not in header]
    if absent:
        raise DataError(f"{_where(path)}: column(s) {absent} from data/{name}.toml are missing from the CSV")
    refs = references()
    records = []
    for line, row in enumerate(rows, start=2):
        record: dict[str, Any] = {}
        ids = [s.strip() for s in row["source_id"].split(";") if s.strip()]
        if not ids:
            raise DataError(f"{_where(path, line, 'source_id')}: empty; every row must name its source")
        for sid in ids:
            if sid not in refs:
                raise DataError(f"{_where(path, line, 'source_id')}: '{sid}' is not in data/references/*.csv")
        record["source_id"] = ";".join(ids)
        for column, spec in columns.items():
            kind = spec.get("type", "str")
            if kind not in TYPES:
                raise DataError(f"data/{name}.toml: column '{column}' has unknown type '{kind}'")
            where = _where(path, line, column)
            text = row[column]
            if text == "":
                if not spec.get("optional", False):
                    raise DataError(f"{where}: empty, but this column is required")
                record[column] = None
                continue
            value = _convert(text, kind, where)
            if "choices" in spec and value not in spec["choices"]:
                raise DataError(f"{where}: '{value}' is not one of {spec['choices']}")
            if kind in ("int", "float"):
                if "unit" not in spec and "unit_column" not in spec:
                    raise DataError(f"data/{name}.toml: numeric column '{column}' declares no unit")
                unit_column = spec.get("unit_column")
                if unit_column and not row.get(unit_column):
                    raise DataError(f"{_where(path, line, unit_column)}: unit missing for '{column}'={text}")
                lo, hi = spec.get("min"), spec.get("max")
                if (lo is not None and value < lo) or (hi is not None and value > hi):
                    raise DataError(f"{where}: {value} is outside the plausible range {lo} to {hi}")
            record[column] = value
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=[*columns, "source_id"])
    frame.attrs["name"] = name
    frame.attrs["title"] = schema.get("title", name)
    frame.attrs["units"] = {c: s.get("unit") for c, s in columns.items() if s.get("unit")}
    return frame


def load_table(name: str) -> pd.DataFrame:
    """Load and check ``data/<name>.csv`` against ``data/<name>.toml``; returns a fresh copy each call.

    The frame's ``attrs`` hold the table's title and the fixed unit of each column.
    """
    return _load(name).copy()


def row(frame: pd.DataFrame, key: str, what: str = "row") -> pd.Series:
    """The row of a loaded table whose ``id`` is ``key``; ValueError naming the table and listing the ids if
    there is none (bad input gets a message saying what is allowed)."""
    indexed = frame.set_index("id")
    if key not in indexed.index:
        name = frame.attrs.get("name", "the table")
        raise ValueError(f"no {what} {key!r} in data/{name}.csv; known: {', '.join(indexed.index)}")
    return indexed.loc[key]


def sources_of(frame: pd.DataFrame) -> list[Reference]:
    """The distinct references a (possibly filtered) table cites, in first-seen order."""
    seen: dict[str, Reference] = {}
    for ids in frame["source_id"]:
        for sid in str(ids).split(";"):
            if sid and sid not in seen:
                seen[sid] = reference(sid)
    return list(seen.values())
