//! From events to drafts: which event tells whom what. Booking moves tell the parties who did
//! not make them; reviews, mentions and moderation decisions tell the one user they concern; a
//! new chat message tells the members who are not connected, unless they muted the
//! conversation (a mention always gets through). Money ([`money`]), social ([`social`]) and
//! account ([`account`]) events have their own files.

use std::collections::HashSet;

use serde_json::json;

use crate::app::App;
use crate::domain::Id;
use crate::domain::booking::BookingStatus;
use crate::domain::deep_link::DeepLink;
use crate::domain::notification::{NotificationType as T, Priority};
use crate::domain::post::ModerationStatus;
use crate::error::Result;
use crate::realtime::{BookingChange, ChatEventKind, Event};

use super::{Draft, account, money, name_of, social};

/// The drafts `event` makes. `online` holds the users with a connected socket.
pub async fn drafts_for(app: &App, event: &Event, online: &HashSet<Id>) -> Result<Vec<Draft>> {
    Ok(match event {
        Event::BookingStatusChanged { .. } => booking_moved(event),
        Event::BookingUpdated {
            booking,
            change,
            at,
            customer,
            technician,
            ..
        } => {
            let link = DeepLink::booking(*booking);
            let source = format!("booking:{booking}:{}:{}", change.as_str(), at.millis());
            let action = json!({ "action": "view_booking", "bookingId": booking });
            let mut out = Vec::new();
            match change {
                BookingChange::TechnicianAssigned => {
                    if let Some(t) = technician {
                        out.push(
                            Draft::new(
                                *t,
                                T::BookingAssigned,
                                "New job request",
                                "A customer asked for you. Open the booking to accept or decline.",
                                link,
                                source,
                                *at,
                            )
                            .priority(Priority::High)
                            .action(action),
                        );
                    }
                }
                BookingChange::DisputeResolved => {
                    for who in std::iter::once(*customer).chain(*technician) {
                        out.push(
                            Draft::new(who, T::DisputeResolved, "Dispute resolved",
                                "The dispute on your booking was resolved. Open it to see the outcome.",
                                link.clone(), source.clone(), *at)
                            .priority(Priority::High)
                            .action(action.clone()),
                        );
                    }
                }
                _ => {}
            }
            out
        }
        Event::ReviewSubmitted {
            review,
            booking,
            reviewer,
            reviewee,
            at,
        } => {
            let name = name_of(app, *reviewer).await;
            vec![
                Draft::new(*reviewee, T::NewReview, "New review",
                    format!("{name} reviewed your booking. It shows once you have reviewed too, or after 14 days."),
                    DeepLink::review(*review), format!("review:{review}:submitted"), *at)
                .actor(*reviewer, name)
                .action(json!({ "action": "view_review", "reviewId": review, "bookingId": booking })),
            ]
        }
        Event::ReviewResponded {
            review,
            booking,
            reviewer,
            reviewee,
            at,
        } => {
            let name = name_of(app, *reviewee).await;
            vec![
                Draft::new(
                    *reviewer,
                    T::ReviewResponse,
                    format!("{name} answered your review"),
                    "Open the review to read the answer.",
                    DeepLink::review(*review),
                    format!("review:{review}:responded:{}", at.millis()),
                    *at,
                )
                .actor(*reviewee, name)
                .action(
                    json!({ "action": "view_review", "reviewId": review, "bookingId": booking }),
                ),
            ]
        }
        Event::Mentioned {
            user,
            by,
            post,
            comment,
            at,
        } => {
            let name = name_of(app, *by).await;
            let (what, source) = match comment {
                Some(c) => ("a comment", format!("mention:{post}:{c}")),
                None => ("a post", format!("mention:{post}")),
            };
            vec![
                Draft::new(
                    *user,
                    T::Mentioned,
                    format!("{name} mentioned you"),
                    format!("{name} mentioned you in {what}."),
                    DeepLink::post(*post),
                    source,
                    *at,
                )
                .actor(*by, name)
                .action(json!({ "action": "view_post", "postId": post, "commentId": comment })),
            ]
        }
        Event::ContentModerated {
            user,
            kind,
            target,
            status,
            reason,
            at,
        } => {
            let what = kind.as_str();
            let (t, title, body) = match status {
                ModerationStatus::Removed | ModerationStatus::Rejected => (
                    T::PostRemoved,
                    format!("Your {what} was removed"),
                    match reason {
                        Some(r) => format!("A moderator removed your {what}: {r}"),
                        None => format!("A moderator removed your {what}."),
                    },
                ),
                ModerationStatus::Approved => (
                    T::PostApproved,
                    format!("Your {what} is live"),
                    format!("A moderator approved your {what}; everyone can see it now."),
                ),
                ModerationStatus::PendingReview => return Ok(Vec::new()),
            };
            let link = match kind {
                crate::domain::report::ReportTarget::Review => DeepLink::review(*target),
                _ => DeepLink::post(*target),
            };
            vec![
                Draft::new(
                    *user,
                    t,
                    title,
                    body,
                    link,
                    format!("moderated:{target}:{}:{}", status.as_str(), at.millis()),
                    *at,
                )
                .action(json!({ "action": "view_content", "kind": what, "id": target })),
            ]
        }
        Event::Chat {
            conversation,
            kind: ChatEventKind::MessageNew,
            to,
            data,
            ..
        } => chat_message(app, *conversation, to, data, online).await?,
        Event::Payment { .. } => money::drafts(event),
        Event::Followed { .. }
        | Event::PostLiked { .. }
        | Event::Commented { .. }
        | Event::PostShared { .. } => social::drafts(app, event).await?,
        Event::Account { .. } => account::drafts(event),
        _ => Vec::new(),
    })
}

