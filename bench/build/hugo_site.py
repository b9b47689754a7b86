#!/usr/bin/env python3
"""Converts a keikaku project written by generate.py into an equivalent Hugo project for the
build benchmark (compare.sh). Usage: hugo_site.py [--profile full|html] SRC DST

Reads SRC's keikaku.toml, content/themes.toml, content/departments/*.toml, content/glossary/*.md
and content/plans/<plan>/{plan,initiatives/*}.<lang>.md (TOML front matter between +++ lines)
and writes DST/hugo.toml, DST/content, DST/i18n, DST/static and DST/layouts (the templates in
bench/build/hugo/layouts, written for this benchmark). The content keeps the same data; what is
derived from it (current fiscal year phase, status counts, roadmap cells, KPI charts, glossary
sections, department and theme listings, open data) is left to Hugo's templates, as keikaku
derives it at build time too.

--profile full (the default) has Hugo write what keikaku writes: the HTML pages with their charts
as inline SVG, a standalone roadmap.svg per plan and initiative, plan.json, initiatives.csv and
kpis.csv per plan, and a search index per language. --profile html has it write only the HTML
pages, with the same facts: roadmaps and KPI targets as tables only (no SVG anywhere), no open data
files and no search index. The templates are the same; the profile sets the output formats, the
site param `profile` (the templates draw charts and link the data files only when it is "full")
and leaves out the templates only the full profile uses. Plain Python standard library only."""
import argparse
import datetime
import json
import os
import shutil
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
LANGS = ["ja", "en"]
LABELS = {"ja": "日本語", "en": "English"}

# What each profile has Hugo write besides the HTML pages: the output formats of the home page
# (per language), of each plan and of each initiative, and the custom output formats they use.
PROFILES = {
    "full": {
        "home": ["html", "searchindex"],
        "plan": ["html", "plandata", "initiativescsv", "kpiscsv", "roadmapsvg"],
        "initiative": ["html", "roadmapsvg"],
        "outputFormats": {
            "plandata": {"mediaType": "application/json", "baseName": "plan", "isPlainText": True,
                         "notAlternative": True},
            "initiativescsv": {"mediaType": "text/csv", "baseName": "initiatives",
                               "isPlainText": True, "notAlternative": True},
            "kpiscsv": {"mediaType": "text/csv", "baseName": "kpis", "isPlainText": True,
                        "notAlternative": True},
            "roadmapsvg": {"mediaType": "image/svg+xml", "baseName": "roadmap",
                           "isPlainText": False, "notAlternative": True},
            "searchindex": {"mediaType": "application/json", "baseName": "search-index",
                            "isPlainText": True, "notAlternative": True},
        },
        "skip": set(),
    },
    "html": {
        "home": ["html"],
        "plan": ["html"],
        "initiative": ["html"],
        "outputFormats": {},
        # Templates (relative to hugo/layouts) only the full profile uses. They are not installed,
        # so a template that still called one of the chart partials would fail the build.
        "skip": {"home.searchindex.json", "plans/section.plandata.json",
                 "plans/section.initiativescsv.csv", "plans/section.kpiscsv.csv",
                 "plans/section.roadmapsvg.svg", "plans/page.roadmapsvg.svg",
                 "_partials/roadmap-svg.html", "_partials/kpi-chart.html"},
    },
}


