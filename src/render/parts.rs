//! Pieces many pages show: status badges, links to themes, terms and departments, initiative and
//! plan cards, content tables.

use super::views::{InitiativeCard, Link, StatusView, TableView};
use super::{Renderer, urls};
use crate::model::Table;
use crate::model::{Initiative, Plan};

impl Renderer<'_> {
    pub(in crate::render) fn status_view(&self, lang: &str, id: &str) -> StatusView {
        let config = &self.site.config;
        let status = config.statuses.iter().find(|s| s.id == id).unwrap_or_else(|| config.default_status());
        let pick = |m: &crate::localized::Localized<String>| m.get(lang).0.clone();
        StatusView {
            id: status.id.clone(),
            symbol: status.symbol.clone(),
            // The built-in status of a site that defines none is named by the theme.
            name: Some(pick(&status.name))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| self.fmt.t(lang, "statuses.default_name").to_string()),
            definition: pick(&status.definition),
            url: format!("{}#status-{}", self.url(&urls::statuses(lang)), status.id),
        }
    }

    /// Links to themes by id, named in `lang`.
    pub(in crate::render) fn theme_links(&self, lang: &str, ids: &[String]) -> Vec<Link> {
        ids.iter()
            .filter_map(|t| self.site.theme(t))
            .map(|t| Link { title: self.registry_name(lang, &t.name).0, url: self.url(&urls::theme(lang, &t.id)) })
            .collect()
    }

    /// Links to glossary terms by id, as written in `lang`.
    pub(in crate::render) fn term_links(&self, lang: &str, ids: &[String]) -> Vec<Link> {
        ids.iter()
            .filter_map(|t| self.site.term(t))
            .map(|t| Link { title: t.docs.get(lang).0.front.term.clone(), url: self.url(&urls::term(lang, &t.id)) })
            .collect()
    }

    pub(in crate::render) fn registry_name(&self, lang: &str, names: &crate::localized::Localized<String>) -> (String, String) {
        let (name, name_lang) = names.get(lang);
        (name.clone(), name_lang.to_string())
    }

    pub(in crate::render) fn initiative_card(
        &self,
        lang: &str,
        plan: &Plan,
        initiative: &Initiative,
        relisted: bool,
    ) -> InitiativeCard {
        let (doc, content_lang) = initiative.docs.get(lang);
        let (plan_doc, _) = plan.docs.get(lang);
        InitiativeCard {
            id: initiative.id.clone(),
            url: self.url(&urls::plan_item(lang, &plan.id, &initiative.id)),
            number: doc.front.number.clone(),
            title: doc.front.title.clone(),
            plan_title: plan_doc.front.short_title.clone().unwrap_or_else(|| plan_doc.front.title.clone()),
            plan_url: self.url(&urls::plan(lang, &plan.id)),
            municipality: plan_doc.front.municipality.name.clone(),
            status: self.status_view(lang, &initiative.status),
            current_phase: self.current_phase(lang, plan, &doc.front),
            relisted,
            lang: content_lang.to_string(),
        }
    }

    pub(in crate::render) fn tables(&self, tables: &[Table]) -> Vec<TableView> {
        tables
            .iter()
            .map(|t| TableView {
                id: t.id.get_ref().clone(),
                caption: t.caption.clone(),
                columns: t.columns.clone(),
                rows: t.rows.get_ref().clone(),
                note: t.note.clone().unwrap_or_default(),
            })
            .collect()
    }
}
