"""The data layer: every table in data/ loads against its schema, and broken tables fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from facet_course.core import citations, data


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data/ folder with one bibliography entry, used instead of the real one."""
    (tmp_path / "references").mkdir()
    (tmp_path / "references" / "test.csv").write_text(
        "id,authors,title,journal,year,url\n"
        'smith2001,"Smith A, Jones B",A study,Spine,2001,https://pubmed.ncbi.nlm.nih.gov/1/\n'
    )
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    monkeypatch.setattr(data, "REFERENCES_DIR", tmp_path / "references")
    data.references.cache_clear()
    data._load.cache_clear()
    yield tmp_path
    data.references.cache_clear()
    data._load.cache_clear()


SCHEMA = """
title = "Test table"
[columns.level]
type = "str"
[columns.angle]
type = "float"
unit = "degrees"
min = 0
max = 90
[columns.volume]
type = "float"
unit_column = "unit"
optional = true
[columns.unit]
type = "str"
optional = true
"""


def write(folder: Path, csv: str, schema: str = SCHEMA) -> None:
    (folder / "t.csv").write_text(csv)
    (folder / "t.toml").write_text(schema)


def test_good_table_loads_with_types_units_and_sources(data_dir: Path) -> None:
    write(data_dir, "level,angle,volume,unit,source_id\nL4-5,45.5,1.5,mL,smith2001\nL5-S1,50,,,smith2001\n")
    frame = data.load_table("t")
    assert list(frame["angle"]) == [45.5, 50.0]
    assert frame["volume"].isna().tolist() == [False, True]
    assert frame.attrs["units"] == {"angle": "degrees"}
    assert citations.cite(frame) == "Source: Smith A et al., Spine 2001"


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("level,angle,volume,unit,source_id\nL4-5,45,1.5,mL,\n", "row 1 (line 2), column 'source_id': empty"),
        (
            "level,angle,volume,unit,source_id\nL4-5,45,1.5,mL,nobody1999\n",
            "'nobody1999' is not in data/references",
        ),
        (
            "level,angle,volume,unit,source_id\nL4-5,45,1.5,,smith2001\n",
            "column 'unit': unit missing for 'volume'",
        ),
        (
            "level,angle,volume,unit,source_id\nL4-5,abc,1.5,mL,smith2001\n",
            "column 'angle': 'abc' is not a number",
        ),
        (
            "level,angle,volume,unit,source_id\nL4-5,120,1.5,mL,smith2001\n",
            "outside the plausible range 0 to 90",
        ),
        (
            "level,angle,volume,unit,source_id\nL4-5,,1.5,mL,smith2001\n",
            "column 'angle': empty, but this column is required",
        ),
        (
            "level,angle,volume,source_id\nL4-5,45,1.5,smith2001\n",
            "column(s) ['unit'] from data/t.toml are missing",
        ),
        ("level,angle,volume,unit\nL4-5,45,1.5,mL\n", "no 'source_id' column"),
        (
            "level,angle,volume,unit,source_id,extra\nL4-5,45,1.5,mL,smith2001,x\n",
            "['extra'] are not described",
        ),
    ],
)
def test_broken_table_names_file_row_and_column(data_dir: Path, csv: str, message: str) -> None:
    write(data_dir, csv)
    with pytest.raises(data.DataError) as error:
        data.load_table("t")
    assert "data/t.csv" in str(error.value) or "data/t.toml" in str(error.value)
    assert message in str(error.value)


def test_numeric_column_without_unit_is_a_schema_error(data_dir: Path) -> None:
    write(
        data_dir,
        "level,angle,source_id\nL4-5,45,smith2001\n",
        '[columns.level]\n[columns.angle]\ntype = "float"\n',
    )
    with pytest.raises(data.DataError, match="numeric column 'angle' declares no unit"):
        data.load_table("t")


def test_missing_schema_and_missing_table_are_explained(data_dir: Path) -> None:
    (data_dir / "t.csv").write_text("level,source_id\nL4-5,smith2001\n")
    with pytest.raises(data.DataError, match=r"expected data/t.toml"):
        data.load_table("t")
    (data_dir / "nothing.toml").write_text("[columns.a]\n")
    with pytest.raises(data.DataError, match="no such table"):
        data.load_table("nothing")


