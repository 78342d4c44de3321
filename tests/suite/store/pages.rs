//! Walking paginated lists the way a client does: follow `nextCursor` until it runs out.

use baitech::domain::Id;
use baitech::store::page::Cursor;
use baitech::store::{Page, PageRequest};

/// Every page of a cursor-paginated list, `limit` at a time, checking on the way that each page
/// keeps to the limit and that `hasMore` and `nextCursor` agree.
pub async fn walk<T>(
    limit: u32,
    fetch: impl AsyncFn(PageRequest) -> baitech::Result<Page<T>>,
) -> Vec<Vec<T>> {
    walk_from(PageRequest::first(limit), fetch).await
}

/// Like [`walk`], starting at `req` (e.g. after a cursor kept from earlier).
pub async fn walk_from<T>(
    mut req: PageRequest,
    fetch: impl AsyncFn(PageRequest) -> baitech::Result<Page<T>>,
) -> Vec<Vec<T>> {
    let limit = req.limit;
    let mut pages = Vec::new();
    loop {
        let page = fetch(req.clone()).await.expect("list a page");
        assert!(
            page.items.len() <= limit as usize,
            "a page of {} items for limit {limit}",
            page.items.len()
        );
        assert_eq!(page.limit, limit, "the page reports its limit");
        assert_eq!(
            page.has_more,
            page.next_cursor.is_some(),
            "hasMore and nextCursor disagree"
        );
        assert_eq!(page.total, None, "cursor pages carry no total");
        let next = page.next_cursor.clone();
        pages.push(page.items);
        let Some(next) = next else { break };
        let cursor = Cursor::decode(&next).expect("the store's cursor decodes");
        req = PageRequest::after(limit, cursor);
        assert!(pages.len() <= 1_000, "pagination never ends");
    }
    pages
}

/// The sizes of the pages.
pub fn sizes<T>(pages: &[Vec<T>]) -> Vec<usize> {
    pages.iter().map(Vec::len).collect()
}

/// Ids of the items, in order.
pub fn ids<T>(items: &[T], id: impl Fn(&T) -> Id) -> Vec<Id> {
    items.iter().map(id).collect()
}

/// `ids` sorted newest first (id descending), the order of every "newest first" list.
pub fn newest_first(mut ids: Vec<Id>) -> Vec<Id> {
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids
}

/// The expected page sizes of `total` items paged by `limit`.
pub fn expected_sizes(total: usize, limit: usize) -> Vec<usize> {
    let mut out = vec![limit; total / limit];
    if !total.is_multiple_of(limit) || total == 0 {
        out.push(total % limit);
    }
    out
}
