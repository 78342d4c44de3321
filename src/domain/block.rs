//! One user blocking another: the pair no longer see each other's posts, follow each other,
//! or comment on and like each other's posts.

use serde::{Deserialize, Serialize};

use crate::domain::id::Id;
use crate::domain::time::Timestamp;
use crate::error::FieldError;

/// `blocker` blocks `blocked`; unique per pair (storage document of `blocks`). A block works
/// both ways: it hides each of the two from the other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Block {
    #[serde(rename = "_id")]
    pub id: Id,
    pub blocker: Id,
    pub blocked: Id,
    pub created_at: Timestamp,
}

impl Block {
    /// A new block; users cannot block themselves.
    pub fn new(blocker: Id, blocked: Id, at: Timestamp) -> Result<Self, FieldError> {
        if blocker == blocked {
            return Err(FieldError::new("id", "you cannot block yourself"));
        }
        Ok(Block {
            id: Id::new(),
            blocker,
            blocked,
            created_at: at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_round_trips;

    #[test]
    fn a_block_round_trips_through_json_and_bson() {
        let b = Block::new(
            Id::from_parts(1_700_000_000, 1),
            Id::from_parts(1_700_000_000, 2),
            Timestamp::from_millis(1_700_000_000_000),
        )
        .unwrap();
        assert_round_trips(&b);
    }

    #[test]
    fn nobody_blocks_themselves() {
        let me = Id::from_parts(1_700_000_000, 1);
        let err = Block::new(me, me, Timestamp::from_millis(0)).unwrap_err();
        assert_eq!(err.field, "id");
    }
}
