#!/usr/bin/env python3
"""Build data/catalogue.csv from the 2024 Adult Compendium of Physical Activities.

Usage:
    pdftotext -layout compendium-2024.pdf compendium.txt
    python3 scripts/build_catalogue.py compendium.txt > data/catalogue.csv

Every Compendium entry of an exercise heading is read with its code and MET
value. Entries are grouped into activities by the start of their description
(the text before the first comma, or before the second one for the activities
listed in TWO_PART below, which would otherwise lump unlike things together),
and each group is split into the intensity bands of the design brief: Light
below 4 MET, Moderate 4 to below 7, Vigorous 7 and up. For every band one
representative entry is kept: one described as "general" when there is one,
otherwise the entry with the median MET of the band. Each row keeps the
Compendium code, MET value and description of the entry it came from, so an
organiser can always trace a number back to the source.
"""
import csv
import re
import sys

EXERCISE_HEADINGS = {
    "Bicycling": "Cycling",
    "Conditioning Exercise": "Fitness & gym",
    "Dancing": "Dancing",
    "Running": "Running",
    "Sports": "Sports",
    "Walking": "Walking & hiking",
    "Water Activities": "Water sports",
    "Winter Activities": "Winter sports",
}

# Descriptions whose first two comma-separated parts name the activity.
TWO_PART = {
    "bicycling, stationary", "bicycling, mountain", "walking, treadmill",
    "skiing, cross country", "skiing, downhill", "running, stairs", "skiing, cross-country",
    "walking, for exercise", "swimming, crawl", "skating, ice",
    "skating, roller", "rowing, stationary", "aerobic, step",
}

# Activity names that read better than the Compendium's first words.
RENAME = {
    "Aerobic": "Aerobics",
    "Aerobic, step": "Step aerobics",
    "Bicycling": "Cycling",
    "Bicycling, stationary": "Indoor cycling",
    "Bicycling, mountain": "Mountain biking",
    "Walking, treadmill": "Treadmill walking",
    "Walking, for exercise": "Nordic walking",
    "Skiing, cross country": "Cross-country skiing",
    "Skiing, downhill": "Downhill skiing",
    "Swimming, crawl": "Swimming (crawl)",
    "Rowing, stationary": "Indoor rowing",
    ("Fitness & gym", "Rowing"): "Indoor rowing",
    "Video": "Exercise video",
    "Resistance": "Weight lifting",
    "Resistance training": "Weight training",
    "Ballroom dance": "Ballroom dancing",
    "Ballroom": "Ballroom dancing",
    "Running/jogging": "Jogging",
    "Skating, ice": "Ice skating",
    "Skating, roller": "Roller skating",
    "Running, stairs": "Stair running",
    "Skiing, cross-country": "Cross-country skiing",
    "Roller blading": "Rollerblading",
    "Skateboard": "Skateboarding",
    "Walking treadmill": "Treadmill walking",
    ("Water sports", "Skiing"): "Water skiing",
}

# Entries of exercise headings that are not exercise one would log in a
# competition (being carried, watching, operating a machine).
EXCLUDE = {
    "Sports spectator", "Whirlpool", "Boating", "Bird watching", "Snow blower",
    "Loading and/or unloading a car", "Walking from house to car or bus",
    "Horse cart", "Ice fishing", "Snowmobiling", "Auto racing", "Drag racing",
    "Moving icehouse",
    # Listed under two headings; kept under the one people would look in, so
    # that every "activity (intensity)" label names one entry.
    ("Fitness & gym", "Water aerobics"), ("Sports", "Race walking"), "Balance exercise assist robot", "Walking to neighbor’s house or family’s house for social reasons",
}

LINE = re.compile(r"^\s*(?P<heading>[A-Z][A-Za-z &]+?)\s+(?P<code>\d{5})\s+(?P<met>\d+(?:\.\d+)?)\s*(?P<desc>.*)$")


def read_entries(lines):
    """Yield (heading, code, met, description), joining wrapped descriptions."""
    entries = []
    pending = []  # text lines seen since the last entry
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip() or "Adult Compendium" in line or "Major Heading" in line:
            continue
        m = LINE.match(line)
        if m:
            desc = m.group("desc").strip()
            if not desc and pending:
                desc = " ".join(pending)
                entries.append([m.group("heading").strip(), m.group("code"), m.group("met"), desc, True])
            else:
                entries.append([m.group("heading").strip(), m.group("code"), m.group("met"), desc, False])
            pending = []
        else:
            text = line.strip()
            if entries and entries[-1][4]:
                # continuation of a wrapped description
                entries[-1][3] += " " + text
                entries[-1][4] = False
            else:
                pending.append(text)
    for heading, code, met, desc, _ in entries:
        yield heading, code, met, re.sub(r"\s+", " ", desc).strip()


def intensity(met):
    if met < 4.0:
        return "Light"
    if met < 7.0:
        return "Moderate"
    return "Vigorous"


def strip_parentheses(text):
    """Remove parenthesised asides, nested or not, so their commas do not split names."""
    out, depth = [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def activity_name(category, desc):
    parts = [p.strip() for p in strip_parentheses(desc).split(",") if p.strip()]
    first = parts[0]
    key = first
    if len(parts) > 1 and f"{first}, {parts[1]}".lower() in TWO_PART:
        key = f"{first}, {parts[1]}"
    key = key[:1].upper() + key[1:].lower()
    key = RENAME.get((category, key), RENAME.get(key, key))
    return key


def main(path):
    with open(path, encoding="utf-8") as fh:
        entries = list(read_entries(fh))
    groups = {}
    for heading, code, met, desc in entries:
        category = EXERCISE_HEADINGS.get(heading)
        if category is None:
            continue
        met = float(met)
        name = activity_name(category, desc)
        if name in EXCLUDE or (category, name) in EXCLUDE:
            continue
        groups.setdefault((category, name), {}).setdefault(intensity(met), []).append((met, code, desc))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["category", "activity", "intensity", "code", "met", "description"])
    for (category, name) in sorted(groups, key=lambda k: (list(EXERCISE_HEADINGS.values()).index(k[0]), k[1].lower())):
        bands = groups[(category, name)]
        for band in ("Light", "Moderate", "Vigorous"):
            if band not in bands:
                continue
            options = sorted(bands[band])
            general = [o for o in options if "general" in o[2].lower()]
            met, code, desc = general[0] if general else options[(len(options) - 1) // 2]
            out.writerow([category, name, band, code, f"{met:.1f}", desc])


if __name__ == "__main__":
    main(sys.argv[1])
