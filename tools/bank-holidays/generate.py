#!/usr/bin/env python3
"""Generate crates/redress-core/data/bank-holidays.json for redress.

Years covered by the official GOV.UK bank-holidays feed (as bundled in the PyPI
package govuk-bank-holidays) come from that copy. Later years, up to LAST_YEAR,
are computed by rule with the PyPI package `holidays` and marked provisional.
The two sources are cross-checked on the years they share and every
difference is printed; the official copy wins. No network access is needed.

Usage (from the repository root):
    pip install govuk-bank-holidays==0.19 holidays==0.108
    python3 tools/bank-holidays/generate.py [--check]

With --check the script writes nothing and exits 1 if the committed file
differs from what it would generate (apart from the "generated" date).
"""

import datetime
import importlib.metadata
import json
import pathlib
import sys

import govuk_bank_holidays
import holidays

FIRST_YEAR = 2018
LAST_YEAR = 2030
OUT = pathlib.Path(__file__).resolve().parents[2] / "crates/redress-core/data/bank-holidays.json"

# redress division name -> subdivision code in the `holidays` package.
DIVISIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}

# Titles the `holidays` package uses, mapped to the wording of the official feed,
# so provisional years read like official ones.
TITLES = {
    "New Year's Day": "New Year’s Day",
    "New Year Holiday": "2nd January",
    "Good Friday": "Good Friday",
    "Easter Monday": "Easter Monday",
    "May Day": "Early May bank holiday",
    "Spring Bank Holiday": "Spring bank holiday",
    "Late Summer Bank Holiday": "Summer bank holiday",
    "Summer Bank Holiday": "Summer bank holiday",
    "Saint Andrew's Day": "St Andrew’s Day",
    "Saint Patrick's Day": "St Patrick’s Day",
    "Battle of the Boyne": "Battle of the Boyne (Orangemen’s Day)",
    "Christmas Day": "Christmas Day",
    "Boxing Day": "Boxing Day",
}

# Dates the rule-based calendar has in a year the official copy covers, checked by a
# person and kept although the official copy lacks them: one-offs proclaimed after the
# copy was taken. They are marked provisional because the official copy does not
# confirm them. Every other difference is printed and the official copy wins.
ACCEPTED_ADDITIONS = {
    # A one-off in `holidays` 0.108 (special_sct_public_holidays); the bundled
    # official copy (govuk-bank-holidays 0.19) was taken before it was announced.
    ("scotland", "2026-06-15"),
}

# One-off bank holidays proclaimed for a single year: each must be in the output.
ONE_OFFS = {
    "england-and-wales": ["2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"],
    "scotland": ["2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"],
    "northern-ireland": ["2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"],
}


def official_data():
    """The feed bundled in govuk-bank-holidays, read from the installed package."""
    path = pathlib.Path(govuk_bank_holidays.__file__).parent / "bank-holidays.json"
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def by_rule(subdiv, year):
    """Bank holidays computed by the `holidays` package, as {iso date: official-style title}.

    The package lists a holiday on its calendar date and adds an "(observed)"
    entry when that date is a weekend; the official feed lists only the day
    off, so weekend dates are dropped and observed days keep the base title.
    """
    result = {}
    for day, name in holidays.country_holidays("GB", subdiv=subdiv, years=[year]).items():
        for part in name.split("; "):
            base = part.removesuffix(" (observed)")
            if day.weekday() >= 5:
                continue
            # Unknown titles (new one-offs) get the official feed's curly apostrophe.
            result[day.isoformat()] = TITLES.get(base, base.replace("'", "’"))
    return result


def render(document):
    """JSON with one holiday per line, so a diff of a regenerated file is readable."""
    dump = lambda value: json.dumps(value, ensure_ascii=False)
    lines = ["{"]
    for key in ("source", "generated", "first", "last"):
        lines.append(f"  {dump(key)}: {dump(document[key])},")
    lines.append('  "divisions": {')
    names = list(document["divisions"])
    for index, name in enumerate(names):
        lines.append(f"    {dump(name)}: [")
        entries = document["divisions"][name]
        for number, entry in enumerate(entries):
            comma = "," if number + 1 < len(entries) else ""
            lines.append(f"      {dump(entry)}{comma}")
        lines.append("    ]" + ("," if index + 1 < len(names) else ""))
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    check_only = "--check" in sys.argv[1:]
    official = official_data()
    govuk_version = importlib.metadata.version("govuk-bank-holidays")
    holidays_version = importlib.metadata.version("holidays")

    divisions = {}
    differences = 0
    for division, subdiv in DIVISIONS.items():
        events = official[division]["events"]
        official_years = sorted({int(e["date"][:4]) for e in events})
        official_first, official_last = official_years[0], official_years[-1]
        # Only trust whole years: a year is official when the feed holds it.
        entries = []
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            rule = by_rule(subdiv, year)
            if official_first <= year <= official_last:
                year_events = [e for e in events if e["date"].startswith(f"{year}-")]
                year_official = {e["date"]: e["title"] for e in year_events}
                for date in sorted(set(year_official) | set(rule)):
                    if date not in rule:
                        print(f"{division}: {date} only in the official copy: {year_official[date]}")
                        differences += 1
                    elif date not in year_official:
                        kept = (division, date) in ACCEPTED_ADDITIONS
                        verdict = "kept as provisional" if kept else "dropped"
                        print(f"{division}: {date} only computed by rule: {rule[date]} ({verdict})")
                        differences += 1
                        if kept:
                            entries.append({"date": date, "title": rule[date], "provisional": True})
                for date in sorted(year_official):
                    entries.append({"date": date, "title": year_official[date], "provisional": False})
                entries.sort(key=lambda e: e["date"])
            else:
                for date in sorted(rule):
                    entries.append({"date": date, "title": rule[date], "provisional": True})
        dates = {e["date"] for e in entries}
        missing = [d for d in ONE_OFFS[division] if d not in dates]
        if missing:
            sys.exit(f"{division}: one-off bank holidays missing: {', '.join(missing)}")
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            if not any(e["date"].startswith(f"{year}-") for e in entries):
                sys.exit(f"{division}: no bank holidays at all for {year}")
        divisions[division] = entries
        provisional_years = sorted({e["date"][:4] for e in entries if e["provisional"]})
        print(
            f"{division}: {len(entries)} holidays {FIRST_YEAR}..={LAST_YEAR}; "
            f"official {max(FIRST_YEAR, official_first)}..={min(LAST_YEAR, official_last)}; "
            f"provisional {', '.join(provisional_years) or 'none'}"
        )
    print(f"{differences} difference(s) between the official copy and the rule-based calendar")

    document = {
        "source": (
            f"the official GOV.UK bank-holidays feed as bundled in the PyPI package "
            f"govuk-bank-holidays version {govuk_version}; later years computed by rule with "
            f"the PyPI package holidays version {holidays_version}, and one-offs announced after "
            f"the copy was taken (listed in tools/bank-holidays/generate.py), marked provisional"
        ),
        "generated": datetime.date.today().isoformat(),
        "first": f"{FIRST_YEAR}-01-01",
        "last": f"{LAST_YEAR}-12-31",
        "divisions": divisions,
    }
    if check_only:
        current = json.loads(OUT.read_text(encoding="utf-8"))
        current["generated"] = document["generated"]
        if current != document:
            sys.exit(f"{OUT} is out of date: run tools/bank-holidays/generate.py")
        print(f"{OUT} is up to date")
        return
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(render(document))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
