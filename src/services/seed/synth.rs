//! Shared machinery of the generators: per-document random streams, deterministic time-ordered
//! ids, the growth curve that spreads creation times, prices and booking status paths.
//!
//! Every document is a pure function of (seed, collection, index): each gets its own ChaCha8
//! stream, so the output does not depend on batch size or on which thread generated it.

use std::collections::VecDeque;

use chrono::Duration;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::domain::booking::pricing::{self, PriceInput, Rates};
use crate::domain::booking::state::TRANSITIONS;
use crate::domain::booking::{Actor, BookingStatus, PriceBreakdown, Urgency};
use crate::domain::user::Role;
use crate::domain::{Id, Money, Timestamp};
use crate::error::{Error, Result};

/// Which collection a stream or an id belongs to (the top byte of the id counter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Tag {
    Users = 1,
    Posts = 2,
    Bookings = 3,
    Conversations = 4,
    Messages = 5,
    Reviews = 6,
    /// The hand-written fixture set.
    Fixtures = 0xD0,
}

/// Inputs every generator shares.
#[derive(Debug, Clone)]
pub struct Gen {
    pub seed: u64,
    /// The "now" of the generated data; creation times lie before it.
    pub anchor: Timestamp,
    /// Added to every generated index, so a second run into a non-empty store neither reuses
    /// ids nor e-mail addresses and phone numbers (it is the store's user count at start).
    pub base: u64,
    base_rng: ChaCha8Rng,
}

