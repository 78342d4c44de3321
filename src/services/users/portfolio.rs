//! A technician's portfolio: finished work shown on their public profile. Only the technician
//! edits it, and only through `/users/me/portfolio`, so another technician's item id simply
//! is not found in the caller's own portfolio.

use serde_json::Value;

use super::{live_user, now, save_own, technician_account};
use crate::auth::{Caller, require_role};
use crate::domain::user::PortfolioItem;
use crate::domain::user::Role;
use crate::domain::user::UserField;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::services::input::{Obj, Patch, Problems, https_url, slug, text};
use crate::store::Store;

/// Most items one portfolio holds (the whole portfolio travels in the user document).
pub const MAX_ITEMS: usize = 50;
/// Most images one item shows.
pub const MAX_IMAGES: usize = 10;

/// The portfolio of technician `user`, newest first.
pub async fn list(store: &Store, user: Id) -> Result<Vec<PortfolioItem>> {
    let u = live_user(store, user).await?;
    match (u.is_technician(), u.technician) {
        (true, Some(t)) => Ok(t.portfolio),
        (true, None) => Ok(Vec::new()),
        (false, _) => Err(Error::NotFound("technician")),
    }
}

/// The caller's own portfolio; the caller must act as a technician.
pub async fn own(store: &Store, caller: &Caller) -> Result<Vec<PortfolioItem>> {
    require_role(caller, &[Role::Technician])?;
    list(store, caller.id).await
}

/// Adds an item to the caller's portfolio.
pub async fn add(store: &Store, caller: &Caller, body: Value) -> Result<PortfolioItem> {
    let before = technician_account(store, caller).await?;
    let mut user = before.clone();
    let t = user.technician.get_or_insert_with(Default::default);
    if t.portfolio.len() >= MAX_ITEMS {
        return Err(Error::Conflict(format!(
            "a portfolio holds at most {MAX_ITEMS} items; delete one first"
        )));
    }
    let mut item = PortfolioItem {
        id: Id::new(),
        title: String::new(),
        description: None,
        images: Vec::new(),
        category: None,
        completed_at: None,
        booking: None,
    };
    apply(&mut item, body, true, now())?;
    t.portfolio.insert(0, item.clone());
    save_own(store, &before, &mut user, &[UserField::Portfolio]).await?;
    Ok(item)
}

/// Changes the fields sent of the caller's item `item_id`.
pub async fn update(
    store: &Store,
    caller: &Caller,
    item_id: Id,
    body: Value,
) -> Result<PortfolioItem> {
    let before = technician_account(store, caller).await?;
    let mut user = before.clone();
    let item = user
        .technician
        .as_mut()
        .and_then(|t| t.portfolio.iter_mut().find(|i| i.id == item_id))
        .ok_or(Error::NotFound("portfolio item"))?;
    apply(item, body, false, now())?;
    let item = item.clone();
    save_own(store, &before, &mut user, &[UserField::Portfolio]).await?;
    Ok(item)
}

/// Removes the caller's item `item_id`.
pub async fn remove(store: &Store, caller: &Caller, item_id: Id) -> Result<()> {
    let before = technician_account(store, caller).await?;
    let mut user = before.clone();
    let portfolio = user
        .technician
        .as_mut()
        .map(|t| &mut t.portfolio)
        .ok_or(Error::NotFound("portfolio item"))?;
    let count = portfolio.len();
    portfolio.retain(|i| i.id != item_id);
    if portfolio.len() == count {
        return Err(Error::NotFound("portfolio item"));
    }
    save_own(store, &before, &mut user, &[UserField::Portfolio]).await?;
    Ok(())
}

/// Validates `body` onto `item`; `creating` makes `title` required.
fn apply(item: &mut PortfolioItem, body: Value, creating: bool, now: Timestamp) -> Result<()> {
    let mut p = Problems::new();
    let Some(mut o) = Obj::body(body, &mut p) else {
        return p.finish();
    };
    let title = if creating {
        o.require::<String>("title", &mut p)
    } else {
        o.take_value("title", &mut p)
    };
    if let Some(t) = title.and_then(|t| text(&mut p, "title", &t, 1, 120)) {
        item.title = t;
    }
    match o.take::<String>("description", &mut p) {
        Patch::Set(d) => {
            if let Some(d) = text(&mut p, "description", &d, 0, 2000) {
                item.description = Some(d).filter(|d| !d.is_empty());
            }
        }
        Patch::Clear => item.description = None,
        Patch::Absent => {}
    }
    match o.take::<Vec<String>>("images", &mut p) {
        Patch::Set(urls) if urls.len() > MAX_IMAGES => {
            p.push("images", format!("at most {MAX_IMAGES} images"))
        }
        Patch::Set(urls) => {
            let checked: Vec<_> = urls
                .iter()
                .enumerate()
                .map(|(i, u)| https_url(&mut p, &format!("images[{i}]"), u))
                .collect();
            if checked.iter().all(Option::is_some) {
                item.images = checked.into_iter().flatten().collect();
            }
        }
        Patch::Clear => item.images.clear(),
        Patch::Absent => {}
    }
    match o.take::<String>("category", &mut p) {
        Patch::Set(c) => item.category = slug(&mut p, "category", &c),
        Patch::Clear => item.category = None,
        Patch::Absent => {}
    }
    match o.take::<Timestamp>("completedAt", &mut p) {
        // A minute of slack for clocks of phones that run a little fast.
        Patch::Set(t) if t.millis() > now.millis() + 60_000 => {
            p.push("completedAt", "may not be in the future")
        }
        Patch::Set(t) => item.completed_at = Some(t),
        Patch::Clear => item.completed_at = None,
        Patch::Absent => {}
    }
    o.finish(
        &mut p,
        &[
            ("_id", "is assigned by the platform"),
            ("id", "is assigned by the platform"),
            ("booking", "is linked by the booking flow"),
        ],
    );
    p.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn blank() -> PortfolioItem {
        PortfolioItem {
            id: Id::new(),
            title: String::new(),
            description: None,
            images: vec![],
            category: None,
            completed_at: None,
            booking: None,
        }
    }

    #[test]
    fn a_new_item_needs_a_title_and_https_images() {
        let now = Timestamp::now();
        let mut item = blank();
        let body = json!({"images": ["http://x.com/a.jpg", "https://res.cloudinary.com/a.jpg"], "completedAt": "2999-01-01T00:00:00Z", "_id": "x"});
        let Err(Error::Validation(errs)) = apply(&mut item, body, true, now) else {
            panic!()
        };
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "images[0]", "completedAt", "_id"]);
        let ok = json!({"title": "Kitchen", "images": ["https://res.cloudinary.com/a.jpg"], "category": "Plumbing"});
        apply(&mut item, ok, true, now).unwrap();
        assert_eq!(
            (item.title.as_str(), item.category.as_deref()),
            ("Kitchen", Some("plumbing"))
        );
    }

    #[test]
    fn eleven_images_are_too_many() {
        let urls: Vec<_> = (0..11)
            .map(|i| format!("https://res.cloudinary.com/{i}.jpg"))
            .collect();
        let mut item = blank();
        assert!(
            apply(
                &mut item,
                json!({"title": "t", "images": urls}),
                true,
                Timestamp::now()
            )
            .is_err()
        );
    }
}
