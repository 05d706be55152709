"""Membership held (`memberOf`): "NATO member Poland", "Finland joined NATO in 2023", "welcomed Sweden as
NATO's 32nd member", members listed after their organisation; checked against the gazetteer's memberships."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.linking import Referent
from kg.extract.member_lists import listed_members
from kg.extract.relations.grammar import YEAR, admitting, core, negated, object_tokens, sought_join
from kg.extract.relations.mention import RelationMention
from kg.extract.relations.referents import Referents


def membership(ctx: Referents, noun: Token, sent: Span) -> list[RelationMention]:
    """ "Poland, a NATO member", "NATO member Poland", "Finland became a member of NATO"."""
    organisations = ctx.organisations_in(
        [t for c in noun.children if c.dep_ in {"compound", "poss", "prep"} for t in c.subtree]
    )
    member = None
    if noun.dep_ in {"appos", "compound"}:  # "Poland, a NATO member", "NATO member Turkey"
        member = ctx.state_at(noun.head)
    elif noun.dep_ in {"attr", "oprd"} and not _to_become(noun.head):
        member = next((s for s in [ctx.subject_state(noun.head)] if s), None)
    elif noun.dep_ == "pobj" and noun.head.lower_ == "as" and admitting(noun.head.head):
        # "welcome Sweden as NATO's 32nd Ally", "admitted Finland as a member of the Alliance"
        admitted = [t for c in noun.head.head.children if c.dep_ == "dobj" for t in core(c)]
        member = next(iter(ctx.states_in(admitted)), None)
        if not organisations and any(c.lower_ in {"its", "their", "our"} for c in noun.children):
            admitter = [t for c in noun.head.head.children if c.dep_ == "nsubj" for t in core(c)]
            organisations = ctx.organisations_in(admitter) or [
                we for t in admitter if t.lower_ == "we" for we in [ctx.first_person(t)] if we
            ]
    organisations = organisations or [o for o in [ctx.possessor_organisation(noun)] if o]
    if not organisations and _counted(noun):
        # "Sweden became the 32nd member": of the one alliance or organisation the text names
        organisations = [o for o in [ctx.implied_organisation] if o]
    if member is None:
        member = next(
            iter(ctx.states_in(t for c in noun.children if c.dep_ == "appos" for t in c.subtree)), None
        )
    if member is None or not organisations or negated(noun.head):
        return []
    return [member_relation(ctx, member, organisations[0], sent, since=None)]


def admitted(ctx: Referents, verb: Token, sent: Span) -> list[RelationMention]:
    """ "The United States welcomes Sweden into NATO", "the EU admitted Croatia in 2013 to the Union": the
    organisation itself after "into" or "to" (not "to the EU summit"), kept unless the gazetteer contradicts it."""
    if verb.tag_ not in {"VBD", "VBN", "VBZ", "VBP"} or negated(verb):
        return []
    members = ctx.states_in(t for c in verb.children if c.dep_ == "dobj" for t in core(c))
    bodies = [c for p in verb.children if p.dep_ == "prep" and p.lower_ in {"into", "to"} for c in p.children]
    organisations = ctx.organisations_in(c for c in bodies if c.dep_ == "pobj")
    if not members or not organisations:
        return []
    found = [member_relation(ctx, member, organisations[0], sent, since=None) for member in members]
    return [r for r in found if r.confidence >= 0.5]


def _counted(noun: Token) -> bool:
    """ "the 32nd member", "our newest Ally": a member counted among an organisation's members."""
    return any(c.ent_type_ == "ORDINAL" or c.lower_ in {"newest", "latest"} for c in noun.children)


def _to_become(verb: Token) -> bool:
    """ "its bid to become a member", "hopes to become a member": membership sought, not held."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def joined(ctx: Referents, verb: Token, sent: Span) -> list[RelationMention]:
    """ "Finland joined NATO in 2023"; "Serbia aspires to join the EU" is membership sought."""
    subject = ctx.subject_state(verb)
    organisations = ctx.organisations_in(object_tokens(verb))
    relative = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ in {"which", "that"}), None)
    if relative is None and verb.head.dep_ == "relcl" and verb.dep_ == "xcomp":
        relative = next(
            (c for c in verb.head.children if c.dep_ in {"dobj", "nsubj"} and c.lower_ in {"which", "that"}),
            None,
        )
    if relative is not None:  # "the European Union, which Serbia aspires to join"
        clause = verb if verb.dep_ == "relcl" else verb.head
        organisations = ctx.organisations_in(core(clause.head))
    if not organisations and not any(c.dep_ == "dobj" for c in verb.children) and sought_join(verb):
        # "Sweden, which applied to join at the same time as Finland": the organisation the text is about
        organisations = [o for o in [ctx.implied_organisation] if o]
    if subject is not None and organisations and sought_join(verb):
        return [RelationMention("seeksMembership", subject, organisations[0], sent, 0.8)]
    if subject is None or not organisations or negated(verb) or verb.tag_ not in {"VBD", "VBN"}:
        return []
    year = YEAR.search(sent.text)
    since = year.group(1) if year else None
    # "when Albania and Croatia joined the Alliance": each conjunct joined
    members = [subject, *[s for s in ctx.subject_states(verb) if s != subject]]
    return [member_relation(ctx, member, organisations[0], sent, since=since) for member in members]


def member_relation(
    ctx: Referents, member: Referent, organisation: Referent, sent: Span, *, since: str | None
) -> RelationMention:
    """`memberOf`, surer when the gazetteer has the member in the organisation on the article's date."""
    confirmed = None
    if member.qid and organisation.qid:
        confirmed = ctx.gazetteer.is_member(member.qid, organisation.qid, at=ctx.published)
    confidence = {True: 0.95, None: 0.7, False: 0.35}[confirmed]
    if confirmed and since is None:
        since = next(
            (
                m.start
                for m in ctx.gazetteer.memberships_of(member.qid or "")
                if m.organization_qid == organisation.qid
            ),
            None,
        )
    return RelationMention("memberOf", member, organisation, sent, confidence, since=since)


def listed(ctx: Referents) -> list[RelationMention]:
    """ "the Arctic Council founding states -- Canada, Finland and Norway"; a member the gazetteer's member
    list contradicts is dropped, since a name after such a noun need not be one of its members."""
    found = []
    for member, organisation, at in listed_members(ctx.doc, ctx.links):
        relation = member_relation(ctx, member, organisation, ctx.doc[at].sent, since=None)
        if relation.confidence >= 0.5:
            found.append(relation)
    return found
