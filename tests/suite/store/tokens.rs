//! Auth tokens: lookup by kind and hash, single use (also under a race), revocation by family
//! and by user, and the expiry clean-up. Expiry times lie in the future of the server's clock
//! (see `notifications.rs`), so a TTL index cannot interfere.

use baitech::domain::token::{AuthToken, TokenKind, hash_token};
use baitech::domain::{Id, Timestamp};
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::builders::{at, token};
use super::race;
use crate::common::{Backend, TestStore, test_store};

fn now() -> Timestamp {
    at(10_000)
}

fn live(user: Id, kind: TokenKind, raw: &str) -> AuthToken {
    token(user, kind, raw, at(20_000))
}

async fn found(ts: &TestStore, t: &AuthToken) -> Option<AuthToken> {
    ts.tokens
        .find_token(t.kind, &t.token_hash)
        .await
        .expect("find token")
}

#[apply(both_backends)]
pub(super) async fn tokens_are_found_by_kind_and_hash(#[case] b: Backend) {
    let ts = test_store(b).await;
    let user = Id::new();
    let mut refresh = live(user, TokenKind::Refresh, "raw-refresh");
    refresh.family = Some(Id::new());
    let reset = live(user, TokenKind::PasswordReset, "raw-reset");
    ts.tokens.insert(&refresh).await.unwrap();
    ts.tokens.insert(&reset).await.unwrap();
    assert_eq!(found(&ts, &refresh).await, Some(refresh.clone()));
    assert_eq!(found(&ts, &reset).await, Some(reset));
    let wrong_kind = ts
        .tokens
        .find_token(TokenKind::PasswordReset, &refresh.token_hash)
        .await
        .unwrap();
    assert_eq!(wrong_kind, None);
    let unknown = ts
        .tokens
        .find_token(TokenKind::Refresh, &hash_token("never issued"))
        .await
        .unwrap();
    assert_eq!(unknown, None);
}

#[apply(both_backends)]
pub(super) async fn a_token_is_consumed_once(#[case] b: Backend) {
    let ts = test_store(b).await;
    let t = live(Id::new(), TokenKind::EmailVerification, "verify-me");
    ts.tokens.insert(&t).await.unwrap();
    assert!(ts.tokens.consume_token(t.id, at(1)).await.unwrap());
    assert_eq!(
        found(&ts, &t).await,
        Some(AuthToken {
            used_at: Some(at(1)),
            ..t.clone()
        })
    );
    assert!(
        !ts.tokens.consume_token(t.id, at(2)).await.unwrap(),
        "second use"
    );
    assert_eq!(
        found(&ts, &t).await.unwrap().used_at,
        Some(at(1)),
        "the first use stays recorded"
    );

    let mut revoked = live(Id::new(), TokenKind::Refresh, "revoked");
    revoked.revoked_at = Some(at(0));
    ts.tokens.insert(&revoked).await.unwrap();
    assert!(
        !ts.tokens.consume_token(revoked.id, at(3)).await.unwrap(),
        "revoked tokens cannot be used"
    );
    assert_eq!(found(&ts, &revoked).await, Some(revoked));
    assert!(
        !ts.tokens.consume_token(Id::new(), at(3)).await.unwrap(),
        "absent"
    );
}

#[apply(both_backends)]
pub(super) async fn concurrent_consumes_of_a_token_exactly_one_wins(#[case] b: Backend) {
    let ts = test_store(b).await;
    let t = live(Id::new(), TokenKind::Refresh, "contested");
    ts.tokens.insert(&t).await.unwrap();
    let store = ts.store.clone();
    let wins = race(10, |i| {
        let store = store.clone();
        async move {
            store
                .tokens
                .consume_token(t.id, at(i as i64))
                .await
                .expect("consume")
        }
    })
    .await;
    assert_eq!(wins.iter().filter(|&&w| w).count(), 1, "{wins:?}");
    let winner = wins.iter().position(|&w| w).unwrap();
    assert_eq!(
        found(&ts, &t).await.unwrap().used_at,
        Some(at(winner as i64)),
        "the winner's time is recorded"
    );
}

