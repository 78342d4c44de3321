//! The seed catalogue: the JSON files under `fixtures/` (towns, trades, names, post and review
//! templates, chat lines), embedded in the binary so `baitech seed` works from any directory,
//! parsed once and checked before anything is written.

use std::sync::OnceLock;

use rand::Rng;
use serde::Deserialize;

use crate::domain::GeoPoint;
use crate::error::{Error, FieldError, Result};

const CITIES: &str = include_str!("../../../fixtures/cities.json");
const TRADES: &str = include_str!("../../../fixtures/trades.json");
const NAMES: &str = include_str!("../../../fixtures/names.json");
const POSTS: &str = include_str!("../../../fixtures/posts.json");
const REVIEWS: &str = include_str!("../../../fixtures/reviews.json");
const MESSAGES: &str = include_str!("../../../fixtures/messages.json");
/// The hand-written fixture set (people of every role and what they did).
pub(super) const DEMO: &str = include_str!("../../../fixtures/demo.json");

/// A town users are placed in.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct City {
    pub name: String,
    pub county: String,
    pub lat: f64,
    pub lng: f64,
    /// Relative share of generated users.
    pub weight: u32,
    /// Standard deviation of the gaussian jitter around the centre, in km.
    pub spread_km: f64,
    /// Estates and neighbourhoods, for addresses.
    pub areas: Vec<String>,
}

/// A service category: what technicians in it list and what its jobs cost.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trade {
    pub slug: String,
    pub name: String,
    pub business_suffix: String,
    /// Typical job price range in whole KES.
    pub min_kes: i64,
    pub max_kes: i64,
    pub skills: Vec<String>,
    pub hashtags: Vec<String>,
    /// Job descriptions customers write.
    pub jobs: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Names {
    pub female: Vec<String>,
    pub male: Vec<String>,
    pub last: Vec<String>,
}

/// A post a technician might write; `{city}` and `{area}` are filled in.
#[derive(Debug, Clone, Deserialize)]
pub struct PostTemplate {
    /// The trade it belongs to; `None` = anyone.
    pub trade: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReviewTemplate {
    pub rating: u8,
    pub comment: String,
}

/// One chat line; `from` is `c` (customer) or `t` (technician).
#[derive(Debug, Clone, Deserialize)]
pub struct ChatLine {
    pub from: String,
    pub text: String,
}

/// Everything the generators draw from.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub cities: Vec<City>,
    pub trades: Vec<Trade>,
    pub names: Names,
    pub posts: Vec<PostTemplate>,
    pub reviews: Vec<ReviewTemplate>,
    pub responses: Vec<String>,
    pub lines: Vec<ChatLine>,
    city_cumulative: Vec<u32>,
}

#[derive(Deserialize)]
struct CitiesFile {
    cities: Vec<City>,
}
#[derive(Deserialize)]
struct TradesFile {
    trades: Vec<Trade>,
}
#[derive(Deserialize)]
struct PostsFile {
    posts: Vec<PostTemplate>,
}
#[derive(Deserialize)]
struct ReviewsFile {
    reviews: Vec<ReviewTemplate>,
    responses: Vec<String>,
}
#[derive(Deserialize)]
struct MessagesFile {
    lines: Vec<ChatLine>,
}

fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::internal(format!("parsing fixtures/{file}"), e))
}

