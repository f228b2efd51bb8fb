#!/usr/bin/env python3
"""Merge research facts that an independent checker re-read (data/research/round6-verified.json)
into data/zones.geojson.

Why: from round 6 on, a second researcher re-finds both pages of every fact and gives a verdict
(ROUND6-BRIEF.md, round6-review.md): "confirmed" facts are merged as the researcher wrote them,
"trim" facts with the checker's corrected text (only what both pages state), "rejected" facts
not at all. A merged fact still needs two sources on different hosts, both added to the zone's
sources.

    python3 scripts/merge_verified.py data/zones.geojson data/research/round6-verified.json \\
        data/research/round6-batch8.json data/research/round6-batch7.json
"""
import sys

import zonedata  # scripts/zonedata.py
from merge_content import clean

FIXED = {"name_fixed": "name", "name_zh_fixed": "name_zh", "description_fixed": "description", "description_zh_fixed": "description_zh"}


def main(geojson_path, verified_path, *research_paths):
    doc = zonedata.read(geojson_path)
    zones = {f["id"]: f["properties"] for f in doc["features"]}
    research = {}
    for path in research_paths:
        research.update({k: v for k, v in zonedata.read(path).items() if not k.startswith("_")})
    merged, skipped = 0, []
    for slug, verdicts in zonedata.read(verified_path).items():
        found, props = research.get(slug, {}), zones.get(slug)
        sources = {s["url"]: s for s in found.get("sources", [])}
        for kind in ("specialties", "logistics"):
            items = {i["name"]: i for i in found.get(kind, [])}
            for v in verdicts.get(kind, []):
                name, item = v["name"], items.get(v["name"])
                if v["verdict"] not in ("confirmed", "trim") or item is None or props is None:
                    skipped.append(f"{slug} {kind} {name!r}: {v['verdict']}: {v.get('why', '')[:120]}")
                    continue
                fixes = {FIXED[k]: text for k, text in v.items() if k in FIXED and text} if v["verdict"] == "trim" else {}
                pair = zonedata.two_sources(sources, item)
                if pair is None:
                    skipped.append(f"{slug} {kind} {name!r}: needs two sources on different hosts")
                    continue
                fact, problem = clean(kind, {**item, **fixes})
                if problem:
                    skipped.append(f"{slug} {kind} {name!r}: {problem}")
                    continue
                # The checker re-read only what both pages say: no drawn geometry comes from here.
                fact.pop("ends", None)
                merged += zonedata.add_fact(props, kind, fact, pair)
    zonedata.finish(geojson_path, doc, merged, skipped)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
