"""Scores extracted facts against gold files in the format of the seed's gold.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kg.facts import Entity, Facts

Extract = Callable[[str, date | None], Facts]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


@dataclass
class Report:
    qids: Score = field(default_factory=Score)
    events: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    event_classes: dict[str, Score] = field(default_factory=dict)
    # Trigger rule (kg/data/lexicon) -> how many of its events were right (tp) and wrong (fp).
    rules: dict[str, Score] = field(default_factory=dict)
    # Attribute agreement on matched events: name -> [agreeing, compared].
    attributes: dict[str, list[int]] = field(default_factory=dict)
    wrong_qids: list[str] = field(default_factory=list)
    # Coverage: per gold type bucket, [gold entities with a QID that we linked, gold entities with a QID].
    coverage: dict[str, list[int]] = field(default_factory=dict)
    # Confidence bucket ("0.7") -> [correct, predicted]: how often an event of that confidence is right.
    calibration: dict[str, list[int]] = field(default_factory=dict)
    date_errors: list[str] = field(default_factory=list)
    actor_errors: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    documents: int = 0

    def to_json(self) -> dict[str, Any]:
        def score(s: Score) -> dict[str, Any]:
            return {
                "precision": round(s.precision, 3),
                "recall": round(s.recall, 3),
                "f1": round(s.f1, 3),
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
            }

        return {
            "documents": self.documents,
            "qids": score(self.qids),
            "events": score(self.events),
            "relations": score(self.relations),
            "event_classes": {name: score(s) for name, s in sorted(self.event_classes.items())},
            "rules": {name: {"tp": s.tp, "fp": s.fp} for name, s in sorted(self.rules.items())},
            "attributes": {
                name: {"agree": a, "compared": n} for name, (a, n) in sorted(self.attributes.items())
            },
            "wrong_qids": self.wrong_qids,
            "coverage": coverage_json(self.coverage),
            "calibration": {
                bucket: {"correct": c, "predicted": n} for bucket, (c, n) in sorted(self.calibration.items())
            },
        }


def load_gold(directory: Path) -> list[tuple[dict[str, Any], str]]:
    """(gold, text) pairs for every gold file in the folder."""
    pairs = []
    for path in sorted(directory.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(gold, dict) or "text_file" not in gold:
            continue
        pairs.append((gold, (directory / gold["text_file"]).read_text(encoding="utf-8")))
    if not pairs:
        raise ValueError(f"no gold files (JSON with a text_file) in {directory}")
    return pairs


def evaluate(directory: Path, extract: Extract) -> Report:
    report = Report()
    for gold, text in load_gold(directory):
        published = date.fromisoformat(gold["published"]) if gold.get("published") else None
        facts = extract(text, published)
        score_document(gold, facts, report, name=gold.get("doc_id", "?"))
    return report


def score_document(gold: dict[str, Any], facts: Facts, report: Report, *, name: str) -> None:
    report.documents += 1
    _score_qids(gold, facts, report, name)
    _score_events(gold, facts, report, name)
    _score_relations(gold, facts, report, name)


def _score_qids(gold: dict[str, Any], facts: Facts, report: Report, name: str) -> None:
    expected = {e["wikidata"] for e in gold.get("entities", []) if e.get("wikidata")}
    found = _predicted_qids(facts, expected)
    report.qids.add(Score(len(expected & found), len(found - expected), len(expected - found)))
    types: dict[str, str] = {}
    for entity in gold.get("entities", []):
        if entity.get("wikidata"):
            types.setdefault(entity["wikidata"], coverage_type(entity["type"]))
    for qid, type_ in types.items():
        tally_coverage(report.coverage, type_, linked=qid in found)
    report.wrong_qids.extend(f"{name}: {qid} ({_label(facts, qid)})" for qid in sorted(found - expected))
    report.missed.extend(f"{name}: QID {qid}" for qid in sorted(expected - found))


# The types coverage is reported by (issue #14), and the gold types each stands for.
COVERAGE_TYPES = {
    "State": "State",
    "PartiallyRecognizedState": "State",
    "Organization": "Organization",
    "InternationalOrganization": "Organization",
    "Alliance": "Organization",
    "ArmedGroup": "ArmedGroup",
    "Person": "Person",
    "Place": "Place",
    "City": "Place",
    "Region": "Place",
}


def coverage_type(gold_type: str) -> str:
    return COVERAGE_TYPES.get(gold_type, "Other")


def tally_coverage(coverage: dict[str, list[int]], type_: str, *, linked: bool) -> None:
    counts = coverage.setdefault(type_, [0, 0])
    counts[0] += int(linked)
    counts[1] += 1


def coverage_json(coverage: dict[str, list[int]]) -> dict[str, Any]:
    """Per type and overall: gold entities with a QID, those we linked to it, and the share."""
    linked = sum(counts[0] for counts in coverage.values())
    total = sum(counts[1] for counts in coverage.values())
    rows = {**{name: coverage[name] for name in sorted(coverage)}, "overall": [linked, total]}
    return {
        name: {"linked": a, "gold": n, "share": round(a / n, 3) if n else None}
        for name, (a, n) in rows.items()
    }


def format_coverage(coverage: dict[str, list[int]]) -> str:
    """ "coverage 0.93 (201/216): State 1.00 (120/120), Person 0.85 (…), …" """
    rows = coverage_json(coverage)
    overall = rows.pop("overall")
    parts = [f"{name} {row['share']:.2f} ({row['linked']}/{row['gold']})" for name, row in rows.items()]
    share = f"{overall['share']:.3f}" if overall["gold"] else "-"
    return f"coverage  {share} ({overall['linked']}/{overall['gold']}): " + ", ".join(parts)


def _predicted_qids(facts: Facts, expected: set[str]) -> set[str]:
    """QIDs the facts assert. A capital used for its government ("Moscow said") denotes both the city and
    the state: either reading agrees with a gold file, so the city only counts when no mention of it is plain
    and the gold file names neither."""
    qids: set[str] = set()
    for entity in facts.entities:
        if not entity.wikidata:
            continue
        stands_for = {m.refers_to for m in entity.mentions if m.refers_to}
        plain = any(m.refers_to is None for m in entity.mentions) or not entity.mentions
        referents = [facts.entity(iri) for iri in stands_for]
        stands_for_qids = {referent.wikidata for referent in referents if referent}
        if plain or entity.wikidata in expected or not (stands_for_qids & expected):
            qids.add(entity.wikidata)
        qids |= {qid for qid in stands_for_qids if qid}
    return qids


def _label(facts: Facts, qid: str) -> str:
    return next((e.label for e in facts.entities if e.wikidata == qid), "?")


def _score_events(gold: dict[str, Any], facts: Facts, report: Report, name: str) -> None:
    predicted = list(facts.events)
    unmatched = list(range(len(predicted)))
    gold_events = sorted(gold.get("events", []), key=lambda e: bool(e.get("optional")))
    for gold_event in gold_events:
        types = {gold_event["type"], *gold_event.get("alt_types", [])}
        match = next(
            (i for i in unmatched if predicted[i].type in types and _same_sentence(gold_event, predicted[i])),
            None,
        )
        klass = report.event_classes.setdefault(gold_event["type"], Score())
        if match is None:
            if not gold_event.get("optional"):
                report.events.fn += 1
                klass.fn += 1
                report.missed.append(f"{name}: {gold_event['type']}: {gold_event['evidence'][:80]}")
            continue
        unmatched.remove(match)
        report.events.tp += 1
        klass.tp += 1
        _tally_rule(report, predicted[match], correct=True)
        _tally_confidence(report, predicted[match].confidence, correct=True)
        _compare_attributes(gold_event, predicted[match], facts, report)
    for i in unmatched:
        _tally_confidence(report, predicted[i].confidence, correct=False)
        _tally_rule(report, predicted[i], correct=False)
        report.events.fp += 1
        report.event_classes.setdefault(predicted[i].type, Score()).fp += 1
        report.spurious.append(f"{name}: {predicted[i].type}: {predicted[i].evidence.text[:80]}")


def _tally_rule(report: Report, event: Any, *, correct: bool) -> None:
    score = report.rules.setdefault(event.rule or "(no rule)", Score())
    if correct:
        score.tp += 1
    else:
        score.fp += 1


def _tally_confidence(report: Report, confidence: float, *, correct: bool) -> None:
    bucket = f"{min(int(confidence * 10), 9) / 10:.1f}"
    counts = report.calibration.setdefault(bucket, [0, 0])
    counts[0] += int(correct)
    counts[1] += 1


def _same_sentence(gold_event: dict[str, Any], event: Any) -> bool:
    sentences = [gold_event["evidence"]] + (
        [gold_event["supporting_evidence"]] if gold_event.get("supporting_evidence") else []
    )
    evidence = [event.evidence.text] + [e.text for e in event.supporting_evidence]
    return any(_overlaps(g, p) for g in sentences for p in evidence[:1]) or any(
        _overlaps(sentences[0], p) for p in evidence
    )


def _overlaps(a: str, b: str) -> bool:
    a, b = " ".join(a.split()), " ".join(b.split())
    return a in b or b in a


def _compare_attributes(gold_event: dict[str, Any], event: Any, facts: Facts, report: Report) -> None:
    def tally(name: str, agree: bool) -> None:
        counts = report.attributes.setdefault(name, [0, 0])
        counts[0] += int(agree)
        counts[1] += 1

    tally("date", gold_event.get("date") == event.date)
    if gold_event.get("date") != event.date:
        report.date_errors.append(
            f"{gold_event['type']}: gold {gold_event.get('date')} ours {event.date}: {gold_event['evidence'][:70]}"
        )
    for kind in ("killed", "injured"):
        if gold_event.get(kind) is not None or getattr(event, kind) is not None:
            tally(kind, gold_event.get(kind) == getattr(event, kind))
    gold_actors = set(gold_event.get("actors", []))
    if gold_actors:
        agree = _roles_agree(gold_actors, event.actors, facts)
        tally("actors(any overlap)", agree)
        if not agree:
            labels = sorted(entity.label for iri in event.actors if (entity := facts.entity(iri)))
            report.actor_errors.append(
                f"{gold_event['type']}: gold {sorted(gold_actors)} ours {labels}: {gold_event['evidence'][:70]}"
            )
    gold_targets = set(gold_event.get("targets", []))
    if gold_targets:
        tally("targets(any overlap)", _roles_agree(gold_targets, event.targets, facts))
    status = gold_event.get("status", "asserted")
    tally("status", status == event.status)


def _roles_agree(gold: set[str], iris: list[str], facts: Facts) -> bool:
    """Whether any of our entities is one the gold names: the same QID, or for a gold `mention:` the same words
    in any case, or the words of one within the other ("police" for "Kosovo Police", "Serb gunmen" for "gunmen"),
    never two different words ("Serbian police" is not "Kosovo Police")."""
    if gold & _role_keys(iris, facts):
        return True
    mentions = [_words(key[8:]) for key in gold if key.startswith("mention:")]
    labels = [_words(name) for iri in iris if (entity := facts.entity(iri)) for name in _names(entity)]
    return any(m and label and (m <= label or label <= m) for m in mentions for label in labels)


def _names(entity: Entity) -> set[str]:
    """The entity's label and the names the text gives it ("APEC" for the Asia Pacific Economic Cooperation)."""
    return {entity.label} | {m.text for m in entity.mentions if m.refers_to is None}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.casefold().split())


