#!/usr/bin/env python3
"""Writes a synthetic keikaku project for the build benchmark: CITIES plans of INITIATIVES
initiatives each, in Japanese and English, with KPIs, roadmaps and glossary terms, using the
repository's default theme. Usage: generate.py DIR [CITIES] [INITIATIVES] [TERMS]"""
import os, shutil, sys

out = sys.argv[1]
cities = int(sys.argv[2]) if len(sys.argv) > 2 else 100
initiatives = int(sys.argv[3]) if len(sys.argv) > 3 else 50
terms = int(sys.argv[4]) if len(sys.argv) > 4 else 200
repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

def write(rel, text):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)

shutil.rmtree(out, ignore_errors=True)
shutil.copytree(os.path.join(repo, "themes"), os.path.join(out, "themes"))
config = open(os.path.join(repo, "keikaku.toml"), encoding="utf-8").read()
write("keikaku.toml", config)
shutil.copy(os.path.join(repo, "content", "themes.toml"), os.path.join(out, "content", "themes.toml")) if os.path.isdir(os.path.join(out, "content")) else None
os.makedirs(os.path.join(out, "content"), exist_ok=True)
shutil.copy(os.path.join(repo, "content", "themes.toml"), os.path.join(out, "content", "themes.toml"))
themes = ["online-procedures", "my-number-card", "ai-rpa", "telework-workstyle", "open-data-ebpm", "digital-talent"]

body_ja = "行政手続のオンライン化とマイナンバーカードの活用を進め、市民サービスの向上と業務の効率化を図る。" * 6
body_en = "Moves administrative procedures online and uses the My Number Card to improve services and efficiency. " * 6

for t in range(terms):
    for lang, term, text in [("ja", f"用語{t}", f"用語{t}の定義。" + body_ja[:80]), ("en", f"Term {t}", f"Definition of term {t}. " + body_en[:80])]:
        write(f"content/glossary/term-{t}.{lang}.md",
              f'+++\nterm = "{term}"\nreading = "ようご{"あいうえおかきくけこ"[t % 10]}"\nsource = "editors"\n+++\n{text}\n')

for c in range(cities):
    write(f"content/departments/city{c}.toml", '[digital]\nname = { ja = "デジタル推進課", en = "Digital Promotion Division" }\n')
    for lang, title, summary in [("ja", f"市{c}DX推進計画", "市のDX推進計画です。"), ("en", f"City {c} DX Plan", "The DX plan of the city.")]:
        write(f"content/plans/city{c}-dx/plan.{lang}.md", f'''+++
kind = "plan"
title = "{title}"
summary = "{summary}"
period = {{ from = 2025, to = 2029 }}
[municipality]
id = "city{c}"
name = "{title[:4]}"
prefecture = "{'静岡県' if lang == 'ja' else 'Shizuoka'}"
[source]
title = "{title}"
publisher = "{title[:4]}"
[[pillars]]
id = "1"
number = "(1)"
title = "{'市民サービス' if lang == 'ja' else 'Services'}"
[[pillars]]
id = "2"
number = "(2)"
title = "{'生産性' if lang == 'ja' else 'Productivity'}"
+++
{body_ja if lang == 'ja' else body_en}
''')
        for i in range(initiatives):
            pillar = 1 + i % 2
            write(f"content/plans/city{c}-dx/initiatives/{pillar}-{i}.{lang}.md", f'''+++
number = "({pillar})-{i}"
order = {i}
pillar = "{pillar}"
title = "{'施策' if lang == 'ja' else 'Initiative'} {i}"
summary = "{(body_ja if lang == 'ja' else body_en)[:120]}"
departments = ["digital"]
themes = ["{themes[i % len(themes)]}"]
[[actions]]
id = "1"
marker = "①"
title = "{'検討と導入' if lang == 'ja' else 'Study and introduction'}"
text = "{(body_ja if lang == 'ja' else body_en)[:200]}"
[[kpis]]
id = "rate"
label = "{'利用率' if lang == 'ja' else 'Usage rate'}"
unit = "%"
[[kpis.targets]]
fy = 2025
value = {10 + i % 20}
[[kpis.targets]]
fy = 2029
value = {30 + i % 20}
[[roadmap]]
action = "1"
[[roadmap.phases]]
from = 2025
to = 2026
label = "{'検討' if lang == 'ja' else 'Study'}"
[[roadmap.phases]]
from = 2027
to = 2029
label = "{'導入' if lang == 'ja' else 'Introduction'}"
continues = true
+++
{body_ja if lang == 'ja' else body_en}
''')
print(f"wrote {cities} plans x {initiatives} initiatives, {terms} terms, 2 languages into {out}")
