//! Stage 4, write: put the rendered files on disk atomically. Files are staged in a temporary
//! directory beside the output and swapped in only when every file was written, so a failed build
//! leaves the previous site intact. The output directory carries a marker file; keikaku refuses to
//! replace a non-empty directory without it (it is someone else's), the project root or content/.
//!
//! The site a build replaces is not deleted but kept beside the output as the spare
//! (`.{name}.keikaku-spare`), and the next build stages into it: its files are overwritten in
//! place and the ones the new build did not write are removed before the swap. Deleting tens of
//! thousands of files and creating as many again made every rebuild on ext4 slower than the one
//! before (the inode allocator skips recently freed inodes: see `bench/build/README.md`);
//! rewriting the same files reuses their inodes. The price is a second copy of the site on disk.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;

/// Name of the marker file that identifies a directory as keikaku output.
pub const MARKER: &str = ".keikaku-output";

/// Checks that `output` may be replaced by a build of the project at `root` with `theme`.
///
/// The output may be none of the directories a build reads, nor inside one, nor a parent of one:
/// a site written into `static/` would be republished by the next build, one written into
/// `templates/` would run content text as templates.
pub fn check_output_dir(root: &Path, theme: &str, output: &Path) -> Result<(), Diagnostic> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let output_abs = absolute(output);
    if output_abs == root || root.starts_with(&output_abs) {
        return Err(Diagnostic::error(format!("refusing to write the site into the project root ({})", output.display()))
            .help("choose an output directory of its own, e.g. `--output site`"));
    }
    let theme_dir = root.join("themes").join(theme);
    let inputs = [
        (root.join("content"), "content/"),
        (root.join("templates"), "templates/"),
        (root.join("static"), "static/"),
        (root.join("themes"), "themes/"),
        (theme_dir.canonicalize().unwrap_or(theme_dir), "the theme"),
    ];
    for (dir, what) in &inputs {
        if output_abs == *dir || dir.starts_with(&output_abs) || output_abs.starts_with(dir) {
            return Err(Diagnostic::error(format!(
                "refusing to write the site into or over {what}, which the build reads ({})",
                output.display()
            ))
            .help("choose an output directory of its own, e.g. `--output site`"));
        }
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

/// The prefix of every staging directory of `output`'s name: `.{name}.keikaku-`.
fn staging_prefix(name: &str) -> String {
    format!(".{name}.keikaku-")
}

/// The spare beside `output`: the site the last build replaced, which the next build stages into.
fn spare_of(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!("{}spare", staging_prefix(name)))
}

/// Clears up what interrupted builds left beside `output` (found by name prefix and marker, never
/// by process id): first puts a previous site back if a crash between two renames of the fallback
/// swap left none at the output path, then keeps one leftover tree as the spare if there is none
/// (a partial site is as good to stage into as a whole one) and removes the rest.
fn recover(parent: &Path, name: &str, output: &Path) {
    let prefix = staging_prefix(name);
    let spare = spare_of(parent, name);
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let mut debris: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .filter(|p| *p != spare && p.join(MARKER).is_file())
        .collect();
    debris.sort();
    if !output.exists()
        && let Some(old) = debris.iter().position(|p| p.file_name().is_some_and(|n| n.to_string_lossy().contains("-old-")))
        && std::fs::rename(&debris[old], output).is_ok()
    {
        debris.remove(old);
    }
    for dir in debris {
        keep_as_spare(&dir, &spare);
    }
}

/// A point of the write stage where the crash-safety test may stop the process
/// (`KEIKAKU_TEST_KILL_AT=<step>`; see `tests/crash.rs`).
fn test_hook(step: &str) {
    if std::env::var_os("KEIKAKU_TEST_KILL_AT").is_some_and(|s| s == step) {
        // Die as abruptly as SIGKILL would: no destructors, no clean-up.
        std::process::abort();
    }
}

/// Writes `files` to `output` atomically (see the module doc and [`Staging`]).
pub fn write_site(root: &Path, theme: &str, output: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let staging = Staging::begin(root, theme, output)?;
    for file in files {
        staging.write(file);
    }
    staging.finish()
}

