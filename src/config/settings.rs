//! The table of every setting: its variable, what it means, its default and how its value is
//! read. [`Config`](super::Config) is built from it, and tests hold `.env.example` and the
//! README's settings table to it — so a new setting is one line here plus its line in
//! `.env.example`.

use crate::domain::money::MoneyLimits;
use crate::error::FieldError;

/// One environment variable the configuration reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting {
    pub var: &'static str,
    /// How the value is read, and the errors a bad one gets.
    pub parse: Parse,
    /// The value when the variable is unset; `None` when unset means something of its own
    /// (no MongoDB, no gateway) or the default depends on other settings (see `help`).
    pub default: Option<&'static str>,
    pub help: &'static str,
}

/// How a setting's text becomes a value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Parse {
    /// Text; what it must look like (a URL, a list of origins) is checked where it is read.
    Text,
    /// `true` or `false`.
    Flag,
    /// Digits only, else "must be `what`"; with a range, "must be between a and b" outside it.
    Count {
        what: &'static str,
        range: Option<(u64, u64)>,
    },
    /// A whole number, else "must be `what`"; "must be between min and max" outside them.
    Whole {
        what: &'static str,
        min: i64,
        max: i64,
    },
    /// A number, else "must be `what`"; above `above` and at most `max`.
    Decimal {
        what: &'static str,
        above: f64,
        max: f64,
    },
}

const fn count(what: &'static str) -> Parse {
    Parse::Count { what, range: None }
}

const fn count_in(what: &'static str, min: u64, max: u64) -> Parse {
    Parse::Count {
        what,
        range: Some((min, max)),
    }
}

const fn whole(what: &'static str, min: i64, max: i64) -> Parse {
    Parse::Whole { what, min, max }
}

/// Declares each setting as a constant and lists them all in [`SETTINGS`], so a setting
/// cannot be read without being in the table.
macro_rules! settings {
    ($($name:ident = $var:literal, $parse:expr, $default:expr, $help:literal;)*) => {
        $(
            #[doc = $help]
            pub const $name: Setting = Setting {
                var: $var,
                parse: $parse,
                default: $default,
                help: $help,
            };
        )*
        /// Every setting, in the order `.env.example` documents them.
        pub const SETTINGS: &[Setting] = &[$($name),*];
    };
}

use Parse::{Flag, Text};

