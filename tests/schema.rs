//! Keeps the JSON Schemas in `docs/schema/` honest. A small validator (written here, no new
//! dependency) checks every content file and `keikaku.toml` against its schema, and the complete
//! examples of `docs/content.md` against both the schema and keikaku's own serde types. The
//! examples are then mutated — a key removed, an unknown key added, a value of the wrong type, an
//! enum value misspelt — and the schema must accept or reject each mutation exactly as keikaku
//! does. Finally the schemas' property names are compared with the Rust structs' field names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use keikaku::config::Config;
use keikaku::diagnostics::SourceFile;
use keikaku::load::front_matter::{CaseFrontMatter, InitiativeFrontMatter, PlanFrontMatter, RegistryEntry, TermFrontMatter};
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

// ------------------------------------------------------------------------------------------------
// Kinds of file and their schemas

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Plan,
    Initiative,
    Case,
    Term,
    Registry,
    Config,
}

impl Kind {
    const ALL: [Kind; 6] = [Kind::Plan, Kind::Initiative, Kind::Case, Kind::Term, Kind::Registry, Kind::Config];

    fn schema_file(self) -> &'static str {
        match self {
            Kind::Plan => "plan.schema.json",
            Kind::Initiative => "initiative.schema.json",
            Kind::Case => "case.schema.json",
            Kind::Term => "term.schema.json",
            Kind::Registry => "registry.schema.json",
            Kind::Config => "config.schema.json",
        }
    }

    fn schema(self) -> Value {
        let path = Path::new(ROOT).join("docs/schema").join(self.schema_file());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
    }

    /// Whether keikaku's own deserializer accepts the TOML (the load stage: types, required and
    /// unknown keys; `keikaku.toml` goes through `Config::parse`, which also checks values).
    fn keikaku_parse(self, text: &str) -> Result<(), String> {
        fn de<T: serde::de::DeserializeOwned>(text: &str) -> Result<(), String> {
            toml::from_str::<T>(text).map(drop).map_err(|e| e.message().to_string())
        }
        match self {
            Kind::Plan => de::<PlanFrontMatter>(text),
            Kind::Initiative => de::<InitiativeFrontMatter>(text),
            Kind::Case => de::<CaseFrontMatter>(text),
            Kind::Term => de::<TermFrontMatter>(text),
            Kind::Registry => de::<BTreeMap<String, RegistryEntry>>(text),
            Kind::Config => Config::parse(&SourceFile::new("keikaku.toml", text), None)
                .map(drop)
                .map_err(|errors| errors.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; ")),
        }
    }

    /// keikaku's typed reading serialised back to JSON: every field of the Rust structs, `null`
    /// for an absent option. `None` for `keikaku.toml`, whose raw type is private.
    fn rust_fields(self, text: &str) -> Option<Value> {
        fn ser<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Value {
            let typed: T = toml::from_str(text).unwrap_or_else(|e| panic!("keikaku rejects the example: {e}\n{text}"));
            serde_json::to_value(&typed).unwrap()
        }
        Some(match self {
            Kind::Plan => ser::<PlanFrontMatter>(text),
            Kind::Initiative => ser::<InitiativeFrontMatter>(text),
            Kind::Case => ser::<CaseFrontMatter>(text),
            Kind::Term => ser::<TermFrontMatter>(text),
            Kind::Registry => ser::<BTreeMap<String, RegistryEntry>>(text),
            Kind::Config => return None,
        })
    }
}

// ------------------------------------------------------------------------------------------------
// A JSON Schema validator for the keywords the schemas use

/// Validates against one schema document. Keywords it does not know make it panic, so a schema
/// can never rely on a check this test silently skips.
struct Validator {
    root: Value,
}

impl Validator {
    fn new(kind: Kind) -> Validator {
        Validator { root: kind.schema() }
    }

    /// All violations, as `path: message`.
    fn validate(&self, value: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(&self.root, value, "", &mut errors);
        errors
    }

