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
