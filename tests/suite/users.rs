//! `/api/v1/users` over real HTTP against both storage adapters: every route, who may call it,
//! and how it fails. Each test runs as `users::embedded::<name>` and `users::mongo::<name>`.
//!
//! `http` has the request helpers, `records` builds the bookings, payments and other documents
//! that the export and deletion tests need in the store.

mod admin;
mod devices;
mod directory;
pub(crate) mod http;
mod kyc;
mod nearby;
mod privacy;
mod profile;
mod records;
mod social;
mod technician;

use admin::*;
use devices::*;
use directory::*;
use kyc::*;
use nearby::*;
use privacy::*;
use profile::*;
use social::*;
use technician::*;

both_backends!(
    // profile
    me_needs_a_valid_token_and_shows_the_private_view,
    update_me_changes_only_whitelisted_fields,
    update_me_lists_every_bad_field_at_once,
    a_taken_username_is_a_conflict,
    operator_injection_in_body_or_query_is_refused,
    customers_have_no_technician_profile_to_edit,
    // directory
    public_profile_leaks_no_private_field,
    profile_ids_are_checked_and_deleted_accounts_are_gone,
    user_list_filters_pages_and_hides_inactive_accounts,
    // nearby
    nearby_lists_technicians_nearest_first_with_distances,
    nearby_filters_by_skills_rating_and_availability,
    nearby_pages_with_a_cursor,
    nearby_lists_every_bad_parameter,
    // social
    follow_is_idempotent_and_moves_both_counters,
    follow_refuses_yourself_unknown_users_and_anonymous_callers,
    follower_lists_page_through_public_views,
    // technician
    portfolio_is_edited_only_by_its_technician,
    portfolio_input_is_validated,
    availability_is_validated_and_public,
    // devices
    fcm_token_registration_dedupes_and_caps,
    an_fcm_token_moves_to_the_account_that_registers_it,
    stale_fcm_tokens_are_pruned_and_tokens_can_be_removed,
    // kyc
    kyc_approval_verifies_a_technician_and_is_audited,
    kyc_rejection_needs_a_reason_and_is_audited,
    kyc_routes_are_for_admins_and_input_is_checked,
    // privacy
    export_contains_everything_about_the_caller_and_nothing_else,
    consent_records_the_choice_and_when,
    deletion_anonymizes_keeps_money_records_and_locks_the_account_out,
    deletion_needs_the_right_password,
    // admin
    status_changes_are_admin_only_and_audited,
);
