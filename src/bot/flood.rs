//! Per-chat flood control: a token bucket per chat, so that one person
//! tapping or scripting as fast as they can cannot flood the database.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many updates a chat may send in a burst, and how fast the allowance refills.
#[derive(Debug, Clone, Copy)]
pub struct FloodLimits {
    /// Updates accepted back to back.
    pub burst: u32,
    /// Updates per second accepted over time.
    pub per_second: f64,
}

impl Default for FloodLimits {
    fn default() -> Self {
        FloodLimits {
            burst: 20,
            per_second: 2.0,
        }
    }
}

/// What to do with an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Handle it.
    Allow,
    /// Drop it and tell the person once to slow down.
    Warn,
    /// Drop it silently (already warned).
    Drop,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
    warned: bool,
}

/// The buckets of every chat seen recently.
#[derive(Debug)]
pub struct FloodControl {
    limits: FloodLimits,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

impl FloodControl {
    /// Flood control with `limits`.
    pub fn new(limits: FloodLimits) -> FloodControl {
        FloodControl {
            limits,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one update from `chat`'s allowance.
    pub fn check(&self, chat: i64) -> Verdict {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > 10_000 {
            // Forget chats whose bucket has refilled: they are not flooding.
            let full =
                Duration::from_secs_f64(f64::from(self.limits.burst) / self.limits.per_second);
            buckets.retain(|_, b| now.duration_since(b.at) < full);
        }
        let burst = f64::from(self.limits.burst);
        let bucket = buckets.entry(chat).or_insert(Bucket {
            tokens: burst,
            at: now,
            warned: false,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * self.limits.per_second;
        bucket.tokens = (bucket.tokens + refill).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            bucket.warned = false;
            Verdict::Allow
        } else if bucket.warned {
            Verdict::Drop
        } else {
            bucket.warned = true;
            Verdict::Warn
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_warned_once_then_dropped() {
        let flood = FloodControl::new(FloodLimits {
            burst: 3,
            per_second: 0.001,
        });
        let verdicts: Vec<_> = (0..6).map(|_| flood.check(1)).collect();
        assert_eq!(
            verdicts,
            [
                Verdict::Allow,
                Verdict::Allow,
                Verdict::Allow,
                Verdict::Warn,
                Verdict::Drop,
                Verdict::Drop
            ]
        );
        assert_eq!(
            flood.check(2),
            Verdict::Allow,
            "other chats are not affected"
        );
    }
}
