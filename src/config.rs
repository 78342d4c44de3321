//! Runtime configuration: flags > environment > `.env` > defaults, validated all at once.
//!
//! The CLI turns its flags into [`Overrides`]; everything else is read through an environment
//! lookup function (the process environment after `.env` was loaded, or a map in tests), one
//! setting of [`settings::SETTINGS`] at a time: the variables, their defaults and how each
//! parses live in that table, the rules between them (groups, production) here.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub mod settings;

use self::settings::{self as set, Reader};
use crate::domain::booking::matching::Weights;
use crate::error::{Error, Result};

/// Deployment environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Test,
    Production,
}

impl Environment {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "development" | "dev" => Some(Environment::Development),
            "test" => Some(Environment::Test),
            "production" | "prod" => Some(Environment::Production),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Development => "development",
            Environment::Test => "test",
            Environment::Production => "production",
        }
    }
}

/// Values given as command-line flags; they win over the environment.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub env: Option<String>,
    pub addr: Option<String>,
    pub mongodb_uri: Option<String>,
    pub mongodb_db: Option<String>,
    pub redis_url: Option<String>,
    pub data_dir: Option<PathBuf>,
}

/// Credentials and endpoints of one outbound integration; `None` runs its local sandbox.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MpesaConfig {
    pub consumer_key: String,
    pub consumer_secret: String,
    pub shortcode: String,
    pub passkey: String,
    pub callback_url: String,
    pub base_url: String,
    /// B2C (payouts, refunds): the API operator's name and its password encrypted with
    /// Safaricom's public certificate, from the M-Pesa portal.
    pub b2c_initiator_name: String,
    pub b2c_security_credential: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StripeConfig {
    pub secret_key: String,
    pub webhook_secret: String,
    pub base_url: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CloudinaryConfig {
    pub cloud_name: String,
    pub api_key: String,
    pub api_secret: String,
    /// The upload API (`https://api.cloudinary.com`, or a local stand-in in tests).
    pub base_url: String,
}

/// When a score sends content to review or rejects it, and what counts as a new account
/// posting too fast (settings `MODERATION_*`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModerationThresholds {
    /// A category scoring at least this holds the content for review.
    pub review_at: f64,
    /// A category scoring at least this rejects the content.
    pub reject_at: f64,
    /// Accounts younger than this many days are new.
    pub new_account_days: u32,
    /// Posts per hour a new account may write before review.
    pub new_account_posts_per_hour: u32,
}

impl Default for ModerationThresholds {
    /// The defaults of the settings table.
    fn default() -> Self {
        read_feed(&mut Reader::defaults()).moderation
    }
}

/// The feed's ranking and scrolling, and the write-time moderation screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeedSettings {
    pub ranking: crate::domain::ranking::Ranking,
    /// How long a scroll keeps the ranked order of its first page.
    pub snapshot: Duration,
    /// Most posts in a row from one author on explore.
    pub max_run: usize,
    pub moderation: ModerationThresholds,
}

impl Default for FeedSettings {
    /// The defaults of the settings table.
    fn default() -> Self {
        read_feed(&mut Reader::defaults())
    }
}

/// Limits of client uploads, whichever store holds them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MediaLimits {
    pub max_image_bytes: u64,
    pub max_video_bytes: u64,
}

/// Chat rules an operator may tune.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChatSettings {
    /// How long after sending its sender may edit a message.
    pub edit_window: Duration,
    /// How long after sending its sender may delete a message for everyone.
    pub delete_window: Duration,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FcmConfig {
    pub project_id: String,
    pub credentials_file: PathBuf,
    pub base_url: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SmtpConfig {
    pub url: String,
    pub from: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SmsConfig {
    pub username: String,
    pub api_key: String,
    pub sender_id: Option<String>,
    pub base_url: String,
    /// The secret ending the delivery-report URL (`AT_CALLBACK_SECRET`).
    pub callback_secret: Option<String>,
}

/// Outbound gateways; each is configured completely or not at all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gateways {
    pub mpesa: Option<MpesaConfig>,
    pub stripe: Option<StripeConfig>,
    pub cloudinary: Option<CloudinaryConfig>,
    pub fcm: Option<FcmConfig>,
    pub smtp: Option<SmtpConfig>,
    pub sms: Option<SmsConfig>,
    /// Where M-Pesa callbacks may come from (`MPESA_CALLBACK_ALLOW_CIDRS`); empty = anywhere.
    pub mpesa_callback_allow: Vec<crate::gateways::mpesa::Cidr>,
}

/// How long data is kept before `cleanup` removes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub message_days: u32,
    pub read_notification_days: u32,
    /// Finished outbox rows last changed longer ago than this go.
    pub delivery_days: u32,
}

