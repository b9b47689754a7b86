//! Stage 1, load: read `keikaku.toml`, every file under `content/` and the theme; split front
//! matter from Markdown; parse TOML into typed front matter keeping spans. Produces plain data
//! (`Sources`, `ThemeFiles`) and diagnostics; nothing is cross-checked yet (that is the model's
//! job). Invariant: every `SourceDoc` came from a readable UTF-8 file whose front matter parsed.

pub mod front_matter;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;
use toml::de::DeTable;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceFile, relative_to, toml_error};
use crate::ids::check_id;
use front_matter::{CaseFrontMatter, InitiativeFrontMatter, PlanFrontMatter, RegistryEntry, TermFrontMatter};

/// Which document a file holds, from its place under `content/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocAddress {
    Plan { plan: String },
    Initiative { plan: String, id: String },
    Case { plan: String, id: String },
    Term { id: String },
}

/// Typed front matter of one document.
#[derive(Debug, Clone)]
pub enum FrontMatter {
    Plan(Box<PlanFrontMatter>),
    Initiative(Box<InitiativeFrontMatter>),
    Case(Box<CaseFrontMatter>),
    Term(Box<TermFrontMatter>),
}

/// One language version of one document, as read.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    pub address: DocAddress,
    pub lang: String,
    pub file: Arc<SourceFile>,
    pub front_matter: FrontMatter,
    /// The same front matter as a generic spanned tree, to compare the shape of translations.
    pub shape: Shape,
    /// Byte offset of the body (the Markdown after the closing `+++`) in the file.
    pub body_offset: usize,
}

/// A registry file (`themes.toml`, `departments/{municipality}.toml`).
#[derive(Debug, Clone)]
pub struct Registry {
    pub file: Arc<SourceFile>,
    pub entries: Vec<(Spanned<String>, RegistryEntry)>,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Sources {
    /// Sorted by address, then language order.
    pub docs: Vec<SourceDoc>,
    pub themes: Option<Registry>,
    /// By municipality id.
    pub departments: BTreeMap<String, Registry>,
    /// Registries whose file failed to load: `themes.toml`, or the municipality id of a departments
    /// file. References into them are not checked, so one typo does not cascade.
    pub failed_registries: Vec<String>,
    /// Documents (and their language) whose file failed to load. The model treats them as
    /// existing, so one typo does not cascade into "unknown id" errors elsewhere.
    pub failed: Vec<(DocAddress, String)>,
    /// The browser gate's last results (`content/accessibility-results.json`), published on the
    /// accessibility policy page.
    pub accessibility: Option<AccessibilityResults>,
}

/// What the browser quality gate (`tests/browser/`) measured on the whole site. The gate writes
/// it and fails when the committed copy differs from its run, so the published results cannot
/// drift from the tests.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityResults {
    pub standard: String,
    pub target: String,
    pub wcag: String,
    pub tools: BTreeMap<String, String>,
    pub languages: Vec<String>,
    pub pages: u64,
    pub checks: Vec<AccessibilityCheck>,
}

/// One check of the gate.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityCheck {
    pub id: String,
    pub criteria: String,
    pub pages: u64,
    pub violations: u64,
    pub passed: bool,
}

/// A theme's files after site overrides are applied.
#[derive(Debug, Default, Clone)]
pub struct ThemeFiles {
    /// Template name (path under `templates/`, `/`-separated) → source file.
    pub templates: BTreeMap<String, Arc<SourceFile>>,
    /// Path under `static/` → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Language → i18n file.
    pub i18n: BTreeMap<String, Arc<SourceFile>>,
}

/// Reads `keikaku.toml` from the project root.
pub fn load_config(root: &Path, base_url_override: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("keikaku.toml");
    let file = read_source(root, &path).map_err(|d| vec![d])?;
    Config::parse(&file, base_url_override)
}

/// Reads a text file, rejecting invalid UTF-8 with the position of the first bad byte.
pub fn read_source(root: &Path, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    let shown = relative_to(root, path);
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::error_in(&shown, format!("cannot read file: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            let control = text.char_indices().find(|&(_, c)| is_forbidden_control(c));
            let file = SourceFile::new(shown, text);
            match control {
                Some((at, c)) => Err(control_character_error(&file, at..at + c.len_utf8(), c)),
                None => Ok(file),
            }
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let before = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Diagnostic::error_in(shown, format!("invalid UTF-8 at line {line}, column {column} (byte {valid})"))
                .expected("UTF-8 text")
                .help("save the file as UTF-8 (not Shift_JIS)"))
        }
    }
}

