//! Exports of participants, activities, guild statistics, feedback and the
//! audit log, as CSV or as an Excel workbook.
//!
//! Rows are streamed from the database through a small bounded channel, so
//! a download of millions of rows holds only a few chunks in memory.
//!
//! CSV: cells are quoted as RFC 4180 says, the text is UTF-8, and a cell
//! that a spreadsheet would run as a formula (one beginning with `=`, `+`,
//! `-`, `@`, a tab or a carriage return) is prefixed with `'`. For Excel a
//! byte-order mark tells it the file is UTF-8 (without one it garbles
//! ä and ö), and the semicolon dialect — what Excel expects where the
//! decimal separator is a comma, as in Finland — writes decimals with a comma.
//!
//! Excel workbooks (`.xlsx`) get numbers as numbers, dates as dates and
//! moments in the competition's time zone. The worksheet is written in
//! rust_xlsxwriter's constant-memory mode: each row goes to a temporary
//! file as soon as the next begins, and the finished workbook is zipped
//! straight into the download. Memory stays at a few megabytes whatever
//! the size (one row, up to [`XLSX_ROWS_IN_FLIGHT`] rows waiting to be
//! written and [`CHUNKS_IN_FLIGHT`] chunks of 64 KiB waiting to be sent);
//! the temporary file takes about the size of the sheet's XML. A sheet
//! holds 1,048,575 rows below its header; longer exports continue on
//! further sheets.

use std::borrow::Cow;
use std::io;

use chrono::Timelike;
use futures_util::{Stream, StreamExt, stream};
use tokio::sync::mpsc;

use crate::store::Store;
use crate::store::export_rows::{
    ACTIVITY_COLUMNS, AUDIT_COLUMNS, Cell, ExportFilter, ExportRow, FEEDBACK_COLUMNS,
    GUILD_COLUMNS, PARTICIPANT_COLUMNS,
};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Participants,
    Activities,
    /// Activities moved to `activities_archive` (ended seasons, archiving).
    ArchivedActivities,
    GuildStats,
    Feedback,
    Audit,
}

/// The names of every export, for messages.
pub const EXPORT_NAMES: &str =
    "participants, activities, archived-activities, guild-stats, feedback or audit-log";

impl ExportKind {
    /// The kind named in a URL or on the command line.
    pub fn parse(name: &str) -> Option<ExportKind> {
        match name {
            "participants" | "users" => Some(ExportKind::Participants),
            "activities" => Some(ExportKind::Activities),
            "archived-activities" | "archive" => Some(ExportKind::ArchivedActivities),
            "guilds" | "guild-stats" => Some(ExportKind::GuildStats),
            "feedback" => Some(ExportKind::Feedback),
            "audit" | "audit-log" => Some(ExportKind::Audit),
            _ => None,
        }
    }

    /// The name used in URLs and file names.
    pub fn name(self) -> &'static str {
        match self {
            ExportKind::Participants => "participants",
            ExportKind::Activities => "activities",
            ExportKind::ArchivedActivities => "archived-activities",
            ExportKind::GuildStats => "guild-stats",
            ExportKind::Feedback => "feedback",
            ExportKind::Audit => "audit-log",
        }
    }

    /// The header row.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ExportKind::Participants => PARTICIPANT_COLUMNS,
            ExportKind::Activities | ExportKind::ArchivedActivities => ACTIVITY_COLUMNS,
            ExportKind::GuildStats => GUILD_COLUMNS,
            ExportKind::Feedback => FEEDBACK_COLUMNS,
            ExportKind::Audit => AUDIT_COLUMNS,
        }
    }
}

/// How CSV cells are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Separator {
    /// `,` with a decimal point: RFC 4180, and Excel in English.
    #[default]
    Comma,
    /// `;` with a decimal comma: Excel where the decimal separator is a
    /// comma (Finnish, Swedish, German…).
    Semicolon,
}

/// The file an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv {
        separator: Separator,
        /// Start with a UTF-8 byte-order mark (for Excel).
        bom: bool,
    },
    /// An Excel workbook; moments in this zone.
    Xlsx { time_zone: chrono_tz::Tz },
}

