"""Overviews of a set of events, for the page's map and charts: counts by country and by month and class.

Both take the filters of `/api/events` plus `involving` (an entity in any role, for an entity card).
- `GET /api/overview/countries`: events by the country they happen in (a place that is a state, or the country
  the gazetteer gives for a city or region), each with its shape's id in the vendored world-atlas map.
- `GET /api/overview/months`: events per month by class, with the dead and injured.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from api.events import EventArgs, event_pattern
from api.graph import EVENT_CLASSES, base_iri, entity_iri_from_arg, event_type_of, select
from api.schemas import EntityArg
from kg.facts import EVENT_TYPES
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.resources import data_file

bp = Blueprint(
    "overview", __name__, url_prefix="/api/overview", description="Events by country and by month."
)

ATLAS = Path(__file__).parent / "static" / "vendor" / "world-atlas" / "countries-110m.json"
STATE_TYPES = ("State", "PartiallyRecognizedState")
# Events listed per country (the map's click list); the count is always complete.
LISTED = 50
# world-atlas abbreviates some names ("Dem. Rep. Congo", "Bosnia and Herz."): the words they stand for.
_ABBREVIATIONS = {
    "Dem.": "Democratic",
    "Rep.": "Republic",
    "Herz.": "Herzegovina",
    "Is.": "Islands",
    "Eq.": "Equatorial",
    "S.": "South",
    "N.": "North",
    "W.": "Western",
    "Fr.": "French",
    "Cent.": "Central",
}
# Names the gazetteer gives two states: the atlas's shape is the one named in full here.
_SPELT_OUT = {"Congo": "Republic of the Congo", "Dem. Rep. Congo": "Democratic Republic of the Congo"}


class OverviewArgs(EventArgs):
    involving = EntityArg(metadata={"description": "QID, slug or IRI of an entity in any role."})


class CountryEventSchema(Schema):
    id = fields.String()
    type = fields.String()
    date = fields.String(allow_none=True)


class CountrySchema(Schema):
    qid = fields.String()
    label = fields.String(allow_none=True)
    atlas_name = fields.String(
        allow_none=True,
        metadata={"description": "Name of its shape in world-atlas (Kosovo's shape has no id)."},
    )
    count = fields.Integer()
    killed = fields.Integer()
    injured = fields.Integer()
    events = fields.List(fields.Nested(CountryEventSchema), metadata={"description": f"The first {LISTED}."})


class PointSchema(Schema):
    qid = fields.String()
    label = fields.String(allow_none=True)
    lat = fields.Float()
    lon = fields.Float()
    count = fields.Integer()
    events = fields.List(fields.Nested(CountryEventSchema), metadata={"description": f"The first {LISTED}."})


class CountriesSchema(Schema):
    items = fields.List(fields.Nested(CountrySchema))
    points = fields.List(
        fields.Nested(PointSchema),
        metadata={"description": "Places of the events with coordinates in the reference data (cities)."},
    )
    total = fields.Integer(metadata={"description": "Events that match."})
    unplaced = fields.Integer(metadata={"description": "Events with no place in a known country."})


class MonthSeriesSchema(Schema):
    type = fields.String()
    counts = fields.List(fields.Integer())


class MonthsSchema(Schema):
    months = fields.List(
        fields.String(), metadata={"description": "YYYY-MM, every month from first to last."}
    )
    series = fields.List(fields.Nested(MonthSeriesSchema), metadata={"description": "Events per class."})
    killed = fields.List(fields.Integer())
    injured = fields.List(fields.Integer())
    undated = fields.Integer(metadata={"description": "Events dated to a year only, or not at all."})


@bp.route("/countries")
@bp.arguments(OverviewArgs, location="query")
@bp.response(200, CountriesSchema)
def countries(args: dict[str, Any]) -> dict[str, Any]:
    """Events by the country they happen in, with the dead and injured, for the map."""
    rows = _rows(args, places=True)
    gazetteer = load_gazetteer()
    atlas = atlas_ids(gazetteer)
    by_country: dict[str, dict[str, Any]] = {}
    events = _events(rows)
    placed = set()
    for event in events.values():
        for qid in sorted({c for place in event["places"] if (c := country_of(place, gazetteer))}):
            placed.add(event["iri"])
            entry = by_country.setdefault(qid, _country(qid, gazetteer, atlas))
            entry["count"] += 1
            entry["killed"] += event["killed"] or 0
            entry["injured"] += event["injured"] or 0
            entry["events"].append(event)
    items = sorted(by_country.values(), key=lambda c: (-c["count"], c["label"] or ""))
    points = _points(events.values(), gazetteer)
    for item in [*items, *points]:
        chosen = sorted(item["events"], key=lambda e: e["date"] or "", reverse=True)[:LISTED]
        item["events"] = [{"id": e["id"], "type": e["type"], "date": e["date"]} for e in chosen]
    return {"items": items, "points": points, "total": len(events), "unplaced": len(events) - len(placed)}


def _points(events: Iterable[dict[str, Any]], gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """The events' places that have coordinates in the reference data, each with its events."""
    coordinates = place_coordinates()
    prefix = base_iri() + "entity/"
    points: dict[str, dict[str, Any]] = {}
    for event in events:
        for place in sorted(event["places"]):
            qid = place.removeprefix(prefix) if place.startswith(prefix) else None
            if qid not in coordinates:
                continue
            entry = gazetteer.by_qid(qid)
            lat, lon = coordinates[qid]
            point = points.setdefault(
                qid,
                {
                    "qid": qid,
                    "label": entry.label if entry else None,
                    "lat": lat,
                    "lon": lon,
                    "count": 0,
                    "events": [],
                },
            )
            point["count"] += 1
            point["events"].append(event)
    return sorted(points.values(), key=lambda p: (-p["count"], p["label"] or ""))


