"""The extraction's figures on the gold sets stay at their floors (tests/data/floors.json): `make eval`.

Scores the dev, held-out and the real-text sets once per session, prints the figures, and fails when one
drops more than the tolerance below its floor. Marked `eval`: it runs the whole extractor over every gold
text (701 in 53 sets), so `make test` leaves it to `make eval` (run by .ci/run)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from kg.evaluate import Report, Score, evaluate
from kg.extract import Extractor

pytestmark = pytest.mark.eval

DATA = Path(__file__).parent / "data"
FLOORS = json.loads((DATA / "floors.json").read_text(encoding="utf-8"))


@cache
def _report(name: str) -> Report:
    extractor = Extractor()
    return evaluate(DATA / name, lambda text, day: extractor.extract(text, published=day))


def _figures(report: Report) -> dict[str, float]:
    def of(kind: str, score: Score) -> dict[str, float]:
        return {f"{kind}_precision": score.precision, f"{kind}_recall": score.recall, f"{kind}_f1": score.f1}

    # the share of matched events that have the gold's date
    right, matched = report.attributes.get("date", [0, 0])
    dates = {"dates_right": right / matched if matched else 0.0}
    return of("qids", report.qids) | of("events", report.events) | of("relations", report.relations) | dates


@pytest.mark.parametrize("name", sorted(FLOORS["sets"]))
def test_figures_hold_their_floors(name: str) -> None:
    figures = _figures(_report(name))
    floors = FLOORS["sets"][name]
    print(f"\n{name}: " + ", ".join(f"{key} {figures[key]:.3f} (floor {floors[key]:.3f})" for key in floors))
    below = {
        key: round(figures[key], 3)
        for key, floor in floors.items()
        if figures[key] < floor - FLOORS["tolerance"]
    }
    assert below == {}, f"{name}: below floor - {FLOORS['tolerance']}: {below}"


def test_every_set_has_floors_for_events_and_relations() -> None:
    for name, floors in FLOORS["sets"].items():
        assert (DATA / name).is_dir(), name
        assert {"events_precision", "events_recall", "events_f1", "relations_recall", "dates_right"} <= set(
            floors
        ), name
