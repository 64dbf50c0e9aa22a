//! The brand session as both the connection ([`Client`](crate::connection::Client)) and the
//! [`TokenMaintainer`](crate::connection::maintainer::TokenMaintainer) keep it: the session,
//! whether it was proven alive, when it is refreshed next, and what to do to hold a live one.
//! Each owner decides only what its users see (events, retries); the session's rules live
//! here once.

use super::brand::{self, BrandSession, REFRESH_INTERVAL_MS, RefreshOutcome};
use crate::connection::errors::Error;
use crate::connection::options::AgentSessionData;
use crate::connection::secret::Secret;
use crate::io::HttpResponse;
use crate::time::Time;

/// What to do to hold a session proven alive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NextStep {
    /// It is there and alive.
    Ready,
    /// A session is there but not proven alive: refresh it first (LivePerson's client does
    /// the same; it also keeps the session alive).
    Validate,
    /// No session: log in.
    Login,
    /// No session and no credentials to log in with.
    CannotLogIn,
}

/// A brand session and its upkeep.
#[derive(Debug, Default)]
pub(crate) struct BrandState {
    session: Option<BrandSession>,
    validated: bool,
    refresh_at: Option<Time>,
}

impl BrandState {
    /// The session, alive or not.
    pub(crate) fn session(&self) -> Option<&BrandSession> {
        self.session.as_ref()
    }

    /// Holds a session proven alive.
    pub(crate) fn is_valid(&self) -> bool {
        self.session.is_some() && self.validated
    }

    /// When the session is refreshed next.
    pub(crate) fn refresh_at(&self) -> Option<Time> {
        self.refresh_at
    }

    /// What to do next; `can_log_in` says whether there are credentials.
    pub(crate) fn next_step(&self, can_log_in: bool) -> NextStep {
        match (&self.session, self.validated) {
            (Some(_), true) => NextStep::Ready,
            (Some(_), false) => NextStep::Validate,
            (None, _) if can_log_in => NextStep::Login,
            (None, _) => NextStep::CannotLogIn,
        }
    }

    /// Takes a session from elsewhere: one given in the options (`proven: false`, refreshed
    /// before use), or one a token source keeps alive itself (`proven: true`, never
    /// refreshed here).
    pub(crate) fn adopt(&mut self, session: BrandSession, proven: bool) {
        self.session = Some(session);
        self.validated = proven;
        self.refresh_at = None;
    }

    /// Reads a login answer: the new session is alive and refreshed every 4 minutes.
    pub(crate) fn on_login(
        &mut self,
        now: Time,
        resp: &HttpResponse,
        secrets: &[&str],
    ) -> Result<(), Error> {
        let session = brand::login_outcome(resp, secrets)?;
        self.session = Some(session);
        self.validated = true;
        self.refresh_at = Some(now.plus_ms(REFRESH_INTERVAL_MS));
        Ok(())
    }

    /// Reads a refresh answer: alive (next refresh in 4 minutes), invalid (the session is
    /// dropped), or failed (nothing changes; see [`BrandState::retry_refresh_later`]).
    pub(crate) fn on_refresh(
        &mut self,
        now: Time,
        resp: &HttpResponse,
        secrets: &[&str],
    ) -> RefreshOutcome {
        let outcome = brand::refresh_outcome(resp, secrets);
        match outcome {
            RefreshOutcome::Alive => {
                self.validated = true;
                self.refresh_at = Some(now.plus_ms(REFRESH_INTERVAL_MS));
            }
            RefreshOutcome::Invalid(_) => self.drop_session(),
            RefreshOutcome::Failed(_) => {}
        }
        outcome
    }

    /// A refresh (or a background login) failed: try again at the refresh cadence, which
    /// the server's 10-minute session window allows.
    pub(crate) fn retry_refresh_later(&mut self, now: Time) {
        self.refresh_at = Some(now.plus_ms(REFRESH_INTERVAL_MS));
    }

    /// The refresh is due: clears it and says so.
    pub(crate) fn take_due_refresh(&mut self, now: Time) -> bool {
        let due = self.refresh_at.is_some_and(|t| t <= now);
        if due {
            self.refresh_at = None;
        }
        due
    }