# Sectors of a state's own organs, which the gold names by the state ("the Serbian army" is Q403).
STATE_ORGANS = frozenset({"GOV", "MIL", "COP"})


def _role_keys(iris: list[str], facts: Facts) -> set[str]:
    """QIDs and `mention:` names that a gold file may use for these entities (any word of the label)."""
    keys: set[str] = set()
    for iri in iris:
        entity = facts.entity(iri)
        if entity is None:
            continue
        if entity.wikidata:
            keys.add(entity.wikidata)
        keys.add(f"mention:{entity.label}")
        state = facts.entity(entity.country) if entity.country and entity.sector in STATE_ORGANS else None
        if state is not None and state.wikidata:
            keys.add(state.wikidata)  # the gold names a state's army, police or authorities by the state
    return keys | {f"mention:{word}" for key in list(keys) for word in key[8:].split()}


def _score_relations(gold: dict[str, Any], facts: Facts, report: Report, name: str) -> None:
    predicted = [(r.type, _key(facts, r.subject), _key(facts, r.object)) for r in facts.relations]
    unmatched = list(range(len(predicted)))
    for relation in sorted(gold.get("relations", []), key=lambda r: bool(r.get("optional"))):
        wanted = (relation["type"], relation["subject"], relation["object"])
        match = next((i for i in unmatched if _relation_matches(predicted[i], wanted)), None)
        if match is None:
            if not relation.get("optional"):
                report.relations.fn += 1
                report.missed.append(f"{name}: relation {wanted}")
            continue
        unmatched.remove(match)
        report.relations.tp += 1
    report.relations.fp += len(unmatched)
    report.spurious.extend(f"{name}: relation {predicted[i]}" for i in unmatched)


