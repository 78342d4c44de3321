//! placeholder, replaced by the input cases
