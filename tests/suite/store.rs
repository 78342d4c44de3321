//! Store conformance: the same tests against both adapters. Every trait method's doc comment in
//! `src/store/mod.rs` is a behaviour pinned down here; each test runs as
//! `store::embedded::<name>` and `store::mongo::<name>`.
//!
//! One submodule per aggregate; `builders` makes the documents and `pages` walks paginated lists.

mod admin;
mod audit;
mod bookings;
pub(crate) mod builders;
mod chat;
mod follows;
mod ledger;
mod nearby;
mod notifications;
mod pages;
mod posts;
mod reviews;
mod tokens;
mod transactions;
mod user_lists;
mod users;

use std::fmt::Debug;

use baitech::Error;

use admin::*;
use audit::*;
use bookings::*;
use chat::*;
use follows::*;
use ledger::*;
use nearby::*;
use notifications::*;
use posts::*;
use reviews::*;
use tokens::*;
use transactions::*;
use user_lists::*;
use users::*;

/// Asserts `result` is `Error::Conflict` whose message names `field` (case-insensitive).
fn assert_conflict<T: Debug>(result: baitech::Result<T>, field: &str) {
    match result {
        Err(Error::Conflict(message)) => assert!(
            message.to_lowercase().contains(field),
            "the conflict should name `{field}`, got {message:?}"
        ),
        other => panic!("expected a conflict on {field}, got {other:?}"),
    }
}

/// Asserts `result` is `Error::NotFound`.
fn assert_not_found<T: Debug>(result: baitech::Result<T>) {
    match result {
        Err(Error::NotFound(_)) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
}

/// Runs `n` copies of a task on the runtime's worker threads at once and returns their outputs
/// in task order (the store is shared through its `Arc`s).
async fn race<T, F>(n: usize, task: impl Fn(usize) -> F) -> Vec<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = (0..n).map(|i| tokio::spawn(task(i))).collect();
    let mut out = Vec::with_capacity(n);
    for h in handles {
        out.push(h.await.expect("task panicked"));
    }
    out
}