def _key(facts: Facts, iri: str) -> str:
    entity = facts.entity(iri)
    if entity is None:
        return iri
    return entity.wikidata or entity.label


def _relation_matches(predicted: tuple[str, str, str], wanted: tuple[str, str, str]) -> bool:
    """Same type, subject and object; gold names without a QID ("mention:X", "military neutrality") match
    our label for them."""

    def same(ours: str, gold: str) -> bool:
        gold = gold.removeprefix("mention:").lower()
        return ours.lower() == gold or (not gold.startswith("q") and gold in ours.lower())

    return predicted[0] == wanted[0] and same(predicted[1], wanted[1]) and same(predicted[2], wanted[2])


def format_report(report: Report, *, verbose: bool = False) -> str:
    lines = [f"documents: {report.documents}"]
    for label, score in (("QIDs", report.qids), ("events", report.events), ("relations", report.relations)):
        lines.append(
            f"{label:<10} precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}"
            f"  (tp {score.tp}, fp {score.fp}, fn {score.fn})"
        )
    lines.append(format_coverage(report.coverage))
    lines.append("event classes:")
    for name, score in sorted(report.event_classes.items()):
        lines.append(
            f"  {name:<17} P {score.precision:.2f}  R {score.recall:.2f}  F1 {score.f1:.2f}"
            f"  (tp {score.tp}, fp {score.fp}, fn {score.fn})"
        )
    if report.rules:
        lines.append("trigger rules (events right / found, precision):")
        for name, score in sorted(
            report.rules.items(), key=lambda item: (-(item[1].tp + item[1].fp), item[0])
        ):
            found = score.tp + score.fp
            lines.append(f"  {name:<48} {score.tp}/{found} = {score.precision:.2f}")
    lines.append("event confidence calibration (bucket: share correct):")
    for bucket, (correct, total) in sorted(report.calibration.items()):
        lines.append(f"  {bucket}-{float(bucket) + 0.1:.1f}  {correct}/{total} = {correct / total:.2f}")
    lines.append("matched-event attributes:")
    for name, (agree, compared) in sorted(report.attributes.items()):
        lines.append(f"  {name:<20} {agree}/{compared}")
    if report.wrong_qids:
        lines.append("QIDs not in gold: " + "; ".join(report.wrong_qids))
    if verbose:
        lines.extend(
            ["missed:", *(f"  {m}" for m in report.missed), "spurious:", *(f"  {s}" for s in report.spurious)]
        )
        lines.extend(["dates that differ:", *(f"  {d}" for d in report.date_errors)])
        lines.extend(["actors that differ:", *(f"  {a}" for a in report.actor_errors)])
    return "\n".join(lines)


