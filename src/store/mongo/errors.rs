//! Driver errors to the library's [`Error`]: duplicate keys become `Conflict` naming the field,
//! an unreachable server becomes `Unavailable`, the rest `Internal` with context. Also the
//! one-line, password-free descriptions used for connection failures.

use mongodb::error::{ErrorKind, WriteFailure};

use crate::error::Error;

/// Server error codes for duplicate keys (11000 today; the others from older servers).
const DUPLICATE_KEY_CODES: [i32; 3] = [11000, 11001, 12582];

/// Maps a driver error met while doing `context` (e.g. "inserting a user") on `collection`.
pub(in crate::store) fn db_error(
    e: mongodb::error::Error,
    collection: &str,
    context: &str,
) -> Error {
    if let Some(message) = duplicate_key_message(&e) {
        return Error::Conflict(conflict_message(collection, &message));
    }
    if is_unreachable(&e) {
        return Error::unavailable("mongodb", one_line(&e, ""));
    }
    Error::internal(format!("mongodb: {context}"), e)
}

/// A `map_err` closure for [`db_error`].
pub(in crate::store) fn ctx<'a>(
    collection: &'a str,
    context: &'a str,
) -> impl Fn(mongodb::error::Error) -> Error + 'a {
    move |e| db_error(e, collection, context)
}

/// The server's message of the first duplicate-key error inside `e`, wherever the driver put it
/// (single write, `insertMany`, client bulk write, a command reply, or a transaction's source).
pub(in crate::store) fn duplicate_key_message(e: &mongodb::error::Error) -> Option<String> {
    let dup = |code: i32| DUPLICATE_KEY_CODES.contains(&code);
    match e.kind.as_ref() {
        ErrorKind::Write(WriteFailure::WriteError(w)) if dup(w.code) => Some(w.message.clone()),
        ErrorKind::InsertMany(m) => m
            .write_errors
            .as_ref()?
            .iter()
            .find(|w| dup(w.code))
            .map(|w| w.message.clone()),
        ErrorKind::BulkWrite(b) => b
            .write_errors
            .values()
            .find(|w| dup(w.code))
            .map(|w| w.message.clone()),
        ErrorKind::Command(c) if dup(c.code) => Some(c.message.clone()),
        _ => {
            // `and_run` wraps the last failure of a transaction as the error's source.
            let source = std::error::Error::source(e)?;
            let inner = source.downcast_ref::<mongodb::error::Error>()?;
            duplicate_key_message(inner)
        }
    }
}

/// Whether `e` is a duplicate-key error.
pub(in crate::store) fn is_duplicate_key(e: &mongodb::error::Error) -> bool {
    duplicate_key_message(e).is_some()
}

/// Whether the server code of a command error is one of `codes`.
pub(in crate::store) fn has_code(e: &mongodb::error::Error, codes: &[i32]) -> bool {
    match e.kind.as_ref() {
        ErrorKind::Command(c) => codes.contains(&c.code),
        ErrorKind::Write(WriteFailure::WriteError(w)) => codes.contains(&w.code),
        _ => false,
    }
}

/// The server cannot be reached (as opposed to refusing the operation).
pub(in crate::store) fn is_unreachable(e: &mongodb::error::Error) -> bool {
    matches!(
        e.kind.as_ref(),
        ErrorKind::ServerSelection { .. }
            | ErrorKind::Io(_)
            | ErrorKind::ConnectionPoolCleared { .. }
            | ErrorKind::DnsResolve { .. }
            | ErrorKind::Shutdown
    )
}

/// The server refuses multi-document transactions (standalone `mongod`, old servers).
pub(in crate::store) fn is_transactions_unsupported(e: &mongodb::error::Error) -> bool {
    // 20 IllegalOperation: "Transaction numbers are only allowed on a replica set member or
    // mongos"; the driver reports missing session support itself, and refuses to start a
    // transaction when the topology it sees cannot run one ("... not supported ...").
    let refused_by_driver = matches!(
        e.kind.as_ref(),
        ErrorKind::Transaction { message, .. } if message.contains("not supported")
    );
    refused_by_driver
        || matches!(e.kind.as_ref(), ErrorKind::SessionsNotSupported)
        || (has_code(e, &[20]) && e.to_string().contains("Transaction numbers"))
}

/// The user-facing conflict message for a duplicate key in `collection`, from the server's
/// `E11000 duplicate key error collection: db.users index: users_email_unique dup key: {...}`:
/// the message the collection's spec gives the index, the same text the embedded store uses.
pub(in crate::store) fn conflict_message(collection: &str, server_message: &str) -> String {
    let index = server_message
        .split_once("index: ")
        .map(|(_, rest)| rest.split_whitespace().next().unwrap_or(""))
        .unwrap_or("");
    let Some(spec) = crate::store::spec::of(collection) else {
        return format!("duplicate value in {collection}");
    };
    if let Some(unique) = spec.unique(index) {
        return unique.message.to_string();
    }
    if index == "_id_" || server_message.contains("{ _id:") {
        spec.duplicate_id_message()
    } else {
        spec.duplicate_message()
    }
}

/// One line describing a connection failure, with the password of `uri` removed.
pub(in crate::store) fn one_line(e: &mongodb::error::Error, uri: &str) -> String {
    let raw = match e.kind.as_ref() {
        ErrorKind::ServerSelection { message, .. } => summarize_selection(message),
        ErrorKind::Authentication { message, .. } => format!("authentication failed: {message}"),
        ErrorKind::InvalidArgument { message, .. } => {
            format!("invalid connection string: {message}")
        }
        ErrorKind::DnsResolve { message, .. } => format!("DNS lookup failed: {message}"),
        _ => e.to_string(),
    };
    let flat = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let hosts = describe_hosts(uri);
    let line = if uri.is_empty() || flat.contains(&hosts) {
        flat
    } else {
        format!("{hosts}: {flat}")
    };
    truncate(&redact(&line, uri), 300)
}

