//! Nearby search: an R*Tree over technicians' locations and an expanding-ring query over it.
//!
//! `users_location_2dsphere` (the R*Tree behind the spec's index of that name) holds one degenerate box per technician with a location, keyed by the users
//! row's `rid`, with the exact coordinates and the filter keys as auxiliary columns (active,
//! rating, available now, skills) — so the search reads only small R*Tree rows and parses full
//! documents for the final few. The ring starts at 1 km and doubles up to the radius; it stops
//! as soon as `limit` matches lie within the ring's true (haversine) distance, because nothing
//! outside the ring can be nearer than those.

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::docs::key_needle;
use crate::domain::GeoPoint;
use crate::domain::geo::BoundingBox;
use crate::store::NearbyQuery;

/// Radius of the first ring.
const FIRST_RING_KM: f64 = 1.0;

/// What the R*Tree keeps about one technician.
pub(in crate::store) struct GeoEntry<'a> {
    pub point: GeoPoint,
    pub active: bool,
    pub rating: f64,
    pub available_now: bool,
    /// Lower-case skill names as a `|a|b|` key set.
    pub skills: &'a str,
}

/// Writes (or with `None` removes) the entry of users row `rid`.
pub(in crate::store) fn put(
    c: &Connection,
    rid: i64,
    entry: Option<GeoEntry<'_>>,
    fresh: bool,
) -> rusqlite::Result<()> {
    if !fresh {
        remove(c, rid)?;
    }
    let Some(e) = entry else { return Ok(()) };
    let (lng, lat) = (e.point.lng(), e.point.lat());
    c.prepare_cached(
        "INSERT INTO users_location_2dsphere (rid, min_lng, max_lng, min_lat, max_lat, lng, lat, active, rating, avail, skills) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(rusqlite::params![
        rid,
        lng,
        lng,
        lat,
        lat,
        lng,
        lat,
        e.active,
        e.rating,
        e.available_now,
        e.skills
    ])?;
    Ok(())
}

pub(in crate::store) fn remove(c: &Connection, rid: i64) -> rusqlite::Result<()> {
    c.prepare_cached("DELETE FROM users_location_2dsphere WHERE rid = ?")?
        .execute([rid])?;
    Ok(())
}

/// Users rows (rid) of the active technicians matching `q`, nearest first, with their distance;
/// at most `q.limit`.
pub(in crate::store) fn nearest(
    c: &Connection,
    q: &NearbyQuery,
) -> rusqlite::Result<Vec<(i64, f64)>> {
    let radius = q.radius_km.max(0.0);
    if q.limit == 0 || !radius.is_finite() {
        return Ok(Vec::new());
    }
    let limit = q.limit as usize;
    let sql = ring_sql(q.skills.len());
    let mut stmt = c.prepare_cached(&sql)?;
    let mut ring = FIRST_RING_KM.min(radius);
    loop {
        let mut hits: Vec<(i64, f64)> = Vec::new();
        for b in boxes(q.point.bounding_box(ring)) {
            let mut params = vec![
                Value::Real(b.max_lng),
                Value::Real(b.min_lng),
                Value::Real(b.max_lat),
                Value::Real(b.min_lat),
                Value::Real(q.min_rating.unwrap_or(f64::NEG_INFINITY)),
                Value::Integer(i64::from(q.available_now)),
            ];
            params.extend(
                q.skills
                    .iter()
                    .map(|s| key_needle(&s.trim().to_lowercase())),
            );
            let rows = stmt.query_map(params_from_iter(params), |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, f64>(1)?,
                    r.get::<_, f64>(2)?,
                ))
            })?;
            for row in rows {
                let (rid, lng, lat) = row?;
                let Ok(p) = GeoPoint::new(lng, lat) else {
                    continue;
                };
                let d = q.point.distance_km(&p);
                if d <= ring {
                    hits.push((rid, d));
                }
            }
        }
        if hits.len() >= limit || ring >= radius {
            hits.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            hits.dedup_by_key(|h| h.0);
            hits.truncate(limit);
            return Ok(hits);
        }
        ring = (ring * 2.0).min(radius);
    }
}

/// The R*Tree query of one box: coordinates through the R*Tree, the rest on its aux columns.
fn ring_sql(skills: usize) -> String {
    let mut sql = String::from(
        "SELECT rid, lng, lat FROM users_location_2dsphere \
         WHERE min_lng <= ? AND max_lng >= ? AND min_lat <= ? AND max_lat >= ? \
         AND active = 1 AND rating >= ? AND avail >= ?",
    );
    for _ in 0..skills {
        sql.push_str(" AND instr(skills, ?) > 0");
    }
    sql
}