__all__ = [
    "Report",
    "Score",
    "evaluate",
    "format_report",
    "score_document",
    "evaluate_linking",
    "format_coverage",
]


@dataclass
class LinkingReport:
    score: Score = field(default_factory=Score)
    errors: list[str] = field(default_factory=list)
    sentences: int = 0
    # Per gold type bucket: [gold mentions with a QID linked to it, gold mentions with a QID].
    coverage: dict[str, list[int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "precision": round(self.score.precision, 3),
            "recall": round(self.score.recall, 3),
            "tp": self.score.tp,
            "fp": self.score.fp,
            "fn": self.score.fn,
            "coverage": coverage_json(self.coverage),
            "errors": self.errors,
        }


def evaluate_linking(path: Path, extract: Extract) -> LinkingReport:
    """Mention-level QID precision and recall on sentences with gold links (`sentences.jsonl`).

    A predicted QID on a span no gold link covers counts as wrong: every mention in these sentences is
    annotated, null where no QID is right."""
    report = LinkingReport()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        published = date.fromisoformat(item["published"]) if item.get("published") else None
        predicted = _predicted_mentions(extract(item["text"], published))
        report.sentences += 1
        _score_links(item, predicted, report)
    return report


def _predicted_mentions(facts: Facts) -> list[tuple[int, int, str | None]]:
    found = []
    for entity in facts.entities:
        for mention in entity.mentions:
            target = facts.entity(mention.refers_to) if mention.refers_to else entity
            found.append((mention.start, mention.end, target.wikidata if target else None))
    return found


def _score_links(
    item: dict[str, Any], predicted: list[tuple[int, int, str | None]], report: LinkingReport
) -> None:
    text, covered = item["text"], set()
    for link in item["links"]:
        overlapping = [p for p in predicted if p[0] < link["end"] and link["start"] < p[1]]
        covered.update(overlapping)
        # A name nested in a longer gold mention ("UN" in "the UN Secretary-General") is another mention:
        # only predictions that cover at least half of the gold span answer for it.
        overlapping = [
            p
            for p in overlapping
            if 2 * (min(p[1], link["end"]) - max(p[0], link["start"])) >= link["end"] - link["start"]
        ]
        qids = {p[2] for p in overlapping if p[2]}
        gold = link["wikidata"]
        if gold:
            tally_coverage(report.coverage, coverage_type(link["type"]), linked=gold in qids)
        if gold and gold in qids:
            report.score.tp += 1
            continue
        if qids:
            report.score.fp += 1
            report.errors.append(
                f"wrong: {link['mention']!r} -> {sorted(qids)} (gold {gold}) in {text[:70]!r}"
            )
        if gold:
            report.score.fn += 1
            if not qids:
                report.errors.append(f"missed: {link['mention']!r} ({gold}) in {text[:70]!r}")
    for start, end, qid in predicted:
        if qid and (start, end, qid) not in covered:
            report.score.fp += 1
            report.errors.append(f"unannotated: {text[start:end]!r} -> {qid} in {text[:70]!r}")
