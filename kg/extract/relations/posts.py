"""Posts held (`holdsPosition`): "NATO Secretary General Jens Stoltenberg", "Serbian President Aleksandar Vucic",
"Vucic, Serbia's president,", and titles resolved to their holder, checked against the gazetteer's dated posts."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.linking import TITLE_HEADS, Link, Referent
from kg.extract.post_titles import post_titled_before
from kg.extract.relations.mention import RelationMention
from kg.extract.relations.referents import Referents
from kg.facts import ORGANISATION_TYPES, STATE_TYPES
from kg.gazetteer.loader import Post


def positions(ctx: Referents, sent: Span) -> list[RelationMention]:
    """ "NATO Secretary General Jens Stoltenberg", "Serbian President Aleksandar Vucic", "President Vucic",
    "Vucic, Serbia's president,", and titles resolved to their holder ("NATO's Secretary General")."""
    found = []
    person_links = [
        link for link in ctx.links if sent.start <= link.start < sent.end and link.referent.type == "Person"
    ]
    for person in person_links:
        if person.title_of is not None:
            role = _role(_post_title(ctx, person.referent, person.title_of) or person.title or "")
            found.append(
                RelationMention("holdsPosition", person.referent, person.title_of, sent, 0.85, role=role)
            )
            continue
        title = _title_before(ctx, person.start, sent) or _title_after(ctx, person.end, sent)
        if title is None:
            found.extend(_post_titled(ctx, person, sent))
        else:
            role, holder_of = title
            if holder_of is None:
                found.extend(_post_from_gazetteer(ctx, person.referent, role, sent))
            else:
                found.append(_position(ctx, person.referent, holder_of, role, sent))
    return found


def _post_titled(ctx: Referents, person: Link, sent: Span) -> list[RelationMention]:
    """ "Secretary of Defense Lloyd Austin": a title the gazetteer's posts of the person know."""
    if person.referent.qid is None or ctx.published is None:
        return []
    posts = ctx.gazetteer.posts_of(person.referent.qid, at=ctx.published, open_ended=True)
    start = person.start
    # "Lloyd J. Austin III" linked from "J.": the given name before it belongs to the name, not the title
    while (
        start - 1 >= sent.start
        and ctx.doc[start - 1].text in person.referent.label.split()
        and start - 1 not in ctx.by_token
    ):
        start -= 1
    if start - 1 >= sent.start and ctx.doc[start - 1].text == ",":
        start -= 1
    words = ctx.doc[max(sent.start, start - 8) : start]

    def holder_at(i: int) -> str | None:
        link = ctx.by_token.get(i)
        if link is not None:
            return link.actor.qid
        # a state name the linker left to the person beside it ("for Burma Aung San Suu Kyi")
        states = [e.qid for e in ctx.gazetteer.lookup(ctx.doc[i].text) if e.type in STATE_TYPES]
        return states[0] if len(states) == 1 else None

    matched = post_titled_before(words, posts, holder_at)
    entry = ctx.gazetteer.by_qid(matched[0].organization_or_state_qid) if matched else None
    if matched is None or entry is None:
        return []
    post, role = matched
    holder = Referent(entry.qid, entry.type, entry.label)
    return [
        RelationMention(
            "holdsPosition", person.referent, holder, sent, 0.9, since=post.start, until=post.end, role=role
        )
    ]


def _post_title(ctx: Referents, person: Referent, organisation: Referent) -> str | None:
    post = _verified_post(ctx, person, organisation.qid)
    return post.position if post is not None else None


def _post_from_gazetteer(ctx: Referents, person: Referent, role: str, sent: Span) -> list[RelationMention]:
    """ "President Aleksandar Vucic": the title names no state, the gazetteer's dated post does."""
    if person.qid is None or ctx.published is None:
        return []
    posts = [
        p
        for p in ctx.gazetteer.posts_of(person.qid, at=ctx.published)
        if _role(p.position).lower() == role.lower()
    ]
    holders = {p.organization_or_state_qid for p in posts}
    if len(holders) != 1:
        return []
    post = posts[0]
    entry = ctx.gazetteer.by_qid(post.organization_or_state_qid)
    if entry is None:
        return []
    holder = Referent(entry.qid, entry.type, entry.label)
    return [
        RelationMention(
            "holdsPosition", person, holder, sent, 0.9, since=post.start, until=post.end, role=role
        )
    ]


