#!/usr/bin/env python3
"""Writes a synthetic data file of N zones for the scale run (bench/scale), never for data/.

    python3 bench/gen_zones.py N OUT.geojson [--like SLUG]

Batches and sources come from data/zones.geojson; zones are made-up ("Zone 000123"), spread
evenly over a grid inside China's bounding box, each with one specialty and one source, so the
file has the shape and size per zone of a real, modestly filled data file. With `--like SLUG`
every zone instead carries all the properties of that real zone (its specialties, links,
figures and sources; name, id and position still made up): the rich end of the scale run.
"""
import copy
import json
import sys


def main(n, out, like=None):
    real = json.load(open("data/zones.geojson", encoding="utf-8"))
    # Synthetic zones stand for the rosters: no batch claims a designated count or revokes a
    # real zone that is not in the generated file.
    batches = [{k: v for k, v in b.items() if k not in ("designated", "revokes")} for b in real["batches"]]
    rich = None
    if like:
        rich = next((f for f in real["features"] if f.get("id") == like), None)
        if rich is None:
            sys.exit(f"gen_zones.py: no zone {like!r} in data/zones.geojson (--like takes a zone's id, e.g. hangzhou)")
    side = int(n ** 0.5) + 1
    features = []
    for i in range(n):
        b = batches[i % len(batches)]
        lon = 80.0 + 45.0 * (i % side) / side
        lat = 22.0 + 24.0 * (i // side) / side
        if rich:
            # Within 0.3 degrees of the real zone, so that its logistics links still start nearby
            # (`zonemap check` wants one end within 150 km).
            (lon0, lat0) = rich["geometry"]["coordinates"]
            lon, lat = lon0 - 0.3 + 0.6 * (i % side) / side, lat0 - 0.3 + 0.6 * (i // side) / side
        url = f"https://example.org/zones/{i}"
        props = {
            "name": f"Zone {i:06d}", "name_zh": f"试验区{i:06d}", "province": "Synthetic", "province_zh": "合成",
            "batch": b["batch"], "approved": b["approved"],
            "specialties": [{"name": "Test goods", "name_zh": "测试商品", "source": url}],
            "sources": [{"title": f"Synthetic source {i}", "url": url}],
        }
        if rich:
            # The real zone's content under a made-up name (its seat is its own, so dropped).
            props = {**copy.deepcopy({k: v for k, v in rich["properties"].items() if k != "seat"}),
                     **{k: props[k] for k in ("name", "name_zh", "province", "province_zh", "batch", "approved")}}
        features.append({
            "type": "Feature", "id": f"z{i:06d}",
            "geometry": {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]},
            "properties": props,
        })
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "batches": batches, "features": features}, f, ensure_ascii=False)


if __name__ == "__main__":
    args = sys.argv[1:]
    like = args[args.index("--like") + 1] if "--like" in args else None
    main(int(args[0]), args[1], like)