/// The useful part of a server-selection timeout: the last error the driver saw per server
/// (`Kind: I/O error: Connection refused (os error 111), labels: {}`), or the whole message.
fn summarize_selection(message: &str) -> String {
    let mut reasons: Vec<String> = Vec::new();
    for part in message.split("Error: ").skip(1) {
        let reason = part
            .split(", labels:")
            .next()
            .unwrap_or(part)
            .trim_start_matches("Kind: ")
            .trim_end_matches(|c: char| c == '}' || c == ']' || c == ',' || c.is_whitespace())
            .to_string();
        if !reason.is_empty() && !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    if reasons.is_empty() {
        message.to_string()
    } else {
        format!("server selection timed out ({})", reasons.join("; "))
    }
}

/// `host1:27017,host2:27017` (or the SRV name) of a connection string, without credentials.
pub(in crate::store) fn describe_hosts(uri: &str) -> String {
    let rest = uri.split_once("://").map(|(_, r)| r).unwrap_or(uri);
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let hosts = authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority);
    if hosts.is_empty() {
        "mongodb".to_string()
    } else {
        hosts.to_string()
    }
}

/// Replaces the password of `uri` (raw and percent-decoded) in `text` with `***`.
pub(in crate::store) fn redact(text: &str, uri: &str) -> String {
    let Some(password) = password_of(uri) else {
        return text.to_string();
    };
    let mut out = text.to_string();
    for secret in [password.clone(), percent_decode(&password)] {
        if !secret.is_empty() {
            out = out.replace(&secret, "***");
        }
    }
    out
}

fn password_of(uri: &str) -> Option<String> {
    let rest = uri.split_once("://").map(|(_, r)| r)?;
    let authority = rest.split(['/', '?']).next()?;
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (_, password) = userinfo.split_once(':')?;
    Some(password.to_string())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_emails_and_phones_name_the_field() {
        let m = "E11000 duplicate key error collection: t.users index: users_email_unique dup key: { email: \"a@b.co\" }";
        assert_eq!(conflict_message("users", m), "email is already registered");
        let m = "E11000 duplicate key error collection: t.users index: users_phone_unique dup key: { phoneNumber: \"+254712345678\" }";
        assert_eq!(
            conflict_message("users", m),
            "phone number is already registered"
        );
        let m = "E11000 duplicate key error collection: t.reviews index: reviews_booking_reviewer_unique dup key: { booking: ObjectId('..') }";
        assert_eq!(
            conflict_message("reviews", m),
            "you have already reviewed this booking"
        );
        let m = "E11000 duplicate key error collection: t.transactions index: transactions_checkout_request_unique dup key: { gatewayRef.checkoutRequestId: \"ws_CO\" }";
        assert!(conflict_message("transactions", m).contains("checkout request id"));
    }

    #[test]
    fn the_database_name_does_not_decide_the_field() {
        let m = "E11000 duplicate key error collection: emails.users index: _id_ dup key: { _id: ObjectId('65a') }";
        assert_eq!(
            conflict_message("users", m),
            "a user with this id already exists"
        );
    }

    #[test]
    fn ledger_duplicates_read_naturally() {
        let m = "E11000 duplicate key error collection: t.gateway_events index: gateway_events_event_unique dup key: { gateway: \"stripe\", eventId: \"evt_1\" }";
        assert_eq!(
            conflict_message("gateway_events", m),
            "this gateway event was already recorded"
        );
        let m = "E11000 duplicate key error collection: t.ledger index: _id_ dup key: { _id: ObjectId('65a') }";
        assert_eq!(
            conflict_message("ledger", m),
            "a ledger line with this id already exists"
        );
    }

    #[test]
    fn duplicate_ids_say_so() {
        let m = "E11000 duplicate key error collection: t.bookings index: _id_ dup key: { _id: ObjectId('65a') }";
        assert_eq!(
            conflict_message("bookings", m),
            "a booking with this id already exists"
        );
        assert_eq!(
            conflict_message("audit_log", m),
            "an audit entry with this id already exists"
        );
    }

    #[test]
    fn passwords_are_redacted_raw_and_decoded() {
        let uri = "mongodb://app:p%40ss@db.example.com:27017/baitech?authSource=admin";
        assert_eq!(
            redact("auth failed for app:p%40ss and p@ss", uri),
            "auth failed for app:*** and ***"
        );
        assert_eq!(describe_hosts(uri), "db.example.com:27017");
        assert_eq!(
            describe_hosts("mongodb+srv://u:x@cluster0.abc.mongodb.net/?w=majority"),
            "cluster0.abc.mongodb.net"
        );
        assert_eq!(
            redact("nothing secret", "mongodb://localhost"),
            "nothing secret"
        );
        // Multi-byte characters next to `%` must not panic.
        assert_eq!(redact("x é%é y", "mongodb://u:é%é@h"), "x *** y");
    }

    #[test]
    fn selection_timeouts_keep_only_the_reason() {
        let m = "Server selection timeout: No available servers. Topology: { Type: Unknown, Servers: [ { Address: 127.0.0.1:9, Type: Unknown, Error: Kind: I/O error: Connection refused (os error 111), labels: {} } ] }";
        assert_eq!(
            summarize_selection(m),
            "server selection timed out (I/O error: Connection refused (os error 111))"
        );
    }
}
