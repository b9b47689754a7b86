//! Fixture sites for integration tests: a small project written into a temp dir, with the
//! repository's default theme copied in, built with the real `keikaku` binary.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A project in a temporary directory.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub const CONFIG: &str = r#"base_url = "https://city.example.jp/dx-plans/"
theme = "default"
languages = ["ja", "en"]
build_date = "2026-06-15"
[title]
ja = "テスト市DX"
en = "Test City DX"
[description]
ja = "説明"
en = "Description"
[[statuses]]
id = "not-reported"
symbol = "–"
name = { ja = "未報告", en = "Not reported" }
definition = { ja = "未報告です。", en = "Not reported." }
[[statuses]]
id = "started"
symbol = "▶"
name = { ja = "着手", en = "Started" }
definition = { ja = "着手しています。", en = "Started." }
"#;

pub const PLAN_JA: &str = r#"+++
kind = "plan"
title = "テスト市DX推進計画"
short_title = "テスト計画"
summary = "テスト市の計画です。"
period = { from = 2025, to = 2029 }
[municipality]
id = "testcity"
name = "テスト市"
prefecture = "静岡県"
code = "221309"
[source]
title = "テスト市DX推進計画"
publisher = "テスト市"
[contact]
department = "digital"
phone = "000-000-0000"
[[pillars]]
id = "1"
number = "(1)"
title = "市民サービス"
[[pillars]]
id = "2"
number = "(2)"
title = "生産性"
+++
## 策定趣旨

