//! The activity catalogue: categories → activities → intensities, read
//! from a validated CSV file.
//!
//! Searching lives in `catalogue_search.rs` and free-text entry parsing in
//! `quick_entry.rs`; both are re-exported here so the whole catalogue API is
//! reachable as `domain::catalogue::*`.

use std::collections::HashMap;
use std::sync::LazyLock;

use thiserror::Error;

pub use super::intensity::{Intensity, UnknownIntensity};
pub use super::quick_entry::{QuickEntry, parse_quick_entry};

use super::points::Met;

/// The columns every catalogue file starts with, in order.
pub const CATALOGUE_HEADER: [&str; 6] = [
    "category",
    "activity",
    "intensity",
    "code",
    "met",
    "description",
];

/// One selectable activity at one intensity, e.g. Swimming (Vigorous).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    /// The group shown first, e.g. "Water sports".
    pub category: String,
    /// The activity name, e.g. "Swimming".
    pub activity: String,
    /// The intensity band; always matches `met`.
    pub intensity: Intensity,
    /// The five-digit Compendium of Physical Activities code.
    pub code: String,
    /// The MET value that points are computed from.
    pub met: Met,
    /// The Compendium's description, shown to help people choose.
    pub description: String,
}

impl CatalogueEntry {
    /// "{activity} ({intensity})", e.g. "Swimming (Vigorous)". This is what
    /// the database stores as `activity_type`.
    pub fn label(&self) -> String {
        format!("{} ({})", self.activity, self.intensity)
    }
}

/// An activity with its available intensities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// The activity name, e.g. "Swimming".
    pub name: String,
    /// One entry per available intensity, sorted Light, Moderate, Vigorous.
    pub entries: Vec<CatalogueEntry>,
}

impl Activity {
    /// The entry at `intensity`, if the activity has one.
    pub fn entry(&self, intensity: Intensity) -> Option<&CatalogueEntry> {
        self.entries.iter().find(|e| e.intensity == intensity)
    }
}

/// A group of activities, e.g. "Water sports".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// The category name.
    pub name: String,
    /// Activities in order of first appearance in the file.
    pub activities: Vec<Activity>,
}

impl Category {
    /// The activity called exactly `name` in this category.
    pub fn activity(&self, name: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.name == name)
    }
}

/// A catalogue file that cannot be used, with the 1-based file line at
/// fault (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}: {reason}")]
pub struct CatalogueError {
    /// The 1-based line in the file.
    pub line: usize,
    /// What is wrong there and how to fix it.
    pub reason: String,
}

impl CatalogueError {
    fn new(line: usize, reason: impl Into<String>) -> CatalogueError {
        CatalogueError {
            line,
            reason: reason.into(),
        }
    }
}

/// The validated activity catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    categories: Vec<Category>,
    len: usize,
}

static BUILTIN: LazyLock<Catalogue> = LazyLock::new(|| {
    // The file is compiled in and a unit test parses it, so a failure here
    // is a build defect, not bad user input.
    Catalogue::parse(include_str!("../../data/catalogue.csv"))
        .unwrap_or_else(|e| panic!("the built-in data/catalogue.csv is invalid: {e}"))
});

impl Catalogue {
    /// The catalogue shipped in `data/catalogue.csv`.
    pub fn builtin() -> Catalogue {
        BUILTIN.clone()
    }

    /// Parses and validates catalogue CSV (header
    /// `category,activity,intensity,code,met,description`, RFC 4180
    /// quoting, optional BOM, blank lines skipped). Stops at the first
    /// problem.
    pub fn parse(csv_text: &str) -> Result<Catalogue, CatalogueError> {
        let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut builder = Builder::default();
        let mut header_seen = false;
        for result in reader.records() {
            let record = result.map_err(|e| csv_error(text, e))?;
            let line = record.position().map_or(1, |p| line_at(text, p.byte()));
            let fields: Vec<&str> = record.iter().map(str::trim).collect();
            if fields.iter().all(|f| f.is_empty()) {
                continue;
            }
            if header_seen {
                builder.add(line, parse_row(line, &fields)?)?;
            } else {
                check_header(line, &fields)?;
                header_seen = true;
            }
        }
        builder.finish()
    }

