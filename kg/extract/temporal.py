"""Normalise English date expressions in news against the article's publication date.

Pure: no I/O and no clock. Absolute expressions ("5 May 2021", "2021-05-05", "in 2008") need no anchor;
relative ones ("on Tuesday", "in May", "yesterday", "last month") resolve against ``published`` and to
nothing without it; those that count from the story's own time ("the next day", "two days later", "later that
year") resolve against the last date the text gave before them, ``anchor``, and to nothing without one.
Expressions we cannot pin down honestly ("last week", "the 1990s", "next Tuesday")
resolve to nothing rather than to a guess.

Spans follow the TimeML habit: they cover the expression with its modifiers ("last Tuesday", "mid-May")
but not the preposition before it ("on", "in", "since").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["NormalisedDate", "find_dates", "normalise_date", "years_in"]


@dataclass(frozen=True)
class NormalisedDate:
    """A date expression and its value: ``2023-11-21`` (day), ``2023-05`` (month) or ``2023`` (year)."""

    value: str
    precision: str
    text: str
    start: int
    end: int


# (value, precision), or None when the expression is a date we refuse to resolve.
_Resolved = tuple[str, str] | None
_Resolver = Callable[[re.Match[str], date | None], _Resolved]

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

_FULL_MONTH = "january|february|march|april|may|june|july|august|september|october|november|december"
# "Sept" comes before "Sep" so the longer abbreviation wins; "-x" after a month keeps "Mar-a-Lago" a name.
_MONTH = (
    rf"(?P<mon>(?:{_FULL_MONTH}|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)(?![a-z]|-[a-z]))"
)
_WEEKDAY = rf"(?P<wd>{'|'.join(_WEEKDAYS)})"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\da-z]|[,.]\d)"
_YEAR_WITH_MONTH = r"(?P<y>1\d{3}|20\d{2})(?![\w%]|[,.]\d)"
# "Tuesday, May 2", "this Tuesday, May 2": the day's number settles which Tuesday
_WEEKDAY_PREFIX = rf"(?:\b(?:(?:this|next|last|coming|past)\s+)?{_WEEKDAY},?\s+)?"

# Words after which a number in 1900-2099 is a quantity, a count or a label, not a year.
_QUANTIFIER_BEFORE = re.compile(
    r"\b(?:about|around|approximately|roughly|nearly|almost|some|over|than|least|estimated|additional|"
    r"another|extra|up\s+to|usd|eur|gbp|rub|uah)\s+$",
    re.IGNORECASE,
)
_LABEL_WORDS = frozenset(
    "resolution resolutions no. nos. no number numbers article articles section flight route road highway "
    "room chapter page pages paragraph rule decree law bill item unit model line platform gate bus battalion "
    "brigade regiment division squadron code block building apartment house street avenue box suite tel "
    "phone hill height altitude elevation score rating".split()
)
_COUNT_NOUNS = frozenset(
    "people persons individuals troops soldiers servicemen servicemembers personnel men women children "
    "civilians refugees migrants residents inhabitants citizens voters protesters demonstrators rioters "
    "activists workers employees staff police policemen officers officials members delegates fighters "
    "militants rebels insurgents militiamen guerrillas combatants mercenaries volunteers recruits reservists "
    "conscripts prisoners detainees hostages captives inmates victims casualties deaths dead killed wounded "
    "injured patients families households homes houses buildings apartments flats vehicles cars trucks "
    "tanks missiles drones rockets shells bombs rounds munitions weapons rifles guns aircraft jets planes "
    "helicopters ships vessels boats sorties strikes airstrikes attacks incidents arrests cases votes "
    "ballots seats signatures km kilometres kilometers miles metres meters feet tonnes tons kg hectares "
    "acres dollars euros pounds roubles rubles hryvnias yuan yen barrels megawatts days weeks months years "
    "hours minutes seconds times percent".split()
)
# A year straight after these is a date even when a count noun follows ("since 2014 troops have ...").
_STRONG_YEAR_CUES = frozenset("since until till during before after".split())
_NOT_YEAR_AFTER = re.compile(
    r"(?:\s*(?:%|per\s*cent\b|gmt\b|utc\b|hrs\b|hours\b|local\s+time\b)|-(?:strong|member|man|men|seat|page))",
    re.IGNORECASE,
)
_NEXT_WORDS = re.compile(r"[ \t]+((?:[A-Za-z'-]+[ \t]+){0,2}[A-Za-z'-]+)")
_PREVIOUS_WORD = re.compile(r"([A-Za-z.]+)\s*$")
# Before a bare month name, these make it a date: "in May", "since March", "the end of May".
_MONTH_CUE_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|from|to|through|throughout|during|of|before|after|between|around|last|"
    r"this|next|early|mid|late)[\s-]+$",
    re.IGNORECASE,
)
# Month names that are also common words or names, which need a cue when they stand alone.
_AMBIGUOUS_MONTHS = frozenset({"may", "march"})
# Stripped by normalise_date: a preposition, and the "the" of "the 5th of May" (spans never include it).
_LEADING_WORDS = re.compile(
    r"^(?:(?:on|in|since|until|till|by|from|during|at|of|before|after|as\s+of)\s+)?(?:the\s+(?=\d))?",
    re.IGNORECASE,
)


def _day(value: date) -> _Resolved:
    return value.isoformat(), "day"


def _month(year: int, month: int) -> _Resolved:
    return f"{year:04d}-{month:02d}", "month"


def _year(year: int) -> _Resolved:
    return f"{year:04d}", "year"


def _month_number(name: str) -> int:
    return _MONTHS[name.lower()[:3]]


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _valid_date(year: int, month: int, day: int) -> date | None:
    """The date, or None for impossible ones such as 30 February."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(
    month: int, day: int, year: int | None, published: date | None, *, past: bool = False
) -> _Resolved:
    """A day from month and day, the year from the text, else the coming one when it is days ahead of
    publication (unless `past`: "last November 25"), else the latest one not after publication."""
    if year is not None:
        value = _valid_date(year, month, day)
        return _day(value) if value else None
    if published is None:
        return None
    # "the conference on 3-4 September" in a text of 2 September: a day just ahead is the coming one, never the
    # one a year back (across New Year as well)
    for ahead in (_valid_date(published.year, month, day), _valid_date(published.year + 1, month, day)):
        if not past and ahead is not None and timedelta(0) < ahead - published <= DAYS_AHEAD:
            return _day(ahead)
    value = _valid_date(published.year, month, day)
    if value is None or value > published:
        # Only the year before: a 29 February older than that is a typo, not a date to chase back.
        value = _valid_date(published.year - 1, month, day)
    return _day(value) if value else None


