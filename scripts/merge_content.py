#!/usr/bin/env python3
"""Merge researched zone content (data/research/content-*.json) into data/zones.geojson.

Why: specialties, logistics links and figures are gathered per zone, with sources, by research
that a second pass verifies (data/research/verified-*.json lists the facts it confirmed). Only
confirmed facts are merged; everything else stays in the research files for a later pass.

    python3 scripts/merge_content.py data/zones.geojson data/research/content-A.json data/research/verified-A.json

A fact is merged when the verification file lists it as confirmed ({"slug": {"confirmed": [keys]}},
keys like "specialties/0", "logistics/1", "figures/0"). Facts already in the zone (same English
name) are not duplicated; a fact's source is added to the zone's sources when missing.
"""
import json
import sys

import zonedata  # scripts/zonedata.py

MODES = {"air", "sea", "rail", "road", "bonded", "border"}
KINDS = ("specialties", "logistics", "figures")
KEEP = {
    "specialties": ("name", "name_zh", "source"),
    "logistics": ("name", "name_zh", "mode", "description", "description_zh", "source", "ends"),
    "figures": ("label", "label_zh", "value", "value_zh", "year", "source"),
}


def clean(kind, item):
    out = {k: item[k] for k in KEEP[kind] if item.get(k) not in (None, "")}
    if kind == "logistics" and out.get("mode") not in MODES:
        return None, f"mode {out.get('mode')!r}"
    need = {"specialties": ("name", "name_zh"), "logistics": ("name", "name_zh"),
            "figures": ("label", "label_zh", "value", "value_zh", "year")}[kind]
    missing = [k for k in need if k not in out]
    if missing:
        return None, f"missing {', '.join(missing)}"
    if kind == "logistics" and ("description" in out) != ("description_zh" in out):
        out.pop("description", None)
        out.pop("description_zh", None)
    return out, None


def main(geojson_path, content_path, verified_path):
    doc = json.load(open(geojson_path, encoding="utf-8"))
    content = json.load(open(content_path, encoding="utf-8"))
    verified = json.load(open(verified_path, encoding="utf-8"))
    zones = {f["id"]: f["properties"] for f in doc["features"]}
    merged, skipped = 0, []
    for slug, facts in content.items():
        confirmed = set(verified.get(slug, {}).get("confirmed", []))
        props = zones.get(slug)
        if props is None:
            skipped.append(f"{slug}: not a zone in {geojson_path}")
            continue
        sources = {s["url"]: s for s in facts.get("sources", [])}
        for kind in KINDS:
            for i, item in enumerate(facts.get(kind, [])):
                key = f"{kind}/{i}"
                if key not in confirmed:
                    continue
                fact, problem = clean(kind, item)
                source = sources.get(item.get("source"))
                if problem or source is None:
                    skipped.append(f"{slug} {key}: {problem or 'source not listed'}")
                    continue
                merged += zonedata.add_fact(props, kind, fact, (source,))
    zonedata.write(geojson_path, doc)
    print(f"{merged} facts merged", file=sys.stderr)
    for s in skipped:
        print("skipped:", s, file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
