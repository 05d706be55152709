"""The reference files shipped in kg/data/reference against their origin, ../shared/reference beside the clone.

A yardstick, not part of `make test`: it needs ../shared, which a user's clone does not have.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.gazetteer.verify import check_document, load_reference

REPO = Path(__file__).resolve().parents[2]
ORIGIN = REPO.parent / "shared" / "reference"
COPY = REPO / "kg" / "data" / "reference"
# The copy's own files (not copies): data gathered for the copy that the origin does not hold yet.
OWN_FILES = frozenset(
    {
        "NOTICE.md",
        "armed_groups.csv",
        "dated_namesakes.csv",
        "leaders_added.csv",
        "leaders_amended.csv",
        "state_adjectives.csv",
    }
)
# Files of the origin the copy extends at their end (the own files' sources and rejected candidates).
APPENDED = frozenset({"README.md", "unverified.csv"})
# Folders of the origin the gazetteer does not use (event-data dictionaries, the PLOVER manual).
NOT_COPIED = frozenset({"eventdata", "plover"})
RECOPY = "copy them again from ../shared/reference into kg/data/reference, then run make gazetteer"


@pytest.fixture(scope="module")
def origin() -> Path:
    if not (ORIGIN / "README.md").is_file():
        pytest.fail(
            f"No reference folder at {ORIGIN}: this yardstick compares kg/data/reference with "
            "../shared/reference beside the clone, which is missing here.",
            pytrace=False,
        )
    return ORIGIN


def files(folder: Path, *, leave_out: frozenset[str]) -> set[str]:
    """Paths of the files under `folder`, relative to it, without the top-level names in `leave_out`."""
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).parts[0] not in leave_out
    }


def test_the_copy_holds_every_reference_file_and_no_other(origin: Path) -> None:
    wanted = files(origin, leave_out=NOT_COPIED)
    held = files(COPY, leave_out=OWN_FILES)
    missing, extra = sorted(wanted - held), sorted(held - wanted)
    assert not missing and not extra, (
        f"kg/data/reference lacks {missing or 'nothing'} and has {extra or 'nothing'} that {origin} has not: "
        f"{RECOPY}"
    )


def test_the_copy_is_byte_equal_to_the_origin(origin: Path) -> None:
    common = files(COPY, leave_out=OWN_FILES) & files(origin, leave_out=NOT_COPIED)
    assert common, "nothing to compare"
    differing = sorted(name for name in common if not _same_or_extended(name, origin))
    assert not differing, f"kg/data/reference differs from {origin} in {', '.join(differing)}: {RECOPY}"


def _same_or_extended(name: str, origin: Path) -> bool:
    """The copy's bytes are the origin's, or for an appended file start with them."""
    copy, source = (COPY / name).read_bytes(), (origin / name).read_bytes()
    return copy == source or (name in APPENDED and copy.startswith(source))


def test_the_shipped_gazetteer_verifies_against_the_origin(origin: Path, tmp_path: Path) -> None:
    """The origin with the copy's own files (and its extended unverified.csv) beside it."""
    for name in files(origin, leave_out=NOT_COPIED):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).symlink_to(origin / name)
    for name in OWN_FILES | {"unverified.csv"}:
        (tmp_path / name).unlink(missing_ok=True)
        (tmp_path / name).symlink_to(COPY / name)
    document = json.loads((REPO / "kg" / "data" / "gazetteer.json").read_text(encoding="utf-8"))
    verified, problems = check_document(document, load_reference(tmp_path))
    assert not problems, "\n".join(problems[:20])
    assert len(verified) > 1000
