//! Store conformance: the same tests against both adapters. Every trait method's doc comment in
//! `src/store/mod.rs` is a behaviour pinned down here; each test runs as
//! `store::embedded::<name>` and `store::mongo::<name>`.
//!
//! One submodule per aggregate; `builders` makes the documents and `pages` walks paginated lists.

mod admin;
mod audit;
mod blocks;
mod bookings;
pub(crate) mod builders;
mod chat;
mod chat_numbering;
mod collection;
mod feed;
mod follows;
mod ledger;
mod nearby;
mod notifications;
mod pages;
mod posts;
mod reviews;
mod spec;
mod tokens;
mod transactions;
mod user_lists;
mod users;

use std::fmt::Debug;

use baitech::Error;

/// Asserts `result` is `Error::Conflict` whose message names `field` (case-insensitive).
fn assert_conflict<T: Debug>(result: baitech::Result<T>, field: &str) {
    match result {
        Err(Error::Conflict(message)) => assert!(
            message.to_lowercase().contains(field),
            "the conflict should name `{field}`, got {message:?}"
        ),
        other => panic!("expected a conflict on {field}, got {other:?}"),
    }
}

/// Asserts `result` is `Error::NotFound`.
fn assert_not_found<T: Debug>(result: baitech::Result<T>) {
    match result {
        Err(Error::NotFound(_)) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
}

/// Runs `n` copies of a task on the runtime's worker threads at once and returns their outputs
/// in task order (the store is shared through its `Arc`s).
async fn race<T, F>(n: usize, task: impl Fn(usize) -> F) -> Vec<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = (0..n).map(|i| tokio::spawn(task(i))).collect();
    let mut out = Vec::with_capacity(n);
    for h in handles {
        out.push(h.await.expect("task panicked"));
    }
    out
}