impl Default for ExportFormat {
    /// Plain RFC 4180 CSV, as the exports always were.
    fn default() -> Self {
        ExportFormat::Csv {
            separator: Separator::Comma,
            bom: false,
        }
    }
}

impl ExportFormat {
    /// The file's extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv { .. } => "csv",
            ExportFormat::Xlsx { .. } => "xlsx",
        }
    }

    /// The file's media type.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv { .. } => "text/csv; charset=utf-8",
            ExportFormat::Xlsx { .. } => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    /// A short description for the audit log.
    pub fn describe(self) -> String {
        match self {
            ExportFormat::Csv { separator, bom } => format!(
                "CSV{}{}",
                match separator {
                    Separator::Comma => "",
                    Separator::Semicolon => ", semicolons and decimal commas",
                },
                if bom { ", with a byte-order mark" } else { "" }
            ),
            ExportFormat::Xlsx { time_zone } => {
                format!("Excel workbook, times in {}", time_zone.name())
            }
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
    write_record_with(out, cells, b',');
}

/// Appends one CSV record with `separator` between the cells.
fn write_record_with<'a>(
    out: &mut Vec<u8>,
    cells: impl IntoIterator<Item = Option<&'a str>>,
    separator: u8,
) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        let Some(cell) = cell else { continue };
        let cell = neutralise(cell);
        if cell
            .bytes()
            .any(|b| b == separator || matches!(b, b'"' | b'\r' | b'\n'))
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

/// A cell's text in a CSV dialect: decimals with a comma after semicolons.
fn csv_text(cell: &Cell, separator: Separator) -> Option<String> {
    match (cell, separator) {
        (Cell::Num(v), Separator::Semicolon) => Some(v.to_string().replace('.', ",")),
        (cell, _) => cell.text(),
    }
}

/// How many bytes are gathered before a chunk is handed on.
const CHUNK_BYTES: usize = 64 * 1024;
/// How many chunks may wait for a slow reader before the query pauses.
pub const CHUNKS_IN_FLIGHT: usize = 4;
/// How many rows may wait for the workbook writer before the query pauses.
pub const XLSX_ROWS_IN_FLIGHT: usize = 256;

type Chunks = mpsc::Sender<Result<Vec<u8>, io::Error>>;

/// The export as a stream of plain CSV chunks (see [`export_stream`]).
pub fn csv_stream(
    store: Store,
    kind: ExportKind,
    filter: ExportFilter,
) -> impl Stream<Item = Result<Vec<u8>, io::Error>> + Send + 'static {
    export_stream(store, kind, filter, ExportFormat::default())
}

/// The export as a stream of chunks of the file. The query runs on its own
/// task; when the reader stops reading, the task stops too.
pub fn export_stream(
    store: Store,
    kind: ExportKind,
    filter: ExportFilter,
    format: ExportFormat,
) -> impl Stream<Item = Result<Vec<u8>, io::Error>> + Send + 'static {
    let (tx, rx) = mpsc::channel::<Result<Vec<u8>, io::Error>>(CHUNKS_IN_FLIGHT);
    tokio::spawn(async move {
        let result = match format {
            ExportFormat::Csv { separator, bom } => {
                produce(&store, kind, &filter, separator, bom, &tx).await
            }
            ExportFormat::Xlsx { time_zone } => {
                produce_xlsx(&store, kind, &filter, time_zone, &tx).await
            }
        };
        if let Err(e) = result {
            tracing::error!(error = %e, export = kind.name(), "the export failed part-way");
            let _ = tx
                .send(Err(io::Error::other(format!("the export failed: {e}"))))
                .await;
        }
    });
    stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
}

/// Every row of the export, in order.
async fn rows<'a>(
    store: &'a Store,
    kind: ExportKind,
    filter: &ExportFilter,
) -> crate::store::StoreResult<
    std::pin::Pin<Box<dyn Stream<Item = crate::store::StoreResult<ExportRow>> + Send + 'a>>,
