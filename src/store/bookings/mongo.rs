//! `bookings`: each party's list, status counts for dashboards, and compare-and-set updates on
//! `version` so two concurrent transitions cannot both win.

use async_trait::async_trait;
use bson::{Bson, Document, doc};
use futures::TryStreamExt;

use crate::domain::booking::{Booking, BookingStatus};
use crate::error::Result;
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, and, any_of, count_field, oid, time_range};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::{BookingFilter, BookingRepo, Page, PageRequest};

fn booking_filter(f: &BookingFilter) -> Document {
    let mut conditions = Vec::new();
    if let Some(id) = f.customer {
        conditions.push(doc! { "customer": oid(id) });
    }
    if let Some(id) = f.technician {
        conditions.push(doc! { "technician": oid(id) });
    }
    if let Some(id) = f.corporate_account {
        conditions.push(doc! { "corporateAccount": oid(id) });
    }
    conditions.push(any_of(
        "status",
        f.statuses.iter().map(|s| Bson::from(s.as_str())).collect(),
    ));
    conditions.push(time_range("scheduledAt", f.scheduled_from, f.scheduled_to));
    conditions.push(time_range("createdAt", f.created_from, f.created_to));
    and(conditions)
}

#[async_trait]
impl BookingRepo for Mongo {
    async fn list_bookings(
        &self,
        filter: &BookingFilter,
        page: &PageRequest,
    ) -> Result<Page<Booking>> {
        self.page(booking_filter(filter), page, Order::IdDesc).await
    }

    async fn count_bookings_by_status(
        &self,
        filter: &BookingFilter,
    ) -> Result<Vec<(BookingStatus, u64)>> {
        let pipeline = vec![
            doc! { "$match": booking_filter(filter) },
            doc! { "$group": { "_id": "$status", "n": { "$sum": 1 } } },
        ];
        let ctx = errors::ctx(Booking::SPEC.name, "counting bookings by status");
        let groups: Vec<Document> = self
            .coll(Booking::SPEC.name)
            .aggregate(pipeline)
            .await
            .map_err(&ctx)?
            .try_collect()
            .await
            .map_err(&ctx)?;
        let mut counts: Vec<(BookingStatus, u64)> = groups
            .iter()
            .filter_map(|g| {
                let status = g.get_str("_id").ok().and_then(BookingStatus::parse);
                if status.is_none() {
                    tracing::warn!(group = %g, "mongodb: a booking has an unknown status");
                }
                status.map(|s| (s, count_field(g, "n")))
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        // The state machine's order, so every caller sees a stable list.
        counts.sort_by_key(|(s, _)| BookingStatus::ALL.iter().position(|x| x == s));
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Id, Timestamp};

    #[test]
    fn filters_use_native_ids_and_dates() {
        let id = Id::new();
        let from = Timestamp::from_millis(1_700_000_000_000);
        let f = booking_filter(&BookingFilter {
            customer: Some(id),
            statuses: vec![BookingStatus::Pending, BookingStatus::Paid],
            created_from: Some(from),
            ..Default::default()
        });
        assert_eq!(
            f,
            doc! { "$and": [
                { "customer": id.oid() },
                { "status": { "$in": ["pending", "paid"] } },
                { "createdAt": { "$gte": bson::DateTime::from_millis(from.millis()) } },
            ] }
        );
    }
}
