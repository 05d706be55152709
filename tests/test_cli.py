"""The geokg command: real extraction, a real embedded store, one-line errors with the right exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.facts import EVENT_TYPES
from kg.settings import DEFAULTS

TEXT = (
    "BELGRADE -- Serbian President Aleksandar Vucic met NATO Secretary General Jens Stoltenberg in Belgrade "
    "on Monday. Serbia does not recognise Kosovo, Vucic said."
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def runner(tmp_path: Path) -> CliRunner:
    return CliRunner(env={"GEOKG_STORE": str(tmp_path / "store")})


def test_extract_prints_facts_json(runner: CliRunner, article: Path) -> None:
    result = runner.invoke(main, ["extract", str(article), "--published", "2023-06-05"])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)
    qids = {e["wikidata"] for e in facts["entities"]}
    assert {"Q403", "Q222031", "Q57665", "Q7184", "Q3711"} <= qids
    assert facts["article"]["published"] == "2023-06-05"
    meeting = next(e for e in facts["events"] if e["type"] == "Meeting")
    assert meeting["date"] == "2023-06-05"


JSONL = [
    {"text": "Serbia condemned the decision on Monday.", "published": "2024-03-14", "title": "One"},
    {"text": "Belarus released 14 political prisoners on Saturday.", "published": "2025-06-23"},
    {"text": "Japan sent humanitarian aid to the Philippines on Tuesday.", "source": "https://example.org/3"},
]


def test_extract_jsonl_file_prints_one_facts_json_a_line_in_order(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in JSONL) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(path), "--published", "2024-11-20"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [f["article"]["published"] for f in lines] == ["2024-03-14", "2025-06-23", "2024-11-20"]
    assert [f["article"]["title"] for f in lines] == ["One", None, None]
    assert lines[2]["article"]["source"] == "https://example.org/3"
    assert [sorted(e["type"] for e in f["events"]) for f in lines] == [
        ["Condemnation"],
        ["Concession"],
        ["Aid"],
    ]


def test_extract_reads_jsonl_from_stdin(runner: CliRunner) -> None:
    stdin = "\n".join(json.dumps(record) for record in JSONL[:2])
    result = runner.invoke(main, ["extract", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == 2


def test_extract_turtle(runner: CliRunner, article: Path) -> None:
    result = runner.invoke(main, ["extract", str(article), "--format", "turtle"])
    assert result.exit_code == 0
    assert "owl:sameAs wd:Q403" in result.output or "<http://www.wikidata.org/entity/Q403>" in result.output


ARTICLE_CLASS = "https://w3id.org/geokg/ontology#Article"


def test_ingest_query_export_delete(runner: CliRunner, article: Path) -> None:
    assert runner.invoke(main, ["ingest", str(article), "--published", "2023-06-05"]).exit_code == 0
    again = runner.invoke(main, ["ingest", str(article), "--published", "2023-06-05"])
    assert again.exit_code == 0
    count = runner.invoke(
        main,
        ["query", f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{ARTICLE_CLASS}> }} }}"],
    )
    assert count.output.splitlines()[1].startswith("1")  # re-ingesting replaced the graph
    same_as = runner.invoke(
        main,
        [
            "query",
            "SELECT ?s WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q403> }",
            "--format",
            "json",
        ],
    )
    assert same_as.output.count("entity/Q403") == 1  # described once, in the entities graph
    exported = runner.invoke(main, ["export", "--format", "nquads"])
    assert exported.exit_code == 0 and "Q403" in exported.output
    graph = json.loads(
        runner.invoke(
            main,
            ["query", f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g a <{ARTICLE_CLASS}> }} }}", "--format", "json"],
        ).output
    )
    article_iri = graph["results"]["bindings"][0]["g"]["value"]
    assert runner.invoke(main, ["delete", article_iri]).exit_code == 0
    assert runner.invoke(main, ["delete", article_iri]).exit_code == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["extract", "{article}", "--published", "21/11/2023"], "ISO date"),
        (["extract", "/no/such/file.txt"], "No such file"),
        (["ingest", "/no/such/folder"], "no such file"),
        (["query", "SELECT WHERE {"], ""),
        (["ingest", "{empty}"], "empty"),
        (["ingest", "{badjsonl}"], "not JSON"),
        (["extract", "{badjsonl}"], "not JSON"),
        (["extract", "{badjsonl}", "--format", "turtle"], "JSON output only"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    runner: CliRunner, article: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  ", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    args = [
        a.replace("{article}", str(article)).replace("{empty}", str(empty)).replace("{badjsonl}", str(bad))
        for a in args
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.strip()]
    assert "Traceback" not in result.output
    assert message in result.output
    assert len([line for line in errors if line.startswith("Error")]) == 1


def test_eval_prints_scores(runner: CliRunner) -> None:
    dev = Path(__file__).parent / "data" / "dev"
    result = runner.invoke(main, ["eval", str(dev), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["documents"] >= 25
    assert {"precision", "recall", "f1"} <= set(scores["events"])
    # every PLOVER-aligned class has dev examples and its own F1; every rule its own tally
    assert set(scores["event_classes"]) >= set(EVENT_TYPES)
    assert all("f1" in score for score in scores["event_classes"].values())
    assert any(name.startswith("geokg.") for name in scores["rules"])
    assert all({"tp", "fp"} == set(tally) for tally in scores["rules"].values())


def test_store_flag_overrides_the_setting(runner: CliRunner, tmp_path: Path) -> None:
    quads = tmp_path / "one.nq"
    quads.write_text(
        "<http://example.org/s> <http://example.org/p> <http://example.org/o> <http://example.org/g> .\n"
    )
    flagged = tmp_path / "flagged"
    result = runner.invoke(main, ["--store", str(flagged), "load", str(quads)])
    assert result.exit_code == 0, result.output
    assert flagged.is_dir() and not (tmp_path / "store").exists()


@pytest.mark.parametrize(
    "args, env, threads",
    [
        ([], {}, int(DEFAULTS["GEOKG_THREADS"] or 0)),
        ([], {"GEOKG_THREADS": "3"}, 3),
        (["--threads", "5"], {"GEOKG_THREADS": "3"}, 5),
    ],
)
def test_serve_takes_its_threads_from_the_setting_unless_told(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str], env: dict[str, str], threads: int
) -> None:
    import api.server

    served: dict[str, Any] = {}
    monkeypatch.setattr(api.server, "serve", lambda app, **options: served.update(options, app=app))
    monkeypatch.delenv("GEOKG_THREADS", raising=False)
    result = runner.invoke(main, ["serve", *args], env=env)
    assert result.exit_code == 0, result.output
    assert served["threads"] == threads
    assert served["app"].config["GEOKG_STORE"] == runner.env["GEOKG_STORE"]