/// Money and timing rules of bookings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingSettings {
    /// Platform commission on the job value, in basis points (1% = 100).
    pub platform_fee_bp: i64,
    /// VAT on the platform fee, in basis points.
    pub vat_bp: i64,
    /// A completed job the customer neither verifies nor disputes is verified after this.
    pub auto_verify_hours: u32,
    /// How long after verification either party may still open a dispute.
    pub dispute_window_hours: u32,
    /// The largest amount any one money input may carry, per currency (`MONEY_MAX_*`).
    pub money_limits: crate::domain::money::MoneyLimits,
}

impl Default for BookingSettings {
    /// The defaults of the settings table.
    fn default() -> Self {
        BookingSettings::read(&mut Reader::defaults())
    }
}

/// Rules of reviews: the double-blind window, the edit window, the Bayesian prior, featuring.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReviewSettings {
    /// A review is revealed when the other party reviews too, or this many days after it.
    pub reveal_days: u32,
    /// Its author may edit it this many hours after writing it.
    pub edit_hours: u32,
    pub prior: crate::domain::review::RatingPrior,
    /// How many reviews of theirs a user may feature.
    pub featured_max: u32,
}

impl ReviewSettings {
    fn read(r: &mut Reader<'_>) -> ReviewSettings {
        ReviewSettings {
            reveal_days: r.count(&set::REVIEW_REVEAL_DAYS),
            edit_hours: r.count(&set::REVIEW_EDIT_HOURS),
            prior: crate::domain::review::RatingPrior {
                mean: r.decimal(&set::REVIEW_PRIOR_MEAN),
                weight: r.whole(&set::REVIEW_PRIOR_WEIGHT) as f64,
            },
            featured_max: r.count(&set::REVIEW_FEATURED_MAX),
        }
    }
}

impl Default for ReviewSettings {
    /// The defaults of the settings table.
    fn default() -> Self {
        ReviewSettings::read(&mut Reader::defaults())
    }
}

/// How technicians are found and offered jobs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchingSettings {
    /// An offered technician who has not answered after this is skipped for the next one.
    pub response_minutes: u32,
    /// A booking that finds nobody within this long after matching starts expires.
    pub expiry_minutes: u32,
    /// How far around the service location to look.
    pub radius_km: f64,
    /// How many ranked candidates a booking keeps.
    pub candidates: u32,
    pub weights: crate::domain::booking::matching::Weights,
}

impl Default for MatchingSettings {
    /// The defaults of the settings table.
    fn default() -> Self {
        read_matching(&mut Reader::defaults()).0
    }
}

/// The background jobs `serve` runs (offer timeouts, expiry, auto-verify, warranty end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobSettings {
    pub enabled: bool,
    /// How often each job runs (across all instances: a lease lets one instance per period).
    pub interval: Duration,
}

impl Default for JobSettings {
    /// The defaults of the settings table.
    fn default() -> Self {
        read_matching(&mut Reader::defaults()).1
    }
}

