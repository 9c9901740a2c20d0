//! `/metrics` settings: `METRICS_ADDR`, `METRICS_TOKEN`, `METRICS_CACHE_SECONDS`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use crate::config::{ConfigError, Secret};

/// How long the database's figures are reused between scrapes by default.
pub const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(5);

/// The shortest bearer token accepted: shorter ones are guessable.
pub const MIN_TOKEN_LEN: usize = 16;

/// Where and how `/metrics` is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricsConfig {
    /// A separate listener for `/metrics`; the main server then does not serve it.
    pub addr: Option<SocketAddr>,
    /// When set, scrapes must send `Authorization: Bearer <token>`.
    pub token: Option<Secret>,
    /// How long database figures are reused between scrapes.
    pub cache_ttl: Duration,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig {
            addr: None,
            token: None,
            cache_ttl: DEFAULT_CACHE_TTL,
        }
    }
}

impl MetricsConfig {
    /// Reads the settings from the given variables.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<MetricsConfig, ConfigError> {
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let addr = match get("METRICS_ADDR") {
            None => None,
            Some(raw) => Some(raw.parse::<SocketAddr>().map_err(|_| ConfigError {
                variable: "METRICS_ADDR",
                problem: format!("{raw:?} is not an address with a port"),
                fix: "Use the form IP:PORT, e.g. METRICS_ADDR=127.0.0.1:9464, or unset it to serve /metrics on LISTEN_ADDR.".into(),
            })?),
        };
        let token = match get("METRICS_TOKEN") {
            None => None,
            Some(t) if t.len() >= MIN_TOKEN_LEN && t.bytes().all(|b| b.is_ascii_graphic()) => {
                Some(Secret::new(t))
            }
            Some(_) => {
                return Err(ConfigError {
                    variable: "METRICS_TOKEN",
                    problem: format!(
                        "the token must be at least {MIN_TOKEN_LEN} printable characters without spaces"
                    ),
                    fix: "Generate one, e.g. METRICS_TOKEN=$(openssl rand -hex 32), and give Prometheus the same value as its bearer token.".into(),
                });
            }
        };
        let cache_ttl = match get("METRICS_CACHE_SECONDS") {
            None => DEFAULT_CACHE_TTL,
            Some(raw) => raw
                .parse::<u64>()
                .ok()
                .filter(|s| *s <= 300)
                .map(Duration::from_secs)
                .ok_or_else(|| ConfigError {
                    variable: "METRICS_CACHE_SECONDS",
                    problem: format!("{raw:?} is not a number of seconds between 0 and 300"),
                    fix: "Set how long database figures are reused between scrapes, e.g. METRICS_CACHE_SECONDS=5.".into(),
                })?,
        };
        Ok(MetricsConfig {
            addr,
            token,
            cache_ttl,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::vars;

    #[test]
    fn defaults_serve_on_the_main_listener_without_a_token() {
        let c = MetricsConfig::from_vars(&vars(&[])).unwrap();
        assert_eq!(c, MetricsConfig::default());
        assert_eq!(c.cache_ttl, Duration::from_secs(5));
    }

    #[test]
    fn reads_address_token_and_cache() {
        let c = MetricsConfig::from_vars(&vars(&[
            ("METRICS_ADDR", "0.0.0.0:9464"),
            ("METRICS_TOKEN", "0123456789abcdef0123"),
            ("METRICS_CACHE_SECONDS", "0"),
        ]))
        .unwrap();
        assert_eq!(c.addr.unwrap().port(), 9464);
        assert_eq!(c.token.unwrap().expose(), "0123456789abcdef0123");
        assert_eq!(c.cache_ttl, Duration::ZERO);
    }

    #[test]
    fn bad_values_name_their_variable_and_never_echo_the_token() {
        for (var, value) in [
            ("METRICS_ADDR", "9464"),
            ("METRICS_TOKEN", "short-secret"),
            ("METRICS_TOKEN", "has spaces in the middle of it"),
            ("METRICS_CACHE_SECONDS", "forever"),
            ("METRICS_CACHE_SECONDS", "301"),
        ] {
            let e = MetricsConfig::from_vars(&vars(&[(var, value)])).unwrap_err();
            assert_eq!(e.variable, var, "{e}");
            if var == "METRICS_TOKEN" {
                assert!(!e.to_string().contains(value), "{e}");
            }
        }
    }
}
