//! The Telegram Mini App in a real headless Chromium, opened the way
//! Telegram opens it: `/app#tgWebAppData=<signed initData>&tgWebAppThemeParams=…`,
//! or with a `Telegram.WebApp` object in place before the page's scripts run.
//! Each tab is checked against the API's own figures for a demo
//! participant, in a light and a dark theme, at phone and tablet sizes, with
//! a screenshot of each under `target/test-artifacts/miniapp-*.png`.

use std::time::{Duration, Instant};

use activity_challenge::domain::init_data::sign_init_data;
use activity_challenge::ops::demo::{DemoOptions, generate};
use activity_challenge::ops::progress::Progress;
use serde_json::{Value, json};

use activity_challenge::config::Config;

use crate::support::{Backend, TestDb, TestServer, register};
use crate::webdriver::Browser;

const TOKEN: &str = "123456789:AAEabcdefghijklmnopqrstuvwxyz012345";
const OTHER_TOKEN: &str = "987654321:AAEabcdefghijklmnopqrstuvwxyz012345";

/// A phone (390 × 844 CSS pixels, as an iPhone 12 to 15) and a tablet (iPad Air).
const PHONE: Device = Device {
    name: "phone",
    width: 390,
    height: 844,
    mobile: true,
};
const TABLET: Device = Device {
    name: "tablet",
    width: 820,
    height: 1180,
    mobile: true,
};

struct Device {
    name: &'static str,
    width: u32,
    height: u32,
    mobile: bool,
}

struct Theme {
    name: &'static str,
    params: Value,
    /// The page's background: Telegram's secondary background.
    page: &'static str,
}

/// A day theme in Telegram's format whose hint grey is too faint for text
/// on white (2.8:1), as some users' themes are.
fn light() -> Theme {
    Theme {
        name: "light",
        params: json!({
            "bg_color": "#ffffff", "text_color": "#000000", "hint_color": "#999999",
            "link_color": "#2481cc", "button_color": "#2481cc", "button_text_color": "#ffffff",
            "secondary_bg_color": "#efeff4", "header_bg_color": "#ffffff",
            "accent_text_color": "#2481cc", "section_bg_color": "#ffffff",
            "section_header_text_color": "#6d6d72", "subtitle_text_color": "#999999",
            "destructive_text_color": "#ff3b30"
        }),
        page: "rgb(239, 239, 244)",
    }
}

/// A blue-grey night theme in Telegram's format, whose hint grey is also
/// a little too faint for text on its cards (4.3:1).
fn dark() -> Theme {
    Theme {
        name: "dark",
        params: json!({
            "bg_color": "#212d3b", "text_color": "#ffffff", "hint_color": "#7d8b99",
            "link_color": "#5eabe1", "button_color": "#50a8eb", "button_text_color": "#ffffff",
            "secondary_bg_color": "#151e27", "header_bg_color": "#242d39",
            "accent_text_color": "#64b5ef", "section_bg_color": "#1d2733",
            "section_header_text_color": "#79c4fc", "subtitle_text_color": "#7b8790",
            "destructive_text_color": "#ee686f"
        }),
        page: "rgb(21, 30, 39)",
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// `initData` as Telegram signs it for the bot with `token`.
fn init_data(telegram_id: i64, first_name: &str, auth_date: i64, token: &str) -> String {
    let user =
        json!({"id": telegram_id, "first_name": first_name, "language_code": "en"}).to_string();
    sign_init_data(
        &[
            ("query_id", "AAHdF6IQAAAAAN0XohDhrOrc"),
            ("user", &user),
            ("auth_date", &auth_date.to_string()),
        ],
        token,
    )
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The address Telegram opens: the launch parameters in the fragment.
fn launch_url(server: &TestServer, init: Option<&str>, theme: &Theme) -> String {
    let mut fragment = String::new();
    if let Some(init) = init {
        fragment.push_str(&format!("tgWebAppData={}&", encode(init)));
    }
    fragment.push_str(&format!(
        "tgWebAppVersion=8.0&tgWebAppPlatform=android&tgWebAppThemeParams={}",
        encode(&theme.params.to_string())
    ));
    format!("{}/app#{fragment}", server.base_url)
}

/// Script errors and CSP violations, collected from before the page's own scripts.
const WATCH: &str = r#"
window.__problems = [];
window.addEventListener('error', function (e) { window.__problems.push('error: ' + e.message); });
window.addEventListener('unhandledrejection', function (e) { window.__problems.push('rejection: ' + e.reason); });
document.addEventListener('securitypolicyviolation', function (e) {
  window.__problems.push('CSP: ' + e.violatedDirective + ' ' + e.blockedURI);
});
"#;

/// WCAG contrast of every visible text in the open tab, the header and the
/// tab bar (4.5:1, or 3:1 for large text), and of every chart mark
/// against its card (3:1). Returns what falls short.
const CONTRAST: &str = r#"
const parse = (c) => {
  const m = /rgba?\(([^)]+)\)/.exec(c || '');
  if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
};
const lum = (c) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
};
const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
const background = (el) => {
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0.5) return c;
  }
  return parse(getComputedStyle(document.documentElement).backgroundColor) || { r: 255, g: 255, b: 255, a: 1 };
};
const visible = (el) => el.getClientRects().length > 0 && !el.closest('.sr-only, [hidden], [aria-busy="true"]');
const roots = [document.querySelector('.top'), document.querySelector('.tabs'),
  document.querySelector('.panel:not([hidden])')];
