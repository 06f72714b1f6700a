//! How the console kept up, logged when it closes: frames drawn, the
//! longest wait for a frame that was due, and the slowest answer to a key.
//! The idle benchmark and the log load test read these from the log file.

use std::time::Duration;

use tokio::time::Instant;

#[derive(Debug, Default)]
pub struct FrameStats {
    pub frames: u64,
    pub keys: u64,
    /// Longest time between two frames when the second was due at once:
    /// something changed within one frame interval of the first.
    pub max_frame_gap: Duration,
    /// Longest time from a key's arrival to the frame that showed it.
    pub max_key_to_frame: Duration,
    /// Longest time one frame took to draw.
    pub max_draw: Duration,
    last_frame: Option<Instant>,
    changed_since: Option<Instant>,
    key_since: Option<Instant>,
}

impl FrameStats {
    /// A message changed the model at `now`; `key` when it was a key.
    pub fn changed(&mut self, now: Instant, key: bool) {
        self.changed_since.get_or_insert(now);
        if key {
            self.keys += 1;
            self.key_since.get_or_insert(now);
        }
    }

    /// A frame was drawn from `start` to `end`; `interval` is the shortest
    /// time the loop leaves between frames.
    pub fn drawn(&mut self, start: Instant, end: Instant, interval: Duration) {
        self.frames += 1;
        self.max_draw = self.max_draw.max(end - start);
        if let (Some(last), Some(changed)) = (self.last_frame, self.changed_since)
            && changed <= last + interval
        {
            self.max_frame_gap = self.max_frame_gap.max(end - last);
        }
        if let Some(key) = self.key_since.take() {
            self.max_key_to_frame = self.max_key_to_frame.max(end - key);
        }
        self.changed_since = None;
        self.last_frame = Some(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: Duration = Duration::from_millis(16);

    #[test]
    fn a_gap_counts_only_when_a_frame_was_due() {
        let t0 = Instant::now();
        let mut stats = FrameStats::default();
        stats.changed(t0, false);
        stats.drawn(t0, t0 + Duration::from_millis(2), FRAME);
        // Idle for a second, then a change: not a gap, nothing was due.
        let later = t0 + Duration::from_secs(1);
        stats.changed(later, false);
        stats.drawn(later, later + Duration::from_millis(1), FRAME);
        assert_eq!(stats.max_frame_gap, Duration::ZERO);
        // A change right after a frame, drawn 300 ms later: a stall.
        let due = later + Duration::from_millis(5);
        stats.changed(due, false);
        stats.drawn(due, due + Duration::from_millis(300), FRAME);
        assert_eq!(stats.max_frame_gap, Duration::from_millis(304));
        assert_eq!(stats.frames, 3);
        assert_eq!(stats.max_draw, Duration::from_millis(300));
    }

    #[test]
    fn key_latency_runs_from_the_first_key_to_the_next_frame() {
        let t0 = Instant::now();
        let mut stats = FrameStats::default();
        stats.changed(t0, true);
        stats.changed(t0 + Duration::from_millis(10), true);
        stats.drawn(
            t0 + Duration::from_millis(20),
            t0 + Duration::from_millis(25),
            FRAME,
        );
        assert_eq!(stats.keys, 2);
        assert_eq!(stats.max_key_to_frame, Duration::from_millis(25));
    }
}
