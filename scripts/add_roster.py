#!/usr/bin/env python3
"""Add the zones a roster research round confirmed (data/research/round6-*.json) to
data/zones.geojson, with their roster sources and no content yet.

Why: a zone enters the map only when its designation is confirmed (data/research/ROUND6-BRIEF.md:
two independent reports that list it, or its government naming its zone and the reply), and a
reviewer has re-read the sources (REVIEWED below: slug -> the review that did). Content facts
(specialties, logistics) come later, under the two-source rule, through merge_checked.py. Its
coordinates come from scripts/locate_seats.py (suggest, then apply), never from here.

    python3 scripts/add_roster.py data/zones.geojson data/research/round6-batch8.json \
        data/research/round6-batch7.json data/research/round6-batch7b.json
    python3 scripts/locate_seats.py apply data/seats.tsv data/zones.geojson
"""
import sys

import zonedata  # scripts/zonedata.py

# One title per source, however a researcher wrote it: the same page must read the same in
# every zone's list and in the batch's.
TITLES = {
    "https://newsworldstream.com/china-greenlights-16-new-cross-border-ecommerce-pilot-zones-including-hainan-in-trade-push":
        "China greenlights 16 new cross-border ecommerce pilot zones including Hainan in trade push (newsworldstream.com, 2025-04-28)",
    "https://nikihou.jp/news/news_list.html?news_id=564412&page=30":
        "越境EC試験区を15都市・地区に新設、3都市は撤廃 (nikihou.jp, 2025-04-26): the 15 cities and regions by province, and the three zones revoked",
}
KORCHAM = {
    "title": "[주중한국대사관] 초국경 전자상거래 시험구 33곳 증설 결정 (Korean Embassy in China, relayed by KORCHAM China, 2022-11-25): the 18 provinces of the 33 new zones, with one example place in each",
    "url": "http://m.korcham-china.net/html/newsflash/newsletter_list.asp?Page=102&Seq=32425&flag=READ",
}
TITLES[KORCHAM["url"]] = KORCHAM["title"]
TITLES["http://hnsswt.henan.gov.cn/2023/11-29/2856408.html"] = (
    "河南省人民政府关于印发中国（焦作）跨境电子商务综合试验区实施方案的通知 (豫政〔2023〕36号, 2023-10-16; on the Henan "
    "Department of Commerce site, read through a machine translation), citing 国函〔2022〕126号")
# slug -> where the roster sources were re-read by someone other than the researcher.
REVIEWED = {
    slug: "data/research/round6-review.md"
    for slug in ["baoding", "erenhot", "dandong", "chuzhou", "ezhou", "wuzhou", "beihai", "fangchenggang", "guangan", "bortala",
                 "xuchang", "jiaozuo", "ili"]
}
# slug -> sources the reviewer found that the researcher's file does not list.
EXTRA = {"xuchang": [KORCHAM]}
FIELDS = ["name", "name_zh", "province", "province_zh", "batch"]


def main(geojson_path, *research_paths):
    doc = zonedata.read(geojson_path)
    have = {f["id"] for f in doc["features"]}
    dates = {b["batch"]: b["approved"] for b in doc["batches"]}
    added = []
    for path in research_paths:
        for slug, found in zonedata.read(path).items():
            if slug.startswith("_") or not found.get("confirmed") or slug in have or slug not in REVIEWED:
                continue
            sources = [{"title": TITLES.get(s["url"], s["title"]), "url": s["url"]} for s in found["roster_sources"] if s.get("url")]
            sources += [s for s in EXTRA.get(slug, []) if all(s["url"] != have["url"] for have in sources)]
            props = {k: found[k] for k in FIELDS}
            props.update({"approved": dates[found["batch"]], "specialties": [], "logistics": [], "figures": [], "sources": sources})
            # A placeholder point: locate_seats.py apply replaces it with the gazetteer's.
            doc["features"].append({"type": "Feature", "id": slug, "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": props})
            added.append(slug)
    zonedata.write(geojson_path, doc)
    print(f"added {len(added)}: {' '.join(added)}")


if __name__ == "__main__":
    main(*sys.argv[1:])
