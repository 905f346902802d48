"""Real SPARQL clients we did not write, against a running casegraph endpoint.

Usage: python3 python_clients.py http://127.0.0.1:PORT/sparql
Prints one line per (client, query form, result format) and exits non-zero on any failure.
"""
import sys

from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore

ENDPOINT = sys.argv[1]
CG = "https://w3id.org/casegraph/ns#"
SELECT = f"""PREFIX cg: <{CG}>
SELECT ?id WHERE {{ ?c a cg:Claim ; cg:claimId ?id ; cg:respondent/cg:slug "binance" }}"""
ASK = f"PREFIX cg: <{CG}> ASK {{ ?c cg:claimId \"2-6\" }}"
CONSTRUCT = f"""PREFIX cg: <{CG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {{ ?c cg:claimId ?id }} WHERE {{ ?c a cg:Claim ; cg:claimId ?id ; cg:respondent/cg:slug "antbot" }}"""

failures = 0


def check(name, ok, detail=""):
    global failures
    print(f"{'PASS' if ok else 'FAIL'} {name} {detail}")
    if not ok:
        failures += 1


def wrapper(query, fmt, method="GET"):
    w = SPARQLWrapper(ENDPOINT)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    w.setMethod(method)
    return w.query().convert()


for method in ("GET", "POST"):
    ids = {b["id"]["value"] for b in wrapper(SELECT, JSON, method)["results"]["bindings"]}
    check(f"SPARQLWrapper {method} SELECT JSON", ids == {f"2-{i}" for i in range(1, 12)}, sorted(ids))
    xml = wrapper(SELECT, XML, method)
    check(f"SPARQLWrapper {method} SELECT XML", len(xml.getElementsByTagName("result")) == 11)
    csv = wrapper(SELECT, CSV, method).decode("utf-8").strip().splitlines()
    check(f"SPARQLWrapper {method} SELECT CSV", csv[0] == "id" and len(csv) == 12, csv[:2])
    tsv = wrapper(SELECT, TSV, method).decode("utf-8").strip().splitlines()
    check(f"SPARQLWrapper {method} SELECT TSV", tsv[0] == "?id" and len(tsv) == 12, tsv[:2])
    check(f"SPARQLWrapper {method} ASK JSON", wrapper(ASK, JSON, method)["boolean"] is True)
    g = wrapper(CONSTRUCT, TURTLE, method)
    if isinstance(g, bytes):
        g = Graph().parse(data=g, format="turtle")
    check(f"SPARQLWrapper {method} CONSTRUCT Turtle", len(g) == 15, len(g))

# rdflib's SPARQLStore asks for SPARQL XML results.
store = SPARQLStore(ENDPOINT)
rows = list(store.query(SELECT))
check("rdflib SPARQLStore SELECT XML", {str(r[0]) for r in rows} == {f"2-{i}" for i in range(1, 12)}, len(rows))
check("rdflib SPARQLStore ASK XML", bool(store.query(ASK).askAnswer) is True)
graph = Graph(store=store)
hits = list(graph.triples((None, URIRef(CG + "claimId"), Literal("1-11"))))
check("rdflib Graph(SPARQLStore) triples()", len(hits) == 1, hits)

print(f"{failures} failed")
sys.exit(1 if failures else 0)