#[apply(both_backends)]
pub(super) async fn revoking_a_family_revokes_its_live_tokens_only(#[case] b: Backend) {
    let ts = test_store(b).await;
    let user = Id::new();
    let (family, other_family) = (Id::new(), Id::new());
    let in_family = |raw: &str, fam: Id| AuthToken {
        family: Some(fam),
        ..live(user, TokenKind::Refresh, raw)
    };
    let f1 = in_family("f1", family);
    let f2 = in_family("f2", family);
    let f3 = AuthToken {
        revoked_at: Some(at(1)),
        ..in_family("f3", family)
    };
    let g1 = in_family("g1", other_family);
    for t in [&f1, &f2, &f3, &g1] {
        ts.tokens.insert(t).await.unwrap();
    }
    assert_eq!(
        ts.tokens.revoke_token_family(family, at(5)).await.unwrap(),
        2
    );
    for t in [&f1, &f2] {
        assert_eq!(
            found(&ts, t).await,
            Some(AuthToken {
                revoked_at: Some(at(5)),
                ..t.clone()
            })
        );
        assert!(!ts.tokens.consume_token(t.id, at(6)).await.unwrap());
    }
    assert!(found(&ts, &f3).await.unwrap().revoked_at.is_some());
    assert_eq!(
        found(&ts, &g1).await,
        Some(g1),
        "another family is untouched"
    );
    assert_eq!(
        ts.tokens.revoke_token_family(family, at(7)).await.unwrap(),
        0,
        "nothing live is left"
    );
}

#[apply(both_backends)]
pub(super) async fn revoke_user_tokens_revokes_only_that_users_tokens_of_that_kind(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (user, other) = (Id::new(), Id::new());
    let r1 = live(user, TokenKind::Refresh, "r1");
    let r2 = live(user, TokenKind::Refresh, "r2");
    let r3 = AuthToken {
        revoked_at: Some(at(1)),
        ..live(user, TokenKind::Refresh, "r3")
    };
    let reset = live(user, TokenKind::PasswordReset, "reset");
    let theirs = live(other, TokenKind::Refresh, "theirs");
    for t in [&r1, &r2, &r3, &reset, &theirs] {
        ts.tokens.insert(t).await.unwrap();
    }
    assert_eq!(
        ts.tokens
            .revoke_user_tokens(user, TokenKind::Refresh, at(5))
            .await
            .unwrap(),
        2
    );
    for t in [&r1, &r2] {
        assert_eq!(found(&ts, t).await.unwrap().revoked_at, Some(at(5)));
    }
    assert!(found(&ts, &r3).await.unwrap().revoked_at.is_some());
    assert_eq!(
        found(&ts, &reset).await,
        Some(reset),
        "another kind is untouched"
    );
    assert_eq!(
        found(&ts, &theirs).await,
        Some(theirs),
        "another user is untouched"
    );
}

#[apply(both_backends)]
pub(super) async fn delete_expired_tokens_respects_now_and_the_limit(#[case] b: Backend) {
    let ts = test_store(b).await;
    let user = Id::new();
    let stale: Vec<AuthToken> = (0..5)
        .map(|i| {
            token(
                user,
                TokenKind::EmailVerification,
                &format!("stale{i}"),
                at(5_000 + i),
            )
        })
        .collect();
    let fresh: Vec<AuthToken> = (0..2)
        .map(|i| live(user, TokenKind::EmailVerification, &format!("fresh{i}")))
        .collect();
    for t in stale.iter().chain(&fresh) {
        ts.tokens.insert(t).await.unwrap();
    }
    assert_eq!(ts.tokens.count_expired_tokens(at(0)).await.unwrap(), 0);
    assert_eq!(ts.tokens.count_expired_tokens(now()).await.unwrap(), 5);
    let mut runs = Vec::new();
    for _ in 0..3 {
        runs.push(ts.tokens.delete_expired_tokens(now(), 3).await.unwrap());
    }
    assert_eq!(runs, vec![3, 2, 0]);
    assert_eq!(ts.tokens.count_expired_tokens(now()).await.unwrap(), 0);
    for t in &stale {
        assert_eq!(found(&ts, t).await, None);
    }
    for t in &fresh {
        assert_eq!(found(&ts, t).await.as_ref(), Some(t));
    }
}
