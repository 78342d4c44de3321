//! The in-memory push used when FCM is not configured: it keeps every message, and a test
//! (or developer) can make tokens unregistered or the next sends fail.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

use async_trait::async_trait;

use super::{Push, PushMessage, PushOutcome};

/// Keeps pushes in memory.
#[derive(Debug, Default)]
pub struct SandboxPush {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    sent: Vec<PushMessage>,
    unregistered: HashSet<String>,
    failures: VecDeque<PushOutcome>,
    seq: u64,
}

impl SandboxPush {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("push sandbox lock")
    }

    /// Every push accepted, oldest first.
    pub fn sent(&self) -> Vec<PushMessage> {
        self.state().sent.clone()
    }

    /// The pushes accepted for `token`.
    pub fn sent_to(&self, token: &str) -> Vec<PushMessage> {
        self.sent()
            .into_iter()
            .filter(|m| m.token == token)
            .collect()
    }

    /// `token` belongs to no install from now on.
    pub fn unregister(&self, token: &str) {
        self.state().unregistered.insert(token.to_string());
    }

    /// The next sends answer `outcome` (in order), before any is accepted.
    pub fn fail_next(&self, outcome: PushOutcome, times: usize) {
        let mut s = self.state();
        for _ in 0..times {
            s.failures.push_back(outcome.clone());
        }
    }
}

#[async_trait]
impl Push for SandboxPush {
    fn backend(&self) -> &'static str {
        "sandbox"
    }

    async fn send(&self, message: &PushMessage) -> PushOutcome {
        let mut s = self.state();
        if s.unregistered.contains(&message.token) {
            return PushOutcome::Unregistered;
        }
        if let Some(f) = s.failures.pop_front() {
            return f;
        }
        s.seq += 1;
        s.sent.push(message.clone());
        PushOutcome::Accepted(format!("projects/sandbox/messages/{}", s.seq))
    }

    fn sandbox(&self) -> Option<&SandboxPush> {
        Some(self)
    }
}