DAYS_AHEAD = timedelta(days=7)


def _resolve_iso(match: re.Match[str], published: date | None) -> _Resolved:
    value = _valid_date(int(match["y"]), int(match["mo"]), int(match["d"]))
    return _day(value) if value else None


def _resolve_numeric(match: re.Match[str], published: date | None) -> _Resolved:
    """ "22-08-2016" (day first) or "08/22/2016" (month first): the reading that makes a date; when both do
    ("10-04-2017"), the one that is the publication date, else none (a wrong day is worse than no day)."""
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    readings = {
        value for value in (_valid_date(year, second, first), _valid_date(year, first, second)) if value
    }
    if len(readings) > 1:
        readings &= {published}
    return _day(readings.pop()) if len(readings) == 1 else None


def _resolve_month_day(match: re.Match[str], published: date | None) -> _Resolved:
    year = int(match["y"]) if match["y"] else None
    past = match[0].lower().startswith("last")
    return _month_day(_month_number(match["mon"]), int(match["d"]), year, published, past=past)


def _resolve_month_year(match: re.Match[str], published: date | None) -> _Resolved:
    return _month(int(match["y"]), _month_number(match["mon"]))


def _resolve_month_relative_year(match: re.Match[str], published: date | None) -> _Resolved:
    """ "May this year", "March last year": the month of the year the phrase names."""
    if published is None:
        return None
    by = {"last": -1, "this": 0, "next": 1}[match["rel"].lower()]
    return _month(published.year + by, _month_number(match["mon"]))


