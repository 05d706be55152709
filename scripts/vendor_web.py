"""Copy the pinned front-end libraries from web/node_modules into api/static/vendor/ (`make vendor`).

`web/package.json` pins each library exactly and `web/package-lock.json` pins what they pull in; `make vendor`
runs `npm ci` there and then this script, which copies the built files the page loads (source-map comments
stripped, so a browser never asks for a file that is not there), each package's licence, and writes
`api/static/vendor/README.md` with the versions and licences. The copies are committed: `make test` and
`make run` need no npm.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "web" / "node_modules"
VENDOR = ROOT / "api" / "static" / "vendor"

# package: (files to copy, from the package's folder, to vendor/<package folder>/; what the page uses it for)
FILES: dict[str, tuple[tuple[str, ...], str]] = {
    "@zazuko/yasgui": (("build/yasgui.min.js", "build/yasgui.min.css"), "SPARQL workbench at /sparql"),
    "chart.js": (("dist/chart.umd.min.js",), "charts of events per month"),
    "cytoscape": (("dist/cytoscape.min.js",), "relation graph of an entity"),
    "d3-array": (("dist/d3-array.min.js",), "needed by d3-geo"),
    "d3-geo": (("dist/d3-geo.min.js",), "world map projection, drawn as SVG"),
    "topojson-client": (("dist/topojson-client.min.js",), "country shapes from TopoJSON"),
    "world-atlas": (("countries-110m.json",), "country shapes (Natural Earth 1:110m)"),
    "axe-core": (("axe.min.js",), "accessibility checks in the browser tests (not loaded by the page)"),
}
LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENSE-3RD-PARTY.txt")
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$|/\*# sourceMappingURL=\S+ \*/\s*$")


def folder(package: str) -> str:
    return package.replace("@", "").replace("/", "-")


def main() -> int:
    if not MODULES.is_dir():
        print("web/node_modules is missing: run `make vendor` (npm ci in web/ first)", file=sys.stderr)
        return 1
    shutil.rmtree(VENDOR, ignore_errors=True)
    rows = []
    for package, (files, use) in FILES.items():
        source = MODULES / package
        meta = json.loads((source / "package.json").read_text(encoding="utf-8"))
        target = VENDOR / folder(package)
        target.mkdir(parents=True)
        for name in files:
            text = (source / name).read_text(encoding="utf-8")
            if name.endswith((".js", ".css")):
                text = _SOURCE_MAP.sub("\n", text)
            (target / Path(name).name).write_text(text, encoding="utf-8")
        for name in LICENCE_NAMES:
            if (source / name).is_file():
                shutil.copyfile(source / name, target / name)
        copied = ", ".join(f"`{folder(package)}/{Path(name).name}`" for name in files)
        rows.append(f"| {package} | {meta['version']} | {meta.get('license', '?')} | {copied} | {use} |")
    (VENDOR / "README.md").write_text(README.format(rows="\n".join(rows)), encoding="utf-8")
    print(f"Vendored {len(FILES)} packages into {VENDOR.relative_to(ROOT)}")
    return 0


README = """# Vendored front-end libraries

Made by `make vendor` (`scripts/vendor_web.py`) from the exact versions in `web/package.json` and
`web/package-lock.json`; do not edit by hand. Each folder holds the built files the page loads and the package's
licence. Nothing is loaded from other hosts.

| package | version | licence | files | used for |
|---|---|---|---|---|
{rows}

The YASGUI bundle includes its own dependencies (CodeMirror, jQuery, DataTables, Chart.js and others, all under
MIT or similar permissive licences; the package ships no licence file, its package.json declares MIT). The world
map shapes come from Natural Earth (public domain) through world-atlas (ISC).
"""

if __name__ == "__main__":
    sys.exit(main())
