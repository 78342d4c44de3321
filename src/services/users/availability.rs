//! A technician's availability: weekly working hours, time off, the "available now" switch
//! and the time zone the hours are in. Matching and nearby search read it; only the
//! technician changes it.

use serde::Deserialize;
use serde_json::Value;

use super::{live_user, save_own, technician_account};
use crate::auth::{Caller, require_role};
use crate::domain::user::Role;
use crate::domain::user::{Availability, DaySchedule, TimeOff, TimeSlot, UserField, Weekday};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::services::input::{Obj, Problems, text};
use crate::store::Store;

const MAX_SLOTS_PER_DAY: usize = 10;
const MAX_TIME_OFF: usize = 50;

/// The availability of technician `user`.
pub async fn get(store: &Store, user: Id) -> Result<Availability> {
    let u = live_user(store, user).await?;
    if !u.is_technician() {
        return Err(Error::NotFound("technician"));
    }
    Ok(u.technician.map(|t| t.availability).unwrap_or_default())
}

/// The caller's own availability; the caller must act as a technician.
pub async fn own(store: &Store, caller: &Caller) -> Result<Availability> {
    require_role(caller, &[Role::Technician])?;
    get(store, caller.id).await
}

/// Replaces the parts of the caller's availability that the body names (`weekly`, `timeOff`,
/// `availableNow`, `timezone`); parts not sent stay as they are, so the app can flip
/// `availableNow` without resending the week.
pub async fn update(store: &Store, caller: &Caller, body: Value) -> Result<Availability> {
    let before = technician_account(store, caller).await?;
    let mut user = before.clone();
    let t = user.technician.get_or_insert_with(Default::default);
    apply(&mut t.availability, body)?;
    let fields = [
        UserField::WeeklyHours,
        UserField::TimeOff,
        UserField::AvailableNow,
        UserField::Timezone,
    ];
    let stored = save_own(store, &before, &mut user, &fields).await?;
    Ok(stored
        .technician
        .map(|t| t.availability)
        .unwrap_or_default())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DayInput {
    day: Weekday,
    #[serde(default)]
    slots: Vec<SlotInput>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SlotInput {
    start: String,
    end: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeOffInput {
    from: Timestamp,
    to: Timestamp,
    #[serde(default)]
    reason: Option<String>,
}

/// Validates `body` onto `a`; on any problem `a` must be discarded.
pub fn apply(a: &mut Availability, body: Value) -> Result<()> {
    let mut p = Problems::new();
    let Some(mut o) = Obj::body(body, &mut p) else {
        return p.finish();
    };
    if let Some(days) = o.take_value::<Vec<Value>>("weekly", &mut p)
        && let Some(w) = weekly(days, &mut p)
    {
        a.weekly = w;
    }
    if let Some(items) = o.take_value::<Vec<Value>>("timeOff", &mut p)
        && let Some(t) = time_off(items, &mut p)
    {
        a.time_off = t;
    }
    if let Some(now) = o.take_value::<bool>("availableNow", &mut p) {
        a.available_now = now;
    }
    if let Some(tz) = o.take_value::<String>("timezone", &mut p) {
        match timezone(&tz) {
            Some(tz) => a.timezone = tz,
            None => p.push(
                "timezone",
                "must be an IANA time zone such as Africa/Nairobi",
            ),
        }
    }
    o.finish(&mut p, &[]);
    p.finish()
}

/// Days in week order, each once, slots sorted and not overlapping (touching is fine:
/// 08:00-12:00 then 12:00-17:00).
fn weekly(days: Vec<Value>, p: &mut Problems) -> Option<Vec<DaySchedule>> {
    let mut out: Vec<DaySchedule> = Vec::new();
    let mut ok = true;
    for (i, v) in days.into_iter().enumerate() {
        let f = format!("weekly[{i}]");
        let day = match serde_json::from_value::<DayInput>(v) {
            Ok(d) => d,
            Err(e) => {
                p.push(&f, e.to_string());
                ok = false;
                continue;
            }
        };
        if out.iter().any(|d| d.day == day.day) {
            p.push(format!("{f}.day"), format!("{} is listed twice", day.day));
            ok = false;
            continue;
        }
        if day.slots.len() > MAX_SLOTS_PER_DAY {
            p.push(
                format!("{f}.slots"),
                format!("at most {MAX_SLOTS_PER_DAY} slots a day"),
            );
            ok = false;
            continue;
        }
        let mut slots: Vec<(usize, TimeSlot, (u32, u32))> = Vec::new();
        for (j, s) in day.slots.into_iter().enumerate() {
            let slot = TimeSlot {
                start: s.start,
                end: s.end,
            };
            match slot.validate(&format!("{f}.slots[{j}]")) {
                Ok(()) => {
                    let m = slot.minutes().unwrap_or_default();
                    slots.push((j, slot, m));
                }
                Err(e) => {
                    p.extend([e]);
                    ok = false;
                }
            }
        }
        slots.sort_by_key(|(_, _, m)| *m);
        for w in slots.windows(2) {
            if w[1].2.0 < w[0].2.1 {
                p.push(
                    format!("{f}.slots[{}]", w[1].0),
                    format!("overlaps {}-{}", w[0].1.start, w[0].1.end),
                );
                ok = false;
            }
        }
        out.push(DaySchedule {
            day: day.day,
            slots: slots.into_iter().map(|(_, s, _)| s).collect(),
        });
    }
    out.sort_by_key(|d| Weekday::ALL.iter().position(|w| *w == d.day));
    ok.then_some(out)
}

fn time_off(items: Vec<Value>, p: &mut Problems) -> Option<Vec<TimeOff>> {
    if items.len() > MAX_TIME_OFF {
        p.push("timeOff", format!("at most {MAX_TIME_OFF} periods"));
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for (i, v) in items.into_iter().enumerate() {
        let f = format!("timeOff[{i}]");
        match serde_json::from_value::<TimeOffInput>(v) {
            Ok(t) if t.from >= t.to => {
                p.push(format!("{f}.to"), "must be after from");
                ok = false;
            }
            Ok(t) => {
                let reason = match t.reason {
                    Some(r) => match text(p, &format!("{f}.reason"), &r, 0, 200) {
                        Some(r) => Some(r).filter(|r| !r.is_empty()),
                        None => {
                            ok = false;
                            None
                        }
                    },
                    None => None,
                };
                out.push(TimeOff {
                    from: t.from,
                    to: t.to,
                    reason,
                });
            }
            Err(e) => {
                p.push(&f, e.to_string());
                ok = false;
            }
        }
    }
    out.sort_by_key(|t: &TimeOff| t.from);
    ok.then_some(out)
}

/// `UTC` or an `Area/Location` name of the IANA database (shape only: the platform ships no
/// zone database, and clients resolve the name).
fn timezone(s: &str) -> Option<String> {
    let s = s.trim();
    let part_ok = |part: &str| {
        !part.is_empty()
            && part.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_+-".contains(c))
    };
    let ok = s == "UTC" || (s.len() <= 64 && s.contains('/') && s.split('/').all(part_ok));
    ok.then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(r: Result<()>) -> Vec<String> {
        match r {
            Err(Error::Validation(errs)) => errs.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_week_is_sorted_and_checked() {
        let mut a = Availability::default();
        let body = json!({
            "weekly": [
                {"day": "tuesday", "slots": [{"start": "13:00", "end": "17:00"}, {"start": "08:00", "end": "13:00"}]},
                {"day": "monday", "slots": [{"start": "08:00", "end": "24:00"}]},
            ],
            "availableNow": true,
        });
        apply(&mut a, body).unwrap();
        assert_eq!(a.weekly[0].day, Weekday::Monday);
        assert_eq!(a.weekly[1].slots[0].start, "08:00");
        assert!(a.available_now);
        assert_eq!(a.timezone, "Africa/Nairobi");
    }

    #[test]
    fn overlaps_bad_times_duplicates_and_reversed_time_off_are_all_reported() {
        let mut a = Availability::default();
        let body = json!({
            "weekly": [
                {"day": "monday", "slots": [{"start": "08:00", "end": "12:00"}, {"start": "11:00", "end": "14:00"}, {"start": "9:00", "end": "10:00"}]},
                {"day": "monday", "slots": []},
            ],
            "timeOff": [{"from": "2030-01-02T00:00:00Z", "to": "2030-01-01T00:00:00Z"}],
            "timezone": "nairobi",
        });
        assert_eq!(
            fields(apply(&mut a, body)),
            [
                "weekly[0].slots[2]",
                "weekly[0].slots[1]",
                "weekly[1].day",
                "timeOff[0].to",
                "timezone"
            ]
        );
    }
}
