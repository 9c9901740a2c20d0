//! Scoring rules per competition: set through one audited action from the
//! panel, the command line and the API; applied when an entry is logged
//! (typed, corrected, from a workout file or imported), with totals and
//! ranks exact on both backends.

use std::sync::Arc;

use activity_challenge::actions::workouts::{CardEntry, WorkoutCard};
use activity_challenge::actions::{self, ActionError, Actor};
use activity_challenge::app::App;
use activity_challenge::domain::workout::WorkoutFormat;
use activity_challenge::domain::{
    CatalogueEntry, CompetitionDraft, CompetitionRules, DurationMinutes, Points,
};
use activity_challenge::ops::progress::Progress;
use activity_challenge::store::Store;
use activity_challenge::store::activities::LoggedActivity;
use activity_challenge::store::participants::Participant;
use chrono::{Days, NaiveDate, Utc};
use reqwest::Method;
use rust_decimal::Decimal;

use crate::admin_client::AdminClient;
use crate::support::{Backend, TestDb, add_guild, add_running_competition, app_for, register};
use crate::{each_backend, on_both_backends};

fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive()
}

fn days_ago(n: u64) -> NaiveDate {
    today() - Days::new(n)
}

pub(crate) fn organiser() -> Actor {
    Actor::Cli {
        user: "organiser".into(),
        host: "laptop".into(),
    }
}

fn entry(app: &App, code: &str) -> CatalogueEntry {
    app.catalogue.entry_by_code(code).cloned().unwrap()
}

/// Jogging, 7.5 MET (Running).
const JOG: &str = "12020";
/// Bicycling, general, 7.0 MET (Cycling).
const BIKE: &str = "01014";
/// Backpacking, 7.0 MET (Walking & hiking).
const HIKE: &str = "17010";

async fn setup(store: &Store) -> (App, Participant, Participant) {
    let app = app_for(store);
    add_guild(store, "Ants", 10).await;
    add_running_competition(store, 10, 10).await;
    let aino = register(store, 1, "Aino", "Ants").await;
    let eero = register(store, 2, "Eero", "Ants").await;
    (app, aino, eero)
}

pub(crate) async fn active_id(app: &App) -> i64 {
    app.store.active_competition().await.unwrap().unwrap().id
}

fn rules(min: &str, max: &str, daily: &str, excluded: &str, multipliers: &str) -> CompetitionRules {
    CompetitionRules::parse(
        &activity_challenge::domain::rules::RulesForm {
            min_minutes: min,
            max_minutes: max,
            daily_max_points: daily,
            excluded,
            multipliers,
            ..Default::default()
        },
        &activity_challenge::domain::Catalogue::builtin(),
    )
    .unwrap()
}

async fn log(
    app: &App,
    who: &Participant,
    code: &str,
    minutes: u32,
    date: NaiveDate,
    key: &str,
) -> Result<LoggedActivity, ActionError> {
    let entry = entry(app, code);
    actions::activities::log(
        app,
        &Actor::Participant {
            id: who.id,
            telegram_id: who.telegram_id,
        },
        actions::activities::LogRequest {
            participant: who,
            entry: &entry,
            duration: DurationMinutes::new(minutes).unwrap(),
            date,
            idempotency_key: Some(key.to_string()),
            note: None,
        },
    )
    .await
}

async fn sum_of_activities(store: &Store, user_id: i64) -> Points {
    store
        .participant_activities(user_id, 0, 10_000)
        .await
        .unwrap()
        .iter()
        .map(|a| a.points)
        .sum()
}

/// Every participant's total equals the sum of their activities, and the
/// stored rank of each equals SQL `RANK()` over the totals.
async fn assert_totals_and_ranks_exact(store: &Store, ids: &[i64]) {
    let mut totals = Vec::new();
    for id in ids {
        let p = store.participant(*id).await.unwrap();
        assert_eq!(
            p.points,
            sum_of_activities(store, *id).await,
            "participant #{id}"
        );
        totals.push(p.points);
    }
    for total in &totals {
        let expected = 1 + totals.iter().filter(|t| *t > total).count() as u64;
        let (rank, population) = store.rank_and_population(*total).await.unwrap();
        assert_eq!((rank, population), (expected, ids.len() as u64));
    }
}

