//! CSV exports of participants, activities and guild statistics.
//!
//! Rows are streamed from the database through a small bounded channel, so
//! a download of millions of rows holds only a few chunks in memory. Cells
//! are quoted as RFC 4180 says, the text is UTF-8, and a cell that a
//! spreadsheet would run as a formula (one beginning with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) is prefixed with `'`.

use std::borrow::Cow;
use std::io;

use futures_util::{Stream, StreamExt, stream};
use tokio::sync::mpsc;

use crate::store::Store;
use crate::store::export_rows::{
    ACTIVITY_COLUMNS, ExportFilter, ExportRow, GUILD_COLUMNS, PARTICIPANT_COLUMNS,
};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Participants,
    Activities,
    GuildStats,
}

impl ExportKind {
    /// The kind named in a URL or on the command line.
    pub fn parse(name: &str) -> Option<ExportKind> {
        match name {
            "participants" | "users" => Some(ExportKind::Participants),
            "activities" => Some(ExportKind::Activities),
            "guilds" | "guild-stats" => Some(ExportKind::GuildStats),
            _ => None,
        }
    }

    /// The name used in URLs and file names.
    pub fn name(self) -> &'static str {
        match self {
            ExportKind::Participants => "participants",
            ExportKind::Activities => "activities",
            ExportKind::GuildStats => "guild-stats",
        }
    }

    /// The header row.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ExportKind::Participants => PARTICIPANT_COLUMNS,
            ExportKind::Activities => ACTIVITY_COLUMNS,
            ExportKind::GuildStats => GUILD_COLUMNS,
        }
    }
}

/// Makes a cell safe to open in a spreadsheet: a leading `=`, `+`, `-`,
/// `@`, tab or carriage return would make it a formula, so it gets a `'`.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Appends one CSV record (RFC 4180: fields with a comma, quote or line
/// break are quoted, quotes doubled, records end with CRLF).
pub fn write_record<'a>(out: &mut Vec<u8>, cells: impl IntoIterator<Item = Option<&'a str>>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let Some(cell) = cell else { continue };
        let cell = neutralise(cell);
        if cell
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
        {
            out.push(b'"');
            for b in cell.bytes() {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(cell.as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// How many bytes are gathered before a chunk is handed on.
const CHUNK_BYTES: usize = 64 * 1024;
/// How many chunks may wait for a slow reader before the query pauses.
const CHUNKS_IN_FLIGHT: usize = 4;

/// The export as a stream of CSV chunks. The query runs on its own task;
/// when the reader stops reading, the task stops too.
pub fn csv_stream(
    store: Store,
    kind: ExportKind,
    filter: ExportFilter,
) -> impl Stream<Item = Result<Vec<u8>, io::Error>> + Send + 'static {
    let (tx, rx) = mpsc::channel::<Result<Vec<u8>, io::Error>>(CHUNKS_IN_FLIGHT);
    tokio::spawn(async move {
        if let Err(e) = produce(&store, kind, &filter, &tx).await {
            tracing::error!(error = %e, export = kind.name(), "the CSV export failed part-way");
            let _ = tx
                .send(Err(io::Error::other(format!("the export failed: {e}"))))
                .await;
        }
    });
    stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
}

/// Why producing stopped early.
#[derive(Debug, thiserror::Error)]
enum ProduceError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The reader went away: not an error worth reporting.
    #[error("the reader went away")]
    Closed,
}

async fn produce(
    store: &Store,
    kind: ExportKind,
    filter: &ExportFilter,
    tx: &mpsc::Sender<Result<Vec<u8>, io::Error>>,
) -> Result<(), crate::store::StoreError> {
    let result = async {
        let mut buf = Vec::with_capacity(CHUNK_BYTES + 4096);
        write_record(&mut buf, kind.columns().iter().map(|c| Some(*c)));
        match kind {
            ExportKind::Participants => {
                let rows = store.stream_participants_export(filter).await?;
                pump(rows, &mut buf, tx).await?;
            }
            ExportKind::Activities => {
                let rows = store.stream_activities_export(filter).await?;
                pump(rows, &mut buf, tx).await?;
            }
            ExportKind::GuildStats => {
                let rows = store.guild_stats_export(filter).await?;
                pump(stream::iter(rows.into_iter().map(Ok)), &mut buf, tx).await?;
            }
        }
        if !buf.is_empty() {
            tx.send(Ok(buf)).await.map_err(|_| ProduceError::Closed)?;
        }
        Ok::<(), ProduceError>(())
    }
    .await;
    match result {
        Ok(()) | Err(ProduceError::Closed) => Ok(()),
        Err(ProduceError::Store(e)) => Err(e),
    }
}

async fn pump(
    rows: impl Stream<Item = crate::store::StoreResult<ExportRow>>,
    buf: &mut Vec<u8>,
    tx: &mpsc::Sender<Result<Vec<u8>, io::Error>>,
) -> Result<(), ProduceError> {
    let mut rows = std::pin::pin!(rows);
    while let Some(row) = rows.next().await {
        let row = row?;
        write_record(buf, row.iter().map(|c| c.as_deref()));
        if buf.len() >= CHUNK_BYTES {
            let chunk = std::mem::replace(buf, Vec::with_capacity(CHUNK_BYTES + 4096));
            tx.send(Ok(chunk)).await.map_err(|_| ProduceError::Closed)?;
        }
    }
    Ok(())
}

/// Writes a whole export stream to `out`, returning the number of data rows.
pub async fn write_csv(
    chunks: impl Stream<Item = Result<Vec<u8>, io::Error>>,
    out: &mut (impl tokio::io::AsyncWrite + Unpin),
) -> anyhow::Result<u64> {
    use tokio::io::AsyncWriteExt as _;
    let mut chunks = std::pin::pin!(chunks);
    let mut lines: u64 = 0;
    let mut in_quotes = false;
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk?;
        // Count records, not line breaks inside quoted cells.
        for &b in &chunk {
            match b {
                b'"' => in_quotes = !in_quotes,
                b'\n' if !in_quotes => lines += 1,
                _ => {}
            }
        }
        out.write_all(&chunk).await?;
    }
    out.flush().await?;
    Ok(lines.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(cells: &[Option<&str>]) -> String {
        let mut out = Vec::new();
        write_record(&mut out, cells.iter().copied());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn quotes_as_rfc_4180_says() {
        assert_eq!(record(&[Some("a"), Some("b c")]), "a,b c\r\n");
        assert_eq!(record(&[Some("a,b"), None, Some("")]), "\"a,b\",,\r\n");
        assert_eq!(record(&[Some("say \"hi\"")]), "\"say \"\"hi\"\"\"\r\n");
        assert_eq!(record(&[Some("two\nlines")]), "\"two\nlines\"\r\n");
        assert_eq!(record(&[Some("Jyväskylä ✓")]), "Jyväskylä ✓\r\n");
    }

    #[test]
    fn neutralises_formulas() {
        for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("1.5"), "1.5");
        assert_eq!(neutralise("a=b"), "a=b");
        assert_eq!(
            record(&[Some("=HYPERLINK(\"x\",\"y\")")]),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"\r\n"
        );
    }

    #[test]
    fn kinds_parse_by_name() {
        assert_eq!(
            ExportKind::parse("activities"),
            Some(ExportKind::Activities)
        );
        assert_eq!(
            ExportKind::parse("guild-stats"),
            Some(ExportKind::GuildStats)
        );
        assert_eq!(ExportKind::parse("nope"), None);
    }
}
