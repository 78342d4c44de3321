//! The in-memory M-Pesa used when Daraja is not configured: it accepts every valid request,
//! remembers it, and answers queries from results a test (or developer) sets.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::{
    B2cRequest, B2cResponse, Mpesa, StkPushRequest, StkPushResponse, StkQueryResult,
    daraja_timestamp,
};
use crate::error::Result;

/// Accepts pushes and payouts in memory. Nothing reaches a phone: the callback a real push
/// would produce must be posted by the test or developer, to the callback URL with
/// [`Mpesa::callback_secret`] (random per process, logged at start), and a success only counts
/// once the sandbox's own STK query says so ([`SandboxMpesa::set_query_result`] or
/// [`SandboxMpesa::customer_pays`]) — the same rules as Daraja.
#[derive(Debug)]
pub struct SandboxMpesa {
    state: Mutex<State>,
    secret: String,
}

impl Default for SandboxMpesa {
    fn default() -> Self {
        SandboxMpesa {
            state: Mutex::default(),
            secret: format!("sandbox-{}", uuid::Uuid::new_v4().simple()),
        }
    }
}

#[derive(Debug, Default)]
struct State {
    pushes: Vec<(StkPushRequest, StkPushResponse)>,
    payouts: Vec<(B2cRequest, B2cResponse)>,
    results: HashMap<String, StkQueryResult>,
}

impl SandboxMpesa {
    /// Every STK push request received, oldest first.
    pub fn pushes(&self) -> Vec<StkPushRequest> {
        let state = self.state.lock().expect("mpesa sandbox lock");
        state.pushes.iter().map(|(req, _)| req.clone()).collect()
    }

    /// The answer to the newest STK push (its ids are what the callback must carry).
    pub fn last_checkout(&self) -> Option<StkPushResponse> {
        let state = self.state.lock().expect("mpesa sandbox lock");
        state.pushes.last().map(|(_, res)| res.clone())
    }

    /// Every B2C request received, oldest first.
    pub fn payouts(&self) -> Vec<B2cRequest> {
        let state = self.state.lock().expect("mpesa sandbox lock");
        state.payouts.iter().map(|(req, _)| req.clone()).collect()
    }

    /// The customer approved push `checkout_request_id` on their phone: the STK query says it
    /// was paid from now on.
    pub fn customer_pays(&self, checkout_request_id: &str) {
        self.set_query_result(
            checkout_request_id,
            StkQueryResult {
                result_code: Some(0),
                result_desc: "The service request is processed successfully.".into(),
            },
        );
    }

    /// What [`Mpesa::stk_query`] answers for `checkout_request_id` from now on (until set,
    /// it answers "still processing").
    pub fn set_query_result(&self, checkout_request_id: &str, result: StkQueryResult) {
        let mut state = self.state.lock().expect("mpesa sandbox lock");
        state
            .results
            .insert(checkout_request_id.to_string(), result);
    }
}

/// `n` random decimal digits.
fn digits(n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rand::random_range(0..10u8)))
        .collect()
}

#[async_trait]
impl Mpesa for SandboxMpesa {
    fn backend(&self) -> &'static str {
        "sandbox"
    }

    async fn stk_push(&self, req: &StkPushRequest) -> Result<StkPushResponse> {
        req.validate()?;
        // Shaped like Daraja's ids: `29115-34620561-1`, `ws_CO_<DDMMYYYYHHmmss><digits>`.
        let now = daraja_timestamp(chrono::Utc::now());
        let day_first = format!("{}{}{}{}", &now[6..8], &now[4..6], &now[0..4], &now[8..]);
        let response = StkPushResponse {
            merchant_request_id: format!("{}-{}-1", digits(5), digits(8)),
            checkout_request_id: format!("ws_CO_{day_first}{}", digits(10)),
            customer_message: "Success. Request accepted for processing".into(),
        };
        tracing::info!(
            mpesa.checkout_request_id = %response.checkout_request_id,
            mpesa.amount = req.amount,
            "sandbox STK push accepted"
        );
        let mut state = self.state.lock().expect("mpesa sandbox lock");
        state.pushes.push((req.clone(), response.clone()));
        Ok(response)
    }

    async fn stk_query(&self, checkout_request_id: &str) -> Result<StkQueryResult> {
        let state = self.state.lock().expect("mpesa sandbox lock");
        Ok(state
            .results
            .get(checkout_request_id)
            .cloned()
            .unwrap_or_else(StkQueryResult::processing))
    }

    async fn b2c(&self, req: &B2cRequest) -> Result<B2cResponse> {
        req.validate()?;
        let response = B2cResponse {
            conversation_id: format!("AG_{}_{}", daraja_timestamp(chrono::Utc::now()), digits(12)),
            originator_conversation_id: req.originator_conversation_id.clone(),
            response_description: "Accept the service request successfully.".into(),
        };
        tracing::info!(
            mpesa.conversation_id = %response.conversation_id,
            mpesa.amount = req.amount,
            "sandbox B2C payment accepted"
        );
        let mut state = self.state.lock().expect("mpesa sandbox lock");
        state.payouts.push((req.clone(), response.clone()));
        Ok(response)
    }

    fn sandbox(&self) -> Option<&SandboxMpesa> {
        Some(self)
    }

    fn callback_secret(&self) -> Option<&str> {
        Some(&self.secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::gateways::mpesa::B2cCommand;

    fn push() -> StkPushRequest {
        StkPushRequest {
            amount: 1500,
            phone: "254712345678".into(),
            account_reference: "BK-1".into(),
            description: "Booking".into(),
        }
    }

    #[tokio::test]
    async fn the_sandbox_records_pushes_and_answers_queries_from_set_results() {
        let sandbox = SandboxMpesa::default();
        let a = sandbox.stk_push(&push()).await.unwrap();
        let b = sandbox.stk_push(&push()).await.unwrap();
        assert_ne!(a.checkout_request_id, b.checkout_request_id);
        assert!(a.checkout_request_id.starts_with("ws_CO_"));
        assert_eq!(sandbox.pushes(), vec![push(), push()]);
        assert_eq!(sandbox.last_checkout(), Some(b.clone()));

        let pending = sandbox.stk_query(&a.checkout_request_id).await.unwrap();
        assert_eq!(pending.result_code, None);
        let cancelled = StkQueryResult {
            result_code: Some(1032),
            result_desc: "Request cancelled by user".into(),
        };
        sandbox.set_query_result(&a.checkout_request_id, cancelled.clone());
        assert_eq!(
            sandbox.stk_query(&a.checkout_request_id).await.unwrap(),
            cancelled
        );
        assert!(sandbox.sandbox().is_some());
    }

    #[tokio::test]
    async fn the_sandbox_refuses_what_daraja_would_refuse() {
        let sandbox = SandboxMpesa::default();
        let bad = StkPushRequest {
            amount: 0,
            ..push()
        };
        assert!(matches!(
            sandbox.stk_push(&bad).await,
            Err(Error::Validation(_))
        ));
        assert!(sandbox.pushes().is_empty());
    }

    #[tokio::test]
    async fn the_sandbox_pays_out_and_echoes_our_id() {
        let sandbox = SandboxMpesa::default();
        let req = B2cRequest {
            amount: 900,
            phone: "254712345678".into(),
            remarks: "Payout".into(),
            originator_conversation_id: "payout-1".into(),
            command: B2cCommand::BusinessPayment,
        };
        let res = sandbox.b2c(&req).await.unwrap();
        assert_eq!(res.originator_conversation_id, "payout-1");
        assert_eq!(sandbox.payouts(), vec![req]);
    }
}