@functools.cache
def place_coordinates() -> dict[str, tuple[float, float]]:
    """(lat, lon) by QID, from the reference file of Natural Earth populated places (kg/data/reference/)."""
    text = data_file("reference/places_ne.csv").read_text(encoding="utf-8")
    found = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row.get("qid") and row.get("lat") and row.get("lon"):
            found[row["qid"]] = (float(row["lat"]), float(row["lon"]))
    return found


@bp.route("/months")
@bp.arguments(OverviewArgs, location="query")
@bp.response(200, MonthsSchema)
def months(args: dict[str, Any]) -> dict[str, Any]:
    """Events per month by class, with the dead and injured, for the charts."""
    events = _events(_rows(args, places=False))
    dated = [e for e in events.values() if e["date"] and len(e["date"]) >= 7]
    span = month_range(min(e["date"][:7] for e in dated), max(e["date"][:7] for e in dated)) if dated else []
    index = {month: i for i, month in enumerate(span)}
    counts = {name: [0] * len(span) for name in EVENT_TYPES}
    killed, injured = [0] * len(span), [0] * len(span)
    for event in dated:
        i = index[event["date"][:7]]
        counts[event["type"]][i] += 1
        killed[i] += event["killed"] or 0
        injured[i] += event["injured"] or 0
    series = [{"type": name, "counts": counts[name]} for name in EVENT_TYPES if any(counts[name])]
    return {
        "months": span,
        "series": series,
        "killed": killed,
        "injured": injured,
        "undated": len(events) - len(dated),
    }


def _rows(args: dict[str, Any], *, places: bool) -> list[dict[str, Any]]:
    criteria: dict[str, Any] = {
        "type_": args.get("type"),
        "actor": entity_iri_from_arg(args["actor"]) if args.get("actor") else None,
        "place": entity_iri_from_arg(args["place"]) if args.get("place") else None,
        "involving": entity_iri_from_arg(args["involving"]) if args.get("involving") else None,
        "date_from": args.get("from_"),
        "date_to": args.get("to"),
        "merged": args.get("merged"),
    }
    place = "OPTIONAL { ?event gk:place ?where }" if places else ""
    return select(
        f"""SELECT ?event ?cls ?date ?killed ?injured ?where WHERE {{
          {{ SELECT DISTINCT ?event WHERE {{ {event_pattern(**criteria)} }} }}
          ?event a ?cls . VALUES ?cls {{ {EVENT_CLASSES} }}
          OPTIONAL {{ ?event gk:date ?date }} OPTIONAL {{ ?event gk:killed ?killed }}
          OPTIONAL {{ ?event gk:injured ?injured }} {place}
        }}"""
    )


def _events(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One record per event (the first of its classes in EVENT_TYPES order, its earliest date)."""
    events: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = row["event"]
        type_ = event_type_of(row["cls"])
        event = events.setdefault(
            iri,
            {
                "iri": iri,
                "id": iri.rsplit("/", 1)[-1],
                "type": type_,
                "date": None,
                "killed": None,
                "injured": None,
                "places": set(),
            },
        )
        if EVENT_TYPES.index(type_) < EVENT_TYPES.index(event["type"]):
            event["type"] = type_
        if row.get("date") and (event["date"] is None or str(row["date"]) < event["date"]):
            event["date"] = str(row["date"])
        for key in ("killed", "injured"):
            if row.get(key) is not None:
                event[key] = max(event[key] or 0, int(row[key]))
        if row.get("where"):
            event["places"].add(row["where"])
    return events


def country_of(place_iri: str, gazetteer: Gazetteer) -> str | None:
    """The QID of the state a place is, or lies in (by the gazetteer), for one of our entity IRIs."""
    prefix = base_iri() + "entity/"
    if not place_iri.startswith(prefix):
        return None
    entry = gazetteer.by_qid(place_iri.removeprefix(prefix))
    if entry is None:
        return None
    if entry.type in STATE_TYPES:
        return entry.id
    return entry.country_qid or entry.state_qid


def _country(qid: str, gazetteer: Gazetteer, atlas: dict[str, str]) -> dict[str, Any]:
    entry = gazetteer.by_qid(qid)
    label = entry.label if entry else None
    return {
        "qid": qid,
        "label": label,
        "atlas_name": atlas.get(qid),
        "count": 0,
        "killed": 0,
        "injured": 0,
        "events": [],
    }


@functools.cache
def atlas_names() -> tuple[str, ...]:
    """The name of every country shape in the vendored world-atlas file."""
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    return tuple(shape["properties"]["name"] for shape in topology["objects"]["countries"]["geometries"])


def atlas_ids(gazetteer: Gazetteer) -> dict[str, str]:
    """World-atlas shape names by state QID, matched by name (the atlas's short names spelt out)."""
    return _atlas_ids(id(gazetteer), gazetteer)


@functools.lru_cache(maxsize=4)
def _atlas_ids(_key: int, gazetteer: Gazetteer) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in atlas_names():
        spelt = " ".join(_ABBREVIATIONS.get(word, word) for word in name.split())
        candidates = (_SPELT_OUT.get(name, name), spelt, re.sub(r"\.", "", name))
        for candidate in dict.fromkeys(candidates):
            states = [e for e in gazetteer.lookup(candidate) if e.type in STATE_TYPES and e.qid]
            if len(states) == 1:
                found.setdefault(states[0].qid or "", name)
                break
    return found


def month_range(first: str, last: str) -> list[str]:
    """Every YYYY-MM from `first` to `last`, inclusive."""
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
