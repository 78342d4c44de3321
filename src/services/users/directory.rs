//! Finding people: one profile, the filtered user list, and technicians near a point.

use super::{Audience, live_user};
use crate::auth::Caller;
use crate::domain::user::{Role, User, UserStatus};
use crate::domain::{GeoPoint, Id};
use crate::error::{Error, Result};
use crate::services::input::{Params, Problems};
use crate::store::page::Cursor;
use crate::store::{Nearby, NearbyQuery, Page, PageRequest, Store, UserFilter};

/// One account and the view the viewer gets. Deleted accounts are 404 to everyone but admins
/// (who may need to look at what is left of one while handling a dispute or an audit).
pub async fn profile(store: &Store, id: Id, viewer: Option<&Caller>) -> Result<(User, Audience)> {
    let user = match viewer {
        Some(c) if c.is_admin() => store.users.get(id).await?.ok_or(Error::NotFound("user"))?,
        _ => live_user(store, id).await?,
    };
    Ok((user, Audience::of(viewer, id)))
}

const LIST_PARAMS: &[&str] = &[
    "role",
    "status",
    "skills",
    "minRating",
    "q",
    "city",
    "limit",
    "cursor",
    "page",
];

/// `GET /users`: filtered, newest first. Non-admins only ever list active accounts (asking
/// for another status is 403: it would reveal who is suspended or banned) and get public
/// views; admins see every status (deleted ones only when asked for) in the private view.
pub async fn list(
    store: &Store,
    viewer: &Caller,
    query: Vec<(String, String)>,
) -> Result<(Page<User>, Audience)> {
    let mut p = Problems::new();
    let q = Params::new(query, LIST_PARAMS, &mut p);
    let role = q.get("role").and_then(|r| {
        let role = Role::parse(r);
        if role.is_none() {
            p.push(
                "role",
                format!(
                    "must be one of {}",
                    names(Role::ALL.iter().map(|r| r.as_str()))
                ),
            );
        }
        role
    });
    let status = q.get("status").and_then(|s| {
        let status = UserStatus::parse(s);
        if status.is_none() {
            p.push(
                "status",
                format!(
                    "must be one of {}",
                    names(UserStatus::ALL.iter().map(|s| s.as_str()))
                ),
            );
        }
        status
    });
    let skills = q.list("skills", 10, 50, &mut p);
    let min_rating = q.number("minRating", 0.0..=5.0, &mut p);
    let text = q.get("q").map(str::to_string);
    if text.as_ref().is_some_and(|t| t.chars().count() > 100) {
        p.push("q", "must be at most 100 characters");
    }
    let city = q.get("city").map(str::to_string);
    if city.as_ref().is_some_and(|c| c.chars().count() > 60) {
        p.push("city", "must be at most 60 characters");
    }
    let page = match PageRequest::parse(q.get("limit"), q.get("cursor"), q.get("page")) {
        Ok(page) => Some(page),
        Err(Error::Validation(errs)) => {
            p.extend(errs);
            None
        }
        Err(e) => return Err(e),
    };
    let page = p.finish_with(page)?;
    let audience = if viewer.is_admin() {
        Audience::Private
    } else {
        Audience::Public
    };
    let status = match (viewer.is_admin(), status) {
        (true, s) => s,
        (false, None | Some(UserStatus::Active)) => Some(UserStatus::Active),
        (false, Some(_)) => {
            return Err(Error::Forbidden(
                "only admins may list accounts that are not active".into(),
            ));
        }
    };
    let filter = UserFilter {
        role,
        status,
        skills,
        min_rating,
        text,
        city,
        include_deleted: status == Some(UserStatus::Deleted),
    };
    Ok((store.users.list_users(&filter, &page).await?, audience))
}

fn names<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

/// Default and largest search radius, km.
pub const DEFAULT_RADIUS_KM: f64 = 10.0;
pub const MAX_RADIUS_KM: f64 = 100.0;
pub const DEFAULT_NEARBY_LIMIT: u32 = 20;
pub const MAX_NEARBY_LIMIT: u32 = 50;
/// How deep "load more" may page into one search: the store sorts the whole neighbourhood
/// for every page, so the depth is bounded; clients narrow the search instead.
pub const MAX_NEARBY_DEPTH: u64 = 500;

const NEARBY_PARAMS: &[&str] = &[
    "lat",
    "lng",
    "radius",
    "skills",
    "minRating",
    "availableNow",
    "limit",
    "cursor",
];

/// `sort=distance` (default) or `sort=rating`: the Bayesian rating average, best first
/// (nearer first among equals). Taken out of the query before the search parameters are read.
fn take_sort(query: &mut Vec<(String, String)>) -> Result<bool> {
    let mut by_rating = false;
    let mut bad = false;
    query.retain(|(k, v)| {
        if k != "sort" {
            return true;
        }
        match v.as_str() {
            "distance" => by_rating = false,
            "rating" => by_rating = true,
            _ => bad = true,
        }
        false
    });
    if bad {
        return Err(Error::validation("sort", "must be distance or rating"));
    }
    Ok(by_rating)
}