    /// Categories in order of first appearance in the file.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// The category called exactly `name`.
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.name == name)
    }

    /// Every activity with its category, in file order. Activity names are
    /// not unique across categories ("Water aerobics" is in two), which is
    /// why the category comes along.
    pub fn activities(&self) -> impl Iterator<Item = (&Category, &Activity)> {
        self.categories
            .iter()
            .flat_map(|c| c.activities.iter().map(move |a| (c, a)))
    }

    /// Every entry, category by category.
    pub fn entries(&self) -> impl Iterator<Item = &CatalogueEntry> {
        self.categories
            .iter()
            .flat_map(|c| &c.activities)
            .flat_map(|a| &a.entries)
    }

    /// The entry with this Compendium code (codes are unique).
    pub fn entry_by_code(&self, code: &str) -> Option<&CatalogueEntry> {
        self.entries().find(|e| e.code == code)
    }

    /// The first entry, in file order, whose [`CatalogueEntry::label`] is
    /// `label`. Labels can repeat across categories (the built-in
    /// "Water aerobics (Moderate)" does); the first one wins.
    pub fn entry_by_label(&self, label: &str) -> Option<&CatalogueEntry> {
        self.entries().find(|e| e.label() == label)
    }

    /// The entry for an exact category, activity and intensity.
    pub fn find(
        &self,
        category: &str,
        activity: &str,
        intensity: Intensity,
    ) -> Option<&CatalogueEntry> {
        self.category(category)?
            .activity(activity)?
            .entry(intensity)
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no entries (never true for a parsed catalogue).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The 1-based line of the record the csv reader places at `byte`.
///
/// The reader's own line numbers ignore skipped blank lines, and its byte
/// offset is where the previous record ended, so skip the blank lines from
/// there and count line breaks up to the record's first character.
fn line_at(text: &str, byte: u64) -> usize {
    let bytes = text.as_bytes();
    let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
        start += 1;
    }
    let before = &bytes[..start];
    let breaks = before
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n')))
        .count();
    breaks + 1
}

fn csv_error(text: &str, error: csv::Error) -> CatalogueError {
    let line = error.position().map_or(1, |p| line_at(text, p.byte()));
    CatalogueError::new(
        line,
        format!("the row could not be read as CSV ({error}); check the quoting on this line."),
    )
}

fn check_header(line: usize, fields: &[&str]) -> Result<(), CatalogueError> {
    if fields == CATALOGUE_HEADER {
        return Ok(());
    }
    Err(CatalogueError::new(
        line,
        format!(
            "the header must be exactly \"{}\", but it is \"{}\"; put that header on the first line.",
            CATALOGUE_HEADER.join(","),
            fields.join(","),
        ),
    ))
}

/// Validates one data row (fields already trimmed).
fn parse_row(line: usize, fields: &[&str]) -> Result<CatalogueEntry, CatalogueError> {
    let fail = |reason: String| Err(CatalogueError::new(line, reason));
    let [category, activity, intensity, code, met, description] = fields else {
        return fail(format!(
            "expected 6 fields ({}) but found {}; put double quotes around values that contain commas.",
            CATALOGUE_HEADER.join(", "),
            fields.len()
        ));
    };
    for (name, value) in [
        ("category", category),
        ("activity", activity),
        ("description", description),
    ] {
        if value.is_empty() {
            return fail(format!("the {name} is empty; fill it in."));
        }
    }
    let intensity: Intensity = match intensity.parse() {
        Ok(i) => i,
        Err(e) => return fail(format!("the intensity is wrong: {e}")),
    };
    if code.len() != 5 || !code.chars().all(|c| c.is_ascii_digit()) {
        return fail(format!(
            "the code \"{code}\" must be exactly 5 digits, like the Compendium code 12020."
        ));
    }
    let met = match Met::parse(met) {
        Ok(m) => m,
        Err(e) => return fail(format!("the MET value is wrong: {e}")),
    };
    let band = Intensity::for_met(met);
    if band != intensity {
        return fail(format!(
            "MET {met} belongs to the {band} band ({}), not {intensity} ({}); fix the MET or change the intensity to {band}.",
            band.band_description(),
            intensity.band_description(),
        ));
    }
    Ok(CatalogueEntry {
        category: (*category).to_owned(),
        activity: (*activity).to_owned(),
        intensity,
        code: (*code).to_owned(),
        met,
        description: (*description).to_owned(),
    })
}