def _resolve_month(match: re.Match[str], published: date | None) -> _Resolved:
    """A month without a year: the latest one not after publication, or as "last"/"this"/"next" say."""
    if published is None:
        return None
    month = _month_number(match["mon"])
    modifier = (match["mod"] or "").lower()
    if modifier == "this":
        return _month(published.year, month)
    if modifier == "next":
        return _month(published.year + (month <= published.month), month)
    if modifier == "last":
        return _month(published.year - (month >= published.month), month)
    return _month(published.year - (month > published.month), month)


def _resolve_weekday(match: re.Match[str], published: date | None) -> _Resolved:
    """The latest such weekday on or before publication; strictly before it after "last"/"past"."""
    modifier = (match["mod"] or "").lower()
    if published is None:
        return None
    back = (published.weekday() - _WEEKDAYS.index(match["wd"].lower())) % 7
    if modifier == "this" and back == 0:
        return _day(published)  # "this Saturday" written on a Saturday: the day itself
    # "this/next/coming Tuesday" may mean this week's or next week's: refuse to guess.
    if modifier in {"this", "next", "coming"}:
        return None
    if back == 0 and modifier in {"last", "past"}:
        back = 7
    return _day(published - timedelta(days=back))


def _resolve_day_word(match: re.Match[str], published: date | None) -> _Resolved:
    if published is None:
        return None
    phrase = " ".join(match[0].lower().split())
    offsets = {"the day before yesterday": -2, "yesterday": -1, "tomorrow": 1, "the day after tomorrow": 2}
    return _day(published + timedelta(days=offsets.get(phrase, 0)))


def _resolve_period(match: re.Match[str], published: date | None) -> _Resolved:
    """ "last month", "this year", "next month"; weeks have no precision here, so they resolve to None."""
    unit = match["unit"].lower()
    if published is None or unit.startswith("week"):
        return None
    by = {"last": -1, "this": 0, "next": 1}[match["rel"].lower()]
    if unit == "year":
        return _year(published.year + by)
    return _month(*_shift_month(published.year, published.month, by))


def _resolve_ago(match: re.Match[str], published: date | None) -> _Resolved:
    unit = match["unit"].lower()
    if published is None or unit == "week":
        return None
    count = match["n"].lower()
    n = int(count) if count.isdigit() else _NUMBER_WORDS[count]
    if unit == "day":
        return _day(published - timedelta(days=n))
    if unit == "month":
        return _month(*_shift_month(published.year, published.month, -n))
    return _year(published.year - n)


def _resolve_from_anchor(match: re.Match[str], anchor: NormalisedDate | None) -> _Resolved:
    """ "the next day", "two days later", "later that month": counted from the date the story last gave, which
    must be as precise as the unit counted."""
    unit = (match["next"] or match["counted"] or match["same"]).lower()
    unit = unit if unit in {"month", "year"} else "day"  # "the next morning" is the next day
    if anchor is None or len(anchor.value) < {"day": 10, "month": 7, "year": 4}[unit]:
        return None
    count = (match["n"] or "").lower()
    by = 0 if match["same"] else int(count) if count.isdigit() else _NUMBER_WORDS.get(count, 1)
    by = -by if match["back"] else by
    if unit == "day":
        return _day(date.fromisoformat(anchor.value) + timedelta(days=by))
    if unit == "month":
        return _month(*_shift_month(int(anchor.value[:4]), int(anchor.value[5:7]), by))
    return _year(int(anchor.value[:4]) + by)


