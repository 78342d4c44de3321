//! Service categories as bookings see them: what a job of the category costs by default, how
//! long it takes, which QA checkpoints it must pass before it can be completed, and how long the
//! work is under warranty. Categories outside the list are accepted as free text (up to
//! [`MAX_FREE_TEXT`] characters) and get [`OTHER`]'s defaults.

use crate::domain::money::Money;

/// The longest free-text category.
pub const MAX_FREE_TEXT: usize = 60;

/// Defaults and rules of one service category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    pub slug: &'static str,
    pub name: &'static str,
    /// Used for the estimate until a technician with their own rate is assigned (KES, minor).
    pub hourly_rate_minor: i64,
    pub duration_minutes: u32,
    pub warranty_days: u32,
    /// Checkpoints the assigned technician must record before completing the job.
    pub checkpoints: &'static [&'static str],
}

impl Category {
    pub fn hourly_rate(&self) -> Money {
        Money::kes(self.hourly_rate_minor)
    }
}

const PHOTOS: &[&str] = &["before photos", "after photos"];
const SAFETY: &[&str] = &["before photos", "safety test", "after photos"];

const fn c(
    slug: &'static str,
    name: &'static str,
    hourly_kes: i64,
    duration_minutes: u32,
    warranty_days: u32,
    checkpoints: &'static [&'static str],
) -> Category {
    Category {
        slug,
        name,
        hourly_rate_minor: hourly_kes * 100,
        duration_minutes,
        warranty_days,
        checkpoints,
    }
}

/// The known categories (the slugs technicians list in `serviceCategories`). Electrical, solar
/// and gas-adjacent trades carry a safety test; longer warranties go with work that fails late.
pub const CATEGORIES: &[Category] = &[
    c("plumbing", "Plumbing", 800, 120, 30, PHOTOS),
    c("electrical", "Electrical", 1_000, 120, 90, SAFETY),
    c("carpentry", "Carpentry", 900, 240, 30, PHOTOS),
    c("appliance_repair", "Appliance Repair", 900, 90, 30, SAFETY),
    c("phone_repair", "Phone Repair", 600, 60, 14, PHOTOS),
    c(
        "solar_installation",
        "Solar Installation",
        1_500,
        480,
        180,
        SAFETY,
    ),
    c("painting", "Painting", 700, 480, 30, PHOTOS),
    c("masonry", "Masonry", 800, 480, 60, PHOTOS),
    c("welding", "Welding", 900, 240, 60, PHOTOS),
    c("cleaning", "Cleaning", 500, 180, 3, &["after photos"]),
    c(
        "ac_refrigeration",
        "AC & Refrigeration",
        1_200,
        120,
        90,
        SAFETY,
    ),
    c("it_support", "IT Support", 1_000, 60, 14, &["after photos"]),
];

/// Defaults of a free-text category.
pub const OTHER: Category = c("other", "Other", 800, 120, 14, &["after photos"]);

/// The known category `text` names (by slug or display name, any case), if any.
pub fn known(text: &str) -> Option<&'static Category> {
    let t = text.trim();
    CATEGORIES
        .iter()
        .find(|c| c.slug.eq_ignore_ascii_case(t) || c.name.eq_ignore_ascii_case(t))
}

/// The rules for a stored category: the known one, else [`OTHER`].
pub fn rules(category: &str) -> &'static Category {
    known(category).unwrap_or(&OTHER)
}

/// How a category is stored: the slug of a known one, the trimmed text otherwise.
pub fn normalize(text: &str) -> String {
    match known(text) {
        Some(c) => c.slug.to_string(),
        None => text.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_categories_match_by_slug_or_name_in_any_case() {
        assert_eq!(normalize(" Plumbing "), "plumbing");
        assert_eq!(normalize("AC & REFRIGERATION"), "ac_refrigeration");
        assert_eq!(normalize("Gate automation"), "Gate automation");
        assert_eq!(rules("Gate automation").slug, "other");
        assert_eq!(rules("electrical").checkpoints, SAFETY);
    }

    #[test]
    fn slugs_are_unique_and_every_category_needs_a_checkpoint() {
        let mut slugs: Vec<_> = CATEGORIES.iter().map(|c| c.slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), CATEGORIES.len());
        assert!(
            CATEGORIES
                .iter()
                .chain([&OTHER])
                .all(|c| !c.checkpoints.is_empty())
        );
    }
}
