//! `GET /`: the home page, plain HTML that any browser and screen reader
//! reads, with no script.
//!
//! Every text is a `server-*` message of `moc-i18n` in the reader's
//! language (`dir="rtl"` for Arabic); every value from the node goes
//! through [`escape`]. The page shows mechanisms and counts, never a
//! member.

use std::fmt::Write as _;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use moc_i18n::{Arg, Lang, tr};
use moc_store::MechanismSummary;

use crate::AppState;
use crate::extract::negotiate;
use crate::problem::Problem;

/// The page's only style: readable widths and a plain table.
const STYLE: &str = "body{font-family:system-ui,sans-serif;line-height:1.5;\
max-width:62rem;margin:0 auto;padding:1rem;color:#111;background:#fff}\
table{border-collapse:collapse;width:100%}\
th,td{border:1px solid #888;padding:.3rem .5rem;text-align:start}\
td.n{text-align:end;font-variant-numeric:tabular-nums}\
caption{text-align:start;font-weight:bold;padding:.3rem 0}\
nav ul{list-style:none;padding:0;display:flex;gap:1rem}\
a{color:#0645ad}a:focus{outline:3px solid #fb0}";

/// The page forbids every script, frame and foreign resource.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; \
form-action 'none'; frame-ancestors 'none'";

/// `GET /`.
pub(crate) async fn home(
    State(app): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let lang = negotiate(uri.query(), &headers);
    let mechanisms = app
        .node
        .store()
        .mechanisms()
        .await
        .map_err(|e| Problem::internal(&e))?;
    let mut response = Html(page(lang, &mechanisms)).into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(lang.code()) {
        h.insert(header::CONTENT_LANGUAGE, v);
    }
    h.insert(header::VARY, HeaderValue::from_static("accept-language"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    Ok(response)
}

/// The page in `lang`.
pub(crate) fn page(lang: Lang, mechanisms: &[MechanismSummary]) -> String {
    let t = |key: &str| escape(&tr(lang, key, &[]));
    let dir = if lang.is_rtl() { "rtl" } else { "ltr" };
    let mut out = String::with_capacity(8 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{code}\" dir=\"{dir}\">\n<head>\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>{title}</h1>\n<p>{intro}</p>\n",
        code = lang.code(),
        title = t("server-home-title"),
        intro = t("server-home-intro"),
    );
    languages(&mut out, lang);
    let _ = write!(
        out,
        "</header>\n<main>\n<h2 id=\"mechanisms\">{}</h2>\n",
        t("server-home-mechanisms")
    );
    if mechanisms.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", t("server-home-none"));
    } else {
        table(&mut out, lang, mechanisms);
    }
    let _ = write!(
        out,
        "<h2 id=\"api\">{api}</h2>\n<p>{api_intro}</p>\n<ul>\n\
         <li><a href=\"/api/v1/mechanisms\"><code>GET /api/v1/mechanisms</code></a></li>\n\
         <li><code>POST /witness/add-checkpoint</code>: {witness}</li>\n</ul>\n\
         </main>\n<footer>\n<p>{privacy}</p>\n</footer>\n</body>\n</html>\n",
        api = t("server-home-api"),
        api_intro = t("server-home-api-intro"),
        witness = t("server-home-witness"),
        privacy = t("server-home-privacy"),
    );
    out
}

/// The language switcher: each language named in itself.
fn languages(out: &mut String, current: Lang) {
    let _ = write!(
        out,
        "<nav aria-label=\"{}\">\n<ul>\n",
        escape(&tr(current, "server-home-languages", &[]))
    );
    for lang in Lang::ALL {
        let name = escape(&tr(lang, "server-language-name", &[]));
        let code = lang.code();
        let mark = if lang == current {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<li><a href=\"/?lang={code}\" hreflang=\"{code}\" lang=\"{code}\"{mark}>{name}</a></li>"
        );
    }
    out.push_str("</ul>\n</nav>\n");
}

/// The table of mechanisms with their counts and links.
fn table(out: &mut String, lang: Lang, mechanisms: &[MechanismSummary]) {
    let t = |key: &str| escape(&tr(lang, key, &[]));
    let _ = write!(
        out,
        "<table>\n<caption>{}</caption>\n<thead>\n<tr>",
        t("server-home-caption")
    );
    for key in [
        "server-col-mechanism",
        "server-col-parties",
        "server-col-zones",
        "server-col-members",
        "server-col-approved",
        "server-col-patrols",
        "server-col-incidents",
        "server-col-links",
    ] {
        let _ = write!(out, "<th scope=\"col\">{}</th>", t(key));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for m in mechanisms {
        // No Arabic name is recorded: Arabic readers get the English one.
        let name = if lang == Lang::Fr {
            &m.name_fr
        } else {
            &m.name_en
        };
        let id = escape(&m.id);
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><bdi>{name}</bdi> (<code>{id}</code>)</th>",
            name = escape(name),
        );
        for n in [
            m.parties,
            m.zones,
            m.members,
            m.approved_members,
            m.patrols,
            m.incidents,
        ] {
            let _ = write!(out, "<td class=\"n\">{n}</td>");
        }
        let json_label = escape(&tr(
            lang,
            "server-link-json",
            &[("mechanism", Arg::from(m.id.as_str()))],
        ));
        let checkpoint_label = escape(&tr(
            lang,
            "server-link-checkpoint",
            &[("mechanism", Arg::from(m.id.as_str()))],
        ));
        let _ = writeln!(
            out,
            "<td><a href=\"/api/v1/mechanisms/{id}\">{json_label}</a> · \
             <a href=\"/logs/{id}/checkpoint\">{checkpoint_label}</a></td></tr>"
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Escapes text for HTML content and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: &str, name: &str) -> MechanismSummary {
        MechanismSummary {
            id: id.into(),
            name_fr: name.into(),
            name_en: format!("{name} (en)"),
            log_origin: format!("moc.example/{id}"),
            parties: 4,
            zones: 3,
            members: 600,
            approved_members: 590,
            patrols: 60,
            incidents: 2,
        }
    }

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape("<a href='x'>\"&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(escape("Mali–Mauritanie"), "Mali–Mauritanie");
    }

    #[test]
    fn data_is_escaped_in_the_page() {
        let page = page(Lang::Fr, &[summary("moc-x", "<script>alert(1)</script>")]);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn direction_and_language_follow_the_reader() {
        let m = [summary("moc-gao", "MOC Gao")];
        let fr = page(Lang::Fr, &m);
        assert!(fr.contains("<html lang=\"fr\" dir=\"ltr\">"));
        assert!(fr.contains("MOC Gao"));
        assert!(fr.contains("<td class=\"n\">600</td>"));
        let ar = page(Lang::Ar, &m);
        assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
        assert!(ar.contains("MOC Gao (en)"));
        let en = page(Lang::En, &m);
        assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"));
        // Every message resolved: no key shows through.
        for p in [&fr, &ar, &en] {
            assert!(!p.contains("server-"), "{p}");
        }
    }

    #[test]
    fn an_empty_node_says_so() {
        let p = page(Lang::En, &[]);
        assert!(!p.contains("<table>"));
        assert!(p.contains(&escape(&tr(Lang::En, "server-home-none", &[]))));
    }
}
