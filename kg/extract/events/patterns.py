"""Verb+object patterns matched over the parse tree, looked up by the verb's lemma.

The lexicon's dictionary rules (kg/data/lexicon, from the CAMEO verb dictionary) are dependency patterns in
spaCy's DependencyMatcher form, always a verb anchor whose descendants hang from their `LEFT_ID` node by `>`
(a child). spaCy's DependencyMatcher runs every node of all 1,360 patterns through a token Matcher over the
whole doc before looking at the tree, which cost 85% of extraction time; here a pattern is tried only at a verb
whose lemma it names, by walking that verb's children, so the cost follows the verbs in the text, not the size
of the dictionary. The answers are the same as the DependencyMatcher's (tests/extraction/test_patterns.py
compares them)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

# The token attributes a pattern may test, and how to read each from a token.
_ATTRIBUTES = {
    "LEMMA": lambda token: token.lemma_,
    "LOWER": lambda token: token.lower_,
    "POS": lambda token: token.pos_,
    "DEP": lambda token: token.dep_,
    "ORTH": lambda token: token.orth_,
    "TAG": lambda token: token.tag_,
}


@dataclass(frozen=True)
class _Node:
    parent: int  # index of the node it hangs from; -1 for the anchor
    tests: tuple[tuple[str, frozenset[str]], ...]

    def accepts(self, token: Token) -> bool:
        return all(_ATTRIBUTES[name](token) in values for name, values in self.tests)


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern: the anchor first, every other node after the node it hangs from."""

    nodes: tuple[_Node, ...]

    @classmethod
    def compile(cls, spec: Sequence[Mapping[str, Any]]) -> Pattern:
        ids = [node["RIGHT_ID"] for node in spec]
        nodes = []
        for position, node in enumerate(spec):
            if position and node.get("REL_OP") != ">":
                raise ValueError(f"pattern node {node['RIGHT_ID']!r}: only '>' (child) is supported")
            parent = ids.index(node["LEFT_ID"]) if position else -1
            if parent >= position:
                raise ValueError(f"pattern node {node['RIGHT_ID']!r} comes before the node it hangs from")
            nodes.append(_Node(parent, tuple(_tests(node["RIGHT_ATTRS"]))))
        return cls(tuple(nodes))

    def matches_at(self, anchor: Token) -> bool:
        """Whether the pattern holds with its anchor at this token, each node on a distinct token."""
        return self.nodes[0].accepts(anchor) and next(self._assignments([anchor]), None) is not None

    def _assignments(self, chosen: list[Token]) -> Iterator[list[Token]]:
        if len(chosen) == len(self.nodes):
            yield chosen
            return
        node = self.nodes[len(chosen)]
        for child in chosen[node.parent].children:
            if child not in chosen and node.accepts(child):
                yield from self._assignments([*chosen, child])


def _tests(attributes: Mapping[str, Any]) -> Iterator[tuple[str, frozenset[str]]]:
    for name, value in attributes.items():
        if name not in _ATTRIBUTES:
            raise ValueError(f"pattern attribute {name!r} is not supported")
        if isinstance(value, str):
            yield name, frozenset([value])
        elif isinstance(value, Mapping) and set(value) == {"IN"}:
            yield name, frozenset(value["IN"])
        else:
            raise ValueError(f"pattern attribute {name!r}: only a string or {{'IN': [...]}} is supported")


class PatternIndex:
    """Patterns by the lemmas their anchor accepts; `match` gives, for each anchor token of a doc, the keys of
    the patterns that hold there, in the order they were added."""

    def __init__(self, patterns: Sequence[Sequence[Mapping[str, Any]]]) -> None:
        self._by_lemma: dict[str, list[tuple[int, Pattern]]] = {}
        for key, spec in enumerate(patterns):
            pattern = Pattern.compile(spec)
            lemmas = dict(pattern.nodes[0].tests).get("LEMMA")
            if lemmas is None:
                raise ValueError(f"pattern {key}: the anchor must name its lemmas")
            for lemma in lemmas:
                self._by_lemma.setdefault(lemma, []).append((key, pattern))

    def match(self, doc: Doc) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for token in doc:
            candidates = self._by_lemma.get(token.lemma_)
            if not candidates:
                continue
            keys = sorted({key for key, pattern in candidates if pattern.matches_at(token)})
            if keys:
                found[token.i] = keys
        return found
