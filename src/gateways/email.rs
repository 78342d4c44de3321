//! E-mail delivery: SMTP through lettre when `SMTP_URL` and `EMAIL_FROM` are set, otherwise an
//! in-memory sandbox outbox (development and tests read the messages from it).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use lettre::message::{Mailbox, MultiPart, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{Config, SmtpConfig};
use crate::error::{Error, FieldError, Result};

/// How long one SMTP conversation may take before delivery counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);
/// The sandbox keeps only the newest messages so a long-running dev server stays small.
const SANDBOX_CAPACITY: usize = 1_000;

/// One message to one recipient. `text` is always sent; `html` adds an alternative part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailMessage {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Sends e-mail.
#[async_trait]
pub trait EmailGateway: Send + Sync {
    /// `"smtp"` or `"sandbox"`.
    fn backend(&self) -> &'static str;
    async fn send(&self, message: &EmailMessage) -> Result<()>;
    /// The sandbox outbox, when this gateway is the sandbox.
    fn sandbox_outbox(&self) -> Option<&SandboxEmail> {
        None
    }
}

/// The gateway the configuration selects: SMTP when configured, the sandbox otherwise.
pub fn from_config(config: &Config) -> Result<Arc<dyn EmailGateway>> {
    match &config.gateways.smtp {
        Some(smtp) => Ok(Arc::new(SmtpEmail::new(smtp)?)),
        None => Ok(Arc::new(SandboxEmail::default())),
    }
}

/// Keeps sent messages in memory instead of delivering them.
#[derive(Debug, Default)]
pub struct SandboxEmail {
    outbox: Mutex<VecDeque<EmailMessage>>,
}

impl SandboxEmail {
    /// Every message still in the outbox, oldest first.
    pub fn messages(&self) -> Vec<EmailMessage> {
        self.outbox
            .lock()
            .expect("outbox lock")
            .iter()
            .cloned()
            .collect()
    }

    /// The messages sent to `to` (compared case-insensitively), oldest first.
    pub fn messages_to(&self, to: &str) -> Vec<EmailMessage> {
        self.messages()
            .into_iter()
            .filter(|m| m.to.eq_ignore_ascii_case(to))
            .collect()
    }
}

#[async_trait]
impl EmailGateway for SandboxEmail {
    fn backend(&self) -> &'static str {
        "sandbox"
    }

    async fn send(&self, message: &EmailMessage) -> Result<()> {
        // The body carries single-use tokens: log who and what, never the text.
        tracing::info!(email.to = %message.to, email.subject = %message.subject, "sandbox e-mail kept in the outbox");
        let mut outbox = self.outbox.lock().expect("outbox lock");
        if outbox.len() >= SANDBOX_CAPACITY {
            outbox.pop_front();
        }
        outbox.push_back(message.clone());
        Ok(())
    }

    fn sandbox_outbox(&self) -> Option<&SandboxEmail> {
        Some(self)
    }
}

/// Delivers through an SMTP relay (`smtps://` for TLS, `smtp://...?tls=required` for
/// STARTTLS; plain `smtp://` only for a local relay).
pub struct SmtpEmail {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for SmtpEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The transport holds the relay credentials.
        write!(f, "SmtpEmail(from {})", self.from)
    }
}

impl SmtpEmail {
    /// Builds the client; a malformed `SMTP_URL` or `EMAIL_FROM` is a configuration error.
    /// No connection is made until the first message.
    pub fn new(config: &SmtpConfig) -> Result<Self> {
        let mut problems = Vec::new();
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.url)
            .map(|b| b.timeout(Some(SMTP_TIMEOUT)).build())
            .map_err(|e| {
                problems.push(FieldError::new(
                    "SMTP_URL",
                    format!("is not a usable SMTP URL: {e}"),
                ))
            });
        let from = config.from.parse::<Mailbox>().map_err(|_| {
            problems.push(FieldError::new(
                "EMAIL_FROM",
                "must be an address such as BaiTech <no-reply@baitech.co.ke>",
            ))
        });
        match (transport, from) {
            (Ok(transport), Ok(from)) => {
                if config.url.starts_with("smtp://") && !config.url.contains("tls=") {
                    tracing::warn!(
                        "SMTP_URL uses smtp:// without TLS: mail and credentials travel in clear text"
                    );
                }
                Ok(SmtpEmail { transport, from })
            }
            _ => Err(Error::Config(problems)),
        }
    }

    fn build(&self, m: &EmailMessage) -> Result<Message> {
        let to: Mailbox =
            m.to.parse()
                .map_err(|_| Error::validation("to", "is not a deliverable e-mail address"))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.as_str());
        let built = match &m.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                m.text.clone(),
                html.clone(),
            )),
            None => builder.header(ContentType::TEXT_PLAIN).body(m.text.clone()),
        };
        built.map_err(|e| Error::internal("building an e-mail", e))
    }
}

#[async_trait]
impl EmailGateway for SmtpEmail {
    fn backend(&self) -> &'static str {
        "smtp"
    }

    async fn send(&self, message: &EmailMessage) -> Result<()> {
        let email = self.build(message)?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| Error::unavailable("smtp", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(to: &str) -> EmailMessage {
        EmailMessage {
            to: to.into(),
            subject: "Hello".into(),
            text: "body".into(),
            html: None,
        }
    }

    #[tokio::test]
    async fn the_sandbox_keeps_messages_per_recipient() {
        let s = SandboxEmail::default();
        s.send(&msg("a@example.com")).await.unwrap();
        s.send(&msg("b@example.com")).await.unwrap();
        assert_eq!(s.messages().len(), 2);
        assert_eq!(s.messages_to("A@example.com").len(), 1);
        assert!(s.sandbox_outbox().is_some());
    }

    #[test]
    fn bad_smtp_settings_name_every_variable() {
        let Err(Error::Config(errs)) = SmtpEmail::new(&SmtpConfig {
            url: "ftp://nowhere".into(),
            from: "not an address".into(),
        }) else {
            panic!("expected a configuration error");
        };
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["SMTP_URL", "EMAIL_FROM"]);
    }
}