/// A build being written: the staging directory beside the output, filled file by file (from
/// any number of threads, in any order) while the site renders, then swapped in by
/// [`Staging::finish`]. At every instant the output path holds either the previous site or the
/// new one: on Linux the two directories are exchanged by one `renameat2(RENAME_EXCHANGE)`;
/// where the file system cannot do that, by two renames, and a crash between them is repaired by
/// the next build (`recover`). Dropped without `finish` (a failed build), it removes the staging
/// directory and leaves the output alone.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    spare: PathBuf,
    /// Whether `dir` is a recycled spare, holding files of an earlier build to remove at the end.
    recycled: bool,
    /// The site path of every file written (a 128-bit hash each: a national build writes 800,000
    /// files), so that `finish` can tell a recycled spare's stale files from this build's.
    paths: std::sync::Mutex<std::collections::HashSet<u128>>,
    /// Directories known to exist under `dir`, so that each is created once, not once per file.
    dirs: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    /// The first write error; later writes are skipped.
    error: std::sync::Mutex<Option<Diagnostic>>,
    failed: std::sync::atomic::AtomicBool,
    written: std::sync::atomic::AtomicUsize,
    done: bool,
}

impl Staging {
    /// Checks `output`, repairs what an interrupted build left beside it, and creates the staging
    /// directory with its marker.
    pub fn begin(root: &Path, theme: &str, output: &Path) -> Result<Staging, Diagnostic> {
        check_output_dir(root, theme, output)?;
        let output = absolute(output);
        let parent = output.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "site".to_string());
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
        recover(&parent, &name, &output);
        let pid = std::process::id();
        let mut staging = Staging {
            dir: parent.join(format!("{}new-{pid}", staging_prefix(&name))),
            old: parent.join(format!("{}old-{pid}", staging_prefix(&name))),
            spare: spare_of(&parent, &name),
            recycled: false,
            output,
            paths: Default::default(),
            dirs: Default::default(),
            error: Default::default(),
            failed: Default::default(),
            written: Default::default(),
            done: false,
        };
        // Only a spare with the marker is ours to write into; anything else by that name is left
        // alone (and the replaced site is then removed instead of kept).
        if staging.spare.join(MARKER).is_file() && std::fs::rename(&staging.spare, &staging.dir).is_ok() {
            staging.recycled = true;
            keep_only_plain_files(&staging.dir);
        }
        std::fs::create_dir_all(&staging.dir).map_err(|e| io_error(&staging.dir, e))?;
        // The marker first, so that an interrupted staging directory is recognised as ours.
        std::fs::write(staging.dir.join(MARKER), b"This directory is written by keikaku build and replaced on every build.\n")
            .map_err(|e| io_error(&staging.dir, e))?;
        Ok(staging)
    }

    /// Writes one file into the staging directory. An error is kept for [`Staging::finish`]
    /// (which then fails), and every later write is skipped.
    pub fn write(&self, file: &OutputFile) {
        use std::sync::atomic::Ordering;
        if self.failed.load(Ordering::Relaxed) {
            return;
        }
        if let Err(d) = self.write_file(file) {
            self.failed.store(true, Ordering::Relaxed);
            self.error.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(d);
            return;
        }
        if self.written.fetch_add(1, Ordering::Relaxed) == 0 {
            // Some files are staged, not all.
            test_hook("writing");
        }
    }

    fn write_file(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        let path = safe_join(&self.dir, &file.path)?;
        if let Some(dir) = path.parent() {
            let known = self.dirs.lock().unwrap_or_else(|e| e.into_inner()).contains(dir);
            if !known {
                if self.recycled {
                    self.clear_way_for_dir(dir);
                }
                std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
                self.dirs.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf());
            }
        }
        if self.recycled {
            self.paths.lock().unwrap_or_else(|e| e.into_inner()).insert(path_hash(&file.path));
        }
        std::fs::write(&path, &file.bytes)
            .or_else(|e| {
                // In a recycled spare, an earlier build's directory where this build has a file.
                if !self.recycled || !path.is_dir() {
                    return Err(e);
                }
                std::fs::remove_dir_all(&path)?;
                std::fs::write(&path, &file.bytes)
            })
            .map_err(|e| io_error(&path, e))
    }

    /// In a recycled spare, removes earlier files standing where `dir` or one of its parents is
    /// to be a directory now.
    fn clear_way_for_dir(&self, dir: &Path) {
        for at in dir.ancestors().take_while(|a| *a != self.dir).filter(|a| a.is_file()) {
            let _ = std::fs::remove_file(at);
        }
    }

    /// Removes from a recycled spare every file this build did not write, and the directories
    /// left empty: what is swapped in is exactly this build's site.
    fn remove_stale(&self) {
        let written = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        let mut dirs = Vec::new();
        for entry in walkdir::WalkDir::new(&self.dir).min_depth(1).into_iter().filter_map(Result::ok) {
            let Ok(relative) = entry.path().strip_prefix(&self.dir) else { continue };
            if entry.file_type().is_dir() {
                dirs.push(entry.path().to_path_buf());
                continue;
            }
            let site_path: Vec<_> = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            let site_path = site_path.join("/");
            if site_path != MARKER && !written.contains(&path_hash(&site_path)) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        // Deepest first, so that a directory emptied of empty directories goes too; a directory
        // that still holds anything is left (remove_dir fails).
        for dir in dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }

    /// The number of files written so far.
    pub fn written(&self) -> usize {
        self.written.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Swaps the staged site in, or fails with the first write error (the output untouched).
    pub fn finish(mut self) -> Result<(), Diagnostic> {
        if let Some(d) = self.error.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Err(d);
        }
        if self.recycled {
            self.remove_stale();
        }
        test_hook("staged");
        let (staging, output, old) = (&self.dir, &self.output, &self.old);
        if !output.exists() {
            std::fs::rename(staging, output).map_err(|e| io_error(output, e))?;
            self.done = true;
            return Ok(());
        }
        // KEIKAKU_TEST_NO_EXCHANGE: the crash-safety test takes the fallback path on Linux too.
        let exchanged = std::env::var_os("KEIKAKU_TEST_NO_EXCHANGE").is_none() && exchange(staging, output).is_ok();
        if exchanged {
            // `staging` now holds the previous site: the next build's spare.
            test_hook("exchanged");
            self.done = true;
            keep_as_spare(staging, &self.spare);
            return Ok(());
        }
        std::fs::rename(output, old).map_err(|e| io_error(output, e))?;
        test_hook("between-renames");
        if let Err(e) = std::fs::rename(staging, output) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(old, output);
            return Err(io_error(output, e));
        }
        self.done = true;
        keep_as_spare(old, &self.spare);
        Ok(())
    }
}

