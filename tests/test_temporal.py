"""Date expressions normalised against the publication date (kg.extract.temporal)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.extract.temporal import NormalisedDate, find_dates, normalise_date, years_in

TUESDAY = date(2023, 11, 21)  # a Tuesday


@pytest.mark.parametrize(
    "expression, published, value, precision",
    [
        # Weekdays: the latest such day on or before publication; "last" is strictly before.
        ("on Tuesday", TUESDAY, "2023-11-21", "day"),
        ("Tuesday", TUESDAY, "2023-11-21", "day"),
        ("on Monday", TUESDAY, "2023-11-20", "day"),
        ("Wednesday", TUESDAY, "2023-11-15", "day"),
        ("on Sunday", TUESDAY, "2023-11-19", "day"),
        ("last Tuesday", TUESDAY, "2023-11-14", "day"),
        ("last Monday", TUESDAY, "2023-11-20", "day"),
        ("on sunday", date(2024, 1, 2), "2023-12-31", "day"),
        ("TUESDAY", TUESDAY, "2023-11-21", "day"),
        # "this/next Tuesday" alone is refused below; with the day's number it is that day.
        ("this Thursday, November 23", TUESDAY, "2023-11-23", "day"),
        ("last Friday, 17 November", TUESDAY, "2023-11-17", "day"),
        # Day words.
        ("today", TUESDAY, "2023-11-21", "day"),
        ("yesterday", TUESDAY, "2023-11-20", "day"),
        ("Tomorrow", TUESDAY, "2023-11-22", "day"),
        ("tomorrow", date(2023, 12, 31), "2024-01-01", "day"),
        ("yesterday", date(2024, 1, 1), "2023-12-31", "day"),
        ("yesterday", date(2024, 3, 1), "2024-02-29", "day"),
        ("the day before yesterday", TUESDAY, "2023-11-19", "day"),
        ("two days ago", TUESDAY, "2023-11-19", "day"),
        # "this Tuesday" written on a Tuesday is the day itself (on another day it could be either way)
        ("this Tuesday", TUESDAY, "2023-11-21", "day"),
        # Months and years relative to publication.
        ("last month", TUESDAY, "2023-10", "month"),
        # "last" before a month and its day: the latest such day, as without it
        ("last November 18", TUESDAY, "2023-11-18", "day"),
        ("last December 25", TUESDAY, "2022-12-25", "day"),
        ("last November 25", TUESDAY, "2022-11-25", "day"),
        # a day days ahead of publication is the coming one (a plan), not the one a year back
        ("on 25 November", TUESDAY, "2023-11-25", "day"),
        ("on 2 January", date(2023, 12, 30), "2024-01-02", "day"),
        ("on 5 December", TUESDAY, "2022-12-05", "day"),
        # a span of days is dated by its first
        ("from 20-22 December 2016", TUESDAY, "2016-12-20", "day"),
        ("from 3 to 4 September", date(2019, 9, 2), "2019-09-03", "day"),
        ("last month", date(2024, 1, 2), "2023-12", "month"),
        ("next month", TUESDAY, "2023-12", "month"),
        ("next month", date(2023, 12, 15), "2024-01", "month"),
        ("earlier this month", TUESDAY, "2023-11", "month"),
        ("this year", TUESDAY, "2023", "year"),
        ("last year", TUESDAY, "2022", "year"),
        ("next year", TUESDAY, "2024", "year"),
        ("three months ago", date(2024, 1, 2), "2023-10", "month"),
        ("a year ago", TUESDAY, "2022", "year"),
        # A month alone: the latest such month not after publication.
        ("in May", TUESDAY, "2023-05", "month"),
        ("in December", TUESDAY, "2022-12", "month"),
        ("in November", TUESDAY, "2023-11", "month"),
        ("September", TUESDAY, "2023-09", "month"),
        ("in Sept.", TUESDAY, "2023-09", "month"),
        ("in may", TUESDAY, "2023-05", "month"),
        ("mid-May", TUESDAY, "2023-05", "month"),
        ("last November", TUESDAY, "2022-11", "month"),
        ("next May", TUESDAY, "2024-05", "month"),
        ("in December", date(2024, 1, 2), "2023-12", "month"),
        # A month with a year.
        ("in May 2021", TUESDAY, "2021-05", "month"),
        ("May 2021", None, "2021-05", "month"),
        ("Sep 2019", None, "2019-09", "month"),
        ("early March 2022", None, "2022-03", "month"),
        # Days with and without a year.
        ("May 5", TUESDAY, "2023-05-05", "day"),
        ("5 May", TUESDAY, "2023-05-05", "day"),
        ("the 5th of May", TUESDAY, "2023-05-05", "day"),
        ("May 5, 2021", TUESDAY, "2021-05-05", "day"),
        ("5 May 2021", None, "2021-05-05", "day"),
        ("Sept. 5", TUESDAY, "2023-09-05", "day"),
        ("December 25", TUESDAY, "2022-12-25", "day"),
        # the day after publication is the coming one (it was the year before's until realtext16 showed plans
        # "scheduled to be held from 3-4 September" in a text of 2 September dated a year back)
        ("November 22", TUESDAY, "2023-11-22", "day"),
        ("November 28", TUESDAY, "2023-11-28", "day"),
        ("November 29", TUESDAY, "2022-11-29", "day"),
        ("November 21", TUESDAY, "2023-11-21", "day"),
        ("December 31", date(2024, 1, 1), "2023-12-31", "day"),
        ("Tuesday, 21 November 2023", None, "2023-11-21", "day"),
        ("on Friday, Nov. 17", TUESDAY, "2023-11-17", "day"),
        ("2021-05-05", None, "2021-05-05", "day"),
        # Leap years.
        ("February 29", date(2024, 3, 1), "2024-02-29", "day"),
        ("February 29", date(2025, 1, 10), "2024-02-29", "day"),
        ("29 February 2024", None, "2024-02-29", "day"),
        # Numbers: the reading that makes a date, or the publication date's when both do.
        ("22-08-2016", None, "2016-08-22", "day"),
        ("08/22/2016", None, "2016-08-22", "day"),
        ("10-04-2017", date(2017, 4, 10), "2017-04-10", "day"),
        ("04.10.2017", date(2017, 4, 10), "2017-04-10", "day"),
        # Bare years.
        ("2008", None, "2008", "year"),
        ("in 2008", TUESDAY, "2008", "year"),
        ("since 2014", None, "2014", "year"),
        ("1999", TUESDAY, "1999", "year"),
    ],
)
def test_normalise_date(expression: str, published: date | None, value: str, precision: str) -> None:
    assert normalise_date(expression, published=published) == NormalisedDate(
        value, precision, expression, 0, len(expression)
    )


@pytest.mark.parametrize(
    "expression, published",
    [
        # Relative expressions need a publication date.
        ("on Tuesday", None),
        ("last Tuesday", None),
        ("in May", None),
        ("yesterday", None),
        ("today", None),
        ("last month", None),
        ("May 5", None),
        ("two days ago", None),
        # Expressions we refuse to resolve rather than guess.
        ("last week", TUESDAY),
        ("next week", TUESDAY),
        ("this weekend", TUESDAY),
        ("next Tuesday", TUESDAY),
        ("this Monday", TUESDAY),
        ("the 1990s", TUESDAY),
        ("the early 2000s", TUESDAY),
        ("recent", TUESDAY),
        ("recently", TUESDAY),
        # A day and a month that may be either way round, neither the publication date.
        ("10-04-2017", None),
        ("10-04-2017", TUESDAY),
        # Impossible dates.
        ("February 29", date(2023, 3, 1)),
        ("29 February 2023", None),
        ("February 30", TUESDAY),
        ("2021-02-30", None),
        # Not a date, or more than one expression.
        ("2008 troops", None),
        ("Tuesday and Wednesday", TUESDAY),
        ("", TUESDAY),
    ],
)
def test_normalise_date_refuses(expression: str, published: date | None) -> None:
    assert normalise_date(expression, published=published) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Serbia has not recognised Kosovo's 2008 declaration of independence, officials said on Monday.",
            [("2008", "2008"), ("Monday", "2023-11-20")],
        ),
        (
            "NATO sent 2000 soldiers and 93 troops to the border last Tuesday.",
            [("last Tuesday", "2023-11-14")],
        ),
        (
            "About 1950 people fled, and 2010 civilians were evacuated in May.",
            [("May", "2023-05")],
        ),
        (
            "Finland joined NATO on April 4, 2023, after applying in May 2022.",
            [("April 4, 2023", "2023-04-04"), ("May 2022", "2022-05")],
        ),
        (
            "Theresa May said the talks may resume in December.",
            [("December", "2022-12")],
        ),
        (
            "The ceasefire has held since 2014 despite clashes in the 1990s and last week.",
            [("2014", "2014")],
        ),
        (
            "Resolution 2231 was adopted at 1900 GMT on 20 July 2015.",
            [("20 July 2015", "2015-07-20")],
        ),
        (
            "USA Today reported that the summit ends tomorrow; the minister left yesterday.",
            [("tomorrow", "2023-11-22"), ("yesterday", "2023-11-20")],
        ),
        (
            "Talks at Mar-a-Lago in Sept. were followed by a vote on 2023-10-02.",
            [("Sept.", "2023-09"), ("2023-10-02", "2023-10-02")],
        ),
        (
            "In 2014 Russian troops seized Crimea, and the government deployed 2000 more troops.",
            [("2014", "2014")],
        ),
    ],
)
def test_find_dates(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_dates(text, published=TUESDAY)
    assert [(date_.text, date_.value) for date_ in found] == expected
    assert all(text[date_.start : date_.end] == date_.text for date_ in found)


def test_find_dates_adds_offset() -> None:
    text = "Protesters gathered in Pristina on Tuesday."
    (found,) = find_dates(text, published=TUESDAY, offset=100)
    assert (found.start, found.end) == (100 + text.index("Tuesday"), 100 + text.index("Tuesday") + 7)


def test_find_dates_without_publication_keeps_absolute_dates() -> None:
    text = "On Tuesday officials recalled the 17 February 2008 declaration and the vote in May."
    found = find_dates(text, published=None)
    assert [(date_.text, date_.value, date_.precision) for date_ in found] == [
        ("17 February 2008", "2008-02-17", "day")
    ]


def test_find_dates_ignores_counts() -> None:
    text = "The army moved 93 troops, 2000 soldiers and some 1999 vehicles toward the line."
    assert find_dates(text, published=TUESDAY) == []


@pytest.mark.parametrize(
    "text, value",
    [("In May this year", "2024-05"), ("in March last year", "2023-03"), ("in January next year", "2025-01")],
)
def test_a_month_with_this_or_last_year_takes_that_year(text: str, value: str) -> None:
    found = find_dates(text, published=date(2024, 9, 1))
    assert [d.value for d in found] == [value]


def test_without_publication_date_a_yearless_date_takes_the_given_year() -> None:
    found = find_dates("On 12 March and in May", published=None, default_year=2019)
    assert [d.value for d in found] == ["2019-03-12", "2019-05"]
    assert find_dates("On 12 March", published=None) == []


def test_years_in_lists_the_years_a_text_names() -> None:
    assert [year for _, year in years_in("In 2019 the war began; on 5 May 2020 it ended.")] == [2019, 2020]


def test_every_date_pattern_match_holds_its_cue() -> None:
    """A pattern is tried only where its cue is found: the cue must hold wherever the pattern matches."""
    from kg.extract.temporal import _PATTERNS

    data = Path(__file__).resolve().parent / "data"
    texts = [path.read_text(encoding="utf-8") for path in data.glob("*/*.txt")]
    texts += [
        "the 1990s",
        "in the '80s",
        "three weeks ago",
        "Sept. 4",
        "4th of SEPTEMBER 2021",
        "THIS MORNING",
    ]
    matched = 0
    for text in texts:
        for pattern in _PATTERNS:
            found = list(pattern.regex.finditer(text))
            matched += len(found)
            assert not found or pattern.cue.search(text), (pattern.kind, found[0][0])
    assert matched > 500


ANCHOR = NormalisedDate("2022-08-02", "day", "August 2, 2022", 0, 14)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("She met the president the following day.", ["2022-08-03"]),
        ("The next morning, they signed.", ["2022-08-03"]),
        ("Two days later, drills began.", ["2022-08-04"]),
        ("A day earlier, he had left.", ["2022-08-01"]),
        ("Later that day he left.", ["2022-08-02"]),
        ("On the same day, Russia protested.", ["2022-08-02"]),
        ("Three months later, it joined.", ["2022-11"]),
        ("The following year, elections were held.", ["2023"]),
        # counted from a date earlier in the same sentence, not from the anchor
        ("On 3 May 2021 they met; the next day they signed.", ["2021-05-03", "2021-05-04"]),
        # "after"/"before" count from the event they name, not from the story's date
        ("Two days after the attack, police arrived.", []),
        ("The same day as the vote, he resigned.", []),
    ],
)
def test_a_date_counted_from_the_story_takes_the_last_date_before_it(text: str, expected: list[str]) -> None:
    assert [d.value for d in find_dates(text, published=date(2022, 8, 6), anchor=ANCHOR)] == expected


def test_a_date_counted_from_the_story_needs_a_date_as_precise_as_its_unit() -> None:
    month = NormalisedDate("2022-08", "month", "August 2022", 0, 11)
    assert find_dates("The next day, they signed.", published=None, anchor=month) == []
    assert [d.value for d in find_dates("The next month, they signed.", published=None, anchor=month)] == [
        "2022-09"
    ]
    assert find_dates("Two days later, drills began.", published=date(2022, 8, 6)) == []
