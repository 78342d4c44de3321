//! placeholder, replaced by the money cases