/// Who hears of a booking's move, and what they read.
fn booking_moved(event: &Event) -> Vec<Draft> {
    let Event::BookingStatusChanged {
        booking,
        booking_number: number,
        from,
        to,
        by,
        at,
        customer,
        technician,
        corporate_account,
    } = event
    else {
        return Vec::new();
    };
    use BookingStatus as S;
    let link = DeepLink::booking(*booking);
    let source = format!(
        "booking:{booking}:{}:{}:{}",
        from.as_str(),
        to.as_str(),
        at.millis()
    );
    let action = json!({ "action": "view_booking", "bookingId": booking, "status": to });
    let parties: Vec<Id> = std::iter::once(*customer)
        .chain(*technician)
        .chain(*corporate_account)
        .collect();
    let others: Vec<Id> = parties
        .iter()
        .copied()
        .filter(|p| Some(*p) != *by)
        .collect();
    let one = |who: Id, kind: T, title: &str, body: String, priority: Priority| {
        Draft::new(who, kind, title, body, link.clone(), source.clone(), *at)
            .priority(priority)
            .action(action.clone())
    };
    let many = |who: &[Id], kind: T, title: &str, body: String, priority: Priority| {
        who.iter()
            .map(|w| one(*w, kind, title, body.clone(), priority))
            .collect::<Vec<_>>()
    };
    match (from, to) {
        (S::Pending, S::Matching) => vec![one(
            *customer,
            T::BookingCreated,
            "Booking received",
            format!("We are finding a technician for booking {number}."),
            Priority::Normal,
        )],
        (S::Pending, S::Assigned) => {
            let mut out = vec![one(
                *customer,
                T::BookingCreated,
                "Booking received",
                format!("Booking {number} was sent to your technician."),
                Priority::Normal,
            )];
            out.extend(technician.map(|t| {
                one(
                    t,
                    T::BookingAssigned,
                    "New job request",
                    format!("Booking {number} is waiting for you to accept or decline."),
                    Priority::High,
                )
            }));
            out
        }
        (S::Assigned, S::Matching) => vec![one(
            *customer,
            T::BookingDeclined,
            "Finding another technician",
            format!("The technician could not take booking {number}; we are finding another."),
            Priority::Normal,
        )],
        (_, S::Accepted) => vec![one(
            *customer,
            T::BookingAccepted,
            "Booking accepted",
            format!("Your technician accepted booking {number}."),
            Priority::High,
        )],
        (_, S::EnRoute) => vec![one(
            *customer,
            T::TechnicianEnRoute,
            "Your technician is on the way",
            format!("The technician for booking {number} is on the way."),
            Priority::High,
        )],
        (_, S::Arrived) => vec![one(
            *customer,
            T::TechnicianArrived,
            "Your technician has arrived",
            format!("The technician for booking {number} is at the door."),
            Priority::High,
        )],
        (S::OnHold, S::InProgress) => many(
            &others,
            T::JobStarted,
            "Work resumed",
            format!("Work on booking {number} resumed."),
            Priority::Normal,
        ),
        (_, S::InProgress) => vec![one(
            *customer,
            T::JobStarted,
            "Work started",
            format!("Work on booking {number} has started."),
            Priority::Normal,
        )],
        (_, S::OnHold) => many(
            &others,
            T::JobOnHold,
            "Work on hold",
            format!("Work on booking {number} is on hold."),
            Priority::Normal,
        ),
        (_, S::Completed) => vec![one(
            *customer,
            T::JobCompleted,
            "Work completed",
            format!("Booking {number} is done. Please check the work and verify it."),
            Priority::High,
        )],
        (_, S::Verified) => technician
            .map(|t| {
                one(
                    t,
                    T::BookingVerified,
                    "Work verified",
                    format!("The customer verified booking {number}."),
                    Priority::Normal,
                )
            })
            .into_iter()
            .collect(),
        (_, S::Cancelled) => many(
            &others,
            T::BookingCancelled,
            "Booking cancelled",
            format!("Booking {number} was cancelled."),
            Priority::High,
        ),
        (_, S::Disputed) => many(
            &others,
            T::DisputeOpened,
            "Dispute opened",
            format!("A dispute was opened on booking {number}."),
            Priority::High,
        ),
        (_, S::Expired) => vec![one(
            *customer,
            T::BookingExpired,
            "Booking expired",
            format!("Booking {number} expired before a technician took it."),
            Priority::Normal,
        )],
        _ => Vec::new(),
    }
}

