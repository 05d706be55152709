"""Facts as RDF and where they are kept: the mapping to our ontology (`rdf`), the store interface and its
backends (`store`), and cross-article merging of events (`merging`)."""