def _resolve_nothing(match: re.Match[str], published: date | None) -> _Resolved:
    return None


def _resolve_year(match: re.Match[str], published: date | None) -> _Resolved:
    return _year(int(match["y"]))


@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern[str]
    resolve: _Resolver
    # A quick search that every match needs to find (a month's first letters, "ago", a digit): most sentences
    # hold no date, and these patterns' leading optional groups make a full scan slow.
    cue: re.Pattern[str]
    # Counted from the story's last date ("the next day"), not from publication: resolved by find_dates.
    anchored: bool = False


def _pattern(kind: str, regex: str, resolve: _Resolver, *, cue: str, anchored: bool = False) -> _Pattern:
    return _Pattern(kind, re.compile(regex, re.IGNORECASE), resolve, re.compile(cue, re.IGNORECASE), anchored)


_MONTH_CUE = r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_DIGIT_CUE = r"\d"


_PATTERNS = (
    _pattern(
        "iso", r"(?<![\d-])(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?![\d-])", _resolve_iso, cue=_DIGIT_CUE
    ),
    _pattern(
        "numeric",
        r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/.-])",
        _resolve_numeric,
        cue=_DIGIT_CUE,
    ),
    _pattern(
        "month_day",
        rf"{_WEEKDAY_PREFIX}\b(?:last\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR_WITH_MONTH})?",
        _resolve_month_day,
        cue=_MONTH_CUE,
    ),
    _pattern(
        "day_month",
        rf"{_WEEKDAY_PREFIX}(?<![\w.,]){_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR_WITH_MONTH})?",
        _resolve_month_day,
        cue=_MONTH_CUE,
    ),
    # "from 20-22 December 2016", "3 to 4 September": a span of days is dated by its first
    _pattern(
        "day_range_month",
        rf"(?<![\w.,]){_DAY}\s*(?:-|–|to)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR_WITH_MONTH})?",
        _resolve_month_day,
        cue=_MONTH_CUE,
    ),
    _pattern(
        "month_year",
        rf"\b(?:(?:early|mid|late)[\s-]+)?{_MONTH},?\s+(?:of\s+)?{_YEAR_WITH_MONTH}",
        _resolve_month_year,
        cue=_MONTH_CUE,
    ),
    _pattern(
        "month_relative_year",
        rf"\b(?:(?:early|mid|late)[\s-]+)?{_MONTH},?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b",
        _resolve_month_relative_year,
        cue=_MONTH_CUE,
    ),
    _pattern(
        "month",
        rf"\b(?:(?P<mod>last|this|next|early|mid|late)[\s-]+)?{_MONTH}",
        _resolve_month,
        cue=_MONTH_CUE,
    ),
    _pattern(
        "weekday",
        rf"\b(?:(?P<mod>last|this|next|past|coming)\s+)?{_WEEKDAY}\b",
        _resolve_weekday,
        cue=r"day\b",
    ),
    _pattern(
        "day_word",
        r"\b(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|yesterday|today|tomorrow|tonight|"
        r"this\s+(?:morning|afternoon|evening))\b",
        _resolve_day_word,
        cue=r"\b(?:yesterday|today|tomorrow|tonight|this\s|the\s+day)",
    ),
    _pattern(
        "period",
        r"\b(?:(?:earlier|later)\s+)?(?P<rel>last|this|next)\s+(?P<unit>weekend|week|month|year)\b",
        _resolve_period,
        cue=r"\b(?:last|this|next)\s",
    ),
    _pattern(
        "ago",
        rf"\b(?P<n>\d{{1,3}}|{'|'.join(_NUMBER_WORDS)})\s+(?P<unit>day|week|month|year)s?\s+ago\b",
        _resolve_ago,
        cue=r"\bago\b",
    ),
    # Only "later"/"earlier" counts: "two days after the attack" counts from the attack, not from the story.
    _pattern(
        "from_anchor",
        r"\b(?:the\s+(?:following|next)\s+(?P<next>day|month|year|morning|afternoon|evening|night)|"
        rf"(?P<n>\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})\s+(?P<counted>day|month|year)s?\s+(?:later|(?P<back>earlier))|"
        r"(?:(?:later|earlier)\s+)?(?:that|the\s+same)\s+(?P<same>day|month|year)(?![\s-]+(?:before|after|of|as)\b))\b",
        _resolve_nothing,
        cue=r"\b(?:following|next|later|earlier|that|same)\b",
        anchored=True,
    ),
    # Decades have no precision here; matching them keeps "1990" out of "the 1990s".
    _pattern(
        "decade",
        r"(?:\bthe\s+)?(?:\b(?:early|mid|late)[\s-]*)?(?<![\w'])(?:(?:1\d|20)\d0|'\d0)'?s\b",
        _resolve_nothing,
        cue=r"0'?s\b",
    ),
    _pattern("year", r"(?<![\w$€£#])(?P<y>(?:19|20)\d{2})(?![\w%]|[,.]\d)", _resolve_year, cue=_DIGIT_CUE),
)


