//! The matching score: how well one technician fits one booking, as points out of 100 with an
//! explanation per factor. Pure: the caller brings the technician, the distance and the
//! customer's history with them; `services::matching` does the searching and storing.
//!
//! Nine factors, each normalized to 0..=1 and weighted (default 25/20/15/15/10/5/5/3/2):
//! skills, proximity, availability at the scheduled time, rating, experience, price against
//! the budget, response time, completion rate and the customer's history with the technician.
//! Where a technician has no data yet (no reviews, no jobs, no hours set) the factor is
//! neutral (0.5) rather than zero, so newcomers are not ranked below everyone who has data.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, Timelike};

use super::{Booking, MatchCandidate};
use crate::domain::enums::string_enum;
use crate::domain::geo::GeoPoint;
use crate::domain::id::Id;
use crate::domain::money::Money;
use crate::domain::review::RatingPrior;
use crate::domain::time::Timestamp;
use crate::domain::user::{SkillLevel, TechnicianProfile, User, Weekday};

string_enum! {
    /// One ingredient of the score; the spelling is the key in `MatchCandidate.breakdown`.
    pub enum Factor {
        Skills = "skills",
        Proximity = "proximity",
        Availability = "availability",
        Rating = "rating",
        Experience = "experience",
        Price = "price",
        ResponseTime = "responseTime",
        CompletionRate = "completionRate",
        History = "history",
    }
}

/// Value of a factor the technician has no data for yet.
const NEUTRAL: f64 = 0.5;
/// A job starting within this many minutes is "now": `availableNow` decides availability.
const NOW_WINDOW_MINUTES: i64 = 60;
/// Offers are priced on at least one hour of labour (call-out minimum).
const MIN_BILLED_MINUTES: u32 = 60;
/// Years of experience that count as "fully experienced".
const FULL_EXPERIENCE_YEARS: f64 = 15.0;
/// Average response minutes that score full marks and zero.
const RESPONSE_MINUTES: (f64, f64) = (5.0, 120.0);

/// Relative weight of each factor, in [`Factor::ALL`] order. Scores are scaled so the weights
/// need not sum to 100, but the defaults do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights([f64; 9]);

impl Weights {
    /// Skills 25, proximity 20, availability 15, rating 15, experience 10, price 5, response
    /// time 5, completion rate 3, history 2.
    pub const DEFAULT: [f64; 9] = [25.0, 20.0, 15.0, 15.0, 10.0, 5.0, 5.0, 3.0, 2.0];

    /// Weights in [`Factor::ALL`] order: finite, non-negative, not all zero.
    pub fn new(values: [f64; 9]) -> Result<Self, String> {
        if values.iter().any(|w| !w.is_finite() || *w < 0.0) {
            return Err("weights must be non-negative numbers".into());
        }
        if values.iter().sum::<f64>() <= 0.0 {
            return Err("at least one weight must be positive".into());
        }
        Ok(Weights(values))
    }

    /// Parses `MATCH_WEIGHTS`: nine numbers in factor order (`25,20,15,15,10,5,5,3,2`), or
    /// `name=weight` pairs (`skills=30,history=0`) with the defaults for the rest.
    pub fn parse(s: &str) -> Result<Self, String> {
        let parts: Vec<&str> = s
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let num = |p: &str| {
            p.parse::<f64>()
                .map_err(|_| format!("{p:?} is not a number"))
        };
        let mut values = Self::DEFAULT;
        if parts.iter().all(|p| !p.contains('=')) {
            if parts.len() != values.len() {
                return Err(format!(
                    "expected 9 weights ({}), got {}",
                    factor_names(),
                    parts.len()
                ));
            }
            for (slot, p) in values.iter_mut().zip(&parts) {
                *slot = num(p)?;
            }
        } else {
            for p in parts {
                let (name, w) = p
                    .split_once('=')
                    .ok_or_else(|| format!("{p:?} is not name=weight"))?;
                let f = Factor::parse(name.trim())
                    .ok_or_else(|| format!("unknown factor {name:?}; known: {}", factor_names()))?;
                values[f as usize] = num(w.trim())?;
            }
        }
        Self::new(values)
    }

    /// The weight of `f` as configured.
    pub fn get(&self, f: Factor) -> f64 {
        self.0[f as usize]
    }

