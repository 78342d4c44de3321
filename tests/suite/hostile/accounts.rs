//! placeholder, replaced by the accounts cases
