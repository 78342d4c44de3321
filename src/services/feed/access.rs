//! Who may see a post: its author and admins always (until deleted); everyone else only when
//! it is approved, its author's account is in good standing, no block stands between the
//! viewer and the author (whoever made it), and its visibility lets them (`public` anyone,
//! `followers` the author's followers, `private` nobody else).

use std::collections::HashSet;

use crate::app::App;
use crate::auth::Caller;
use crate::domain::Id;
use crate::domain::post::{Post, Visibility};
use crate::domain::user::{User, UserStatus};
use crate::error::{Error, Result};

/// Whether `author`'s content is shown to others: not deleted, suspended or banned.
pub fn author_shown(author: &User) -> bool {
    !author.is_deleted() && !matches!(author.status, UserStatus::Suspended | UserStatus::Banned)
}

/// Whether `viewer` may see `post` (by `author`, whom the viewer `follows` or not).
pub fn may_see(viewer: Option<&Caller>, post: &Post, author: Option<&User>, follows: bool) -> bool {
    if post.deleted_at.is_some() {
        return false;
    }
    if viewer.is_some_and(|v| v.id == post.author || v.is_admin()) {
        return true;
    }
    if !author.is_some_and(author_shown) || !post.moderation.status.is_visible() {
        return false;
    }
    match post.visibility {
        Visibility::Public => true,
        Visibility::Followers => viewer.is_some() && follows,
        Visibility::Private => false,
    }
}

/// The post `id` and its author if `viewer` may see it; `NotFound` otherwise, so a hidden
/// post is indistinguishable from a missing one.
pub async fn visible_post(
    app: &App,
    viewer: Option<&Caller>,
    id: Id,
) -> Result<(Post, Option<User>)> {
    let post = app
        .store
        .posts
        .get(id)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .ok_or(Error::NotFound("post"))?;
    if !blocked_authors(app, viewer, &[post.author])
        .await?
        .is_empty()
    {
        return Err(Error::NotFound("post"));
    }
    let author = app.store.users.get(post.author).await?;
    let follows = match viewer {
        Some(v) if post.visibility == Visibility::Followers && v.id != post.author => {
            app.store.follows.is_following(v.id, post.author).await?
        }
        _ => false,
    };
    if !may_see(viewer, &post, author.as_ref(), follows) {
        return Err(Error::NotFound("post"));
    }
    Ok((post, author))
}

/// Which of `authors` a block keeps from `viewer` (either of them made it). Nobody is kept
/// from themselves, and admins, who moderate, from nobody; anonymous readers see no blocks.
pub async fn blocked_authors(
    app: &App,
    viewer: Option<&Caller>,
    authors: &[Id],
) -> Result<HashSet<Id>> {
    let Some(v) = viewer.filter(|v| !v.is_admin()) else {
        return Ok(HashSet::new());
    };
    let others: Vec<Id> = authors.iter().copied().filter(|a| *a != v.id).collect();
    Ok(app
        .store
        .blocks
        .blocked_among(v.id, &others)
        .await?
        .into_iter()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::post::ModerationStatus;
    use crate::domain::user::Role;

    fn post(author: Id, visibility: Visibility, status: ModerationStatus) -> Post {
        let mut p: Post = serde_json::from_value(serde_json::json!({
            "_id": Id::new().to_hex(), "author": author.to_hex(), "type": "text",
            "content": "x", "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
        }))
        .unwrap();
        p.visibility = visibility;
        p.moderation.status = status;
        p
    }

    #[test]
    fn visibility_moderation_and_the_authors_standing_decide() {
        use ModerationStatus::*;
        use Visibility::*;
        let author_id = Id::new();
        let stranger = Caller::new(Id::new(), Role::Customer);
        let admin = Caller::new(Id::new(), Role::Admin);
        let me = Caller::new(author_id, Role::Technician);
        let author: User = serde_json::from_value(serde_json::json!({
            "_id": author_id.to_hex(), "firstName": "A", "lastName": "B",
            "email": "a@example.co.ke", "phoneNumber": "+254712345678", "role": "technician",
            "status": "active", "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
        }))
        .unwrap();
        let a = Some(&author);
        assert!(may_see(
            Some(&stranger),
            &post(author_id, Public, Approved),
            a,
            false
        ));
        assert!(may_see(None, &post(author_id, Public, Approved), a, false));
        assert!(!may_see(
            Some(&stranger),
            &post(author_id, Followers, Approved),
            a,
            false
        ));
        assert!(may_see(
            Some(&stranger),
            &post(author_id, Followers, Approved),
            a,
            true
        ));
        assert!(!may_see(
            None,
            &post(author_id, Followers, Approved),
            a,
            true
        ));
        assert!(!may_see(
            Some(&stranger),
            &post(author_id, Private, Approved),
            a,
            true
        ));
        assert!(!may_see(
            Some(&stranger),
            &post(author_id, Public, PendingReview),
            a,
            false
        ));
        assert!(may_see(
            Some(&me),
            &post(author_id, Private, Rejected),
            a,
            false
        ));
        assert!(may_see(
            Some(&admin),
            &post(author_id, Private, Removed),
            a,
            false
        ));
        let mut suspended = author.clone();
        suspended.status = UserStatus::Suspended;
        assert!(!may_see(
            Some(&stranger),
            &post(author_id, Public, Approved),
            Some(&suspended),
            false
        ));
        let mut gone = post(author_id, Public, Approved);
        gone.deleted_at = Some(crate::domain::Timestamp::now());
        assert!(!may_see(Some(&me), &gone, a, false));
    }
}
