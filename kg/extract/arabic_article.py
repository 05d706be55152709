"""Place names written without the Arabic article the reference gives them: "Hudaydah" for Al Hudaydah,
"Raqqah" for Ar Raqqah. News drops the article as often as it keeps it; the name with it is looked up instead.
"""

from __future__ import annotations

# The article before any letter, and its assimilated forms before the "sun letters" they double.
ARTICLES = ("al", "el")
SUN_ARTICLES = {"ar": "r", "as": "s", "ash": "sh", "ad": "d", "adh": "dh", "az": "z", "an": "n", "at": "t"}


def with_article(name: str) -> list[str]:
    """The forms of a one-word name with the article before it ("Raqqah" -> "Al Raqqah", "El Raqqah",
    "Ar Raqqah"); none for a name of several words or one that already starts with an article."""
    if " " in name or "-" in name or not name[:1].isupper():
        return []
    lower = name.lower()
    forms = [f"{article.title()} {name}" for article in ARTICLES]
    forms += [
        f"{article.title()} {name}" for article, letter in SUN_ARTICLES.items() if lower.startswith(letter)
    ]
    return forms


def starts_with_article(name: str) -> bool:
    """A name written with the article in lower case before its capital ("al-Shabaab", "el-Sisi", "ash-Sham")."""
    article, _, rest = name.partition("-")
    return article in {*ARTICLES, *SUN_ARTICLES} and rest[:1].isupper()
