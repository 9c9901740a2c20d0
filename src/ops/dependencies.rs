//! Which tables depend on which through foreign keys: what a table backup
//! must bring along, the order rows load in, and which tables a table
//! restore must replace together.

use std::collections::BTreeSet;

/// `tables` plus every table they reference, directly or not (what their
/// rows need to load into an empty schema), in loading order.
pub fn with_referenced(tables: &[String], foreign_keys: &[(String, String)]) -> Vec<String> {
    let mut all: BTreeSet<String> = tables.iter().cloned().collect();
    loop {
        let more: Vec<String> = foreign_keys
            .iter()
            .filter(|(child, parent)| all.contains(child) && !all.contains(parent))
            .map(|(_, parent)| parent.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        all.extend(more);
    }
    loading_order(&all.into_iter().collect::<Vec<_>>(), foreign_keys)
}

/// `tables` ordered so that every table comes after the tables it
/// references (ties by name). A cycle, which the schema does not have,
/// keeps the remaining tables in name order.
pub fn loading_order(tables: &[String], foreign_keys: &[(String, String)]) -> Vec<String> {
    let mut left: BTreeSet<String> = tables.iter().cloned().collect();
    let mut order = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready = left
            .iter()
            .find(|t| {
                !foreign_keys
                    .iter()
                    .any(|(child, parent)| child == *t && parent != *t && left.contains(parent))
            })
            .cloned()
            .unwrap_or_else(|| left.iter().next().cloned().expect("not empty"));
        left.remove(&ready);
        order.push(ready);
    }
    order
}

/// The tables outside `tables` that reference one of them, each with the
/// table it references: emptying `tables` would break their rows.
pub fn referenced_from_outside(
    tables: &[String],
    foreign_keys: &[(String, String)],
) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = foreign_keys
        .iter()
        .filter(|(child, parent)| tables.contains(parent) && !tables.contains(child))
        .cloned()
        .collect();
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fks() -> Vec<(String, String)> {
        [
            ("users", "guilds"),
            ("activities", "users"),
            ("feedback", "users"),
            ("activities_archive", "users"),
            ("favourites", "users"),
            ("admin_sessions", "admin_users"),
            ("audit_log", "admin_users"),
        ]
        .iter()
        .map(|(c, p)| (c.to_string(), p.to_string()))
        .collect()
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_table_brings_what_it_references_in_loading_order() {
        assert_eq!(
            with_referenced(&names(&["activities"]), &fks()),
            names(&["guilds", "users", "activities"])
        );
        assert_eq!(
            with_referenced(&names(&["competitions"]), &fks()),
            names(&["competitions"])
        );
    }

    #[test]
    fn rows_load_after_the_rows_they_reference() {
        assert_eq!(
            loading_order(&names(&["feedback", "activities", "users"]), &fks()),
            names(&["users", "activities", "feedback"])
        );
    }

    #[test]
    fn emptying_users_needs_every_table_that_references_it() {
        assert_eq!(
            referenced_from_outside(&names(&["users", "activities", "feedback"]), &fks()),
            vec![
                ("activities_archive".to_string(), "users".to_string()),
                ("favourites".to_string(), "users".to_string())
            ]
        );
        assert!(referenced_from_outside(&names(&["activities"]), &fks()).is_empty());
    }
}