settings! {
    // --- core
    ENV = "BAITECH_ENV", Text, Some("development"), "development | test | production";
    ADDR = "BAITECH_ADDR", Text, Some("127.0.0.1:5000"), "listen address, host:port";
    PORT = "PORT", Text, None, "listen port on the default host, when BAITECH_ADDR is unset";
    // --- storage and cache
    MONGODB_URI = "MONGODB_URI", Text, None,
        "MongoDB connection string; unset = embedded SQLite store";
    MONGODB_DB = "MONGODB_DB", Text, Some("baitech"),
        "MongoDB database name (when unset: from the URI path, else the default)";
    REDIS_URL = "REDIS_URL", Text, None,
        "Redis URL for cache, rate limits and realtime fan-out; unset = in-process";
    DATA = "BAITECH_DATA", Text, Some("./baitech-data"), "embedded store directory";
    // --- security
    JWT_SECRET = "JWT_SECRET", Text, None,
        "token signing secret, >= 32 chars; required in production, generated in development";
    CORS_ORIGINS = "CORS_ORIGINS", Text, None,
        "comma-separated allowed origins (when unset: * outside production, none in it)";
    TRUST_PROXY = "TRUST_PROXY", Flag, Some("false"),
        "true behind a reverse proxy: client address from X-Forwarded-For";
    // --- HTTP and operations
    BODY_LIMIT_BYTES = "BODY_LIMIT_BYTES", count("a number of bytes"), Some("1048576"),
        "largest accepted request body";
    REQUEST_TIMEOUT_SECS = "REQUEST_TIMEOUT_SECS", count("a number of seconds"), Some("30"),
        "per-request timeout";
    DEPENDENCY_TIMEOUT_SECS = "DEPENDENCY_TIMEOUT_SECS", count_in("a number of seconds", 1, 60),
        Some("10"), "how long to wait for MongoDB/Redis at start-up";
    DEPENDENCY_REQUEST_TIMEOUT_MS = "DEPENDENCY_REQUEST_TIMEOUT_MS",
        count_in("a number of milliseconds", 100, 60_000), Some("1500"),
        "how long one request waits for MongoDB/Redis before answering 503";
    LOG_FORMAT = "LOG_FORMAT", Text, None,
        "human | json (when unset: json in production, human otherwise)";
    RUST_LOG = "RUST_LOG", Text, Some("info"), "log filter (read by the logger, not the configuration)";
    MESSAGE_RETENTION_DAYS = "MESSAGE_RETENTION_DAYS", count("a number of days"), Some("90"),
        "cleanup deletes messages older than this";
    NOTIFICATION_RETENTION_DAYS = "NOTIFICATION_RETENTION_DAYS", count("a number of days"),
        Some("30"), "cleanup deletes read notifications older than this";
    DELIVERY_RETENTION_DAYS = "DELIVERY_RETENTION_DAYS", count("a number of days"), Some("30"),
        "cleanup deletes finished notification deliveries (outbox rows) last changed before this";
    // --- bookings
    // A commission above half the job would leave technicians less than the platform.
    PLATFORM_FEE_BP = "PLATFORM_FEE_BP", whole("basis points", 0, 5_000), Some("1000"),
        "platform commission on a job, basis points (1000 = 10%)";
    VAT_BP = "VAT_BP", whole("basis points", 0, 10_000), Some("1600"),
        "VAT charged on the platform fee, basis points (1600 = 16%)";
    AUTO_VERIFY_HOURS = "AUTO_VERIFY_HOURS", whole("hours", 0, 720), Some("48"),
        "completed jobs are verified automatically after this";
    DISPUTE_WINDOW_HOURS = "DISPUTE_WINDOW_HOURS", whole("hours", 0, 2_160), Some("72"),
        "disputes may be opened this long after verification";
    MONEY_MAX_KES = "MONEY_MAX_KES", whole("minor units", 0, MoneyLimits::CEILING),
        Some("100000000"),
        "largest amount of one money input (cash, top-up, budget, refund, payout) in KES cents";
    MONEY_MAX_USD = "MONEY_MAX_USD", whole("minor units", 0, MoneyLimits::CEILING),
        Some("1000000"), "the same bound in US cents";
    MONEY_MAX_EUR = "MONEY_MAX_EUR", whole("minor units", 0, MoneyLimits::CEILING),
        Some("1000000"), "the same bound in euro cents";
    MONEY_MAX_UGX = "MONEY_MAX_UGX", whole("minor units", 0, MoneyLimits::CEILING),
        Some("30000000"), "the same bound in shillings";
    MONEY_MAX_TZS = "MONEY_MAX_TZS", whole("minor units", 0, MoneyLimits::CEILING),
        Some("2500000000"), "the same bound in cents";
    // --- matching and background jobs
    // Offers shorter than a minute could time out before a push notification arrives.
    MATCH_RESPONSE_MINUTES = "MATCH_RESPONSE_MINUTES", count_in("a whole number", 1, 1_440),
        Some("15"), "an offered technician has this long to accept before the next is offered";
    MATCH_EXPIRY_MINUTES = "MATCH_EXPIRY_MINUTES", count_in("a whole number", 1, 10_080),
        Some("60"), "a booking that finds no technician within this expires";
    MATCH_RADIUS_KM = "MATCH_RADIUS_KM",
        Parse::Decimal { what: "a number of kilometres", above: 0.0, max: 500.0 }, Some("25"),
        "how far around the service location matching looks";
    MATCH_CANDIDATES = "MATCH_CANDIDATES", count_in("a whole number", 1, 50), Some("10"),
        "ranked candidates kept per booking";
    MATCH_WEIGHTS = "MATCH_WEIGHTS", Text, Some("25,20,15,15,10,5,5,3,2"),
        "score weights skills,proximity,availability,rating,experience,price,responseTime,completionRate,history";
    JOBS_ENABLED = "JOBS_ENABLED", Flag, Some("true"), "run the background jobs inside serve";
    JOBS_INTERVAL_SECS = "JOBS_INTERVAL_SECS", count_in("a whole number", 1, 3_600), Some("30"),
        "how often each background job runs";
    // --- reviews
    REVIEW_REVEAL_DAYS = "REVIEW_REVEAL_DAYS", count_in("a number of days", 1, 60), Some("14"),
        "a review stays hidden until the other party reviews too, or this long";
    REVIEW_EDIT_HOURS = "REVIEW_EDIT_HOURS", count_in("a number of hours", 0, 720), Some("48"),
        "an author may edit a review this long after writing it";
    REVIEW_PRIOR_WEIGHT = "REVIEW_PRIOR_WEIGHT", whole("a number of reviews", 0, 1_000), Some("5"),
        "Bayesian average: how many imaginary reviews of the prior mean each user starts with";
    REVIEW_PRIOR_MEAN = "REVIEW_PRIOR_MEAN",
        Parse::Decimal { what: "a number of stars", above: 0.0, max: 5.0 }, Some("3.5"),
        "Bayesian average: the stars of those imaginary reviews";
    REVIEW_FEATURED_MAX = "REVIEW_FEATURED_MAX", count_in("a whole number", 0, 20), Some("3"),
        "how many of their reviews a user may feature";
    // --- M-Pesa Daraja
    MPESA_CONSUMER_KEY = "MPESA_CONSUMER_KEY", Text, None, "M-Pesa Daraja app key";
    MPESA_CONSUMER_SECRET = "MPESA_CONSUMER_SECRET", Text, None, "M-Pesa Daraja app secret";
    MPESA_SHORTCODE = "MPESA_SHORTCODE", Text, None, "M-Pesa paybill/till short code";
    MPESA_PASSKEY = "MPESA_PASSKEY", Text, None, "M-Pesa Lipa Na M-Pesa passkey";
    MPESA_CALLBACK_URL = "MPESA_CALLBACK_URL", Text, None,
        "public URL of /api/v1/payments/mpesa/callback/<secret> (secret: >= 16 URL-safe characters)";
    MPESA_CALLBACK_ALLOW_CIDRS = "MPESA_CALLBACK_ALLOW_CIDRS", Text, None,
        "comma-separated CIDRs M-Pesa callbacks may come from (unset: any)";
    MPESA_BASE_URL = "MPESA_BASE_URL", Text, Some("https://sandbox.safaricom.co.ke"),
        "Daraja base URL";
    MPESA_B2C_INITIATOR_NAME = "MPESA_B2C_INITIATOR_NAME", Text, Some("baitech"),
        "M-Pesa API operator for B2C payouts and refunds";
    MPESA_B2C_SECURITY_CREDENTIAL = "MPESA_B2C_SECURITY_CREDENTIAL", Text, None,
        "that operator's password encrypted with Safaricom's certificate";
    // --- Stripe
    STRIPE_SECRET_KEY = "STRIPE_SECRET_KEY", Text, None, "Stripe secret key";
    STRIPE_WEBHOOK_SECRET = "STRIPE_WEBHOOK_SECRET", Text, None,
        "Stripe webhook signing secret (whsec_...)";
    STRIPE_BASE_URL = "STRIPE_BASE_URL", Text, Some("https://api.stripe.com"),
        "Stripe API base URL";
    // --- Cloudinary
    CLOUDINARY_CLOUD_NAME = "CLOUDINARY_CLOUD_NAME", Text, None, "Cloudinary cloud name";
    CLOUDINARY_API_KEY = "CLOUDINARY_API_KEY", Text, None, "Cloudinary API key";
    CLOUDINARY_API_SECRET = "CLOUDINARY_API_SECRET", Text, None, "Cloudinary API secret";
    CLOUDINARY_BASE_URL = "CLOUDINARY_BASE_URL", Text, Some("https://api.cloudinary.com"),
        "Cloudinary upload API base URL";
    // --- media
    MEDIA_MAX_IMAGE_BYTES = "MEDIA_MAX_IMAGE_BYTES", count("a number of bytes"), Some("10485760"),
        "largest image a client may upload";
    MEDIA_MAX_VIDEO_BYTES = "MEDIA_MAX_VIDEO_BYTES", count("a number of bytes"), Some("104857600"),
        "largest video a client may upload";
    // --- social feed and moderation
    FEED_WEIGHTS = "FEED_WEIGHTS", Text, Some("1,2,3,2,0.1"),
        "hot score weights like,comment,share,save,view";
    FEED_DECAY_SECONDS = "FEED_DECAY_SECONDS", count_in("a number of seconds", 60, 31_536_000),
        Some("45000"), "seconds of age worth ten times the engagement in the hot score";
    FEED_SNAPSHOT_SECS = "FEED_SNAPSHOT_SECS", count_in("a number of seconds", 10, 86_400),
        Some("900"), "how long a scroll keeps the ranked order of its first page";
    FEED_MAX_RUN = "FEED_MAX_RUN", count_in("a whole number", 1, 50), Some("3"),
        "most posts in a row from one author on explore";
    MODERATION_REVIEW_AT = "MODERATION_REVIEW_AT",
        Parse::Decimal { what: "a score from 0 to 1", above: 0.0, max: 1.0 }, Some("0.5"),
        "a screen score at least this holds a post or comment for review";
    MODERATION_REJECT_AT = "MODERATION_REJECT_AT",
        Parse::Decimal { what: "a score from 0 to 1", above: 0.0, max: 1.0 }, Some("0.9"),
        "a screen score at least this rejects it";
    MODERATION_NEW_ACCOUNT_DAYS = "MODERATION_NEW_ACCOUNT_DAYS", count_in("a whole number", 0, 365),
        Some("7"), "accounts younger than this are new to the velocity check";
    MODERATION_NEW_ACCOUNT_POSTS_PER_HOUR = "MODERATION_NEW_ACCOUNT_POSTS_PER_HOUR",
        count_in("a whole number", 1, 1_000), Some("5"),
        "posts and comments per hour a new account writes before review";
    // --- chat
    CHAT_EDIT_WINDOW_MINUTES = "CHAT_EDIT_WINDOW_MINUTES", count_in("a number of minutes", 0, 525_600),
        Some("15"), "how long after sending a message its sender may edit it";
    CHAT_DELETE_WINDOW_MINUTES = "CHAT_DELETE_WINDOW_MINUTES",
        count_in("a number of minutes", 0, 525_600), Some("180"),
        "how long after sending a message its sender may delete it for everyone";
    // --- Firebase Cloud Messaging
    FCM_PROJECT_ID = "FCM_PROJECT_ID", Text, None, "Firebase project id for push";
    FCM_CREDENTIALS_FILE = "FCM_CREDENTIALS_FILE", Text, None,
        "path to the Firebase service-account JSON";
    FCM_BASE_URL = "FCM_BASE_URL", Text, Some("https://fcm.googleapis.com"),
        "FCM HTTP v1 base URL";
    // --- e-mail
    SMTP_URL = "SMTP_URL", Text, None, "smtp(s)://user:pass@host:port for e-mail";
    EMAIL_FROM = "EMAIL_FROM", Text, None,
        "sender address, e.g. BaiTech <no-reply@baitech.co.ke>";
    // --- SMS via Africa's Talking
    AT_USERNAME = "AT_USERNAME", Text, None, "Africa's Talking username";
    AT_API_KEY = "AT_API_KEY", Text, None, "Africa's Talking API key";
    AT_SENDER_ID = "AT_SENDER_ID", Text, None, "Africa's Talking sender id (optional)";
    AT_BASE_URL = "AT_BASE_URL", Text, Some("https://api.africastalking.com"),
        "Africa's Talking base URL";
    AT_CALLBACK_SECRET = "AT_CALLBACK_SECRET", Text, None,
        "secret ending the SMS delivery-report URL (/api/v1/notifications/sms/delivery/<secret>), >= 16 chars";
}

