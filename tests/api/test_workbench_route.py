"""`GET /sparql` in a browser opens the workbench; programs keep the SPARQL 1.1 Protocol at the same address."""

from __future__ import annotations

import pytest

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def test_a_browser_gets_the_workbench(client) -> None:
    response = client.get("/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "SPARQL workbench" in page and "static/vendor/zazuko-yasgui/yasgui.min.js" in page
    assert "https://w3id.org/geokg/ontology#Clash" in page  # terms for completion
    assert (
        "'unsafe-inline'"
        not in response.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )
    assert "Accept" in response.vary


@pytest.mark.parametrize("accept", [None, "*/*", "application/sparql-results+json", "text/csv"])
def test_programs_without_a_query_still_get_the_protocol(client, accept: str | None) -> None:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_a_query_is_always_the_protocol(client) -> None:
    response = client.get("/sparql?query=ASK%20%7B%7D", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
