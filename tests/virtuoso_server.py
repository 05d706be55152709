"""A real Virtuoso Open Source server for the tests: `virtuoso-t` on 127.0.0.1, free ports, its own database.

Set up as a deployment of GeoKG on Virtuoso would be (the README's "Other SPARQL servers" section):
- a generated `virtuoso.ini` in a fresh folder (database, log and transaction files), the SQL port and the HTTP
  server on 127.0.0.1, and `ResultSetMaxRows` raised: Virtuoso cuts every answer at that many rows (10,000 in
  Debian's example file) without an error, which would cut exports;
- anonymous reads on `/sparql`; writes on `/sparql-auth` (SPARQL Update) and `/sparql-graph-crud-auth`
  (Graph Store Protocol), both HTTP Digest, by a user created with `isql` and granted SPARQL_UPDATE;
- Virtuoso's own graphs (`virtrdf:` and the two it loads at first start) made private with graph-level
  security, so that the default graph, the union of all graphs on Virtuoso, holds GeoKG's graphs only.
  See https://docs.openlinksw.com/virtuoso/rdfgraphsecurityintconfsec/ (RDF_DEFAULT_USER_PERMS_SET) and
  https://docs.openlinksw.com/virtuoso/rdfgraphsecurity/ (graph groups, the PrivateGraphs group).
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

# The dba password of a new Virtuoso database; the set-up script replaces it at once.
_FIRST_DBA_PASSWORD = "dba"
# Graphs a new Virtuoso 7.2 database holds before anything is written (listed by the DBA on 7.2.5).
_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
)
_PRIVATE_GRAPHS_GROUP = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"

_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}/www
ServerThreads = 8
MaxClientConnections = 8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@dataclass(frozen=True)
class VirtuosoServer:
    """A running `virtuoso-t`: its endpoints (anonymous queries, authenticated writes), the writer's
    credentials, its SQL address, folder and process."""

    query_url: str
    update_url: str
    gsp_url: str
    user: str
    password: str
    sql_address: str
    folder: Path
    process: subprocess.Popen[bytes]


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"{name} is missing: the Virtuoso tests need Virtuoso Open Source "
            "(Debian: apt-get install virtuoso-opensource, or `make system-deps`).",
            pytrace=False,
        )
    return found


def launch_virtuoso(folder: Path, *, sql_port: int, http_port: int) -> VirtuosoServer:
    """Start `virtuoso-t` with a new database in `folder`; the caller stops its `process`."""
    server_binary = _binary("virtuoso-t")
    _binary("isql-vt")  # checked now, before a server starts that could not be set up
    (folder / "www").mkdir()
    ini = folder / "virtuoso.ini"
    ini.write_text(_INI.format(folder=folder, sql_port=sql_port, http_port=http_port))
    log = folder / "server.out"
    with log.open("wb") as out:
        # -f: stay in the foreground, so that the process is ours to stop.
        process = subprocess.Popen(
            [server_binary, "-f", "-c", str(ini)], cwd=folder, stdout=out, stderr=subprocess.STDOUT
        )
    base_url = f"http://127.0.0.1:{http_port}"
    server = VirtuosoServer(
        query_url=f"{base_url}/sparql",
        update_url=f"{base_url}/sparql-auth",
        gsp_url=f"{base_url}/sparql-graph-crud-auth",
        user="geokg",
        password=secrets.token_urlsafe(12),
        sql_address=f"127.0.0.1:{sql_port}",
        folder=folder,
        process=process,
    )
    return server


def set_up_virtuoso(server: VirtuosoServer) -> None:
    """Set a running server up for GeoKG (SQL via isql)."""
    _set_up(server, _binary("isql-vt"))


def _set_up(server: VirtuosoServer, isql: str) -> None:
    """The writer, its rights, Virtuoso's own graphs made private, and a new dba password (SQL via isql)."""
    private = [f"DB.DBA.RDF_GRAPH_GROUP_INS ('{_PRIVATE_GRAPHS_GROUP}', '{iri}');" for iri in _SYSTEM_GRAPHS]
    statements = [
        f"DB.DBA.USER_CREATE ('{server.user}', '{server.password}');",
        f'GRANT SPARQL_UPDATE TO "{server.user}";',
        f"DB.DBA.RDF_GRAPH_GROUP_CREATE ('{_PRIVATE_GRAPHS_GROUP}', 1);",
        *private,
        # Everyone reads and nobody else writes the public graphs; nobody sees the private ones.
        "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);",
        "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 1, 0);",
        # The writer reads and writes (1 + 2) GeoKG's graphs, and does not see Virtuoso's own either.
        f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('{server.user}', 0, 1);",
        f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('{server.user}', 3, 0);",
        f"DB.DBA.USER_CHANGE_PASSWORD ('dba', '{_FIRST_DBA_PASSWORD}', '{secrets.token_hex(12)}');",
    ]
    script = server.folder / "set_up.sql"
    script.write_text("\n".join(statements) + "\n")
    result = subprocess.run(
        [isql, server.sql_address, "dba", _FIRST_DBA_PASSWORD, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # isql goes on after a failed statement and still exits with 0: its output names the failures.
    if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
        pytest.fail(f"Setting up Virtuoso failed:\n{result.stdout}\n{result.stderr}", pytrace=False)


def virtuoso_settings(server: VirtuosoServer) -> dict[str, str]:
    """The GeoKG settings of a store on `server`, as the README's Virtuoso section gives them."""
    return {
        "GEOKG_STORE": server.query_url,
        "GEOKG_STORE_UPDATE": server.update_url,
        "GEOKG_STORE_GSP": server.gsp_url,
        "GEOKG_STORE_DIALECT": "virtuoso",
        "GEOKG_STORE_USER": server.user,
        "GEOKG_STORE_PASSWORD": server.password,
    }
