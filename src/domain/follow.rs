//! Follow relationships between users (the social graph behind the following feed).

use serde::{Deserialize, Serialize};

use crate::domain::id::Id;
use crate::domain::time::Timestamp;
use crate::error::FieldError;

/// `follower` follows `followee`; unique per pair (storage document of `follows`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Follow {
    #[serde(rename = "_id")]
    pub id: Id,
    pub follower: Id,
    pub followee: Id,
    pub created_at: Timestamp,
}

impl Follow {
    /// A new follow; users cannot follow themselves.
    pub fn new(follower: Id, followee: Id, at: Timestamp) -> Result<Self, FieldError> {
        if follower == followee {
            return Err(FieldError::new(
                "followee",
                "users cannot follow themselves",
            ));
        }
        Ok(Follow {
            id: Id::new(),
            follower,
            followee,
            created_at: at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_round_trips;

    #[test]
    fn a_follow_round_trips_through_json_and_bson() {
        let f = Follow::new(
            Id::from_parts(1_700_000_000, 1),
            Id::from_parts(1_700_000_000, 2),
            Timestamp::from_millis(1_700_000_000_000),
        )
        .unwrap();
        assert_round_trips(&f);
    }

    #[test]
    fn nobody_follows_themselves() {
        let me = Id::from_parts(1_700_000_000, 1);
        let err = Follow::new(me, me, Timestamp::from_millis(0)).unwrap_err();
        assert_eq!(err.field, "followee");
    }
}
