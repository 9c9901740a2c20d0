//! Demo data: test users with MET-correct activities whose totals add up.

use std::collections::HashSet;

use activity_challenge::domain::{DurationMinutes, Points};
use activity_challenge::ops::demo::{DemoOptions, generate};
use activity_challenge::ops::progress::Progress;
use activity_challenge::store::Store;
use sea_orm::{ConnectionTrait, Statement};

use crate::on_both_backends;
use crate::support::catalogue;

const USERS: u64 = 300;
const ACTIVITIES: u64 = 1500;

struct UserRow {
    telegram_id: i64,
    username: Option<String>,
    is_test_user: bool,
    guild: Option<String>,
}

async fn users(store: &Store) -> Vec<UserRow> {
    store
        .connection()
        .query_all_raw(Statement::from_string(
            store.backend(),
            "SELECT telegram_id, username, is_test_user, guild FROM users ORDER BY telegram_id",
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|r| UserRow {
            telegram_id: r.try_get("", "telegram_id").unwrap(),
            username: r.try_get("", "username").unwrap(),
            is_test_user: r.try_get("", "is_test_user").unwrap(),
            guild: r.try_get("", "guild").unwrap(),
        })
        .collect()
}

async fn activity_ids(store: &Store) -> Vec<i64> {
    store
        .connection()
        .query_all_raw(Statement::from_string(
            store.backend(),
            "SELECT id FROM activities ORDER BY id",
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect()
}

async fn run(store: &Store) -> activity_challenge::ops::demo::DemoSummary {
    let options = DemoOptions {
        users: USERS,
        activities: ACTIVITIES,
        seed: 2025,
    };
    generate(
        store,
        &catalogue(),
        &options,
        &Progress::hidden(USERS + ACTIVITIES),
    )
    .await
    .expect("demo data generated")
}

on_both_backends! {
    async fn demo_data_is_consistent_and_can_be_added_twice(store: Store) {
        let summary = run(&store).await;
        assert_eq!((summary.users, summary.activities), (USERS, ACTIVITIES));
        assert_eq!(summary.guilds_created, 8);
        assert!(summary.competition_created);
        assert_eq!(store.count_participants().await.unwrap(), USERS);
        assert_eq!(store.count_activities().await.unwrap(), ACTIVITIES);

        // Every participant is a test user, found by the guide's cleanup query.
        let first = users(&store).await;
        let guilds: HashSet<String> = store
            .active_guilds()
            .await
            .unwrap()
            .into_iter()
            .map(|g| g.name)
            .collect();
        assert_eq!(guilds.len(), 8);
        assert_no_guild_over_its_members(&store).await;
        for u in &first {
            assert!(u.is_test_user, "{}", u.telegram_id);
            let name = u.username.as_deref().unwrap_or_default();
            assert!(name.starts_with("test"), "{name:?}");
            assert!(
                guilds.contains(u.guild.as_deref().unwrap_or_default()),
                "{:?}",
                u.guild
            );
        }

        // Totals are the sums of the activities, never negative, and some
        // participants never logged anything.
        let report = store.check_points(false).await.unwrap();
        assert_eq!(report.participants, USERS);
        assert!(
            report.drifts.is_empty(),
            "{:?}",
            &report.drifts[..report.drifts.len().min(5)]
        );
        let board = store.leaderboard(USERS).await.unwrap();
        assert_eq!(board.len() as u64, USERS);
        assert!(board.iter().all(|e| e.points >= Points::ZERO));
        assert!(board[0].points > Points::ZERO);

        // Activities earn MET × minutes ÷ 60, rounded half up, inside the
        // competition's window.
        let competition = store
            .active_competition()
            .await
            .unwrap()
            .expect("a demo competition");
        let catalogue = catalogue();
        let ids = activity_ids(&store).await;
        assert_eq!(ids.len() as u64, ACTIVITIES);
        for id in ids.iter().step_by(23) {
            let a = store.activity(*id).await.unwrap();
            let code = a
                .compendium_code
                .as_deref()
                .expect("demo activities come from the catalogue");
            let entry = catalogue.entry_by_code(code).expect("a known code");
            assert_eq!(a.met, Some(entry.met.value()), "activity {id}");
            assert_eq!(a.activity_type, entry.label());
            let minutes = DurationMinutes::new(u32::from(a.duration_minutes)).unwrap();
            assert_eq!(
                a.points,
                Points::for_activity(entry.met, minutes),
                "activity {id}: {} MET × {minutes}",
                entry.met
            );
            assert!(
                competition.start_date <= a.activity_date && a.activity_date <= competition.end_date
            );
        }

        // A second run adds as many again, with new Telegram ids: into the
        // places the guilds have left, and demo guilds of its own for the
        // rest, so that no guild has more participants than members.
        let again = run(&store).await;
        assert!(!again.competition_created);
        assert_eq!(again.guilds_created, 8);
        assert_no_guild_over_its_members(&store).await;
        assert_eq!(store.count_participants().await.unwrap(), 2 * USERS);
        assert_eq!(store.count_activities().await.unwrap(), 2 * ACTIVITIES);
        let both = users(&store).await;
        let distinct: HashSet<i64> = both.iter().map(|u| u.telegram_id).collect();
        assert_eq!(distinct.len() as u64, 2 * USERS);
        let first_max = first.iter().map(|u| u.telegram_id).max().unwrap();
        let added: Vec<&UserRow> = both.iter().filter(|u| u.telegram_id > first_max).collect();
        assert_eq!(added.len() as u64, USERS);
        assert!(both.iter().all(|u| u.is_test_user));
        assert_eq!(store.active_guilds().await.unwrap().len(), 16);
        assert!(store.check_points(false).await.unwrap().drifts.is_empty());
    }
}

async fn assert_no_guild_over_its_members(store: &Store) {
    for g in store.guild_standings().await.unwrap() {
        assert!(
            g.registered <= u64::from(g.configured_members),
            "{}: {} registered of {} members",
            g.name,
            g.registered,
            g.configured_members
        );
    }
}

on_both_backends! {
    async fn demo_data_fills_an_organisers_guilds_and_a_finished_competitions_days(store: Store) {
        use activity_challenge::domain::{CompetitionDraft, GuildDraft};
        // The README's competition, finished, and its two guilds.
        let draft = CompetitionDraft::parse(
            "Winter Challenge", "", "2025-12-01", "2025-12-24", "Europe/Helsinki",
        )
        .unwrap();
        store.create_competition(&draft, true).await.unwrap();
        for (name, members) in [("Blue Herons", "40"), ("Falcon Club", "55")] {
            store.create_guild(&GuildDraft::parse(name, members).unwrap()).await.unwrap();
        }
        let summary = run(&store).await;
        assert!(!summary.competition_created);

        // 95 places in the two guilds: they are filled, the other 205
        // participants go to demo guilds; participation never passes 100 %.
        assert_no_guild_over_its_members(&store).await;
        let standings = store.guild_standings().await.unwrap();
        for name in ["Blue Herons", "Falcon Club"] {
            let g = standings.iter().find(|g| g.name == name).unwrap();
            assert_eq!(u64::from(g.configured_members), g.registered, "{name} is full");
        }
        assert_eq!(summary.guilds_created, 8);

        // Activities spread over the whole competition, not its first day.
        let dates: HashSet<chrono::NaiveDate> = {
            let mut found = HashSet::new();
            for id in activity_ids(&store).await {
                found.insert(store.activity(id).await.unwrap().activity_date);
            }
            found
        };
        let first = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let last = chrono::NaiveDate::from_ymd_opt(2025, 12, 24).unwrap();
        assert!(dates.iter().all(|d| first <= *d && *d <= last), "{dates:?}");
        assert_eq!(dates.len(), 24, "every day of the competition has activities");
    }
}

on_both_backends! {
    async fn demo_activities_wait_for_the_competition_to_start(store: Store) {
        use activity_challenge::domain::CompetitionDraft;
        let start = crate::support::today() + chrono::Days::new(10);
        let draft = CompetitionDraft::parse(
            "Spring Challenge",
            "",
            &start.to_string(),
            &(start + chrono::Days::new(20)).to_string(),
            "Europe/Helsinki",
        )
        .unwrap();
        store.create_competition(&draft, true).await.unwrap();
        let err = generate(
            &store,
            &catalogue(),
            &DemoOptions { users: 10, activities: 50, seed: 1 },
            &Progress::hidden(60),
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains("would be dated in the future"), "{err}");
        assert_eq!(store.count_participants().await.unwrap(), 0);
        let only_people = generate(
            &store,
            &catalogue(),
            &DemoOptions { users: 10, activities: 0, seed: 1 },
            &Progress::hidden(10),
        )
        .await
        .unwrap();
        assert_eq!(only_people.users, 10);
    }
}
