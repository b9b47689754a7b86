//! One error type for the whole build: file, line, column, what is wrong, what was expected and a
//! help line. Every stage collects these instead of stopping at the first, so an author fixes ten
//! typos in one round. Rendering (with the offending source line) uses annotate-snippets.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// A source file as read from disk, shared by every diagnostic that points into it.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the project root, for display.
    pub path: PathBuf,
    /// Full text of the file (valid UTF-8; invalid files never get this far).
    pub text: String,
}

impl SourceFile {
    /// Wraps a path and its text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Arc<Self> {
        Arc::new(SourceFile { path: path.into(), text: text.into() })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// How bad a diagnostic is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// A fact worth knowing that is not a problem (a contradiction the content records).
    Note,
}

/// Where a diagnostic points: a span of a source file, or just a file path (e.g. unreadable file).
#[derive(Debug, Clone)]
pub enum Location {
    Span { file: Arc<SourceFile>, span: Range<usize> },
    File(PathBuf),
    Nowhere,
}

/// A problem found in the sources, with enough context to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    pub expected: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at a byte span of a file.
    pub fn error_at(file: &Arc<SourceFile>, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: Location::Span { file: Arc::clone(file), span },
            message: message.into(),
            expected: None,
            help: None,
        }
    }

    /// An error about a whole file (unreadable, misnamed, …).
    pub fn error_in(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: Location::File(path.into()),
            message: message.into(),
            expected: None,
            help: None,
        }
    }

    /// An error with no file (configuration given on the command line, I/O of the output).
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, location: Location::Nowhere, message: message.into(), expected: None, help: None }
    }

    /// Turns this diagnostic into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Turns the diagnostic into a note (not a problem; never fails a command).
    pub fn note(mut self) -> Self {
        self.severity = Severity::Note;
        self
    }

    /// Adds what was expected instead.
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Adds a help line (typically a "did you mean" suggestion).
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean `x`?" when a close candidate exists.
    pub fn suggest<'a>(self, wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        match crate::suggest::closest(wrong, candidates) {
            Some(best) => self.help(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    /// `path:line:column` of this diagnostic, for one-line summaries and tests.
    pub fn position(&self) -> String {
        match &self.location {
            Location::Span { file, span } => {
                let (line, column) = file.line_column(span.start);
                format!("{}:{line}:{column}", file.path.display())
            }
            Location::File(path) => path.display().to_string(),
            Location::Nowhere => String::new(),
        }
    }

    /// Renders the diagnostic for a terminal (with colours when `styled`).
    pub fn render(&self, styled: bool) -> String {
        let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let mut groups = Vec::new();
        let title = level.primary_title(self.message.as_str());
        let snippet_group = match &self.location {
            Location::Span { file, span } => {
                let (line, _) = file.line_column(span.start);
                let text = &file.text;
                let start = floor_char_boundary(text, span.start.min(text.len()));
                let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                let source = &text[line_start..line_end];
                let local_start = start - line_start;
                let local_end = floor_char_boundary(source, (span.end.max(start) - line_start).min(source.len()));
                let mut local_end = local_end.max(local_start);
                if local_end == local_start && local_start < source.len() {
                    local_end = local_start + source[local_start..].chars().next().map_or(0, char::len_utf8);
                }
                let path = file.path.display().to_string();
                let label = self.expected.as_deref().map(|e| format!("expected {e}"));
                let mut annotation = AnnotationKind::Primary.span(local_start..local_end);
                if let Some(label) = &label {
                    annotation = annotation.label(label.clone());
                }
                title.element(Snippet::source(source.to_string()).line_start(line).path(path).annotation(annotation))
            }
            Location::File(path) => {
                let mut group = title.element(annotate_snippets::Origin::path(path.display().to_string()));
                if let Some(expected) = &self.expected {
                    group = group.element(Level::NOTE.message(format!("expected {expected}")));
                }
                group
            }
            Location::Nowhere => {
                let mut group = Group::with_title(title);
                if let Some(expected) = &self.expected {
                    group = group.element(Level::NOTE.message(format!("expected {expected}")));
                }
                group
            }
        };
        groups.push(snippet_group);
        if let Some(help) = &self.help {
            groups.push(Group::with_title(Level::HELP.secondary_title(help.as_str())));
        }
        renderer.render(&groups).to_string()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Collects diagnostics from every stage of a build.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// The stage (0 = load, 1 = model, …) each item came from, parallel to `items`: a file that
    /// does not parse is the root cause of what the model then cannot resolve, so earlier stages
    /// are printed first.
    stages: Vec<u8>,
    stage: u8,
}

impl Diagnostics {
    /// Records one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
        self.stages.push(self.stage);
    }

    /// Records many diagnostics.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for d in diagnostics {
            self.push(d);
        }
    }

    /// Diagnostics recorded from now on belong to the next pipeline stage.
    pub fn next_stage(&mut self) {
        self.stage = self.stage.saturating_add(1);
    }

    /// True when at least one error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// All diagnostics, errors first, root causes (earlier stages) before what follows from
    /// them, then in the order of file and position, so output is stable whatever order parallel
    /// stages found them in.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut items: Vec<(u8, Diagnostic)> = self.stages.into_iter().zip(self.items).collect();
        items.sort_by_cached_key(|(stage, d)| (d.severity, *stage, sort_key(d), d.message.clone()));
        items.into_iter().map(|(_, d)| d).collect()
    }
}

