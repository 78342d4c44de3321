//! The community: feed posts, conversations and messages, notifications.

use baitech::domain::conversation::{
    Conversation, ConversationType, LastMessage, NotificationLevel, Participant, ParticipantRole,
    direct_key,
};
use baitech::domain::geo::Location;
use baitech::domain::message::{Attachment, AttachmentKind, Edit, Message, MessageType, Reaction};
use baitech::domain::notification::{
    Channel, ChannelDelivery, Notification, NotificationType, OutboxStatus, Priority,
};
use baitech::domain::post::{
    Comment, Engagement, Media, MediaKind, Moderation, ModerationStatus, Post, PostEdit,
    PostReaction, PostReactionKind, PostType, PostView, Visibility, extract_hashtags,
};
use baitech::domain::report::{Report, ReportReason, ReportTarget};
use baitech::domain::{Id, Money, Timestamp};

use super::{at, next_id, point};

/// An approved public text post; hashtags are taken from the content.
pub fn post(author: Id, content: &str) -> Post {
    Post {
        id: next_id(),
        author,
        kind: PostType::Text,
        content: content.into(),
        media: Vec::new(),
        hashtags: extract_hashtags(content),
        mentions: Vec::new(),
        service_category: None,
        location: None,
        booking: None,
        engagement: Engagement::default(),
        engagement_score: 0.0,
        edits: Vec::new(),
        moderation: Moderation {
            status: ModerationStatus::Approved,
            ..Moderation::default()
        },
        visibility: Visibility::Public,
        pinned: false,
        deleted_at: None,
        created_at: at(0),
        updated_at: at(0),
    }
}

/// An approved top-level comment (or a reply to `parent`) on `post`.
pub fn comment(post: Id, author: Id, parent: Option<Id>, status: ModerationStatus) -> Comment {
    Comment {
        id: next_id(),
        post,
        author,
        content: "Nice work".into(),
        parent,
        mentions: Vec::new(),
        likes: 0,
        moderation: Moderation {
            status,
            ..Moderation::default()
        },
        deleted_at: None,
        created_at: at(0),
        updated_at: at(0),
    }
}

/// One like of `post` by `user`.
pub fn like(post: Id, user: Id) -> PostReaction {
    PostReaction {
        id: next_id(),
        post,
        user,
        kind: PostReactionKind::Like,
        created_at: at(0),
    }
}

/// `viewer`'s last counted view of `post`.
pub fn view(post: Id, viewer: Id) -> PostView {
    PostView {
        id: next_id(),
        post,
        viewer,
        at: at(0),
    }
}

/// An open spam report of a post.
pub fn report(target: Id, reporter: Id) -> Report {
    Report::new(
        ReportTarget::Post,
        target,
        Id::new(),
        reporter,
        ReportReason::Spam,
        None,
        at(0),
    )
}

/// A post with every optional group filled in.
pub fn full_post(author: Id) -> Post {
    let mut p = post(
        author,
        "Rewired a whole office in Westlands #electrical #wiring",
    );
    p.kind = PostType::Portfolio;
    p.media = vec![Media {
        url: "https://res.cloudinary.com/demo/office.jpg".into(),
        kind: MediaKind::Image,
        public_id: Some("demo/office".into()),
        width: Some(1200),
        height: Some(800),
        duration_seconds: Some(1.5),
        thumbnail_url: Some("https://res.cloudinary.com/demo/office_t.jpg".into()),
    }];
    p.mentions = vec![Id::new()];
    p.service_category = Some("electrical".into());
    p.location = Some(Location::new(
        point(36.8066, -1.2683),
        Some("Westlands".into()),
        Some("Nairobi".into()),
    ));
    p.engagement = Engagement {
        likes: 3,
        comments: 2,
        shares: 1,
        views: 40,
        saves: 1,
    };
    p.engagement_score = 1.25;
    p.moderation = Moderation {
        status: ModerationStatus::Approved,
        reasons: vec!["checked".into()],
        ai_score: Some(0.02),
        scores: [("spam".to_string(), 0.02)].into(),
        reviewed_by: Some(Id::new()),
        reviewed_at: Some(at(1)),
    };
    p.booking = Some(Id::new());
    p.edits = vec![PostEdit {
        content: "Rewired an office".into(),
        edited_at: at(1),
    }];
    p.visibility = Visibility::Followers;
    p.pinned = true;
    p.updated_at = at(2);
    p
}

/// A direct conversation between `a` and `b` whose last activity is `activity`.
pub fn direct(a: Id, b: Id, activity: Timestamp) -> Conversation {
    let mut c = conversation(ConversationType::Direct, &[a, b], activity);
    c.direct_key = Some(direct_key(a, b));
    c
}