    /// The most points `f` can contribute (weights scaled to a total of 100).
    pub fn max_points(&self, f: Factor) -> f64 {
        self.get(f) * 100.0 / self.0.iter().sum::<f64>()
    }
}

impl Default for Weights {
    fn default() -> Self {
        Weights(Self::DEFAULT)
    }
}

fn factor_names() -> String {
    Factor::ALL
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// What the booking asks for, as the scorer needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct JobSpec {
    /// Service category slug, e.g. `plumbing`.
    pub category: String,
    /// Skill names the customer asked for (may be empty).
    pub skills: Vec<String>,
    pub location: GeoPoint,
    pub scheduled_at: Timestamp,
    pub duration_minutes: u32,
    pub budget: Option<Money>,
    /// How far the search looked; proximity is scored relative to it.
    pub search_radius_km: f64,
    /// When the matching runs (decides whether the job is "now").
    pub now: Timestamp,
    /// The prior of the Bayesian rating average (the reviews settings).
    pub rating_prior: RatingPrior,
}

impl JobSpec {
    /// The spec of a stored booking (two hours of work when no estimate was given).
    pub fn for_booking(b: &Booking, search_radius_km: f64, now: Timestamp) -> Option<JobSpec> {
        Some(JobSpec {
            category: b.service_category.clone(),
            skills: Vec::new(),
            location: b.service_location.point().ok()?,
            scheduled_at: b.scheduled_at,
            duration_minutes: b.estimated_duration_minutes.unwrap_or(120),
            budget: b.budget,
            search_radius_km,
            now,
            rating_prior: RatingPrior::default(),
        })
    }
}

/// The customer's relationship with one technician.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// Jobs this technician finished for this customer.
    pub completed_jobs: u32,
    /// Average stars the customer gave them, if they reviewed.
    pub avg_rating_given: Option<f64>,
    /// The customer listed them as preferred.
    pub preferred: bool,
}

/// Why a technician is not a candidate at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// The account is not a technician (or has no technician profile).
    NotATechnician,
    /// The customer blocked them, or they already declined this booking.
    Blocked,
    /// The job lies beyond the technician's own service radius.
    OutOfServiceRadius,
    /// Neither the category nor any requested skill is theirs.
    OtherTrade,
}

/// A technician's score for one job.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub technician: Id,
    pub distance_km: f64,
    /// Sum of `breakdown`, 0..=100.
    pub score: f64,
    /// Points per factor key.
    pub breakdown: BTreeMap<String, f64>,
}

impl Scored {
    /// The stored form, not yet offered.
    pub fn into_candidate(self) -> MatchCandidate {
        MatchCandidate {
            technician: self.technician,
            score: self.score,
            distance_km: round2(self.distance_km),
            breakdown: self.breakdown,
            notified_at: None,
            responded_at: None,
            response: None,
        }
    }
}

/// Scores `tech` at `distance_km` from the job, or says why they are excluded.
pub fn score(
    job: &JobSpec,
    tech: &User,
    distance_km: f64,
    history: &History,
    blocked: &[Id],
    weights: &Weights,
) -> Result<Scored, Exclusion> {
    let p = tech
        .technician
        .as_ref()
        .filter(|_| tech.is_technician())
        .ok_or(Exclusion::NotATechnician)?;
    if blocked.contains(&tech.id) {
        return Err(Exclusion::Blocked);
    }
    if distance_km > p.service_radius_km {
        return Err(Exclusion::OutOfServiceRadius);
    }
    let skills = skills_fit(job, p).ok_or(Exclusion::OtherTrade)?;
    let values = [
        skills,
        proximity(distance_km, job.search_radius_km),
        availability(job, p),
        rating(tech.rating.average, tech.rating.count, &job.rating_prior),
        experience(job, p),
        price_fit(job, p),
        responsiveness(p),
        reliability(p),
        relationship(history),
    ];
    let mut breakdown = BTreeMap::new();
    let mut total = 0.0;
    for (f, v) in Factor::ALL.iter().zip(values) {
        let points = round2(v.clamp(0.0, 1.0) * weights.max_points(*f));
        total += points;
        breakdown.insert(f.as_str().to_string(), points);
    }
    Ok(Scored {
        technician: tech.id,
        distance_km,
        score: total,
        breakdown,
    })
}

