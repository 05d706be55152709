"""scripts/headline_probe.py: NGEC's headline templates as sentences, and the count of those coded right."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from kg.extract import Extractor

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "headline_probe.py"


@pytest.fixture(scope="module")
def headline_probe():
    spec = importlib.util.spec_from_file_location("headline_probe", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["headline_probe"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "title, sentence",
    [
        (
            "{country_1} Leader Criticizes {country_2}'s Response to Crisis",
            "Kenya leader criticizes Peru's response to crisis.",
        ),
        ("Local NGO Accuses Government of Coverup", "Local NGO accuses government of coverup."),
        ("Gunmen Kill 13 in Fresh Attack on {city}.", "Gunmen kill 13 in fresh attack on Mombasa."),
    ],
)
def test_a_template_becomes_a_sentence(headline_probe, title: str, sentence: str) -> None:
    assert headline_probe.sentence(title) == sentence


def test_the_probe_counts_a_headline_coded_with_its_type_and_lists_the_others(
    headline_probe, tmp_path: Path
) -> None:
    rows = tmp_path / "headlines.csv"
    rows.write_text(
        "event,mode,title\n"
        "ASSAULT,,{country_1} Troops Shelled {city} on Monday\n"
        "AID,,{country_1} Troops Shelled {city} on Monday\n",
        encoding="utf-8",
    )
    coded, total, misses = headline_probe.probe(Extractor(), rows)
    assert total == {"ASSAULT": 1, "AID": 1}
    assert coded == {"ASSAULT": 1}
    assert misses == ["AID: Kenya troops shelled Mombasa on Monday.  [found: ASSAULT]"]