    fn resolve<'a>(&'a self, reference: &str) -> &'a Value {
        let pointer = reference.strip_prefix('#').unwrap_or_else(|| panic!("only local $ref are supported: `{reference}`"));
        self.root.pointer(pointer).unwrap_or_else(|| panic!("$ref `{reference}` does not resolve"))
    }

    /// Follows `$ref` until a schema with its own keywords is reached (for navigation only).
    fn follow<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        while let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            schema = self.resolve(r);
        }
        schema
    }

    fn check(&self, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
        let Value::Object(schema) = schema else { panic!("schema at `{path}` is not an object: {schema}") };
        let at = if path.is_empty() { "(top level)" } else { path };
        for (keyword, arg) in schema {
            match keyword.as_str() {
                "$schema" | "$id" | "$comment" | "$defs" | "title" | "description" | "default" | "examples" => {}
                "$ref" => self.check(self.resolve(arg.as_str().expect("$ref is a string")), value, path, errors),
                "type" => {
                    let types: Vec<&str> = match arg {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(ts) => ts.iter().map(|t| t.as_str().expect("type names are strings")).collect(),
                        _ => panic!("bad `type` at `{at}`"),
                    };
                    if !types.iter().any(|t| has_type(value, t)) {
                        errors.push(format!("{at}: expected {}, found {}", types.join(" or "), describe(value)));
                    }
                }
                "enum" => {
                    let options = arg.as_array().expect("enum is an array");
                    if !options.contains(value) {
                        errors.push(format!("{at}: {value} is not one of {}", Value::Array(options.clone())));
                    }
                }
                "required" => {
                    if let Value::Object(map) = value {
                        for key in arg.as_array().expect("required is an array") {
                            let key = key.as_str().expect("required names are strings");
                            if !map.contains_key(key) {
                                errors.push(format!("{at}: missing required key `{key}`"));
                            }
                        }
                    }
                }
                "properties" => {
                    if let Value::Object(map) = value {
                        for (key, sub) in arg.as_object().expect("properties is an object") {
                            if let Some(v) = map.get(key) {
                                self.check(sub, v, &join(path, key), errors);
                            }
                        }
                    }
                }
                "patternProperties" => {
                    if let Value::Object(map) = value {
                        for (pattern, sub) in arg.as_object().expect("patternProperties is an object") {
                            let re = Regex::new(pattern);
                            for (key, v) in map.iter().filter(|(k, _)| re.is_match(k)) {
                                self.check(sub, v, &join(path, key), errors);
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    if let Value::Object(map) = value {
                        let declared = schema.get("properties").and_then(Value::as_object);
                        let patterns: Vec<Regex> = schema
                            .get("patternProperties")
                            .and_then(Value::as_object)
                            .map(|p| p.keys().map(|k| Regex::new(k)).collect())
                            .unwrap_or_default();
                        for (key, v) in map {
                            if declared.is_some_and(|d| d.contains_key(key)) || patterns.iter().any(|re| re.is_match(key)) {
                                continue;
                            }
                            match arg {
                                Value::Bool(false) => errors.push(format!("{at}: unknown key `{key}`")),
                                Value::Bool(true) => {}
                                sub => self.check(sub, v, &join(path, key), errors),
                            }
                        }
                    }
                }
                "items" => {
                    if let Value::Array(items) = value {
                        for (i, v) in items.iter().enumerate() {
                            self.check(arg, v, &format!("{path}[{i}]"), errors);
                        }
                    }
                }
                "minItems" => {
                    if let Value::Array(items) = value
                        && (items.len() as u64) < arg.as_u64().expect("minItems is a number")
                    {
                        errors.push(format!("{at}: fewer than {arg} items"));
                    }
                }
                "uniqueItems" => {
                    if let Value::Array(items) = value
                        && arg == &Value::Bool(true)
                    {
                        for (i, v) in items.iter().enumerate() {
                            if items[..i].contains(v) {
                                errors.push(format!("{at}: {v} is listed twice"));
                            }
                        }
                    }
                }
                "minimum" | "maximum" => {
                    if let Some(n) = value.as_f64() {
                        let limit = arg.as_f64().expect("limits are numbers");
                        if (keyword == "minimum" && n < limit) || (keyword == "maximum" && n > limit) {
                            errors.push(format!("{at}: {value} is out of range ({keyword} {arg})"));
                        }
                    }
                }
                "pattern" => {
                    if let Value::String(s) = value
                        && !Regex::new(arg.as_str().expect("pattern is a string")).is_match(s)
                    {
                        errors.push(format!("{at}: \"{s}\" does not match {arg}"));
                    }
                }
                other => panic!("the validator in tests/schema.rs does not support keyword `{other}` (at `{at}`)"),
            }
        }
    }
}

fn has_type(value: &Value, t: &str) -> bool {
    match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        // TOML keeps integers and floats apart, and so does serde: 2025.0 is not a fiscal year.
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        other => panic!("unknown type `{other}`"),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Object(map) if map.contains_key(DATETIME_KEY) => format!("a TOML date-time {}", map[DATETIME_KEY]),
        Value::Object(_) => "a table".into(),
        Value::Array(_) => "an array".into(),
        Value::String(s) => format!("string \"{s}\""),
        Value::Number(n) if n.is_f64() => format!("float {n}"),
        Value::Number(n) => format!("integer {n}"),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Null => "null".into(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// TOML date-times have no JSON counterpart: they become a one-key object so that a schema
/// expecting a string (every date in keikaku is a string) rejects them, as keikaku does.
const DATETIME_KEY: &str = "$toml-datetime";

fn to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or_else(|| Value::String(f.to_string()), Value::Number),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => json!({ DATETIME_KEY: d.to_string() }),
        toml::Value::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(table) => Value::Object(table.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

// ------------------------------------------------------------------------------------------------
// A regular-expression subset for `pattern` and `patternProperties`

/// Backtracking matcher for the ECMA-262 subset the schemas use: literals, `.`, `^`, `$`, groups
/// with `|`, classes with ranges and negation, `\s \S \d \D \w \W \uXXXX`, and the quantifiers
/// `* + ? {n} {n,} {n,m}`. Anything else panics. Like JSON Schema, it searches (use `^…$`).
struct Regex {
    alternatives: Vec<Vec<Node>>,
}

#[derive(Debug)]
enum Node {
    Start,
    End,
    Any,
    Char(char),
    /// `negated`, ranges, and escape classes with their own negation (`\S` is `('s', true)`).
    Class(bool, Vec<(char, char)>, Vec<(char, bool)>),
    Group(Vec<Vec<Node>>),
    Repeat(Box<Node>, usize, Option<usize>),
}

impl Regex {
    fn new(pattern: &str) -> Regex {
        let mut parser = RegexParser { chars: pattern.chars().collect(), pos: 0, pattern };
        let alternatives = parser.alternatives();
        assert!(parser.pos == parser.chars.len(), "unbalanced `)` in pattern {pattern:?}");
        Regex { alternatives }
    }

    fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        (0..=chars.len()).any(|start| self.alternatives.iter().any(|alt| match_seq(alt, &chars, start, &|_| true)))
    }
}

struct RegexParser<'a> {
    chars: Vec<char>,
    pos: usize,
    pattern: &'a str,
}

impl RegexParser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> char {
        let c = self.peek().unwrap_or_else(|| panic!("pattern {:?} ends too early", self.pattern));
        self.pos += 1;
        c
    }

    fn alternatives(&mut self) -> Vec<Vec<Node>> {
        let mut alternatives = vec![Vec::new()];
        while let Some(c) = self.peek() {
            match c {
                ')' => break,
                '|' => {
                    self.pos += 1;
                    alternatives.push(Vec::new());
                }
                _ => {
                    let atom = self.atom();
                    let node = self.quantified(atom);
                    alternatives.last_mut().unwrap().push(node);
                }
            }
        }
        alternatives
    }

    fn atom(&mut self) -> Node {
        match self.next() {
            '^' => Node::Start,
            '$' => Node::End,
            '.' => Node::Any,
            '(' => {
                assert!(self.peek() != Some('?'), "pattern {:?}: (?…) groups are not supported", self.pattern);
                let group = self.alternatives();
                assert!(self.next() == ')', "pattern {:?}: unclosed group", self.pattern);
                Node::Group(group)
            }
            '[' => self.class(),
            '\\' => match self.escape() {
                Ok(c) => Node::Char(c),
                Err(class) => Node::Class(false, Vec::new(), vec![class]),
            },
            c @ ('*' | '+' | '?' | '{' | '}' | ']') => panic!("pattern {:?}: unexpected `{c}`", self.pattern),
            c => Node::Char(c),
        }
    }

    /// After a backslash: a literal character, or an escape class such as `\s`.
    fn escape(&mut self) -> Result<char, (char, bool)> {
        match self.next() {
            c @ ('s' | 'S' | 'd' | 'D' | 'w' | 'W') => Err((c.to_ascii_lowercase(), c.is_ascii_uppercase())),
            'u' => {
                let hex: String = (0..4).map(|_| self.next()).collect();
                let code = u32::from_str_radix(&hex, 16).unwrap_or_else(|_| panic!("pattern {:?}: bad \\u{hex}", self.pattern));
                Ok(char::from_u32(code).expect("a valid code point"))
            }
            'n' => Ok('\n'),
            't' => Ok('\t'),
            c if c.is_ascii_alphanumeric() => panic!("pattern {:?}: escape \\{c} is not supported", self.pattern),
            c => Ok(c),
        }
    }

    fn class(&mut self) -> Node {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut ranges = Vec::new();
        let mut classes = Vec::new();
        loop {
            let c = match self.next() {
                ']' => break,
                '\\' => match self.escape() {
                    Ok(c) => c,
                    Err(class) => {
                        classes.push(class);
                        continue;
                    }
                },
                c => c,
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']') {
                self.pos += 1;
                let hi = match self.next() {
                    '\\' => self.escape().unwrap_or_else(|_| panic!("pattern {:?}: class in a range", self.pattern)),
                    hi => hi,
                };
                assert!(c <= hi, "pattern {:?}: reversed range {c}-{hi}", self.pattern);
                ranges.push((c, hi));
            } else {
                ranges.push((c, c));
            }
        }
        Node::Class(negated, ranges, classes)
    }

    fn quantified(&mut self, atom: Node) -> Node {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let close = self.chars[self.pos..].iter().position(|&c| c == '}').expect("unclosed {") + self.pos;
                let inside: String = self.chars[self.pos + 1..close].iter().collect();
                let number = |s: &str| s.trim().parse::<usize>().unwrap_or_else(|_| panic!("bad quantifier {{{inside}}}"));
                self.pos = close;
                match inside.split_once(',') {
                    None => (number(&inside), Some(number(&inside))),
                    Some((lo, "")) => (number(lo), None),
                    Some((lo, hi)) => (number(lo), Some(number(hi))),
                }
            }
            _ => return atom,
        };
        self.pos += 1;
        assert!(
            !matches!(self.peek(), Some('?' | '+' | '*' | '{')),
            "pattern {:?}: lazy or stacked quantifiers are not supported",
            self.pattern
        );
        assert!(!matches!(atom, Node::Start | Node::End), "pattern {:?}: quantified anchor", self.pattern);
        Node::Repeat(Box::new(atom), min, max)
    }
}