/// Best first; ties go to the nearer technician, then the older id (stable and deterministic).
pub fn rank(mut scored: Vec<Scored>) -> Vec<Scored> {
    scored.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.distance_km.total_cmp(&b.distance_km))
            .then(a.technician.to_hex().cmp(&b.technician.to_hex()))
    });
    scored
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Category slugs compare without case, spaces or dashes (`AC Refrigeration` = `ac_refrigeration`).
fn slug(s: &str) -> String {
    s.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The category as the technician's main trade is 1.0, as a side trade 0.8; requested skills
/// count half when given. `None` when nothing matches: they are in another trade.
pub fn skills_fit(job: &JobSpec, p: &TechnicianProfile) -> Option<f64> {
    let want = slug(&job.category);
    let category = match p.service_categories.iter().position(|c| slug(c) == want) {
        Some(0) => 1.0,
        Some(_) => 0.8,
        None => 0.0,
    };
    if job.skills.is_empty() {
        return (category > 0.0).then_some(category);
    }
    let has = |s: &String| {
        p.skills
            .iter()
            .any(|k| k.name.trim().eq_ignore_ascii_case(s.trim()))
    };
    let share = job.skills.iter().filter(|s| has(s)).count() as f64 / job.skills.len() as f64;
    (category > 0.0 || share > 0.0).then_some(0.5 * category + 0.5 * share)
}

/// 1 at the job, 0 at the edge of the search radius.
pub fn proximity(distance_km: f64, radius_km: f64) -> f64 {
    (1.0 - distance_km / radius_km.max(0.1)).clamp(0.0, 1.0)
}

/// 0 on time off; for a job starting now, `availableNow` is 1; otherwise the weekly hours in
/// the technician's time zone: 1 when the job fits a slot, 0.75 when it starts in one but runs
/// over, 0 outside. No hours set at all is neutral.
pub fn availability(job: &JobSpec, p: &TechnicianProfile) -> f64 {
    let a = &p.availability;
    let end = job
        .scheduled_at
        .plus(Duration::minutes(i64::from(job.duration_minutes)));
    if a.time_off
        .iter()
        .any(|t| t.from < end && job.scheduled_at < t.to)
    {
        return 0.0;
    }
    let is_now = job.scheduled_at <= job.now.plus(Duration::minutes(NOW_WINDOW_MINUTES));
    if is_now && a.available_now {
        return 1.0;
    }
    if a.weekly.iter().all(|d| d.slots.is_empty()) {
        return NEUTRAL;
    }
    let local =
        job.scheduled_at.datetime() + Duration::minutes(i64::from(utc_offset_minutes(&a.timezone)));
    let day = Weekday::from(local.weekday());
    let start = local.hour() * 60 + local.minute();
    let finish = start + job.duration_minutes;
    let slots = a
        .weekly
        .iter()
        .filter(|d| d.day == day)
        .flat_map(|d| &d.slots);
    let mut best: f64 = 0.0;
    for (from, to) in slots.filter_map(|s| s.minutes()) {
        if from <= start && start < to {
            best = best.max(if finish <= to { 1.0 } else { 0.75 });
        }
    }
    best
}

/// Offset from UTC of the IANA zones technicians in the region use. None of them observes
/// daylight saving, so a fixed table is exact and saves a time-zone database dependency; an
/// unknown zone is taken as the platform's home, Africa/Nairobi.
pub fn utc_offset_minutes(tz: &str) -> i32 {
    match tz.trim() {
        "UTC" | "Etc/UTC" | "GMT" | "Africa/Accra" | "Africa/Abidjan" | "Africa/Dakar" => 0,
        "Africa/Lagos" | "Africa/Kinshasa" | "Africa/Douala" | "Africa/Luanda" => 60,
        "Africa/Kigali"
        | "Africa/Bujumbura"
        | "Africa/Lubumbashi"
        | "Africa/Lusaka"
        | "Africa/Harare"
        | "Africa/Maputo"
        | "Africa/Blantyre"
        | "Africa/Gaborone"
        | "Africa/Johannesburg"
        | "Africa/Juba"
        | "Africa/Khartoum" => 120,
        _ => 180,
    }
}

/// The Bayesian average of the stars (shrunk towards the configured prior, so one 5-star
/// review does not outrank two hundred 4.8s), mapped 1..5 → 0..1.
pub fn rating(average: f64, count: i64, prior: &RatingPrior) -> f64 {
    let n = count.max(0);
    let avg = if average.is_finite() {
        average.clamp(0.0, 5.0)
    } else {
        0.0
    };
    let sum = (avg * n as f64).round() as i64;
    let shrunk = prior.bayesian(n, sum);
    ((shrunk - 1.0) / 4.0).clamp(0.0, 1.0)
}

/// The best of the relevant skills (the requested ones they have, else all): half level, half
/// years (15 years is full marks).
pub fn experience(job: &JobSpec, p: &TechnicianProfile) -> f64 {
    let asked = |name: &str| {
        job.skills
            .iter()
            .any(|s| s.trim().eq_ignore_ascii_case(name.trim()))
    };
    let relevant: Vec<_> = p.skills.iter().filter(|s| asked(&s.name)).collect();
    let pool = if relevant.is_empty() {
        p.skills.iter().collect()
    } else {
        relevant
    };
    pool.iter()
        .map(|s| {
            let level = match s.level {
                SkillLevel::Beginner => 0.25,
                SkillLevel::Intermediate => 0.5,
                SkillLevel::Expert => 0.75,
                SkillLevel::Master => 1.0,
            };
            let years = (f64::from(s.years_of_experience) / FULL_EXPERIENCE_YEARS).min(1.0);
            0.5 * level + 0.5 * years
        })
        .fold(0.0, f64::max)
}

/// Labour at the hourly rate for the job's duration against the budget: 1 within budget,
/// falling to 0 at twice the budget. Neutral without a budget, a rate, or in another currency.
pub fn price_fit(job: &JobSpec, p: &TechnicianProfile) -> f64 {
    let (Some(budget), Some(rate)) = (job.budget, p.hourly_rate) else {
        return NEUTRAL;
    };
    if budget.currency != rate.currency || budget.amount <= 0 {
        return NEUTRAL;
    }
    // Integer minor units for the estimate; the ratio is a score, not money.
    let minutes = i128::from(job.duration_minutes.max(MIN_BILLED_MINUTES));
    let estimate = (i128::from(rate.amount) * minutes / 60) as f64;
    let ratio = estimate / budget.amount as f64;
    (2.0 - ratio.max(1.0)).clamp(0.0, 1.0)
}

/// Answers within 5 minutes on average score 1, within 2 hours or slower 0.
pub fn responsiveness(p: &TechnicianProfile) -> f64 {
    let s = &p.stats;
    if s.jobs_completed + s.jobs_cancelled == 0 && s.avg_response_minutes <= 0.0 {
        return NEUTRAL;
    }
    let (best, worst) = RESPONSE_MINUTES;
    (1.0 - (s.avg_response_minutes - best) / (worst - best)).clamp(0.0, 1.0)
}

/// Completed ÷ (completed + cancelled), from the counters (neutral before the first job).
pub fn reliability(p: &TechnicianProfile) -> f64 {
    let s = &p.stats;
    let total = s.jobs_completed + s.jobs_cancelled;
    if total <= 0 {
        return NEUTRAL;
    }
    (s.jobs_completed.max(0) as f64 / total as f64).clamp(0.0, 1.0)
}

/// Preferred technicians get full marks; repeat work counts up to three jobs, unless the
/// customer rated them below 3 stars.
pub fn relationship(h: &History) -> f64 {
    if h.preferred {
        return 1.0;
    }
    if h.avg_rating_given.is_some_and(|r| r < 3.0) || h.completed_jobs == 0 {
        return 0.0;
    }
    0.2 + 0.8 * (f64::from(h.completed_jobs.min(3)) / 3.0)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::user::tests::sample;
    use crate::domain::user::{DaySchedule, Skill, TimeOff, TimeSlot};

    /// Monday 2024-01-01 at `h`:00 Nairobi time (UTC+3).
    fn monday_eat(h: i64) -> Timestamp {
        Timestamp::from_millis(1_704_056_400_000 + h * 3_600_000)
    }

    fn job() -> JobSpec {
        JobSpec {
            category: "electrical".into(),
            skills: Vec::new(),
            location: GeoPoint::new(36.8219, -1.2921).unwrap(),
            scheduled_at: monday_eat(10),
            duration_minutes: 120,
            budget: Some(Money::kes(500_000)),
            search_radius_km: 20.0,
            now: monday_eat(10).minus(Duration::days(1)),
            rating_prior: RatingPrior::default(),
        }
    }

    /// The sample technician: electrical, Monday 08:00–17:30, 150,000 cents/h, radius 15.5 km.
    fn tech() -> User {
        let mut u = sample();
        u.corporate = None;
        u.technician.as_mut().unwrap().availability.time_off.clear();
        u
    }

    fn profile(u: &mut User) -> &mut TechnicianProfile {
        u.technician.as_mut().unwrap()
    }

    fn points(s: &Scored, f: Factor) -> f64 {
        s.breakdown[f.as_str()]
    }

    fn scored(u: &User, km: f64) -> Scored {
        score(&job(), u, km, &History::default(), &[], &Weights::default()).unwrap()
    }

    #[test]
    fn default_weights_sum_to_100_and_parse_both_ways() {
        assert_eq!(Weights::DEFAULT.iter().sum::<f64>(), 100.0);
        assert_eq!(
            Weights::parse("25,20,15,15,10,5,5,3,2").unwrap(),
            Weights::default()
        );
        let w = Weights::parse("skills=50, history=0").unwrap();
        assert_eq!((w.get(Factor::Skills), w.get(Factor::History)), (50.0, 0.0));
        assert_eq!(w.get(Factor::Proximity), 20.0);
        for bad in [
            "1,2,3",
            "skill=3",
            "skills=-1",
            "0,0,0,0,0,0,0,0,0",
            "a,b,c,d,e,f,g,h,i",
        ] {
            assert!(Weights::parse(bad).is_err(), "{bad}");
        }
        // Weights are scaled to 100 whatever they sum to.
        let w = Weights::parse("1,1,1,1,1,1,1,1,1").unwrap();
        assert!((w.max_points(Factor::Price) - 100.0 / 9.0).abs() < 1e-9);
    }

    #[test]
    fn the_explanation_has_every_factor_and_sums_to_the_score() {
        let s = scored(&tech(), 3.0);
        assert_eq!(s.breakdown.len(), 9);
        let sum: f64 = s.breakdown.values().sum();
        assert!((sum - s.score).abs() < 1e-9);
        assert!(s.score > 0.0 && s.score <= 100.0);
        assert_eq!(points(&s, Factor::Skills), 25.0);
        assert_eq!(points(&s, Factor::Availability), 15.0);
    }

    #[test]
    fn blocked_far_and_other_trade_technicians_are_excluded() {
        let (j, u, w) = (job(), tech(), Weights::default());
        let h = History::default();
        assert_eq!(score(&j, &u, 1.0, &h, &[u.id], &w), Err(Exclusion::Blocked));
        assert_eq!(
            score(&j, &u, 16.0, &h, &[], &w),
            Err(Exclusion::OutOfServiceRadius)
        );
        let plumbing = JobSpec {
            category: "plumbing".into(),
            ..job()
        };
        assert_eq!(
            score(&plumbing, &u, 1.0, &h, &[], &w),
            Err(Exclusion::OtherTrade)
        );
        let mut customer = u.clone();
        customer.role = crate::domain::user::Role::Customer;
        assert_eq!(
            score(&j, &customer, 1.0, &h, &[], &w),
            Err(Exclusion::NotATechnician)
        );
    }

    #[test]
    fn skills_favour_the_main_trade_and_requested_skills() {
        let mut u = tech();
        let p = profile(&mut u);
        assert_eq!(skills_fit(&job(), p), Some(1.0));
        p.service_categories = vec!["Plumbing".into(), "Electrical".into()];
        assert_eq!(skills_fit(&job(), p), Some(0.8));
        let asks = JobSpec {
            skills: vec!["Wiring".into(), "solar".into()],
            ..job()
        };
        assert_eq!(skills_fit(&asks, p), Some(0.5 * 0.8 + 0.5 * 0.5));
        p.service_categories.clear();
        assert_eq!(skills_fit(&asks, p), Some(0.25));
    }

    #[test]
    fn proximity_is_linear_to_the_edge_of_the_search() {
        assert_eq!(proximity(0.0, 20.0), 1.0);
        assert_eq!(proximity(5.0, 20.0), 0.75);
        assert_eq!(proximity(25.0, 20.0), 0.0);
    }

    #[test]
    fn availability_reads_weekly_hours_in_nairobi_time() {
        let mut u = tech();
        let p = profile(&mut u);
        let at = |h| JobSpec {
            scheduled_at: monday_eat(h),
            ..job()
        };
        assert_eq!(availability(&at(8), p), 1.0);
        assert_eq!(
            availability(&at(16), p),
            0.75,
            "starts inside, runs past 17:30"
        );
        assert_eq!(availability(&at(18), p), 0.0);
        // The same instants an hour earlier on the technician's clock.
        p.availability.timezone = "Africa/Kigali".into();
        assert_eq!(availability(&at(8), p), 0.0, "07:00 in Kigali");
        assert_eq!(availability(&at(9), p), 1.0);
        assert_eq!(
            availability(&at(18), p),
            0.75,
            "17:00 in Kigali, runs past 17:30"
        );
    }

    #[test]
    fn time_off_and_available_now_override_the_weekly_hours() {
        let mut u = tech();
        let p = profile(&mut u);
        let sunday = JobSpec {
            scheduled_at: monday_eat(10 - 24),
            now: monday_eat(-48),
            ..job()
        };
        assert_eq!(availability(&sunday, p), 0.0);
        let now = JobSpec {
            now: sunday.scheduled_at,
            ..sunday.clone()
        };
        assert_eq!(
            availability(&now, p),
            1.0,
            "available now takes jobs starting now"
        );
        p.availability.available_now = false;
        assert_eq!(availability(&now, p), 0.0);
        p.availability.time_off.push(TimeOff {
            from: monday_eat(11),
            to: monday_eat(30),
            reason: None,
        });
        assert_eq!(availability(&job(), p), 0.0, "overlaps the job's two hours");
        p.availability.time_off.clear();
        p.availability.weekly.clear();
        assert_eq!(availability(&job(), p), NEUTRAL);
        p.availability.weekly.push(DaySchedule {
            day: Weekday::Monday,
            slots: vec![TimeSlot {
                start: "09:30".into(),
                end: "24:00".into(),
            }],
        });
        assert_eq!(availability(&job(), p), 1.0);
    }

    #[test]
    fn ratings_are_shrunk_towards_the_prior() {
        let p = RatingPrior::default();
        assert_eq!(rating(0.0, 0, &p), (3.5 - 1.0) / 4.0);
        assert!(rating(4.8, 200, &p) > rating(5.0, 1, &p));
        assert!(rating(5.0, 1000, &p) > 0.99);
        assert!(rating(1.0, 1000, &p) < 0.01);
        let strict = RatingPrior {
            mean: 3.0,
            weight: 20.0,
        };
        assert!(rating(5.0, 1, &strict) < rating(5.0, 1, &p));
    }

    #[test]
    fn experience_takes_the_best_relevant_skill() {
        let mut u = tech();
        let p = profile(&mut u);
        assert_eq!(experience(&job(), p), 0.5 * 0.75 + 0.5 * (8.0 / 15.0));
        p.skills.push(Skill {
            name: "solar".into(),
            level: SkillLevel::Master,
            years_of_experience: 30,
        });
        assert_eq!(experience(&job(), p), 1.0);
        let asks = JobSpec {
            skills: vec!["wiring".into()],
            ..job()
        };
        assert_eq!(experience(&asks, p), 0.5 * 0.75 + 0.5 * (8.0 / 15.0));
        p.skills.clear();
        assert_eq!(experience(&job(), p), 0.0);
    }

    #[test]
    fn price_is_full_within_budget_and_zero_at_twice_it() {
        let mut u = tech();
        let p = profile(&mut u);
        // Two hours at 1,500 KES = 3,000 KES against a 5,000 KES budget.
        assert_eq!(price_fit(&job(), p), 1.0);
        let tight = |kes: i64| JobSpec {
            budget: Some(Money::kes(kes * 100)),
            ..job()
        };
        assert_eq!(price_fit(&tight(2_000), p), 0.5);
        assert_eq!(price_fit(&tight(1_500), p), 0.0);
        assert_eq!(
            price_fit(
                &JobSpec {
                    budget: None,
                    ..job()
                },
                p
            ),
            NEUTRAL
        );
        p.hourly_rate = Some(Money::new(100, crate::domain::money::Currency::Usd));
        assert_eq!(price_fit(&job(), p), NEUTRAL);
    }

    #[test]
    fn response_time_and_completion_rate_are_neutral_before_the_first_job() {
        let mut u = tech();
        let p = profile(&mut u);
        assert_eq!(reliability(p), 40.0 / 42.0);
        assert_eq!(responsiveness(p), 1.0 - 7.5 / 115.0);
        p.stats.avg_response_minutes = 200.0;
        assert_eq!(responsiveness(p), 0.0);
        p.stats = Default::default();
        assert_eq!((reliability(p), responsiveness(p)), (NEUTRAL, NEUTRAL));
    }

    #[test]
    fn history_counts_repeat_work_and_preference() {
        assert_eq!(relationship(&History::default()), 0.0);
        let repeat = |n, r| History {
            completed_jobs: n,
            avg_rating_given: r,
            preferred: false,
        };
        assert!(relationship(&repeat(1, Some(5.0))) < relationship(&repeat(3, Some(5.0))));
        assert_eq!(relationship(&repeat(9, None)), 1.0);
        assert_eq!(relationship(&repeat(9, Some(2.0))), 0.0);
        assert_eq!(
            relationship(&History {
                preferred: true,
                ..Default::default()
            }),
            1.0
        );
    }

    #[test]
    fn ranking_puts_the_best_first_and_breaks_ties_by_distance() {
        let (a, mut b, mut c) = (tech(), tech(), tech());
        b.id = Id::from_parts(1, 2);
        c.id = Id::from_parts(1, 3);
        profile(&mut c).stats.avg_response_minutes = 110.0;
        let ranked = rank(vec![scored(&c, 2.0), scored(&b, 2.0), scored(&a, 1.0)]);
        let order: Vec<_> = ranked.iter().map(|s| s.technician).collect();
        assert_eq!(order, [a.id, b.id, c.id]);
    }

    fn any_profile() -> impl Strategy<Value = (User, f64)> {
        (
            0.0f64..=5.0,
            0i64..500,
            0i64..400,
            0i64..50,
            0.0f64..300.0,
            0.0f64..40.0,
            any::<bool>(),
        )
            .prop_map(|(avg, count, done, cancelled, response, km, now)| {
                let mut u = tech();
                u.rating.average = avg;
                u.rating.count = count;
                let p = profile(&mut u);
                p.stats.jobs_completed = done;
                p.stats.jobs_cancelled = cancelled;
                p.stats.avg_response_minutes = response;
                p.availability.available_now = now;
                p.service_radius_km = 50.0;
                (u, km)
            })
    }

    proptest! {
        #[test]
        fn scores_stay_in_range_and_equal_their_explanation(
            (u, km) in any_profile(),
            weights in proptest::array::uniform9(0.0f64..50.0),
            jobs in 0u32..10,
        ) {
            let w = Weights::new(weights).unwrap_or_default();
            let h = History { completed_jobs: jobs, ..Default::default() };
            let s = score(&job(), &u, km, &h, &[], &w).unwrap();
            prop_assert!((0.0..=100.0 + 1e-6).contains(&s.score));
            let sum: f64 = s.breakdown.values().sum();
            prop_assert!((sum - s.score).abs() < 1e-9);
            for f in Factor::ALL {
                let max = w.max_points(*f) + 0.005;
                prop_assert!((0.0..=max).contains(&s.breakdown[f.as_str()]), "{f}");
            }
        }

        #[test]
        fn nearer_never_scores_lower_and_blocked_never_scores((u, km) in any_profile(), d in 0.0f64..10.0) {
            let w = Weights::default();
            let far = score(&job(), &u, km + d, &History::default(), &[], &w).unwrap();
            let near = score(&job(), &u, km, &History::default(), &[], &w).unwrap();
            prop_assert!(near.score >= far.score);
            prop_assert_eq!(score(&job(), &u, km, &History::default(), &[u.id], &w), Err(Exclusion::Blocked));
        }
    }
}