def test_bibliography_entries_need_every_field(data_dir: Path) -> None:
    (data_dir / "references" / "bad.csv").write_text(
        "id,authors,title,journal,year,url\nbad1,Doe J,T,J,20x1,https://x.org\n"
    )
    with pytest.raises(data.DataError, match="'20x1' is not a year"):
        data.references()
    data.references.cache_clear()
    (data_dir / "references" / "bad.csv").write_text(
        "id,authors,title,journal,year,url\nbad1,Doe J,T,J,2001,x.org\n"
    )
    with pytest.raises(data.DataError, match="must be a link"):
        data.references()
    data.references.cache_clear()
    (data_dir / "references" / "bad.csv").write_text(
        "id,authors,title,journal,year,url\nsmith2001,Doe J,T,J,2001,https://x.org\n"
    )
    with pytest.raises(data.DataError, match="defined twice"):
        data.references()


def test_load_table_returns_a_copy(data_dir: Path) -> None:
    write(data_dir, "level,angle,volume,unit,source_id\nL4-5,45,1.5,mL,smith2001\n")
    first = data.load_table("t")
    first.loc[0, "angle"] = 0.0
    assert data.load_table("t").loc[0, "angle"] == 45.0


@pytest.mark.parametrize("name", data.table_names())
def test_every_table_in_data_loads(name: str) -> None:
    frame = data.load_table(name)
    assert len(frame) > 0, f"data/{name}.csv has no rows"
    for ref in data.sources_of(frame):
        assert ref.year > 1900


def test_data_readme_describes_every_table_as_it_is() -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, str(root / "scripts" / "data_readme.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_short_citations_lists_each_id_in_order(data_dir: Path) -> None:
    (data_dir / "references" / "more.csv").write_text(
        "id,authors,title,journal,year,url\njones2004,Jones B,B study,Pain,2004,https://pubmed.ncbi.nlm.nih.gov/2/\n"
    )
    data.references.cache_clear()
    assert citations.short("jones2004; smith2001") == "Jones B, Pain 2004; Smith A et al., Spine 2001"
    assert citations.cite("jones2004") == "Source: Jones B, Pain 2004"


def test_no_reference_authors_end_with_a_full_stop() -> None:
    """A full reference prints "authors. title": authors ending in "et al." would print "et al.." (review s13
    of 08, F7); the course writes "et al" in the data."""
    data.references.cache_clear()
    ending = [ref_id for ref_id, ref in data.references().items() if ref.authors.rstrip().endswith(".")]
    assert not ending, f"authors end with '.', so the citation prints '..': {ending}"


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
    return depth == 0


def test_every_short_citation_closes_its_parentheses_and_puts_et_al_after_a_name() -> None:
    """Review s15 of 08, F2: a comma inside a note in the authors field cut the short form mid-parenthesis
    ('Facet bleeding abstract (authors not shown ...; the same cohort dates et al., ...'). Every reference's
    short form and 'Author Year' label closes what it opens, and 'et al.' never follows a parenthesis."""
    data.references.cache_clear()
    bad = []
    for ref_id, ref in data.references().items():
        text, label = ref.short(), citations.author_year(ref_id)
        author_part = text.removesuffix(f", {ref.journal} {ref.year}")
        if author_part == text or not _balanced(author_part) or not _balanced(label) or ") et al." in text:
            bad.append(f"{ref_id}: {text!r} / {label!r}")
    assert not bad, "garbled short citations:\n" + "\n".join(bad)


def test_short_citation_cuts_at_the_first_comma_outside_parentheses(data_dir: Path) -> None:
    """The first author is cut at a top-level comma; a note listing names is left out of the short form."""
    (data_dir / "references" / "more.csv").write_text(
        "id,authors,title,journal,year,url\n"
        'org2010,"Some Society (working party: Cave G, Short T)",Card,Soc,2010,https://example.org/a\n'
        'note2020,"Harrison N (A Trust, Anaesthetics)",Leaflet,NHS,2020,https://example.org/b\n'
        'two2021,"Lee CJ (Clinic, Dept), Park S",Study,Pain,2021,https://example.org/c\n'
    )
    data.references.cache_clear()
    assert citations.short("org2010") == "Some Society, Soc 2010"
    assert citations.short("note2020") == "Harrison N, NHS 2020"
    assert citations.short("two2021") == "Lee CJ et al., Pain 2021"


def test_a_row_by_id_names_the_table_and_the_ids_allowed() -> None:
    """core.data.row: one lookup for every model's row-by-id (duplicates found three copies)."""
    frame = data.load_table("systemic_effects")
    assert data.row(frame, "hpa_esi_moon")["effect"] == "adrenal axis suppression"
    with pytest.raises(ValueError, match=r"no study 'nope' in data/systemic_effects\.csv; known: glucose_"):
        data.row(frame, "nope", "study")
