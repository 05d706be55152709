"""A title written before a person's name that is the title of a post the gazetteer gives that person:
"Secretary of Defense Lloyd Austin", "State Counsellor for Burma Aung San Suu Kyi", "Secretary Blinken".

The fixed list of title words (`TITLE_HEADS`) cannot hold every office of every state; the person's own dated
posts can, and they name the state or organisation as well, so a title matching one of them is a post held."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from spacy.tokens import Span

from kg.gazetteer.loader import Post

# Spellings of one office that differ only by house style.
_VARIANTS = [(re.compile(r"\bdefense\b"), "defence"), (re.compile(r"-"), " ")]


def normalise_title(text: str) -> str:
    text = " ".join(text.lower().split())
    for pattern, replacement in _VARIANTS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def post_titled_before(
    words: Span, posts: Sequence[Post], holder_at: Callable[[int], str | None]
) -> tuple[Post, str] | None:
    """The post (and its role as written) whose title ends `words`, the tokens just before the name.

    `holder_at(i)` gives the QID a token is linked to, so "State Counsellor for Burma" can be read as the role
    "State Counsellor" of the post's own state. A role's first word alone ("Secretary Blinken") counts only when
    capitalised and the person holds a single post, so that it cannot pick between two."""
    tokens = list(words)
    for post in posts:
        # "Secretary of State of the United States": the role is the position without its last "of" part
        role = post.position.rsplit(" of ", 1)[0].strip()
        wanted = normalise_title(role)
        end = len(tokens)
        # "... for Burma" / "... of the United States": drop the post's own holder and its preposition
        while end and holder_at(tokens[end - 1].i) == post.organization_or_state_qid:
            end -= 1
        if end < len(tokens):
            if end and tokens[end - 1].lower_ == "the":
                end -= 1
            if not end or tokens[end - 1].lower_ not in {"of", "for"}:
                continue
            end -= 1
        text = normalise_title(" ".join(t.text for t in tokens[:end]))
        if text == wanted or text.endswith(" " + wanted):
            return post, role
        head = wanted.split()[0]
        if (
            len(posts) == 1
            and end == len(tokens)
            and tokens
            and tokens[-1].lower_ == head
            and tokens[-1].text[:1].isupper()
            and len(wanted.split()) > 1
        ):
            return post, role
    return None
