//! Stage 4, write: put the rendered files on disk atomically. Files are staged in a temporary
//! directory beside the output and swapped in only when every file was written, so a failed build
//! leaves the previous site intact. The output directory carries a marker file; keikaku refuses to
//! replace a non-empty directory without it (it is someone else's), the project root or content/.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;

/// Name of the marker file that identifies a directory as keikaku output.
pub const MARKER: &str = ".keikaku-output";

/// Checks that `output` may be replaced by a build of the project at `root`.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let output_abs = absolute(output);
    let content = root.join("content");
    let forbidden = [(&root, "the project root"), (&content, "content/")];
    for (dir, what) in forbidden {
        if output_abs == *dir || dir.starts_with(&output_abs) {
            return Err(Diagnostic::error(format!("refusing to write the site into {what} ({})", output.display()))
                .help("choose an output directory of its own, e.g. `--output site`"));
        }
    }
    if output_abs.starts_with(&content) {
        return Err(Diagnostic::error(format!("refusing to write the site inside content/ ({})", output.display())));
    }
    if output.is_file() {
        return Err(Diagnostic::error(format!("output `{}` is a file", output.display())).expected("a directory"));
    }
    if output.is_dir() {
        let empty = std::fs::read_dir(output).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty && !output.join(MARKER).is_file() {
            return Err(Diagnostic::error(format!(
                "refusing to replace `{}`: it is not empty and was not written by keikaku",
                output.display()
            ))
            .help("empty it or choose another --output directory"));
        }
    }
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    // The output may not exist yet: resolve its parent.
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let parent = parent.canonicalize().unwrap_or_else(|_| parent.to_path_buf());
    match path.file_name() {
        Some(name) => parent.join(name),
        None => parent,
    }
}

/// Writes `files` to `output` atomically (see the module doc).
pub fn write_site(root: &Path, output: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    check_output_dir(root, output)?;
    let output = absolute(output);
    let parent = output.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "site".to_string());
    std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.keikaku-new-{pid}"));
    let old = parent.join(format!(".{name}.keikaku-old-{pid}"));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| {
        std::fs::create_dir_all(&staging).map_err(|e| io_error(&staging, e))?;
        for file in files {
            let path = safe_join(&staging, &file.path)?;
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
            }
            std::fs::write(&path, &file.bytes).map_err(|e| io_error(&path, e))?;
        }
        std::fs::write(staging.join(MARKER), b"This directory is written by keikaku build and replaced on every build.\n")
            .map_err(|e| io_error(&staging, e))?;
        if output.exists() {
            std::fs::rename(&output, &old).map_err(|e| io_error(&output, e))?;
        }
        if let Err(e) = std::fs::rename(&staging, &output) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&old, &output);
            return Err(io_error(&output, e));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Joins a site path under `dir`, refusing anything that could escape it.
fn safe_join(dir: &Path, site_path: &str) -> Result<PathBuf, Diagnostic> {
    let mut path = dir.to_path_buf();
    for part in site_path.split('/') {
        if part.is_empty() || part == "." || part == ".." || part.contains('\\') {
            return Err(Diagnostic::error(format!("refusing to write outside the output: `{site_path}`")));
        }
        path.push(part);
    }
    Ok(path)
}

fn io_error(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        assert!(safe_join(Path::new("/tmp/x"), "../etc/passwd").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "ja//a").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "ja/index.html").is_ok());
    }
}