> {
    Ok(match kind {
        ExportKind::Participants => Box::pin(store.stream_participants_export(filter).await?),
        ExportKind::Activities => Box::pin(store.stream_activities_export(filter).await?),
        ExportKind::ArchivedActivities => {
            Box::pin(store.stream_archived_activities_export(filter).await?)
        }
        ExportKind::Feedback => Box::pin(store.stream_feedback_export(filter).await?),
        ExportKind::Audit => Box::pin(store.stream_audit_export(filter).await?),
        ExportKind::GuildStats => Box::pin(stream::iter(
            store
                .guild_stats_export(filter)
                .await?
                .into_iter()
                .map(Ok::<_, crate::store::StoreError>),
        )),
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
    /// The workbook could not be written.
    #[error("the workbook could not be written: {0}")]
    Xlsx(String),
}

async fn produce(
    store: &Store,
    kind: ExportKind,
    filter: &ExportFilter,
    separator: Separator,
    bom: bool,
    tx: &Chunks,
) -> Result<(), crate::store::StoreError> {
    let sep = match separator {
        Separator::Comma => b',',
        Separator::Semicolon => b';',
    };
    let result = async {
        let mut buf = Vec::with_capacity(CHUNK_BYTES + 4096);
        if bom {
            buf.extend_from_slice("\u{feff}".as_bytes());
        }
        write_record_with(&mut buf, kind.columns().iter().map(|c| Some(*c)), sep);
        let mut rows = rows(store, kind, filter).await?;
        while let Some(row) = rows.next().await {
            let texts: Vec<Option<String>> = row?.iter().map(|c| csv_text(c, separator)).collect();
            write_record_with(&mut buf, texts.iter().map(|t| t.as_deref()), sep);
            if buf.len() >= CHUNK_BYTES {
                let chunk = std::mem::replace(&mut buf, Vec::with_capacity(CHUNK_BYTES + 4096));
                tx.send(Ok(chunk)).await.map_err(|_| ProduceError::Closed)?;
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
        Err(ProduceError::Xlsx(e)) => Err(crate::store::StoreError::Conflict(
            crate::i18n::Message::verbatim(e),
        )),
    }
}

/// The rows of a worksheet below its header.
const XLSX_ROWS_PER_SHEET: u32 = 1_048_575;

/// Writes the workbook on a blocking thread, fed by the query through a
/// bounded channel, and sends the zipped file on as it is written.
async fn produce_xlsx(
    store: &Store,
    kind: ExportKind,
    filter: &ExportFilter,
    time_zone: chrono_tz::Tz,
    tx: &Chunks,
) -> Result<(), crate::store::StoreError> {
    let (rows_tx, rows_rx) = mpsc::channel::<ExportRow>(XLSX_ROWS_IN_FLIGHT);
    let out = tx.clone();
    let writer = tokio::task::spawn_blocking(move || write_workbook(kind, time_zone, rows_rx, out));
    let fed = async {
        let mut rows = rows(store, kind, filter).await?;
        while let Some(row) = rows.next().await {
            rows_tx.send(row?).await.map_err(|_| ProduceError::Closed)?;
        }
        Ok::<(), ProduceError>(())
    }
    .await;
    drop(rows_tx);
    let written = writer
        .await
        .map_err(|e| ProduceError::Xlsx(format!("the workbook writer stopped: {e}")))
        .and_then(|r| r);
    let outcome = match (fed, written) {
        (Err(ProduceError::Store(e)), _) => Err(ProduceError::Store(e)),
        (_, Err(e)) => Err(e),
        (Ok(()), Ok(())) | (Err(_), Ok(())) => Ok(()),
    };
    match outcome {
        Ok(()) | Err(ProduceError::Closed) => Ok(()),
        Err(ProduceError::Store(e)) => Err(e),
        Err(ProduceError::Xlsx(e)) => Err(crate::store::StoreError::Conflict(
            crate::i18n::Message::verbatim(e),
        )),
    }
}

/// Hands the zipped workbook on in chunks as the zip writer produces it.
struct ChunkWriter {
    tx: Chunks,
    buf: Vec<u8>,
}

impl io::Write for ChunkWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK_BYTES {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK_BYTES + 4096));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the reader went away"))
    }
}

fn write_workbook(
    kind: ExportKind,
    time_zone: chrono_tz::Tz,
    mut rows: mpsc::Receiver<ExportRow>,
    out: Chunks,
) -> Result<(), ProduceError> {
    use rust_xlsxwriter::{Format, Workbook};
    let bad = |e: rust_xlsxwriter::XlsxError| ProduceError::Xlsx(e.to_string());
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let moment = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let columns: Vec<String> = kind
        .columns()
        .iter()
        .map(|c| {
            if matches!(*c, "created_at") {
                format!("{c} ({})", time_zone.name())
            } else {
                c.to_string()
            }
        })
        .collect();
    let mut sheets = 0usize;
    let mut row_in_sheet = XLSX_ROWS_PER_SHEET;
    while let Some(row) = rows.blocking_recv() {
        if row_in_sheet >= XLSX_ROWS_PER_SHEET {
            let sheet = workbook.add_worksheet_with_constant_memory().map_err(bad)?;
            sheets += 1;
            let name = if sheets == 1 {
                kind.name().to_string()
            } else {
                format!("{} ({sheets})", kind.name())
            };
            sheet.set_name(name).map_err(bad)?;
            sheet.set_freeze_panes(1, 0).map_err(bad)?;
            for (col, title) in columns.iter().enumerate() {
                sheet
                    .write_string_with_format(0, col as u16, title, &header)
                    .map_err(bad)?;
            }
            row_in_sheet = 0;
        }
        row_in_sheet += 1;
        let sheet = workbook.worksheet_from_index(sheets - 1).map_err(bad)?;
        for (col, cell) in row.iter().enumerate() {
            let col = col as u16;
            let r = row_in_sheet;
            match cell {
                Cell::Null => {}
                Cell::Int(v) => {
                    sheet.write_number(r, col, *v as f64).map_err(bad)?;
                }
                Cell::Num(v) => {
                    let number = v.to_string().parse::<f64>().unwrap_or(0.0);
                    sheet.write_number(r, col, number).map_err(bad)?;
                }
                Cell::Text(v) => {
                    sheet.write_string(r, col, v).map_err(bad)?;
                }
                Cell::Bool(v) => {
                    sheet.write_boolean(r, col, *v).map_err(bad)?;
                }
                Cell::Date(d) => {
                    let value = excel_date(*d, 0, 0, 0).map_err(bad)?;
                    sheet
                        .write_datetime_with_format(r, col, value, &date)
                        .map_err(bad)?;
                }
                Cell::Time(t) => {
                    let local = t.with_timezone(&time_zone).naive_local();
                    let value = excel_date(
                        local.date(),
                        local.time().hour() as u16,
                        local.time().minute() as u8,
                        local.time().second(),
                    )
                    .map_err(bad)?;
                    sheet
                        .write_datetime_with_format(r, col, value, &moment)
                        .map_err(bad)?;
                }
            }
        }
    }
    if sheets == 0 {
        // No rows: the header alone.
        let sheet = workbook.add_worksheet_with_constant_memory().map_err(bad)?;
        sheet.set_name(kind.name()).map_err(bad)?;
        for (col, title) in columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, title, &header)
                .map_err(bad)?;
        }
    }
    let mut writer = ChunkWriter {
        tx: out,
        buf: Vec::with_capacity(CHUNK_BYTES + 4096),
    };
    match workbook.save_to_writer(&mut writer) {
        Ok(()) => {}
        Err(rust_xlsxwriter::XlsxError::IoError(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            return Err(ProduceError::Closed);
        }
        Err(e) => return Err(bad(e)),
    }
    io::Write::flush(&mut writer).map_err(|_| ProduceError::Closed)
}

fn excel_date(
    day: chrono::NaiveDate,
    hour: u16,
    minute: u8,
    second: u32,
) -> Result<rust_xlsxwriter::ExcelDateTime, rust_xlsxwriter::XlsxError> {
    use chrono::Datelike;
    rust_xlsxwriter::ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8)?
        .and_hms(hour, minute, second as f64)
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
