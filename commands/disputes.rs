//! `baitech disputes`: bookings in dispute (`list`), everything about one (`show`), and
//! settling one as an admin (`resolve`) — by flags for scripts, or by prompts at a terminal.

use baitech::app::App;
use baitech::auth::Caller;
use baitech::config::Config;
use baitech::domain::Money;
use baitech::domain::booking::{Booking, BookingStatus, DisputeOutcome};
use baitech::error::{Error, FieldError, exit};
use baitech::services::disputes::{
    self, DEFAULT_MESSAGES, DisputeFile, MoneySoFar, Resolution, ResolveDisputeInput,
    TransactionLine,
};
use baitech::services::input::Field;
use baitech::services::users::admin::acting_admin;
use clap::builder::PossibleValuesParser;
use clap::{Args, Subcommand};

use crate::kit::{Output, confirm, interactive, major, opt, parse_kes, when};

#[derive(Debug, Args)]
pub struct DisputesArgs {
    #[command(subcommand)]
    pub command: DisputesCommand,
}

#[derive(Debug, Subcommand)]
pub enum DisputesCommand {
    /// Bookings in dispute, newest first.
    List(ListArgs),
    /// One dispute: parties, timeline, evidence, money, audit trail and the booking's chat.
    Show(ShowArgs),
    /// Settle a dispute as an admin: refund the customer, release to the technician, or split.
    Resolve(ResolveArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// At most this many bookings.
    #[arg(long, default_value_t = 50, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Booking id, or the booking number of a disputed booking.
    #[arg(value_name = "BOOKING")]
    pub booking: String,
    /// Show this many of the chat's last messages.
    #[arg(long, default_value_t = DEFAULT_MESSAGES, value_name = "N")]
    pub messages: u32,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// Booking id, or the booking number of a disputed booking.
    #[arg(value_name = "BOOKING")]
    pub booking: String,
    /// How the dispute is settled (asked for at a terminal when left out).
    #[arg(long, value_name = "OUTCOME",
          value_parser = PossibleValuesParser::new(DisputeOutcome::ALL.iter().map(|o| o.as_str())))]
    pub outcome: Option<String>,
    /// Refund to the customer in KES: required for refund_partial; split defaults to half.
    #[arg(long, value_name = "KES", value_parser = parse_kes)]
    pub amount: Option<Money>,
    /// Why (kept on the booking and in the audit log).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Do not ask for confirmation (needed without a terminal).
    #[arg(short, long)]
    pub yes: bool,
    /// E-mail of the admin acting [default: the first active admin]
    #[arg(long, env = "BAITECH_ADMIN_EMAIL", value_name = "EMAIL")]
    pub admin: Option<String>,
}

pub async fn run(args: DisputesArgs, config: Config, out: &Output) -> Result<i32, Error> {
    let app = App::connect(config).await?;
    match args.command {
        DisputesCommand::List(a) => list(a, &app, out).await,
        DisputesCommand::Show(a) => show(a, &app, out).await,
        DisputesCommand::Resolve(a) => resolve(a, &app, out).await,
    }
}

async fn list(args: ListArgs, app: &App, out: &Output) -> Result<i32, Error> {
    let items = disputes::list(app, args.limit as usize).await?;
    if out.json {
        out.json(&items);
        return Ok(exit::OK);
    }
    let rows = items
        .iter()
        .map(|d| {
            vec![
                d.booking_number.clone(),
                d.booking.to_string(),
                d.opened_at.map(when).unwrap_or_default(),
                d.opened_by
                    .as_ref()
                    .map(|p| match p.role {
                        Some(r) => format!("{} ({r})", p.name),
                        None => p.name.clone(),
                    })
                    .unwrap_or_default(),
                d.reason.clone().unwrap_or_default(),
                d.total.to_string(),
            ]
        })
        .collect();
    out.table(
        &["booking", "id", "opened", "opened by", "reason", "total"],
        rows,
    );
    out.say(format!("{} disputed booking(s)", items.len()));
    Ok(exit::OK)
}

