"""The copy's own additions and corrections to the reference files (kg/gazetteer/amendments.py): applied as cited,
and refused when they no longer match the row they name."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.gazetteer.amendments import amended
from kg.gazetteer.from_csv import read_table

LEADERS = "name,qid,aliases,position,position_qid,organization_or_state_qid,start,end,sources\n"
AMENDED = "file,qid,name,position,start,field,value,sources\n"


def folder_with(tmp_path: Path, **tables: str) -> Path:
    for name, text in tables.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_post_is_amended_as_cited_and_added_terms_follow(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        leaders=LEADERS + "Ann Example,Q1,,Minister of Foreign Affairs of X,,Q2,2001,,file A\n",
        leaders_added=LEADERS + "Ann Example,Q1,,Prime Minister of X,,Q2,2023-01-02,,page B\n",
        leaders_amended=AMENDED
        + "leaders.csv,Q1,Ann Example,Minister of Foreign Affairs of X,2001,end,2005-05-05,page C\n"
        + "leaders.csv,Q1,Ann Example,Minister of Foreign Affairs of X,2001,alias,Anne Example,file D\n",
    )
    first, added = amended(read_table, folder, "leaders")
    assert (first["end"], first["aliases"]) == ("2005-05-05", "Anne Example")
    assert "page C" in first["sources"] and "file D" in first["sources"]
    assert (added["position"], added["start"]) == ("Prime Minister of X", "2023-01-02")


def test_a_confirmed_name_leaves_unverified_csv(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        unverified="entity_type,name,candidate_qid,position_or_kind,note\nperson,Ann Example,,,none found\n"
        "person,Bob Example,,,none found\n",
        leaders_amended=AMENDED + "unverified.csv,Q1,Ann Example,,,drop,,files E and F\n",
    )
    assert [row["name"] for row in amended(read_table, folder, "unverified")] == ["Bob Example"]


@pytest.mark.parametrize(
    "amendment",
    [
        # a row of another start: stale, so the build stops rather than amend a neighbour
        "leaders.csv,Q1,Ann Example,Minister of Foreign Affairs of X,2002,end,2005-05-05,page C\n",
        # a field no amendment may set
        "leaders.csv,Q1,Ann Example,Minister of Foreign Affairs of X,2001,qid,Q9,page C\n",
        "unverified.csv,Q1,Nobody Example,,,drop,,page C\n",
    ],
)
def test_an_amendment_that_names_no_row_or_field_stops_the_build(tmp_path: Path, amendment: str) -> None:
    folder = folder_with(
        tmp_path,
        leaders=LEADERS + "Ann Example,Q1,,Minister of Foreign Affairs of X,,Q2,2001,,file A\n",
        unverified="entity_type,name,candidate_qid,position_or_kind,note\n",
        leaders_amended=AMENDED + amendment,
    )
    table = amendment.split(",", 1)[0].removesuffix(".csv")
    with pytest.raises(ValueError, match="leaders_amended.csv"):
        amended(read_table, folder, table)