on_both_backends! {
    async fn rules_apply_when_an_entry_is_logged(store: Store) {
        let (app, aino, eero) = setup(&store).await;
        let id = active_id(&app).await;
        let window = format!("x2 {}..{} Cycling", days_ago(1), today());
        let set = rules("10", "120", "20", "walking & hiking", &window);
        actions::competitions::set_rules(&app, &organiser(), id, set, None).await.unwrap();

        // Too short and excluded: refused, nothing written.
        let short = log(&app, &aino, JOG, 9, today(), "a").await.unwrap_err();
        assert!(short.to_string().contains("shorter than 10 minutes"), "{short}");
        let hike = log(&app, &aino, HIKE, 60, today(), "b").await.unwrap_err();
        assert!(hike.to_string().contains("Walking & hiking"), "{hike}");
        assert_eq!(store.count_activities().await.unwrap(), 0);

        // 180 minutes count as 120: 7.5 × 2 = 15.00.
        let long = log(&app, &aino, JOG, 180, days_ago(3), "c").await.unwrap();
        assert_eq!(long.activity.points.to_string(), "15.00");
        assert_eq!(long.activity.duration_minutes, 180);
        assert_eq!(long.not_counted, Points::ZERO);
        // The daily maximum: 7.50 more, of which 5.00 fit.
        let capped = log(&app, &aino, JOG, 60, days_ago(3), "d").await.unwrap();
        assert_eq!(capped.activity.points.to_string(), "5.00");
        assert_eq!(capped.not_counted.to_string(), "2.50");
        assert_eq!(capped.total.to_string(), "20.00");
        let notes = actions::activities::rule_notes(&app, &app.store.active_competition().await.unwrap().unwrap().rules, &capped);
        assert!(notes.iter().any(|n| n.to_string().contains("2.50 points were not counted")), "{notes:?}");
        // Full day: nothing more counts, but the entry is kept.
        let none = log(&app, &aino, JOG, 30, days_ago(3), "e").await.unwrap();
        assert_eq!((none.activity.points, none.not_counted.to_string()), (Points::ZERO, "3.75".to_string()));
        // The same confirmation again logs nothing and reports no excess.
        let again = log(&app, &aino, JOG, 30, days_ago(3), "e").await.unwrap();
        assert!(!again.newly_logged);
        assert_eq!(again.total.to_string(), "20.00");

        // Double points for cycling yesterday and today, not before.
        let bike = log(&app, &eero, BIKE, 60, days_ago(1), "f").await.unwrap();
        assert_eq!(bike.activity.points.to_string(), "14.00");
        let plain = log(&app, &eero, BIKE, 60, days_ago(2), "g").await.unwrap();
        assert_eq!(plain.activity.points.to_string(), "7.00");
        let jog = log(&app, &eero, JOG, 60, days_ago(1), "h").await.unwrap();
        assert_eq!(jog.activity.points.to_string(), "6.00", "only 6.00 fit under the daily 20 after 14.00");
        assert_eq!(jog.not_counted.to_string(), "1.50");
        assert_totals_and_ranks_exact(&store, &[aino.id, eero.id]).await;

        // The rules in force at logging: taken off, a short entry counts
        // again and the earlier entries keep their points.
        actions::competitions::set_rules(&app, &organiser(), id, CompetitionRules::default(), None)
            .await
            .unwrap();
        let short = log(&app, &aino, JOG, 8, days_ago(3), "i").await.unwrap();
        assert_eq!(short.activity.points.to_string(), "1.00");
        assert_eq!(store.participant(aino.id).await.unwrap().points.to_string(), "21.00");
        assert_totals_and_ranks_exact(&store, &[aino.id, eero.id]).await;
    }
}

