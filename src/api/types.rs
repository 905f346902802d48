//! The JSON types of the lawyer API (documented in the README).

use serde::Serialize;

/// A text in Chinese and English.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    /// The text in `lang` (`zh` or `en`), falling back to the other language when missing.
    pub fn pick(&self, lang: &str) -> String {
        let (first, second) = if lang == "en" {
            (&self.en, &self.zh)
        } else {
            (&self.zh, &self.en)
        };
        if first.is_empty() {
            second.clone()
        } else {
            first.clone()
        }
    }
}
