//! The page contexts of the render stage, one module per page family, each builder returning the
//! Tera context (site, interface strings, page metadata and the page's view data). They run on a
//! `PageRenderer`, which carries the page's glossary-linking state.

mod glossary;
mod initiative;
mod plan;
mod registries;
mod site;
