"""The copy's own corrections to the reference files it ships byte for byte from the team's shared reference data.

leaders.csv, persons.csv and unverified.csv are copies of their origin and stay so (tests/yardstick compares
them). Two files of the copy's own say what later or better sources add to them:

- leaders_added.csv: terms the origin lacks (people and posts since its snapshots), in leaders.csv's columns;
- leaders_amended.csv: fields of origin rows a cited source corrects. A row names its target by `file` and
  `qid`, `position` and `start` (persons.csv, leaders.csv) or by `name` (unverified.csv), and sets `field` to
  `value`: a post's `position`, `position_qid`, `start` or `end`; an `alias` added to the row's aliases; or
  `drop`, for an unverified.csv row a public file has since confirmed.

The builder (kg.gazetteer.from_csv) and the checker (kg.gazetteer.verify) both read the tables through
`amended`, so what the gazetteer holds and what it is checked against are the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources.abc import Traversable

Row = dict[str, str]
ReadTable = Callable[[Traversable, str], list[Row]]

ADDED = "leaders_added"
AMENDED = "leaders_amended"
# The files amendments may target, and what names their rows there.
TARGETS = {"persons.csv", "leaders.csv", "unverified.csv"}
POST_FIELDS = {"position", "position_qid", "start", "end"}


def amended(read_table: ReadTable, folder: Traversable, name: str) -> list[Row]:
    """The rows of reference table `name` with the copy's additions (leaders) and amendments applied."""
    rows = [dict(row) for row in read_table(folder, name)]
    if name == "leaders" and (folder / f"{ADDED}.csv").is_file():
        rows += read_table(folder, ADDED)
    if not (folder / f"{AMENDED}.csv").is_file():
        return rows
    for amendment in read_table(folder, AMENDED):
        if amendment["file"] == f"{name}.csv":
            rows = _apply(amendment, rows)
    return rows


def _apply(amendment: Row, rows: list[Row]) -> list[Row]:
    file, field, value = amendment["file"], amendment["field"], amendment["value"]
    if file not in TARGETS:
        raise ValueError(f"leaders_amended.csv: no amendments to {file}")
    if file == "unverified.csv":
        if field != "drop":
            raise ValueError(f"leaders_amended.csv: unverified.csv rows can only be dropped, not {field!r}")
        kept = [row for row in rows if row["name"] != amendment["name"]]
        if len(kept) == len(rows):
            raise ValueError(f"leaders_amended.csv: no unverified.csv row named {amendment['name']!r}")
        return kept
    key = (amendment["qid"], amendment["position"], amendment["start"])
    targets = [row for row in rows if (row["qid"], row["position"], row["start"]) == key]
    # An amendment that matches no row (or several) is a stale or ambiguous one: stop rather than guess.
    if len(targets) != 1:
        raise ValueError(f"leaders_amended.csv: {len(targets)} rows of {file} match {key}")
    (row,) = targets
    if field == "alias":
        row["aliases"] = ";".join(filter(None, [row["aliases"], value]))
    elif field in POST_FIELDS:
        row[field] = value
    else:
        raise ValueError(f"leaders_amended.csv: cannot amend {field!r}")
    row["sources"] = f"{row['sources']} ; amended ({field}): {amendment['sources']}"
    return rows
