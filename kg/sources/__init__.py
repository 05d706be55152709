"""Where texts and names come from: ingest of texts, files, URLs and feeds (`ingest`), and the optional online
Wikidata client (`wikidata`)."""