def read_md(path):
    """(front matter dict, body) of a Markdown file with TOML front matter between +++ lines."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("+++\n"):
        raise SystemExit(f"{path}: no +++ front matter")
    end = text.index("\n+++\n", 3)
    return tomllib.loads(text[4:end]), text[end + 5:]


# --- a small TOML writer (enough for strings, numbers, booleans, arrays, tables) ---------------
def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def toml_key(k):
    return k if k.replace("_", "").replace("-", "").isalnum() and k.isascii() else json.dumps(k)


def is_table_array(v):
    return isinstance(v, list) and v and all(isinstance(x, dict) for x in v)


def toml_dump(d, prefix=""):
    out = []
    for k, v in d.items():
        if not isinstance(v, dict) and not is_table_array(v):
            out.append(f"{toml_key(k)} = {toml_value(v)}")
    for k, v in d.items():
        name = f"{prefix}{toml_key(k)}"
        if isinstance(v, dict):
            out.append(f"[{name}]")
            out.append(toml_dump(v, name + "."))
        elif is_table_array(v):
            for item in v:
                out.append(f"[[{name}]]")
                out.append(toml_dump(item, name + "."))
    return "\n".join(x for x in out if x)


def write(dst, rel, text):
    path = os.path.join(dst, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def page(dst, rel, front, body=""):
    write(dst, rel, f"+++\n{toml_dump(front)}\n+++\n{body}")


def fiscal_year(date):
    """Japanese fiscal year (April to March) containing date."""
    return date.year if date.month >= 4 else date.year - 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full",
                        help="full: the same outputs as keikaku (default); html: the HTML pages only")
    parser.add_argument("src", metavar="SRC", help="a project written by generate.py")
    parser.add_argument("dst", metavar="DST", help="the Hugo project to write (replaced)")
    args = parser.parse_args()
    src, dst, profile = args.src, args.dst, PROFILES[args.profile]
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst)
    with open(os.path.join(src, "keikaku.toml"), "rb") as f:
        config = tomllib.load(f)
    build_date = datetime.date.fromisoformat(config.get("build_date", datetime.date.today().isoformat()))
    content = os.path.join(src, "content")

    # Site configuration. Status names and definitions become per-language params.
    lang_cfg = {}
    for weight, lang in enumerate(LANGS, 1):
        lang_cfg[lang] = {
            "weight": weight,
            "label": LABELS[lang],
            "locale": lang,
            "title": config["title"][lang],
            "params": {
                "description": config["description"][lang],
                **({"eraFormat": "R%d"} if lang == "ja" else {}),
                "statuses": [
                    {"id": s["id"], "symbol": s["symbol"], "name": s["name"][lang],
                     "definition": s["definition"][lang]}
                    for s in config["statuses"]
                ],
            },
        }
    hugo = {
        "baseURL": config["base_url"],
        "defaultContentLanguage": LANGS[0],
        "defaultContentLanguageInSubdir": True,
        "enableRobotsTXT": True,
        "hasCJKLanguage": True,
        "disableKinds": ["rss"],
        "capitalizeListTitles": False,
        "pluralizeListTitles": False,
        "params": {"buildFY": fiscal_year(build_date), "buildDate": build_date.isoformat(),
                   "defaultStatus": config["statuses"][0]["id"], "profile": args.profile},
        "taxonomies": {"theme": "themes", "department": "departments"},
        "outputs": {"home": profile["home"], "section": ["html"], "page": ["html"],
                    "taxonomy": ["html"], "term": ["html"]},
        **({"outputFormats": profile["outputFormats"]} if profile["outputFormats"] else {}),
        "languages": lang_cfg,
    }
    write(dst, "hugo.toml", toml_dump(hugo) + "\n")

    # Interface strings, templates and static assets.
    shutil.copytree(os.path.join(HERE, "hugo", "i18n"), os.path.join(dst, "i18n"))
    layouts = os.path.join(HERE, "hugo", "layouts")

    def skipped(folder, names):
        rel = os.path.relpath(folder, layouts)
        return {n for n in names if os.path.normpath(os.path.join(rel, n)) in profile["skip"]}
    shutil.copytree(layouts, os.path.join(dst, "layouts"), ignore=skipped)
    theme_static = os.path.join(src, "themes", config.get("theme", "default"), "static")
    if os.path.isdir(theme_static):
        shutil.copytree(theme_static, os.path.join(dst, "static", "static"))
        # chart.css is embedded in the standalone .svg files (full profile only); the theme's seven
        # static files are copied as they are in both profiles.
        if "roadmapsvg" in profile["outputFormats"] and os.path.isfile(os.path.join(theme_static, "chart.css")):
            os.makedirs(os.path.join(dst, "assets"))
            shutil.copy(os.path.join(theme_static, "chart.css"), os.path.join(dst, "assets", "chart.css"))

    # Home, list pages and fixed pages.
    for lang in LANGS:
        page(dst, f"content/_index.{lang}.md", {"title": config["title"][lang]})
        page(dst, f"content/plans/_index.{lang}.md", {"title": "plans", "build": {"render": "never"}})
        page(dst, f"content/glossary/_index.{lang}.md", {"title": {"ja": "用語の解説", "en": "Glossary"}[lang]})
        page(dst, f"content/themes/_index.{lang}.md", {"title": {"ja": "テーマ別に比べる", "en": "Compare by theme"}[lang]})
        page(dst, f"content/departments/_index.{lang}.md", {"title": {"ja": "担当課", "en": "Departments"}[lang]})
        for kind, title in [("statuses", {"ja": "進捗区分の定義", "en": "Status definitions"}),
                            ("accessibility", {"ja": "ウェブアクセシビリティ方針", "en": "Web accessibility policy"}),
                            ("search", {"ja": "検索", "en": "Search"})]:
            page(dst, f"content/{kind}.{lang}.md", {"title": title[lang], "type": kind})

    # Themes: taxonomy terms with their own pages (also the ones no initiative uses).
    with open(os.path.join(content, "themes.toml"), "rb") as f:
        themes = tomllib.load(f)
    for tid, th in themes.items():
        for lang in LANGS:
            page(dst, f"content/themes/{tid}/_index.{lang}.md",
                 {"title": th["name"][lang], "params": {"description": th["description"][lang]}})

    # Plans and their initiatives.
    municipalities = {}  # id -> {lang: name}
    plans_dir = os.path.join(content, "plans")
    for weight, plan_id in enumerate(sorted(os.listdir(plans_dir)), 1):
        pdir = os.path.join(plans_dir, plan_id)
        for lang in LANGS:
            fm, body = read_md(os.path.join(pdir, f"plan.{lang}.md"))
            muni = fm["municipality"]
            municipalities.setdefault(muni["id"], {})[lang] = muni["name"]
            page(dst, f"content/plans/{plan_id}/_index.{lang}.md", {
                "title": fm["title"],
                "summary": fm.get("summary", ""),
                "weight": weight,
                "outputs": profile["plan"],
                "params": {k: v for k, v in fm.items() if k not in ("title", "summary")} | {"plan_id": plan_id},
            }, body)
        idir = os.path.join(pdir, "initiatives")
        for name in sorted(os.listdir(idir)):
            stem, lang, ext = name.rsplit(".", 2)
            if ext != "md" or lang not in LANGS:
                continue
            fm, body = read_md(os.path.join(idir, name))
            muni_id = read_md(os.path.join(pdir, f"plan.{lang}.md"))[0]["municipality"]["id"]
            params = {k: v for k, v in fm.items() if k not in ("title", "summary", "themes", "departments", "order")}
            params["plan_id"] = plan_id
            params["department_ids"] = fm.get("departments", [])
            page(dst, f"content/plans/{plan_id}/{stem}.{lang}.md", {
                "title": fm["title"],
                "summary": fm.get("summary", ""),
                "weight": fm.get("order", 0) + 1,
                "themes": fm.get("themes", []),
                "departments": [f"{muni_id}-{d}" for d in fm.get("departments", [])],
                "outputs": profile["initiative"],
                "params": params,
            }, body)

    # Departments: taxonomy terms named <municipality>-<department>, like keikaku's URLs.
    ddir = os.path.join(content, "departments")
    for name in sorted(os.listdir(ddir)):
        if not name.endswith(".toml"):
            continue
        muni_id = name[:-5]
        with open(os.path.join(ddir, name), "rb") as f:
            depts = tomllib.load(f)
        for did, d in depts.items():
            for lang in LANGS:
                page(dst, f"content/departments/{muni_id}-{did}/_index.{lang}.md", {
                    "title": d["name"][lang],
                    "params": {"municipality": municipalities.get(muni_id, {}).get(lang, muni_id),
                               "municipality_id": muni_id},
                })

    # Glossary terms.
    gdir = os.path.join(content, "glossary")
    for name in sorted(os.listdir(gdir)):
        stem, lang, ext = name.rsplit(".", 2)
        if ext != "md" or lang not in LANGS:
            continue
        fm, body = read_md(os.path.join(gdir, name))
        page(dst, f"content/glossary/{stem}.{lang}.md", {
            "title": fm["term"],
            "params": {k: v for k, v in fm.items() if k != "term"},
        }, body)

    # Kana rows for the Japanese glossary index (あ行, か行, …), as site data.
    rows = {"あ": "あいうえお", "か": "かきくけこがぎぐげご", "さ": "さしすせそざじずぜぞ",
            "た": "たちつてとだぢづでどっ", "な": "なにぬねの", "は": "はひふへほばびぶべぼぱぴぷぺぽ",
            "ま": "まみむめも", "や": "やゆよゃゅょ", "ら": "らりるれろ", "わ": "わをん"}
    kana = {}
    for head, chars in rows.items():
        for ch in chars:
            kana[ch] = head + "行"
            kana[chr(ord(ch) + 0x60)] = head + "行"  # katakana
    write(dst, "data/kana.json", json.dumps(kana, ensure_ascii=False))
    print(f"wrote Hugo project ({args.profile} profile) into {dst}")


if __name__ == "__main__":
    main()
