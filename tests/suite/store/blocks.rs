//! Blocks: idempotent per pair, found from either side, a user's own list paged newest first.

use baitech::domain::Id;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::pages::{ids, sizes, walk};
use crate::common::{Backend, test_store};

fn sorted(mut v: Vec<Id>) -> Vec<Id> {
    v.sort_unstable();
    v
}

#[apply(both_backends)]
pub(super) async fn a_block_is_idempotent_and_found_from_either_side(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (me, pest, bully, bystander) = (Id::new(), Id::new(), Id::new(), Id::new());
    assert!(ts.blocks.block(me, pest).await.unwrap(), "a new block");
    assert!(!ts.blocks.block(me, pest).await.unwrap(), "already blocked");
    assert!(ts.blocks.block(bully, me).await.unwrap());
    let among = ts
        .blocks
        .blocked_among(me, &[pest, bully, bystander])
        .await
        .unwrap();
    assert_eq!(sorted(among), sorted(vec![pest, bully]), "both directions");
    assert_eq!(ts.blocks.blocked_among(pest, &[me]).await.unwrap(), [me]);
    assert!(
        ts.blocks
            .blocked_among(pest, &[bully, bystander])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(ts.blocks.blocked_among(me, &[]).await.unwrap().is_empty());
    ts.blocks.block(pest, me).await.unwrap();
    assert_eq!(
        ts.blocks.blocked_among(me, &[pest]).await.unwrap(),
        [pest],
        "a pair blocked both ways is named once"
    );

    assert!(ts.blocks.unblock(me, pest).await.unwrap());
    assert!(!ts.blocks.unblock(me, pest).await.unwrap(), "already gone");
    assert_eq!(
        ts.blocks.blocked_among(me, &[pest]).await.unwrap(),
        [pest],
        "the other direction stands"
    );
    ts.blocks.unblock(pest, me).await.unwrap();
    assert!(
        ts.blocks
            .blocked_among(me, &[pest])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        ts.blocks.block(me, me).await.is_err(),
        "nobody blocks themselves"
    );
}

#[apply(both_backends)]
pub(super) async fn a_users_blocks_page_newest_first(#[case] b: Backend) {
    let ts = test_store(b).await;
    let me = Id::new();
    let mut blocked = Vec::new();
    for _ in 0..5 {
        let other = Id::new();
        ts.blocks.block(me, other).await.unwrap();
        blocked.push(other);
    }
    ts.blocks.block(Id::new(), me).await.unwrap();
    let pages = walk(2, async |r| ts.blocks.blocks_by(me, &r).await).await;
    assert_eq!(sizes(&pages), [2, 2, 1]);
    let got = ids(&pages.concat(), |b| b.blocked);
    blocked.reverse();
    assert_eq!(got, blocked);
}

#[apply(both_backends)]
pub(super) async fn removing_a_users_blocks_takes_both_directions_and_nothing_else(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (gone, pest, bully, a, z) = (Id::new(), Id::new(), Id::new(), Id::new(), Id::new());
    ts.blocks.block(gone, pest).await.unwrap();
    ts.blocks.block(gone, bully).await.unwrap();
    ts.blocks.block(bully, gone).await.unwrap();
    ts.blocks.block(a, z).await.unwrap();
    ts.blocks.block(bully, a).await.unwrap();

    assert_eq!(ts.blocks.remove_user_blocks(gone).await.unwrap(), 3);
    assert!(
        ts.blocks
            .blocked_among(gone, &[pest, bully, a, z])
            .await
            .unwrap()
            .is_empty(),
        "made and received, both gone"
    );
    assert_eq!(ts.blocks.blocked_among(a, &[z]).await.unwrap(), [z]);
    assert_eq!(ts.blocks.blocked_among(bully, &[a]).await.unwrap(), [a]);
    let left = walk(10, async |r| ts.blocks.blocks_by(bully, &r).await).await;
    assert_eq!(
        ids(&left.concat(), |b| b.blocked),
        [a],
        "bully's other block stays"
    );
    assert_eq!(
        ts.blocks.remove_user_blocks(gone).await.unwrap(),
        0,
        "a repeat"
    );
}