const failures = [];
let checked = 0;
for (const root of roots) {
  for (const el of root.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const ownText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (ownText) {
      const fg = parse(el instanceof SVGElement ? style.fill : style.color);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const need = large ? 3 : 4.5;
      const r = ratio(fg, background(el));
      checked++;
      if (r < need) failures.push(el.tagName + '.' + el.getAttribute('class') + ' "' + el.textContent.trim().slice(0, 30) + '" ' + r.toFixed(2) + ' < ' + need);
    }
    if (el instanceof SVGElement && el.classList.contains('mark')) {
      const fg = parse(style.fill !== 'none' ? style.fill : style.stroke);
      const r = ratio(fg, background(el));
      checked++;
      if (r < 3) failures.push('mark ' + el.getAttribute('class') + ' ' + r.toFixed(2) + ' < 3');
    }
  }
}
return { checked: checked, failures: failures };
"#;

/// What the API says about the participant: the figures every tab must show.
struct Figures {
    me: Value,
    daily: Vec<Value>,
    mix: Vec<Value>,
    standings: Vec<Value>,
    board: Vec<Value>,
}

async fn api(server: &TestServer, path: &str, init: &str) -> Value {
    let resp = server
        .client
        .get(format!("{}/api/v1{path}", server.base_url))
        .header("X-Telegram-Init-Data", init)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{path}: {}", resp.status());
    resp.json().await.unwrap()
}

