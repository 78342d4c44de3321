//! Bookings ([`BookingRepo`]): updates are compare-and-set on the `version` column.

use async_trait::async_trait;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

use crate::domain::booking::{Booking, BookingStatus};
use crate::error::Result;
use crate::store::embedded::Embedded;
use crate::store::embedded::docs::{self, Filter, Plan, Table, id_val, int, opt_id, text, ts_val};
use crate::store::{BookingFilter, BookingRepo, Page, PageRequest};

impl Table for Booking {
    const COLUMNS: &'static [&'static str] = &[
        "customer",
        "technician",
        "corporate",
        "status",
        "version",
        "scheduled_at",
        "created_at",
    ];

    fn columns(&self) -> Vec<Value> {
        vec![
            id_val(self.customer),
            opt_id(self.technician),
            opt_id(self.corporate_account),
            text(self.status.as_str()),
            int(self.version),
            ts_val(self.scheduled_at),
            ts_val(self.created_at),
        ]
    }
}

/// The filter as SQL; time ranges are inclusive at both ends.
fn booking_filter(f: &BookingFilter) -> Filter {
    let mut w = Filter::new();
    w.eq_opt("customer", f.customer.map(id_val));
    w.eq_opt("technician", f.technician.map(id_val));
    w.eq_opt("corporate", f.corporate_account.map(id_val));
    w.any_of(
        "status",
        f.statuses.iter().map(|s| text(s.as_str())).collect(),
    );
    if let Some(t) = f.scheduled_from {
        w.cond("scheduled_at >= ?", [ts_val(t)]);
    }
    if let Some(t) = f.scheduled_to {
        w.cond("scheduled_at <= ?", [ts_val(t)]);
    }
    if let Some(t) = f.created_from {
        w.cond("created_at >= ?", [ts_val(t)]);
    }
    if let Some(t) = f.created_to {
        w.cond("created_at <= ?", [ts_val(t)]);
    }
    w
}

#[async_trait]
impl BookingRepo for Embedded {
    async fn list_bookings(
        &self,
        filter: &BookingFilter,
        page: &PageRequest,
    ) -> Result<Page<Booking>> {
        let (w, page) = (booking_filter(filter), page.clone());
        let plan = match (filter.customer, filter.technician, filter.corporate_account) {
            (None, None, None) => Plan::Broad,
            _ => Plan::Narrow,
        };
        self.read("list bookings", move |c| {
            docs::page_by_id(c, w, &page, plan)
        })
        .await
    }

    async fn count_bookings_by_status(
        &self,
        filter: &BookingFilter,
    ) -> Result<Vec<(BookingStatus, u64)>> {
        let w = booking_filter(filter);
        self.read("count bookings by status", move |c| {
            let sql = format!(
                "SELECT status, COUNT(*) FROM bookings{} GROUP BY status",
                w.where_sql()
            );
            let mut stmt = c.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(params_from_iter(&w.params), |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut out: Vec<(BookingStatus, u64)> = rows
                .into_iter()
                .filter_map(|(s, n)| BookingStatus::parse(&s).map(|s| (s, n as u64)))
                .collect();
            out.sort_by_key(|(s, _)| BookingStatus::ALL.iter().position(|x| x == s));
            Ok(out)
        })
        .await
    }
}
