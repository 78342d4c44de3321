//! Background jobs run inside `baitech serve`: offers nobody answered, matching that ran out of
//! time or stalled, auto-verification of completed work, warranties that ended, M-Pesa
//! requests whose callback never came (STK query) and escrow whose dispute window ended.
//!
//! Safe with several instances, twice over:
//! - each job scans a bounded query (bookings in the statuses it acts on, page by page, at most
//!   [`MAX_SCAN`] per run) and acts on the snapshot it read with compare-and-set on `version`,
//!   so when two instances act on the same booking one write wins and the other is counted as
//!   a lost race and skipped — every job is idempotent;
//! - a per-job lease makes one instance run each job per interval, so instances do not
//!   duplicate the scanning. The lease is `cache.hit(key, window) == 1`: the first hit of a
//!   window wins. With Redis that is INCR plus PEXPIRE NX in one atomic pipeline, shared by
//!   every instance; `get` then `set` would not be atomic. The in-process cache makes it a
//!   per-process lease, which is all a single instance needs.
//!
//! [`run_once`] does one pass of every job at a chosen `now` without the lease (what tests
//! drive); [`spawn`] runs [`run_leased`] on an interval until stopped.

mod matching;
mod verify;
mod warranty;

use std::time::Duration;

use serde::Serialize;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::app::App;
use crate::domain::booking::Booking;
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::services::payments;
use crate::store::page::Cursor;
use crate::store::{BookingFilter, PageRequest};

/// Most bookings one job looks at per run; the rest wait for the next run. The bookings the
/// matching and verify jobs act on are short-lived states, so this is rarely reached.
pub const MAX_SCAN: u64 = 5_000;
const PAGE: u32 = 100;
/// Warranty ends are looked for at most this often (the scan is the widest of the jobs).
const WARRANTY_EVERY: Duration = Duration::from_secs(3_600);

/// The jobs, in the order a run does them (timeouts before matching, so an offer that lapsed
/// is followed by the next offer in the same run).
pub const JOBS: [&str; 6] = [
    "offer_timeouts",
    "matching",
    "auto_verify",
    "warranty_end",
    "mpesa_query",
    "escrow_release",
];

/// What one job did in one run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobRun {
    pub job: &'static str,
    /// Bookings read.
    pub scanned: u64,
    /// Bookings this run changed (or, for warranties, notified).
    pub changed: u64,
    /// Bookings another instance changed first (skipped).
    pub lost_races: u64,
    pub failed: u64,
    /// Stopped at [`MAX_SCAN`]; the next run continues.
    pub truncated: bool,
    /// Another instance holds this interval's lease.
    pub skipped: bool,
}

/// What a run of every job did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct JobReport {
    pub runs: Vec<JobRun>,
}

impl JobReport {
    /// The run of `job`, if it ran.
    pub fn job(&self, job: &str) -> Option<&JobRun> {
        self.runs.iter().find(|r| r.job == job)
    }

    /// Bookings changed by all jobs.
    pub fn changed(&self) -> u64 {
        self.runs.iter().map(|r| r.changed).sum()
    }
}

/// What acting on one booking came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Changed,
    LostRace,
    /// Not due yet, or nothing to do.
    Idle,
}

impl Outcome {
    fn of<T>(saved: Option<T>) -> Outcome {
        if saved.is_some() {
            Outcome::Changed
        } else {
            Outcome::LostRace
        }
    }
}

/// One pass of every job at `now`, without the lease.
pub async fn run_once(app: &App, now: Timestamp) -> JobReport {
    let mut runs = Vec::with_capacity(JOBS.len());
    for job in JOBS {
        runs.push(run_job(app, job, now).await);
    }
    JobReport { runs }
}

/// One pass of every job whose lease this instance gets for the current interval.
pub async fn run_leased(app: &App, now: Timestamp) -> JobReport {
    let mut runs = Vec::with_capacity(JOBS.len());
    for job in JOBS {
        match lease(app, job).await {
            Ok(true) => runs.push(run_job(app, job, now).await),
            Ok(false) => runs.push(JobRun {
                job,
                skipped: true,
                ..Default::default()
            }),
            Err(e) => {
                // Without the cache there is no lease; skip rather than have every instance
                // scan at once (the work is safe either way, thanks to compare-and-set).
                tracing::warn!(job, error = %e, "job lease unavailable; skipping this run");
                runs.push(JobRun {
                    job,
                    skipped: true,
                    ..Default::default()
                });
            }
        }
    }
    JobReport { runs }
}

