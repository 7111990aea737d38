#!/usr/bin/env python3
"""Sequential latency of the contract queries against a running Stagehand (default: the demo on :7171).

Usage: bench/demo-latency.py [base-url] [requests]
Warms up with 500 requests per query, then times `requests` (default 1000) sequential POSTs on one
keep-alive connection and prints median and p95. Needs anonymous access or STAGEHAND_TOKEN.
"""
import http.client
import json
import os
import statistics
import sys
import time
import urllib.parse

BASE = urllib.parse.urlparse(sys.argv[1] if len(sys.argv) > 1 else "http://localhost:7171")
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
HEADERS = {"content-type": "application/json"}
if os.environ.get("STAGEHAND_TOKEN"):
    HEADERS["authorization"] = "Bearer " + os.environ["STAGEHAND_TOKEN"]

QUERIES = {
    "entity(ref) with relations":
        '{ entity(ref: "component:default/payment-api") { ref kind namespace name title relations { type targetRef } } }',
    "entities filtered by owner incl. sub-teams, 100 a page":
        '{ entities(filter: {owner: ["group:commerce-tribe"], ownerTransitive: true}, first: 100) { totalCount edges { node { ref } } } }',
    "entities page of components with relations":
        '{ entities(filter: {kind: ["Component"]}, first: 100) { totalCount pageInfo { hasNextPage endCursor } '
        'edges { cursor node { ref relations { type targetRef } } } } }',
    "graph depth 5":
        '{ graph(roots: ["component:default/storefront-web"], relationTypes: ["dependsOn"], direction: OUTGOING, maxDepth: 5) '
        '{ nodes { ref depth } edges { source target type } truncated } }',
}


def main():
    conn = http.client.HTTPConnection(BASE.hostname, BASE.port or 80)
    for name, query in QUERIES.items():
        body = json.dumps({"query": query})
        for _ in range(500):
            conn.request("POST", "/graphql", body, HEADERS)
            conn.getresponse().read()
        times = []
        for _ in range(N):
            start = time.perf_counter()
            conn.request("POST", "/graphql", body, HEADERS)
            response = conn.getresponse().read()
            times.append((time.perf_counter() - start) * 1000)
        if b'"errors"' in response:
            sys.exit(f"{name}: the server answered with errors: {response[:300]!r}")
        times.sort()
        print(f"{name}: median {statistics.median(times):.2f} ms, p95 {times[int(N * 0.95)]:.2f} ms ({N} requests)")


if __name__ == "__main__":
    main()
