"""Shared by the scripts that rewrite data/zones.geojson: read it, and write it back atomically
(a temporary file renamed over the old one, so a running zonemap never reads half a file)."""
import json
import os


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
