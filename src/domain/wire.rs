//! How ids and timestamps are written: plain strings everywhere (JSON API, SQLite documents),
//! native BSON `ObjectId` / `Date` only while the MongoDB adapter encodes a document.
//!
//! The `bson` serializer reports itself as human readable, so the two encodings cannot be told
//! apart from inside `Serialize`; instead the Mongo codec switches this thread into BSON mode for
//! the (synchronous) duration of one `to_document` call.

use std::cell::Cell;

thread_local! {
    static BSON_MODE: Cell<bool> = const { Cell::new(false) };
}

/// True while [`with_bson_mode`] runs on this thread.
pub fn bson_mode() -> bool {
    BSON_MODE.with(Cell::get)
}

/// Runs `f` with ids and timestamps serialized as native BSON values.
pub fn with_bson_mode<R>(f: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            BSON_MODE.with(|m| m.set(self.0));
        }
    }
    let _reset = Reset(BSON_MODE.with(|m| m.replace(true)));
    f()
}
