//! Time-stamp authorities for the CLI (issue 12): the names a `--tsa URL|NAME` option accepts
//! and HTTP Basic credentials read from a file (commercial TSAs). The HTTP exchange itself
//! (RFC 3161 §3.4, retries, mirrors) is [`crate::http::HttpFetcher::timestamp`].
//!
//! Core builds the request and verifies the answer; nothing here reads a time-stamp.

use std::fmt;
use std::path::Path;

use crate::files;
use crate::msg::Msg;

/// The TSAs known by name: the name, then the URLs in the order tried (the service first, then
/// its mirrors). Any other `--tsa` value must be an `http://` URL.
pub const NAMED_TSAS: &[(&str, &[&str])] = &[
    // Ban Cơ yếu Chính phủ's time-stamp service and its mirror (docs/vietnam.md §4).
    ("vgca", &["http://tsa.ca.gov.vn", "http://ca.gov.vn/tsa"]),
];

/// A time-stamp authority to ask: a named one (with its mirrors) or a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tsa {
    name: Option<&'static str>,
    urls: Vec<String>,
}

impl Tsa {
    /// A `--tsa` value: a name from [`NAMED_TSAS`] (any case), or an `http://` URL. A URL that
    /// is one of a named TSA's is that TSA, its mirrors included (tried from that URL on).
    pub fn parse(value: &str) -> Result<Self, Msg> {
        let value = value.trim();
        if let Some((name, urls)) = NAMED_TSAS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(value))
        {
            return Ok(Self {
                name: Some(name),
                urls: urls.iter().map(|u| (*u).to_owned()).collect(),
            });
        }
        // RFC 3986 §3.1: the scheme is case-insensitive. Only http: the answer is a signed
        // token (RFC 3161 §2.4.2), and the CLI's client has no TLS (cli/src/http.rs).
        let is_http = value
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
        if !is_http || value.len() <= 7 || value.chars().any(char::is_whitespace) {
            return Err(Msg::UnknownTsa {
                value: value.to_owned(),
            });
        }
        let (name, urls) = named_urls(value);
        Ok(Self { name, urls })
    }

    /// The URLs tried, in order: the service, then its mirrors.
    pub fn urls(&self) -> &[String] {
        &self.urls
    }

    /// The TSA's name when it is a named one.
    pub fn name(&self) -> Option<&'static str> {
        self.name
    }
}

impl fmt::Display for Tsa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.name, self.urls.first()) {
            (Some(name), _) => f.write_str(name),
            (None, Some(url)) => f.write_str(url),
            (None, None) => Ok(()),
        }
    }
}

/// `--tsa URL|NAME` for clap (`#[arg(long, value_parser = tsa::tsa_arg)]`).
pub fn tsa_arg(value: &str) -> Result<Tsa, String> {
    Tsa::parse(value).map_err(|m| m.text(kyso::Lang::En))
}

/// The URLs to try for a time-stamp asked of `url`: when `url` is one of a named TSA's, that
/// TSA's whole list starting from `url` (the others after it, in table order); else `url`.
pub fn urls_for(url: &str) -> Vec<String> {
    named_urls(url).1
}

fn named_urls(url: &str) -> (Option<&'static str>, Vec<String>) {
    let same = |a: &str, b: &str| {
        a.trim_end_matches('/')
            .eq_ignore_ascii_case(b.trim_end_matches('/'))
    };
    for (name, urls) in NAMED_TSAS {
        if urls.iter().any(|u| same(u, url)) {
            let mut list = vec![url.to_owned()];
            list.extend(
                urls.iter()
                    .filter(|u| !same(u, url))
                    .map(|u| (*u).to_owned()),
            );
            return (Some(name), list);
        }
    }
    (None, vec![url.to_owned()])
}

/// HTTP Basic credentials for a TSA (RFC 7617), from a file holding `user:password` on its
/// first line. Sent only with time-stamp requests ([`HttpFetcher::tsa_credentials`]).
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    pub user: String,
    pub password: String,
}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("user", &self.user)
            .field("password", &"…")
            .finish()
    }
}

impl BasicCredentials {
    /// Read `user:password` from the first line of a file (its line ending dropped).
    pub fn read(path: &Path) -> Result<Self, Msg> {
        let bytes = files::read(path, 64 * 1024)?;
        Self::parse(&bytes).ok_or_else(|| Msg::BadTsaCredentials {
            path: path.display().to_string(),
        })
    }