fn match_seq(nodes: &[Node], s: &[char], i: usize, k: &dyn Fn(usize) -> bool) -> bool {
    match nodes.split_first() {
        None => k(i),
        Some((first, rest)) => match_node(first, s, i, &|j| match_seq(rest, s, j, k)),
    }
}

fn match_node(node: &Node, s: &[char], i: usize, k: &dyn Fn(usize) -> bool) -> bool {
    match node {
        Node::Start => i == 0 && k(i),
        Node::End => i == s.len() && k(i),
        Node::Group(alternatives) => alternatives.iter().any(|alt| match_seq(alt, s, i, k)),
        Node::Repeat(inner, min, max) => match_repeat(inner, *min, *max, 0, s, i, k),
        single => i < s.len() && single_matches(single, s[i]) && k(i + 1),
    }
}

/// Greedy: one more repetition first, then stop. An empty repetition past `min` ends the loop.
fn match_repeat(
    inner: &Node,
    min: usize,
    max: Option<usize>,
    count: usize,
    s: &[char],
    i: usize,
    k: &dyn Fn(usize) -> bool,
) -> bool {
    if max.is_none_or(|m| count < m)
        && match_node(inner, s, i, &|j| (j > i || count < min) && match_repeat(inner, min, max, count + 1, s, j, k))
    {
        return true;
    }
    count >= min && k(i)
}

fn single_matches(node: &Node, c: char) -> bool {
    match node {
        Node::Any => c != '\n' && c != '\r',
        Node::Char(x) => *x == c,
        Node::Class(negated, ranges, classes) => {
            let hit = ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
                || classes.iter().any(|&(class, neg)| {
                    let m = match class {
                        's' => c.is_whitespace(),
                        'd' => c.is_ascii_digit(),
                        'w' => c.is_ascii_alphanumeric() || c == '_',
                        _ => unreachable!(),
                    };
                    m != neg
                });
            hit != *negated
        }
        _ => unreachable!(),
    }
}

// ------------------------------------------------------------------------------------------------
// Reading content files and the documentation's examples

