"""Places that took an older entity's name on a known date ("Jammu and Kashmir", the union territory created on
31 October 2019 from the state of that name): before that date the name denotes the older entity.

The dates are a curated, sourced list (`kg/data/reference/dated_namesakes.csv`), as the reference files carry no
inception dates; the QIDs are those of the reference files. A namesake links only when the whole article is
after its inception: published since, and no date the text gives earlier (an article of 2024 about a 2019
attack names the state, not the territory).
"""

from __future__ import annotations

import csv
import functools
import io
from datetime import date

from kg.extract.temporal import find_dates
from kg.resources import data_file


@functools.cache
def inceptions() -> dict[str, date]:
    """QID -> the day the entity of that name began."""
    text = data_file("reference/dated_namesakes.csv").read_text(encoding="utf-8")
    return {row["qid"]: date.fromisoformat(row["inception"]) for row in csv.DictReader(io.StringIO(text))}


def earliest_date(text: str, *, published: date | None) -> date | None:
    """The first day of the earliest date the text gives ("2019" -> 2019-01-01), or None if it gives none."""
    starts = [_first_day(found.value) for found in find_dates(text, published=published)]
    return min(starts, default=None)


def predates(inception: date, *, published: date | None, earliest: date | None) -> bool:
    """The article may speak of a time before `inception`: undated, published before, or naming an earlier
    date."""
    return published is None or published < inception or (earliest is not None and earliest < inception)


def _first_day(value: str) -> date:
    """ "2019-02-14", "2019-02" or "2019" as the first day it covers."""
    year, month, day = [*value.split("-"), "1", "1"][:3]
    return date(int(year), int(month), int(day))