def _title_before(ctx: Referents, start: int, sent: Span) -> tuple[str, Referent | None] | None:
    if start - 1 >= sent.start and ctx.doc[start - 1].text == ",":
        start -= 1  # "Serbia's foreign minister, Marko Djuric, said"
    window = ctx.doc[max(sent.start, start - 5) : start]
    text = " ".join(t.lower_ for t in window).replace(" - ", "-")
    for words, role in TITLE_HEADS.items():
        if words in {"head", "chief"} or not text.endswith(words):
            continue
        before = start - len(words.replace("-", " - ").split())
        if before - 1 >= sent.start and ctx.doc[before - 1].text in {"'s", "’s"}:
            before -= 1
        organisation = ctx.by_token.get(before - 1)
        if organisation is not None and organisation.actor.type in ORGANISATION_TYPES | STATE_TYPES:
            return role, organisation.actor
        return role, None
    return None


def _title_after(ctx: Referents, end: int, sent: Span) -> tuple[str, Referent | None] | None:
    """ "Aleksandar Vucic, Serbia's president," or "Vucic, the Serbian president"."""
    if end >= sent.end or ctx.doc[end].text != ",":
        return None
    window = ctx.doc[end + 1 : min(sent.end, end + 6)]
    words = [t.lower_ for t in window]
    for title, role in TITLE_HEADS.items():
        parts = title.split()
        for i in range(len(words) - len(parts) + 1):
            if words[i : i + len(parts)] != parts:
                continue
            after = window.start + i + len(parts)
            if (
                after < len(ctx.doc)
                and after in ctx.by_token
                and ctx.by_token[after].referent.type == "Person"
            ):
                return None  # ", Serbia's President Aleksandar Vucic": the title is the next person's
            organisations = [ctx.by_token[t.i].actor for t in window[:i] if t.i in ctx.by_token]
            organisations = [o for o in organisations if o.type in ORGANISATION_TYPES | STATE_TYPES]
            return role, (organisations[0] if organisations else None)
    return None


def _position(
    ctx: Referents, person: Referent, holder_of: Referent, role: str, sent: Span
) -> RelationMention:
    verified = _verified_post(ctx, person, holder_of.qid)
    if verified is None:
        # "European Council President Charles Michel": the gazetteer files the post under the EU
        verified = _post_naming(ctx, person, holder_of)
        if verified is not None:
            entry = ctx.gazetteer.by_qid(verified.organization_or_state_qid)
            holder_of = Referent(entry.qid, entry.type, entry.label) if entry else holder_of
    confidence = 0.95 if verified else 0.7
    since = until = None
    if verified is not None:
        since, until = verified.start, verified.end
    return RelationMention(
        "holdsPosition", person, holder_of, sent, confidence, since=since, until=until, role=role
    )


def _post_naming(ctx: Referents, person: Referent, organisation: Referent) -> Post | None:
    if person.qid is None:
        return None
    posts = ctx.gazetteer.posts_of(person.qid, at=ctx.published)
    return next((p for p in posts if organisation.label.casefold() in p.position.casefold()), None)


def _verified_post(ctx: Referents, person: Referent, organisation_qid: str | None) -> Post | None:
    if person.qid is None:
        return None
    posts = ctx.gazetteer.posts_of(person.qid, at=ctx.published)
    matching = [
        p for p in posts if organisation_qid is None or p.organization_or_state_qid == organisation_qid
    ]
    return matching[0] if matching else None


def _role(position: str) -> str:
    """ "Secretary General of NATO" -> "Secretary General"."""
    return position.split(" of ")[0].strip()