/// Which schema a file under `content/` follows, from its place (as `load::load_file` decides).
fn kind_of(rel: &Path) -> Option<Kind> {
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let name = *parts.last()?;
    if name.starts_with('.') || !(name.ends_with(".md") || name.ends_with(".toml")) {
        return None;
    }
    Some(match parts.as_slice() {
        ["themes.toml"] => Kind::Registry,
        ["departments", f] if f.ends_with(".toml") => Kind::Registry,
        ["plans", _, f] if f.starts_with("plan.") && f.ends_with(".md") => Kind::Plan,
        ["plans", _, "initiatives", f] if f.ends_with(".md") => Kind::Initiative,
        ["plans", _, "cases", f] if f.ends_with(".md") => Kind::Case,
        ["glossary", f] if f.ends_with(".md") => Kind::Term,
        _ => panic!("content/{} is in no place keikaku reads", rel.display()),
    })
}

/// The TOML between the first two `+++` lines.
fn front_matter(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    if lines.next()?.trim_end_matches(['\r', '\n']) != "+++" {
        return None;
    }
    let mut toml_text = String::new();
    for line in lines {
        if line.trim_end_matches(['\r', '\n']) == "+++" {
            return Some(toml_text);
        }
        toml_text.push_str(line);
    }
    None
}

/// Every content file with its kind and TOML text, plus `keikaku.toml`.
fn project_files() -> Vec<(PathBuf, Kind, String)> {
    let content = Path::new(ROOT).join("content");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.expect("readable content directory");
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&content).unwrap().to_path_buf();
        let Some(kind) = kind_of(&rel) else { continue };
        let text = std::fs::read_to_string(entry.path()).unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        let toml_text = if kind == Kind::Registry {
            text
        } else {
            front_matter(&text).unwrap_or_else(|| panic!("content/{}: no front matter between +++ lines", rel.display()))
        };
        files.push((Path::new("content").join(rel), kind, toml_text));
    }
    let config = std::fs::read_to_string(Path::new(ROOT).join("keikaku.toml")).expect("keikaku.toml");
    files.push((PathBuf::from("keikaku.toml"), Kind::Config, config));
    files
}

/// The ```toml blocks of `docs/content.md` with the kind named by the `##` heading above them.
/// Front-matter examples are cut at their closing `+++`.
fn doc_examples() -> Vec<(String, Kind, String)> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("docs/content.md")).expect("docs/content.md");
    let mut examples = Vec::new();
    let mut heading = String::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        match &mut block {
            Some(body) if line.trim() == "```" => {
                let body = std::mem::take(body);
                block = None;
                let kind = if heading.contains("plan.{lang}.md") {
                    Kind::Plan
                } else if heading.contains("initiatives/") {
                    Kind::Initiative
                } else if heading.contains("cases/") {
                    Kind::Case
                } else if heading.contains("glossary/") {
                    Kind::Term
                } else if heading.contains("Registries") {
                    Kind::Registry
                } else if heading.contains("Editor support") {
                    continue;
                } else {
                    panic!("docs/content.md: a ```toml block under `## {heading}` that this test cannot classify");
                };
                let toml_text = if body.starts_with("+++") {
                    front_matter(&body).unwrap_or_else(|| panic!("docs/content.md `{heading}`: unterminated +++"))
                } else {
                    body
                };
                examples.push((heading.clone(), kind, toml_text));
            }
            Some(body) => {
                body.push_str(line);
                body.push('\n');
            }
            None if line.trim() == "```toml" => block = Some(String::new()),
            None => {
                if let Some(h) = line.strip_prefix("## ") {
                    heading = h.trim().to_string();
                }
            }
        }
    }
    examples
}

fn parse_toml(what: &str, text: &str) -> toml::Value {
    toml::Value::Table(toml::from_str(text).unwrap_or_else(|e| panic!("{what} is not TOML: {e}")))
}

// ------------------------------------------------------------------------------------------------
// Paths into TOML values, for mutations

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

fn show(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => out = join(&out, k),
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() { "(top level)".into() } else { out }
}

fn all_paths(value: &toml::Value, prefix: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(prefix.clone());
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                prefix.push(Seg::Key(k.clone()));
                all_paths(v, prefix, out);
                prefix.pop();
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                prefix.push(Seg::Index(i));
                all_paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(value: &'a mut toml::Value, path: &[Seg]) -> &'a mut toml::Value {
    path.iter().fold(value, |v, seg| match seg {
        Seg::Key(k) => v.as_table_mut().unwrap().get_mut(k).unwrap(),
        Seg::Index(i) => &mut v.as_array_mut().unwrap()[*i],
    })
}

/// The schema that applies at `path` (after `$ref`s), if any.
fn schema_at<'a>(validator: &'a Validator, path: &[Seg]) -> Option<&'a Value> {
    let mut schema = validator.follow(&validator.root);
    for seg in path {
        let next = match seg {
            Seg::Key(k) => schema.get("properties").and_then(|p| p.get(k)).or_else(|| {
                schema
                    .get("patternProperties")
                    .and_then(Value::as_object)
                    .and_then(|pp| pp.iter().find(|(pattern, _)| Regex::new(pattern).is_match(k)).map(|(_, s)| s))
            }),
            Seg::Index(_) => schema.get("items"),
        }?;
        schema = validator.follow(next);
    }
    Some(schema)
}

/// A changed copy of an example.
struct Mutation {
    description: String,
    /// `missing key`, `unknown key`, `wrong type`, `bad enum` or `enum value`.
    category: &'static str,
    value: toml::Value,
    /// For `bad enum`: the values the schema allows there.
    enum_options: BTreeSet<String>,
}