/// Groups validated rows and catches duplicates across rows.
#[derive(Default)]
struct Builder {
    categories: Vec<Category>,
    seen: HashMap<(String, String, Intensity), usize>,
    labels: HashMap<String, (String, usize)>,
    codes: HashMap<String, usize>,
    len: usize,
}

impl Builder {
    fn add(&mut self, line: usize, entry: CatalogueEntry) -> Result<(), CatalogueError> {
        let key = (
            entry.category.clone(),
            entry.activity.clone(),
            entry.intensity,
        );
        if let Some(earlier) = self.seen.get(&key) {
            return Err(CatalogueError::new(
                line,
                format!(
                    "{} / {} / {} already appears on line {earlier}; remove one of the two rows.",
                    entry.category, entry.activity, entry.intensity
                ),
            ));
        }
        if let Some(earlier) = self.codes.get(&entry.code) {
            return Err(CatalogueError::new(
                line,
                format!(
                    "the code {} is already used on line {earlier}; each row needs its own Compendium code.",
                    entry.code
                ),
            ));
        }
        // The label ("Swimming (Vigorous)") is what the database stores, so
        // it must name one entry across all categories.
        if let Some((category, earlier)) = self.labels.get(&entry.label()) {
            return Err(CatalogueError::new(
                line,
                format!(
                    "{} / {} is already listed under {category} on line {earlier}; an activity name may appear in one category only.",
                    entry.activity, entry.intensity
                ),
            ));
        }
        self.seen.insert(key, line);
        self.codes.insert(entry.code.clone(), line);
        self.labels
            .insert(entry.label(), (entry.category.clone(), line));

        let category = match self
            .categories
            .iter()
            .position(|c| c.name == entry.category)
        {
            Some(i) => &mut self.categories[i],
            None => {
                self.categories.push(Category {
                    name: entry.category.clone(),
                    activities: Vec::new(),
                });
                let last = self.categories.len() - 1;
                &mut self.categories[last]
            }
        };
        match category
            .activities
            .iter_mut()
            .find(|a| a.name == entry.activity)
        {
            Some(activity) => activity.entries.push(entry),
            None => category.activities.push(Activity {
                name: entry.activity.clone(),
                entries: vec![entry],
            }),
        }
        self.len += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<Catalogue, CatalogueError> {
        if self.len == 0 {
            return Err(CatalogueError::new(
                1,
                "the catalogue has no activities; add rows below the header \
                 \"category,activity,intensity,code,met,description\".",
            ));
        }
        for activity in self.categories.iter_mut().flat_map(|c| &mut c.activities) {
            activity.entries.sort_by_key(|e| e.intensity);
        }
        Ok(Catalogue {
            categories: self.categories,
            len: self.len,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "category,activity,intensity,code,met,description\n";

    fn parse_rows(rows: &str) -> Result<Catalogue, CatalogueError> {
        Catalogue::parse(&format!("{HEADER}{rows}"))
    }

    fn error_of(rows: &str) -> CatalogueError {
        parse_rows(rows).unwrap_err()
    }

    #[test]
    fn builtin_parses_with_many_entries() {
        let catalogue = Catalogue::builtin();
        assert!(!catalogue.is_empty());
        assert!(catalogue.len() > 100, "only {} entries", catalogue.len());
        assert_eq!(catalogue.entries().count(), catalogue.len());
        assert_eq!(catalogue.categories()[0].name, "Cycling");
        let swim = catalogue.entry_by_label("Swimming (Vigorous)").unwrap();
        assert_eq!(swim.category, "Water sports");
        assert_eq!(swim.met.to_string(), "7.0");
    }

    #[test]
    fn example_rows_parse_and_look_up() {
        let catalogue = parse_rows(
            "Running,Running,Moderate,12020,6.5,\"Running, 4 to 4.2 mph (13 min/mile)\"\n\
             Water sports,Swimming,Vigorous,18290,7.0,\"Swimming, crawl, medium speed, vigorous effort\"\n",
        )
        .unwrap();
        assert_eq!(catalogue.len(), 2);
        let run = catalogue.entry_by_code("12020").unwrap();
        assert_eq!(run.description, "Running, 4 to 4.2 mph (13 min/mile)");
        assert_eq!(run.label(), "Running (Moderate)");
        assert_eq!(
            catalogue
                .find("Water sports", "Swimming", Intensity::Vigorous)
                .map(|e| e.code.as_str()),
            Some("18290")
        );
        assert!(
            catalogue
                .find("Water sports", "Swimming", Intensity::Light)
                .is_none()
        );
        assert!(catalogue.entry_by_code("99999").is_none());
        assert!(catalogue.entry_by_label("Swimming (Light)").is_none());
        assert!(catalogue.category("Running").is_some());
        assert!(catalogue.category("running").is_none());
    }

    #[test]
    fn groups_in_file_order_and_sorts_intensities() {
        let catalogue = parse_rows(
            "B,Swim,Vigorous,00003,8.0,d\n\
             A,Run,Light,00004,3.0,d\n\
             B,Swim,Light,00001,2.0,d\n\n\
             B,Row,Moderate,00005,5.0,d\n\
             B,Swim,Moderate,00002,5.0,d\n",
        )
        .unwrap();
        let names: Vec<&str> = catalogue
            .categories()
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["B", "A"]);
        let b = catalogue.category("B").unwrap();
        assert_eq!(b.activities[0].name, "Swim");
        assert_eq!(b.activities[1].name, "Row");
        let order: Vec<Intensity> = b.activities[0]
            .entries
            .iter()
            .map(|e| e.intensity)
            .collect();
        assert_eq!(order, Intensity::ALL);
    }

    #[test]
    fn tolerates_bom_blank_lines_crlf_and_padding() {
        let text = "\u{feff}category,activity,intensity,code,met,description\r\n\r\n\
                    Running , Running ,moderate, 12020 , 6.5 , Running \r\n\r\n";
        let catalogue = Catalogue::parse(text).unwrap();
        let entry = catalogue.entries().next().unwrap();
        assert_eq!(entry.label(), "Running (Moderate)");
        assert_eq!(entry.code, "12020");
    }

    #[test]
    fn refuses_empty_files() {
        for text in [
            "",
            "\u{feff}",
            "\n\n",
            HEADER,
            "category,activity,intensity,code,met,description",
        ] {
            let err = Catalogue::parse(text).unwrap_err();
            assert_eq!(err.line, 1, "{text:?}");
            assert!(err.reason.starts_with("the catalogue has no activities"));
        }
    }

    #[test]
    fn refuses_a_wrong_or_missing_header() {
        let err = Catalogue::parse("category,activity,level,code,met,description\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(
            err.to_string()
                .contains("\"category,activity,intensity,code,met,description\"")
        );
        let err = Catalogue::parse("Running,Running,Moderate,12020,6.5,Running\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.reason.contains("header"));
    }

    #[test]
    fn refuses_wrong_field_counts() {
        let err = error_of("Running,Running,Moderate,12020,6.5\n");
        assert_eq!(err.line, 2);
        assert!(err.reason.contains("expected 6 fields") && err.reason.contains("found 5"));
        let err = error_of("Running,Running,Moderate,12020,6.5,Running, fast\n");
        assert!(err.reason.contains("found 7") && err.reason.contains("quotes"));
    }

    #[test]
    fn refuses_empty_names() {
        assert!(
            error_of(",Running,Moderate,12020,6.5,d\n")
                .reason
                .contains("category is empty")
        );
        assert!(
            error_of("Running, ,Moderate,12020,6.5,d\n")
                .reason
                .contains("activity is empty")
        );
        assert!(
            error_of("Running,Running,Moderate,12020,6.5,\"\"\n")
                .reason
                .contains("description is empty")
        );
    }

    #[test]
    fn refuses_unknown_intensity() {
        let err = error_of("Running,Running,Hard,12020,6.5,d\n");
        assert!(err.reason.contains("Light, Moderate or Vigorous"), "{err}");
    }

    #[test]
    fn refuses_bad_codes() {
        for code in ["1202", "120200", "12a20", ""] {
            let err = error_of(&format!("Running,Running,Moderate,{code},6.5,d\n"));
            assert!(err.reason.contains("must be exactly 5 digits"), "{err}");
        }
    }

    #[test]
    fn refuses_bad_met_values() {
        for (met, expect) in [
            ("fast", "not a number"),
            ("0.4", "outside the allowed range"),
            ("31", "outside the allowed range"),
            ("6.55", "more than one decimal"),
        ] {
            let err = error_of(&format!("Running,Running,Moderate,12020,{met},d\n"));
            assert!(err.reason.contains(expect), "{met}: {err}");
        }
    }

    #[test]
    fn refuses_met_outside_the_intensity_band() {
        let err = error_of("Running,Running,Light,12020,8.0,d\n");
        assert_eq!(err.line, 2);
        assert!(
            err.reason
                .starts_with("MET 8.0 belongs to the Vigorous band (7.0 MET and up), not Light"),
            "{err}"
        );
    }

    #[test]
    fn refuses_duplicates_naming_the_earlier_line() {
        let err = error_of(
            "Running,Running,Moderate,12020,6.5,d\n\
             Running,Jogging,Moderate,12021,5.0,d\n\
             Running,Running,Moderate,12022,6.0,d\n",
        );
        assert_eq!(err.line, 4);
        assert!(err.reason.contains("already appears on line 2"), "{err}");
        let err = error_of(
            "Running,Running,Moderate,12020,6.5,d\n\
             Running,Jogging,Moderate,12020,5.0,d\n",
        );
        assert_eq!(err.line, 3);
        assert!(
            err.reason.contains("code 12020 is already used on line 2"),
            "{err}"
        );
    }

    #[test]
    fn line_numbers_count_blank_lines_and_quoted_newlines() {
        let err = error_of(
            "\nRunning,Running,Moderate,12020,6.5,\"two\nlines\"\n\nRunning,Running,Moderate,12021,6.5,d\n",
        );
        assert_eq!(err.line, 6, "{err}");
        assert!(err.to_string().starts_with("line 6: "));
        let crlf = "\r\ncategory,activity,intensity,code,met,description\r\n\r\n\r\nRunning,Running,Light,12020,6.5,d\r\n";
        assert_eq!(Catalogue::parse(crlf).unwrap_err().line, 5);
        let header_late = Catalogue::parse("\n\nwrong,header\n").unwrap_err();
        assert_eq!(header_late.line, 3);
    }

    #[test]
    fn line_at_skips_blank_lines() {
        assert_eq!(line_at("a\n\nb", 1), 3);
        assert_eq!(line_at("a\r\n\r\nb", 1), 3);
        assert_eq!(line_at("a\rb", 1), 2);
        assert_eq!(line_at("a\n", 99), 2);
        assert_eq!(line_at("", 0), 1);
    }

    #[test]
    fn builtin_labels_are_unique() {
        let catalogue = Catalogue::builtin();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for entry in catalogue.entries() {
            *seen.entry(entry.label()).or_default() += 1;
        }
        assert!(seen.values().all(|n| *n == 1));
        for entry in catalogue.entries() {
            assert_eq!(catalogue.entry_by_label(&entry.label()), Some(entry));
        }
    }

    #[test]
    fn an_activity_in_two_categories_is_refused() {
        let err = Catalogue::parse(
            "category,activity,intensity,code,met,description\n\
             Fitness,Water aerobics,Moderate,02120,5.3,Water aerobics\n\
             Water,Water aerobics,Moderate,18355,5.5,Water aerobics\n",
        )
        .unwrap_err();
        assert_eq!(err.line, 3);
        assert!(
            err.reason
                .contains("already listed under Fitness on line 2"),
            "{err}"
        );
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn parse_never_panics(text in "\\PC{0,200}") {
                let _ = Catalogue::parse(&text);
            }

            #[test]
            fn parse_never_panics_on_csv_like_rows(rows in proptest::collection::vec("[A-Za-z ,\"0-9.\n]{0,40}", 0..6)) {
                let text = format!("category,activity,intensity,code,met,description\n{}", rows.join("\n"));
                let _ = Catalogue::parse(&text);
            }
        }
    }
}
