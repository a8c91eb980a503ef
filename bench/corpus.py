#!/usr/bin/env python3
"""Write a made-up corpus of reports for measuring build time and memory.

Usage: bench/corpus.py PAGES DIR [--blocks]

DIR gets three copies of the same text: site/ for Insyn, and zola/ and hugo/ with minimal
templates, so that the three generators build the same content side by side. Reports of
ten pages each (content/<body>/<year>-<report>/), four reports a year per body; beyond
what eight bodies over 35 years hold, more bodies (a national portal), not older years.

With --blocks, Insyn's copy carries real report blocks where the others have a Markdown
table with the same numbers: every page an `ekonomitabell` (a checked table, two charts,
two downloads), every report's first page an `indikatorer` and an `uppdrag` block, and
every report's _index.md its `rapport:` front matter (each body its own `utgivare:`). Without it, all three get the table.

The text is random words from a fixed seed: the same arguments give the same files. No
number here comes from a real report: the corpus is for measuring, never for publishing.
"""
import os
import random
import sys

WORDS = ("året verksamheten utveckling uppdraget arbetet invånare vården samverkan utfall "
         "prognos budget investeringar medarbetare sjukfrånvaro kommunerna planering "
         "uppföljning insatser klimat miljö energi trafik kollektivtrafik forskning "
         "tillgänglighet digitalisering kompetensförsörjning har bedöms delvis pågår "
         "enligt plan och med för att").split()
BODIES = ["regionkontoret", "regionstyrelsen", "halsa-och-sjukvard", "regional-utveckling",
          "kulturnamnden", "kollektivtrafik", "regionservice", "naturbruk"]
REPORTS = [("arsredovisning", "årsredovisning"), ("delarsrapport-1", "delårsrapport"),
           ("delarsrapport-2", "delårsrapport"), ("verksamhetsplan", "verksamhetsplan")]
INDICATORS = [("sjukfranvaro", "Sjukfrånvaro", "lägre", 50, 5),
              ("personalomsattning", "Personalomsättning", "lägre", 110, 11),
              ("nojdhet", "Nöjd medarbetarindex", "högre", 780, 78)]
STATUSES = ["uppfyllt", "delvis uppfyllt", "ej uppfyllt", "pågår"]
PAGES_PER_REPORT = 10


def sentence(rng):
    s = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20)))
    return s[0].upper() + s[1:] + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def num(x):
    """Swedish: decimal comma, a real minus sign."""
    return f"{x:.1f}".replace(".", ",").replace("-", "−")


def front(title, weight, date, extra=""):
    return f"---\ntitle: \"{title}\"\nweight: {weight}\ndate: {date}\n{extra}---\n\n"


def page(rng, n, blocks):
    """One page as (Insyn's text, the others' text): the same words and numbers."""
    text = []
    for h in range(3):
        text += [f"## Avsnitt {n}.{h + 1} {rng.choice(WORDS)}\n", paragraph(rng) + "\n", paragraph(rng) + "\n"]
    text.append("- " + sentence(rng) + "\n- " + sentence(rng) + "\n- **" + sentence(rng) + "**\n")
    rows = [(rng.randint(-900, 0) / 10, rng.randint(-900, 0) / 10) for _ in range(5)]
    table = ["| Post | Utfall | Budget | Avvikelse |\n|---|---:|---:|---:|"]
    table += [f"| Rad {r + 1} | {u:.1f} | {b:.1f} | {u - b:.1f} |" for r, (u, b) in enumerate(rows)]
    own = ["```ekonomitabell", f"id: resultat-{n}", "titel: Resultat per verksamhet", "enhet: mnkr",
           "avvikelse: utfall − budget", "rubriker: [Post, Utfall, Budget, Avvikelse]", "rader:"]
    own += [f"  - Rad {r + 1} | {num(u)} | {num(b)} | {num(u - b)}" for r, (u, b) in enumerate(rows)]
    own.append("```\n")
    if n == 1:
        own += ["```indikatorer", "titel: Indikatorer", "indikatorer:"]
        for iid, name, better, base, target in INDICATORS:
            own += [f"  - id: {iid}", f"    namn: {name}", "    enhet: \"%\"",
                    f"    utfall: {num((base + rng.randint(-20, 20)) / 10)}", f"    mål: {target}",
                    f"    riktning: {better}"]
        own += ["```\n", "```uppdrag", "uppdrag:"]
        for u in range(4):
            own += [f"  - id: uppdrag-{u + 1}", f"    titel: {sentence(rng)}", f"    status: {rng.choice(STATUSES)}"]
        own.append("```\n")
    end = "\nMer finns i [sammanfattningen](../) och på [startsidan](/).\n"
    common = "\n".join(text)
    theirs = common + "\n" + "\n".join(table) + "\n" + end
    ours = common + "\n" + ("\n".join(own) if blocks else "\n".join(table) + "\n") + end
    return ours, theirs