def _is_year(text: str, match: re.Match[str]) -> bool:
    """Whether a bare number in 1900-2099 reads as a year rather than a count or a label."""
    before, after = text[: match.start()], text[match.end() :]
    previous = _PREVIOUS_WORD.search(before)
    previous_word = previous[1].lower() if previous else ""
    if previous_word in _LABEL_WORDS or _QUANTIFIER_BEFORE.search(before) or _NOT_YEAR_AFTER.match(after):
        return False
    following = _NEXT_WORDS.match(after)
    words = [word.lower() for word in following[1].split()] if following else []
    if words and words[0] in _COUNT_NOUNS and previous_word not in _STRONG_YEAR_CUES:
        return False
    # "deployed 2000 more troops" is a count; "in 2014 Russian troops ..." is a year.
    return not (any(word in _COUNT_NOUNS for word in words[1:]) and not _MONTH_CUE_BEFORE.search(before))


def _is_month_date(text: str, match: re.Match[str], kind: str) -> bool:
    """Whether a month name is meant as a month: capitalised, and alone only where a date would be."""
    name = match["mon"]
    if not name[0].isupper():
        return False
    if kind != "month" or match["mod"]:
        return True
    ambiguous = name.lower() in _AMBIGUOUS_MONTHS or name.lower() not in _FULL_MONTH.split("|")
    return not ambiguous or bool(_MONTH_CUE_BEFORE.search(text[: match.start()]))


def _is_date(text: str, match: re.Match[str], kind: str) -> bool:
    """Context checks for running text, where "May", "2000" and "Today" are often not dates."""
    if kind == "year":
        return _is_year(text, match)
    if kind in {"month_day", "day_month", "day_range_month", "month_year", "month", "month_relative_year"}:
        return _is_month_date(text, match, kind)
    # "USA Today", "Russia Today" are names.
    if match[0] == "Today" and re.search(r"\b[A-Z][\w.]*\s+$", text[: match.start()]):
        return False
    return True


def _candidates(text: str, *, strict: bool) -> list[tuple[re.Match[str], _Pattern]]:
    """Every match of every pattern, earliest first and longest first among equal starts."""
    found = [
        (match, pattern)
        for pattern in _PATTERNS
        if pattern.cue.search(text)
        for match in pattern.regex.finditer(text)
        if not strict or _is_date(text, match, pattern.kind)
    ]
    return sorted(found, key=lambda item: (item[0].start(), -len(item[0][0])))


def _scan(text: str, *, strict: bool) -> list[tuple[re.Match[str], _Pattern]]:
    """Non-overlapping date expressions; unresolvable ones are kept so they hide their parts."""
    chosen: list[tuple[re.Match[str], _Pattern]] = []
    end = 0
    for match, pattern in _candidates(text, strict=strict):
        if match.start() >= end:
            chosen.append((match, pattern))
            end = match.end()
    return chosen