pub fn conversation(kind: ConversationType, members: &[Id], activity: Timestamp) -> Conversation {
    Conversation {
        id: next_id(),
        kind,
        name: None,
        participants: members
            .iter()
            .map(|&m| Participant::new(m, ParticipantRole::Member, at(0)))
            .collect(),
        direct_key: None,
        booking: None,
        created_by: members[0],
        last_seq: 0,
        version: 0,
        last_message: None,
        last_activity_at: activity,
        created_at: at(0),
        updated_at: activity,
    }
}

/// Marks `user`'s side of the conversation deleted.
pub fn deleted_by(mut c: Conversation, user: Id) -> Conversation {
    c.participant_mut(user).expect("a participant").deleted_at = Some(at(2));
    c
}

pub fn full_conversation(a: Id, b: Id) -> Conversation {
    let mut c = conversation(ConversationType::Booking, &[a, b], at(9));
    c.name = Some("Sink repair".into());
    c.booking = Some(Id::new());
    let p = &mut c.participants[0];
    p.role = ParticipantRole::Owner;
    p.left_at = Some(at(8));
    p.muted_until = Some(at(100));
    p.muted = true;
    p.pinned = true;
    p.archived = true;
    p.last_read_seq = 4;
    p.last_read_at = Some(at(7));
    p.deleted_at = Some(at(8));
    p.hidden_through_seq = 2;
    p.notification_level = NotificationLevel::None;
    c.last_seq = 6;
    c.version = 3;
    c.last_message = Some(LastMessage {
        id: next_id(),
        seq: 6,
        sender: b,
        preview: "On my way".into(),
        kind: MessageType::Text,
        at: at(9),
    });
    c
}

/// A text message sent at `created_at`.
pub fn message(conversation: Id, sender: Id, content: &str, created_at: Timestamp) -> Message {
    Message::text(next_id(), conversation, sender, content, created_at)
}

pub fn full_message(conversation: Id, sender: Id, reader: Id) -> Message {
    let mut m = message(conversation, sender, "Here is the quote", at(1));
    m.kind = MessageType::File;
    m.media = vec![Attachment {
        url: "https://res.cloudinary.com/demo/quote.pdf".into(),
        kind: AttachmentKind::File,
        name: Some("quote.pdf".into()),
        mime_type: Some("application/pdf".into()),
        size_bytes: Some(48_213),
        public_id: Some("demo/quote".into()),
        thumbnail_url: None,
        duration_seconds: Some(0.5),
    }];
    m.location = Some(Location::new(point(36.8, -1.3), None, None));
    m.booking_ref = Some(Id::new());
    m.seq = 3;
    m.client_id = Some("c-7".into());
    m.client_key = Some(Message::client_key_of(conversation, sender, "c-7"));
    m.reactions = vec![Reaction {
        user: reader,
        emoji: "👍".into(),
        at: at(2),
    }];
    m.reply_to = Some(Id::new());
    m.edit_history = vec![Edit {
        content: "Here is the qoute".into(),
        edited_at: at(1),
    }];
    m.edited_at = Some(at(1));
    m.deleted_for = vec![reader];
    m.updated_at = at(2);
    m
}

/// An unread in-app notification of `kind` created at `created_at`, never expiring.
pub fn notification(recipient: Id, kind: NotificationType, created_at: Timestamp) -> Notification {
    Notification {
        id: next_id(),
        recipient,
        actor: None,
        kind,
        title: "Title".into(),
        body: "Body".into(),
        category: kind.category(),
        priority: Priority::Normal,
        channels: vec![Channel::InApp],
        delivery: Vec::new(),
        group_key: None,
        group: None,
        deep_link: None,
        action_data: None,
        read: false,
        read_at: None,
        expires_at: None,
        created_at,
        updated_at: created_at,
    }
}

/// The notification, read at `read_at`.
pub fn read(mut n: Notification, read_at: Timestamp) -> Notification {
    n.read = true;
    n.read_at = Some(read_at);
    n
}

pub fn full_notification(recipient: Id) -> Notification {
    let mut n = notification(recipient, NotificationType::PaymentReceived, at(0));
    n.actor = Some(Id::new());
    n.priority = Priority::High;
    n.channels = vec![Channel::InApp, Channel::Push, Channel::Sms];
    n.delivery = vec![ChannelDelivery {
        channel: Channel::Push,
        status: OutboxStatus::Undeliverable,
        attempts: 2,
        reason: Some("UNREGISTERED".into()),
        cost: Some(Money::kes(80)),
        sent_at: Some(at(1)),
        delivered_at: Some(at(2)),
        progress: 10,
    }];
    n.group_key = Some("payments".into());
    n.deep_link = Some("baitech://bookings/1".into());
    n.action_data = Some(serde_json::json!({"bookingId": "x", "amount": 1000}));
    n.read = true;
    n.read_at = Some(at(3));
    n.expires_at = Some(at(600_000));
    n.updated_at = at(3);
    n
}