/// The mutations of one example.
fn mutations(validator: &Validator, base: &toml::Value) -> Vec<Mutation> {
    let mut paths = Vec::new();
    all_paths(base, &mut Vec::new(), &mut paths);
    let mut out = Vec::new();
    let mut push = |description: String, category, value, enum_options| {
        out.push(Mutation { description, category, value, enum_options });
    };
    for path in paths {
        let schema = schema_at(validator, &path).unwrap_or_else(|| panic!("no schema for `{}`", show(&path)));
        let mut copy = base.clone();
        let node = get_mut(&mut copy, &path).clone();
        let changed = |f: &dyn Fn(&mut toml::Value)| {
            let mut m = base.clone();
            f(get_mut(&mut m, &path));
            m
        };
        // Tables of a struct (declared properties), as opposed to maps such as `name = { ja = … }`.
        if let (toml::Value::Table(table), Some(_)) = (&node, schema.get("properties")) {
            for key in table.keys() {
                let m = changed(&|v| drop(v.as_table_mut().unwrap().remove(key)));
                let shown = show(&[&path[..], &[Seg::Key(key.clone())]].concat());
                push(format!("without `{shown}`"), "missing key", m, BTreeSet::new());
            }
            let m = changed(&|v| drop(v.as_table_mut().unwrap().insert("zz_unknown".into(), "x".into())));
            push(format!("with an unknown key in `{}`", show(&path)), "unknown key", m, BTreeSet::new());
        }
        if !path.is_empty() {
            let wrong = if node.is_str() { toml::Value::Boolean(true) } else { toml::Value::String("wrong type".into()) };
            let m = changed(&|v| *v = wrong.clone());
            push(format!("with a wrong type at `{}`", show(&path)), "wrong type", m, BTreeSet::new());
        }
        if let (true, Some(options)) = (node.is_str(), schema.get("enum").and_then(Value::as_array)) {
            let options: BTreeSet<String> = options.iter().map(|o| o.as_str().expect("string enums").to_string()).collect();
            let m = changed(&|v| *v = "not-a-variant".into());
            push(format!("with a bad value at `{}`", show(&path)), "bad enum", m, options.clone());
            for option in options {
                let m = changed(&|v| *v = option.as_str().into());
                push(format!("with `{option}` at `{}`", show(&path)), "enum value", m, BTreeSet::new());
            }
        }
    }
    out
}

/// The variant names serde lists in "unknown variant `x`, expected one of `a`, `b`".
fn expected_variants(message: &str) -> BTreeSet<String> {
    let Some((_, expected)) = message.split_once("expected") else { return BTreeSet::new() };
    expected.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

// ------------------------------------------------------------------------------------------------
// Tests

/// Calls `f` on every subschema with its location (`#/properties/kpis/items`, …).
fn walk_schema(schema: &Value, location: &str, f: &mut dyn FnMut(&Value, &str)) {
    f(schema, location);
    for (keyword, nested) in [("properties", true), ("patternProperties", true), ("$defs", true), ("items", false)] {
        let Some(sub) = schema.get(keyword) else { continue };
        if nested {
            for (name, s) in sub.as_object().unwrap() {
                walk_schema(s, &format!("{location}/{keyword}/{name}"), f);
            }
        } else {
            walk_schema(sub, &format!("{location}/{keyword}"), f);
        }
    }
    if let Some(sub @ Value::Object(_)) = schema.get("additionalProperties") {
        walk_schema(sub, &format!("{location}/additionalProperties"), f);
    }
}

#[test]
fn schemas_are_well_formed() {
    for kind in Kind::ALL {
        let validator = Validator::new(kind);
        let root = &validator.root;
        assert_eq!(root["$schema"], "https://json-schema.org/draft/2020-12/schema", "{kind:?}");
        let mut problems = Vec::new();
        walk_schema(root, "#", &mut |schema, location| {
            if let Some(r) = schema.get("$ref") {
                validator.resolve(r.as_str().unwrap());
            }
            if schema.get("type") == Some(&json!("object")) && schema.get("additionalProperties") != Some(&json!(false)) {
                problems.push(format!("{location}: an object without `additionalProperties: false`"));
            }
            for keyword in ["properties", "patternProperties"] {
                for (name, property) in schema.get(keyword).and_then(Value::as_object).into_iter().flatten() {
                    match property.get("description").and_then(Value::as_str) {
                        Some(d) if !d.is_empty() && !d.contains('\n') => {}
                        _ => problems.push(format!("{location}/{keyword}/{name}: no one-line description")),
                    }
                }
            }
            for (name, _) in schema.get("patternProperties").and_then(Value::as_object).into_iter().flatten() {
                Regex::new(name);
            }
            if let Some(p) = schema.get("pattern") {
                Regex::new(p.as_str().unwrap());
            }
            for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
                if schema.get("properties").and_then(|p| p.get(required.as_str().unwrap())).is_none() {
                    problems.push(format!("{location}: required `{required}` is not a property"));
                }
            }
        });
        assert!(problems.is_empty(), "{}:\n{}", kind.schema_file(), problems.join("\n"));
    }
}

#[test]
fn regex_subset_matches_the_schema_patterns() {
    let id = Regex::new("^[a-z0-9]+(-[a-z0-9]+)*$");
    for good in ["a", "1", "1-5-1", "hamamatsu-dx-2", "tactic-13"] {
        assert!(id.is_match(good), "{good}");
    }
    for bad in ["", "-a", "a-", "a--b", "Tactic-1", "a_b", "a b", "あ", "a/b"] {
        assert!(!id.is_match(bad), "{bad}");
    }
    let date = Regex::new("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$");
    for good in ["2025", "2025-04", "2025-04-01"] {
        assert!(date.is_match(good), "{good}");
    }
    for bad in ["25", "2025-4", "2025/04", "2025-04-1", "2025-04-01T00:00", "令和7年", "2025-"] {
        assert!(!date.is_match(bad), "{bad}");
    }
    let url = Regex::new("^https?://\\S*$");
    assert!(url.is_match("https://example.jp/a?b=c"));
    assert!(!url.is_match("https://example.jp/a b") && !url.is_match("ftp://x"));
    let kana = Regex::new("^[\\u3041-\\u30ff \\u3000]*[\\u3041-\\u30ff][\\u3041-\\u30ff \\u3000]*$");
    assert!(kana.is_match("でぃーえっくす") && kana.is_match("エー アイ"));
    assert!(!kana.is_match("DX") && !kana.is_match("　") && !kana.is_match("でぃー1"));
    assert!(Regex::new("b").is_match("abc"), "an unanchored pattern searches");
    assert!(Regex::new("^(ab|c){2}$").is_match("abc") && !Regex::new("^(ab|c){2}$").is_match("abcc"));
}