/// Control characters other than tab, line feed and carriage return. They are invisible, no
/// output format carries them safely (HTML forbids most, CSV and JSON readers choke on NUL), so
/// they are refused at the one door every text comes through: here.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

fn control_character_error(file: &Arc<SourceFile>, span: std::ops::Range<usize>, c: char) -> Diagnostic {
    Diagnostic::error_at(file, span, format!("control character U+{:04X} in the text", c as u32))
        .expected("printable text (tabs and line breaks are fine)")
        .help("delete the invisible character; it often comes from copying text out of a PDF")
}

/// One rule for symbolic links everywhere keikaku reads (`content/`, `templates/`, `static/`, the
/// theme): they are not followed — a link could publish files from anywhere on the machine — and
/// each one skipped is a warning, so nothing disappears silently.
fn symlink_skipped(root: &Path, path: &Path) -> Diagnostic {
    Diagnostic::error_in(relative_to(root, path), "symbolic link skipped: keikaku does not follow symbolic links")
        .help("copy the file or directory into the project instead")
        .warning()
}

/// The largest magnitude a number in content may have. Plans count people, yen and percentages;
/// a value beyond this is a typo (or `1e30`), and would print as a 31-digit number.
pub const MAX_NUMBER: f64 = 1e15;

/// Checks every value of a front matter: numbers finite and of sane size, strings free of
/// control characters (a TOML escape such as `"\u0001"` gets past the file-level check).
fn check_values(file: &Arc<SourceFile>, shape: &Shape, errors: &mut Vec<Diagnostic>) {
    match &shape.value {
        ShapeValue::Table(entries) => entries.iter().for_each(|(_, _, v)| check_values(file, v, errors)),
        ShapeValue::Array(items) => items.iter().for_each(|v| check_values(file, v, errors)),
        ShapeValue::String(text) => {
            if let Some(c) = text.chars().find(|&c| is_forbidden_control(c)) {
                errors.push(control_character_error(file, shape.span.clone(), c));
            }
        }
        ShapeValue::Number(text) => {
            let finite = text.parse::<f64>().is_ok_and(|v| v.is_finite());
            if !finite {
                errors.push(
                    Diagnostic::error_at(file, shape.span.clone(), format!("`{text}` is not a finite number"))
                        .expected("a number such as `19` or `17.5`")
                        .help("write a target that is not a number as `text = \"…\"`"),
                );
            } else if text.parse::<f64>().is_ok_and(|v| v.abs() > MAX_NUMBER) {
                errors.push(
                    Diagnostic::error_at(file, shape.span.clone(), format!("`{text}` is too large for a plan's figure"))
                        .expected("a number of at most 10¹⁵ in size"),
                );
            }
        }
        ShapeValue::Boolean(_) | ShapeValue::Datetime(_) => {}
    }
}