async fn figures(server: &TestServer, init: &str) -> Figures {
    Figures {
        me: api(server, "/me", init).await,
        daily: api(server, "/me/daily", init).await["days"]
            .as_array()
            .unwrap()
            .clone(),
        mix: api(server, "/me/activity-mix", init).await["items"]
            .as_array()
            .unwrap()
            .clone(),
        standings: api(server, "/standings?limit=100", init).await["items"]
            .as_array()
            .unwrap()
            .clone(),
        board: api(server, "/leaderboard?limit=10", init).await["items"]
            .as_array()
            .unwrap()
            .clone(),
    }
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn cents(v: &Value) -> i64 {
    (s(v).parse::<f64>().unwrap() * 100.0).round() as i64
}

fn number(v: &Value) -> f64 {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap()
}

/// A database with demo data, and a server with a bot token to sign in with.
async fn demo_server(backend: Backend, users: u64, activities: u64) -> (TestDb, TestServer) {
    let db = TestDb::new(backend).await;
    generate(
        &db.store,
        &crate::support::catalogue(),
        &DemoOptions {
            users,
            activities,
            seed: 19,
        },
        &Progress::hidden(users + activities),
    )
    .await
    .expect("demo data");
    // Demo participants are test users, which public lists leave out; the
    // figures drawn here are a real competition's, as if an organiser had
    // kept them all.
    use sea_orm::ConnectionTrait as _;
    db.store
        .connection()
        .execute_unprepared("UPDATE users SET is_test_user = FALSE, kept_from_cleanup = TRUE")
        .await
        .expect("demo participants kept");
    let vars = [
        ("DATABASE_URL", db.url.as_str()),
        ("LISTEN_ADDR", "127.0.0.1:0"),
        ("DATABASE_CONNECT_TIMEOUT", "5"),
        ("TELEGRAM_BOT_TOKEN", TOKEN),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let config = Config::from_vars(&vars).expect("test configuration is valid");
    let server = TestServer::start(config).await;
    (db, server)
}

/// The demo participant the tests look at: fourth on the leaderboard, so
/// someone is above and below them and they are in the top ten.
async fn demo_participant(db: &TestDb) -> (i64, String) {
    let top = db.store.leaderboard(10).await.unwrap();
    let p = db.store.participant(top[3].user_id).await.unwrap();
    (p.telegram_id, p.first_name)
}

async fn browser() -> Browser {
    let browser = Browser::start().await;
    browser.add_init_script(WATCH).await;
    browser
}

/// Opens `url` as a fresh page load (a new fragment alone would not reload).
async fn open(browser: &Browser, url: &str) {
    browser.goto("about:blank").await;
    browser.goto(url).await;
}

async fn show_tab(browser: &Browser, tab: &str) {
    browser.click(&format!("#tab-{tab}")).await;
    browser
        .wait_until(
            &format!("the {tab} tab"),
            &format!("return document.getElementById('tab-{tab}').getAttribute('aria-selected') === 'true' && !document.getElementById('panel-{tab}').hasAttribute('aria-busy');"),
        )
        .await;
}

async fn assert_readable(browser: &Browser, what: &str) {
    let report = browser.execute(CONTRAST, json!([])).await;
    assert!(
        report["checked"].as_u64().unwrap() > 5,
        "{what}: too little was checked: {report}"
    );
    assert_eq!(
        report["failures"],
        json!([]),
        "{what}: colours below WCAG contrast"
    );
}

async fn assert_no_problems(browser: &Browser, what: &str) {
    let problems = browser
        .execute("return window.__problems;", json!([]))
        .await;
    assert_eq!(
        problems,
        json!([]),
        "{what}: script errors or CSP violations"
    );
}

/// My progress: today's figures, the neighbours, and the 30-day chart with
/// its rank axis upside down.
async fn check_progress(browser: &Browser, f: &Figures) {
    browser
        .wait_until(
            "the progress chart",
            "return document.querySelector('#progress-chart svg');",
        )
        .await;
    let page = browser
        .execute(
            r#"const q = (s) => Array.from(document.querySelectorAll(s));
            return {
              stats: q('#panel-me .stats .big').map((e) => e.textContent),
              ladder: q('#panel-me .ladder li').map((e) => e.textContent),
              ranks: q('#progress-chart .rank-points circle').map((c) => [Number(c.getAttribute('data-rank')), Number(c.getAttribute('cy'))]),
              dots: q('#progress-chart .day-dot').map((c) => Number(c.getAttribute('data-day'))),
              readout: document.getElementById('progress-readout').textContent,
              summary: document.getElementById('progress-summary').textContent,
              rows: q('#panel-me details tbody tr').map((r) => Array.from(r.cells).map((c) => c.textContent)),
            };"#,
            json!([]),
        )
        .await;
    let me = &f.me;
    assert_eq!(
        page["stats"],
        json!([
            s(&me["points"]),
            format!("#{}", me["global_rank"]),
            format!("#{}", me["guild_rank"])
        ])
    );
    let ladder = page["ladder"].as_array().unwrap();
    let above = &me["above"];
    let below = &me["below"];
    assert!(
        s(&ladder[0]).contains(&s(&above["first_name"]))
            && s(&ladder[0]).contains(&format!("{} ahead", s(&above["gap"]))),
        "{ladder:?} {above}"
    );
    assert!(
        s(&ladder[1]).contains(&s(&below["first_name"]))
            && s(&ladder[1]).contains(&format!("{} behind", s(&below["gap"]))),
        "{ladder:?} {below}"
    );

    // One point per day, each at its day's rank, and better ranks higher up.
    let ranks: Vec<(u64, f64)> = page["ranks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_u64().unwrap(), number(&p[1])))
        .collect();
    assert_eq!(ranks.len(), 30);
    for (day, (rank, _)) in f.daily.iter().zip(&ranks) {
        assert_eq!(day["rank"].as_u64().unwrap(), *rank, "{day}");
    }
    for a in &ranks {
        for b in &ranks {
            if a.0 < b.0 {
                assert!(a.1 < b.1, "rank {} is drawn below rank {}", a.0, b.0);
            }
        }
    }
    let active: Vec<Value> = f
        .daily
        .iter()
        .enumerate()
        .filter(|(_, d)| cents(&d["points"]) > 0)
        .map(|(i, _)| json!(i))
        .collect();
    assert_eq!(page["dots"], json!(active), "a dot on each day with points");

    let last = f.daily.last().unwrap();
    let readout = s(&page["readout"]);
    assert!(
        readout.contains(&format!(
            "+{} points · total {} · rank #{}",
            s(&last["points"]),
            s(&last["total"]),
            last["rank"]
        )),
        "today is chosen first: {readout}"
    );
    let gained = cents(&last["total"]) - cents(&f.daily[0]["total"]) + cents(&f.daily[0]["points"]);
    assert!(
        s(&page["summary"]).contains(&format!(
            "you earned {}.{:02} points",
            gained / 100,
            gained % 100
        )),
        "{}",
        page["summary"]
    );
    let rows = page["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 30, "the table has every day");
    assert_eq!(
        rows[0].as_array().unwrap()[1..],
        [
            json!(s(&last["points"])),
            json!(s(&last["total"])),
            json!(format!("#{}", last["rank"]))
        ]
    );
}

/// Tapping a day shows that day's points; the arrow keys step through days.
async fn check_progress_tap(browser: &Browser, f: &Figures) {
    // The busiest day but today (chosen already) and the first (no day before it).
    let best = (1..29)
        .max_by_key(|&i| cents(&f.daily[i]["points"]))
        .unwrap();
    let day = &f.daily[best];
    assert!(cents(&day["points"]) > 0, "the demo participant was active");
    let x = browser
        .execute(
            "return Number(document.querySelectorAll('#progress-chart .rank-points circle')[arguments[0]].getAttribute('cx'));",
            json!([best]),
        )
        .await;
    browser
        .tap_at("#progress-chart svg", number(&x), 60.0)
        .await;
    let expected = format!(
        "+{} points · total {} · rank #{}",
        s(&day["points"]),
        s(&day["total"]),
        day["rank"]
    );
    browser
        .wait_until(
            "the tapped day's figures",
            &format!(
                "return document.getElementById('progress-readout').textContent.includes({});",
                json!(expected)
            ),
        )
        .await;
    browser.press("#progress-chart", "\u{E012}").await;
    let before = &f.daily[best - 1];
    let expected = format!("total {} · rank #{}", s(&before["total"]), before["rank"]);
    browser
        .wait_until(
            "the day before, by the arrow key",
            &format!(
                "return document.getElementById('progress-readout').textContent.includes({});",
                json!(expected)
            ),
        )
        .await;
}

/// Activity mix: a donut slice per category in the API's shares, and the
/// table with points, time and sessions.
async fn check_mix(browser: &Browser, f: &Figures) {
    browser
        .wait_until(
            "the donut",
            "return document.querySelector('#mix-chart svg');",
        )
        .await;
    let page = browser
        .execute(
            r#"const q = (s) => Array.from(document.querySelectorAll(s));
            return {
              segments: q('#mix-chart .segment').map((p) => [Number(p.getAttribute('data-index')), Number(p.getAttribute('data-share'))]),
              centre: q('#mix-chart text').map((t) => t.textContent),
              rows: q('#panel-mix tbody tr').map((r) => Array.from(r.cells).map((c) => c.textContent)),
            };"#,
            json!([]),
        )
        .await;
    let total: i64 = f.mix.iter().map(|c| cents(&c["points"])).sum();
    assert!(
        f.mix.len() >= 3,
        "the demo participant did several kinds of sport"
    );
    assert_eq!(
        page["centre"][0],
        json!(format!("{}.{:02}", total / 100, total % 100))
    );
    let segments = page["segments"].as_array().unwrap();
    assert_eq!(segments.len(), f.mix.len().min(8));
    for (segment, category) in segments.iter().zip(&f.mix) {
        let share = cents(&category["points"]) as f64 / total as f64 * 100.0;
        assert!(
            (number(&segment[1]) - share).abs() < 0.06,
            "{segment} for {category}"
        );
    }
    let rows = page["rows"].as_array().unwrap();
    assert_eq!(rows.len(), f.mix.len());
    for (row, category) in rows.iter().zip(&f.mix) {
        assert_eq!(row[0], category["category"]);
        assert!(s(&row[1]).starts_with(&s(&category["points"])), "{row}");
        let minutes = category["minutes"].as_u64().unwrap();
        let time = match (minutes / 60, minutes % 60) {
            (0, m) => format!("{m} min"),
            (h, 0) => format!("{h} h"),
            (h, m) => format!("{h} h {m} min"),
        };
        let sessions = match category["count"].as_u64().unwrap() {
            1 => "1 session".to_string(),
            n => format!("{n} sessions"),
        };
        assert_eq!(row[2], json!(format!("{time}{sessions}")));
    }
}

/// The guild battle: a bar per guild for each measure, longest first, mine
/// highlighted, the standings' rank beside the average.
async fn check_guilds(browser: &Browser, f: &Figures, device: &str, theme: &str) {
    let mine = s(&f.me["guild"]);
    for (metric, field) in [
        ("average", "average"),
        ("participation", "participation_percent"),
        ("week", "week_gain"),
    ] {
        if metric != "average" {
            browser.click(&format!("[data-metric={metric}]")).await;
        }
        let rows = browser
            .wait_until(
                &format!("the guild bars by {metric}"),
                &format!(
                    r#"if (document.querySelector('[data-metric={metric}]').getAttribute('aria-pressed') !== 'true') return null;
                    return Array.from(document.querySelectorAll('#guild-chart .bar-row')).map((g) =>
                      [Number(g.getAttribute('data-value')), g.classList.contains('highlight'), g.querySelector('.bar-label').textContent]);"#
                ),
            )
            .await;
        let rows = rows.as_array().unwrap();
        let mut guilds = f.standings.clone();
        // A stable sort: ties stay in the standings' order, as in the app.
        guilds.sort_by(|a, b| number(&b[field]).total_cmp(&number(&a[field])));
        assert_eq!(rows.len(), guilds.len());
        for (row, guild) in rows.iter().zip(&guilds) {
            assert!(
                (number(&row[0]) - number(&guild[field])).abs() < 1e-9,
                "{metric}: {row} {guild}"
            );
            let is_mine = s(&guild["name"]) == mine;
            assert_eq!(row[1], json!(is_mine), "{row}");
            let label = if metric == "average" {
                format!("{}. {}", guild["rank"], s(&guild["name"]))
            } else {
                s(&guild["name"])
            };
            assert!(s(&row[2]).starts_with(&label), "{metric}: {row} {guild}");
        }
        if metric == "week" && device == "phone" {
            browser
                .screenshot(&format!("miniapp-{theme}-{device}-guilds-week"))
                .await;
        }
    }
    browser.click("[data-metric=average]").await;
}

/// The top participants, me among them, and my position.
async fn check_top(browser: &Browser, f: &Figures) {
    let page = browser
        .wait_until(
            "the top participants",
            r#"if (!document.querySelector('#top-chart svg')) return null;
            return {
              rows: Array.from(document.querySelectorAll('#top-chart .bar-row')).map((g) =>
                [Number(g.getAttribute('data-value')), g.classList.contains('highlight'), g.querySelector('.bar-label').textContent]),
              position: document.querySelector('#panel-top .position').textContent,
            };"#,
        )
        .await;
    let rows = page["rows"].as_array().unwrap();
    assert_eq!(rows.len(), f.board.len());
    for (row, leader) in rows.iter().zip(&f.board) {
        assert!((number(&row[0]) - number(&leader["points"])).abs() < 1e-9);
        let is_me =
            leader["rank"] == f.me["global_rank"] && leader["first_name"] == f.me["first_name"];
        assert_eq!(row[1], json!(is_me), "{row} {leader}");
    }
    assert_eq!(rows.iter().filter(|r| r[1] == json!(true)).count(), 1);
    assert_eq!(
        page["position"],
        json!(format!(
            "#{} of {} with {} points",
            f.me["global_rank"],
            f.me["participants"],
            s(&f.me["points"])
        ))
    );
}

#[tokio::test]
async fn every_tab_draws_the_demo_participants_figures_in_both_themes_on_phone_and_tablet() {
    let (db, server) = demo_server(Backend::Sqlite, 160, 3200).await;
    let (telegram_id, first_name) = demo_participant(&db).await;
    let init = init_data(telegram_id, &first_name, now(), TOKEN);
    let f = figures(&server, &init).await;
    let browser = browser().await;
    for theme in [light(), dark()] {
        for device in [PHONE, TABLET] {
            let shot = |tab: &str| format!("miniapp-{}-{}-{tab}", theme.name, device.name);
            let what = format!("{} {}", theme.name, device.name);
            browser
                .emulate(device.width, device.height, device.mobile)
                .await;
            open(&browser, &launch_url(&server, Some(&init), &theme)).await;
            check_progress(&browser, &f).await;
            let page = browser
                .execute(
                    "return getComputedStyle(document.body).backgroundColor;",
                    json!([]),
                )
                .await;
            assert_eq!(page, json!(theme.page), "{what}: the theme's colours");
            browser
                .wait_until(
                    "the competition's name",
                    "return document.getElementById('competition').textContent === 'Demo Challenge';",
                )
                .await;
            assert_readable(&browser, &format!("{what} progress")).await;
            browser.screenshot(&shot("progress")).await;
            if theme.name == "light" {
                check_progress_tap(&browser, &f).await;
                browser.screenshot(&shot("progress-tapped")).await;
            }

            show_tab(&browser, "mix").await;
            check_mix(&browser, &f).await;
            assert_readable(&browser, &format!("{what} mix")).await;
            browser.screenshot(&shot("mix")).await;

            show_tab(&browser, "guilds").await;
            browser.screenshot(&shot("guilds")).await;
            assert_readable(&browser, &format!("{what} guilds")).await;
            check_guilds(&browser, &f, device.name, theme.name).await;

            show_tab(&browser, "top").await;
            check_top(&browser, &f).await;
            assert_readable(&browser, &format!("{what} top")).await;
            browser.screenshot(&shot("top")).await;
            assert_no_problems(&browser, &what).await;
        }
    }
    browser.stop().await;
    server.stop().await;
}

#[tokio::test]
async fn a_participant_without_activities_sees_a_friendly_empty_state() {
    let (db, server) = demo_server(Backend::Sqlite, 40, 400).await;
    register(&db.store, 4242, "Ilona", "Blue Herons").await;
    let init = init_data(4242, "Ilona", now(), TOKEN);
    let browser = browser().await;
    browser.emulate(PHONE.width, PHONE.height, true).await;
    for theme in [light(), dark()] {
        open(&browser, &launch_url(&server, Some(&init), &theme)).await;
        let text = browser
            .wait_until(
                "the empty state",
                "const e = document.querySelector('#panel-me .empty'); return e && e.textContent;",
            )
            .await;
        assert!(s(&text).contains("No activities yet"), "{text}");
        assert!(s(&text).contains("Blue Herons"), "{text}");
        let charts = browser
            .execute(
                "return document.querySelectorAll('#panel-me svg.chart, #progress-chart').length;",
                json!([]),
            )
            .await;
        assert_eq!(charts, json!(0), "no empty chart");
        // A copy of her data: the button fetches it with her initData and
        // saves it as a file, and says under which name.
        browser.click("#panel-me .my-data button").await;
        let saved = browser
            .wait_until(
                "the data copy saved",
                "const p = document.querySelector('#panel-me .my-data [role=status]'); return p && p.textContent || null;",
            )
            .await;
        assert!(
            s(&saved).starts_with("Saved as activity-challenge-my-data-")
                && s(&saved).ends_with(".json."),
            "{saved}"
        );
        assert_readable(&browser, "empty progress").await;
        browser
            .screenshot(&format!("miniapp-{}-phone-empty", theme.name))
            .await;
        show_tab(&browser, "mix").await;
        let mix = browser
            .wait_until(
                "the empty mix",
                "const e = document.querySelector('#panel-mix .empty'); return e && e.textContent;",
            )
            .await;
        assert!(s(&mix).contains("after your first activity"), "{mix}");
        assert_eq!(
            browser
                .execute(
                    "return document.querySelectorAll('#mix-chart').length;",
                    json!([])
                )
                .await,
            json!(0)
        );
        browser
            .screenshot(&format!("miniapp-{}-phone-empty-mix", theme.name))
            .await;
        // The public tabs still have their figures, and Ilona's guild is marked.
        show_tab(&browser, "guilds").await;
        browser
            .wait_until(
                "Ilona's guild marked",
                "const h = document.querySelector('#guild-chart .bar-row.highlight'); return h && h.textContent.includes('Blue Herons');",
            )
            .await;
        assert_no_problems(&browser, "empty").await;
    }
    browser.stop().await;
    server.stop().await;
}

/// A competition that ranks guilds by a composite score: the guild battle
/// opens on the score, its bars carry the standings' ranks, a line states
/// the weights, and the average is one more measure to compare by.
#[tokio::test]
async fn a_composite_guild_score_leads_the_guild_battle_with_its_weights() {
    let (db, server) = demo_server(Backend::Sqlite, 40, 400).await;
    let app = crate::support::app_for(&db.store);
    let id = db.store.active_competition().await.unwrap().unwrap().id;
    let rules = activity_challenge::domain::CompetitionRules {
        guild_score: activity_challenge::domain::GuildScore::Composite {
            points: 40,
            participation: 60,
        },
        ..Default::default()
    };
    activity_challenge::actions::competitions::set_rules(
        &app,
        &activity_challenge::actions::Actor::System,
        id,
        rules,
        None,
    )
    .await
    .unwrap();
    let standings: Value = reqwest::get(format!("{}/api/v1/standings?limit=100", server.base_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(standings["score_rule"]["kind"], "composite");
    let guilds = standings["items"].as_array().unwrap().clone();
    let (telegram_id, first_name) = demo_participant(&db).await;
    let init = init_data(telegram_id, &first_name, now(), TOKEN);
    let browser = browser().await;
    browser.emulate(PHONE.width, PHONE.height, true).await;
    open(&browser, &launch_url(&server, Some(&init), &light())).await;
    show_tab(&browser, "guilds").await;
    let shown = browser
        .wait_until(
            "the guild bars by score",
            r#"const first = document.querySelector('#panel-guilds [data-metric]');
            if (!first || first.getAttribute('data-metric') !== 'score' || first.getAttribute('aria-pressed') !== 'true') return null;
            const rule = document.getElementById('score-rule');
            return {
              rule: rule && rule.textContent,
              heads: Array.from(document.querySelectorAll('#panel-guilds th')).map((h) => h.textContent),
              bars: Array.from(document.querySelectorAll('#guild-chart .bar-row')).map((g) =>
                [Number(g.getAttribute('data-value')), g.querySelector('.bar-label').textContent]),
            };"#,
        )
        .await;
    let rule = s(&shown["rule"]);
    assert!(
        rule.contains("40 % comes from points per member")
            && rule.contains("60 % from participation"),
        "{rule}"
    );
    assert!(shown["heads"].to_string().contains("Score"), "{shown}");
    let bars = shown["bars"].as_array().unwrap();
    assert_eq!(bars.len(), guilds.len());
    for (bar, guild) in bars.iter().zip(&guilds) {
        assert!(
            (number(&bar[0]) - number(&guild["score"])).abs() < 1e-9,
            "{bar} {guild}"
        );
        let label = format!("{}. {}", guild["rank"], s(&guild["name"]));
        assert!(s(&bar[1]).starts_with(&label), "{bar} {guild}");
    }
    browser.screenshot("miniapp-light-phone-guilds-score").await;
    // The average is compared by too, without the ranks beside it.
    browser.click("[data-metric=average]").await;
    let bars = browser
        .wait_until(
            "the guild bars by average",
            r#"if (document.querySelector('[data-metric=average]').getAttribute('aria-pressed') !== 'true') return null;
            return Array.from(document.querySelectorAll('#guild-chart .bar-row')).map((g) => g.querySelector('.bar-label').textContent);"#,
        )
        .await;
    let mut by_average = guilds.clone();
    by_average.sort_by(|a, b| number(&b["average"]).total_cmp(&number(&a["average"])));
    for (bar, guild) in bars.as_array().unwrap().iter().zip(&by_average) {
        assert!(s(bar).starts_with(&s(&guild["name"])), "{bar} {guild}");
    }
    assert_readable(&browser, "composite guilds").await;
    assert_no_problems(&browser, "composite guilds").await;
    browser.stop().await;
    server.stop().await;
}

#[tokio::test]
async fn stale_forged_or_missing_init_data_asks_to_open_the_app_from_the_bot() {
    let (db, server) = demo_server(Backend::Sqlite, 40, 400).await;
    let (telegram_id, first_name) = demo_participant(&db).await;
    let stale = init_data(telegram_id, &first_name, now() - 2 * 86_400, TOKEN);
    let forged = init_data(telegram_id, &first_name, now(), OTHER_TOKEN);
    let tampered = init_data(telegram_id + 1, &first_name, now(), TOKEN)
        .replace(&(telegram_id + 1).to_string(), &telegram_id.to_string());
    let stranger = init_data(99, "Stranger", now(), TOKEN);
    let browser = browser().await;
    browser.emulate(PHONE.width, PHONE.height, true).await;
    for (name, init, theme, title, says) in [
        (
            "stale",
            Some(stale.as_str()),
            light(),
            "Open the app again from the bot",
            "sign-in has expired",
        ),
        (
            "forged",
            Some(forged.as_str()),
            dark(),
            "Open the app from the bot",
            "could not be confirmed",
        ),
        (
            "tampered",
            Some(tampered.as_str()),
            light(),
            "Open the app from the bot",
            "could not be confirmed",
        ),
        (
            "missing",
            None,
            light(),
            "Open the app from the bot",
            "send /stats",
        ),
        (
            "unregistered",
            Some(stranger.as_str()),
            dark(),
            "Register in the bot first",
            "choose your guild",
        ),
    ] {
        open(&browser, &launch_url(&server, init, &theme)).await;
        let gate = browser
            .wait_until(
                &format!("the {name} screen"),
                "const g = document.querySelector('#panel-me .gate'); return g && [g.querySelector('h2').textContent, g.textContent];",
            )
            .await;
        assert_eq!(gate[0], json!(title), "{name}");
        assert!(s(&gate[1]).contains(says), "{name}: {gate}");
        assert_eq!(
            browser
                .execute(
                    "return document.querySelectorAll('#panel-me .stats, #progress-chart').length;",
                    json!([])
                )
                .await,
            json!(0),
            "{name}: no personal figures"
        );
        assert_readable(&browser, name).await;
        browser
            .screenshot(&format!("miniapp-{}-phone-gate-{name}", theme.name))
            .await;
        // The mix is personal too; the guild battle is public and still there.
        show_tab(&browser, "mix").await;
        assert!(
            browser
                .execute(
                    "return document.querySelector('#panel-mix .gate') !== null;",
                    json!([])
                )
                .await
                .as_bool()
                .unwrap(),
            "{name}: the mix asks too"
        );
        show_tab(&browser, "guilds").await;
        browser
            .wait_until(
                "the guild bars",
                "return document.querySelectorAll('#guild-chart .bar-row').length === 8;",
            )
            .await;
        assert_no_problems(&browser, name).await;
    }
    browser.stop().await;
    server.stop().await;
}

#[tokio::test]
async fn a_request_that_fails_says_so_and_can_be_tried_again() {
    let (db, server) = demo_server(Backend::Sqlite, 40, 400).await;
    let (telegram_id, first_name) = demo_participant(&db).await;
    let init = init_data(telegram_id, &first_name, now(), TOKEN);
    let browser = browser().await;
    browser.emulate(PHONE.width, PHONE.height, true).await;
    // The connection drops just as the 30 days are asked for.
    browser.cdp("Network.enable", json!({})).await;
    browser
        .cdp(
            "Network.setBlockedURLs",
            json!({ "urls": ["*/api/v1/me/daily*"] }),
        )
        .await;
    open(&browser, &launch_url(&server, Some(&init), &light())).await;
    let text = browser
        .wait_until(
            "the problem",
            "const p = document.querySelector('#panel-me .problem'); return p && p.textContent;",
        )
        .await;
    assert!(s(&text).contains("could not be reached"), "{text}");
    assert_readable(&browser, "problem").await;
    browser.screenshot("miniapp-light-phone-retry").await;
    // The other tabs are not held up by it.
    show_tab(&browser, "mix").await;
    browser
        .wait_until(
            "the donut",
            "return document.querySelector('#mix-chart svg');",
        )
        .await;
    show_tab(&browser, "me").await;
    browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await;
    browser.click("#panel-me .retry").await;
    browser
        .wait_until(
            "the progress chart after trying again",
            "return document.querySelectorAll('#progress-chart .rank-points circle').length === 30;",
        )
        .await;
    assert_no_problems(&browser, "retry").await;
    browser.stop().await;
    server.stop().await;
}

/// A stand-in for Telegram's `Telegram.WebApp`, in place before the page's
/// scripts as in a Telegram client, recording what the app asks of it.
fn telegram_stub(init: &str, theme: &Theme) -> String {
    format!(
        r#"(function () {{
  const calls = [];
  const handlers = {{}};
  const back = [];
  const main = [];
  window.__tg = {{ calls: calls, back: back, main: main, fire: function (event) {{ (handlers[event] || []).forEach(function (h) {{ h(); }}); }} }};
  function button(list) {{
    return {{
      isVisible: false, text: '',
      show: function () {{ this.isVisible = true; }},
      hide: function () {{ this.isVisible = false; }},
      setText: function (t) {{ this.text = t; }},
      onClick: function (h) {{ list.push(h); }},
      offClick: function (h) {{ const i = list.indexOf(h); if (i >= 0) list.splice(i, 1); }},
    }};
  }}
  window.Telegram = {{ WebApp: {{
    initData: {init}, version: '8.0', platform: 'android', colorScheme: {scheme}, themeParams: {params},
    isVersionAtLeast: function (v) {{ const a = String(v).split('.').map(Number); return a[0] < 8 || (a[0] === 8 && (a[1] || 0) <= 0); }},
    ready: function () {{ calls.push('ready'); }},
    expand: function () {{ calls.push('expand'); }},
    close: function () {{ calls.push('close'); }},
    setHeaderColor: function (c) {{ calls.push('header ' + c); }},
    setBackgroundColor: function (c) {{ calls.push('background ' + c); }},
    setBottomBarColor: function (c) {{ calls.push('bottom bar ' + c); }},
    onEvent: function (e, h) {{ (handlers[e] = handlers[e] || []).push(h); }},
    offEvent: function () {{}},
    BackButton: button(back),
    MainButton: button(main),
    HapticFeedback: {{ selectionChanged: function () {{ calls.push('haptic'); }} }},
  }} }};
}})();"#,
        init = json!(init),
        scheme = json!(theme.name),
        params = theme.params,
    )
}

#[tokio::test]
async fn telegrams_buttons_haptics_and_theme_changes_are_used() {
    let (db, server) = demo_server(Backend::Sqlite, 60, 900).await;
    let (telegram_id, first_name) = demo_participant(&db).await;
    let init = init_data(telegram_id, &first_name, now(), TOKEN);
    let browser = browser().await;
    browser.emulate(PHONE.width, PHONE.height, true).await;
    browser
        .add_init_script(&telegram_stub(&init, &light()))
        .await;
    // Opened as a Telegram client opens it: no fragment needed, the object is there.
    open(&browser, &format!("{}/app", server.base_url)).await;
    browser
        .wait_until(
            "the progress chart",
            "return document.querySelector('#progress-chart svg');",
        )
        .await;
    let calls = browser
        .execute("return window.__tg.calls;", json!([]))
        .await;
    for call in [
        "ready",
        "expand",
        "header #efeff4",
        "background #efeff4",
        "bottom bar #ffffff",
    ] {
        assert!(
            calls.as_array().unwrap().contains(&json!(call)),
            "{call}: {calls}"
        );
    }
    let back_visible = "return window.Telegram.WebApp.BackButton.isVisible;";
    assert_eq!(browser.execute(back_visible, json!([])).await, json!(false));

    // Another tab: Telegram's back button appears and leads back to the first.
    show_tab(&browser, "guilds").await;
    assert_eq!(browser.execute(back_visible, json!([])).await, json!(true));
    assert!(
        browser
            .execute("return window.__tg.calls.includes('haptic');", json!([]))
            .await
            .as_bool()
            .unwrap(),
        "a tab switch is felt"
    );
    browser
        .execute(
            "window.__tg.back.forEach(function (h) { h(); });",
            json!([]),
        )
        .await;
    browser
        .wait_until(
            "the first tab again",
            "return document.getElementById('tab-me').getAttribute('aria-selected') === 'true' && !window.Telegram.WebApp.BackButton.isVisible;",
        )
        .await;

    // The user switches Telegram to its night theme while the app is open.
    let night = dark();
    browser
        .execute(
            "window.Telegram.WebApp.themeParams = arguments[0]; window.Telegram.WebApp.colorScheme = 'dark'; window.__tg.fire('themeChanged');",
            json!([night.params]),
        )
        .await;
    browser
        .wait_until(
            "the night colours",
            &format!(
                "return getComputedStyle(document.body).backgroundColor === {} && document.querySelector('#progress-chart svg');",
                json!(night.page)
            ),
        )
        .await;
    assert_readable(&browser, "after the theme change").await;
    browser.screenshot("miniapp-telegram-theme-changed").await;
    assert_no_problems(&browser, "stub").await;

    // Someone who has logged nothing gets Telegram's main button back to the bot.
    register(&db.store, 4243, "Lumi", "Falcon Club").await;
    let empty = init_data(4243, "Lumi", now(), TOKEN);
    browser
        .add_init_script(&format!(
            "window.Telegram.WebApp.initData = {};",
            json!(empty)
        ))
        .await;
    open(&browser, &format!("{}/app", server.base_url)).await;
    browser
        .wait_until(
            "the main button",
            "const b = window.Telegram.WebApp.MainButton; return document.querySelector('#panel-me .empty') && b.isVisible && b.text === 'Back to the bot';",
        )
        .await;
    browser
        .execute(
            "window.__tg.main.forEach(function (h) { h(); });",
            json!([]),
        )
        .await;
    assert!(
        browser
            .execute("return window.__tg.calls.includes('close');", json!([]))
            .await
            .as_bool()
            .unwrap(),
        "the main button closes the app"
    );
    // It is not offered where it does not help.
    show_tab(&browser, "top").await;
    assert_eq!(
        browser
            .execute(
                "return window.Telegram.WebApp.MainButton.isVisible;",
                json!([])
            )
            .await,
        json!(false)
    );
    browser.stop().await;
    server.stop().await;
}

/// The paint and the app's own marks of one cold page load, in ms.
async fn measure(browser: &Browser, url: &str) -> Value {
    browser.cdp("Network.clearBrowserCache", json!({})).await;
    open(browser, url).await;
    let started = Instant::now();
    loop {
        let done = browser
            .execute(
                "return performance.getEntriesByName('miniapp:me').length > 0;",
                json!([]),
            )
            .await;
        if done == json!(true) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the first tab never drew"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    browser
        .execute(
            r#"const at = (name) => { const e = performance.getEntriesByName(name)[0]; return e ? Math.round(e.startTime) : null; };
            return {
              first_paint: at('first-paint'),
              first_contentful_paint: at('first-contentful-paint'),
              dom_content_loaded: Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd),
              progress_drawn: at('miniapp:me'),
              // When each API answer had arrived.
              api: Object.fromEntries(performance.getEntriesByType('resource')
                .filter((r) => r.name.includes('/api/v1/'))
                .map((r) => [new URL(r.name).pathname + new URL(r.name).search, [Math.round(r.startTime), Math.round(r.responseEnd)]])),
            };"#,
            json!([]),
        )
        .await
}

#[tokio::test]
async fn first_paint_on_the_demo_database() {
    // `activity-challenge demo-data` with its defaults, on PostgreSQL.
    let (db, server) = demo_server(Backend::Postgres, 1000, 5000).await;
    let (telegram_id, first_name) = demo_participant(&db).await;
    let init = init_data(telegram_id, &first_name, now(), TOKEN);
    let url = launch_url(&server, Some(&init), &light());
    let browser = browser().await;
    browser.emulate(PHONE.width, PHONE.height, true).await;
    // A warm-up load, so the server's first queries do not count.
    measure(&browser, &url).await;
    let fast = measure(&browser, &url).await;
    // A mid-range phone on a slow mobile network, as Lighthouse emulates
    // one: 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up, 4× slower CPU.
    browser.throttle(150, 200_000, 93_750, 4).await;
    let phone = measure(&browser, &url).await;
    let report = json!({ "database": "PostgreSQL, demo-data defaults: 1000 participants, 5000 activities",
        "viewport": "390x844", "desktop_speed_ms": fast, "mid_range_phone_ms": phone });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("miniapp-first-paint.json"),
        serde_json::to_string_pretty(&report).unwrap(),
    )
    .unwrap();
    println!("{report:#}");
    for run in [&fast, &phone] {
        let paint = run["first_contentful_paint"]
            .as_f64()
            .expect("a contentful paint");
        let drawn = run["progress_drawn"].as_f64().unwrap();
        assert!(paint > 0.0 && drawn > 0.0, "{run}");
    }
    // On the slow network the page paints before the API has answered: the
    // first paint does not wait for the figures.
    assert!(
        number(&phone["first_contentful_paint"]) < number(&phone["progress_drawn"]),
        "{phone}"
    );
    assert_no_problems(&browser, "first paint").await;
    browser.stop().await;
    server.stop().await;
}
