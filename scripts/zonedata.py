"""Shared by the scripts that rewrite data/zones.geojson: read it, and write it back atomically
(a temporary file renamed over the old one, so a running zonemap never reads half a file)."""
import json
import os
import sys
from urllib.parse import urlparse


def read(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write(path, doc):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def add_fact(props, kind, fact, sources):
    """Adds `fact` to a zone's `kind` list unless one of the same English name is there, and each
    of `sources` ({title, url}) to the zone's sources when missing. Says whether it added it."""
    name = fact.get("name") or fact.get("label")
    if any((x.get("name") or x.get("label")) == name for x in props.setdefault(kind, [])):
        return False
    props[kind].append(fact)
    for s in sources:
        if all(z["url"] != s["url"] for z in props["sources"]):
            props["sources"].append({"title": s["title"], "url": s["url"]})
    return True


def two_sources(sources, item):
    """A fact's `source` and `confirmed_by` as entries of `sources` (url -> {title, url}), or None
    unless both are listed and on different hosts: two pages of one site are one source."""
    a, b = sources.get(item.get("source")), sources.get(item.get("confirmed_by"))
    if a is None or b is None or urlparse(a["url"]).hostname == urlparse(b["url"]).hostname:
        return None
    return a, b


def finish(path, doc, merged, skipped):
    """Writes `doc` back and says what was merged and what was not, and why."""
    write(path, doc)
    print(f"{merged} facts merged", file=sys.stderr)
    for s in skipped:
        print("skipped:", s, file=sys.stderr)
