"""The shorter forms by which news names a person again after a full mention: the family name, which may have
two words ("Oligui Nguema" after "Brice Oligui Nguema", "Sheikh Mohamud" after "Hassan Sheikh Mohamud") or an
Arabic article ("Sisi" after "Abdel Fattah el-Sisi"). A name after "bin" is a father's ("Salman" of "Mohammed bin
Salman" is King Salman), and a generation suffix ("III") is nobody's name."""

from __future__ import annotations

import re

GENERATION_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
PATRONYMIC_WORDS = frozenset({"bin", "ibn", "bint", "ben"})
ARABIC_ARTICLE = re.compile(r"^(?:al|el|as|ash|ad|ar|az|an|at)-(?=\w)", re.IGNORECASE)


def later_forms(name: str) -> set[str]:
    """The trailing words of a full name by which a later mention may name the person, articles stripped too."""
    words = name.split()
    while words and words[-1].lower() in GENERATION_SUFFIXES:
        words = words[:-1]
    forms = set()
    for i in range(1, len(words)):
        if words[i - 1].lower() in PATRONYMIC_WORDS or words[i].endswith("."):
            continue  # "Salman" of "bin Salman"; "J. Austin": an initial starts no name
        form = " ".join(words[i:])
        forms.add(form)
        forms.add(ARABIC_ARTICLE.sub("", form))
    return {form for form in forms if len(form) > 1}


def without_article(word: str) -> str:
    """A family name without its Arabic article ("al-Burhan" -> "Burhan")."""
    return ARABIC_ARTICLE.sub("", word)


def is_fathers_name(label: str, word: str) -> bool:
    """Whether `word` is a person's name only as their father's ("Salman" of "Mohammad bin Salman")."""
    words = [w.casefold() for w in label.split()]
    key = word.casefold()
    return any(
        w == key and i > 0 and words[i - 1] in PATRONYMIC_WORDS for i, w in enumerate(words)
    ) and not any(w == key and (i == 0 or words[i - 1] not in PATRONYMIC_WORDS) for i, w in enumerate(words))
