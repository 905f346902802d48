// Real Node SPARQL clients we did not write, against a running casegraph endpoint.
// Usage: node clients.mjs http://127.0.0.1:PORT/sparql
// Prints one line per (client, query form, result format); exits non-zero on any failure.
import { QueryEngine } from '@comunica/query-sparql';
import { SparqlEndpointFetcher } from 'fetch-sparql-endpoint';

const endpoint = process.argv[2];
const CG = 'https://w3id.org/casegraph/ns#';
const SELECT = `PREFIX cg: <${CG}> SELECT ?id WHERE { ?c a cg:Claim ; cg:claimId ?id ; cg:respondent/cg:slug "binance" }`;
const ASK = `PREFIX cg: <${CG}> ASK { ?c cg:claimId "2-6" }`;
const CONSTRUCT = `PREFIX cg: <${CG}> CONSTRUCT { ?c cg:claimId ?id } WHERE { ?c a cg:Claim ; cg:claimId ?id ; cg:respondent/cg:slug "antbot" }`;
const expected = new Set(Array.from({ length: 11 }, (_, i) => `2-${i + 1}`));
let failures = 0;

function check(name, ok, detail = '') {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name} ${detail}`);
  if (!ok) failures++;
}

function sameSet(a, b) {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

const engine = new QueryEngine();
const source = { type: 'sparql', value: endpoint };
{
  const bindings = await (await engine.queryBindings(SELECT, { sources: [source] })).toArray();
  const ids = new Set(bindings.map((b) => b.get('id').value));
  check('comunica SELECT (SPARQL JSON)', sameSet(ids, expected), [...ids].sort().join(','));
  const ask = await engine.queryBoolean(ASK, { sources: [source] });
  check('comunica ASK', ask === true);
  const quads = await (await engine.queryQuads(CONSTRUCT, { sources: [source] })).toArray();
  check('comunica CONSTRUCT', quads.length === 15, quads.length);
}

for (const method of ['GET', 'POST']) {
  const f = new SparqlEndpointFetcher({ method });
  const stream = await f.fetchBindings(endpoint, SELECT);
  const ids = new Set();
  for await (const b of stream) ids.add(b.id.value);
  check(`fetch-sparql-endpoint ${method} SELECT (SPARQL JSON)`, sameSet(ids, expected), ids.size);
  check(`fetch-sparql-endpoint ${method} ASK`, (await f.fetchAsk(endpoint, ASK)) === true);
  const triples = [];
  for await (const t of await f.fetchTriples(endpoint, CONSTRUCT)) triples.push(t);
  check(`fetch-sparql-endpoint ${method} CONSTRUCT (Turtle)`, triples.length === 15, triples.length);
}
console.log(`${failures} failed`);
process.exit(failures ? 1 : 0);