#[test]
fn every_content_file_matches_its_schema() {
    let validators: BTreeMap<Kind, Validator> = Kind::ALL.into_iter().map(|k| (k, Validator::new(k))).collect();
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for (path, kind, text) in project_files() {
        *counts.entry(kind).or_default() += 1;
        let value = match toml::from_str::<toml::Table>(&text) {
            Ok(t) => to_json(&toml::Value::Table(t)),
            Err(e) => {
                failures.push(format!("{}: not TOML: {}", path.display(), e.message()));
                continue;
            }
        };
        for error in validators[&kind].validate(&value) {
            failures.push(format!("{} ({}): {error}", path.display(), kind.schema_file()));
        }
    }
    assert!(failures.is_empty(), "content disagrees with docs/schema/:\n{}", failures.join("\n"));
    for kind in [Kind::Plan, Kind::Initiative, Kind::Term, Kind::Registry, Kind::Config] {
        assert!(counts.get(&kind).copied().unwrap_or(0) > 0, "no {kind:?} file found under content/");
    }
}

#[test]
fn documentation_examples_are_valid_for_keikaku_and_the_schemas() {
    let examples = doc_examples();
    let mut failures = Vec::new();
    for (heading, kind, text) in &examples {
        if let Err(e) = kind.keikaku_parse(text) {
            failures.push(format!("`## {heading}`: keikaku rejects the example: {e}"));
        }
        let value = to_json(&parse_toml(heading, text));
        for error in Validator::new(*kind).validate(&value) {
            failures.push(format!("`## {heading}` ({}): {error}", kind.schema_file()));
        }
    }
    assert!(failures.is_empty(), "docs/content.md examples:\n{}", failures.join("\n"));
    let kinds: BTreeSet<Kind> = examples.iter().map(|(_, k, _)| *k).collect();
    for kind in [Kind::Plan, Kind::Initiative, Kind::Case, Kind::Term, Kind::Registry] {
        assert!(kinds.contains(&kind), "docs/content.md has no complete {kind:?} example");
    }
}

/// Walks keikaku's serialised reading of an example together with the schema: at every struct
/// the Rust field names must equal the schema's property names. Records which schema locations
/// were reached.
fn compare_fields(
    validator: &Validator,
    schema: &Value,
    location: &str,
    value: &Value,
    path: &str,
    reached: &mut BTreeSet<String>,
    problems: &mut Vec<String>,
) {
    let (schema, location) = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => (validator.resolve(r), r.to_string()),
        None => (schema, location.to_string()),
    };
    match value {
        Value::Object(map) => {
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                reached.insert(location.clone());
                let rust: BTreeSet<&str> = map.keys().map(String::as_str).collect();
                let declared: BTreeSet<&str> = properties.keys().map(String::as_str).collect();
                for missing in rust.difference(&declared) {
                    problems.push(format!("{location} ({path}): Rust field `{missing}` is not in the schema"));
                }
                for extra in declared.difference(&rust) {
                    problems.push(format!("{location} ({path}): schema property `{extra}` is no Rust field"));
                }
                for (key, v) in map {
                    if let Some(sub) = properties.get(key) {
                        compare_fields(
                            validator,
                            sub,
                            &format!("{location}/properties/{key}"),
                            v,
                            &join(path, key),
                            reached,
                            problems,
                        );
                    }
                }
            } else if let Some(patterns) = schema.get("patternProperties").and_then(Value::as_object) {
                for (key, v) in map {
                    if let Some((pattern, sub)) = patterns.iter().find(|(p, _)| Regex::new(p).is_match(key)) {
                        let loc = format!("{location}/patternProperties/{pattern}");
                        compare_fields(validator, sub, &loc, v, &join(path, key), reached, problems);
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items") {
                for (i, v) in items.iter().enumerate() {
                    compare_fields(validator, sub, &format!("{location}/items"), v, &format!("{path}[{i}]"), reached, problems);
                }
            }
        }
        _ => {}
    }
}

/// Field names of a struct in a Rust source file (for `keikaku.toml`, whose raw type is private).
fn rust_struct_fields(source: &str, name: &str) -> BTreeSet<String> {
    let start = source.find(&format!("struct {name} {{")).unwrap_or_else(|| panic!("no struct {name}"));
    let body = &source[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find("\n}").unwrap()];
    body.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//") && !l.starts_with("#["))
        .filter_map(|l| {
            let l = l.strip_prefix("pub ").unwrap_or(l);
            let (field, _) = l.split_once(':')?;
            field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_').then(|| field.to_string())
        })
        .collect()
}

#[test]
fn schema_properties_are_exactly_the_rust_fields() {
    let mut problems = Vec::new();
    let mut reached: BTreeMap<Kind, BTreeSet<String>> = BTreeMap::new();
    for (heading, kind, text) in doc_examples() {
        let validator = Validator::new(kind);
        let rust = kind.rust_fields(&text).expect("front matter and registries serialise");
        compare_fields(&validator, &validator.root, "#", &rust, &heading, reached.entry(kind).or_default(), &mut problems);
    }
    // The examples are maximal: every struct of every schema was reached, so every Rust field
    // name was compared (absent options serialise as null, empty vectors as []).
    for (kind, reached) in &reached {
        let validator = Validator::new(*kind);
        walk_schema(&validator.root, "#", &mut |schema, location| {
            if schema.get("properties").is_some() && !reached.contains(location) {
                problems.push(format!(
                    "{}: {location} is not reached by the docs/content.md examples; add it to the example",
                    kind.schema_file()
                ));
            }
        });
    }
    // keikaku.toml: compare with the source of src/config.rs.
    let source = std::fs::read_to_string(Path::new(ROOT).join("src/config.rs")).unwrap();
    let config = Validator::new(Kind::Config);
    for (name, pointer) in [("ConfigFile", "/properties"), ("StatusFile", "/properties/statuses/items/properties")] {
        let rust = rust_struct_fields(&source, name);
        let declared: BTreeSet<String> = config.root.pointer(pointer).unwrap().as_object().unwrap().keys().cloned().collect();
        if rust != declared {
            problems.push(format!("config.schema.json #{pointer}: {declared:?} but {name} has {rust:?}"));
        }
    }
    assert!(problems.is_empty(), "schemas and Rust types disagree:\n{}", problems.join("\n"));
}

