//! The CPU time this process has used, so that benchmarks on a machine shared with other work
//! can report throughput per CPU second beside wall-clock time. Shared by the benches and the
//! examples that measure (`mod cpu;`, or `#[path]` from `examples/`).

use std::time::Duration;

/// CPU time (user + system) of this process so far, from `/proc/self/stat` (Linux: fields 14
/// and 15, `utime` and `stime`, in clock ticks of 1/100 s); `None` where that file cannot be
/// read or parsed.
pub fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let (_, after_command) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = after_command.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}
