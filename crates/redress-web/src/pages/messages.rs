//! The message catalogue: every word the public pages show, by key, per language. A second
//! language (Welsh bodies must offer one) is a new file in `messages/`, not new code.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Catalogues shipped with redress: (language tag, TOML text).
const CATALOGUES: &[(&str, &str)] = &[("en", include_str!("../../messages/en.toml"))];

/// One language's messages.
#[derive(Debug)]
pub struct Messages {
    /// The language tag, for `<html lang>`.
    pub lang: &'static str,
    entries: HashMap<String, String>,
}

impl Messages {
    /// The catalogue for `lang`, falling back to English.
    pub fn for_lang(lang: &str) -> &'static Messages {
        static ALL: OnceLock<Vec<Messages>> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            CATALOGUES
                .iter()
                .map(|(lang, text)| {
                    let table: toml::Table = text
                        .parse()
                        .unwrap_or_else(|e| panic!("messages/{lang}.toml: {e}"));
                    let mut entries = HashMap::new();
                    flatten("", &table, &mut entries);
                    Messages { lang, entries }
                })
                .collect()
        });
        all.iter().find(|m| m.lang == lang).unwrap_or(&all[0])
    }

    /// The English catalogue.
    pub fn english() -> &'static Messages {
        Messages::for_lang("en")
    }

    /// The message for `key`; the key itself if the catalogue lacks it (a test checks none do).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.entries.get(key).map_or(key, String::as_str)
    }

    /// The message for `key` with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_owned();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// Every key, for tests.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }
}

fn flatten(prefix: &str, table: &toml::Table, entries: &mut HashMap<String, String>) {
    for (key, value) in table {
        let key = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::String(text) => {
                entries.insert(key, text.clone());
            }
            toml::Value::Table(inner) => flatten(&key, inner, entries),
            other => panic!("message {key} must be text, not {other}"),
        }
    }
}