#[test]
fn schema_accepts_and_rejects_exactly_what_keikaku_does() {
    let mut bases: Vec<(String, Kind, String)> = doc_examples();
    let config = std::fs::read_to_string(Path::new(ROOT).join("keikaku.toml")).unwrap();
    bases.push(("keikaku.toml".into(), Kind::Config, config));
    let mut disagreements = Vec::new();
    let mut rejected: BTreeMap<&str, usize> = BTreeMap::new();
    let mut tried = 0;
    for (name, kind, text) in &bases {
        let validator = Validator::new(*kind);
        let base = parse_toml(name, text);
        for Mutation { description, category, value, enum_options } in mutations(&validator, &base) {
            tried += 1;
            let toml_text = toml::to_string(&value).expect("mutations serialise");
            let keikaku = kind.keikaku_parse(&toml_text);
            let schema = validator.validate(&to_json(&value));
            if let Err(e) = &keikaku {
                *rejected.entry(category).or_default() += 1;
                // serde names the variants it expects: the schema's enum must list exactly those.
                if category == "bad enum" && expected_variants(e) != enum_options {
                    disagreements.push(format!("{name} {description}: keikaku expects {:?}", expected_variants(e)));
                }
            }
            if keikaku.is_ok() != schema.is_empty() {
                disagreements.push(format!(
                    "{name} {description}: keikaku {} but the schema {}",
                    keikaku.map_or_else(|e| format!("rejects it ({e})"), |()| "accepts it".into()),
                    if schema.is_empty() { "accepts it".into() } else { format!("rejects it ({})", schema.join("; ")) },
                ));
            }
        }
    }
    assert!(disagreements.is_empty(), "{} of {tried} mutations disagree:\n{}", disagreements.len(), disagreements.join("\n"));
    for category in ["missing key", "unknown key", "wrong type", "bad enum"] {
        assert!(rejected.get(category).copied().unwrap_or(0) > 0, "no `{category}` mutation was rejected: {rejected:?}");
    }
}

