//! `/api/v1/matching` and the background jobs over real HTTP against both storage adapters:
//! ranking, offers and answers, preferences and blocks, timeouts, expiry, auto-verify,
//! warranty end, concurrent job runs, and who may call what. Each test runs as
//! `matching::embedded::<name>` and `matching::mongo::<name>`.
//!
//! `world` seeds technicians around Nairobi CBD and stores bookings directly, so these tests
//! depend on the matching routes only.

mod access;
mod find;
mod jobs;
mod offers;
mod world;

use access::*;
use find::*;
use jobs::*;
use offers::*;

both_backends!(
    // find
    find_technicians_ranks_the_nearer_better_rated_available_one_first,
    an_inline_search_ranks_without_storing_anything,
    preferences_narrow_the_search_and_blocks_stay_on_the_booking,
    blocking_withdraws_a_current_offer_and_offers_the_next,
    // offers
    auto_assign_offers_the_best_and_a_second_accept_gets_409,
    a_decline_offers_the_next_candidate_at_once,
    the_customer_picks_one_of_the_candidates,
    // jobs
    an_unanswered_offer_times_out_and_the_next_candidate_is_offered,
    a_booking_nobody_can_take_expires_after_the_window,
    a_booking_moved_to_matching_elsewhere_is_picked_up_by_the_job,
    completed_work_is_verified_automatically_after_the_window_and_not_before,
    two_job_runs_at_once_move_each_booking_once,
    the_lease_lets_one_instance_run_each_job_per_interval,
    instances_share_the_lease_through_redis,
    an_ended_warranty_is_announced_once,
    // access
    the_wrong_role_gets_403_on_every_route,
    someone_elses_booking_is_404,
);