both_backends!(
    // users
    user_round_trip_preserves_every_field_group,
    duplicate_email_is_a_conflict,
    duplicate_phone_is_a_conflict,
    update_to_a_taken_email_or_phone_is_a_conflict_and_changes_nothing,
    updating_a_missing_user_is_not_found,
    bulk_user_insert_is_all_or_nothing,
    a_deleted_users_email_and_phone_can_be_taken_again,
    get_users_returns_the_existing_ones_and_skips_missing_ids,
    users_are_found_by_email_and_phone,
    list_users_filters_by_role_status_skills_rating_and_city,
    user_text_search_finds_by_name_business_bio_and_skill,
    user_text_search_combines_with_filters,
    cursor_pagination_walks_every_user_exactly_once_newest_first,
    numbered_user_pages_return_the_total,
    deleted_users_are_left_out_unless_included,
    count_users_counts_what_list_users_lists,
    add_follow_counts_is_atomic,
    concurrent_registrations_with_one_email_let_exactly_one_in,
    cursor_pages_are_stable_while_new_users_arrive,
    user_text_search_treats_operators_and_punctuation_as_plain_text,
    // nearby technicians
    nearby_returns_nearest_first_with_distance,
    nearby_excludes_a_technician_just_outside_the_radius,
    nearby_filters_by_skills_rating_and_availability,
    nearby_never_returns_customers_inactive_deleted_or_unlocated_users,
    nearby_works_across_the_antimeridian,
    nearby_respects_the_limit,
    nearby_agrees_with_brute_force_around_nairobi,
    // follows
    follow_is_idempotent_and_moves_both_counters_once,
    unfollow_reverses_a_follow,
    concurrent_follows_and_unfollows_of_the_same_pair_count_once,
    followers_and_following_page_newest_first,
    // bookings
    booking_round_trip_preserves_every_field,
    update_booking_with_the_current_version_succeeds,
    stale_booking_version_loses,
    updating_a_missing_booking_is_not_found,
    concurrent_updates_from_the_same_version_exactly_one_wins,
    bulk_booking_insert_stores_all,
    list_bookings_filters_by_party_status_and_dates,
    booking_pages_walk_every_booking_once_newest_first,
    count_bookings_by_status_counts_each_status,
    // transactions
    transaction_round_trip_preserves_every_field,
    transactions_are_found_by_each_gateway_reference,
    update_transaction_is_compare_and_set_on_status,
    concurrent_transaction_updates_from_the_same_status_exactly_one_wins,
    list_transactions_filters_and_pages_newest_first,
    phone_and_escrow_due_filters_select_and_count_transactions,
    // ledger
    apply_money_writes_every_part_and_moves_the_balances,
    a_stale_transaction_status_writes_nothing,
    a_duplicate_event_writes_nothing_the_second_time,
    a_wallet_overdraft_is_insufficient_funds_and_writes_nothing,
    concurrent_wallet_spends_never_overdraw,
    a_used_idempotency_key_is_a_conflict_and_writes_nothing,
    a_stale_booking_version_writes_nothing,
    settlements_move_by_compare_and_set_on_version,
    imported_lines_leave_balances_alone,
    scan_ledger_walks_every_line_once_in_id_order,
    list_accounts_filters_by_prefix_in_key_order,
    gateway_events_are_found_by_delivery_and_listed_newest_first,
    settlements_list_newest_first_by_status,
    // posts
    post_round_trip_and_update_preserve_every_field,
    list_posts_filters_by_author_hashtag_kind_moderation_and_visibility,
    post_text_search_finds_words_and_prefixes_only_in_matching_posts,
    deleted_posts_are_never_listed,
    add_engagement_returns_the_new_counters,
    add_engagement_is_atomic_under_concurrent_increments,
    explore_orders_by_engagement_score_with_an_offset_cursor,
    set_moderation_records_status_reasons_and_reviewer,
    // reviews
    review_round_trip_and_update_preserve_every_field,
    second_review_of_a_booking_by_the_same_reviewer_is_a_conflict,
    second_helpful_vote_changes_nothing,
    concurrent_double_helpful_vote_counts_once,
    list_reviews_filters_and_pages_newest_first,
    review_text_search_finds_only_matching_reviews,
    // conversations and messages
    conversation_and_message_round_trips_preserve_every_field,
    find_direct_conversation_works_in_either_order,
    find_booking_conversation_returns_that_bookings_thread_only,
    conversations_list_by_last_activity_with_a_key_cursor,
    conversations_the_user_deleted_are_left_out,
    list_messages_hides_messages_the_viewer_deleted_for_themselves,
    messages_page_newest_first,
    message_text_search_stays_within_the_conversation,
    mark_messages_read_counts_only_new_receipts_and_never_the_readers_own,
    conversations_deleted_by_all_are_listed_oldest_first_and_deleted_with_their_messages,
    delete_messages_before_respects_the_cutoff_and_the_limit,
    // notifications
    notification_round_trip_preserves_every_field,
    list_notifications_filters_unread_and_category_and_leaves_out_expired,
    only_the_recipient_can_mark_a_notification_read,
    mark_all_read_marks_only_that_recipients_unread_notifications,
    delete_read_notifications_before_leaves_unread_and_newer_ones,
    notification_cleanup_respects_the_per_call_limit,
    delete_expired_notifications_leaves_live_ones,
    // tokens
    tokens_are_found_by_kind_and_hash,
    a_token_is_consumed_once,
    concurrent_consumes_of_a_token_exactly_one_wins,
    revoking_a_family_revokes_its_live_tokens_only,
    revoke_user_tokens_revokes_only_that_users_tokens_of_that_kind,
    delete_expired_tokens_respects_now_and_the_limit,
    // audit
    audit_entries_round_trip_and_list_newest_first_with_filters,
    // admin
    ping_answers,
    backend_names_the_adapter,
    ensure_indexes_twice_creates_nothing_the_second_time,
    dry_run_on_a_fresh_store_plans_and_creates_nothing,
    stats_list_every_collection_with_its_count,
    reset_empties_every_collection_and_keeps_indexes,
    data_survives_reopening_the_store,
    text_search_mode_matches_what_the_server_supports,
);