impl Drop for Staging {
    /// Keeps a failed build's partial site as the spare, never at the output path. (A process
    /// killed mid-build leaves it for the next build's `recover`.)
    fn drop(&mut self) {
        if !self.done {
            keep_as_spare(&self.dir, &self.spare);
        }
    }
}

/// Moves a replaced or partial site to the spare path for the next build to stage into, or
/// removes it if that fails.
fn keep_as_spare(dir: &Path, spare: &Path) {
    if spare.exists() || std::fs::rename(dir, spare).is_err() {
        remove_tree(dir);
    }
}

/// Makes a recycled spare safe to write into: removes anything keikaku does not write itself
/// (symbolic links, which a write would follow out of the directory; files with other hard links,
/// which a write in place would change too; sockets and the like) that someone put into the site
/// while it was published.
fn keep_only_plain_files(dir: &Path) {
    #[cfg(unix)]
    let single_link = |m: std::fs::Metadata| std::os::unix::fs::MetadataExt::nlink(&m) == 1;
    #[cfg(not(unix))]
    let single_link = |_: std::fs::Metadata| true;
    for entry in walkdir::WalkDir::new(dir).min_depth(1).into_iter().filter_map(Result::ok) {
        let kind = entry.file_type();
        let plain = kind.is_dir() || (kind.is_file() && entry.metadata().is_ok_and(single_link));
        if !plain {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A site path's 128-bit hash (two 64-bit SipHashes with different keys): the set of written
/// paths costs 16 bytes a file, and a collision, which would keep one stale file, is out of reach.
fn path_hash(site_path: &str) -> u128 {
    use std::hash::Hasher;
    let half = |key: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        h.write_u8(key);
        h.write(site_path.as_bytes());
        h.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

/// Removes a directory tree, its subtrees (three levels down: `ja/plans/{plan}`) in parallel:
/// the previous site has tens of thousands of files, and unlinking them one by one on one core
/// took a good part of a build. The top level, with the marker, goes last, so that a build killed
/// meanwhile leaves a directory `recover` still recognises.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let mut subtrees: Vec<PathBuf> = Vec::new();
    let mut expand: Vec<(PathBuf, usize)> = vec![(dir.to_path_buf(), 0)];
    while let Some((d, depth)) = expand.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && depth < 2 {
                expand.push((entry.path(), depth + 1));
            } else if depth > 0 {
                subtrees.push(entry.path());
            }
        }
    }
    subtrees.par_iter().for_each(|path| {
        let _ = std::fs::remove_dir_all(path).or_else(|_| std::fs::remove_file(path));
    });
    let _ = std::fs::remove_dir_all(dir);
}

/// Atomically exchanges two directories (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
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

    #[test]
    fn remove_tree_removes_every_level() {
        let tmp = std::env::temp_dir().join(format!("keikaku-remove-tree-{}", std::process::id()));
        for rel in ["a.html", "ja/b.html", "ja/plans/p/c.html", "ja/plans/p/q/r/d.svg", "en/plans/x.json"] {
            let path = tmp.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"x").unwrap();
        }
        std::fs::create_dir_all(tmp.join("empty/deeper")).unwrap();
        remove_tree(&tmp);
        assert!(!tmp.exists());
    }
}