def find_dates(
    text: str,
    *,
    published: date | None,
    offset: int = 0,
    default_year: int | None = None,
    anchor: NormalisedDate | None = None,
    narrative_year: int | None = None,
) -> list[NormalisedDate]:
    """The date expressions in a sentence that resolve, with positions shifted by ``offset``. Without a
    publication date, a day or month without a year takes ``default_year`` (the nearest year the text gives);
    in a paragraph that tells a year's story ("In 2015, ... In July, ..."), ``narrative_year``.
    "The next day" counts from ``anchor``, the last date before the sentence, or from an earlier one in it."""
    found: list[NormalisedDate] = []
    for match, pattern in _scan(text, strict=True):
        in_story_year = _in_year(match, pattern.kind, narrative_year) if narrative_year is not None else None
        resolved = in_story_year or _resolve_in_calendar(
            pattern, match, published, anchor=found[-1] if found else anchor
        )
        if resolved is None and published is None and default_year is not None:
            resolved = _in_year(match, pattern.kind, default_year)
        if resolved is not None:
            value, precision = resolved
            found.append(
                NormalisedDate(value, precision, match[0], match.start() + offset, match.end() + offset)
            )
    return found


def _resolve_in_calendar(
    pattern: _Pattern, match: re.Match[str], published: date | None, *, anchor: NormalisedDate | None = None
) -> _Resolved:
    """The pattern's value, or None when counting from `published` leaves the calendar ("tomorrow" of
    9999-12-31): a date Python cannot hold is no date of ours."""
    try:
        if pattern.anchored:
            return _resolve_from_anchor(match, anchor)
        return pattern.resolve(match, published)
    except OverflowError:
        return None


def _in_year(match: re.Match[str], kind: str, year: int) -> _Resolved:
    """A day or month without a year, in the given year ("on 12 March", "in May")."""
    if kind in {"month_day", "day_month", "day_range_month"} and not match["y"]:
        value = _valid_date(year, _month_number(match["mon"]), int(match["d"]))
        return _day(value) if value else None
    if kind == "month" and not match["mod"]:
        return _month(year, _month_number(match["mon"]))
    return None


def fronted_year(sentence: str) -> int | None:
    """The year a sentence opens with ("In 2015, Turkey suffered two major bombing attacks."): the year the
    paragraph goes on to tell of."""
    match = FRONTED_YEAR.match(sentence)
    return int(match["y"]) if match else None


FRONTED_YEAR = re.compile(
    r"\s*(?:In|During|Throughout)\s+(?:early\s+|late\s+|mid-)?(?P<y>1[89]\d\d|20\d\d)\s*,"
)


def years_in(text: str) -> list[tuple[int, int]]:
    """(position, year) of every date expression that names its year, in text order."""
    found = []
    for match, pattern in _scan(text, strict=True):
        if (
            pattern.kind in {"iso", "month_day", "day_month", "day_range_month", "month_year", "year"}
            and match["y"]
        ):
            found.append((match.start(), int(match["y"])))
    return found


def normalise_date(expression: str, *, published: date | None) -> NormalisedDate | None:
    """The value of one date expression such as "on Tuesday" or "5 May 2021", or None.

    The whole expression must be a date, bar a leading preposition and trailing punctuation.
    """
    body = _LEADING_WORDS.sub("", expression.strip(), count=1)
    matches = _scan(body, strict=False)
    if len(matches) != 1:
        return None
    match, pattern = matches[0]
    if match.start() != 0 or body[match.end() :].strip(" .,;:!?"):
        return None
    resolved = _resolve_in_calendar(pattern, match, published)
    if resolved is None:
        return None
    return NormalisedDate(resolved[0], resolved[1], expression, 0, len(expression))
