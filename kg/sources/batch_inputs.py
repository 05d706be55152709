"""The inputs of a batch, read so that one bad input never stops the others: each unreadable file, URL or
JSONL line becomes a failure with its reason, and reading goes on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.sources.ingest import ArticleInput, IngestError, one_line, parse_jsonl_line, read_inputs


@dataclass(frozen=True)
class Failure:
    """An input that was not stored: where it came from and why (one line)."""

    source: str
    reason: str
    bad_input: bool = False  # the input itself is bad (exit code 2 when every article fails so)

    def to_json(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason}


def input_failure(source: str, error: BaseException) -> Failure:
    """The failure of a bad input, its reason without the `source: ` the message may start with."""
    return Failure(source, one_line(error).removeprefix(f"{source}: "), bad_input=True)


@dataclass(frozen=True)
class BatchItem:
    """One article of a batch and where it was read from (for messages): a file, `file:line` or its URL."""

    article: ArticleInput
    origin: str


def read_batch(
    locations: Iterable[str], *, allow_private_urls: bool = False
) -> Iterator[BatchItem | Failure]:
    """Every article of the locations (files, folders, JSONL, URLs, feeds), or the failure of each that
    cannot be read."""
    for location in locations:
        if not location.lower().startswith(("http://", "https://")) and Path(location).is_dir():
            for child in sorted(Path(location).iterdir()):
                if child.suffix in {".txt", ".jsonl"}:
                    yield from read_batch([str(child)])
            continue
        yield from _read_location(location, allow_private_urls=allow_private_urls)


def _read_location(location: str, *, allow_private_urls: bool) -> Iterator[BatchItem | Failure]:
    if location.endswith(".jsonl") and Path(location).is_file():
        yield from _read_jsonl(Path(location))
        return
    try:
        for article in read_inputs(location, allow_private_urls=allow_private_urls):
            yield BatchItem(article, article.source or location)
    except (IngestError, OSError) as e:
        yield input_failure(location, e)


def _read_jsonl(path: Path) -> Iterator[BatchItem | Failure]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (UnicodeDecodeError, OSError) as e:
        yield Failure(str(path), f"{path} is not readable UTF-8 text ({one_line(e)})", bad_input=True)
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            yield BatchItem(parse_jsonl_line(line, where=where), where)
        except IngestError as e:
            yield input_failure(where, e)
