#!/usr/bin/env python3
"""Merge a checked research round (data/research/roundR-N.json) into data/zones.geojson.

Why: from round 3 on, research gathers and checks in one step (data/research/ROUND3-BRIEF.md):
every fact names two independent sources, `source` and `confirmed_by`. A fact is merged when both URLs are listed
in its zone's sources, come from different hosts, and the reviewer did not exclude it
(EXCLUDED below, with the reason; data/research/roundR-review.md records each review). Both
sources are added to the zone's `sources`. Only slugs on a group's own todo list are read:
another group's stray entry in a file is ignored. A logistics link's "ends" (gazetteer
references) are kept; scripts/link_ends.py then draws it.

    python3 scripts/merge_checked.py data/zones.geojson data/research ROUND GROUP...
    python3 scripts/merge_checked.py data/zones.geojson data/research 3 1 2 3 4
"""
import json
import sys

import zonedata  # scripts/zonedata.py
from merge_content import KINDS, clean

# (slug, kind, English name) -> why it stays out.
RIVER = "an inland river port: the schema has no waterway mode, and 'sea' would mislabel it"
EXCLUDED = {
    ("yueyang", "logistics", "Chenglingji Port (Yueyang Port)"): RIVER,
    ("huzhou", "logistics", "Huzhou Port (inland container port, incl. ANJI–SIPG International Port)"): RIVER,
    ("zhaoqing", "logistics", "Zhaoqing Port (incl. Zhaoqing New Port, Xijiang River)"): RIVER,
    ("heze", "logistics", "Caoxian inland port (Shandong Port · Heze Guangyuan inland port), rail–sea link to Qingdao port"):
        "the facility's name rests on one source",
}
# (slug, kind, English name) -> why it is listed but not drawn (its "ends" are dropped).
UNDRAWN = {
    ("hangzhou", "logistics", "All-cargo air route Hangzhou–Mexico City"):
        "it crosses the Pacific: a straight line on the map would run the wrong way round the globe",
}
# (slug, kind, English name) -> fields replaced: the part only one source states is cut.
TRIMMED = {
    # Round 5: the two sources describe different trains; both state only that Pingxiang sends
    # international container trains by rail.
    ("pingxiang", "logistics", "International container trains from Pingxiang (China Railway Express to Moscow from Western Jiangxi International Port; sea–rail trains to Ningbo-Zhoushan Port)"): {
        "name": "International container trains from Pingxiang",
        "name_zh": "萍乡国际集装箱班列",
        "description": "Pingxiang sends foreign-trade container trains by rail.",
        "description_zh": "萍乡以铁路开行外贸集装箱班列。",
    },
    # Round 5: both sources are weak; keep only the airport itself.
    ("yichun", "logistics", "Yichun Mingyueshan Airport (domestic only)"): {
        "name": "Yichun Mingyueshan Airport",
        "name_zh": "宜春明月山机场",
        "description": "Yichun's regional civil airport, in western Jiangxi.",
        "description_zh": "宜春市的民用支线机场，位于赣西。",
    },
    ("datong", "logistics", "Datong Yungang Airport"): {
        "description": "Datong's civil airport, about 15 km east of the city centre, opened in December 2005.",
        "description_zh": "大同民用机场，距市中心约15公里，2005年12月通航。",
    },
}


def todo(research, rnd, group):
    with open(f"{research}/round{rnd}-{group}.todo.tsv", encoding="utf-8") as f:
        return [line.split("\t")[0] for line in f.read().splitlines()[1:] if line]


def main(geojson_path, research, rnd, *groups):
    doc = zonedata.read(geojson_path)
    zones = {f["id"]: f["properties"] for f in doc["features"]}
    merged, skipped = 0, []
    for group in groups:
        found = zonedata.read(f"{research}/round{rnd}-{group}.json")
        for slug in todo(research, rnd, group):
            facts, props = found.get(slug, {}), zones.get(slug)
            if props is None:
                skipped.append(f"{slug}: not a zone")
                continue
            sources = {s["url"]: s for s in facts.get("sources", [])}
            for kind in KINDS:
                for item in facts.get(kind, []):
                    name = item.get("name") or item.get("label")
                    key = (slug, kind, name)
                    if key in EXCLUDED:
                        skipped.append(f"{slug} {kind} {name!r}: {EXCLUDED[key]}")
                        continue
                    pair = zonedata.two_sources(sources, item)
                    if pair is None:
                        skipped.append(f"{slug} {kind} {name!r}: needs two sources on different hosts")
                        continue
                    fact, problem = clean(kind, {**item, **TRIMMED.get(key, {})})
                    if key in UNDRAWN and fact:
                        fact.pop("ends", None)
                        skipped.append(f"{slug} {kind} {name!r}: listed, not drawn: {UNDRAWN[key]}")
                    if problem:
                        skipped.append(f"{slug} {kind} {name!r}: {problem}")
                        continue
                    merged += zonedata.add_fact(props, kind, fact, pair)
    zonedata.finish(geojson_path, doc, merged, skipped)


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