async fn show(args: ShowArgs, app: &App, out: &Output) -> Result<i32, Error> {
    let booking = disputes::find(app, &args.booking).await?;
    let file = disputes::show(app, booking, args.messages).await?;
    if out.json {
        out.json(&file);
    } else {
        render_file(&file, out);
    }
    Ok(exit::OK)
}

fn render_file(f: &DisputeFile, out: &Output) {
    let b = &f.booking;
    out.say(format!(
        "booking {} ({}) is {}",
        b.booking_number, b.id, b.status
    ));
    out.say(format!("  {}: {}", b.service_category, b.description));
    out.say(format!(
        "  scheduled {}, total {}",
        when(b.scheduled_at),
        b.total
    ));
    let party = |role: &str, p: &disputes::Party| {
        vec![
            role.to_string(),
            p.name.clone(),
            p.email.clone().unwrap_or_default(),
            p.phone.clone().unwrap_or_default(),
            p.id.to_string(),
        ]
    };
    let mut parties = vec![party("customer", &f.customer)];
    parties.extend(f.technician.iter().map(|t| party("technician", t)));
    out.table(&["party", "name", "email", "phone", "id"], parties);

    out.say("status timeline:");
    let timeline = f
        .timeline
        .iter()
        .map(|c| {
            vec![
                when(c.at),
                c.from.map(|s| s.to_string()).unwrap_or_else(|| "-".into()),
                c.to.to_string(),
                c.by_role
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| "system".into()),
                c.reason.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out.table(&["at", "from", "to", "by", "reason"], timeline);

    match &f.dispute {
        None => out.say("no dispute is recorded on this booking"),
        Some(d) => {
            let opener = [Some(&f.customer), f.technician.as_ref()]
                .into_iter()
                .flatten()
                .find(|p| p.id == d.opened_by)
                .map(|p| p.name.clone())
                .unwrap_or_else(|| d.opened_by.to_string());
            out.say(format!(
                "dispute ({}) opened {} by {opener}: {}",
                d.status,
                when(d.opened_at),
                d.reason
            ));
            if let Some(text) = &d.description {
                out.say(format!("  {text}"));
            }
            if !d.evidence.is_empty() {
                let rows = d
                    .evidence
                    .iter()
                    .map(|e| {
                        vec![
                            e.kind.to_string(),
                            e.url.clone(),
                            e.note.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                out.table(&["evidence", "url", "note"], rows);
            }
            if let Some(r) = &d.resolution {
                let refund = r
                    .refund_amount
                    .map(|m| format!(", refund {m}"))
                    .unwrap_or_default();
                out.say(format!(
                    "settled {} as {}{refund}: {}",
                    when(r.resolved_at),
                    r.outcome,
                    r.reason
                ));
            }
        }
    }
    render_transactions(&f.transactions, out);
    render_money(&f.money, out);
    if !f.audit.is_empty() {
        out.say("audit log:");
        let rows = f
            .audit
            .iter()
            .map(|a| {
                vec![
                    when(a.at),
                    a.actor_label.clone(),
                    a.action.clone(),
                    format!("{} {}", a.target_kind, opt(a.target_id)),
                    a.reason.clone().unwrap_or_default(),
                ]
            })
            .collect();
        out.table(&["at", "actor", "action", "target", "reason"], rows);
    }
    match f.conversation {
        None => out.say("the booking has no chat"),
        Some(_) if f.messages.is_empty() => out.say("the booking's chat has no messages"),
        Some(_) => {
            out.say(format!("last {} chat message(s):", f.messages.len()));
            for m in &f.messages {
                out.say(format!("  [{}] {}: {}", when(m.at), m.sender_name, m.text));
            }
        }
    }
}

fn render_transactions(txs: &[TransactionLine], out: &Output) {
    if txs.is_empty() {
        out.say("no transactions");
        return;
    }
    let rows = txs
        .iter()
        .map(|t| {
            vec![
                when(t.created_at),
                t.receipt_number.clone(),
                t.kind.to_string(),
                t.status.to_string(),
                t.gateway.to_string(),
                t.amount.to_string(),
                t.refunded_amount.to_string(),
            ]
        })
        .collect();
    out.table(
        &[
            "created", "receipt", "type", "status", "gateway", "amount", "refunded",
        ],
        rows,
    );
}

fn render_money(m: &MoneySoFar, out: &Output) {
    out.say(format!(
        "paid {}, refunded {}, in escrow {}, released {}",
        m.paid, m.refunded, m.in_escrow, m.released
    ));
}

/// The decision, every part either given by flag or asked for.
struct Decision {
    outcome: DisputeOutcome,
    amount: Option<Money>,
    reason: String,
}

async fn resolve(args: ResolveArgs, app: &App, out: &Output) -> Result<i32, Error> {
    let admin = acting_admin(&app.store, args.admin.as_deref())
        .await?
        .ok_or_else(|| {
            Error::BadRequest(
                "no active admin account to act as: create one (e.g. `baitech seed`) or pass --admin <email>"
                    .into(),
            )
        })?;
    let booking = disputes::find(app, &args.booking).await?;
    if booking.status != BookingStatus::Disputed
        && disputes::money_outstanding(app, &booking).await?
    {
        // Decided earlier, but the refund did not go through then: finish the money only.
        let question = format!(
            "The refund decided on {} has not gone through; send it now?",
            booking.booking_number
        );
        if !confirm(&question, args.yes)? {
            out.say("nothing changed");
            return Ok(exit::OK);
        }
        let r = disputes::resolve(app, &Caller::of(&admin), booking.id, Default::default()).await?;
        if out.json {
            out.json(&r);
        } else {
            render_resolution(&r, out);
        }
        return Ok(exit::OK);
    }
    disputes::ensure_disputed(&booking)?;
    let decision = decide(&args, &booking)?;
    let refund = decision
        .amount
        .map(|m| format!(", refunding {m}"))
        .unwrap_or_default();
    let question = format!(
        "Settle the dispute on {} as {}{refund}?",
        booking.booking_number, decision.outcome
    );
    if !confirm(&question, args.yes)? {
        out.say("nothing changed");
        return Ok(exit::OK);
    }
    let req = ResolveDisputeInput {
        outcome: Field::Set(decision.outcome.as_str().to_string()),
        refund_amount: decision.amount.map_or(Field::Absent, Field::Set),
        reason: Field::Set(decision.reason),
    };
    let r = match disputes::resolve(app, &Caller::of(&admin), booking.id, req).await {
        Ok(r) => r,
        Err(e) => {
            // The decision is written before the money moves: say so when only the money failed.
            if let Ok(now) = disputes::find(app, &booking.id.to_hex()).await
                && disputes::ensure_disputed(&now).is_err()
            {
                eprintln!(
                    "note: the decision was recorded (booking {} is now {}) but the money did not \
                     follow; escrow stays held — run `baitech disputes resolve {}` again to finish",
                    now.booking_number, now.status, now.id
                );
            }
            return Err(e);
        }
    };
    if out.json {
        out.json(&r);
    } else {
        render_resolution(&r, out);
    }
    Ok(exit::OK)
}

fn render_resolution(r: &Resolution, out: &Output) {
    let outcome = r
        .outcome
        .map(|o| o.to_string())
        .unwrap_or_else(|| "?".into());
    let refund = r
        .refund_amount
        .map(|m| format!(" (refund {m})"))
        .unwrap_or_default();
    out.say(format!(
        "booking {} settled as {outcome}{refund}; it is now {}",
        r.booking.booking_number, r.booking.status
    ));
    if r.moved.is_empty() {
        out.say("no money moved (nothing was held in escrow)");
    } else {
        out.say("money moved:");
        render_transactions(&r.moved, out);
    }
    render_money(&r.money, out);
}

/// The outcome, amount and reason from the flags, asking at a terminal for what is missing;
/// without one, a usage error naming every missing flag.
fn decide(args: &ResolveArgs, booking: &Booking) -> Result<Decision, Error> {
    let outcome = args.outcome.as_deref().and_then(DisputeOutcome::parse);
    let needs_amount = |o: Option<DisputeOutcome>| o == Some(DisputeOutcome::RefundPartial);
    if !interactive() {
        let mut missing = Vec::new();
        if outcome.is_none() {
            missing.push(FieldError::new(
                "--outcome",
                "is required without a terminal",
            ));
        }
        if needs_amount(outcome) && args.amount.is_none() {
            missing.push(FieldError::new(
                "--amount",
                "is required for refund_partial",
            ));
        }
        if args.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            missing.push(FieldError::new(
                "--reason",
                "is required without a terminal",
            ));
        }
        if !args.yes {
            missing.push(FieldError::new("--yes", "is required without a terminal"));
        }
        return match (outcome, &args.reason, missing.is_empty()) {
            (Some(outcome), Some(reason), true) => Ok(Decision {
                outcome,
                amount: args.amount,
                reason: reason.clone(),
            }),
            _ => Err(Error::Validation(missing)),
        };
    }
    let total = booking.pricing.total;
    let outcome = match outcome {
        Some(o) => o,
        None => ask_outcome(total)?,
    };
    let amount = match (outcome, args.amount) {
        (_, Some(m)) => Some(m),
        (DisputeOutcome::RefundPartial, None) => Some(ask_amount(None)?),
        (DisputeOutcome::Split, None) => Some(ask_amount(Some(Money::new(
            total.amount / 2,
            total.currency,
        )))?),
        _ => None,
    };
    let reason = match args.reason.clone().filter(|r| !r.trim().is_empty()) {
        Some(r) => r,
        None => dialoguer::Input::<String>::new()
            .with_prompt("Reason (kept on the booking and in the audit log)")
            .interact_text()
            .map_err(prompt_failed)?,
    };
    Ok(Decision {
        outcome,
        amount,
        reason,
    })
}

fn prompt_failed(e: dialoguer::Error) -> Error {
    Error::internal("reading the answer", e)
}

fn ask_outcome(total: Money) -> Result<DisputeOutcome, Error> {
    let half = Money::new(total.amount / 2, total.currency);
    let labels = DisputeOutcome::ALL
        .iter()
        .map(|o| match o {
            DisputeOutcome::RefundFull => format!("{o}: refund the whole {total} to the customer"),
            DisputeOutcome::RefundPartial => {
                format!("{o}: refund part, release the rest to the technician")
            }
            DisputeOutcome::ReleaseToTechnician => {
                format!("{o}: refund nothing, the technician is paid")
            }
            DisputeOutcome::Split => {
                format!("{o}: refund half ({half}) or a given amount, release the rest")
            }
        })
        .collect::<Vec<_>>();
    let i = dialoguer::Select::new()
        .with_prompt("Outcome")
        .items(&labels)
        .default(0)
        .interact()
        .map_err(prompt_failed)?;
    Ok(DisputeOutcome::ALL[i])
}

fn ask_amount(default: Option<Money>) -> Result<Money, Error> {
    let mut input = dialoguer::Input::<String>::new()
        .with_prompt("Refund to the customer (KES)")
        .validate_with(|s: &String| parse_kes(s).map(|_| ()));
    if let Some(d) = default {
        input = input.default(major(d));
    }
    let text = input.interact_text().map_err(prompt_failed)?;
    parse_kes(&text).map_err(|e| Error::validation("--amount", e))
}
