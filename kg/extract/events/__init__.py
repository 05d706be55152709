"""Incidents and diplomatic acts from the dependency parse, one module a job.

`triggers` finds the words that announce an event and its class, `roles` its actors, targets, places and
mediators, `speech` the pledges and denials a speaker makes, `modality` whether it is asserted, negated,
hypothetical, planned or reported, `dating` when it happened, `casualties` its counts, `confidence` how sure
it is, and `merging` joins repeated mentions within an article; `finder` runs them sentence by sentence and
`component` is the `geokg_events` spaCy factory.
"""

from kg.extract.events.component import make_event_finder
from kg.extract.events.finder import find_events
from kg.extract.events.mention import EventMention
from kg.extract.events.roles import country_of

__all__ = ["EventMention", "country_of", "find_events", "make_event_finder"]
