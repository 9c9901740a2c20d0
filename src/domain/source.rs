//! Where an activity came from.

use std::fmt;

/// How an activity entered the competition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivitySource {
    /// Entered by the participant in the bot (buttons or a typed entry).
    Typed,
    /// Read from a workout file the participant sent.
    File,
    /// Imported from a CSV file by an organiser.
    Import,
    /// Added or corrected by an organiser.
    Admin,
}

impl ActivitySource {
    /// Every source.
    pub const ALL: [ActivitySource; 4] = [
        ActivitySource::Typed,
        ActivitySource::File,
        ActivitySource::Import,
        ActivitySource::Admin,
    ];

    /// The stored name: `typed`, `file`, `import` or `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivitySource::Typed => "typed",
            ActivitySource::File => "file",
            ActivitySource::Import => "import",
            ActivitySource::Admin => "admin",
        }
    }

    /// A stored name read back.
    pub fn parse(text: &str) -> Option<ActivitySource> {
        ActivitySource::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for ActivitySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
