//! Where the connection is in its life ([`Phase`]), each phase holding only its own data.
//!
//! The public [`ConnectionState`] is read off the phase ([`Phase::state`]); the client
//! reports each change of it as a `state-change` event ([`Client::sync_state`]). Every
//! `handle_*` input and command matches on the phase, so what an input does in each phase is
//! written in one place, and `tests/connection_phases.rs` drives every (phase, input) pair.

use super::*;

/// The connection's phase.
#[derive(Debug)]
pub(super) enum Phase {
    /// `connectionType: null`: a model without I/O, never opened.
    Null,
    /// Created, not opened yet.
    Idle,
    /// Connection attempts are under way: `open()`, a reconnect after a drop, or a step-up.
    Connecting(Attempt),
    /// Open and verified. `socket` is `None` on a REST connection.
    Live { socket: Option<SocketId> },
    /// Inside `close()`: everything pending is being failed.
    Closing,
    /// Closed by the user or by the platform, or given up (`failed`). `open()` may start
    /// again from a failure, or from a close that came before the connection was ever up.
    Ended {
        failed: bool,
        connected_before: bool,
    },
}

/// Why attempts are being made, with what that goal carries until it is reached.
#[derive(Debug)]
pub(super) enum Goal {
    /// `open()`: completes `cmd`; bounded by `connectTimeout`.
    Open { cmd: CommandId },
    /// After an unexpected drop at `dropped_at`: no deadline (a connection that worked keeps
    /// trying, as LivePerson's SDK does, until `close()`). Requests queue for
    /// `maxRequestQueueTime` after the drop.
    Reconnect { dropped_at: Time },
    /// A consumer step-up (`stepUp` / `mockStepUp`): completes `cmd`. `code` goes to the
    /// connector until the IDP has answered; the conversations of `previous_user` are taken
    /// over once connected.
    StepUp {
        cmd: CommandId,
        code: Option<(String, Secret)>,
        previous_user: Option<String>,
        dropped_at: Time,
    },
}

/// One series of connection attempts towards a [`Goal`].
#[derive(Debug)]
pub(super) struct Attempt {
    pub(super) goal: Goal,
    /// The connection was up before: subscriptions are re-created rather than created, and
    /// new tokens are reported as regenerated.
    pub(super) connected_before: bool,
    /// `connectTimeout` from the start of the series (none for a reconnect).
    pub(super) deadline: Option<Time>,
    /// Waiting for the next attempt (back-off) until then.
    pub(super) retry_at: Option<Time>,
    /// The socket of the current attempt.
    pub(super) socket: Option<AttemptSocket>,
    /// Where set-up after the socket's verification stands.
    pub(super) setup: Option<Setup>,
}

/// The socket of a connection attempt.
#[derive(Debug, Clone, Copy)]
pub(super) struct AttemptSocket {
    pub(super) id: SocketId,
    pub(super) opened: bool,
}

/// Where set-up after verification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Setup {
    /// Waiting for the default subscription (response, or first notification).
    Subscription(SubscriptionHandle),
    /// Waiting for the consumer's own profile.
    Profile,
}

impl Phase {
    /// The public state this phase shows.
    pub(super) fn state(&self) -> ConnectionState {
        match self {
            Phase::Null => ConnectionState::Null,
            Phase::Idle => ConnectionState::Initial,
            Phase::Connecting(a) => match (&a.goal, a.retry_at) {
                // Between two reconnect attempts: requests queue, `disconnected`.
                (Goal::Reconnect { .. }, Some(_)) => ConnectionState::Disconnected,
                _ => ConnectionState::Connecting,
            },
            Phase::Live { .. } => ConnectionState::Connected,
            Phase::Closing => ConnectionState::Closing,
            Phase::Ended { failed: true, .. } => ConnectionState::FailedToConnect,
            Phase::Ended { failed: false, .. } => ConnectionState::Closed,
        }
    }

