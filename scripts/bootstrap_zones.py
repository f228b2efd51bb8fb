#!/usr/bin/env python3
"""Write the first data/zones.geojson from the batch research, once.

Why: the batch lists, dates and sources were gathered in data/research/batches.json
(see batches.md and verification.md beside it). This script turned them into the
data file's shape; coordinates are then filled in by locate_seats.py, and the
facts from the seed article are added by seed_facts(). After that the GeoJSON
file is the source of truth and is edited by hand, so this script refuses to
overwrite an existing file unless given --force.

    python3 scripts/bootstrap_zones.py data/research/batches.json data/zones.geojson
    python3 scripts/locate_seats.py apply data/seats.tsv data/zones.geojson
    cargo run -- check data/zones.geojson
"""
import json
import os
import sys

# Viridis at eight even steps: a sequence from dark (2015) to light (2025) that readers with
# the common colour-vision deficiencies can still order; markers get a dark ring for contrast.
PALETTE = ["#440154", "#46327e", "#365c8d", "#277f8e", "#1fa187", "#4ac16d", "#a0da39", "#fde725"]

SEED = {
    "title": "China designates 24 more cross-border e-commerce zones (Asia Cargo News, 3 January 2020)",
    "url": "https://asiacargobuzz.com/2020/01/03/china-designates-24-more-cross-border-e-commerce-zones/",
}


def seed_facts(slug):
    """The seed article's facts, in our own words, for the zones it describes."""
    u = SEED["url"]
    facts = {
        "shenzhen": {
            "specialties": [
                {"name": "Healthcare products", "name_zh": "保健品", "source": u},
                {"name": "Baby and maternity products", "name_zh": "母婴用品", "source": u},
                {"name": "Cosmetics", "name_zh": "化妆品", "source": u},
                {"name": "Imported fruit and food", "name_zh": "进口水果与食品", "source": u},
            ],
            "logistics": [
                {"name": "Bonded warehouse network", "name_zh": "保税仓网络", "mode": "bonded",
                 "description": "Bonded warehouses meant to cut storage and logistics costs", "source": u},
            ],
            "figures": [
                {"label": "Cross-border e-commerce transactions", "value": "USD 49 billion, up 21.8% year on year",
                 "year": 2017, "source": u},
            ],
        },
        "guangzhou": {
            "specialties": [],
            "logistics": [
                {"name": "Nansha Bonded Port", "name_zh": "南沙保税港区", "mode": "bonded",
                 "description": "One end of the city's cross-border e-commerce cluster", "source": u},
                {"name": "Baiyun Airport Comprehensive Bonded Zone", "name_zh": "白云机场综合保税区", "mode": "air",
                 "description": "The cluster's other end, at Guangzhou Baiyun International Airport", "source": u},
                {"name": "Hacis Nansha inland cargo depot (SuperLink China Direct)", "name_zh": "南沙货站（超级中国干线）",
                 "mode": "road",
                 "description": "Opened 2015 by Hactl's logistics arm Hacis as its first e-commerce depot in the mainland, "
                                "linked to Hong Kong International Airport by scheduled road feeder services",
                 "source": u},
            ],
            "figures": [
                {"label": "Cross-border e-commerce trade", "value": "CNY 22.77 billion (USD 3.27 billion), up 55.1%",
                 "year": 2017, "source": u},
            ],
        },
        "hangzhou": {
            "specialties": [
                {"name": "Clothing", "name_zh": "服装", "source": u},
                {"name": "Home furnishings", "name_zh": "家居用品", "source": u},
                {"name": "Lighting", "name_zh": "灯具", "source": u},
                {"name": "Textiles, silk in particular", "name_zh": "纺织品（尤其丝绸）", "source": u},
            ],
            "logistics": [],
            "figures": [
                {"label": "Enterprises trading through the zone (February)", "value": "nearly 8,000", "year": 2018,
                 "source": u},
            ],
        },
        "zhuhai": {
            "specialties": [],
            "logistics": [
                {"name": "SuperLink China Direct to Zhuhai Free Trade Zone", "name_zh": "超级中国干线（珠海保税区）",
                 "mode": "road",
                 "description": "Hacis road feeder service from Hong Kong International Airport, set up after Zhuhai "
                                "became a pilot zone", "source": u},
                {"name": "Hong Kong–Zhuhai–Macao Bridge", "name_zh": "港珠澳大桥", "mode": "road",
                 "description": "55 km bridge-tunnel linking Zhuhai more directly to Hong Kong", "source": u},
            ],
            "figures": [],
        },
    }
    return facts.get(slug)


def main(research_path, out_path, force=False):
    if os.path.exists(out_path) and not force:
        sys.exit(f"{out_path} exists: edit it by hand (or pass --force to start again from the research)")
    research = json.load(open(research_path, encoding="utf-8"))
    changes = {c["slug"]: c for c in research.get("changes", [])}
    batches, features = [], []
    for b in research["batches"]:
        batches.append({k: v for k, v in {
            "batch": b["batch"], "approved": b["approved"], "document": b["document"],
            "title": b["title"], "title_zh": b["title_zh"], "colour": PALETTE[b["batch"] - 1],
            "sources": b["sources"], "notes": b.get("notes"),
        }.items() if v is not None})
        for c in b["cities"]:
            props = {
                "name": c["name_en"], "name_zh": c["name_zh"],
                "province": c["province_en"], "province_zh": c["province_zh"],
                "batch": b["batch"], "approved": b["approved"],
            }
            change = changes.get(c["slug"])
            if change:
                props.update({"status": change["status"], "status_date": change["date"], "merged_into": change["into"]})
            facts = seed_facts(c["slug"]) or {"specialties": [], "logistics": [], "figures": []}
            props.update(facts)
            # The batch's notice is the zone's first source; the seed article backs its own facts.
            sources = list(b["sources"][:2])
            if seed_facts(c["slug"]):
                sources.append(SEED)
            if change:
                sources += [s for s in change["sources"] if s not in sources]
            props["sources"] = sources
            features.append({"type": "Feature", "id": c["slug"], "geometry": None, "properties": props})
    doc = {"type": "FeatureCollection", "batches": batches, "features": features}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"wrote {len(features)} zones in {len(batches)} batches to {out_path}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--force"]
    if len(args) != 2:
        sys.exit(__doc__)
    main(args[0], args[1], force="--force" in sys.argv)
