//! `keikaku new plan|initiative|term`: create the files of a new document in every configured
//! language, with every required key, so an author starts from a file that builds.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::commands::{CONTENT_ERROR, IO_ERROR, report};
use crate::diagnostics::Diagnostic;

/// What to create.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A plan: content/plans/{id}/plan.{lang}.md
    Plan {
        /// Plan id (lower-case ASCII, digits, hyphens), e.g. `himeji-digital`.
        id: String,
        /// Municipality id, e.g. `himeji`.
        #[arg(long)]
        municipality: String,
    },
    /// An initiative: content/plans/{plan}/initiatives/{id}.{lang}.md
    Initiative {
        /// Plan id.
        plan: String,
        /// Initiative id, from the plan's own numbering, e.g. `1-3`.
        id: String,
        /// Pillar id.
        #[arg(long, default_value = "1")]
        pillar: String,
    },
    /// A glossary term: content/glossary/{id}.{lang}.md
    Term {
        /// Term id, e.g. `open-data`.
        id: String,
        /// Reading in kana.
        #[arg(long)]
        reading: String,
    },
}

/// Creates the files, refusing to overwrite existing ones.
pub fn new(root: &Path, what: NewCommand) -> ExitCode {
    let config = match crate::load::load_config(root, None) {
        Ok(c) => c,
        Err(e) => {
            report(&e);
            return ExitCode::from(CONTENT_ERROR);
        }
    };
    let id = match &what {
        NewCommand::Plan { id, .. } | NewCommand::Initiative { id, .. } | NewCommand::Term { id, .. } => id.clone(),
    };
    if let Err(why) = crate::ids::check_id(&id) {
        report(&[Diagnostic::error(format!("invalid id `{id}`: {why}"))
            .expected("lower-case ASCII letters, digits and single hyphens")]);
        return ExitCode::from(IO_ERROR);
    }
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for lang in &config.languages {
        let (path, text) = match &what {
            NewCommand::Plan { id, municipality } => (
                root.join("content/plans").join(id).join(format!("plan.{lang}.md")),
                format!(
                    "+++\nkind = \"plan\"\ntitle = \"{id}\"\nsummary = \"{id}\"\n\n[municipality]\nid = \"{municipality}\"\nname = \"{municipality}\"\nprefecture = \"\"\n\n[source]\ntitle = \"{id}\"\npublisher = \"{municipality}\"\n\n[[pillars]]\nid = \"1\"\nnumber = \"1\"\ntitle = \"{id}\"\n+++\n"
                ),
            ),
            NewCommand::Initiative { plan, id, pillar } => (
                root.join("content/plans").join(plan).join("initiatives").join(format!("{id}.{lang}.md")),
                format!("+++\nnumber = \"{id}\"\norder = 1\npillar = \"{pillar}\"\ntitle = \"{id}\"\nsummary = \"{id}\"\n+++\n"),
            ),
            NewCommand::Term { id, reading } => (
                root.join("content/glossary").join(format!("{id}.{lang}.md")),
                format!("+++\nterm = \"{id}\"\nreading = \"{reading}\"\nsource = \"editors\"\n+++\n{id}\n"),
            ),
        };
        if path.exists() {
            report(&[Diagnostic::error_in(&path, "already exists; nothing was written")]);
            return ExitCode::from(IO_ERROR);
        }
        files.push((path, text));
    }
    for (path, text) in &files {
        if let Some(dir) = path.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            report(&[Diagnostic::error_in(dir, format!("cannot create the directory: {e}"))]);
            return ExitCode::from(IO_ERROR);
        }
        if let Err(e) = std::fs::write(path, text) {
            report(&[Diagnostic::error_in(path, format!("cannot write: {e}"))]);
            return ExitCode::from(IO_ERROR);
        }
        println!("created {}", path.display());
    }
    ExitCode::SUCCESS
}
