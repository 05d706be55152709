"""Security headers on every response: a Content-Security-Policy, `X-Content-Type-Options: nosniff` and a
`Referrer-Policy`. A view may set its own policy (the web page does); otherwise HTML pages may load only from
this server plus their own inline blocks (allowed by hash, so nothing injected can run), and everything else
(JSON, RDF, problem+json) may load nothing at all.
"""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Flask, Response

NOT_A_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)


def init_app(app: Flask) -> None:
    # Registered last, so it runs first: it reads HTML bodies before they are compressed.
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if "Content-Security-Policy" not in response.headers:
        is_page = response.mimetype == "text/html" and not response.direct_passthrough
        policy = page_policy(response.get_data(as_text=True)) if is_page else NOT_A_PAGE_POLICY
        response.headers["Content-Security-Policy"] = policy
    return response


def page_policy(html: str) -> str:
    """Own-origin resources, plus the page's inline scripts and styles by their SHA-256."""
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for kind, body in _INLINE.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes[kind].append(f"'sha256-{digest}'")
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *hashes["script"]]),
            " ".join(["style-src 'self'", *hashes["style"]]),
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )
