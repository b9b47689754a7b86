//! Where a build spends its time: the wall time of each stage, for `keikaku build --timings`, and
//! the progress display of long builds. Neither reaches the output: timings go to stderr, and the
//! progress bar is drawn only when stderr is a terminal.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The wall time of each stage of one build, in the order the stages ran. Shared by reference
/// across the stages (and their threads); recording costs one lock per stage, not per page.
#[derive(Debug, Default)]
pub struct Timings {
    stages: Mutex<Vec<(String, Duration)>>,
}

impl Timings {
    /// Runs `work`, recording its wall time under `stage`.
    pub fn time<T>(&self, stage: &str, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = work();
        self.record(stage, started.elapsed());
        result
    }

    /// Records that `stage` took `elapsed`.
    pub fn record(&self, stage: &str, elapsed: Duration) {
        // A poisoned lock only means a stage panicked; its timings are still plain data.
        self.stages.lock().unwrap_or_else(|e| e.into_inner()).push((stage.to_string(), elapsed));
    }

    /// The stages recorded so far, in order.
    pub fn stages(&self) -> Vec<(String, Duration)> {
        self.stages.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// A table of the stages: name, milliseconds, share of the total.
    pub fn report(&self, total: Duration) -> String {
        let stages = self.stages();
        let width = stages.iter().map(|(s, _)| s.len()).max().unwrap_or(0).max("total".len());
        let total_ms = total.as_secs_f64() * 1000.0;
        let mut out = String::new();
        for (stage, elapsed) in &stages {
            let ms = elapsed.as_secs_f64() * 1000.0;
            let share = if total_ms > 0.0 { ms * 100.0 / total_ms } else { 0.0 };
            out.push_str(&format!("{stage:<width$}  {ms:>9.1} ms  {share:>5.1}%\n"));
        }
        out.push_str(&format!("{:<width$}  {total_ms:>9.1} ms\n", "total"));
        out
    }
}

/// Below this many pages a build takes about a second and draws no progress bar.
const PROGRESS_MIN_PAGES: usize = 2000;

/// A progress bar over the pages of a long build, drawn on stderr when it is a terminal;
/// otherwise (and for short builds) it does nothing.
#[derive(Default)]
pub struct Progress {
    enabled: bool,
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
}

impl Progress {
    /// No display at all (tests, `serve`, `check`).
    pub fn hidden() -> Progress {
        Progress::default()
    }

    /// A display on stderr if stderr is a terminal; quiet otherwise.
    pub fn on_terminal() -> Progress {
        use std::io::IsTerminal;
        Progress { enabled: std::io::stderr().is_terminal(), bar: std::sync::OnceLock::new() }
    }

    /// Starts counting `total` steps; draws a bar only for a long build.
    pub fn begin(&self, total: usize) {
        if !self.enabled || total < PROGRESS_MIN_PAGES {
            return;
        }
        let bar = indicatif::ProgressBar::new(total as u64);
        let style = indicatif::ProgressStyle::with_template("{msg:>8} [{bar:40}] {pos}/{len} pages ({elapsed})")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        let _ = self.bar.set(bar);
    }

    /// Names what is being done now.
    pub fn stage(&self, name: &'static str) {
        if let Some(bar) = self.bar.get() {
            bar.set_message(name);
        }
    }

    /// One more step done.
    pub fn tick(&self) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