on_both_backends! {
    async fn the_daily_maximum_holds_when_entries_arrive_at_once(store: Store) {
        let (app, aino, eero) = setup(&store).await;
        let id = active_id(&app).await;
        actions::competitions::set_rules(&app, &organiser(), id, rules("", "", "10", "", ""), None)
            .await
            .unwrap();
        let app = Arc::new(app);
        let mut tasks = Vec::new();
        for i in 0..12 {
            let (app, aino) = (app.clone(), aino.clone());
            // 30 minutes of jogging: 3.75 each, 45.00 in all.
            tasks.push(tokio::spawn(async move {
                log(&app, &aino, JOG, 30, today(), &format!("k{i}")).await.unwrap()
            }));
        }
        let mut not_counted = Points::ZERO;
        for t in tasks {
            not_counted += t.await.unwrap().not_counted;
        }
        assert_eq!(store.participant(aino.id).await.unwrap().points.to_string(), "10.00");
        assert_eq!(not_counted.to_string(), "35.00");

        // Without a daily maximum, entries arriving at once are written
        // together (on PostgreSQL in batches) and stay exact too.
        actions::competitions::set_rules(&app, &organiser(), id, CompetitionRules::default(), None)
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for i in 0..12 {
            let (app, eero) = (app.clone(), eero.clone());
            tasks.push(tokio::spawn(async move {
                log(&app, &eero, JOG, 30, today(), &format!("m{i}")).await.unwrap()
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(store.participant(eero.id).await.unwrap().points.to_string(), "45.00");
        assert_totals_and_ranks_exact(&store, &[aino.id, eero.id]).await;
    }
}

on_both_backends! {
    async fn setting_rules_is_one_audited_action_that_refuses_bad_input(store: Store) {
        let (app, _, _) = setup(&store).await;
        let id = active_id(&app).await;
        let audited = || async {
            store
                .list_audit(&Default::default(), 0, 100)
                .await
                .unwrap()
                .into_iter()
                .filter(|e| e.action == "competition.rules")
                .collect::<Vec<_>>()
        };
        // Bad values: every problem named, nothing written.
        let bad = CompetitionRules {
            min_minutes: Some(90),
            max_minutes: Some(30),
            excluded: vec!["Knitting".into()],
            ..Default::default()
        };
        match actions::competitions::set_rules(&app, &organiser(), id, bad, None).await {
            Err(ActionError::Invalid(errors)) => {
                let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
                assert_eq!(fields, ["max_minutes", "excluded"]);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(audited().await.is_empty());
        assert!(store.competition(id).await.unwrap().rules.is_empty());

        let before = store.competition(id).await.unwrap().version;
        let saved = actions::competitions::set_rules(&app, &organiser(), id, rules("15", "", "", "Dancing", ""), Some(before))
            .await
            .unwrap();
        assert_eq!(saved.rules.min_minutes, Some(15));
        assert_eq!(saved.version, before + 1);
        let entries = audited().await;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].details.as_deref(), Some("no rules → min 15 min; excluded: Dancing"));
        // The same rules again change nothing and record nothing.
        actions::competitions::set_rules(&app, &organiser(), id, rules("15", "", "", "dancing", ""), None)
            .await
            .unwrap();
        assert_eq!(audited().await.len(), 1);
        // A form read at the old version is refused.
        let stale = actions::competitions::set_rules(&app, &organiser(), id, rules("20", "", "", "", ""), Some(before))
            .await
            .unwrap_err();
        assert!(matches!(stale, ActionError::Conflict(_)), "{stale:?}");
        // Participants may not set rules; an ended competition keeps its own.
        let participant = Actor::Participant { id: 1, telegram_id: 1 };
        assert!(matches!(
            actions::competitions::set_rules(&app, &participant, id, CompetitionRules::default(), None).await,
            Err(ActionError::Forbidden(_))
        ));
        let past = store
            .create_competition(
                &CompetitionDraft::parse("Last year", "", "2025-01-01", "2025-01-31", "Europe/Helsinki").unwrap(),
                false,
            )
            .await
            .unwrap();
        assert!(matches!(
            actions::competitions::set_rules(&app, &organiser(), past.id, rules("5", "", "", "", ""), None).await,
            Err(ActionError::Rejected(_))
        ));
        assert_eq!(audited().await.len(), 1);
    }
}

on_both_backends! {
    async fn workout_files_and_imports_follow_the_same_rules(store: Store) {
        let (app, aino, eero) = setup(&store).await;
        let id = active_id(&app).await;
        let window = format!("x2 {}..{} Cycling", days_ago(1), today());
        actions::competitions::set_rules(&app, &organiser(), id, rules("", "", "20", "Walking & hiking", &window), None)
            .await
            .unwrap();
        let me = Actor::Participant { id: aino.id, telegram_id: aino.telegram_id };
        let card = |code: &str, minutes: u16, sha: &str| WorkoutCard {
            format: WorkoutFormat::Gpx,
            sha256: sha.repeat(64),
            entries: vec![CardEntry {
                sport: "cycling".into(),
                code: Some(code.into()),
                date: today(),
                minutes,
                started_at: Utc::now() - chrono::Duration::hours(2),
                distance_m: Some(30_000),
            }],
            left_out: Vec::new(),
        };
        let refused = actions::workouts::log_card(&app, &me, &aino, &card(HIKE, 90, "a")).await.unwrap_err();
        assert!(refused.to_string().contains("Walking & hiking"), "{refused}");
        // 90 minutes of cycling today: 10.50, doubled 21.00, 20.00 counted.
        let logged = actions::workouts::log_card(&app, &me, &aino, &card(BIKE, 90, "b")).await.unwrap();
        assert_eq!(logged[0].activity.points.to_string(), "20.00");
        assert_eq!(logged[0].not_counted.to_string(), "1.00");
        assert_eq!(card(BIKE, 90, "b").entries[0].points(&app, &app.store.active_competition().await.unwrap().unwrap().rules).unwrap().to_string(), "21.00");

        // An import: the excluded row is a problem with its line; the others
        // earn what the rules give, the daily maximum counted in file order.
        let csv = |rows: &[String]| {
            let mut text = "user_id,activity_type,duration,points,activity_date\n".to_string();
            for r in rows {
                text.push_str(r);
                text.push('\n');
            }
            text.into_bytes()
        };
        let e = eero.id;
        let bad = csv(&[
            format!("{e},Cycling (Vigorous),60,7.00,{}", today()),
            format!("{e},Backpacking (Vigorous),60,7.00,{}", today()),
        ]);
        let plan = actions::imports::check_import(&app, &bad, false).await.unwrap();
        assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
        assert_eq!(plan.problems[0].line, 3);
        assert!(plan.problems[0].message.contains("Walking & hiking"), "{}", plan.problems[0]);
        let good = csv(&[
            format!("{e},Cycling (Vigorous),60,7.00,{}", today()),
            format!("{e},Jogging (Vigorous),60,7.50,{}", today()),
            format!("{e},Cycling (Vigorous),60,7.00,{}", days_ago(5)),
        ]);
        let plan = actions::imports::check_import(&app, &good, false).await.unwrap();
        assert!(plan.problems.is_empty(), "{:?}", plan.problems);
        let points: Vec<String> = plan.rows.iter().map(|r| r.points.to_string()).collect();
        assert_eq!(points, ["14.00", "6.00", "7.00"]);
        actions::imports::import(&app, &organiser(), "rules.csv", &plan, &Progress::hidden(3))
            .await
            .unwrap();
        assert_eq!(store.participant(e).await.unwrap().points.to_string(), "27.00");
        assert_totals_and_ranks_exact(&store, &[aino.id, eero.id]).await;
    }
}

/// A server with a running competition, its panel signed in, an API token.
pub(crate) struct Frontends {
    pub(crate) panel: AdminClient,
    token: String,
}

impl Frontends {
    pub(crate) async fn start(db: &TestDb) -> Frontends {
        add_guild(&db.store, "Ants", 10).await;
        add_running_competition(&db.store, 10, 10).await;
        let panel = AdminClient::logged_in(db.config()).await;
        let token = actions::api_tokens::create(panel.server.app.as_ref(), &Actor::System, "rules")
            .await
            .unwrap()
            .secret;
        Frontends { panel, token }
    }

    pub(crate) fn app(&self) -> &App {
        &self.panel.server.app
    }

    pub(crate) async fn api(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
    ) -> (u16, serde_json::Value) {
        let server = &self.panel.server;
        let mut request = server
            .client
            .request(method, format!("{}/api/v1{path}", server.base_url))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or_default())
    }

    async fn audited(&self) -> Vec<String> {
        self.app()
            .store
            .list_audit(&Default::default(), 0, 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "competition.rules")
            .map(|e| e.actor_kind)
            .collect()
    }
}

async fn the_panel_the_command_line_and_the_api_set_and_show_the_rules(backend: Backend) {
    let db = TestDb::new(backend).await;
    let f = Frontends::start(&db).await;
    let id = active_id(f.app()).await;

    // The panel: the form is on the competition's page; bad values are
    // shown next to their fields and nothing is saved.
    let page = f.panel.get(&format!("/admin/competitions/{id}")).await;
    assert!(
        page.body.contains("name=\"daily_max_points\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("Every activity of the catalogue counts"));
    let page = f
        .panel
        .post(
            &format!("/admin/competitions/{id}/rules"),
            &[
                ("min_minutes", "ten"),
                ("max_minutes", ""),
                ("daily_max_points", "25"),
                ("excluded", ""),
                ("multipliers", ""),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body.contains("is not a whole number of minutes"),
        "{}",
        page.body
    );
    assert!(f.audited().await.is_empty());
    let page = f
        .panel
        .post(
            &format!("/admin/competitions/{id}/rules"),
            &[
                ("min_minutes", "10"),
                ("max_minutes", "180"),
                ("daily_max_points", "25"),
                ("excluded", "Dancing\n12020"),
                ("multipliers", "×2 2027-03-01..2027-03-07 Cycling"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert!(
        page.flash()
            .unwrap()
            .contains("apply to entries logged from now on")
    );
    let page = f.panel.get(&format!("/admin/competitions/{id}")).await;
    assert!(
        page.body
            .contains("At most 25.00 points per person per day"),
        "{}",
        page.body
    );
    assert!(page.body.contains("×2 points for Cycling"), "{}", page.body);

    // The command line shows and replaces them.
    let actor = organiser();
    activity_challenge::cli::run_args(f.app(), &actor, &["competition", "rules", "show"])
        .await
        .unwrap();
    let refused = activity_challenge::cli::run_args(
        f.app(),
        &actor,
        &[
            "competition",
            "rules",
            "set",
            &id.to_string(),
            "--multiplier",
            "double in March",
        ],
    )
    .await
    .unwrap_err();
    assert!(refused.to_string().contains("--multiplier"), "{refused}");
    activity_challenge::cli::run_args(
        f.app(),
        &actor,
        &[
            "competition",
            "rules",
            "set",
            &id.to_string(),
            "--min-minutes",
            "15",
            "--exclude",
            "Water sports",
        ],
    )
    .await
    .unwrap();
    let rules = f.app().store.competition(id).await.unwrap().rules;
    assert_eq!((rules.min_minutes, rules.max_minutes), (Some(15), None));
    assert_eq!(rules.excluded, ["Water sports"]);

    // The API reads and replaces them; the public competition shows them.
    let (status, body) = f
        .api(
            Method::GET,
            &format!("/admin/competitions/{id}/rules"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["rules"]["min_minutes"], 15);
    let version = body["version"].as_i64().unwrap();
    let (status, body) = f
        .api(
            Method::PUT,
            &format!("/admin/competitions/{id}/rules"),
            Some(&format!(
                r#"{{"version":{version},"rules":{{"daily_max_points":"30","multipliers":[{{"factor":"1.5","from":"2027-03-01","to":"2027-03-02"}}]}}}}"#
            )),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["rules"]["daily_max_points"], "30.00");
    let (status, body) = f
        .api(
            Method::PUT,
            &format!("/admin/competitions/{id}/rules"),
            Some(r#"{"rules":{"min_minutes":0}}"#),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = f.api(Method::GET, "/competition", None).await;
    assert_eq!(status, 200, "{body}");
    let summary = body["rules"]["summary"].to_string();
    assert!(
        summary.contains("×1.5 points for every activity"),
        "{summary}"
    );
    assert_eq!(f.audited().await, ["api", "cli", "admin"]);
    f.panel.stop().await;
}

each_backend!(
    #[tokio::test]
    the_panel_the_command_line_and_the_api_set_and_show_the_rules
);

async fn review_of(app: &App, id: i64) -> activity_challenge::domain::review::ReviewRules {
    app.store.competition(id).await.unwrap().rules.review
}

/// The review settings are set from the panel, the command line and the
/// API through the one rules action; out-of-range values are refused per
/// field; saving other rules from any of them keeps the settings.
async fn review_settings_are_set_everywhere_and_kept_when_other_rules_are_saved(backend: Backend) {
    use activity_challenge::domain::review::FlaggedEntries;
    let db = TestDb::new(backend).await;
    let f = Frontends::start(&db).await;
    let id = active_id(f.app()).await;
    let path = format!("/admin/competitions/{id}/rules");

    // The panel: the fields show the defaults; a bad value is refused next
    // to its field and nothing is saved.
    let page = f.panel.get(&format!("/admin/competitions/{id}")).await;
    assert!(
        page.body
            .contains(r#"name="max_hours_per_day" inputmode="numeric" value="12""#),
        "{}",
        page.body
    );
    let page = f
        .panel
        .post(
            &path,
            &[
                ("min_minutes", "10"),
                ("max_hours_per_day", "25"),
                ("points_factor", "x"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body.contains("is 25; it goes from 1 to 24"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("“x” is not a whole number"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(r#"id="max_hours_per_day-error""#),
        "{}",
        page.body
    );
    assert!(f.audited().await.is_empty());
    let page = f
        .panel
        .post(
            &path,
            &[
                ("min_minutes", "10"),
                ("max_hours_per_day", "10"),
                ("points_factor", "6"),
                ("repeats_per_day", "4"),
                ("backdated_days", "2"),
                ("closing_hours", "24"),
                ("flagged_entries", "after_approval"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let set = review_of(f.app(), id).await;
    assert_eq!(
        (
            set.max_hours_per_day,
            set.points_factor,
            set.repeats_per_day,
            set.backdated_days,
            set.closing_hours
        ),
        (10, 6, 4, 2, 24)
    );
    assert_eq!(set.flagged_entries, FlaggedEntries::CountAfterApproval);
    let page = f.panel.get(&format!("/admin/competitions/{id}")).await;
    assert!(
        page.body
            .contains(r#"name="points_factor" inputmode="numeric" value="6""#),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(r#"value="after_approval" checked"#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("count only once the organiser approves them"),
        "{}",
        page.body
    );

    // Other rules saved from the panel (the form as it is shown, and a
    // page from before it had the review fields): the settings stay.
    let mut shown: Vec<(&str, String)> = vec![("min_minutes", "20".into())];
    for (field, value) in [
        ("max_hours_per_day", "10"),
        ("points_factor", "6"),
        ("repeats_per_day", "4"),
        ("backdated_days", "2"),
        ("closing_hours", "24"),
        ("flagged_entries", "after_approval"),
    ] {
        shown.push((field, value.into()));
    }
    let shown: Vec<(&str, &str)> = shown.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(f.panel.post(&path, &shown).await.status, 303);
    assert_eq!(review_of(f.app(), id).await, set);
    assert_eq!(
        f.panel.post(&path, &[("min_minutes", "25")]).await.status,
        303
    );
    let rules = f.app().store.competition(id).await.unwrap().rules;
    assert_eq!((rules.min_minutes, rules.review), (Some(25), set));

    // The command line: other rules keep the settings; a setting is
    // changed by its flag; a bad one names the flag.
    let actor = organiser();
    let cli = |args: Vec<String>| {
        let app = f.app();
        let actor = actor.clone();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            activity_challenge::cli::run_args(app, &actor, &args).await
        }
    };
    let set_args = |more: &[&str]| {
        let mut v: Vec<String> = ["competition", "rules", "set", &id.to_string()]
            .iter()
            .map(|s| s.to_string())
            .collect();
        v.extend(more.iter().map(|s| s.to_string()));
        v
    };
    cli(set_args(&["--min-minutes", "15"])).await.unwrap();
    let rules = f.app().store.competition(id).await.unwrap().rules;
    assert_eq!((rules.min_minutes, rules.review), (Some(15), set));
    let refused = cli(set_args(&["--points-factor", "1"])).await.unwrap_err();
    assert!(refused.to_string().contains("--points-factor"), "{refused}");
    assert!(refused.to_string().contains("from 2 to 100"), "{refused}");
    let refused = cli(set_args(&["--flagged-entries", "later"]))
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("after_approval"), "{refused}");
    cli(set_args(&[
        "--repeats-per-day",
        "5",
        "--flagged-entries",
        "until-reviewed",
    ]))
    .await
    .unwrap();
    let now = review_of(f.app(), id).await;
    assert_eq!((now.repeats_per_day, now.max_hours_per_day), (5, 10));
    assert_eq!(now.flagged_entries, FlaggedEntries::CountUntilReviewed);
    cli(vec![
        "competition".into(),
        "rules".into(),
        "clear".into(),
        id.to_string(),
    ])
    .await
    .unwrap();
    let rules = f.app().store.competition(id).await.unwrap().rules;
    assert_eq!((rules.min_minutes, rules.review), (None, now));

    // The API: the settings are read back; other rules keep them; a
    // setting left out is kept; a bad one is a 422 naming it.
    let api_path = format!("/admin/competitions/{id}/rules");
    let (status, body) = f.api(Method::GET, &api_path, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["review"]["repeats_per_day"], 5);
    assert_eq!(body["review"]["flagged_entries"], "until_reviewed");
    let (status, body) = f
        .api(
            Method::PUT,
            &api_path,
            Some(r#"{"rules":{"min_minutes":12}}"#),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["review"]["max_hours_per_day"], 10);
    assert_eq!(review_of(f.app(), id).await, now);
    let (status, body) = f
        .api(
            Method::PUT,
            &api_path,
            Some(r#"{"rules":{},"review":{"closing_hours":1000}}"#),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("closing_hours"), "{body}");
    assert_eq!(review_of(f.app(), id).await, now);
    let (status, body) = f
        .api(
            Method::PUT,
            &api_path,
            Some(r#"{"rules":{},"review":{"flagged_entries":"after_approval","points_factor":8}}"#),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let last = review_of(f.app(), id).await;
    assert_eq!((last.points_factor, last.repeats_per_day), (8, 5));
    assert!(last.flagged_entries.withheld());
    // The public competition does not show the thresholds.
    let (_, body) = f.api(Method::GET, "/competition", None).await;
    assert!(body["rules"].get("review").is_none(), "{body}");

    let audit = f
        .app()
        .store
        .list_audit(&Default::default(), 0, 100)
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .filter(|e| e.action == "competition.rules")
            .any(|e| e
                .details
                .as_deref()
                .unwrap_or("")
                .contains("review: more than 10 h a day, points ×6")),
        "{audit:?}"
    );
    f.panel.stop().await;
}

each_backend!(
    #[tokio::test]
    review_settings_are_set_everywhere_and_kept_when_other_rules_are_saved
);

#[test]
fn an_unchanged_rule_set_is_a_decimal_free_json_document() {
    // What migration 000015 stores for every existing competition.
    assert_eq!(
        serde_json::to_string(&CompetitionRules::default()).unwrap(),
        "{}"
    );
    let r = CompetitionRules {
        daily_max_points: Some(Points::new(Decimal::new(125, 1))),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"daily_max_points":"12.50"}"#
    );
}

on_both_backends! {
    async fn corrections_and_edits_follow_the_rules_too(store: Store) {
        let (app, aino, eero) = setup(&store).await;
        let id = active_id(&app).await;
        actions::competitions::set_rules(&app, &organiser(), id, rules("", "", "10", "Dancing", ""), None)
            .await
            .unwrap();
        let jog = entry(&app, JOG);
        let correct = |minutes: u32| actions::activities::LogRequest {
            participant: &aino,
            entry: &jog,
            duration: DurationMinutes::new(minutes).unwrap(),
            date: days_ago(2),
            idempotency_key: None,
            note: Some("paper form".into()),
        };
        // 60 minutes (7.50), then 60 more of which 2.50 fit.
        let first = actions::activities::log(&app, &organiser(), correct(60)).await.unwrap();
        let second = actions::activities::log(&app, &organiser(), correct(60)).await.unwrap();
        assert_eq!((first.activity.points.to_string(), second.activity.points.to_string()), ("7.50".into(), "2.50".into()));
        assert_eq!(second.not_counted.to_string(), "5.00");
        // Editing the first down to 20 minutes (2.50): it is counted against
        // the day's other entries, not against itself.
        let edited = actions::activities::edit(
            &app,
            &organiser(),
            first.activity.id,
            actions::activities::ActivityEdit {
                entry: &jog,
                duration: DurationMinutes::new(20).unwrap(),
                date: days_ago(2),
                reason: "typo",
                version: None,
            },
        )
        .await
        .unwrap();
        assert_eq!(edited.after.points.to_string(), "2.50");
        assert_eq!(edited.total.to_string(), "5.00");
        // An excluded activity cannot be corrected in or edited to.
        let dance = app.catalogue.entries().find(|e| e.category == "Dancing").cloned().unwrap();
        let refused = actions::activities::edit(
            &app,
            &organiser(),
            first.activity.id,
            actions::activities::ActivityEdit {
                entry: &dance,
                duration: DurationMinutes::new(20).unwrap(),
                date: days_ago(2),
                reason: "other dance",
                version: None,
            },
        )
        .await
        .unwrap_err();
        assert!(refused.to_string().contains("Dancing"), "{refused}");
        assert_totals_and_ranks_exact(&store, &[aino.id, eero.id]).await;
    }
}

/// What the recompute tests log, in this order: who (0 Aino of Ants, 1
/// Eero of Bees), what, how long and how many days ago.
const HISTORY: &[(usize, &str, u32, u64)] = &[
    (0, JOG, 180, 3),
    (0, JOG, 60, 3),
    (0, JOG, 30, 3),
    (0, HIKE, 60, 2),
    (0, JOG, 8, 2),
    (1, BIKE, 60, 1),
    (1, JOG, 60, 1),
    (1, BIKE, 60, 0),
    (1, BIKE, 120, 2),
    (0, JOG, 45, 0),
];

/// The new rules: 10–120 minutes, 20 points a day, no hiking, cycling
/// doubled yesterday and today.
fn new_rules() -> CompetitionRules {
    rules(
        "10",
        "120",
        "20",
        "walking & hiking",
        &format!("x2 {}..{} Cycling", days_ago(1), today()),
    )
}

/// Two guilds, one participant each, and the history logged under `set`
/// (entries the rules refuse are left out). The entries' keys are their
/// places in the history.
async fn competition_with_history(store: &Store, set: CompetitionRules) -> (App, [Participant; 2]) {
    let app = app_for(store);
    add_guild(store, "Ants", 2).await;
    add_guild(store, "Bees", 2).await;
    add_running_competition(store, 10, 10).await;
    let people = [
        register(store, 1, "Aino", "Ants").await,
        register(store, 2, "Eero", "Bees").await,
    ];
    let id = active_id(&app).await;
    actions::competitions::set_rules(&app, &organiser(), id, set, None)
        .await
        .unwrap();
    for (i, (who, code, minutes, ago)) in HISTORY.iter().enumerate() {
        match log(
            &app,
            &people[*who],
            code,
            *minutes,
            days_ago(*ago),
            &format!("k{i}"),
        )
        .await
        {
            Ok(_) | Err(ActionError::Rejected(_)) => {}
            Err(e) => panic!("entry {i}: {e}"),
        }
    }
    (app, people)
}

/// Each history entry's points (`None`: not logged); each entry is one
/// person's only one of its activity, length and day.
async fn points_by_key(store: &Store, people: &[Participant]) -> Vec<Option<Points>> {
    let mut found = std::collections::HashMap::new();
    for (who, p) in people.iter().enumerate() {
        for a in store.participant_activities(p.id, 0, 1000).await.unwrap() {
            let key = (
                who,
                a.compendium_code.clone().unwrap(),
                u32::from(a.duration_minutes),
                a.activity_date,
            );
            assert!(found.insert(key, a.points).is_none());
        }
    }
    HISTORY
        .iter()
        .map(|(who, code, minutes, ago)| {
            found
                .get(&(*who, code.to_string(), *minutes, days_ago(*ago)))
                .copied()
        })
        .collect()
}

/// A recompute under new rules gives every entry, total, rank and guild
/// standing what logging the same entries under those rules from the
/// start gives; its preview changes nothing and says the same.
async fn a_recompute_equals_a_fresh_calculation(backend: Backend) {
    let fresh_db = TestDb::new(backend).await;
    let (_, fresh_people) = competition_with_history(&fresh_db.store, new_rules()).await;
    let fresh = points_by_key(&fresh_db.store, &fresh_people).await;
    let fresh_totals = [
        fresh_db
            .store
            .participant(fresh_people[0].id)
            .await
            .unwrap()
            .points,
        fresh_db
            .store
            .participant(fresh_people[1].id)
            .await
            .unwrap()
            .points,
    ];
    let fresh_standings = fresh_db.store.guild_standings().await.unwrap();

    let db = TestDb::new(backend).await;
    let (app, people) = competition_with_history(&db.store, CompetitionRules::default()).await;
    let id = active_id(&app).await;
    let before = points_by_key(&db.store, &people).await;
    assert!(
        before.iter().all(Option::is_some),
        "every entry counts without rules"
    );
    // Without rules Aino's guild leads; with them, Eero's.
    assert_eq!(db.store.guild_standings().await.unwrap()[0].name, "Ants");
    assert_eq!(fresh_standings[0].name, "Bees");
    actions::competitions::set_rules(&app, &organiser(), id, new_rules(), None)
        .await
        .unwrap();

    // The preview: nothing written, and it says what the fresh
    // calculation has.
    let preview = actions::competitions::recompute(&app, &organiser(), id, false)
        .await
        .unwrap();
    assert!(!preview.applied);
    assert_eq!(points_by_key(&db.store, &people).await, before);
    assert_eq!(preview.entries_checked, HISTORY.len());
    let differs = before
        .iter()
        .zip(&fresh)
        .filter(|(b, f)| Some(f.unwrap_or(Points::ZERO)) != **b)
        .count();
    assert_eq!(preview.entries_changed, differs);
    assert!(differs >= 5, "{differs}");
    for (p, total) in people.iter().zip(fresh_totals) {
        let change = preview.people.iter().find(|c| c.id == p.id).unwrap();
        assert_eq!(
            change.before,
            db.store.participant(p.id).await.unwrap().points
        );
        assert_eq!(change.after, total, "{}", p.first_name);
    }
    let guild = |name: &str| {
        preview
            .guilds
            .iter()
            .find(|g| g.name == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (guild("Ants").rank_before, guild("Ants").rank_after),
        (1, 2)
    );
    assert_eq!(
        (guild("Bees").rank_before, guild("Bees").rank_after),
        (2, 1)
    );
    assert_eq!(preview.guilds[0].name, "Bees");
    for g in &fresh_standings.guilds {
        assert_eq!(guild(&g.name).average_after, g.average, "{}", g.name);
        assert_eq!(guild(&g.name).score_after, g.score, "{}", g.name);
    }

    // Applied: each entry has what it has in the fresh calculation (an
    // entry the rules now leave out earns nothing but stays), totals equal
    // the sums, ranks and rank counts are exact, standings the same.
    let done = actions::competitions::recompute(&app, &organiser(), id, true)
        .await
        .unwrap();
    assert!(done.applied);
    assert_eq!(done.entries_changed, differs);
    let after = points_by_key(&db.store, &people).await;
    for (i, (a, f)) in after.iter().zip(&fresh).enumerate() {
        assert_eq!(
            a.unwrap(),
            f.unwrap_or(Points::ZERO),
            "entry {i} {:?}",
            HISTORY[i]
        );
    }
    assert_totals_and_ranks_exact(&db.store, &[people[0].id, people[1].id]).await;
    assert!(
        db.store
            .check_points(false)
            .await
            .unwrap()
            .drifts
            .is_empty()
    );
    let standings = db.store.guild_standings().await.unwrap();
    for (g, f) in standings.iter().zip(&fresh_standings) {
        assert_eq!(
            (&g.name, g.rank, g.total_points),
            (&f.name, f.rank, f.total_points)
        );
    }
    let audit = db
        .store
        .list_audit(&Default::default(), 0, 10)
        .await
        .unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "competition.recompute")
        .expect("audited");
    assert_eq!(entry.actor_kind, "cli");
    assert!(
        entry
            .details
            .as_deref()
            .unwrap()
            .starts_with(&format!("{differs} of 10 entries changed")),
        "{:?}",
        entry.details
    );

    // Again: nothing left to change, nothing audited.
    let again = actions::competitions::recompute(&app, &organiser(), id, true)
        .await
        .unwrap();
    assert_eq!(again.entries_changed, 0);
    let audited = db
        .store
        .list_audit(&Default::default(), 0, 20)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == "competition.recompute")
        .count();
    assert_eq!(audited, 1);
}

each_backend!(
    #[tokio::test]
    a_recompute_equals_a_fresh_calculation
);

/// The panel previews and applies a recompute, the API does the same, a
/// participant may not, and only the active competition's points are
/// recomputed.
async fn the_panel_and_the_api_preview_and_apply_a_recompute(backend: Backend) {
    let db = TestDb::new(backend).await;
    let f = Frontends::start(&db).await;
    let app = f.app();
    let id = active_id(app).await;
    let aino = register(&app.store, 1, "Aino", "Ants").await;
    log(app, &aino, JOG, 180, days_ago(1), "a").await.unwrap();
    log(app, &aino, JOG, 60, days_ago(1), "b").await.unwrap();
    actions::competitions::set_rules(app, &organiser(), id, rules("", "120", "", "", ""), None)
        .await
        .unwrap();

    // The competition's page offers the preview, which shows Aino's
    // 30.00 → 22.50 and changes nothing.
    let page = f.panel.get(&format!("/admin/competitions/{id}")).await;
    assert!(
        page.body
            .contains(&format!("/admin/competitions/{id}/recompute")),
        "{}",
        page.body
    );
    let preview = f
        .panel
        .get(&format!("/admin/competitions/{id}/recompute"))
        .await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("1 of 2 entries"), "{}", preview.body);
    assert!(
        preview.body.contains("Aino") && preview.body.contains("22.50"),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("-7.50"), "{}", preview.body);
    assert_eq!(
        app.store
            .participant(aino.id)
            .await
            .unwrap()
            .points
            .to_string(),
        "30.00"
    );

    // The API's preview says the same.
    let (status, body) = f
        .api(
            Method::POST,
            &format!("/admin/competitions/{id}/rules/recompute"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["applied"], false);
    assert_eq!(body["entries_changed"], 1);
    assert_eq!(body["participants"][0]["before"], "30.00");
    assert_eq!(body["participants"][0]["after"], "22.50");

    // Applied from the panel.
    let done = f
        .panel
        .post(&format!("/admin/competitions/{id}/recompute"), &[])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(
        done.flash().unwrap_or_default().contains("Recomputed"),
        "{:?}",
        done.flash()
    );
    assert_eq!(
        app.store
            .participant(aino.id)
            .await
            .unwrap()
            .points
            .to_string(),
        "22.50"
    );
    let (status, body) = f
        .api(
            Method::POST,
            &format!("/admin/competitions/{id}/rules/recompute?apply=true"),
            None,
        )
        .await;
    assert_eq!(
        (status, body["entries_changed"].clone()),
        (200, serde_json::json!(0))
    );

    // Not for participants, and not for a competition that is not active.
    let participant = Actor::Participant {
        id: aino.id,
        telegram_id: aino.telegram_id,
    };
    assert!(matches!(
        actions::competitions::recompute(app, &participant, id, true).await,
        Err(ActionError::Forbidden(_))
    ));
    let draft = CompetitionDraft::parse(
        "Spring",
        "",
        &(today() + Days::new(30)).to_string(),
        &(today() + Days::new(40)).to_string(),
        "Europe/Helsinki",
    )
    .unwrap();
    let draft = actions::competitions::create(
        app,
        &organiser(),
        &draft,
        actions::competitions::Activation::Draft,
    )
    .await
    .unwrap();
    let refused = actions::competitions::recompute(app, &organiser(), draft.id, false)
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("not the active competition"),
        "{refused}"
    );
    let page = f
        .panel
        .get(&format!("/admin/competitions/{}/recompute", draft.id))
        .await;
    assert_eq!(page.status, 303);
    f.panel.stop().await;
}

each_backend!(
    #[tokio::test]
    the_panel_and_the_api_preview_and_apply_a_recompute
);
