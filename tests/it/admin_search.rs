//! Finding a person: by full name, by parts of words, without accents, in
//! any order, on both databases, in the panel and the API.

use activity_challenge::store::participants::NewParticipant;
use activity_challenge::store::search::ParticipantFilter;

use crate::admin_client::AdminClient;
use crate::each_backend;
use crate::support::{Backend, TestDb, add_guild};

async fn people(client: &AdminClient) {
    add_guild(client.store(), "Alpha", 10).await;
    for (id, username, first, last) in [
        (1, Some("helmi_l"), "Helmi", Some("Lindqvist")),
        (2, Some("vaiski"), "Väinö", Some("Mäkelä")),
        (3, None, "Åsa", Some("Öhman")),
        (4, Some("liisa"), "Liisa", Some("Helminen")),
        (5, Some("josé"), "José", Some("Núñez")),
    ] {
        client
            .store()
            .register_participant(NewParticipant {
                telegram_id: 1000 + id,
                username: username.map(str::to_string),
                first_name: first.into(),
                last_name: last.map(str::to_string),
                guild: "Alpha".into(),
                is_test_user: false,
            })
            .await
            .unwrap();
    }
}

async fn names(client: &AdminClient, q: &str) -> Vec<String> {
    let mut found: Vec<String> = client
        .store()
        .search_participants(
            &ParticipantFilter {
                text: q.into(),
                guild: None,
            },
            0,
            50,
        )
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.display_name())
        .collect();
    found.sort();
    found
}

async fn people_are_found_by_full_names_parts_and_without_accents(backend: Backend) {
    let db = TestDb::new(backend).await;
    let client = AdminClient::logged_in(db.config()).await;
    people(&client).await;
    // Both words in any of the names: Liisa Helminen has them too.
    assert_eq!(
        names(&client, "Helmi Li").await,
        ["Helmi Lindqvist", "Liisa Helminen"]
    );
    assert_eq!(names(&client, "Helmi Lind").await, ["Helmi Lindqvist"]);
    assert_eq!(names(&client, "lindqvist helmi").await, ["Helmi Lindqvist"]);
    assert_eq!(
        names(&client, "helmi").await,
        ["Helmi Lindqvist", "Liisa Helminen"]
    );
    assert_eq!(names(&client, "Vaino").await, ["Väinö Mäkelä"]);
    assert_eq!(names(&client, "makela").await, ["Väinö Mäkelä"]);
    assert_eq!(names(&client, "MÄKELÄ").await, ["Väinö Mäkelä"]);
    assert_eq!(names(&client, "asa ohman").await, ["Åsa Öhman"]);
    assert_eq!(names(&client, "jose nunez").await, ["José Núñez"]);
    assert_eq!(names(&client, "@vaiski").await, ["Väinö Mäkelä"]);
    assert_eq!(names(&client, "1002").await, ["Väinö Mäkelä"]);
    assert!(
        names(&client, "helmi mäkelä").await.is_empty(),
        "every word must match"
    );
    assert!(names(&client, "100%").await.is_empty());
    // The page and the API search the same way.
    let page = client.get("/admin/participants?q=Helmi+Lindq").await;
    assert!(page.body.contains("Helmi Lindqvist") && !page.body.contains("Liisa"));
    let page = client.get("/admin/participants?q=vaino+makela").await;
    assert!(page.body.contains("Väinö Mäkelä"));
    let list = client.get("/admin/activities?who=makela").await;
    assert_eq!(list.status, 200);
    client.stop().await;
}

each_backend!(
    #[tokio::test]
    people_are_found_by_full_names_parts_and_without_accents
);

#[test]
fn the_database_folds_letters_as_the_search_does() {
    let (fold, wide) = activity_challenge::domain::search::fold_tables();
    let migration: Vec<(String, String)> = migration::m20261203_000008_organiser_tools::SEARCH_FOLD
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect();
    assert_eq!(fold, migration);
    let migration_wide: Vec<(String, String)> =
        migration::m20261203_000008_organiser_tools::SEARCH_FOLD_WIDE
            .iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect();
    assert_eq!(wide, migration_wide);
}