/// The box, split in two where it crosses the antimeridian.
fn boxes(b: BoundingBox) -> Vec<BoundingBox> {
    if b.min_lng < -180.0 {
        vec![
            BoundingBox {
                min_lng: b.min_lng + 360.0,
                max_lng: 180.0,
                ..b
            },
            BoundingBox {
                min_lng: -180.0,
                ..b
            },
        ]
    } else if b.max_lng > 180.0 {
        vec![
            BoundingBox {
                max_lng: 180.0,
                ..b
            },
            BoundingBox {
                min_lng: -180.0,
                max_lng: b.max_lng - 360.0,
                ..b
            },
        ]
    } else {
        vec![b]
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};

    use super::*;

    fn tree(points: &[(f64, f64, bool, f64, bool, &str)]) -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE VIRTUAL TABLE users_location_2dsphere USING rtree(rid, min_lng, max_lng, min_lat, max_lat, \
             +lng REAL, +lat REAL, +active INTEGER, +rating REAL, +avail INTEGER, +skills TEXT)",
        )
        .unwrap();
        for (i, &(lng, lat, active, rating, avail, skills)) in points.iter().enumerate() {
            let e = GeoEntry {
                point: GeoPoint::new(lng, lat).unwrap(),
                active,
                rating,
                available_now: avail,
                skills,
            };
            put(&c, i as i64 + 1, Some(e), true).unwrap();
        }
        c
    }

    fn query(lng: f64, lat: f64, radius_km: f64, limit: u32) -> NearbyQuery {
        NearbyQuery {
            point: GeoPoint::new(lng, lat).unwrap(),
            radius_km,
            skills: vec![],
            min_rating: None,
            available_now: false,
            limit,
        }
    }

    #[test]
    fn ring_search_agrees_with_brute_force_on_random_points() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let skills = ["|plumbing|", "|wiring|", "|plumbing|wiring|", ""];
        let pts: Vec<_> = (0..3000)
            .map(|_| {
                // Dense around Nairobi, a sprinkle country-wide.
                let (lng, lat) = if rng.random_bool(0.8) {
                    (
                        36.82 + rng.random_range(-0.3..0.3),
                        -1.29 + rng.random_range(-0.3..0.3),
                    )
                } else {
                    (rng.random_range(34.0..41.0), rng.random_range(-4.5..4.5))
                };
                let active = rng.random_bool(0.9);
                let rating = f64::from(rng.random_range(0..=50u8)) / 10.0;
                let avail = rng.random_bool(0.5);
                (
                    lng,
                    lat,
                    active,
                    rating,
                    avail,
                    skills[rng.random_range(0..skills.len())],
                )
            })
            .collect();
        let c = tree(&pts);
        for round in 0..200 {
            let mut q = query(
                36.82 + rng.random_range(-0.5..0.5),
                -1.29 + rng.random_range(-0.5..0.5),
                rng.random_range(0.5..60.0),
                rng.random_range(1..40),
            );
            if round % 3 == 0 {
                q.skills = vec!["Plumbing".into()];
            }
            if round % 4 == 0 {
                q.min_rating = Some(3.5);
            }
            q.available_now = round % 5 == 0;
            let got = nearest(&c, &q).unwrap();
            let mut want: Vec<(i64, f64)> = pts
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    p.2 && q.min_rating.is_none_or(|m| p.3 >= m) && (!q.available_now || p.4)
                })
                .filter(|(_, p)| q.skills.is_empty() || p.5.contains("|plumbing|"))
                .map(|(i, p)| {
                    (
                        i as i64 + 1,
                        q.point.distance_km(&GeoPoint::new(p.0, p.1).unwrap()),
                    )
                })
                .filter(|(_, d)| *d <= q.radius_km)
                .collect();
            want.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            want.truncate(q.limit as usize);
            assert_eq!(got, want, "round {round}: {q:?}");
        }
    }

    #[test]
    fn search_crosses_the_antimeridian() {
        let c = tree(&[
            (179.99, 0.0, true, 4.0, true, ""),
            (-179.99, 0.0, true, 4.0, true, ""),
        ]);
        let got = nearest(&c, &query(179.995, 0.0, 5.0, 10)).unwrap();
        assert_eq!(got.len(), 2);
        let got = nearest(&c, &query(-179.995, 0.0, 5.0, 10)).unwrap();
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn nothing_beyond_the_radius_and_zero_limit_is_empty() {
        let c = tree(&[
            (36.82, -1.29, true, 4.0, true, ""),
            (36.9, -1.29, true, 4.0, true, ""),
        ]);
        let got = nearest(&c, &query(36.82, -1.29, 2.0, 10)).unwrap();
        assert_eq!(got.len(), 1);
        assert!(got[0].1 < 0.001);
        assert!(
            nearest(&c, &query(36.82, -1.29, 2.0, 0))
                .unwrap()
                .is_empty()
        );
    }
}
