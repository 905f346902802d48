//! HTTP content negotiation (RFC 9110 §12.5.1): pick the offered media type the client prefers.

use crate::error::{Error, Result};

/// One media range of an `Accept` header with its quality.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    kind: String,
    subtype: String,
    q: f32,
}

fn parse_accept(header: &str) -> Vec<Range> {
    header
        .split(',')
        .filter_map(|part| {
            let mut params = part.split(';');
            let media = params.next()?.trim().to_ascii_lowercase();
            let (kind, subtype) = media.split_once('/')?;
            let mut q = 1.0;
            for p in params {
                if let Some((k, v)) = p.split_once('=') {
                    if k.trim().eq_ignore_ascii_case("q") {
                        q = v.trim().parse().unwrap_or(0.0);
                    }
                }
            }
            Some(Range {
                kind: kind.trim().to_owned(),
                subtype: subtype.trim().to_owned(),
                q,
            })
        })
        .collect()
}

/// How well a range matches a concrete type: 3 exact, 2 `type/*`, 1 `*/*`, 0 none.
fn specificity(range: &Range, offered: &str) -> u8 {
    let (kind, subtype) = offered.split_once('/').unwrap_or((offered, ""));
    if range.kind == "*" && range.subtype == "*" {
        1
    } else if range.kind == kind && range.subtype == "*" {
        2
    } else if range.kind == kind && range.subtype == subtype {
        3
    } else {
        0
    }
}

/// Chooses among `offered` (in our order of preference) for the `Accept` header. No header, or an
/// empty one, means the first offer. `None` when nothing offered is acceptable (→ 406).
pub fn choose<'a>(accept: Option<&str>, offered: &[&'a str]) -> Option<&'a str> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    let Some(accept) = accept else {
        return offered.first().copied();
    };
    let ranges = parse_accept(accept);
    let mut best: Option<(&str, f32)> = None;
    for offer in offered {
        // The most specific matching range decides the quality of this offer.
        let q = ranges
            .iter()
            .filter(|r| specificity(r, offer) > 0)
            .max_by_key(|r| specificity(r, offer))
            .map(|r| r.q)
            .unwrap_or(0.0);
        if q > 0.0 && best.is_none_or(|(_, bq)| q > bq) {
            best = Some((offer, q));
        }
    }
    best.map(|(o, _)| o)
}

/// Like [`choose`], but a 406 error listing what we offer.
pub fn require<'a>(accept: Option<&str>, offered: &[&'a str]) -> Result<&'a str> {
    choose(accept, offered).ok_or_else(|| {
        Error::NotAcceptable(format!(
            "none of the requested media types ({}) is available; this resource is offered as: {}",
            accept.unwrap_or(""),
            offered.join(", ")
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    const OFFER: &[&str] = &["application/sparql-results+json", "text/csv"];

    #[test]
    fn no_header_means_first_offer() {
        assert_eq!(choose(None, OFFER), Some(OFFER[0]));
    }
    #[test]
    fn q_values_and_wildcards() {
        assert_eq!(
            choose(
                Some("application/sparql-results+json;q=0.2, text/*;q=0.5"),
                OFFER
            ),
            Some("text/csv")
        );
        assert_eq!(choose(Some("*/*"), OFFER), Some(OFFER[0]));
        assert_eq!(
            choose(Some("text/csv;q=0, */*;q=0.1"), OFFER),
            Some(OFFER[0])
        );
        assert_eq!(choose(Some("image/png"), OFFER), None);
    }
}
