"""Long texts are extracted in parts cut at paragraph or sentence boundaries, with offsets into the whole text;
a text over the cap is refused before any work."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.extract import default_extractor
from kg.extract.long_texts import TextTooLong, check_length, split_parts

# Written for these tests: paragraphs naming different states, so that every part has entities of its own.
PARAGRAPHS = [
    "Serbia and Kosovo met in Brussels on Monday to discuss the border crossings.",
    "Russian forces shelled Kharkiv overnight, Ukrainian officials said on Tuesday.",
    "Finland joined NATO in April, doubling the alliance's border with Russia.",
    "Armenia and Azerbaijan signed a peace agreement in Washington on Friday.",
]


def _long_text(chars: int) -> str:
    text, n = "", 0
    while len(text) < chars:
        text += PARAGRAPHS[n % len(PARAGRAPHS)] + " It was the meeting number " + str(n) + ".\n\n"
        n += 1
    return text


def test_parts_join_back_to_the_text_and_end_at_paragraphs() -> None:
    text = _long_text(20_000)
    parts = split_parts(text, 3_000)
    assert "".join(part for _, part in parts) == text
    assert all(len(part) <= 3_000 for _, part in parts)
    assert [offset for offset, _ in parts] == [text.index(part) for _, part in parts]
    # Every cut but the last part's end comes right after a blank line.
    assert all(part.endswith("\n\n") for _, part in parts[:-1])


def test_without_paragraphs_parts_end_at_sentences_then_spaces_then_anywhere() -> None:
    sentences = " ".join(PARAGRAPHS * 40)
    assert all(part.rstrip().endswith(".") for _, part in split_parts(sentences, 1_000)[:-1])
    words = "word " * 1_000
    assert all(part.endswith(" ") for _, part in split_parts(words, 333)[:-1])
    solid = "x" * 1_000
    assert [len(part) for _, part in split_parts(solid, 300)] == [300, 300, 300, 100]


def test_a_text_over_spacys_max_length_extracts_with_offsets_into_the_whole_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extractor = default_extractor()
    # spaCy refuses texts over max_length; lowered here so that the test needs seconds, not minutes.
    monkeypatch.setattr(extractor.nlp, "max_length", 2_000)
    text = _long_text(12_000)
    with pytest.raises(ValueError, match="max_length"):
        extractor.nlp.make_doc(text)
    facts = extractor.extract(text)
    assert facts.article.text == text
    mentions = [m for e in facts.entities for m in e.mentions]
    assert all(text[m.start : m.end] == m.text for m in mentions)
    # The last part's paragraphs gave mentions too, at their place in the whole text.
    assert max(m.start for m in mentions) > 10_000
    evidence = [e.evidence for e in facts.events] + [r.evidence for r in facts.relations]
    assert evidence and all(text[ev.start : ev.end] == ev.text for ev in evidence)
    assert max(ev.start for ev in evidence) > 10_000
    assert len({e.iri for e in facts.events}) == len(facts.events)


def test_extract_many_takes_a_long_text_in_parts_in_its_place(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.extract import ArticleText

    extractor = default_extractor()
    monkeypatch.setattr(extractor.nlp, "max_length", 2_000)
    texts = [PARAGRAPHS[0], _long_text(5_000), PARAGRAPHS[1]]
    found = list(extractor.extract_many(ArticleText(text) for text in texts))
    assert [facts.article.text for facts in found] == texts


def test_the_cap_is_checked_before_any_work() -> None:
    check_length("x" * 10, 10)
    with pytest.raises(TextTooLong, match="11 characters, over the limit of 10"):
        check_length("x" * 11, 10)


def test_the_cli_refuses_a_text_over_the_cap_in_one_line(tmp_path) -> None:
    article = tmp_path / "long.txt"
    article.write_text(_long_text(500), encoding="utf-8")
    runner = CliRunner(env={"GEOKG_STORE": str(tmp_path / "store"), "GEOKG_MAX_TEXT_CHARS": "200"})
    for command in (["extract", str(article)], ["ingest", str(article)]):
        result = runner.invoke(main, command)
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "GEOKG_MAX_TEXT_CHARS" in lines[0]
        assert "Traceback" not in result.output
