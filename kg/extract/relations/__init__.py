"""Standing relations from the dependency parse, one module a job.

`posts` finds the posts people hold, `recognition` recognition, its refusal and declared independence,
`territory` territorial claims, annexations and capitals, `membership` membership held, `candidacy` membership
sought, `alignment` backing and friendly relations, `policies` neutrality and staying out of sanctions. They
share `referents` (how a token, phrase or pronoun resolves to a linked state or organisation) and `grammar`
(questions to the parse: objects, negation, noun-phrase cores); `finder` sends each token to the first rule that
applies, unless `modality` finds it under a condition or another party's allegation, and `component` is the
`geokg_relations` spaCy factory.
"""

from kg.extract.relations.component import make_relation_finder
from kg.extract.relations.finder import find_relations
from kg.extract.relations.mention import RelationMention

__all__ = ["RelationMention", "find_relations", "make_relation_finder"]
