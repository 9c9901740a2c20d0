//! The JSON API's settings: `API_CORS_ORIGINS`, `API_INIT_DATA_MAX_AGE` and
//! `PUBLIC_URL` (where the Mini App is served from).

use std::collections::HashMap;

use url::Url;

use crate::config::ConfigError;

/// The default age limit of Mini App `initData`: one day.
pub const DEFAULT_INIT_DATA_MAX_AGE_SECONDS: i64 = 86_400;

/// The API's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiConfig {
    /// Origins allowed to call the API from a browser; empty (the default)
    /// allows none, so only same-origin pages and non-browser clients work.
    pub cors_origins: Vec<String>,
    /// How old Mini App `initData` may be, in seconds.
    pub init_data_max_age_seconds: i64,
    /// The server's public https address, if it has one; the bot offers the
    /// Mini App only then (Telegram opens Mini Apps over https only).
    pub public_url: Option<Url>,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            cors_origins: Vec::new(),
            init_data_max_age_seconds: DEFAULT_INIT_DATA_MAX_AGE_SECONDS,
            public_url: None,
        }
    }
}

impl ApiConfig {
    /// Reads the settings, naming the variable in every error.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let mut cors_origins = Vec::new();
        for origin in get("API_CORS_ORIGINS").unwrap_or("").split(',') {
            let origin = origin.trim();
            if origin.is_empty() {
                continue;
            }
            let valid = Url::parse(origin).ok().is_some_and(|u| {
                matches!(u.scheme(), "http" | "https")
                    && u.host().is_some()
                    && u.path() == "/"
                    && !origin.ends_with('/')
            });
            if !valid {
                return Err(ConfigError {
                    variable: "API_CORS_ORIGINS",
                    problem: format!("{origin:?} is not an origin"),
                    fix: "List origins as scheme://host[:port] separated by commas, e.g. API_CORS_ORIGINS=https://stats.example.org, or unset it to allow none.".into(),
                });
            }
            cors_origins.push(origin.to_string());
        }
        let init_data_max_age_seconds = match get("API_INIT_DATA_MAX_AGE") {
            None => DEFAULT_INIT_DATA_MAX_AGE_SECONDS,
            Some(raw) => raw
                .parse::<i64>()
                .ok()
                .filter(|n| (60..=30 * 86_400).contains(n))
                .ok_or_else(|| ConfigError {
                    variable: "API_INIT_DATA_MAX_AGE",
                    problem: format!("{raw:?} is not a number of seconds between 60 and 2592000"),
                    fix: "Set how long Mini App sign-ins stay valid, e.g. API_INIT_DATA_MAX_AGE=86400 (one day).".into(),
                })?,
        };
        let public_url = match get("PUBLIC_URL") {
            None => None,
            Some(raw) => Some(
                Url::parse(raw)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                    .ok_or_else(|| ConfigError {
                        variable: "PUBLIC_URL",
                        problem: format!("{raw:?} is not an http(s) URL"),
                        fix: "Set it to the address people reach this server at, e.g. PUBLIC_URL=https://challenge.example.org.".into(),
                    })?,
            ),
        };
        Ok(Self {
            cors_origins,
            init_data_max_age_seconds,
            public_url,
        })
    }

    /// The Mini App's address, when the server is public over https.
    pub fn mini_app_url(&self) -> Option<Url> {
        self.public_url
            .as_ref()
            .filter(|u| u.scheme() == "https")
            .and_then(|u| u.join("app").ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::vars;

    #[test]
    fn defaults_are_closed() {
        let c = ApiConfig::from_vars(&vars(&[])).unwrap();
        assert_eq!(c, ApiConfig::default());
        assert!(c.mini_app_url().is_none());
    }

    #[test]
    fn reads_and_checks_values() {
        let c = ApiConfig::from_vars(&vars(&[
            (
                "API_CORS_ORIGINS",
                "https://a.example.org, http://localhost:3000",
            ),
            ("API_INIT_DATA_MAX_AGE", "3600"),
            ("PUBLIC_URL", "https://challenge.example.org/"),
        ]))
        .unwrap();
        assert_eq!(
            c.cors_origins,
            vec!["https://a.example.org", "http://localhost:3000"]
        );
        assert_eq!(c.init_data_max_age_seconds, 3600);
        assert_eq!(
            c.mini_app_url().unwrap().as_str(),
            "https://challenge.example.org/app"
        );
        let plain = ApiConfig::from_vars(&vars(&[("PUBLIC_URL", "http://x.example.org")])).unwrap();
        assert!(plain.mini_app_url().is_none());
        for (var, value) in [
            ("API_CORS_ORIGINS", "*"),
            ("API_CORS_ORIGINS", "https://a.example.org/path"),
            ("API_INIT_DATA_MAX_AGE", "5"),
            ("PUBLIC_URL", "not a url"),
        ] {
            let e = ApiConfig::from_vars(&vars(&[(var, value)])).unwrap_err();
            assert_eq!(e.variable, var, "{e}");
        }
    }
}
