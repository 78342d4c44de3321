//! The social feed: posts and their engagement, comments, reports, and the ranked lists
//! (following feed, explore, hashtag and search pages) with scroll snapshots.