fn sort_key(d: &Diagnostic) -> (String, usize) {
    match &d.location {
        Location::Span { file, span } => (file.path.display().to_string(), span.start),
        Location::File(path) => (path.display().to_string(), 0),
        Location::Nowhere => (String::new(), 0),
    }
}

/// Displays a path relative to `root` when it lies inside it.
pub fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// Turns a TOML or serde error into a diagnostic, with "did you mean" for unknown keys and
/// variants (serde lists the expected names in its message).
pub fn toml_error(file: &Arc<SourceFile>, offset: usize, error: &toml::de::Error) -> Diagnostic {
    let span = error.span().map(|s| s.start + offset..s.end + offset).unwrap_or(0..0);
    let message = error.message().trim().to_string();
    let mut diagnostic = Diagnostic::error_at(file, span, first_line(&message));
    for (prefix, what) in [("unknown field `", "key"), ("unknown variant `", "value")] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((wrong, tail)) = rest.split_once('`')
        {
            let candidates: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            diagnostic.message = format!("unknown {what} `{wrong}`");
            diagnostic = diagnostic.expected(if candidates.is_empty() {
                "no keys here".to_string()
            } else {
                format!("one of `{}`", candidates.join("`, `"))
            });
            diagnostic = diagnostic.suggest(wrong, candidates);
        }
    }
    if let Some(field) = message.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
        diagnostic.message = format!("missing required key `{field}`");
        diagnostic = diagnostic.expected(format!("a key `{field}` in this table"));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        diagnostic.message = format!("wrong type: found {found}");
        diagnostic = diagnostic.expected(expected.trim().to_string());
    }
    diagnostic
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let file = SourceFile::new("a.md", "+++\ntitle = \"浜松\"\nx = 1\n");
        let offset = file.text.find("x =").unwrap();
        assert_eq!(file.line_column(offset), (3, 1));
        let offset = file.text.find("松").unwrap();
        assert_eq!(file.line_column(offset), (2, 11));
    }

    #[test]
    fn rendering_shows_path_line_column_source_and_help() {
        let file = SourceFile::new("content/x.ja.md", "+++\ndepartmnts = []\n+++\n");
        let d = Diagnostic::error_at(&file, 4..14, "unknown key `departmnts`")
            .expected("one of `departments`, `title`")
            .suggest("departmnts", ["departments", "title"]);
        let text = d.render(false);
        assert!(text.contains("content/x.ja.md:2:1"), "{text}");
        assert!(text.contains("departmnts = []"), "{text}");
        assert!(text.contains("did you mean `departments`?"), "{text}");
    }
}
