//! Correspondence templates: every letter and e-mail redress sends, as text templates shipped
//! with redress and overridable per organisation and per language by files beside its
//! procedure file.
//!
//! A template is a [MiniJinja](https://docs.rs/minijinja) text template (`{{ value }}`,
//! `{% if %}`, `{% for %}`; the language is documented in `docs/templates.md`). Names are
//! `<kind>.txt` under a language folder: the shipped ones are `templates/<lang>/` in this crate,
//! embedded at build time; an organisation's own are `<procedures>/<org-id>/templates/<lang>/`
//! beside `<org-id>.toml`, and win over the shipped file of the same name. English (`en`)
//! ships; a Welsh body adds `cy/` files of its own, and any template missing there falls back
//! to English.

mod compose;
mod letter;

pub use compose::LetterSource;
pub use letter::{Block, Letterhead, RenderedLetter, blocks, long_date};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use minijinja::Environment;
use redress_core::ids::OrgId;
use serde::Serialize;

/// `text` as a sentence: its first letter a capital, ending with a full stop unless it ends
/// with other punctuation.
fn sentence(text: String) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?', ':']) {
        out.push('.');
    }
    out
}

/// `text` with its first letter in lower case, for a title put mid-sentence ("a parent
/// partnership adviser"), unless it looks like a name or acronym (its second letter a capital).
fn lower_first(text: String) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text,
    }
}

/// The language every organisation has, and the fallback for templates a language lacks.
pub const DEFAULT_LANGUAGE: &str = "en";

/// The templates shipped with redress: (language/name, text), every file under `templates/`.
const SHIPPED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// Why a template could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// No template of that name in the language or in English.
    #[error("no template {name:?} in {language:?} or English")]
    Missing {
        /// The template's name.
        name: String,
        /// The language asked for.
        language: String,
    },
    /// The template did not parse or failed while rendering.
    #[error("template {name:?}: {source}")]
    Render {
        /// The template's name.
        name: String,
        /// What went wrong, with the line.
        source: minijinja::Error,
    },
}

/// Every template an instance may render: the shipped ones and each organisation's overrides.
#[derive(Clone, Debug, Default)]
pub struct Templates {
    /// Overrides read from disk: org → "lang/name" → text.
    overrides: Arc<BTreeMap<OrgId, BTreeMap<String, String>>>,
}

impl Templates {
    /// Only the shipped templates.
    pub fn shipped() -> Templates {
        Templates::default()
    }

    /// The shipped templates and the overrides found beside procedure files in `dir`: for each
    /// `<org-id>/templates/<lang>/<name>` file.
    pub fn load(dir: &Path) -> std::io::Result<Templates> {
        let mut overrides = BTreeMap::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(Templates::default());
        };
        for entry in entries {
            let entry = entry?;
            let Some(org) = entry
                .file_name()
                .to_str()
                .and_then(|n| OrgId::parse(n).ok())
            else {
                continue;
            };
            let templates: PathBuf = entry.path().join("templates");
            if !templates.is_dir() {
                continue;
            }
            let mut files = BTreeMap::new();
            for language in std::fs::read_dir(&templates)? {
                let language = language?;
                if !language.path().is_dir() {
                    continue;
                }
                let lang = language.file_name().to_string_lossy().into_owned();
                for file in std::fs::read_dir(language.path())? {
                    let file = file?;
                    if file.path().is_file() {
                        let name = file.file_name().to_string_lossy().into_owned();
                        files.insert(
                            format!("{lang}/{name}"),
                            std::fs::read_to_string(file.path())?,
                        );
                    }
                }
            }
            overrides.insert(org, files);
        }
        Ok(Templates {
            overrides: Arc::new(overrides),
        })
    }

    /// The text of template `name` for `org` in `language`: the organisation's own, else the
    /// shipped one, in that language, else in English.
    pub fn source(&self, org: &OrgId, language: &str, name: &str) -> Option<&str> {
        let own = self.overrides.get(org);
        [language, DEFAULT_LANGUAGE].iter().find_map(|lang| {
            let key = format!("{lang}/{name}");
            own.and_then(|files| files.get(&key))
                .map(String::as_str)
                .or_else(|| SHIPPED.iter().find(|(k, _)| *k == key).map(|(_, t)| *t))
        })
    }

    /// Renders template `name` for `org` in `language` with `context`.
    pub fn render(
        &self,
        org: &OrgId,
        language: &str,
        name: &str,
        context: impl Serialize,
    ) -> Result<String, TemplateError> {
        if self.source(org, language, name).is_none() {
            return Err(TemplateError::Missing {
                name: name.to_owned(),
                language: language.to_owned(),
            });
        }
        let render_error = |source| TemplateError::Render {
            name: name.to_owned(),
            source,
        };
        self.environment(org, language)
            .get_template(name)
            .and_then(|t| t.render(context))
            .map_err(render_error)
    }

    /// The MiniJinja environment for `org` in `language`: templates found by [`Templates::source`]
    /// (so `{% import %}` and `{% include %}` resolve the same way), and the filters the
    /// templates use (`long_date`, `sentence`, `lower_first`; see `docs/templates.md`).
    fn environment(&self, org: &OrgId, language: &str) -> Environment<'static> {
        let mut env = Environment::new();
        env.set_keep_trailing_newline(true);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        let (templates, org, lang) = (self.clone(), org.clone(), language.to_owned());
        env.set_loader(move |name| Ok(templates.source(&org, &lang, name).map(str::to_owned)));
        let lang = language.to_owned();
        env.add_filter(
            "long_date",
            move |value: String| -> Result<String, minijinja::Error> {
                let date: jiff::civil::Date = value.parse().map_err(|e| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("long_date: {value:?} is not a date: {e}"),
                    )
                })?;
                Ok(long_date(date, &lang))
            },
        );
        env.add_filter("sentence", sentence);
        env.add_filter("lower_first", lower_first);
        env
    }
}
