//! A value read at scrape time and reused for a few seconds, so that a burst
//! of scrapes (several Prometheus servers, a refreshing dashboard) costs the
//! database one read.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

/// The last value read and when.
pub struct Cached<T> {
    ttl: Duration,
    slot: Mutex<Option<(Instant, Arc<T>)>>,
}

impl<T> Cached<T> {
    /// A cache that keeps a value for `ttl`.
    pub fn new(ttl: Duration) -> Cached<T> {
        Cached {
            ttl,
            slot: Mutex::new(None),
        }
    }

    /// The cached value while it is fresh, otherwise the result of `read`.
    /// Concurrent callers wait for the one read in progress instead of
    /// starting their own.
    pub async fn get<F, Fut>(&self, read: F) -> Arc<T>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = T>,
    {
        let mut slot = self.slot.lock().await;
        if let Some((at, value)) = slot.as_ref()
            && at.elapsed() < self.ttl
        {
            return value.clone();
        }
        let value = Arc::new(read().await);
        *slot = Some((Instant::now(), value.clone()));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn reads_once_within_the_time_to_live_and_again_after_it() {
        let reads = AtomicU32::new(0);
        let cache = Cached::new(Duration::from_millis(200));
        let read = || async { reads.fetch_add(1, Ordering::SeqCst) };
        assert_eq!(*cache.get(read).await, 0);
        assert_eq!(*cache.get(read).await, 0);
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert_eq!(*cache.get(read).await, 1);
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_zero_time_to_live_reads_every_time() {
        let reads = AtomicU32::new(0);
        let cache = Cached::new(Duration::ZERO);
        for _ in 0..3 {
            cache
                .get(|| async { reads.fetch_add(1, Ordering::SeqCst) })
                .await;
        }
        assert_eq!(reads.load(Ordering::SeqCst), 3);
    }
}