HUGO = {
    "hugo.toml": 'baseURL = "http://localhost/"\nlanguageCode = "sv-se"\ntitle = "Bench"\nbuildFuture = true\n'
                 'disableKinds = ["taxonomy", "term", "RSS"]\n',
    "layouts/_default/baseof.html": '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{{ .Title }}'
                                    '</title></head>\n<body>{{ partialCached "nav.html" . }}\n<main>{{ block "main" . }}'
                                    '{{ end }}</main></body></html>\n',
    "layouts/partials/nav.html": '<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> '
                                 '{{ end }}</nav>\n',
    "layouts/_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n',
    "layouts/_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}'
                                  '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}
ZOLA_SECTION = ('{% extends "base.html" %}{% block title %}{{ section.title }}{% endblock %}{% block main %}'
                '<h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>{% for s in section.subsections %}'
                '{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.path }}">{{ sub.title }}'
                '</a></li>{% endfor %}{% for p in section.pages %}<li><a href="{{ p.path }}">{{ p.title }}</a></li>'
                '{% endfor %}</ul>{% endblock %}\n')
ZOLA = {
    "config.toml": 'base_url = "http://localhost/"\ntitle = "Bench"\ndefault_language = "sv"\ncompile_sass = false\n'
                   'build_search_index = false\n',
    "templates/base.html": '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{% block title %}'
                           '{% endblock %}</title></head>\n<body><nav>{% set root = get_section(path="_index.md", '
                           'metadata_only=true) %}{% for s in root.subsections %}{% set sub = get_section(path=s, '
                           'metadata_only=true) %}<a href="{{ sub.path }}">{{ sub.title }}</a> {% endfor %}</nav>\n'
                           '<main>{% block main %}{% endblock %}</main></body></html>\n',
    "templates/page.html": '{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}{% block main %}'
                           '<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock %}\n',
    "templates/section.html": ZOLA_SECTION,
    "templates/index.html": ZOLA_SECTION,
}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2 or any(a not in ("--blocks",) for a in sys.argv[1:] if a.startswith("--")):
        sys.exit(__doc__)
    pages, out = int(args[0]), args[1]
    blocks = "--blocks" in sys.argv
    rng = random.Random(16)
    reports = max(1, pages // PAGES_PER_REPORT)
    bodies = list(BODIES)
    if reports > len(BODIES) * len(REPORTS) * 35:
        per_body = len(REPORTS) * 10
        bodies += [f"kommun-{i:03d}" for i in range(1, -(-reports // per_body) - len(BODIES) + 1)]
    ours, theirs = {}, {}  # path under content/ → text (theirs only where it differs)
    made, year = 0, 2025
    while made < reports:
        for body in bodies:
            for slug, kind in REPORTS:
                if made >= reports:
                    break
                base = f"{body}/{year}-{slug}"
                ours[f"{body}/_index.md"] = front(body.replace("-", " ").capitalize(), 1, "2024-01-01") + paragraph(rng) + "\n"
                intro = paragraph(rng) + "\n"
                title = f"{slug.capitalize()} {year}"
                theirs[f"{base}/_index.md"] = front(title, year, f"{year}-12-31") + intro
                # Each body publishes its own reports (a national portal): its own indicator
                # histories. A delårsrapport says which part of the year it covers.
                name = body.replace("-", " ").capitalize()
                period = {"delarsrapport-1": f"  period: jan–apr {year}\n",
                          "delarsrapport-2": f"  period: jan–aug {year}\n"}.get(slug, "")
                extra = (f"rapport:\n  typ: {kind}\n  år: {year}\n  organisation: {name}\n"
                         f"  utgivare: {name}\n{period}") if blocks else ""
                ours[f"{base}/_index.md"] = front(title, year, f"{year}-12-31", extra) + intro
                for n in range(1, PAGES_PER_REPORT + 1):
                    head = front(f"{n} {rng.choice(WORDS).capitalize()}", n, f"{year}-12-31")
                    mine, other = page(rng, n, blocks)
                    ours[f"{base}/{n:02d}-avsnitt.md"] = head + mine
                    theirs[f"{base}/{n:02d}-avsnitt.md"] = head + other
                made += 1
        year -= 1
    ours["_index.md"] = front("Startsida", 0, "2024-01-01") + paragraph(rng) + "\n"
    for rel, text in ours.items():
        write(os.path.join(out, "site", "content", rel), text)
        other = theirs.get(rel, text)
        write(os.path.join(out, "hugo", "content", rel), other)
        if rel.endswith("_index.md"):  # Zola's sections take no date; they sort by weight
            other = "\n".join("sort_by: weight" if l.startswith("date: ") else l for l in other.split("\n"))
        write(os.path.join(out, "zola", "content", rel), other)
    write(os.path.join(out, "site", "site.toml"), 'title = "Bench"\nbase_url = "http://localhost/"\nlanguage = "sv"\n')
    for name, text in HUGO.items():
        write(os.path.join(out, "hugo", name), text)
    for name, text in ZOLA.items():
        write(os.path.join(out, "zola", name), text)
    print(f"{len(ours)} content files in {out}/site, {out}/zola and {out}/hugo")


if __name__ == "__main__":
    main()