/// A new message: its members other than the sender who are offline and listening; a member
/// the message mentions (`@username`) always.
async fn chat_message(
    app: &App,
    conversation: Id,
    to: &[Id],
    data: &serde_json::Value,
    online: &HashSet<Id>,
) -> Result<Vec<Draft>> {
    let sender = data["sender"].as_str().and_then(Id::parse);
    let message = data["_id"].as_str().and_then(Id::parse);
    let (Some(sender), Some(message)) = (sender, message) else {
        return Ok(Vec::new());
    };
    let Some(conv) = app.store.conversations.get(conversation).await? else {
        return Ok(Vec::new());
    };
    let content = data["content"].as_str().unwrap_or("").to_string();
    // The message's own time, so every instance derives the same notification id.
    let at = data["createdAt"]
        .as_str()
        .and_then(crate::domain::Timestamp::parse)
        .unwrap_or_else(|| {
            let b = message.bytes();
            crate::domain::Timestamp::from_millis(
                i64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])) * 1000,
            )
        });
    let name = name_of(app, sender).await;
    let recipients: Vec<Id> = to.iter().copied().filter(|u| *u != sender).collect();
    let users = app.store.users.get_many(&recipients).await?;
    let mut out = Vec::new();
    for user in users {
        let Some(member) = conv.participants.iter().find(|p| p.user == user.id) else {
            continue;
        };
        let mentioned = user
            .username
            .as_deref()
            .is_some_and(|u| mentions(&content, u));
        use crate::domain::conversation::NotificationLevel as L;
        let listening = !member.is_muted(at)
            && match member.notification_level {
                L::All => true,
                L::Mentions | L::None => false,
            };
        if !(mentioned || (listening && !online.contains(&user.id))) {
            continue;
        }
        let body = if content.is_empty() {
            "Sent an attachment.".to_string()
        } else {
            content.chars().take(140).collect()
        };
        let (kind, title) = if mentioned {
            (T::NewMessage, format!("{name} mentioned you"))
        } else {
            (T::NewMessage, format!("{name} sent you a message"))
        };
        let mut d = Draft::new(user.id, kind, title, body, DeepLink::conversation(conversation),
            format!("message:{message}"), at)
        .actor(sender, name.clone())
        .action(json!({ "action": "open_conversation", "conversationId": conversation, "messageId": message }));
        if mentioned {
            d = d.priority(Priority::High);
        } else {
            d = d.grouped(format!("conversation:{conversation}"), "sent you messages");
        }
        out.push(d);
    }
    Ok(out)
}

/// Whether `text` mentions `@username` (case-insensitive, as a whole word).
fn mentions(text: &str, username: &str) -> bool {
    let lower = text.to_lowercase();
    let needle = format!("@{}", username.to_lowercase());
    lower.match_indices(&needle).any(|(i, _)| {
        let after = lower[i + needle.len()..].chars().next();
        let before = lower[..i].chars().next_back();
        !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_whole_words() {
        assert!(mentions("hi @Amina, see this", "amina"));
        assert!(mentions("@amina", "amina"));
        assert!(!mentions("hi @aminah", "amina"));
        assert!(!mentions("mail x@amina", "amina"));
        assert!(!mentions("hi amina", "amina"));
    }
}
