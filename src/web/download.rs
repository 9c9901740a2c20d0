//! Streamed downloads (exports, backups) that never look complete when
//! they are not. Once a download has started, its 200 and part of the file
//! are on their way; if the source then fails (the database goes away in
//! the middle of an export, a backup file cannot be read), the only honest
//! answer left is to cut the connection off without the terminating
//! chunk, so that the browser, curl or the API client reports a failed
//! download instead of saving a short file that looks whole. Handing the
//! HTTP server the error is not enough: it ends the body cleanly.

use std::io;

use futures_util::{Stream, StreamExt};
use poem::Body;

/// What unwinds the connection's task when a download is cut off.
#[derive(Debug)]
pub struct DownloadCutOff;

/// A response body streaming `chunks` of the download `what` (for the
/// log), cut off without its end when a chunk fails.
pub fn body<S>(what: &'static str, chunks: S) -> Body
where
    S: Stream<Item = Result<Vec<u8>, io::Error>> + Send + 'static,
{
    Body::from_bytes_stream(chunks.map(move |chunk| match chunk {
        Ok(data) => Ok(data),
        Err(e) => cut_off(what, e),
    }))
}

/// Ends the connection mid-response: the task serving it unwinds (without
/// the panic hook's report; nothing else is affected), so the response is
/// never finished. Where panics abort the process instead, the error is
/// handed to the HTTP server as the next best thing.
fn cut_off(what: &'static str, error: io::Error) -> Result<Vec<u8>, io::Error> {
    tracing::error!(download = what, %error, "a download failed part-way: the response is cut off so that the client sees the failure");
    #[cfg(panic = "unwind")]
    {
        std::panic::resume_unwind(Box::new(DownloadCutOff));
    }
    #[cfg(not(panic = "unwind"))]
    {
        Err(error)
    }
}