    /// The socket of the attempt or of the connection.
    pub(super) fn socket(&self) -> Option<SocketId> {
        match self {
            Phase::Connecting(a) => a.socket.map(|s| s.id),
            Phase::Live { socket } => *socket,
            _ => None,
        }
    }

    /// Takes the socket out of the phase (to close it).
    pub(super) fn take_socket(&mut self) -> Option<SocketId> {
        match self {
            Phase::Connecting(a) => a.socket.take().map(|s| s.id),
            Phase::Live { socket } => socket.take(),
            _ => None,
        }
    }

    /// The attempt under way.
    pub(super) fn attempt(&self) -> Option<&Attempt> {
        match self {
            Phase::Connecting(a) => Some(a),
            _ => None,
        }
    }

    /// The attempt under way, mutable.
    pub(super) fn attempt_mut(&mut self) -> Option<&mut Attempt> {
        match self {
            Phase::Connecting(a) => Some(a),
            _ => None,
        }
    }

    /// The connection has been up at some point of its life.
    pub(super) fn connected_before(&self) -> bool {
        match self {
            Phase::Null | Phase::Idle => false,
            Phase::Connecting(a) => a.connected_before,
            Phase::Live { .. } | Phase::Closing => true,
            Phase::Ended {
                connected_before, ..
            } => *connected_before,
        }
    }

    /// A step-up is under way.
    pub(super) fn stepping_up(&self) -> bool {
        matches!(
            self,
            Phase::Connecting(Attempt {
                goal: Goal::StepUp { .. },
                ..
            })
        )
    }

    /// The command the attempts' goal completes (`open()`, a step-up).
    pub(super) fn goal_command(&self) -> Option<CommandId> {
        match self.attempt()?.goal {
            Goal::Open { cmd } | Goal::StepUp { cmd, .. } => Some(cmd),
            Goal::Reconnect { .. } => None,
        }
    }

    /// Where set-up stands, while an attempt's socket is being set up.
    pub(super) fn setup(&self) -> Option<Setup> {
        self.attempt().and_then(|a| a.setup)
    }
}

impl Client {
    /// The public state (read off the phase).
    pub(super) fn current_state(&self) -> ConnectionState {
        self.phase.state()
    }

    /// Reports a change of the public state (`state-change`), once per change.
    pub(super) fn sync_state(&mut self) {
        let s = self.phase.state();
        if self.reported_state != s {
            self.reported_state = s;
            self.emit(Event::StateChange { state: s });
        }
    }

    /// Moves to `phase` and reports the state change, if any.
    pub(super) fn enter(&mut self, phase: Phase) {
        self.phase = phase;
        self.sync_state();
    }

    /// Whether `id` is the socket of the attempt or connection.
    pub(super) fn is_current_socket(&self, id: SocketId) -> bool {
        self.phase.socket() == Some(id)
    }

    /// The step-up's authenticated code, until the IDP has answered it.
    pub(super) fn step_up_code(&self) -> Option<(String, Secret)> {
        match &self.phase.attempt()?.goal {
            Goal::StepUp { code, .. } => code.clone(),
            _ => None,
        }
    }

    /// The IDP answered the step-up's code (with a token or a refusal): it is spent.
    pub(super) fn forget_step_up_code(&mut self) {
        if let Some(Attempt {
            goal: Goal::StepUp { code, .. },
            ..
        }) = self.phase.attempt_mut()
        {
            *code = None;
        }
    }

    /// Records where set-up stands (only while connecting).
    pub(super) fn set_setup(&mut self, setup: Option<Setup>) {
        if let Some(a) = self.phase.attempt_mut() {
            a.setup = setup;
        }
    }

    /// Closes the phase's socket, if any, with `code` and `reason`.
    pub(super) fn close_socket(&mut self, code: u16, reason: &str) {
        if let Some(id) = self.phase.take_socket() {
            self.transmits.push_back(Transmit::CloseSocket {
                id,
                code,
                reason: reason.into(),
            });
        }
    }
}