impl Gen {
    pub fn new(seed: u64, anchor: Timestamp, base: u64) -> Gen {
        Gen {
            seed,
            anchor,
            base,
            base_rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// The random stream of document `i` of `tag`.
    pub fn rng(&self, tag: Tag, i: u64) -> ChaCha8Rng {
        let mut r = self.base_rng.clone();
        r.set_stream(tag as u64);
        // 4096 words (16 KiB) per document: far more than any generator draws.
        r.set_word_pos(u128::from(i) << 12);
        r
    }

    /// The number that makes generated emails, phones and booking numbers unique.
    pub fn serial(&self, i: u64) -> u64 {
        self.base + i
    }

    /// A deterministic id whose time part is `at`, so ids sort like creation times. The counter
    /// holds the collection tag, 16 bits of the seed and the serial.
    pub fn id(&self, tag: Tag, at: Timestamp, i: u64) -> Id {
        let seed_bits =
            (self.seed ^ (self.seed >> 16) ^ (self.seed >> 32) ^ (self.seed >> 48)) & 0xFFFF;
        let counter = (tag as u64) << 56 | seed_bits << 40 | (self.serial(i) & 0xFF_FFFF_FFFF);
        Id::from_parts(secs(at), counter)
    }

    /// Creation time of item `i` of `n` spread over the last `window_days`, denser towards now
    /// (a growing marketplace) and increasing with `i`.
    pub fn spread(&self, i: u64, n: u64, window_days: i64) -> Timestamp {
        let x = (i as f64 + 0.5) / n.max(1) as f64;
        let back_ms = (window_days * 86_400_000) as f64 * (1.0 - x).powi(2);
        Timestamp::from_millis(self.anchor.millis() - back_ms as i64)
    }
}

/// Whole seconds of a timestamp for an id (clamped into the u32 range ObjectIds have).
pub fn secs(at: Timestamp) -> u32 {
    (at.millis() / 1000).clamp(0, i64::from(u32::MAX)) as u32
}

/// A timestamp `minutes` after `at`.
pub fn after(at: Timestamp, minutes: i64) -> Timestamp {
    at.plus(Duration::minutes(minutes))
}

/// Whole KES in `min..=max`, skewed towards the cheap end (most jobs are small), rounded to 50.
pub fn kes_in(rng: &mut impl Rng, min: i64, max: i64) -> i64 {
    let u: f64 = rng.random();
    let v = min as f64 + (max - min) as f64 * u * u;
    ((v / 50.0).round() as i64 * 50).clamp(min, max)
}

/// A price breakdown from its parts (whole KES, travel in minor units), by the domain's
/// pricing rules at the default platform fee and VAT rates.
pub fn price(
    labour: i64,
    materials: i64,
    travel: Money,
    urgency: Urgency,
    discount: i64,
) -> Result<PriceBreakdown> {
    let k = |kes: i64| Money::kes(kes * 100);
    let input = PriceInput {
        labour: k(labour),
        materials: k(materials),
        travel,
        urgency,
        discount: k(discount),
    };
    pricing::breakdown(&input, Rates::default()).map_err(Error::Validation)
}

/// The shortest chain of allowed moves from `pending` to `to` (the transition table decides;
/// nothing here encodes the rules). Empty for `pending` itself.
pub fn path_to(to: BookingStatus) -> Vec<BookingStatus> {
    let mut prev: Vec<(BookingStatus, BookingStatus)> = Vec::new();
    let mut seen = vec![BookingStatus::Pending];
    let mut queue = VecDeque::from([BookingStatus::Pending]);
    while let Some(s) = queue.pop_front() {
        if s == to {
            break;
        }
        for t in TRANSITIONS.iter().filter(|t| t.from == s) {
            if !seen.contains(&t.to) {
                seen.push(t.to);
                prev.push((t.to, s));
                queue.push_back(t.to);
            }
        }
    }
    let mut path = Vec::new();
    let mut at = to;
    while at != BookingStatus::Pending {
        path.push(at);
        match prev.iter().find(|(s, _)| *s == at) {
            Some((_, p)) => at = *p,
            None => return Vec::new(),
        }
    }
    path.reverse();
    path
}

/// Who plausibly makes the move `from → to`, among those the table allows: the customer
/// (they book, cancel, verify and dispute), else the technician (they do the work), else a
/// background job (matching, expiry, payment callbacks), else the admin.
pub fn actor_for(
    from: BookingStatus,
    to: BookingStatus,
    customer: Id,
    technician: Option<Id>,
    admin: Id,
) -> Actor {
    let Some(t) = crate::domain::booking::state::transition(from, to) else {
        return Actor::System;
    };
    if t.roles.contains(&Role::Customer) {
        return Actor::User {
            id: customer,
            role: Role::Customer,
        };
    }
    if let Some(id) = technician.filter(|_| t.roles.contains(&Role::Technician)) {
        return Actor::User {
            id,
            role: Role::Technician,
        };
    }
    if t.system {
        return Actor::System;
    }
    Actor::User {
        id: admin,
        role: Role::Admin,
    }
}

/// `yymmdd` of a timestamp, for booking and receipt numbers.
pub fn yymmdd(at: Timestamp) -> String {
    at.datetime().format("%y%m%d").to_string()
}

/// `Wanjiru` → `wanjiru`; `Ndung'u` → `ndungu` (for e-mail addresses and usernames).
pub fn slug(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::booking::state::check;

    #[test]
    fn every_state_is_reachable_through_allowed_moves() {
        for &to in BookingStatus::ALL {
            let path = path_to(to);
            let mut from = BookingStatus::Pending;
            for &s in &path {
                let actor = actor_for(
                    from,
                    s,
                    Id::from_parts(1, 1),
                    Some(Id::from_parts(1, 2)),
                    Id::from_parts(1, 3),
                );
                check(from, s, actor).unwrap_or_else(|e| panic!("{from} -> {s}: {e}"));
                from = s;
            }
            assert_eq!(from, to);
        }
    }

    #[test]
    fn prices_split_exactly_between_platform_and_technician() {
        let p = price(3_000, 500, Money::kes(20_000), Urgency::Emergency, 100).unwrap();
        assert_eq!(p.labour, Money::kes(300_000));
        assert_eq!(p.urgency_surcharge, Money::kes(90_000));
        let subtotal = 300_000 + 50_000 + 20_000 + 90_000 - 10_000;
        assert_eq!(
            p.platform_fee.amount + p.technician_earnings.amount,
            subtotal
        );
        assert_eq!(p.total.amount, subtotal + p.tax.amount);
        assert_eq!(p.tax, p.platform_fee.percent_bp(p.tax_bp));
        assert_eq!((p.platform_fee_bp, p.tax_bp), (1_000, 1_600));
    }

    #[test]
    fn ids_are_time_ordered_and_streams_independent_of_order() {
        let g = Gen::new(42, Timestamp::from_millis(1_750_000_000_000), 0);
        let times: Vec<_> = (0..100).map(|i| g.spread(i, 100, 365)).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        assert!(times[99] <= g.anchor);
        let ids: Vec<_> = (0..100)
            .map(|i| g.id(Tag::Posts, times[i as usize], i))
            .collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        let a: u64 = g.rng(Tag::Users, 7).random();
        let _: u64 = g.rng(Tag::Users, 6).random();
        assert_eq!(a, g.rng(Tag::Users, 7).random::<u64>());
        assert_ne!(a, g.rng(Tag::Posts, 7).random::<u64>());
    }
}