/// Takes `job`'s lease for this interval. The window is a little shorter than the interval so
/// the instance that ran last time is not locked out by timer jitter at the next tick.
async fn lease(app: &App, job: &str) -> Result<bool> {
    let every = app.config.jobs.interval;
    let every = if job == "warranty_end" {
        every.max(WARRANTY_EVERY)
    } else {
        every
    };
    let window = every.mul_f64(0.9).max(Duration::from_millis(100));
    let (count, _) = app.cache.hit(&format!("jobs:lease:{job}"), window).await?;
    Ok(count == 1)
}

async fn run_job(app: &App, job: &'static str, now: Timestamp) -> JobRun {
    let mut run = JobRun {
        job,
        ..Default::default()
    };
    let result = match job {
        "offer_timeouts" => matching::offer_timeouts(app, now, &mut run).await,
        "matching" => matching::expire_or_advance(app, now, &mut run).await,
        "auto_verify" => verify::auto_verify(app, now, &mut run).await,
        "mpesa_query" => payments::callbacks::query_stale(app, now, &mut run).await,
        "escrow_release" => payments::escrow::release_due(app, now, &mut run).await,
        _ => warranty::warranty_end(app, now, &mut run).await,
    };
    if let Err(e) = result {
        run.failed += 1;
        tracing::warn!(job, error = %e, "background job failed");
    }
    if run.changed + run.failed + run.lost_races > 0 {
        tracing::info!(
            job,
            scanned = run.scanned,
            changed = run.changed,
            lost_races = run.lost_races,
            failed = run.failed,
            "background job ran"
        );
    }
    run
}

impl JobRun {
    /// Counts what acting on booking `id` came to; a failure is logged and the scan goes on.
    pub fn record(&mut self, id: Id, outcome: Result<Outcome>) {
        match outcome {
            Ok(Outcome::Changed) => self.changed += 1,
            Ok(Outcome::LostRace) => self.lost_races += 1,
            Ok(Outcome::Idle) => {}
            Err(e) => {
                self.failed += 1;
                tracing::warn!(job = self.job, booking.id = %id, error = %e, "job step failed");
            }
        }
    }
}

/// Pages through the bookings a filter selects, newest first, up to a maximum per run.
pub(crate) struct Scan<'a> {
    app: &'a App,
    filter: BookingFilter,
    max: u64,
    seen: u64,
    next: Option<PageRequest>,
}

impl<'a> Scan<'a> {
    pub(crate) fn new(app: &'a App, filter: BookingFilter, max: u64) -> Self {
        Scan {
            app,
            filter,
            max,
            seen: 0,
            next: Some(PageRequest::first(PAGE)),
        }
    }

    /// The next page, counted into `run`; `None` when done (or `run.truncated` at the maximum).
    pub(crate) async fn page(&mut self, run: &mut JobRun) -> Result<Option<Vec<Booking>>> {
        let Some(req) = self.next.take() else {
            return Ok(None);
        };
        let p = self
            .app
            .store
            .bookings
            .list_bookings(&self.filter, &req)
            .await?;
        self.seen += p.items.len() as u64;
        run.scanned += p.items.len() as u64;
        if let (true, Some(last)) = (p.has_more, p.items.last()) {
            if self.seen < self.max {
                self.next = Some(PageRequest::after(PAGE, Cursor::Id(last.id)));
            } else {
                run.truncated = true;
            }
        }
        Ok(Some(p.items))
    }
}

/// The running jobs of one server; [`JobsHandle::stop`] ends them.
pub struct JobsHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl JobsHandle {
    /// Lets the current run finish, then stops.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::warn!(error = %e, "background jobs task ended abnormally");
        }
    }
}

/// Runs [`run_leased`] every `JOBS_INTERVAL_SECS` until stopped.
pub fn spawn(app: App) -> JobsHandle {
    let (stop, mut stopped) = watch::channel(false);
    let every = app.config.jobs.interval;
    let task = tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = stopped.changed() => break,
            }
            // A run is bounded (MAX_SCAN per job), so stopping waits at most one run.
            run_leased(&app, Timestamp::now()).await;
            if *stopped.borrow() {
                break;
            }
        }
        tracing::info!("background jobs stopped");
    });
    tracing::info!(interval_secs = every.as_secs(), "background jobs started");
    JobsHandle { stop, task }
}