/// `GET /users/technicians/nearby`: active technicians nearest first (or with `sort=rating`,
/// best Bayesian rating average first), each with its distance. Paged by an offset cursor
/// (`o20`), at most [`MAX_NEARBY_DEPTH`] results deep.
pub async fn nearby(store: &Store, mut query: Vec<(String, String)>) -> Result<Page<Nearby<User>>> {
    let by_rating = take_sort(&mut query)?;
    let (q, req) = nearby_query(query)?;
    let skip = req.offset();
    let mut wide = q.clone();
    wide.limit = if by_rating {
        // The best rated can be anywhere in the radius: rank the whole (bounded) neighbourhood.
        (MAX_NEARBY_DEPTH + 1) as u32
    } else {
        (skip + u64::from(q.limit) + 1).min(MAX_NEARBY_DEPTH + 1) as u32
    };
    let mut found = store.users.nearby_technicians(&wide).await?;
    if by_rating {
        found.sort_by(|a, b| {
            b.item
                .rating
                .bayesian
                .total_cmp(&a.item.rating.bayesian)
                .then(a.distance_km.total_cmp(&b.distance_km))
        });
        found.truncate((skip + u64::from(q.limit) + 1) as usize);
    }
    let rows = found.split_off((skip as usize).min(found.len()));
    let mut page = Page::from_rows(rows, &req, None, |_, n| Cursor::Offset(n));
    if skip + u64::from(q.limit) >= MAX_NEARBY_DEPTH {
        page.has_more = false;
        page.next_cursor = None;
    }
    Ok(page)
}

/// Parses and validates the nearby parameters, reporting every bad one.
pub fn nearby_query(query: Vec<(String, String)>) -> Result<(NearbyQuery, PageRequest)> {
    let mut p = Problems::new();
    let q = Params::new(query, NEARBY_PARAMS, &mut p);
    let coord = |name: &str, max: f64, p: &mut Problems| match q.get(name) {
        None => {
            p.push(name, "is required");
            None
        }
        Some(_) => q.number(name, -max..=max, p),
    };
    let lat = coord("lat", 90.0, &mut p);
    let lng = coord("lng", 180.0, &mut p);
    let radius_km = match q.get("radius") {
        None => DEFAULT_RADIUS_KM,
        Some(r) => match r.parse::<f64>() {
            Ok(r) if r > 0.0 && r <= MAX_RADIUS_KM => r,
            _ => {
                p.push(
                    "radius",
                    format!("must be a distance in km above 0 and at most {MAX_RADIUS_KM}"),
                );
                DEFAULT_RADIUS_KM
            }
        },
    };
    let skills = q.list("skills", 10, 50, &mut p);
    let min_rating = q.number("minRating", 0.0..=5.0, &mut p);
    let available_now = q.flag("availableNow", &mut p).unwrap_or(false);
    let limit = match q.get("limit") {
        None => DEFAULT_NEARBY_LIMIT,
        Some(l) => match l.parse::<u32>() {
            Ok(n) if (1..=MAX_NEARBY_LIMIT).contains(&n) => n,
            _ => {
                p.push(
                    "limit",
                    format!("must be a whole number from 1 to {MAX_NEARBY_LIMIT}"),
                );
                DEFAULT_NEARBY_LIMIT
            }
        },
    };
    let cursor = match q.get("cursor").map(Cursor::decode) {
        None => None,
        Some(Ok(Cursor::Offset(n))) if n < MAX_NEARBY_DEPTH => Some(Cursor::Offset(n)),
        Some(_) => {
            p.push("cursor", "is not a cursor this search returned");
            None
        }
    };
    let point = match (lat, lng) {
        (Some(lat), Some(lng)) => GeoPoint::new(lng, lat).map_err(|errs| p.extend(errs)).ok(),
        _ => None,
    };
    let point = p.finish_with(point)?;
    let req = PageRequest {
        limit,
        cursor,
        page: None,
    };
    Ok((
        NearbyQuery {
            point,
            radius_km,
            skills,
            min_rating,
            available_now,
            limit,
        },
        req,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Vec<(String, String)> {
        s.split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (k.to_string(), v.to_string())
            })
            .collect()
    }

    fn fields(r: Result<(NearbyQuery, PageRequest)>) -> Vec<String> {
        match r {
            Err(Error::Validation(errs)) => errs.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a validation error, got {:?}", other.map(|x| x.0)),
        }
    }

    #[test]
    fn defaults_apply_and_skills_are_normalized() {
        let (nq, req) =
            nearby_query(q("lat=-1.29&lng=36.82&skills=Plumbing, wiring,plumbing")).unwrap();
        assert_eq!(nq.radius_km, 10.0);
        assert_eq!(nq.limit, 20);
        assert_eq!(nq.skills, ["plumbing", "wiring"]);
        assert!(req.cursor.is_none() && !nq.available_now);
    }

    #[test]
    fn every_bad_parameter_is_listed() {
        let r = nearby_query(q(
            "lat=95&radius=500&minRating=9&limit=51&availableNow=maybe&foo=1",
        ));
        assert_eq!(
            fields(r),
            [
                "foo",
                "lat",
                "lng",
                "radius",
                "minRating",
                "availableNow",
                "limit"
            ]
        );
        assert_eq!(
            fields(nearby_query(q("lat[$gt]=0&lng=1"))),
            ["lat[$gt]", "lat"]
        );
    }
}