/// The whole validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub env: Environment,
    pub addr: SocketAddr,
    pub mongodb_uri: Option<String>,
    pub mongodb_db: String,
    pub redis_url: Option<String>,
    pub data_dir: PathBuf,
    pub jwt_secret: JwtSecret,
    pub cors_origins: Vec<String>,
    /// Behind a reverse proxy: take the client address from `X-Forwarded-For`.
    pub trust_proxy: bool,
    pub body_limit_bytes: usize,
    pub request_timeout: Duration,
    pub dependency_timeout: Duration,
    /// How long one request waits for MongoDB or Redis before its 503: much shorter than the
    /// start-up wait, so an outage answers fast instead of holding every request.
    pub dependency_request_timeout: Duration,
    pub log_json: bool,
    pub retention: Retention,
    pub bookings: BookingSettings,
    pub matching: MatchingSettings,
    pub jobs: JobSettings,
    pub gateways: Gateways,
    pub media: MediaLimits,
    pub reviews: ReviewSettings,
    pub feed: FeedSettings,
    pub chat: ChatSettings,
}

/// Where the JWT signing secret came from (a generated one is persisted on first use).
#[derive(Clone, PartialEq)]
pub enum JwtSecret {
    Given(String),
    /// Development: generated once and kept at this path in the data directory.
    Persisted(PathBuf),
    /// Tests: random per process.
    Ephemeral(String),
}

impl std::fmt::Debug for JwtSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JwtSecret::Given(_) => f.write_str("Given(<redacted>)"),
            JwtSecret::Persisted(p) => write!(f, "Persisted({})", p.display()),
            JwtSecret::Ephemeral(_) => f.write_str("Ephemeral(<redacted>)"),
        }
    }
}

impl JwtSecret {
    /// The secret bytes, creating and storing the development secret if needed.
    pub fn resolve(&self) -> Result<String> {
        match self {
            JwtSecret::Given(s) | JwtSecret::Ephemeral(s) => Ok(s.clone()),
            JwtSecret::Persisted(path) => load_or_create_secret(path),
        }
    }
}