/// Reads every content file. Diagnostics of all files are collected; files with errors are left
/// out of `Sources`.
pub fn load_content(root: &Path, config: &Config) -> (Sources, Vec<Diagnostic>) {
    let content = root.join("content");
    let mut sources = Sources::default();
    let mut errors = Vec::new();
    if !content.is_dir() {
        errors.push(Diagnostic::error_in("content", "no content/ directory").help("run `keikaku new plan <id>` to start one"));
        return (sources, errors);
    }
    let mut paths: Vec<PathBuf> = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|entry| match entry {
            Ok(e) if e.file_type().is_file() => Some(e.into_path()),
            Ok(e) if e.file_type().is_symlink() => {
                errors.push(symlink_skipped(root, e.path()));
                None
            }
            Ok(_) => None,
            Err(e) => {
                errors.push(Diagnostic::error_in(relative_to(root, e.path().unwrap_or(&content)), format!("cannot read: {e}")));
                None
            }
        })
        .collect();
    paths.sort();

    let parsed: Vec<Result<Loaded, Vec<Diagnostic>>> = {
        use rayon::prelude::*;
        paths.par_iter().map(|path| load_file(root, &content, path, config)).collect()
    };
    for result in parsed {
        match result {
            Ok(Loaded::Doc(doc)) => sources.docs.push(*doc),
            Ok(Loaded::Themes(registry)) => sources.themes = Some(registry),
            Ok(Loaded::Accessibility(results)) => sources.accessibility = Some(results),
            Ok(Loaded::Departments(municipality, registry)) => {
                sources.departments.insert(municipality, registry);
            }
            Ok(Loaded::Ignored) => {}
            Ok(Loaded::FailedRegistry(name, mut e)) => {
                sources.failed_registries.push(name);
                errors.append(&mut e);
            }
            Ok(Loaded::Failed(address, lang, mut e)) => {
                sources.failed.push((address, lang));
                errors.append(&mut e);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    let lang_rank = |lang: &str| config.languages.iter().position(|l| l == lang).unwrap_or(usize::MAX);
    sources.docs.sort_by(|a, b| a.address.cmp(&b.address).then(lang_rank(&a.lang).cmp(&lang_rank(&b.lang))));
    (sources, errors)
}

enum Loaded {
    Doc(Box<SourceDoc>),
    Themes(Registry),
    Departments(String, Registry),
    Accessibility(AccessibilityResults),
    /// A registry (`themes`, or a municipality's departments) whose file did not parse.
    FailedRegistry(String, Vec<Diagnostic>),
    /// A document whose address is known but whose file did not parse.
    Failed(DocAddress, String, Vec<Diagnostic>),
    Ignored,
}

fn load_file(root: &Path, content: &Path, path: &Path, config: &Config) -> Result<Loaded, Vec<Diagnostic>> {
    let rel = path.strip_prefix(content).unwrap_or(path);
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let shown = relative_to(root, path);
    let name = parts.last().cloned().unwrap_or_default();
    if name.starts_with('.') {
        return Ok(Loaded::Ignored);
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let layout_help = "content files go in content/plans/{plan}/plan.{lang}.md, content/plans/{plan}/initiatives/{id}.{lang}.md, \
                       content/plans/{plan}/cases/{id}.{lang}.md, content/glossary/{id}.{lang}.md, content/themes.toml or \
                       content/departments/{municipality}.toml";
    match parts.as_slice() {
        ["accessibility-results.json"] => {
            let file = read_source(root, path).map_err(|d| vec![d])?;
            serde_json::from_str(&file.text).map(Loaded::Accessibility).map_err(|e| {
                let offset = line_offset(&file.text, e.line(), e.column());
                vec![
                    Diagnostic::error_at(&file, offset..offset, format!("invalid accessibility results: {e}"))
                        .help("this file is written by the browser gate: run `KEIKAKU_UPDATE_A11Y=1 node --test tests/browser/`"),
                ]
            })
        }
        ["themes.toml"] => {
            let registry = read_source(root, path).map_err(|d| vec![d]).and_then(parse_registry);
            Ok(registry.map_or_else(|e| Loaded::FailedRegistry("themes.toml".to_string(), e), Loaded::Themes))
        }
        ["departments", file_name] if file_name.ends_with(".toml") => {
            let municipality = file_name.trim_end_matches(".toml").to_string();
            check_id(&municipality).map_err(|why| {
                vec![Diagnostic::error_in(&shown, format!("invalid municipality id `{municipality}` in file name: {why}"))]
            })?;
            let registry = read_source(root, path).map_err(|d| vec![d]).and_then(parse_registry);
            Ok(match registry {
                Ok(registry) => Loaded::Departments(municipality, registry),
                Err(e) => Loaded::FailedRegistry(municipality, e),
            })
        }
        [_, ..] if !name.ends_with(".md") && !name.ends_with(".toml") => {
            // Images and other assets are not content documents; they are not published either.
            Ok(Loaded::Ignored)
        }
        ["plans", plan, file_name] => {
            let (stem, lang) = split_lang(&shown, file_name, config)?;
            if stem != "plan" {
                return Err(vec![
                    Diagnostic::error_in(&shown, format!("unexpected file `{file_name}` in a plan directory"))
                        .expected(format!("plan.{lang}.md, or initiatives/ and cases/ directories")),
                ]);
            }
            check_dir_id(&shown, plan)?;
            load_doc(root, path, DocAddress::Plan { plan: plan.to_string() }, lang)
        }
        ["plans", plan, dir @ ("initiatives" | "cases"), file_name] => {
            let (id, lang) = split_lang(&shown, file_name, config)?;
            check_dir_id(&shown, plan)?;
            check_id(id).map_err(|why| vec![Diagnostic::error_in(&shown, format!("invalid id `{id}` in file name: {why}"))])?;
            let address = if *dir == "initiatives" {
                DocAddress::Initiative { plan: plan.to_string(), id: id.to_string() }
            } else {
                DocAddress::Case { plan: plan.to_string(), id: id.to_string() }
            };
            load_doc(root, path, address, lang)
        }
        ["glossary", file_name] => {
            let (id, lang) = split_lang(&shown, file_name, config)?;
            check_id(id)
                .map_err(|why| vec![Diagnostic::error_in(&shown, format!("invalid term id `{id}` in file name: {why}"))])?;
            load_doc(root, path, DocAddress::Term { id: id.to_string() }, lang)
        }
        ["plans", _plan, dir, _file_name] => {
            let d = Diagnostic::error_in(&shown, format!("unexpected directory `{dir}` in a plan"))
                .expected("`initiatives` or `cases`")
                .suggest(dir, ["initiatives", "cases"]);
            Err(vec![d])
        }
        _ => Err(vec![Diagnostic::error_in(&shown, "file in an unexpected place").help(layout_help)]),
    }
}

/// Byte offset of a 1-based line and column (serde_json reports positions that way).
fn line_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (start + column.saturating_sub(1)).min(text.len())
}

fn check_dir_id(shown: &Path, id: &str) -> Result<(), Vec<Diagnostic>> {
    check_id(id).map_err(|why| vec![Diagnostic::error_in(shown, format!("invalid plan id `{id}` (directory name): {why}"))])
}

/// Splits `name.lang.md` into (`name`, `lang`), checking the language is configured.
fn split_lang<'a>(shown: &Path, file_name: &'a str, config: &Config) -> Result<(&'a str, &'a str), Vec<Diagnostic>> {
    let Some(without_ext) = file_name.strip_suffix(".md") else {
        return Err(vec![
            Diagnostic::error_in(shown, format!("unexpected file `{file_name}`")).expected("a `.md` file named `{id}.{lang}.md`"),
        ]);
    };
    let Some((stem, lang)) = without_ext.rsplit_once('.') else {
        let langs = config.languages.join("`, `");
        return Err(vec![
            Diagnostic::error_in(shown, format!("file name `{file_name}` has no language"))
                .expected(format!("`{without_ext}.{{lang}}.md` with a language of keikaku.toml: `{langs}`"))
                .help(format!("rename it to `{without_ext}.{}.md`", config.default_language())),
        ]);
    };
    if !config.languages.iter().any(|l| l == lang) {
        let d = Diagnostic::error_in(shown, format!("unknown language `{lang}` in file name `{file_name}`"))
            .expected(format!("one of the languages of keikaku.toml: `{}`", config.languages.join("`, `")))
            .suggest(lang, config.languages.iter().map(String::as_str));
        return Err(vec![d]);
    }
    Ok((stem, lang))
}

fn load_doc(root: &Path, path: &Path, address: DocAddress, lang: &str) -> Result<Loaded, Vec<Diagnostic>> {
    match parse_doc(root, path, address.clone(), lang) {
        Ok(doc) => Ok(Loaded::Doc(Box::new(doc))),
        Err(errors) => Ok(Loaded::Failed(address, lang.to_string(), errors)),
    }
}

fn parse_doc(root: &Path, path: &Path, address: DocAddress, lang: &str) -> Result<SourceDoc, Vec<Diagnostic>> {
    let file = read_source(root, path).map_err(|d| vec![d])?;
    parse_document(file, address, lang)
}

/// Parses one content document already read into memory: front matter of the kind `address`
/// names, its shape, its body. Every error is a diagnostic; nothing here panics on any text
/// (the fuzz target `front_matter` holds it to that).
pub fn parse_document(file: Arc<SourceFile>, address: DocAddress, lang: &str) -> Result<SourceDoc, Vec<Diagnostic>> {
    if let Some((at, c)) = file.text.char_indices().find(|&(_, c)| is_forbidden_control(c)) {
        return Err(vec![control_character_error(&file, at..at + c.len_utf8(), c)]);
    }
    let (toml_text, body_offset) = split_front_matter(&file).map_err(|d| vec![d])?;
    // The TOML is parsed once: the spanned tree gives the shape, then the typed front matter is
    // read from that same tree.
    let table = DeTable::parse(&toml_text).map_err(|e| vec![toml_error(&file, 0, &e)])?;
    let shape = Shape::from_table(table.span(), table.get_ref());
    let typed = toml::de::Deserializer::from(table);
    let front_matter = match &address {
        DocAddress::Plan { .. } => serde::Deserialize::deserialize(typed).map(|f| FrontMatter::Plan(Box::new(f))),
        DocAddress::Initiative { .. } => serde::Deserialize::deserialize(typed).map(|f| FrontMatter::Initiative(Box::new(f))),
        DocAddress::Case { .. } => serde::Deserialize::deserialize(typed).map(|f| FrontMatter::Case(Box::new(f))),
        DocAddress::Term { .. } => serde::Deserialize::deserialize(typed).map(|f| FrontMatter::Term(Box::new(f))),
    }
    .map_err(|e| vec![toml_error(&file, 0, &e)])?;
    let mut errors = Vec::new();
    check_values(&file, &shape, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SourceDoc { address, lang: lang.to_string(), file, front_matter, shape, body_offset })
}

/// The front matter as a generic tree with spans: what the translation check compares.
#[derive(Debug, Clone)]
pub struct Shape {
    pub span: std::ops::Range<usize>,
    pub value: ShapeValue,
}

/// A value of the shape tree. Numbers, booleans and datetimes keep their source text.
#[derive(Debug, Clone)]
pub enum ShapeValue {
    Table(Vec<(String, std::ops::Range<usize>, Shape)>),
    Array(Vec<Shape>),
    String(String),
    Number(String),
    Boolean(bool),
    Datetime(String),
}

impl Shape {
    fn from_table(span: std::ops::Range<usize>, table: &DeTable<'_>) -> Shape {
        let entries = table.iter().map(|(k, v)| (k.get_ref().to_string(), k.span(), Shape::from_value(v))).collect();
        Shape { span, value: ShapeValue::Table(entries) }
    }

    fn from_value(v: &Spanned<toml::de::DeValue<'_>>) -> Shape {
        use toml::de::DeValue;
        let span = v.span();
        let value = match v.get_ref() {
            DeValue::String(s) => ShapeValue::String(s.to_string()),
            DeValue::Integer(i) => ShapeValue::Number(i.as_str().replace('_', "")),
            DeValue::Float(f) => ShapeValue::Number(f.as_str().replace('_', "")),
            DeValue::Boolean(b) => ShapeValue::Boolean(*b),
            DeValue::Datetime(d) => ShapeValue::Datetime(d.to_string()),
            DeValue::Array(a) => ShapeValue::Array(a.iter().map(Shape::from_value).collect()),
            DeValue::Table(t) => return Shape::from_table(span, t),
        };
        Shape { span, value }
    }
}

/// Finds the front matter between `+++` lines. Returns the TOML text padded so that its byte
/// offsets equal the file's (spans then need no translation) and the offset of the body.
fn split_front_matter(file: &Arc<SourceFile>) -> Result<(String, usize), Diagnostic> {
    let text = &file.text;
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end_matches('\r') != "+++" {
        return Err(Diagnostic::error_at(file, 0..first_line_end, "no front matter at the start of the file")
            .expected("a first line `+++`, TOML front matter, then a line `+++`"));
    }
    let start = (first_line_end + 1).min(text.len());
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end_matches(['\r', '\n']) == "+++" {
            let toml_text = format!("{}\n{}", " ".repeat(start.saturating_sub(1)), &text[start..offset]);
            return Ok((toml_text, offset + line.len()));
        }
        offset += line.len();
    }
    Err(Diagnostic::error_at(file, 0..first_line_end, "unterminated front matter")
        .expected("a line `+++` closing the front matter")
        .help("add a line holding only `+++` after the last front-matter key"))
}