/// Hand-written bad inputs: each must be rejected by the schema, with the offending path named.
#[test]
fn schemas_reject_bad_front_matter() {
    let examples = doc_examples();
    let example = |kind: Kind| -> toml::Value {
        let (h, _, t) = examples.iter().find(|(_, k, _)| *k == kind).unwrap();
        parse_toml(h, t)
    };
    let config = parse_toml("keikaku.toml", &std::fs::read_to_string(Path::new(ROOT).join("keikaku.toml")).unwrap());
    let set = |mut base: toml::Value, path: &[&str], new: Option<toml::Value>| -> toml::Value {
        let (last, parents) = path.split_last().unwrap();
        let parent = parents.iter().fold(&mut base, |v, seg| match seg.parse::<usize>() {
            Ok(i) => &mut v.as_array_mut().unwrap()[i],
            Err(_) => v.as_table_mut().unwrap().get_mut(*seg).unwrap(),
        });
        let table = parent.as_table_mut().unwrap();
        match new {
            Some(v) => table.insert(last.to_string(), v),
            None => table.remove(*last),
        };
        base
    };
    let s = |v: &str| Some(toml::Value::String(v.into()));
    let i = |v: i64| Some(toml::Value::Integer(v));
    let date: toml::value::Datetime = "2025-04-01".parse().unwrap();
    #[rustfmt::skip]
    let cases: Vec<(Kind, &str, toml::Value, &str)> = vec![
        // unknown keys
        (Kind::Plan, "unknown key", set(example(Kind::Plan), &["titel"], s("x")), "unknown key `titel`"),
        (Kind::Initiative, "unknown nested key", set(example(Kind::Initiative), &["kpis", "0", "targets", "0", "valeu"], i(1)), "unknown key `valeu`"),
        (Kind::Case, "unknown key", set(example(Kind::Case), &["municipality", "city"], s("x")), "unknown key `city`"),
        (Kind::Term, "unknown key", set(example(Kind::Term), &["definition"], s("x")), "unknown key `definition`"),
        (Kind::Registry, "unknown key", set(example(Kind::Registry), &["online-procedures", "title"], s("x")), "unknown key `title`"),
        (Kind::Config, "unknown key", set(config.clone(), &["base-url"], s("https://x.test/")), "unknown key `base-url`"),
        // missing required keys
        (Kind::Plan, "missing key", set(example(Kind::Plan), &["municipality", "prefecture"], None), "missing required key `prefecture`"),
        (Kind::Initiative, "missing key", set(example(Kind::Initiative), &["pillar"], None), "missing required key `pillar`"),
        (Kind::Case, "missing key", set(example(Kind::Case), &["links", "0", "url"], None), "missing required key `url`"),
        (Kind::Term, "missing key", set(example(Kind::Term), &["reading"], None), "missing required key `reading`"),
        (Kind::Registry, "missing key", set(example(Kind::Registry), &["online-procedures", "name"], None), "missing required key `name`"),
        (Kind::Config, "missing key", set(config.clone(), &["languages"], None), "missing required key `languages`"),
        // wrong types
        (Kind::Plan, "wrong type", set(example(Kind::Plan), &["period", "from"], s("2025")), "expected integer"),
        (Kind::Plan, "TOML date instead of a string", set(example(Kind::Plan), &["adopted"], Some(toml::Value::Datetime(date))), "expected string"),
        (Kind::Initiative, "float fiscal year", set(example(Kind::Initiative), &["roadmap", "0", "phases", "0", "from"], Some(toml::Value::Float(2025.0))), "expected integer"),
        (Kind::Initiative, "string instead of array", set(example(Kind::Initiative), &["themes"], s("online-procedures")), "expected array"),
        (Kind::Case, "wrong type", set(example(Kind::Case), &["order"], s("3")), "expected integer"),
        (Kind::Term, "wrong type", set(example(Kind::Term), &["aliases"], s("x")), "expected array"),
        (Kind::Registry, "wrong type", set(example(Kind::Registry), &["online-procedures", "name"], s("x")), "expected object"),
        (Kind::Config, "wrong type", set(config.clone(), &["title", "ja"], i(1)), "expected string"),
        // bad enum values
        (Kind::Plan, "bad enum", set(example(Kind::Plan), &["kind"], s("policy")), "is not one of"),
        (Kind::Plan, "bad enum", set(example(Kind::Plan), &["positioning", "0", "kind"], s("Law")), "is not one of"),
        (Kind::Initiative, "bad enum", set(example(Kind::Initiative), &["kpis", "0", "targets", "0", "comparator"], s("at_least")), "is not one of"),
        (Kind::Initiative, "bad enum", set(example(Kind::Initiative), &["kpis", "0", "kind"], s("KPI")), "is not one of"),
        (Kind::Term, "bad enum", set(example(Kind::Term), &["source"], s("wikipedia")), "is not one of"),
        // values keikaku checks after loading: ids, dates, fiscal years, readings, codes, URLs
        (Kind::Plan, "bad pillar id", set(example(Kind::Plan), &["pillars", "0", "id"], s("Pillar 1")), "does not match"),
        (Kind::Plan, "bad date", set(example(Kind::Plan), &["source", "date"], s("2025/04")), "does not match"),
        (Kind::Plan, "bad code", set(example(Kind::Plan), &["municipality", "code"], s("22130")), "does not match"),
        (Kind::Plan, "bad table id", set(example(Kind::Plan), &["tables", "0", "id"], s("table_1")), "does not match"),
        (Kind::Initiative, "Reiwa year", set(example(Kind::Initiative), &["kpis", "0", "targets", "0", "fy"], i(7)), "out of range"),
        (Kind::Initiative, "far future", set(example(Kind::Initiative), &["roadmap", "0", "milestones", "0", "fy"], i(20250)), "out of range"),
        (Kind::Initiative, "bad action id", set(example(Kind::Initiative), &["actions", "0", "id"], s("a--1")), "does not match"),
        (Kind::Initiative, "bad kpi id", set(example(Kind::Initiative), &["kpis", "0", "id"], s("Online-Rate")), "does not match"),
        (Kind::Initiative, "bad related", set(example(Kind::Initiative), &["related"], Some(toml::Value::Array(vec!["a/b/c".into()]))), "does not match"),
        (Kind::Case, "bad URL", set(example(Kind::Case), &["links", "0", "url"], s("www.example.jp")), "does not match"),
        (Kind::Term, "reading not in kana", set(example(Kind::Term), &["reading"], s("dx")), "does not match"),
        (Kind::Term, "negative note", set(example(Kind::Term), &["defined_in", "0", "note"], i(-1)), "out of range"),
        (Kind::Registry, "bad registry key", set(example(Kind::Registry), &["Online_Procedures"], example(Kind::Registry).get("online-procedures").cloned()), "unknown key `Online_Procedures`"),
        (Kind::Registry, "bad language code", set(example(Kind::Registry), &["online-procedures", "name", "JA"], s("x")), "unknown key `JA`"),
        (Kind::Config, "bad language", set(config.clone(), &["languages"], Some(toml::Value::Array(vec!["ja".into(), "EN".into()]))), "does not match"),
        (Kind::Config, "no language", set(config.clone(), &["languages"], Some(toml::Value::Array(vec![]))), "fewer than 1 items"),
        (Kind::Config, "month as build date", set(config.clone(), &["build_date"], s("2026-11")), "does not match"),
        (Kind::Config, "bad base URL", set(config.clone(), &["base_url"], s("city.github.io")), "does not match"),
    ];
    let mut failures = Vec::new();
    for (kind, what, value, expected) in &cases {
        let errors = Validator::new(*kind).validate(&to_json(value));
        if !errors.iter().any(|e| e.contains(expected)) {
            failures.push(format!("{kind:?} {what}: expected an error containing `{expected}`, got {errors:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The same file is fine before the breakage.
    assert!(Validator::new(Kind::Config).validate(&to_json(&config)).is_empty());
}

/// The JSON Schema of `plan.json` (published at `/data/plan.schema.json`) holds for every
/// plan.json of the bundled site, and rejects a file with a missing key or an old version.
#[test]
fn every_plan_json_matches_the_published_schema() {
    let path = Path::new(ROOT).join("docs/schema/plan-data.schema.json");
    let validator = Validator { root: serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap() };
    let built = keikaku::build(Path::new(ROOT), None).unwrap_or_else(|_| panic!("the bundled site builds"));
    let mut checked = 0;
    for file in built.rendered.files.iter().filter(|f| f.path.contains("/plans/") && f.path.ends_with("/plan.json")) {
        let value: Value = serde_json::from_slice(&file.bytes).unwrap();
        let errors = validator.validate(&value);
        assert!(errors.is_empty(), "{}:\n{}", file.path, errors.join("\n"));
        let mut broken = value.clone();
        broken["initiatives"].as_array_mut().into_iter().flatten().take(1).for_each(|i| {
            i.as_object_mut().unwrap().remove("status");
        });
        broken["data_version"] = json!(1);
        assert!(!validator.validate(&broken).is_empty(), "{}: the schema rejects nothing", file.path);
        checked += 1;
    }
    assert_eq!(checked, 10, "five plans in two languages");
}
