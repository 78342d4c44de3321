//! Runtime configuration: flags > environment > `.env` > defaults, validated all at once.
//!
//! The CLI turns its flags into [`Overrides`]; everything else is read through an environment
//! lookup function (the process environment after `.env` was loaded, or a map in tests).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, FieldError, Result};

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
    fn default() -> Self {
        BookingSettings {
            platform_fee_bp: 1_000,
            vat_bp: 1_600,
            auto_verify_hours: 48,
            dispute_window_hours: 72,
            money_limits: Default::default(),
        }
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
    fn default() -> Self {
        MatchingSettings {
            response_minutes: 15,
            expiry_minutes: 60,
            radius_km: 25.0,
            candidates: 10,
            weights: Default::default(),
        }
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
    fn default() -> Self {
        JobSettings {
            enabled: true,
            interval: Duration::from_secs(30),
        }
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
const DEFAULT_ADDR: &str = "127.0.0.1:5000";

/// Every variable the configuration reads, with a one-line meaning (kept in step with
/// `.env.example`; a test checks they agree).
/// How long one request waits for MongoDB or Redis while it is down, unless
/// `DEPENDENCY_REQUEST_TIMEOUT_MS` says otherwise; the store and cache clients use it when
/// they are opened without a configuration (tools, tests).
pub const DEFAULT_DEPENDENCY_REQUEST_TIMEOUT: Duration = Duration::from_millis(1_500);

pub const VARIABLES: &[(&str, &str)] = &[
    (
        "BAITECH_ENV",
        "development | test | production (default development)",
    ),
    ("BAITECH_ADDR", "listen address (default 127.0.0.1:5000)"),
    (
        "PORT",
        "listen port on the default host, when BAITECH_ADDR is unset",
    ),
    (
        "MONGODB_URI",
        "MongoDB connection string; unset = embedded SQLite store",
    ),
    (
        "MONGODB_DB",
        "MongoDB database name (default: from the URI path, else baitech)",
    ),
    (
        "REDIS_URL",
        "Redis URL for cache, rate limits and realtime fan-out; unset = in-process",
    ),
    (
        "BAITECH_DATA",
        "embedded store directory (default ./baitech-data)",
    ),
    (
        "JWT_SECRET",
        "token signing secret, >= 32 chars; required in production",
    ),
    (
        "CORS_ORIGINS",
        "comma-separated allowed origins (default * outside production)",
    ),
    (
        "TRUST_PROXY",
        "true behind a reverse proxy: client address from X-Forwarded-For (default false)",
    ),
    (
        "BODY_LIMIT_BYTES",
        "largest accepted request body (default 1048576)",
    ),
    ("REQUEST_TIMEOUT_SECS", "per-request timeout (default 30)"),
    (
        "DEPENDENCY_TIMEOUT_SECS",
        "how long to wait for MongoDB/Redis at start-up (default 10)",
    ),
    (
        "DEPENDENCY_REQUEST_TIMEOUT_MS",
        "how long one request waits for MongoDB/Redis before answering 503 (default 1500)",
    ),
    (
        "LOG_FORMAT",
        "human | json (default: json in production, human otherwise)",
    ),
    ("RUST_LOG", "log filter (default info)"),
    (
        "MESSAGE_RETENTION_DAYS",
        "cleanup deletes messages older than this (default 90)",
    ),
    (
        "NOTIFICATION_RETENTION_DAYS",
        "cleanup deletes read notifications older than this (default 30)",
    ),
    (
        "PLATFORM_FEE_BP",
        "platform commission on a job, basis points (default 1000 = 10%, at most 5000)",
    ),
    (
        "VAT_BP",
        "VAT charged on the platform fee, basis points (default 1600 = 16%)",
    ),
    (
        "AUTO_VERIFY_HOURS",
        "completed jobs are verified automatically after this (default 48)",
    ),
    (
        "DISPUTE_WINDOW_HOURS",
        "disputes may be opened this long after verification (default 72)",
    ),
    (
        "MATCH_RESPONSE_MINUTES",
        "an offered technician has this long to accept before the next is offered (default 15)",
    ),
    (
        "MATCH_EXPIRY_MINUTES",
        "a booking that finds no technician within this expires (default 60)",
    ),
    (
        "MATCH_RADIUS_KM",
        "how far around the service location matching looks (default 25)",
    ),
    (
        "MATCH_CANDIDATES",
        "ranked candidates kept per booking (default 10)",
    ),
    (
        "MATCH_WEIGHTS",
        "score weights skills,proximity,availability,rating,experience,price,responseTime,completionRate,history (default 25,20,15,15,10,5,5,3,2)",
    ),
    (
        "JOBS_ENABLED",
        "run the background jobs inside serve (default true)",
    ),
    (
        "JOBS_INTERVAL_SECS",
        "how often each background job runs (default 30)",
    ),
    (
        "MONEY_MAX_KES",
        "largest amount of one money input (cash, top-up, budget, refund, payout) in KES cents (default 100000000 = KES 1,000,000)",
    ),
    (
        "MONEY_MAX_USD",
        "the same bound in US cents (default 1000000)",
    ),
    (
        "MONEY_MAX_EUR",
        "the same bound in euro cents (default 1000000)",
    ),
    (
        "MONEY_MAX_UGX",
        "the same bound in shillings (default 30000000)",
    ),
    (
        "MONEY_MAX_TZS",
        "the same bound in cents (default 2500000000)",
    ),
    (
        "MPESA_CALLBACK_ALLOW_CIDRS",
        "comma-separated CIDRs M-Pesa callbacks may come from (default: any)",
    ),
    ("MPESA_CONSUMER_KEY", "M-Pesa Daraja app key"),
    ("MPESA_CONSUMER_SECRET", "M-Pesa Daraja app secret"),
    ("MPESA_SHORTCODE", "M-Pesa paybill/till short code"),
    ("MPESA_PASSKEY", "M-Pesa Lipa Na M-Pesa passkey"),
    (
        "MPESA_CALLBACK_URL",
        "public URL of /api/v1/payments/mpesa/callback/<secret> (secret: >= 16 URL-safe characters)",
    ),
    (
        "MPESA_BASE_URL",
        "Daraja base URL (default https://sandbox.safaricom.co.ke)",
    ),
    (
        "MPESA_B2C_INITIATOR_NAME",
        "M-Pesa API operator for B2C payouts and refunds (default baitech)",
    ),
    (
        "MPESA_B2C_SECURITY_CREDENTIAL",
        "that operator's password encrypted with Safaricom's certificate",
    ),
    ("STRIPE_SECRET_KEY", "Stripe secret key"),
    (
        "STRIPE_WEBHOOK_SECRET",
        "Stripe webhook signing secret (whsec_...)",
    ),
    (
        "STRIPE_BASE_URL",
        "Stripe API base URL (default https://api.stripe.com)",
    ),
    ("CLOUDINARY_CLOUD_NAME", "Cloudinary cloud name"),
    ("CLOUDINARY_API_KEY", "Cloudinary API key"),
    ("CLOUDINARY_API_SECRET", "Cloudinary API secret"),
    ("FCM_PROJECT_ID", "Firebase project id for push"),
    (
        "FCM_CREDENTIALS_FILE",
        "path to the Firebase service-account JSON",
    ),
    (
        "FCM_BASE_URL",
        "FCM HTTP v1 base URL (default https://fcm.googleapis.com)",
    ),
    ("SMTP_URL", "smtp(s)://user:pass@host:port for e-mail"),
    (
        "EMAIL_FROM",
        "sender address, e.g. BaiTech <no-reply@baitech.co.ke>",
    ),
    ("AT_USERNAME", "Africa's Talking username"),
    ("AT_API_KEY", "Africa's Talking API key"),
    ("AT_SENDER_ID", "Africa's Talking sender id (optional)"),
    (
        "AT_BASE_URL",
        "Africa's Talking base URL (default https://api.africastalking.com)",
    ),
];

struct Reader<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    errors: Vec<FieldError>,
}

impl Reader<'_> {
    fn get(&self, key: &str) -> Option<String> {
        (self.env)(key)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    fn parse<T: std::str::FromStr>(&mut self, key: &str, default: T, what: &str) -> T {
        match self.get(key) {
            None => default,
            Some(v) => match v.parse() {
                Ok(x) => x,
                Err(_) => {
                    self.errors
                        .push(FieldError::new(key, format!("must be {what}, got {v:?}")));
                    default
                }
            },
        }
    }

    /// A group of variables that must be all set or all unset.
    fn group<const N: usize>(&mut self, keys: [&str; N]) -> Option<[String; N]> {
        let vals = keys.map(|k| self.get(k));
        let set = vals.iter().filter(|v| v.is_some()).count();
        if set == 0 {
            return None;
        }
        if set < N {
            for (k, v) in keys.iter().zip(&vals) {
                if v.is_none() {
                    let others: Vec<_> = keys.iter().filter(|o| *o != k).copied().collect();
                    self.errors.push(FieldError::new(
                        *k,
                        format!("is required when {} is set", others.join("/")),
                    ));
                }
            }
            return None;
        }
        Some(vals.map(|v| v.unwrap_or_default()))
    }
}

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
        let mut r = Reader {
            env,
            errors: Vec::new(),
        };

        let env_name = ov.env.clone().or_else(|| r.get("BAITECH_ENV"));
        let environment = match env_name {
            None => Environment::Development,
            Some(v) => Environment::parse(&v).unwrap_or_else(|| {
                r.errors.push(FieldError::new(
                    "BAITECH_ENV",
                    format!("must be development, test or production, got {v:?}"),
                ));
                Environment::Development
            }),
        };
        let prod = environment == Environment::Production;

        let addr = resolve_addr(&mut r, ov.addr.clone());

        let mongodb_uri = ov.mongodb_uri.clone().or_else(|| r.get("MONGODB_URI"));
        if let Some(uri) = &mongodb_uri
            && !(uri.starts_with("mongodb://") || uri.starts_with("mongodb+srv://"))
        {
            r.errors.push(FieldError::new(
                "MONGODB_URI",
                "must start with mongodb:// or mongodb+srv://",
            ));
        }
        let mongodb_db = ov
            .mongodb_db
            .clone()
            .or_else(|| r.get("MONGODB_DB"))
            .or_else(|| mongodb_uri.as_deref().and_then(db_from_uri))
            .unwrap_or_else(|| "baitech".to_string());
        if mongodb_db.is_empty()
            || mongodb_db.len() > 63
            || mongodb_db.contains(['/', '\\', '.', ' ', '"', '$'])
        {
            r.errors.push(FieldError::new(
                "MONGODB_DB",
                "must be 1-63 characters without / \\ . space \" $",
            ));
        }

        let redis_url = ov.redis_url.clone().or_else(|| r.get("REDIS_URL"));
        if let Some(u) = &redis_url
            && !(u.starts_with("redis://")
                || u.starts_with("rediss://")
                || u.starts_with("unix://"))
        {
            r.errors.push(FieldError::new(
                "REDIS_URL",
                "must start with redis://, rediss:// or unix://",
            ));
        }

        let data_dir = ov
            .data_dir
            .clone()
            .or_else(|| r.get("BAITECH_DATA").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("./baitech-data"));

        let jwt_secret = match r.get("JWT_SECRET") {
            Some(s) if s.len() >= MIN_SECRET_LEN && !is_weak(&s) => JwtSecret::Given(s),
            Some(_) => {
                r.errors.push(FieldError::new(
                    "JWT_SECRET",
                    format!("must be at least {MIN_SECRET_LEN} characters and not a placeholder"),
                ));
                JwtSecret::Ephemeral(random_hex(32))
            }
            None if prod => {
                r.errors
                    .push(FieldError::new("JWT_SECRET", "is required in production"));
                JwtSecret::Ephemeral(random_hex(32))
            }
            None if environment == Environment::Test => JwtSecret::Ephemeral(random_hex(32)),
            None => JwtSecret::Persisted(data_dir.join("jwt-secret")),
        };

        let cors_origins = match r.get("CORS_ORIGINS") {
            Some(v) => v
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            None if prod => Vec::new(),
            None => vec!["*".to_string()],
        };
        for o in &cors_origins {
            if o != "*" && !(o.starts_with("http://") || o.starts_with("https://")) {
                r.errors.push(FieldError::new(
                    "CORS_ORIGINS",
                    format!("{o:?} must be * or an http(s):// origin"),
                ));
            }
        }

        let trust_proxy = r.parse("TRUST_PROXY", false, "true or false");
        let body_limit_bytes = r.parse("BODY_LIMIT_BYTES", 1_048_576usize, "a number of bytes");
        let request_timeout = r.parse("REQUEST_TIMEOUT_SECS", 30u64, "a number of seconds");
        let dependency_timeout = r.parse("DEPENDENCY_TIMEOUT_SECS", 10u64, "a number of seconds");
        if dependency_timeout == 0 || dependency_timeout > 60 {
            r.errors.push(FieldError::new(
                "DEPENDENCY_TIMEOUT_SECS",
                "must be between 1 and 60",
            ));
        }
        let dependency_request_timeout = r.parse(
            "DEPENDENCY_REQUEST_TIMEOUT_MS",
            DEFAULT_DEPENDENCY_REQUEST_TIMEOUT.as_millis() as u64,
            "a number of milliseconds",
        );
        if !(100..=60_000).contains(&dependency_request_timeout) {
            r.errors.push(FieldError::new(
                "DEPENDENCY_REQUEST_TIMEOUT_MS",
                "must be between 100 and 60000",
            ));
        }
        let log_json = match r.get("LOG_FORMAT").as_deref() {
            None => prod,
            Some("json") => true,
            Some("human") | Some("pretty") | Some("text") => false,
            Some(other) => {
                r.errors.push(FieldError::new(
                    "LOG_FORMAT",
                    format!("must be human or json, got {other:?}"),
                ));
                prod
            }
        };
        let retention = Retention {
            message_days: r.parse("MESSAGE_RETENTION_DAYS", 90u32, "a number of days"),
            read_notification_days: r.parse(
                "NOTIFICATION_RETENTION_DAYS",
                30u32,
                "a number of days",
            ),
        };

        let bookings = read_booking_settings(&mut r);
        let (matching, jobs) = read_matching_settings(&mut r);
        let gateways = read_gateways(&mut r);

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

fn resolve_addr(r: &mut Reader, flag: Option<String>) -> SocketAddr {
    let default: SocketAddr = DEFAULT_ADDR.parse().expect("default address parses");
    if let Some(a) = flag.or_else(|| r.get("BAITECH_ADDR")) {
        return a.parse().unwrap_or_else(|_| {
            r.errors.push(FieldError::new(
                "BAITECH_ADDR",
                format!("must be host:port such as 127.0.0.1:5000, got {a:?}"),
            ));
            default
        });
    }
    match r.get("PORT") {
        None => default,
        Some(p) => match p.parse::<u16>() {
            Ok(port) => SocketAddr::new(default.ip(), port),
            Err(_) => {
                r.errors.push(FieldError::new(
                    "PORT",
                    format!("must be a port number, got {p:?}"),
                ));
                default
            }
        },
    }
}

fn db_from_uri(uri: &str) -> Option<String> {
    let rest = uri.split_once("://")?.1;
    let path = rest.split_once('/')?.1;
    let db = path.split('?').next()?;
    (!db.is_empty()).then(|| db.to_string())
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

fn read_booking_settings(r: &mut Reader) -> BookingSettings {
    let d = BookingSettings::default();
    let mut bounded = |key: &str, default: i64, max: i64, what: &str| {
        let v = r.parse(key, default, what);
        if !(0..=max).contains(&v) {
            r.errors
                .push(FieldError::new(key, format!("must be between 0 and {max}")));
            return default;
        }
        v
    };
    // A commission above half the job would leave technicians less than the platform.
    let platform_fee_bp = bounded("PLATFORM_FEE_BP", d.platform_fee_bp, 5_000, "basis points");
    let vat_bp = bounded("VAT_BP", d.vat_bp, 10_000, "basis points");
    let auto_verify = bounded(
        "AUTO_VERIFY_HOURS",
        d.auto_verify_hours.into(),
        720,
        "hours",
    );
    let window = bounded(
        "DISPUTE_WINDOW_HOURS",
        d.dispute_window_hours.into(),
        2_160,
        "hours",
    );
    let mut money_limits = d.money_limits;
    for (key, max) in money_limits.settings() {
        *max = bounded(
            key,
            *max,
            crate::domain::money::MoneyLimits::CEILING,
            "minor units",
        );
    }
    BookingSettings {
        platform_fee_bp,
        vat_bp,
        auto_verify_hours: auto_verify as u32,
        dispute_window_hours: window as u32,
        money_limits,
    }
}

fn read_matching_settings(r: &mut Reader) -> (MatchingSettings, JobSettings) {
    let d = MatchingSettings::default();
    let mut within = |key: &str, default: u32, range: std::ops::RangeInclusive<u32>| {
        let v = r.parse(key, default, "a whole number");
        if range.contains(&v) {
            return v;
        }
        let msg = format!("must be between {} and {}", range.start(), range.end());
        r.errors.push(FieldError::new(key, msg));
        default
    };
    // Offers shorter than a minute could time out before a push notification arrives.
    let response_minutes = within("MATCH_RESPONSE_MINUTES", d.response_minutes, 1..=1_440);
    let expiry_minutes = within("MATCH_EXPIRY_MINUTES", d.expiry_minutes, 1..=10_080);
    let candidates = within("MATCH_CANDIDATES", d.candidates, 1..=50);
    let interval = within("JOBS_INTERVAL_SECS", 30, 1..=3_600);
    let radius_km = r.parse("MATCH_RADIUS_KM", d.radius_km, "a number of kilometres");
    if !(radius_km > 0.0 && radius_km <= 500.0) {
        r.errors.push(FieldError::new(
            "MATCH_RADIUS_KM",
            "must be above 0 and at most 500",
        ));
    }
    let weights = match r.get("MATCH_WEIGHTS") {
        None => d.weights,
        Some(v) => crate::domain::booking::matching::Weights::parse(&v).unwrap_or_else(|e| {
            r.errors.push(FieldError::new("MATCH_WEIGHTS", e));
            d.weights
        }),
    };
    let enabled = r.parse("JOBS_ENABLED", true, "true or false");
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

fn read_gateways(r: &mut Reader) -> Gateways {
    let mpesa = r
        .group([
            "MPESA_CONSUMER_KEY",
            "MPESA_CONSUMER_SECRET",
            "MPESA_SHORTCODE",
            "MPESA_PASSKEY",
            "MPESA_CALLBACK_URL",
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
                base_url: r
                    .get("MPESA_BASE_URL")
                    .unwrap_or_else(|| "https://sandbox.safaricom.co.ke".into()),
                b2c_initiator_name: r
                    .get("MPESA_B2C_INITIATOR_NAME")
                    .unwrap_or_else(|| "baitech".into()),
                b2c_security_credential: r.get("MPESA_B2C_SECURITY_CREDENTIAL").unwrap_or_default(),
            },
        );
    let stripe = r.group(["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"]).map(
        |[secret_key, webhook_secret]| StripeConfig {
            secret_key,
            webhook_secret,
            base_url: r
                .get("STRIPE_BASE_URL")
                .unwrap_or_else(|| "https://api.stripe.com".into()),
        },
    );
    let cloudinary = r
        .group([
            "CLOUDINARY_CLOUD_NAME",
            "CLOUDINARY_API_KEY",
            "CLOUDINARY_API_SECRET",
        ])
        .map(|[cloud_name, api_key, api_secret]| CloudinaryConfig {
            cloud_name,
            api_key,
            api_secret,
        });
    let fcm = r
        .group(["FCM_PROJECT_ID", "FCM_CREDENTIALS_FILE"])
        .map(|[project_id, file]| FcmConfig {
            project_id,
            credentials_file: PathBuf::from(file),
            base_url: r
                .get("FCM_BASE_URL")
                .unwrap_or_else(|| "https://fcm.googleapis.com".into()),
        });
    let smtp = r
        .group(["SMTP_URL", "EMAIL_FROM"])
        .map(|[url, from]| SmtpConfig { url, from });
    let sms = r
        .group(["AT_USERNAME", "AT_API_KEY"])
        .map(|[username, api_key]| SmsConfig {
            username,
            api_key,
            sender_id: r.get("AT_SENDER_ID"),
            base_url: r
                .get("AT_BASE_URL")
                .unwrap_or_else(|| "https://api.africastalking.com".into()),
        });
    let mut mpesa_callback_allow = Vec::new();
    for c in r
        .get("MPESA_CALLBACK_ALLOW_CIDRS")
        .unwrap_or_default()
        .split(',')
    {
        if c.trim().is_empty() {
            continue;
        }
        match crate::gateways::mpesa::Cidr::parse(c) {
            Some(cidr) => mpesa_callback_allow.push(cidr),
            None => r.errors.push(FieldError::new(
                "MPESA_CALLBACK_ALLOW_CIDRS",
                format!(
                    "{:?} is not an address or CIDR (e.g. 196.201.214.0/24)",
                    c.trim()
                ),
            )),
        }
    }
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

    #[test]
    fn env_example_documents_every_variable() {
        let example = include_str!("../.env.example");
        for (var, _) in VARIABLES {
            assert!(
                example
                    .lines()
                    .any(|l| l.trim_start_matches("# ").starts_with(&format!("{var}="))),
                "{var} missing from .env.example"
            );
        }
    }
}