fn parse_registry(file: Arc<SourceFile>) -> Result<Registry, Vec<Diagnostic>> {
    let table: BTreeMap<String, Spanned<RegistryEntry>> =
        toml::from_str(&file.text).map_err(|e| vec![toml_error(&file, 0, &e)])?;
    let shape = DeTable::parse(&file.text).map_err(|e| vec![toml_error(&file, 0, &e)])?;
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    for (key, entry) in table {
        let key_span = shape.get_ref().iter().find(|(k, _)| k.get_ref() == &key).map_or(entry.span(), |(k, _)| k.span());
        if let Err(why) = check_id(&key) {
            errors.push(Diagnostic::error_at(&file, key_span.clone(), format!("invalid id `{key}`: {why}")));
        }
        entries.push((Spanned::new(key_span, key), entry.into_inner()));
    }
    if errors.is_empty() { Ok(Registry { file, entries }) } else { Err(errors) }
}

/// Reads the theme named in the config, then the site's own `templates/` and `static/`, which
/// override theme files of the same path.
pub fn load_theme(root: &Path, config: &Config) -> (ThemeFiles, Vec<Diagnostic>) {
    let theme_dir = root.join("themes").join(&config.theme);
    let mut files = ThemeFiles::default();
    let mut errors = Vec::new();
    if !theme_dir.is_dir() {
        let available: Vec<String> = std::fs::read_dir(root.join("themes"))
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        errors.push(
            Diagnostic::error_in("keikaku.toml", format!("theme `{}` not found in themes/", config.theme))
                .suggest(&config.theme, available.iter().map(String::as_str)),
        );
        return (files, errors);
    }
    for base in [theme_dir.clone(), root.to_path_buf()] {
        for (dir, is_template) in [("templates", true), ("static", false)] {
            let dir_path = base.join(dir);
            if dir_path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                errors.push(symlink_skipped(root, &dir_path));
                continue;
            }
            if !dir_path.is_dir() {
                continue;
            }
            for entry in WalkDir::new(&dir_path).sort_by_file_name().into_iter().filter_map(Result::ok) {
                if entry.file_type().is_symlink() {
                    errors.push(symlink_skipped(root, entry.path()));
                    continue;
                }
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(&dir_path).unwrap_or(entry.path());
                let key = rel.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/");
                if key.starts_with('.') {
                    continue;
                }
                if is_template {
                    match read_source(root, entry.path()) {
                        Ok(file) => {
                            files.templates.insert(key, file);
                        }
                        Err(d) => errors.push(d),
                    }
                } else {
                    match std::fs::read(entry.path()) {
                        Ok(bytes) => {
                            files.static_files.insert(key, bytes);
                        }
                        Err(e) => errors.push(Diagnostic::error_in(relative_to(root, entry.path()), format!("cannot read: {e}"))),
                    }
                }
            }
        }
    }
    for lang in &config.languages {
        let path = theme_dir.join("i18n").join(format!("{lang}.toml"));
        if path.is_file() {
            match read_source(root, &path) {
                Ok(file) => {
                    files.i18n.insert(lang.clone(), file);
                }
                Err(d) => errors.push(d),
            }
        }
    }
    (files, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_offsets_match_the_file() {
        let file = SourceFile::new("x.md", "+++\ntitle = \"a\"\n+++\nbody\n");
        let (toml_text, body) = split_front_matter(&file).unwrap();
        assert_eq!(&file.text[body..], "body\n");
        assert_eq!(toml_text.find("title"), file.text.find("title"));
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let file = SourceFile::new("x.md", "+++\ntitle = \"a\"\nbody\n");
        let e = split_front_matter(&file).unwrap_err();
        assert!(e.message.contains("unterminated"));
    }

    #[test]
    fn unknown_field_gets_a_suggestion() {
        let file = SourceFile::new("x.md", "+++\nnumber = \"1\"\ntitel = \"a\"\n+++\n");
        let (toml_text, _) = split_front_matter(&file).unwrap();
        let e = toml::from_str::<InitiativeFrontMatter>(&toml_text).unwrap_err();
        let d = toml_error(&file, 0, &e);
        assert_eq!(d.message, "unknown key `titel`");
        assert_eq!(d.position(), "x.md:3:1");
        let help = d.help.expect("a suggestion");
        assert!(help.contains("`title`"), "{help}");
    }
}
