//! Generated data at scale: draws the pool of people, then runs one batched pipeline per
//! collection (users, posts, bookings and their reviews, conversations, messages) in which
//! the next batch is generated on a blocking thread while the previous one is written.

use std::future::Future;
use std::ops::Range;
use std::sync::Arc;
use std::time::Instant;

use super::catalog::Catalog;
use super::people::{self, Person, Pool};
use super::synth::Gen;
use super::{
    ADMIN_EMAIL, CollectionReport, Progress, ProgressFn, SeedOptions, bookings, chat, posts,
};
use crate::domain::user::{Role, UserStatus};
use crate::domain::{Email, GeoPoint, Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::{PageRequest, Store, UserFilter, collections};

pub(super) async fn generate(
    store: &Store,
    c: &'static Catalog,
    opts: &SeedOptions,
    anchor: Timestamp,
    progress: ProgressFn<'_>,
) -> Result<Vec<CollectionReport>> {
    let all = UserFilter {
        include_deleted: true,
        ..Default::default()
    };
    let base = store.users.count_users(&all).await?;
    if base + opts.users > people::MAX_SERIAL {
        return Err(Error::validation(
            "--users",
            format!(
                "the store has {base} users; generated phone numbers run out at {}",
                people::MAX_SERIAL
            ),
        ));
    }
    let g = Arc::new(Gen::new(opts.seed, anchor, base));
    let admin = admin_id(store).await?;
    let pool = Arc::new(if opts.users > 0 {
        people::pool(&g, c, opts.users)
    } else {
        stored_pool(store, c).await?
    });
    if opts.posts > 0 && pool.technicians.is_empty() {
        return Err(Error::validation(
            "--posts",
            "needs technicians to write them: add --users N",
        ));
    }
    if (opts.bookings > 0 || opts.messages > 0)
        && (pool.technicians.is_empty() || pool.customers.is_empty())
    {
        return Err(Error::validation(
            "--bookings/--messages",
            "need customers and technicians: add --users N",
        ));
    }
    let (b, st) = (opts.batch_size, store);
    let mut out = Vec::new();
    if opts.users > 0 {
        let (g, n) = (g.clone(), opts.users);
        let make = move |r: Range<u64>| r.map(|i| people::user(&g, c, i, n)).collect();
        out.push(
            pipeline(
                collections::USERS,
                n,
                b,
                progress,
                make,
                st,
                |s, v| async move { s.users.insert_many(&v).await },
            )
            .await?,
        );
    }
    if opts.posts > 0 {
        let (g, p, n) = (g.clone(), pool.clone(), opts.posts);
        let make = move |r: Range<u64>| Ok(r.map(|i| posts::post(&g, c, &p, i, n)).collect());
        out.push(
            pipeline(
                collections::POSTS,
                n,
                b,
                progress,
                make,
                st,
                |s, v| async move { s.posts.insert_many(&v).await },
            )
            .await?,
        );
    }
    if opts.bookings > 0 {
        let (g1, p, n) = (g.clone(), pool.clone(), opts.bookings);
        let make = move |r: Range<u64>| {
            r.map(|i| bookings::booking(&g1, c, &p, admin, i, n))
                .collect()
        };
        out.push(
            pipeline(
                collections::BOOKINGS,
                n,
                b,
                progress,
                make,
                st,
                |s, v| async move { s.bookings.insert_many(&v).await },
            )
            .await?,
        );
        // Reviews of the paid bookings: the same bookings regenerated (cheap), not read back.
        let (g1, p) = (g.clone(), pool.clone());
        let make = move |r: Range<u64>| {
            let reviews = r
                .map(|i| bookings::review(&g1, c, &p, admin, i, n))
                .collect::<Result<Vec<_>>>()?;
            Ok(reviews.into_iter().flatten().collect())
        };
        out.push(
            pipeline(
                collections::REVIEWS,
                n,
                b,
                progress,
                make,
                st,
                |s, v| async move { s.reviews.insert_many(&v).await },
            )
            .await?,
        );
    }
    if opts.messages > 0 {
        let plan = chat::Plan::new(opts.messages);
        let (g1, p) = (g.clone(), pool.clone());
        let make = move |r: Range<u64>| {
            Ok(r.map(|k| chat::conversation(&g1, c, &p, &plan, k))
                .collect())
        };
        let insert = |s: Store, v: Vec<_>| async move { s.conversations.insert_many(&v).await };
        out.push(
            pipeline(
                collections::CONVERSATIONS,
                plan.conversations,
                b,
                progress,
                make,
                st,
                insert,
            )
            .await?,
        );
        let (g1, p) = (g.clone(), pool.clone());
        let make = move |r: Range<u64>| Ok(chat::messages(&g1, c, &p, &plan, r));
        out.push(
            pipeline(
                collections::MESSAGES,
                plan.messages,
                b,
                progress,
                make,
                st,
                |s, v| async move { s.messages.insert_many(&v).await },
            )
            .await?,
        );
    }
    Ok(out)
}

/// The admin who resolves generated disputes: the fixture admin when there is one, else a
/// fixed placeholder id (the history then names an admin that is not in the store).
async fn admin_id(store: &Store) -> Result<Id> {
    let email = Email::parse(ADMIN_EMAIL)
        .map_err(|e| Error::internal("admin e-mail", anyhow::anyhow!(e)))?;
    Ok(match store.users.find_user_by_email(&email).await? {
        Some(u) => u.id,
        None => Id::from_parts(0, 0xAD),
    })
}

/// Most users of one role read back from the store to draw generated activity from.
const STORED_POOL_CAP: usize = 200_000;

/// Active technicians and customers already in the store (when this run generates no users).
async fn stored_pool(store: &Store, c: &Catalog) -> Result<Pool> {
    let mut sides: [Vec<Person>; 2] = [Vec::new(), Vec::new()];
    for (side, role) in [Role::Technician, Role::Customer].into_iter().enumerate() {
        let filter = UserFilter {
            role: Some(role),
            status: Some(UserStatus::Active),
            ..Default::default()
        };
        let mut page = PageRequest::first(crate::store::page::MAX_LIMIT);
        loop {
            let p = store.users.list_users(&filter, &page).await?;
            for u in &p.items {
                let Some(loc) = &u.location else { continue };
                let Ok(point) = GeoPoint::new(loc.coordinates[0], loc.coordinates[1]) else {
                    continue;
                };
                let city = loc
                    .city
                    .as_deref()
                    .and_then(|n| c.cities.iter().position(|x| x.name == n))
                    .unwrap_or(0);
                let slug = u
                    .technician
                    .as_ref()
                    .and_then(|t| t.service_categories.first());
                let trade = slug
                    .and_then(|s| c.trades.iter().position(|t| &t.slug == s))
                    .unwrap_or(0);
                sides[side].push(Person {
                    id: u.id,
                    city: city as u16,
                    trade: trade as u16,
                    point,
                });
            }
            match p.next_cursor.as_deref() {
                Some(cur) if p.has_more && sides[side].len() < STORED_POOL_CAP => {
                    page = PageRequest::after(
                        crate::store::page::MAX_LIMIT,
                        crate::store::page::Cursor::decode(cur)?,
                    );
                }
                _ => break,
            }
        }
    }
    let [technicians, customers] = sides;
    Ok(Pool::new(technicians, customers, c.cities.len()))
}

/// Generates items `0..total` in batches on a blocking thread while the previous batch is
/// written by `insert`; progress counts items (a batch may yield fewer documents, as reviews
/// do), the report counts documents written.
async fn pipeline<T, M, I, F>(
    name: &'static str,
    total: u64,
    batch: usize,
    progress: ProgressFn<'_>,
    make: M,
    store: &Store,
    insert: I,
) -> Result<CollectionReport>
where
    T: Send + 'static,
    M: Fn(Range<u64>) -> Result<Vec<T>> + Send + 'static,
    I: Fn(Store, Vec<T>) -> F,
    F: Future<Output = Result<u64>>,
{
    let started = Instant::now();
    progress(Progress::Start { task: name, total });
    // One batch waiting while one is written; more would only cost memory.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<(Result<Vec<T>>, u64)>(1);
    let producer = tokio::task::spawn_blocking(move || {
        let mut at = 0u64;
        while at < total {
            let end = (at + batch as u64).min(total);
            let docs = make(at..end);
            let failed = docs.is_err();
            if tx.blocking_send((docs, end - at)).is_err() || failed {
                break;
            }
            at = end;
        }
    });
    let mut inserted = 0u64;
    let mut outcome = Ok(());
    while let Some((docs, items)) = rx.recv().await {
        let written = match docs {
            Ok(docs) if docs.is_empty() => Ok(0),
            Ok(docs) => insert(store.clone(), docs)
                .await
                .map_err(|e| e.context(format!("inserting {name}"))),
            Err(e) => Err(e.context(format!("generating {name}"))),
        };
        match written {
            Ok(n) => {
                inserted += n;
                progress(Progress::Advance {
                    task: name,
                    n: items,
                });
            }
            Err(e) => {
                outcome = Err(e);
                break;
            }
        }
    }
    // Dropping the receiver stops a producer still blocked on sending.
    drop(rx);
    producer
        .await
        .map_err(|e| Error::internal(format!("generating {name}"), e))?;
    progress(Progress::Finish { task: name });
    outcome?;
    let secs = started.elapsed().as_secs_f64();
    Ok(CollectionReport {
        name,
        inserted,
        elapsed_ms: (secs * 1000.0) as u64,
        docs_per_sec: if secs > 0.0 {
            (inserted as f64 / secs).round()
        } else {
            0.0
        },
    })
}