    /// The session was refused somewhere but is kept (it may still serve a socket) until a
    /// new one is in: it is no longer taken as alive.
    pub(crate) fn distrust(&mut self) {
        self.validated = false;
    }

    /// The session is gone (refused, revoked): forget it and its refresh.
    pub(crate) fn drop_session(&mut self) {
        self.session = None;
        self.validated = false;
        self.refresh_at = None;
    }

    /// Stops refreshing (close, stop).
    pub(crate) fn stop_refreshing(&mut self) {
        self.refresh_at = None;
    }

    /// The session's secrets, for scrubbing texts.
    pub(crate) fn secrets(&self) -> impl Iterator<Item = &Secret> {
        self.session
            .iter()
            .flat_map(|s| [&s.bearer, &s.csrf, &s.session_id])
    }
}

impl From<&AgentSessionData> for BrandSession {
    fn from(s: &AgentSessionData) -> BrandSession {
        BrandSession {
            bearer: s.token.clone(),
            csrf: s.csrf.clone(),
            session_id: s.session_id.clone(),
            user_id: s.user_id.clone(),
            user_pid: s.user_pid.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![],
            body: body.as_bytes().to_vec(),
        }
    }

    const LOGIN: &str = r#"{"bearer":"B","csrf":"C","sessionId":"S","config":{"userId":"7"}}"#;

    #[test]
    fn a_login_makes_a_live_session_refreshed_every_four_minutes() {
        let mut b = BrandState::default();
        assert_eq!(b.next_step(true), NextStep::Login);
        assert_eq!(b.next_step(false), NextStep::CannotLogIn);
        b.on_login(Time(0), &answer(200, LOGIN), &[]).unwrap();
        assert!(b.is_valid());
        assert_eq!(b.next_step(false), NextStep::Ready);
        assert_eq!(b.refresh_at(), Some(Time(REFRESH_INTERVAL_MS)));
        assert!(!b.take_due_refresh(Time(1)));
        assert!(b.take_due_refresh(Time(REFRESH_INTERVAL_MS)));
        assert_eq!(b.refresh_at(), None);
        assert_eq!(b.secrets().count(), 3);
    }

    #[test]
    fn a_refused_login_changes_nothing() {
        let mut b = BrandState::default();
        assert!(b.on_login(Time(0), &answer(401, "{}"), &[]).is_err());
        assert_eq!(b.next_step(true), NextStep::Login);
        assert_eq!(b.secrets().count(), 0);
    }

    #[test]
    fn an_adopted_session_is_validated_by_a_refresh_and_dropped_when_refused() {
        let given = AgentSessionData {
            token: Secret::new("B"),
            ..AgentSessionData::default()
        };
        let mut b = BrandState::default();
        b.adopt(BrandSession::from(&given), false);
        assert_eq!(b.next_step(false), NextStep::Validate);
        assert!(matches!(
            b.on_refresh(Time(5), &answer(200, "{}"), &[]),
            RefreshOutcome::Alive
        ));
        assert_eq!(b.next_step(false), NextStep::Ready);
        assert_eq!(b.refresh_at(), Some(Time(5 + REFRESH_INTERVAL_MS)));
        b.distrust();
        assert_eq!(b.next_step(false), NextStep::Validate);
        assert!(matches!(
            b.on_refresh(Time(6), &answer(500, "{}"), &[]),
            RefreshOutcome::Failed(_)
        ));
        assert!(b.session().is_some(), "a failed refresh keeps the session");
        assert!(matches!(
            b.on_refresh(Time(7), &answer(401, "{}"), &[]),
            RefreshOutcome::Invalid(_)
        ));
        assert_eq!(b.next_step(true), NextStep::Login);
        assert_eq!(b.refresh_at(), None);
    }

    #[test]
    fn a_source_session_is_live_and_not_refreshed_here() {
        let mut b = BrandState::default();
        let s = BrandSession::from(&AgentSessionData {
            token: Secret::new("T"),
            ..AgentSessionData::default()
        });
        b.adopt(s, true);
        assert!(b.is_valid());
        assert_eq!(b.refresh_at(), None);
        b.retry_refresh_later(Time(1));
        assert_eq!(b.refresh_at(), Some(Time(1 + REFRESH_INTERVAL_MS)));
        b.stop_refreshing();
        assert_eq!(b.refresh_at(), None);
    }
}