本文です。[KPI](#section-1)
"#;

pub const PLAN_EN: &str = r#"+++
kind = "plan"
title = "Test City DX Plan"
short_title = "Test plan"
summary = "The plan of Test City."
period = { from = 2025, to = 2029 }
[municipality]
id = "testcity"
name = "Test City"
prefecture = "Shizuoka"
code = "221309"
[source]
title = "Test City DX Plan"
publisher = "Test City"
[contact]
department = "digital"
phone = "000-000-0000"
[[pillars]]
id = "1"
number = "(1)"
title = "Services"
[[pillars]]
id = "2"
number = "(2)"
title = "Productivity"
+++
## Purpose

Text. [KPI](#section-1)
"#;

pub const INITIATIVE_JA: &str = r#"+++
number = "(1)-1"
order = 1
pillar = "1"
title = "オンライン手続の推進"
summary = "マイナンバーカードを活用します。"
departments = ["digital"]
status = "started"
themes = ["online"]
related = ["2-1"]
terms = ["dx"]
[[actions]]
id = "1"
marker = "①"
title = "行かない窓口"
text = "スマホで完結します。"
[[kpis]]
id = "online-rate"
label = "オンライン利用率"
unit = "%"
[[kpis.targets]]
fy = 2025
value = 19
[[kpis.targets]]
fy = 2029
value = 23
comparator = "at-least"
[[roadmap]]
action = "1"
[[roadmap.phases]]
from = 2025
to = 2026
label = "検討"
[[roadmap.phases]]
from = 2027
to = 2029
label = "導入"
continues = true
+++
"#;

pub const INITIATIVE_EN: &str = r#"+++
number = "(1)-1"
order = 1
pillar = "1"
title = "Online procedures"
summary = "Using the My Number Card."
departments = ["digital"]
status = "started"
themes = ["online"]
related = ["2-1"]
terms = ["dx"]
[[actions]]
id = "1"
marker = "①"
title = "Counters you need not visit"
text = "Done on a smartphone."
[[kpis]]
id = "online-rate"
label = "Online usage rate"
unit = "%"
[[kpis.targets]]
fy = 2025
value = 19
[[kpis.targets]]
fy = 2029
value = 23
comparator = "at-least"
[[roadmap]]
action = "1"
[[roadmap.phases]]
from = 2025
to = 2026
label = "Study"
[[roadmap.phases]]
from = 2027
to = 2029
label = "Introduction"
continues = true
+++
"#;

pub const INITIATIVE2_JA: &str = r#"+++
number = "(2)-1"
order = 2
pillar = "2"
title = "生成AIの活用"
summary = "生成AIを使います。"
+++
"#;

pub const TERM_JA: &str = r#"+++
term = "DX"
reading = "でぃーえっくす"
expansion = "デジタル・トランスフォーメーション"
source = "plan"
[[defined_in]]
plan = "test-plan"
note = 1
+++
先端技術やデータを活用して、組織や仕組み等を抜本的に変革すること。
"#;

pub const TERM_EN: &str = r#"+++
term = "DX"
reading = "でぃーえっくす"
expansion = "Digital transformation"
source = "plan"
[[defined_in]]
plan = "test-plan"
note = 1
+++
Fundamentally transforming organisations and systems with advanced technology and data.
"#;

pub const THEMES: &str = r#"[online]
name = { ja = "オンライン手続", en = "Online procedures" }
description = { ja = "説明", en = "Description" }
[ai]
name = { ja = "AI", en = "AI" }
"#;

pub const DEPARTMENTS: &str = r#"[digital]
name = { ja = "デジタル推進課", en = "Digital Promotion Division" }
"#;

impl Fixture {
    /// A two-language site with one plan, two initiatives (one untranslated), one term.
    pub fn standard() -> Fixture {
        let fixture = Fixture::empty(CONFIG);
        fixture.write("content/themes.toml", THEMES);
        fixture.write("content/departments/testcity.toml", DEPARTMENTS);
        fixture.write("content/plans/test-plan/plan.ja.md", PLAN_JA);
        fixture.write("content/plans/test-plan/plan.en.md", PLAN_EN);
        fixture.write("content/plans/test-plan/initiatives/1-1.ja.md", INITIATIVE_JA);
        fixture.write("content/plans/test-plan/initiatives/1-1.en.md", INITIATIVE_EN);
        fixture.write("content/plans/test-plan/initiatives/2-1.ja.md", INITIATIVE2_JA);
        fixture.write("content/glossary/dx.ja.md", TERM_JA);
        fixture.write("content/glossary/dx.en.md", TERM_EN);
        fixture
    }

    /// A project with only a config and the default theme.
    pub fn empty(config: &str) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixture = Fixture { dir };
        fixture.write("keikaku.toml", config);
        copy_dir(&repo_root().join("themes/default"), &fixture.path().join("themes/default"));
        fixture
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Replaces `from` by `to` in a file, failing when `from` is absent.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Runs `keikaku ARGS` in the project.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_keikaku"))
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("run keikaku")
    }

    /// Builds into `site/` and panics with the diagnostics when the build fails.
    pub fn build_ok(&self) -> Output {
        let out = self.run(&["build"]);
        assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
        out
    }

    pub fn site(&self, rel: &str) -> String {
        self.read(&format!("site/{rel}"))
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, for comparing whole outputs.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The bundled content (the repository's own `content/`) through load → model → render; panics
/// with every diagnostic when it does not build.
pub fn bundled_site() -> keikaku::model::Site {
    match keikaku::build(&repo_root(), None) {
        Ok(built) => built.site,
        Err(errors) => panic!(
            "the bundled content does not build:\n{}",
            errors.iter().map(|e| e.render(false)).collect::<Vec<_>>().join("\n")
        ),
    }
}

/// Builds the bundled content with the real binary into a temporary directory; returns the
/// directory (kept alive by the caller) and the output path.
pub fn bundled_site_on_disk() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let root = repo_root();
    let status = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(["--root", root.to_str().unwrap(), "build", "--output", out.to_str().unwrap()])
        .status()
        .expect("run keikaku");
    assert!(status.success(), "the bundled content does not build");
    (dir, out)
}

/// What builds left beside the fixture's output other than the site and its spare (the replaced
/// or failed build's tree, which the next build stages into): interrupted staging directories.
pub fn debris(f: &Fixture) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(f.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".keikaku-") && !n.ends_with(".keikaku-spare"))
        .collect();
    names.sort();
    names
}

/// Breaks the standard fixture after a good build, builds again and returns stderr, checking
/// what every failed build must keep: exit code 1, no panic, the previous `site/` unchanged, no
/// staging directory left behind, and `check` refusing what `build` refuses.
pub fn failing_build(breakage: impl FnOnce(&Fixture)) -> String {
    let f = Fixture::standard();
    f.build_ok();
    let before = snapshot(&f.path().join("site"));
    breakage(&f);
    let out = f.run(&["build"]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "expected a content error, got:\n{text}");
    assert!(before == snapshot(&f.path().join("site")), "the previous output changed after a failed build");
    assert!(!text.contains("panicked"), "{text}");
    assert!(debris(&f).is_empty(), "staging directory left behind: {:?}", debris(&f));
    assert_eq!(f.run(&["check"]).status.code(), Some(1), "check accepts what build refuses");
    text
}