    /// `user:password` (first line; UTF-8). RFC 7617 §2: the user-id cannot contain a colon,
    /// so the first colon separates; the password may hold colons. An empty user, or a
    /// control character in either part, is refused.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(bytes).ok()?;
        let line = text.lines().next()?;
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        let (user, password) = line.split_once(':')?;
        if user.is_empty() || line.chars().any(char::is_control) {
            return None;
        }
        Some(Self {
            user: user.to_owned(),
            password: password.to_owned(),
        })
    }

    /// The `Authorization` header's value: `Basic ` and base64 of `user:password` in UTF-8
    /// (RFC 7617 §2, §2.1 charset UTF-8).
    pub fn header_value(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.user, self.password).as_bytes())
        )
    }
}

/// RFC 4648 §4 base64 with padding.
fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sym = |i: usize| char::from(ALPHABET.get(i & 63).copied().unwrap_or(b'='));
    let mut out = String::with_capacity(data.len().div_ceil(3).saturating_mul(4));
    for chunk in data.chunks(3) {
        let b = |i: usize| usize::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(sym(n >> 18));
        out.push(sym(n >> 12));
        out.push(if chunk.len() > 1 { sym(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { sym(n) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_urls() {
        let v = Tsa::parse("vgca").unwrap();
        assert_eq!(v.name(), Some("vgca"));
        assert_eq!(v.urls(), ["http://tsa.ca.gov.vn", "http://ca.gov.vn/tsa"]);
        assert_eq!(v.to_string(), "vgca");
        assert_eq!(Tsa::parse(" VGCA ").unwrap(), v);
        // The mirror's URL is VGCA too, tried first.
        let m = Tsa::parse("http://ca.gov.vn/tsa/").unwrap();
        assert_eq!(m.name(), Some("vgca"));
        assert_eq!(m.urls(), ["http://ca.gov.vn/tsa/", "http://tsa.ca.gov.vn"]);
        let u = Tsa::parse("http://127.0.0.1:8080/good").unwrap();
        assert_eq!(
            (u.name(), u.urls()),
            (None, &["http://127.0.0.1:8080/good".to_owned()][..])
        );
        assert_eq!(u.to_string(), "http://127.0.0.1:8080/good");
        for bad in [
            "",
            "vgc",
            "https://tsa.example/",
            "ftp://x/",
            "http://",
            "http://a b/",
        ] {
            assert!(
                matches!(Tsa::parse(bad), Err(Msg::UnknownTsa { .. })),
                "{bad}"
            );
        }
        assert!(tsa_arg("nope").unwrap_err().contains("nope"));
        assert_eq!(urls_for("http://tsa.ca.gov.vn").len(), 2);
        assert_eq!(
            urls_for("http://example.org/tsa"),
            ["http://example.org/tsa"]
        );
    }

    #[test]
    fn credentials() {
        let c = BasicCredentials::parse(b"kyso:test-secret\r\nignored\n").unwrap();
        assert_eq!(
            (c.user.as_str(), c.password.as_str()),
            ("kyso", "test-secret")
        );
        // RFC 7617 §2's own example.
        let a = BasicCredentials::parse(b"Aladdin:open sesame").unwrap();
        assert_eq!(a.header_value(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        let colon = BasicCredentials::parse("\u{feff}u:p:q\n".as_bytes()).unwrap();
        assert_eq!(colon.password, "p:q");
        for bad in [&b""[..], b"nocolon", b":pw", b"u:p\tq", b"\xff:x"] {
            assert!(BasicCredentials::parse(bad).is_none());
        }
        for (input, out) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
        ] {
            assert_eq!(base64(input.as_bytes()), out);
        }
    }

    #[test]
    fn credentials_file() {
        let dir = std::env::temp_dir().join(format!("kyso-tsa-cred-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good");
        std::fs::write(&good, "kyso:test-secret\n").unwrap();
        assert_eq!(BasicCredentials::read(&good).unwrap().user, "kyso");
        let bad = dir.join("bad");
        std::fs::write(&bad, "no colon here\n").unwrap();
        let e = BasicCredentials::read(&bad).unwrap_err();
        assert!(matches!(e, Msg::BadTsaCredentials { .. }));
        assert!(!e.text(kyso::Lang::En).contains("no colon"));
        assert!(matches!(
            BasicCredentials::read(&dir.join("missing")),
            Err(Msg::CannotRead { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
