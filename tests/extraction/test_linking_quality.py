"""Issue 3's bar on the team's linking sentences: QID precision >= 0.99 and recall >= 0.95, printed."""

from __future__ import annotations

from pathlib import Path

from kg.evaluate import evaluate_linking
from kg.extract import Extractor

SENTENCES = Path(__file__).resolve().parents[1] / "data" / "linking" / "sentences.jsonl"


def test_linking_precision_and_recall(extractor: Extractor) -> None:
    report = evaluate_linking(SENTENCES, lambda text, day: extractor.extract(text, published=day))
    score = report.score
    print(
        f"linking: {report.sentences} sentences, precision {score.precision:.3f}, recall {score.recall:.3f}"
    )
    assert report.sentences >= 60
    assert score.precision >= 0.99, "\n".join(report.errors)
    assert score.recall >= 0.95, "\n".join(report.errors)