impl Catalog {
    /// The embedded catalogue, parsed and validated on first use.
    pub fn get() -> Result<&'static Catalog> {
        static CATALOG: OnceLock<std::result::Result<Catalog, String>> = OnceLock::new();
        CATALOG
            .get_or_init(|| Catalog::load().map_err(|e| e.to_string()))
            .as_ref()
            // The error is rebuilt per call because `Error` is not `Clone`.
            .map_err(|e| Error::internal("loading the seed fixtures", anyhow::anyhow!("{e}")))
    }

    fn load() -> Result<Catalog> {
        let cities = parse::<CitiesFile>("cities.json", CITIES)?.cities;
        let reviews = parse::<ReviewsFile>("reviews.json", REVIEWS)?;
        let mut city_cumulative = Vec::with_capacity(cities.len());
        let mut sum = 0u32;
        for c in &cities {
            sum += c.weight;
            city_cumulative.push(sum);
        }
        let catalog = Catalog {
            cities,
            trades: parse::<TradesFile>("trades.json", TRADES)?.trades,
            names: parse("names.json", NAMES)?,
            posts: parse::<PostsFile>("posts.json", POSTS)?.posts,
            reviews: reviews.reviews,
            responses: reviews.responses,
            lines: parse::<MessagesFile>("messages.json", MESSAGES)?.lines,
            city_cumulative,
        };
        catalog.validate()?;
        Ok(catalog)
    }

    /// Catches a broken fixture file before any document is generated from it.
    fn validate(&self) -> Result<()> {
        let mut errs = Vec::new();
        let mut need = |ok: bool, field: &str, msg: &str| {
            if !ok {
                errs.push(FieldError::new(field, msg));
            }
        };
        need(!self.cities.is_empty(), "cities.json", "lists no cities");
        for c in &self.cities {
            let f = format!("cities.json {}", c.name);
            need(
                GeoPoint::new(c.lng, c.lat).is_ok(),
                &f,
                "has coordinates out of range",
            );
            need(c.weight > 0, &f, "needs a weight above 0");
            need(
                c.spread_km > 0.0 && c.spread_km < 50.0,
                &f,
                "needs spreadKm between 0 and 50",
            );
            need(!c.areas.is_empty(), &f, "lists no areas");
        }
        need(!self.trades.is_empty(), "trades.json", "lists no trades");
        for t in &self.trades {
            let f = format!("trades.json {}", t.slug);
            need(
                0 < t.min_kes && t.min_kes <= t.max_kes,
                &f,
                "needs 0 < minKes <= maxKes",
            );
            need(
                !t.skills.is_empty() && !t.jobs.is_empty(),
                &f,
                "needs skills and jobs",
            );
        }
        for p in &self.posts {
            let known = p.trade.as_deref().is_none_or(|s| self.trade(s).is_some());
            need(
                known,
                "posts.json",
                "names a trade that trades.json does not have",
            );
            let kind = crate::domain::post::PostType::parse(&p.kind);
            need(kind.is_some(), "posts.json", "has an unknown post type");
        }
        let n = &self.names;
        need(
            !n.female.is_empty() && !n.male.is_empty() && !n.last.is_empty(),
            "names.json",
            "has an empty list",
        );
        need(
            (1..=5).all(|r| self.reviews.iter().any(|x| x.rating == r)),
            "reviews.json",
            "needs a comment for every rating 1-5",
        );
        need(
            self.lines.iter().all(|l| l.from == "c" || l.from == "t"),
            "messages.json",
            "`from` must be c or t",
        );
        need(
            self.lines.len() >= 2,
            "messages.json",
            "needs at least two lines",
        );
        if errs.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(errs))
        }
    }

    pub fn trade(&self, slug: &str) -> Option<&Trade> {
        self.trades.iter().find(|t| t.slug == slug)
    }

    pub fn city(&self, name: &str) -> Option<&City> {
        self.cities
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// A city index drawn by weight (Nairobi most often).
    pub fn pick_city(&self, rng: &mut impl Rng) -> usize {
        let total = *self.city_cumulative.last().unwrap_or(&1);
        let x = rng.random_range(0..total);
        self.city_cumulative.partition_point(|&c| c <= x)
    }

    /// Post templates for a trade (its own and the generic ones).
    pub fn posts_for<'a>(&'a self, slug: &'a str) -> impl Iterator<Item = &'a PostTemplate> + 'a {
        self.posts
            .iter()
            .filter(move |p| p.trade.as_deref().is_none_or(|t| t == slug))
    }
}

/// A point around `city`'s centre with gaussian jitter of `spread_km` standard deviation,
/// clamped to 4 σ so no technician lands in the Indian Ocean.
pub fn jitter(city: &City, rng: &mut impl Rng) -> GeoPoint {
    let (dx, dy) = gaussian_pair(rng);
    let limit = 4.0;
    let (dx, dy) = (
        dx.clamp(-limit, limit) * city.spread_km,
        dy.clamp(-limit, limit) * city.spread_km,
    );
    near(city.lng, city.lat, dx, dy)
}

/// The point `east_km` / `north_km` away from (`lng`, `lat`).
pub fn near(lng: f64, lat: f64, east_km: f64, north_km: f64) -> GeoPoint {
    const KM_PER_DEG: f64 = 111.32;
    let lat2 = (lat + north_km / KM_PER_DEG).clamp(-89.9, 89.9);
    let lng2 = lng + east_km / (KM_PER_DEG * lat.to_radians().cos().max(0.01));
    // Kenyan points stay far from the antimeridian and the poles: always valid.
    GeoPoint::new(lng2.clamp(-180.0, 180.0), lat2).expect("point near a Kenyan town is valid")
}

/// Two independent standard normal values (Box–Muller).
pub fn gaussian_pair(rng: &mut impl Rng) -> (f64, f64) {
    let u1: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.random();
    let r = (-2.0 * u1.ln()).sqrt();
    let t = std::f64::consts::TAU * u2;
    (r * t.cos(), r * t.sin())
}

/// One element of a non-empty slice.
pub fn pick<'a, T>(items: &'a [T], rng: &mut impl Rng) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn the_embedded_fixtures_parse_and_validate() {
        let c = Catalog::get().unwrap();
        assert!(c.cities.len() >= 12 && c.trades.len() >= 12);
        assert!(c.city("nairobi").is_some() && c.trade("solar_installation").is_some());
        for t in &c.trades {
            let known = crate::services::bookings::catalog::known(&t.slug);
            assert!(known.is_some(), "{} is not a booking category", t.slug);
        }
    }

    #[test]
    fn nairobi_gets_the_largest_share_and_jitter_stays_near_the_town() {
        let c = Catalog::get().unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut hits = vec![0u32; c.cities.len()];
        for _ in 0..20_000 {
            let i = c.pick_city(&mut rng);
            hits[i] += 1;
            let city = &c.cities[i];
            let p = jitter(city, &mut rng);
            let centre = GeoPoint::new(city.lng, city.lat).unwrap();
            assert!(p.distance_km(&centre) <= city.spread_km * 4.0 * 1.5 + 0.1);
        }
        let nairobi = c.cities.iter().position(|x| x.name == "Nairobi").unwrap();
        assert_eq!(hits.iter().max(), Some(&hits[nairobi]));
        assert!(hits.iter().all(|&h| h > 0), "every town is used: {hits:?}");
    }
}