fn load_or_create_secret(path: &Path) -> Result<String> {
    if let Ok(s) = std::fs::read_to_string(path) {
        let s = s.trim().to_string();
        if s.len() >= MIN_SECRET_LEN {
            return Ok(s);
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::internal(format!("creating {}", dir.display()), e))?;
    }
    let secret = random_hex(32);
    std::fs::write(path, &secret)
        .map_err(|e| Error::internal(format!("writing {}", path.display()), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    Ok(secret)
}

fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut b = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

const MIN_SECRET_LEN: usize = 32;

/// How long one request waits for MongoDB or Redis while it is down, unless
/// `DEPENDENCY_REQUEST_TIMEOUT_MS` says otherwise; the store and cache clients use it when
/// they are opened without a configuration (tools, tests).
pub const DEFAULT_DEPENDENCY_REQUEST_TIMEOUT: Duration = Duration::from_millis(1_500);

impl Config {
    /// Reads the process environment (after `.env` has been loaded by the caller).
    pub fn from_env(overrides: Overrides) -> Result<Config> {
        Self::load(overrides, &|k| std::env::var(k).ok())
    }

    /// Reads a fixed map; for tests and tools.
    pub fn from_map(overrides: Overrides, vars: &HashMap<String, String>) -> Result<Config> {
        Self::load(overrides, &|k| vars.get(k).cloned())
    }

    /// Builds and validates the configuration, reporting every problem at once.
    pub fn load(ov: Overrides, env: &dyn Fn(&str) -> Option<String>) -> Result<Config> {
        let mut r = Reader::new(env);

        let environment = read_environment(&mut r, ov.env.clone());
        let prod = environment == Environment::Production;
        let addr = resolve_addr(&mut r, ov.addr.clone());
        let (mongodb_uri, mongodb_db) = read_mongodb(&mut r, &ov);
        let redis_url = ov.redis_url.clone().or_else(|| r.value(&set::REDIS_URL));
        if let Some(u) = &redis_url
            && !(u.starts_with("redis://")
                || u.starts_with("rediss://")
                || u.starts_with("unix://"))
        {
            r.fail(
                &set::REDIS_URL,
                "must start with redis://, rediss:// or unix://",
            );
        }
        let data_dir = ov
            .data_dir
            .clone()
            .or_else(|| r.text(&set::DATA).map(PathBuf::from))
            .unwrap_or_default();
        let jwt_secret = read_jwt_secret(&mut r, environment, &data_dir);
        let cors_origins = read_cors_origins(&mut r, prod);

        let trust_proxy = r.flag(&set::TRUST_PROXY);
        let body_limit_bytes = r.count(&set::BODY_LIMIT_BYTES);
        let request_timeout = r.count(&set::REQUEST_TIMEOUT_SECS);
        let dependency_timeout = r.count(&set::DEPENDENCY_TIMEOUT_SECS);
        let dependency_request_timeout = r.count(&set::DEPENDENCY_REQUEST_TIMEOUT_MS);
        let log_json = match r.value(&set::LOG_FORMAT).as_deref() {
            None => prod,
            Some("json") => true,
            Some("human") | Some("pretty") | Some("text") => false,
            Some(other) => {
                let message = format!("must be human or json, got {other:?}");
                r.fail(&set::LOG_FORMAT, message);
                prod
            }
        };
        let retention = Retention {
            message_days: r.count(&set::MESSAGE_RETENTION_DAYS),
            read_notification_days: r.count(&set::NOTIFICATION_RETENTION_DAYS),
            delivery_days: r.count(&set::DELIVERY_RETENTION_DAYS),
        };

        let bookings = BookingSettings::read(&mut r);
        let (matching, jobs) = read_matching(&mut r);
        let gateways = read_gateways(&mut r);
        let media = MediaLimits {
            max_image_bytes: r.count(&set::MEDIA_MAX_IMAGE_BYTES),
            max_video_bytes: r.count(&set::MEDIA_MAX_VIDEO_BYTES),
        };
        let reviews = ReviewSettings::read(&mut r);
        let feed = read_feed(&mut r);
        let minutes = |n: u64| Duration::from_secs(n * 60);
        let chat = ChatSettings {
            edit_window: minutes(r.count(&set::CHAT_EDIT_WINDOW_MINUTES)),
            delete_window: minutes(r.count(&set::CHAT_DELETE_WINDOW_MINUTES)),
        };

        if !r.errors.is_empty() {
            return Err(Error::Config(r.errors));
        }
        Ok(Config {
            env: environment,
            addr,
            mongodb_uri,
            mongodb_db,
            redis_url,
            data_dir,
            jwt_secret,
            cors_origins,
            trust_proxy,
            body_limit_bytes,
            request_timeout: Duration::from_secs(request_timeout),
            dependency_timeout: Duration::from_secs(dependency_timeout),
            dependency_request_timeout: Duration::from_millis(dependency_request_timeout),
            log_json,
            retention,
            bookings,
            matching,
            jobs,
            gateways,
            media,
            reviews,
            feed,
            chat,
        })
    }

    pub fn is_production(&self) -> bool {
        self.env == Environment::Production
    }

    /// Which store this configuration selects, for messages.
    pub fn store_label(&self) -> String {
        match &self.mongodb_uri {
            Some(_) => format!("mongodb (database {})", self.mongodb_db),
            None => format!("embedded ({})", self.data_dir.display()),
        }
    }
}

fn read_environment(r: &mut Reader, flag: Option<String>) -> Environment {
    let Some(v) = flag.or_else(|| r.text(&set::ENV)) else {
        return Environment::Development;
    };
    Environment::parse(&v).unwrap_or_else(|| {
        let message = format!("must be development, test or production, got {v:?}");
        r.fail(&set::ENV, message);
        Environment::Development
    })
}

fn resolve_addr(r: &mut Reader, flag: Option<String>) -> SocketAddr {
    let default: SocketAddr = set::ADDR
        .default
        .and_then(|a| a.parse().ok())
        .expect("the default address parses");
    if let Some(a) = flag.or_else(|| r.value(&set::ADDR)) {
        return a.parse().unwrap_or_else(|_| {
            let message = format!("must be host:port such as 127.0.0.1:5000, got {a:?}");
            r.fail(&set::ADDR, message);
            default
        });
    }
    match r.value(&set::PORT) {
        None => default,
        Some(p) => match p.parse::<u16>() {
            Ok(port) => SocketAddr::new(default.ip(), port),
            Err(_) => {
                r.fail(&set::PORT, format!("must be a port number, got {p:?}"));
                default
            }
        },
    }
}

/// The MongoDB URI (none: the embedded store) and the database name.
fn read_mongodb(r: &mut Reader, ov: &Overrides) -> (Option<String>, String) {
    let uri = ov
        .mongodb_uri
        .clone()
        .or_else(|| r.value(&set::MONGODB_URI));
    if let Some(uri) = &uri
        && !(uri.starts_with("mongodb://") || uri.starts_with("mongodb+srv://"))
    {
        r.fail(
            &set::MONGODB_URI,
            "must start with mongodb:// or mongodb+srv://",
        );
    }
    let db = ov
        .mongodb_db
        .clone()
        .or_else(|| r.value(&set::MONGODB_DB))
        .or_else(|| uri.as_deref().and_then(db_from_uri))
        .or_else(|| r.text(&set::MONGODB_DB))
        .unwrap_or_default();
    if db.is_empty() || db.len() > 63 || db.contains(['/', '\\', '.', ' ', '"', '$']) {
        r.fail(
            &set::MONGODB_DB,
            "must be 1-63 characters without / \\ . space \" $",
        );
    }
    (uri, db)
}

fn db_from_uri(uri: &str) -> Option<String> {
    let rest = uri.split_once("://")?.1;
    let path = rest.split_once('/')?.1;
    let db = path.split('?').next()?;
    (!db.is_empty()).then(|| db.to_string())
}

fn read_jwt_secret(r: &mut Reader, environment: Environment, data_dir: &Path) -> JwtSecret {
    match r.value(&set::JWT_SECRET) {
        Some(s) if s.len() >= MIN_SECRET_LEN && !is_weak(&s) => JwtSecret::Given(s),
        Some(_) => {
            let message =
                format!("must be at least {MIN_SECRET_LEN} characters and not a placeholder");
            r.fail(&set::JWT_SECRET, message);
            JwtSecret::Ephemeral(random_hex(32))
        }
        None if environment == Environment::Production => {
            r.fail(&set::JWT_SECRET, "is required in production");
            JwtSecret::Ephemeral(random_hex(32))
        }
        None if environment == Environment::Test => JwtSecret::Ephemeral(random_hex(32)),
        None => JwtSecret::Persisted(data_dir.join("jwt-secret")),
    }
}

fn is_weak(secret: &str) -> bool {
    let lower = secret.to_ascii_lowercase();
    [
        "your-secret",
        "changeme",
        "change-me",
        "secret-key",
        "xxxxxxxx",
    ]
    .iter()
    .any(|p| lower.contains(p))
        || secret
            .chars()
            .collect::<std::collections::HashSet<_>>()
            .len()
            < 8
}

fn read_cors_origins(r: &mut Reader, prod: bool) -> Vec<String> {
    let origins = match r.value(&set::CORS_ORIGINS) {
        Some(v) => v
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        None if prod => Vec::new(),
        None => vec!["*".to_string()],
    };
    for o in &origins {
        if o != "*" && !(o.starts_with("http://") || o.starts_with("https://")) {
            let message = format!("{o:?} must be * or an http(s):// origin");
            r.fail(&set::CORS_ORIGINS, message);
        }
    }
    origins
}

impl BookingSettings {
    fn read(r: &mut Reader) -> BookingSettings {
        let platform_fee_bp = r.whole(&set::PLATFORM_FEE_BP);
        let vat_bp = r.whole(&set::VAT_BP);
        let auto_verify_hours = r.whole(&set::AUTO_VERIFY_HOURS);
        let dispute_window_hours = r.whole(&set::DISPUTE_WINDOW_HOURS);
        let mut money_limits = crate::domain::money::MoneyLimits::default();
        for (var, max) in money_limits.settings() {
            *max = r.whole(settings::find(var).expect("every money limit is a setting"));
        }
        // The table bounds the hours well within u32.
        BookingSettings {
            platform_fee_bp,
            vat_bp,
            auto_verify_hours: auto_verify_hours as u32,
            dispute_window_hours: dispute_window_hours as u32,
            money_limits,
        }
    }
}

/// Matching and the background jobs, read together in the order their errors were always
/// reported.
fn read_matching(r: &mut Reader) -> (MatchingSettings, JobSettings) {
    let response_minutes = r.count(&set::MATCH_RESPONSE_MINUTES);
    let expiry_minutes = r.count(&set::MATCH_EXPIRY_MINUTES);
    let candidates = r.count(&set::MATCH_CANDIDATES);
    let interval: u32 = r.count(&set::JOBS_INTERVAL_SECS);
    let radius_km = r.decimal(&set::MATCH_RADIUS_KM);
    let weights = r.text(&set::MATCH_WEIGHTS).unwrap_or_default();
    let weights = Weights::parse(&weights).unwrap_or_else(|e| {
        r.fail(&set::MATCH_WEIGHTS, e);
        Weights::default()
    });
    let enabled = r.flag(&set::JOBS_ENABLED);
    let matching = MatchingSettings {
        response_minutes,
        expiry_minutes,
        radius_km,
        candidates,
        weights,
    };
    let jobs = JobSettings {
        enabled,
        interval: Duration::from_secs(interval.into()),
    };
    (matching, jobs)
}

fn read_feed(r: &mut Reader) -> FeedSettings {
    let decay: u32 = r.count(&set::FEED_DECAY_SECONDS);
    let weights = r.text(&set::FEED_WEIGHTS).unwrap_or_default();
    let ranking = crate::domain::ranking::Ranking::parse_weights(&weights, f64::from(decay))
        .unwrap_or_else(|e| {
            r.fail(&set::FEED_WEIGHTS, e);
            crate::domain::ranking::Ranking::default()
        });
    let snapshot: u32 = r.count(&set::FEED_SNAPSHOT_SECS);
    let max_run: u32 = r.count(&set::FEED_MAX_RUN);
    let review_at = r.decimal(&set::MODERATION_REVIEW_AT);
    let reject_at = r.decimal(&set::MODERATION_REJECT_AT);
    if reject_at < review_at {
        r.fail(
            &set::MODERATION_REJECT_AT,
            "must be at least MODERATION_REVIEW_AT",
        );
    }
    let moderation = ModerationThresholds {
        review_at,
        reject_at,
        new_account_days: r.count(&set::MODERATION_NEW_ACCOUNT_DAYS),
        new_account_posts_per_hour: r.count(&set::MODERATION_NEW_ACCOUNT_POSTS_PER_HOUR),
    };
    FeedSettings {
        ranking,
        snapshot: Duration::from_secs(snapshot.into()),
        max_run: max_run as usize,
        moderation,
    }
}

fn read_gateways(r: &mut Reader) -> Gateways {
    let mpesa = r
        .group([
            &set::MPESA_CONSUMER_KEY,
            &set::MPESA_CONSUMER_SECRET,
            &set::MPESA_SHORTCODE,
            &set::MPESA_PASSKEY,
            &set::MPESA_CALLBACK_URL,
        ])
        .map(
            |[
                consumer_key,
                consumer_secret,
                shortcode,
                passkey,
                callback_url,
            ]| MpesaConfig {
                consumer_key,
                consumer_secret,
                shortcode,
                passkey,
                callback_url,
                base_url: r.text(&set::MPESA_BASE_URL).unwrap_or_default(),
                b2c_initiator_name: r.text(&set::MPESA_B2C_INITIATOR_NAME).unwrap_or_default(),
                b2c_security_credential: r
                    .text(&set::MPESA_B2C_SECURITY_CREDENTIAL)
                    .unwrap_or_default(),
            },
        );
    let stripe = r
        .group([&set::STRIPE_SECRET_KEY, &set::STRIPE_WEBHOOK_SECRET])
        .map(|[secret_key, webhook_secret]| StripeConfig {
            secret_key,
            webhook_secret,
            base_url: r.text(&set::STRIPE_BASE_URL).unwrap_or_default(),
        });
    let cloudinary = r
        .group([
            &set::CLOUDINARY_CLOUD_NAME,
            &set::CLOUDINARY_API_KEY,
            &set::CLOUDINARY_API_SECRET,
        ])
        .map(|[cloud_name, api_key, api_secret]| CloudinaryConfig {
            cloud_name,
            api_key,
            api_secret,
            base_url: r.text(&set::CLOUDINARY_BASE_URL).unwrap_or_default(),
        });
    let fcm = r
        .group([&set::FCM_PROJECT_ID, &set::FCM_CREDENTIALS_FILE])
        .map(|[project_id, file]| FcmConfig {
            project_id,
            credentials_file: PathBuf::from(file),
            base_url: r.text(&set::FCM_BASE_URL).unwrap_or_default(),
        });
    let smtp = r
        .group([&set::SMTP_URL, &set::EMAIL_FROM])
        .map(|[url, from]| SmtpConfig { url, from });
    let sms = r
        .group([&set::AT_USERNAME, &set::AT_API_KEY])
        .map(|[username, api_key]| SmsConfig {
            username,
            api_key,
            sender_id: r.text(&set::AT_SENDER_ID),
            base_url: r.text(&set::AT_BASE_URL).unwrap_or_default(),
            callback_secret: r.text(&set::AT_CALLBACK_SECRET),
        });
    let mpesa_callback_allow = read_cidrs(r);
    Gateways {
        mpesa,
        stripe,
        cloudinary,
        fcm,
        smtp,
        sms,
        mpesa_callback_allow,
    }
}

fn read_cidrs(r: &mut Reader) -> Vec<crate::gateways::mpesa::Cidr> {
    let mut allow = Vec::new();
    let list = r
        .value(&set::MPESA_CALLBACK_ALLOW_CIDRS)
        .unwrap_or_default();
    for c in list.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        match crate::gateways::mpesa::Cidr::parse(c) {
            Some(cidr) => allow.push(cidr),
            None => r.fail(
                &set::MPESA_CALLBACK_ALLOW_CIDRS,
                format!("{c:?} is not an address or CIDR (e.g. 196.201.214.0/24)"),
            ),
        }
    }
    allow
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(vars: &[(&str, &str)]) -> Result<Config> {
        let map = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_map(Overrides::default(), &map)
    }

    fn fields(e: Error) -> Vec<String> {
        match e {
            Error::Config(errs) => errs.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn defaults_select_the_embedded_store_in_development() {
        let c = load(&[]).unwrap();
        assert_eq!(c.env, Environment::Development);
        assert_eq!(c.addr.to_string(), "127.0.0.1:5000");
        assert!(c.mongodb_uri.is_none());
        assert_eq!(c.data_dir, PathBuf::from("./baitech-data"));
        assert!(matches!(c.jwt_secret, JwtSecret::Persisted(_)));
        assert!(!c.log_json);
    }

    #[test]
    fn every_invalid_variable_is_reported_at_once() {
        let e = load(&[
            ("BAITECH_ENV", "staging"),
            ("PORT", "http"),
            ("MONGODB_URI", "postgres://x"),
            ("REDIS_URL", "localhost:6379"),
            ("REQUEST_TIMEOUT_SECS", "soon"),
            ("MPESA_CONSUMER_KEY", "k"),
        ])
        .unwrap_err();
        let f = fields(e);
        for expected in [
            "BAITECH_ENV",
            "PORT",
            "MONGODB_URI",
            "REDIS_URL",
            "REQUEST_TIMEOUT_SECS",
            "MPESA_CONSUMER_SECRET",
            "MPESA_PASSKEY",
        ] {
            assert!(
                f.iter().any(|x| x == expected),
                "{expected} missing from {f:?}"
            );
        }
    }

    #[test]
    fn production_requires_a_strong_jwt_secret() {
        let f = fields(load(&[("BAITECH_ENV", "production")]).unwrap_err());
        assert_eq!(f, ["JWT_SECRET"]);
        let f = fields(
            load(&[
                ("BAITECH_ENV", "production"),
                ("JWT_SECRET", "your-secret-key-your-secret-key-xx"),
            ])
            .unwrap_err(),
        );
        assert_eq!(f, ["JWT_SECRET"]);
        let c = load(&[
            ("BAITECH_ENV", "production"),
            ("JWT_SECRET", "q8Z2v9LmN4xT7rW1kP5sD3fG6hJ0cB8a"),
        ])
        .unwrap();
        assert!(c.log_json);
        assert!(c.cors_origins.is_empty());
    }

    #[test]
    fn flags_win_over_environment() {
        let map = [("MONGODB_URI".to_string(), "mongodb://env/x".to_string())].into();
        let c = Config::from_map(
            Overrides {
                mongodb_uri: Some("mongodb://flag/y".into()),
                ..Default::default()
            },
            &map,
        )
        .unwrap();
        assert_eq!(c.mongodb_uri.as_deref(), Some("mongodb://flag/y"));
        assert_eq!(c.mongodb_db, "y");
    }

    #[test]
    fn development_secret_is_generated_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let s = JwtSecret::Persisted(dir.path().join("jwt-secret"));
        let a = s.resolve().unwrap();
        let b = s.resolve().unwrap();
        assert_eq!(a, b);
        assert!(a.len() >= 32);
    }

    #[test]
    fn booking_settings_default_to_ten_percent_fee_and_sixteen_percent_vat() {
        let c = load(&[]).unwrap();
        assert_eq!(c.bookings, BookingSettings::default());
        assert_eq!(
            (c.bookings.platform_fee_bp, c.bookings.vat_bp),
            (1_000, 1_600)
        );
        let c = load(&[
            ("PLATFORM_FEE_BP", "1250"),
            ("VAT_BP", "0"),
            ("AUTO_VERIFY_HOURS", "24"),
        ])
        .unwrap();
        assert_eq!(c.bookings.platform_fee_bp, 1_250);
        assert_eq!(c.bookings.vat_bp, 0);
        assert_eq!(c.bookings.auto_verify_hours, 24);
        assert_eq!(c.bookings.dispute_window_hours, 72);
    }

    #[test]
    fn booking_settings_out_of_range_are_all_reported() {
        let f = fields(
            load(&[
                ("PLATFORM_FEE_BP", "6000"),
                ("VAT_BP", "-1"),
                ("AUTO_VERIFY_HOURS", "soon"),
                ("DISPUTE_WINDOW_HOURS", "99999"),
            ])
            .unwrap_err(),
        );
        assert_eq!(
            f,
            [
                "PLATFORM_FEE_BP",
                "VAT_BP",
                "AUTO_VERIFY_HOURS",
                "DISPUTE_WINDOW_HOURS"
            ]
        );
    }

    #[test]
    fn matching_and_job_settings_have_defaults_and_report_bad_values() {
        let c = load(&[]).unwrap();
        assert_eq!(c.matching, MatchingSettings::default());
        assert_eq!(c.jobs, JobSettings::default());
        let c = load(&[("MATCH_WEIGHTS", "history=10"), ("JOBS_ENABLED", "false")]).unwrap();
        assert!(!c.jobs.enabled);
        assert_eq!(
            c.matching
                .weights
                .get(crate::domain::booking::matching::Factor::History),
            10.0
        );
        let f = fields(
            load(&[
                ("MATCH_RESPONSE_MINUTES", "0"),
                ("MATCH_WEIGHTS", "1,2"),
                ("MATCH_RADIUS_KM", "-3"),
                ("JOBS_INTERVAL_SECS", "often"),
            ])
            .unwrap_err(),
        );
        assert_eq!(
            f,
            [
                "MATCH_RESPONSE_MINUTES",
                "JOBS_INTERVAL_SECS",
                "MATCH_RADIUS_KM",
                "MATCH_WEIGHTS"
            ]
        );
    }
}
