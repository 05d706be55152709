"""`GET /api/entities/{id}?as_of=YYYY-MM-DD`: posts, memberships and recognition as they stood on a day.

QIDs from the fixture graphs (tests/api/data/graphs.trig) and kg/data/gazetteer.json: NATO Q7184, Finland Q33,
Serbia Q403, Kosovo Q1246, Jens Stoltenberg Q57665, Mark Rutte Q57792, Anders Fogh Rasmussen Q46052,
Aleksandar Vučić Q222031.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

NATO, FINLAND, SERBIA, KOSOVO = "Q7184", "Q33", "Q403", "Q1246"
STOLTENBERG, RUTTE, RASMUSSEN, VUCIC = "Q57665", "Q57792", "Q46052", "Q222031"


def _as_of(client, entity: str, day: str) -> dict[str, Any]:
    response = client.get(f"/api/entities/{entity}?as_of={day}")
    assert response.status_code == 200, response.get_data(as_text=True)
    section = response.get_json()["as_of"]
    assert section["date"] == day
    return dict(section)


def _ids(items: list[dict[str, Any]], side: str) -> list[str]:
    return [item[side]["id"] for item in items]


def test_who_held_the_post_on_a_day(loaded) -> None:
    """The NATO Secretary General on 2019-06-01: the article (2023) names the post without dates, the reference
    data gives its term (its end to the day, kg/data/reference/leaders_amended.csv: Rutte took over on 2024-10-01)."""
    holders = _as_of(loaded, NATO, "2019-06-01")["office_holders"]
    assert _ids(holders, "subject") == [STOLTENBERG]
    (post,) = holders
    assert post["role"] == "Secretary General"
    assert post["basis"] == "reference"
    assert (post["since"], post["until"]) == ("2014-10-01", "2024-09-30")
    assert post["evidence"][0]["text"].startswith("BELGRADE -- NATO Secretary General Jens Stoltenberg")
    (earlier,) = _as_of(loaded, NATO, "2012-01-01")["office_holders"]
    assert earlier["subject"]["id"] == RASMUSSEN
    assert earlier["role"] == "Secretary General of NATO" and earlier["evidence"] == []
    assert _ids(_as_of(loaded, NATO, "2025-01-01")["office_holders"], "subject") == [RUTTE]


def test_posts_match_the_reference_by_post(loaded) -> None:
    """The article says "President": the reference's term as President of Serbia dates it, not the earlier term
    as Prime Minister, which shows for a day in that term, without evidence."""
    (before,) = _as_of(loaded, VUCIC, "2015-01-01")["posts"]
    assert (before["role"], before["basis"], before["evidence"]) == (
        "Prime Minister of Serbia",
        "reference",
        [],
    )
    (now,) = _as_of(loaded, VUCIC, "2023-12-01")["posts"]
    assert now["object"]["id"] == SERBIA
    assert (now["role"], now["since"], now["basis"]) == ("President", "2017-05-31", "reference")
    assert now["reported"] == "2023-11-21"
    assert [e["text"] for e in now["evidence"]] == ["Serbia's President Aleksandar Vucic spoke."]


def test_was_finland_a_member_on_a_day(loaded) -> None:
    assert NATO not in _ids(_as_of(loaded, FINLAND, "2022-12-31")["memberships"], "object")
    assert FINLAND not in _ids(_as_of(loaded, NATO, "2022-12-31")["members"], "subject")
    after = _as_of(loaded, FINLAND, "2023-04-04")["memberships"]
    (membership,) = [item for item in after if item["object"]["id"] == NATO]
    assert membership["basis"] == "dated" and membership["since"] == "2023-04-04"
    assert membership["evidence"][0]["text"] == "Finland joined NATO on 4 April 2023."
    assert FINLAND in _ids(_as_of(loaded, NATO, "2023-06-01")["members"], "subject")


def test_recognition_is_known_from_the_first_article_that_reports_it(loaded) -> None:
    assert _as_of(loaded, SERBIA, "2023-01-01")["recognition"] == []
    (item,) = _as_of(loaded, SERBIA, "2023-06-01")["recognition"]
    assert (item["type"], item["subject"]["id"], item["object"]["id"]) == ("doesNotRecognize", SERBIA, KOSOVO)
    assert item["basis"] == "reported" and item["reported"] == "2023-04-05"
    # Both directions: Kosovo's card shows who does not recognise it.
    assert _ids(_as_of(loaded, KOSOVO, "2023-06-01")["recognition"], "subject") == [SERBIA]


def test_the_card_without_as_of_is_unchanged(loaded) -> None:
    card = loaded.get(f"/api/entities/{NATO}").get_json()
    assert "as_of" not in card
    assert card["label"] == "North Atlantic Treaty Organization"


@pytest.mark.parametrize("day", ["2019-06", "2019-02-30", "yesterday"])
def test_as_of_takes_one_real_day(loaded, problem, day: str) -> None:
    response = loaded.get(f"/api/entities/{NATO}?as_of={day}")
    assert response.status_code == 422
    assert "as_of" in problem(response)["detail"]


def test_the_readme_sparql_example_answers_as_of_a_date(loaded) -> None:
    """The documented query gives, from the graph alone, the posts the 2023-11-21 article reports."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## As of a date") :]
    query = section[section.index("```sparql\n") + 10 : section.index("```", section.index("```sparql") + 9)]
    response = loaded.post(
        "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    bindings = response.get_json()["results"]["bindings"]
    rows = {(row["person"]["value"].rsplit("/", 1)[-1], row["role"]["value"]) for row in bindings}
    assert rows == {(STOLTENBERG, "Secretary General"), (VUCIC, "President")}
    earlier = query.replace('"2023-12-01"', '"2023-11-20"')
    response = loaded.post(
        "/sparql", data={"query": earlier}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.get_json()["results"]["bindings"] == []
