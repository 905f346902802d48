//! The handlebars templates of `templates/` (one file per output format), registered once.
//!
//! Strict mode is on, so a template naming a field the data lacks fails loudly. HTML templates keep
//! handlebars' HTML escaping; Markdown and Turtle templates are rendered without escaping.

use crate::error::{Error, Result};
use crate::source;
use handlebars::{handlebars_helper, Handlebars};
use serde::Serialize;

// Markdown: a quotation that spans paragraphs stays inside its block quote (`> ` on every line).
handlebars_helper!(md_quote: |text: String| text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n> "));
// Markdown list items: a quotation folded onto one line, its line breaks shown as " / ".
handlebars_helper!(one_line: |text: String| text
    .lines()
    .map(str::trim)
    .filter(|l| !l.is_empty())
    .collect::<Vec<_>>()
    .join(" / "));

pub struct Templates {
    html: Handlebars<'static>,
    plain: Handlebars<'static>,
}

impl Templates {
    pub fn load() -> Result<Self> {
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        let mut plain = Handlebars::new();
        plain.set_strict_mode(true);
        plain.register_escape_fn(handlebars::no_escape);
        plain.register_helper("md_quote", Box::new(md_quote));
        plain.register_helper("one_line", Box::new(one_line));
        html.register_helper("one_line", Box::new(one_line));
        for file in source::template_files() {
            let name = file.path.trim_end_matches(".hbs").to_owned();
            let registry = if name.ends_with(".html") {
                &mut html
            } else {
                &mut plain
            };
            registry
                .register_template_string(&name, file.text()?)
                .map_err(|e| Error::Internal(format!("templates/{}: {e}", file.path)))?;
        }
        Ok(Templates { html, plain })
    }

    /// Renders `name` (e.g. `brief.html`, `brief.md`) with `data`.
    pub fn render<T: Serialize>(&self, name: &str, data: &T) -> Result<String> {
        let registry = if name.ends_with(".html") {
            &self.html
        } else {
            &self.plain
        };
        registry
            .render(name, data)
            .map_err(|e| Error::Internal(format!("template {name}: {e}")))
    }

    pub fn render_service_description(&self, endpoint: &str, writable: bool) -> Result<String> {
        self.render(
            "service-description.ttl",
            &serde_json::json!({ "endpoint": endpoint, "writable": writable }),
        )
    }
}