/// The setting of variable `var`.
pub fn find(var: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.var == var)
}

/// Reads settings through an environment lookup and collects every problem, so all of them
/// are reported at once.
pub(crate) struct Reader<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    pub errors: Vec<FieldError>,
}

fn unset(_: &str) -> Option<String> {
    None
}

impl<'a> Reader<'a> {
    pub fn new(env: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Reader {
            env,
            errors: Vec::new(),
        }
    }

    /// A reader that sees every variable unset: the defaults.
    pub fn defaults() -> Reader<'static> {
        Reader::new(&unset)
    }

    /// Records that `s` has a bad value.
    pub fn fail(&mut self, s: &Setting, message: impl Into<String>) {
        self.errors.push(FieldError::new(s.var, message));
    }

    /// The value set, trimmed; `None` when unset or blank.
    pub fn value(&self, s: &Setting) -> Option<String> {
        (self.env)(s.var)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// The value set, else the default.
    pub fn text(&self, s: &Setting) -> Option<String> {
        self.value(s).or_else(|| s.default.map(str::to_string))
    }

    pub fn flag(&mut self, s: &Setting) -> bool {
        debug_assert_eq!(s.parse, Parse::Flag, "{} is not a flag", s.var);
        let default = s.default == Some("true");
        match self.value(s) {
            None => default,
            Some(v) => v.parse().unwrap_or_else(|_| {
                self.fail(s, format!("must be true or false, got {v:?}"));
                default
            }),
        }
    }

    /// A count that fits `T` (a value too large for it is as bad as one that is not a number).
    pub fn count<T: TryFrom<u64>>(&mut self, s: &Setting) -> T {
        let Parse::Count { what, range } = s.parse else {
            panic!("{} is not a count", s.var)
        };
        let read = |v: &str| v.parse::<u64>().ok().filter(|n| T::try_from(*n).is_ok());
        let default = s.default.and_then(read).expect("a count's default is one");
        let n = match self.value(s) {
            None => default,
            Some(v) => read(&v).unwrap_or_else(|| {
                self.fail(s, format!("must be {what}, got {v:?}"));
                default
            }),
        };
        let n = match range {
            Some((min, max)) if !(min..=max).contains(&n) => {
                self.fail(s, format!("must be between {min} and {max}"));
                default
            }
            _ => n,
        };
        T::try_from(n).unwrap_or_else(|_| unreachable!("checked above"))
    }

    pub fn whole(&mut self, s: &Setting) -> i64 {
        let Parse::Whole { what, min, max } = s.parse else {
            panic!("{} is not a whole number", s.var)
        };
        let default = s
            .default
            .and_then(|d| d.parse().ok())
            .expect("a whole number's default is one");
        let n = match self.value(s) {
            None => default,
            Some(v) => v.parse().unwrap_or_else(|_| {
                self.fail(s, format!("must be {what}, got {v:?}"));
                default
            }),
        };
        if !(min..=max).contains(&n) {
            self.fail(s, format!("must be between {min} and {max}"));
            return default;
        }
        n
    }

    pub fn decimal(&mut self, s: &Setting) -> f64 {
        let Parse::Decimal { what, above, max } = s.parse else {
            panic!("{} is not a number", s.var)
        };
        let default = s
            .default
            .and_then(|d| d.parse().ok())
            .expect("a number's default is one");
        let n = match self.value(s) {
            None => default,
            Some(v) => v.parse().unwrap_or_else(|_| {
                self.fail(s, format!("must be {what}, got {v:?}"));
                default
            }),
        };
        if !(n > above && n <= max) {
            self.fail(s, format!("must be above {above} and at most {max}"));
        }
        n
    }

    /// Settings that must be all set or all unset (a gateway's credentials).
    pub fn group<const N: usize>(&mut self, settings: [&Setting; N]) -> Option<[String; N]> {
        let vals = settings.map(|s| self.value(s));
        let set = vals.iter().filter(|v| v.is_some()).count();
        if set == 0 {
            return None;
        }
        if set < N {
            for (s, v) in settings.iter().zip(&vals) {
                if v.is_none() {
                    let others: Vec<_> = settings
                        .iter()
                        .filter(|o| o.var != s.var)
                        .map(|o| o.var)
                        .collect();
                    let message = format!("is required when {} is set", others.join("/"));
                    self.fail(s, message);
                }
            }
            return None;
        }
        Some(vals.map(|v| v.unwrap_or_default()))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    const ENV_EXAMPLE: &str = include_str!("../../.env.example");

    /// Variables the lines of an `.env` file set, commented out or not, and the value when
    /// the line is active.
    fn example_lines(example: &str) -> Vec<(String, Option<String>)> {
        example
            .lines()
            .filter_map(|line| {
                let active = !line.starts_with('#');
                let (var, value) = line.trim_start_matches('#').trim().split_once('=')?;
                let is_var = !var.is_empty()
                    && var
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
                is_var.then(|| (var.to_string(), active.then(|| value.to_string())))
            })
            .collect()
    }

    /// The settings `example` does not mention, and the variables it names that are none.
    fn disagreement(example: &str) -> (Vec<String>, Vec<String>) {
        let documented: BTreeSet<String> =
            example_lines(example).into_iter().map(|(v, _)| v).collect();
        let table: BTreeSet<String> = SETTINGS.iter().map(|s| s.var.to_string()).collect();
        (
            table.difference(&documented).cloned().collect(),
            documented.difference(&table).cloned().collect(),
        )
    }

    #[test]
    fn env_example_names_exactly_the_settings_of_the_table() {
        let (missing, unknown) = disagreement(ENV_EXAMPLE);
        assert!(missing.is_empty(), "missing from .env.example: {missing:?}");
        assert!(
            unknown.is_empty(),
            ".env.example names unknown settings: {unknown:?}"
        );
    }

    #[test]
    fn the_env_example_check_sees_a_missing_and_an_unknown_variable() {
        let edited = ENV_EXAMPLE
            .replace("VAT_BP=1600", "# (gone)")
            .replace("# PORT=5000", "# PORT=5000\nMATCH_LUCK=7");
        let (missing, unknown) = disagreement(&edited);
        assert_eq!(
            (missing, unknown),
            (vec!["VAT_BP".into()], vec!["MATCH_LUCK".into()])
        );
    }

    #[test]
    fn env_example_sets_only_the_defaults() {
        for (var, value) in example_lines(ENV_EXAMPLE) {
            if let Some(value) = value {
                let s = find(&var).expect("known");
                assert_eq!(Some(value.as_str()), s.default, "{var} in .env.example");
            }
        }
    }

    /// The backticked variable names (or `PREFIX_*` groups) of each row of the README's
    /// settings table, with the row's default cell.
    fn readme_rows() -> Vec<(Vec<String>, String)> {
        let readme = include_str!("../../README.md");
        let table = readme
            .split("| variable | default | meaning |")
            .nth(1)
            .expect("the README has a settings table");
        table
            .lines()
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|row| {
                let cells: Vec<&str> = row.split('|').map(str::trim).collect();
                // `MONEY_MAX_KES` (`_USD`) names MONEY_MAX_KES and MONEY_MAX_USD.
                let mut names: Vec<String> = Vec::new();
                for n in cells[1].split('`').skip(1).step_by(2) {
                    let full = match (n.starts_with('_'), names.last()) {
                        (true, Some(last)) => {
                            let stem = last.rsplit_once('_').map_or(last.as_str(), |(s, _)| s);
                            format!("{stem}{n}")
                        }
                        _ => n.to_string(),
                    };
                    names.push(full);
                }
                (names, cells[2].to_string())
            })
            .collect()
    }

    fn covers(name: &str, var: &str) -> bool {
        match name.strip_suffix('*') {
            Some(prefix) => var.starts_with(prefix),
            None => name == var,
        }
    }

    #[test]
    fn readme_settings_table_covers_the_table_and_agrees_on_defaults() {
        let rows = readme_rows();
        let names: Vec<&String> = rows.iter().flat_map(|(n, _)| n).collect();
        for name in &names {
            assert!(
                SETTINGS.iter().any(|s| covers(name, s.var)),
                "the README names {name}, which is no setting"
            );
        }
        for s in SETTINGS {
            assert!(
                names.iter().any(|n| covers(n, s.var)),
                "{} is missing from the README's settings table",
                s.var
            );
        }
        for (names, default) in &rows {
            let single = default.strip_prefix('`').and_then(|d| d.strip_suffix('`'));
            if let ([name], Some(d)) = (names.as_slice(), single)
                && !d.contains('`')
                && let Some(s) = find(name)
            {
                assert_eq!(s.default, Some(d), "default of {name} in the README");
            }
        }
    }

    #[test]
    fn every_default_reads_without_an_error() {
        let mut r = Reader::defaults();
        for s in SETTINGS {
            match s.parse {
                Parse::Text => {}
                Parse::Flag => {
                    assert!(matches!(s.default, Some("true" | "false")), "{}", s.var);
                }
                Parse::Count { .. } => {
                    r.count::<u64>(s);
                }
                Parse::Whole { .. } => {
                    r.whole(s);
                }
                Parse::Decimal { .. } => {
                    r.decimal(s);
                }
            }
        }
        assert!(r.errors.is_empty(), "{:?}", r.errors);
    }

    #[test]
    fn variables_are_unique() {
        let vars: BTreeSet<_> = SETTINGS.iter().map(|s| s.var).collect();
        assert_eq!(vars.len(), SETTINGS.len());
    }

    #[test]
    fn table_defaults_agree_with_the_domain_defaults() {
        let mut limits = MoneyLimits::default();
        for (var, max) in limits.settings() {
            let s = find(var).expect("every money limit is a setting");
            assert_eq!(s.default, Some(max.to_string().as_str()), "{var}");
        }
        let weights = MATCH_WEIGHTS.default.expect("a default");
        assert_eq!(
            crate::domain::booking::matching::Weights::parse(weights),
            Ok(Default::default())
        );
        let ms: u64 = DEPENDENCY_REQUEST_TIMEOUT_MS
            .default
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            std::time::Duration::from_millis(ms),
            super::super::DEFAULT_DEPENDENCY_REQUEST_TIMEOUT
        );
    }
}
