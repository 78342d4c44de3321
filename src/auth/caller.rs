//! Who is calling — one type for the HTTP API, the CLI and the services — and the named
//! permission checks a service runs first, so that no entry point (a handler, a command)
//! can reach a use case without the rule it needs.
//!
//! A booking's [`Actor`] is not a second caller type: it is the role a move is recorded
//! under in the state machine, which a background job (`Actor::System`) can also hold. A
//! caller acting on a booking becomes `Actor::User` through [`Caller::actor`].

use crate::domain::Id;
use crate::domain::booking::Actor;
use crate::domain::user::{Role, User};
use crate::error::{Error, Result};

/// The account a request or a command acts for, and the role it acts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    pub id: Id,
    pub role: Role,
}

impl Caller {
    pub fn new(id: Id, role: Role) -> Caller {
        Caller { id, role }
    }

    /// The account as a caller in its stored role (the CLI acting as an operator's account).
    pub fn of(user: &User) -> Caller {
        Caller::new(user.id, user.role)
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Admins and support staff, who may see what any account sees.
    pub fn is_staff(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Support)
    }

    /// The role this caller's booking moves are recorded under.
    pub fn actor(&self) -> Actor {
        Actor::User {
            id: self.id,
            role: self.role,
        }
    }
}

impl From<Caller> for Actor {
    fn from(c: Caller) -> Actor {
        c.actor()
    }
}

impl From<&Caller> for Actor {
    fn from(c: &Caller) -> Actor {
        c.actor()
    }
}

/// `Forbidden` unless `caller` is an admin.
pub fn require_admin(caller: &Caller) -> Result<()> {
    require_role(caller, &[Role::Admin])
}

/// `Forbidden` unless `caller` acts in one of `roles`.
pub fn require_role(caller: &Caller, roles: &[Role]) -> Result<()> {
    if roles.contains(&caller.role) {
        return Ok(());
    }
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    Err(Error::Forbidden(format!(
        "this action needs role {}",
        names.join(" or ")
    )))
}

/// `Forbidden` unless `caller` is `owner` or an admin.
pub fn require_self_or_admin(caller: &Caller, owner: Id) -> Result<()> {
    if caller.id == owner || caller.is_admin() {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "you may only act on your own account".into(),
        ))
    }
}

/// `Forbidden` unless `actor` is an admin acting in person; returns the admin's id. For the
/// services that take a booking's [`Actor`] (money decisions, dispute settlement).
pub fn require_admin_actor(actor: Actor, what: &str) -> Result<Id> {
    match actor {
        Actor::User {
            id,
            role: Role::Admin,
        } => Ok(id),
        _ => Err(Error::Forbidden(format!("only an admin {what}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_checks_refuse_other_roles() {
        let me = Id::new();
        let customer = Caller::new(me, Role::Customer);
        let admin = Caller::new(Id::new(), Role::Admin);
        assert!(matches!(require_admin(&customer), Err(Error::Forbidden(_))));
        assert!(require_admin(&admin).is_ok());
        assert!(require_self_or_admin(&customer, me).is_ok());
        assert!(require_self_or_admin(&customer, Id::new()).is_err());
        assert!(require_self_or_admin(&admin, me).is_ok());
        assert!(require_admin_actor(customer.actor(), "does this").is_err());
        assert!(require_admin_actor(Actor::System, "does this").is_err());
        assert_eq!(
            require_admin_actor(admin.actor(), "does this").unwrap(),
            admin.id
        );
    }
}
