//! The in-memory SMS used when Africa's Talking is not configured.

use std::collections::VecDeque;
use std::sync::Mutex;

use async_trait::async_trait;

use super::{Sms, SmsOutcome};

/// Keeps SMS in memory; a test can script the next answers.
#[derive(Debug)]
pub struct SandboxSms {
    state: Mutex<State>,
    secret: String,
}

impl Default for SandboxSms {
    fn default() -> Self {
        SandboxSms {
            state: Mutex::default(),
            secret: format!("sandbox-{}", uuid::Uuid::new_v4().simple()),
        }
    }
}

#[derive(Debug, Default)]
struct State {
    sent: Vec<(String, String)>,
    next: VecDeque<SmsOutcome>,
    seq: u64,
}

impl SandboxSms {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("sms sandbox lock")
    }

    /// Every message accepted, `(to, text)`, oldest first.
    pub fn sent(&self) -> Vec<(String, String)> {
        self.state().sent.clone()
    }

    /// The next sends answer `outcome` (in order).
    pub fn answer_next(&self, outcome: SmsOutcome) {
        self.state().next.push_back(outcome);
    }
}

#[async_trait]
impl Sms for SandboxSms {
    fn backend(&self) -> &'static str {
        "sandbox"
    }

    async fn send(&self, to: &str, message: &str) -> SmsOutcome {
        let mut s = self.state();
        if let Some(o) = s.next.pop_front() {
            return o;
        }
        s.seq += 1;
        s.sent.push((to.to_string(), message.to_string()));
        SmsOutcome::Sent {
            message_id: format!("sandbox-{}", s.seq),
            cost: "KES 0.0000".into(),
        }
    }

    fn callback_secret(&self) -> &str {
        &self.secret
    }

    fn sandbox(&self) -> Option<&SandboxSms> {
        Some(self)
    }
}
