//! Gap recovery: nothing published while a brand connection was down is lost.
//!
//! UMS delivers a brand socket the messaging events of the conversations its user takes part
//! in only while that socket is open; a reconnect's subscription snapshot says nothing about
//! messages. So after every reconnect the connection asks `QueryMessages` for each dialog it
//! follows, from the sequence after the last one it holds, and merges the answer as live
//! events. While a dialog's answer is on its way, live events of that dialog are held and
//! applied after it, so the user sees every message once (the model drops sequences it has
//! seen) and in sequence order. (Consumers re-subscribe with `fromSeq`, `setup.rs`.)
//! A `join` or ring accept opens the same kind of gap — events before the user took part
//! were never sent to it — and is closed the same way.

use super::*;

/// Records asked for per `QueryMessages` page; a full page asks for the next one.
pub(super) const PAGE: u64 = 100;
/// Live notifications held across all recovering dialogs; beyond this they are applied at
/// once (nothing is lost, only the order guarantee is given up) so memory stays bounded.
const HELD_MAX: usize = 10_000;

/// Dialogs being recovered and the live notifications held for them.
#[derive(Debug, Default)]
pub(super) struct Gaps {
    /// Dialog id → live messaging notifications that arrived meanwhile, in arrival order.
    held: BTreeMap<String, Vec<(Time, Notification)>>,
    held_len: usize,
    /// Dialog id → this user's records (sequence, event) in the answers so far.
    own: BTreeMap<String, Vec<(u64, Value)>>,
    /// Dialog id → the highest sequence a publish of this connection was answered with. A
    /// key is added once per dialog published to, so a sorted vector does.
    acked: VecMap<String, u64>,
}

impl Gaps {
    /// Forgets what it kept of dialogs the model dropped.
    pub(super) fn forget(&mut self, dialog_ids: &[String]) {
        for d in dialog_ids {
            self.acked.remove(d);
        }
    }

    /// `true` while `dialog_id`'s missed events are being fetched.
    pub(super) fn recovering(&self, dialog_id: &str) -> bool {
        self.held.contains_key(dialog_id)
    }
}

impl Client {
    /// After a reconnect's socket is verified (brand): fetch what every followed dialog missed.
    /// Live events flow again from this moment, so the answers close the gap exactly.
    pub(super) fn recover_gaps(&mut self, now: Time) {
        if self.cfg.user_type != UserType::Brand {
            return;
        }
        let followed = followed_dialogs(&self.model);
        // Dialogs held since the drop that are no longer followed (closed meanwhile): nothing
        // to ask, their held events go through now.
        let stale: Vec<String> = self
            .gaps
            .held
            .keys()
            .filter(|d| !followed.iter().any(|(f, _)| f == *d))
            .cloned()
            .collect();
        for d in stale {
            self.release_held(&d);
            self.resend_held(now, &d);
        }
        self.gaps
            .acked
            .retain(|d, _| followed.iter().any(|(f, _)| f == d));
        for (dialog, from) in followed {
            self.query_missed(now, dialog, from);
        }
    }

    /// At a drop (brand): from now on, live events of every followed dialog are held until its
    /// gap query is answered. UMS delivers a brand socket its conversations' events as soon as
    /// the socket is up, before the connection has verified it and asked `QueryMessages`; a
    /// live event applied then would move the dialog's last sequence past the gap, and the
    /// query (from the sequence after the last one held) would skip what was missed (found by
    /// `lpm chaos`: a bot whose reconnect took a few seconds lost the messages of that time).
    pub(super) fn hold_from_drop(&mut self) {
        if self.cfg.user_type != UserType::Brand {
            return;
        }
        for (dialog, _) in followed_dialogs(&self.model) {
            self.gaps.held.entry(dialog).or_default();
        }
    }

    /// After a successful `join` or ring accept (brand): UMS sends this user a conversation's
    /// events only from the moment it takes part, so fetch what its open dialog holds that
    /// the connection has not seen (sent before the join, or while the join was on its way).
    /// A ring's conversation not known yet is covered when it arrives (the model keeps its
    /// early events).
    pub(super) fn recover_after_join(&mut self, now: Time, cmd: &mc::Command) {
        let joined = matches!(cmd.on_success, Some(mc::Effect::SelfJoined(_)))
            || (cmd.message_type == MessageType::UpdateRingState
                && cmd.body.get("ringState").and_then(Value::as_str) == Some("ACCEPTED"));
        if !joined || self.cfg.user_type != UserType::Brand {
            return;
        }
        let Some(dialog) = cmd
            .conversation_id
            .as_deref()
            .and_then(|c| self.model.conversation(c))
            .and_then(|c| c.open_dialog())
            .filter(|d| d.is_messaging())
        else {
            return;
        };
        let (dialog_id, from) = (
            dialog.dialog_id.clone(),
            dialog.last_sequence().map_or(0, |s| s + 1),
        );
        if !self.gaps.recovering(&dialog_id) {
            self.query_missed(now, dialog_id, from);
        }
    }

    /// Asks for one page of `dialog_id`'s events from sequence `from` (inclusive).
    fn query_missed(&mut self, now: Time, dialog_id: String, from: u64) {
        let Some(name) = MessageType::QueryMessages.name(self.version) else {
            return;
        };
        self.gaps.held.entry(dialog_id.clone()).or_default();
        self.send_now(
            now,
            Outgoing {
                type_name: name.to_owned(),
                body: json!({"dialogId": dialog_id, "newerThanSequence": from, "maxQuantity": PAGE}),
                headers: None,
                metadata: None,
                purpose: Purpose::Recover(dialog_id),
            },
        );
    }

    /// A live messaging notification: held (returns `true`) when it touches a dialog whose
    /// missed events are still on their way.
    pub(super) fn hold_live(&mut self, now: Time, n: &Notification, body: &Value) -> bool {
        if self.gaps.held.is_empty() || self.gaps.held_len >= HELD_MAX {
            return false;
        }
        let dialog = match body.get("changes").and_then(Value::as_array) {
            Some(records) => records
                .iter()
                .filter_map(|r| r.get("dialogId").and_then(Value::as_str))
                .find(|d| self.gaps.recovering(d)),
            None => body
                .get("dialogId")
                .and_then(Value::as_str)
                .filter(|d| self.gaps.recovering(d)),
        };
        let Some(dialog) = dialog.map(str::to_owned) else {
            return false;
        };
        self.gaps.held_len += 1;
        self.gaps
            .held
            .entry(dialog)
            .or_default()
            .push((now, n.clone()));
        true
    }

    /// The answer to a gap query: its records first, in sequence order, then (once the last
    /// page is in) the live events held meanwhile.
    pub(super) fn on_missed(&mut self, now: Time, dialog_id: String, body: Option<Value>) {
        let body = body.unwrap_or(Value::Null);
        let full_page = body.as_array().is_some_and(|a| a.len() as u64 >= PAGE);
        let viewer = self.model.viewer();
        let own: Vec<(u64, Value)> = body
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| {
                wire_originator(r).is_some_and(|(u, a)| {
                    viewer.is(&u) || a.as_deref().is_some_and(|a| viewer.is(a))
                })
            })
            .filter_map(|r| Some((r.get("sequence")?.as_u64()?, r.get("event")?.clone())))
            .collect();
        self.gaps
            .own
            .entry(dialog_id.clone())
            .or_default()
            .extend(own);
        let events = self.model.ingest_missed_messages(&dialog_id, &body, now);
        self.model_events(now, events);
        if full_page {
            let next = self
                .model
                .dialog(&dialog_id)
                .and_then(|d| d.last_sequence())
                .map_or(0, |s| s + 1);
            let from = body
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r.get("sequence").and_then(Value::as_u64))
                .max()
                .map_or(next, |s| s + 1);
            self.query_missed(now, dialog_id, from);
            return;
        }
        self.confirm_publishes(now, &dialog_id);
        self.release_held(&dialog_id);
    }

    /// A publish of this connection answered with `sequence`: records after the highest such
    /// sequence that come from this user can only be publishes whose answer was lost.
    pub(super) fn note_published(&mut self, cmd: &mc::Command, sequence: u64) {
        if self.cfg.user_type != UserType::Brand || cmd.message_type != MessageType::PublishEvent {
            return;
        }
        if let Some(d) = &cmd.dialog_id {
            let acked = self.gaps.acked.get_or_insert_with(d.clone(), || sequence);
            *acked = (*acked).max(sequence);
        }
    }

    /// The gap answer of `dialog_id` is complete: publishes that were on the wire when the
    /// socket dropped and that the answer shows carried out (this user's records after the
    /// last answered publish, same event, in send order — UMS handles a socket's requests in
    /// order) complete with their sequence; the rest go out now, in order. A record that does
    /// not match (the same user publishing from another connection) ends the matching: what
    /// is left is sent again (at-least-once rather than lost).
    fn confirm_publishes(&mut self, now: Time, dialog_id: &str) {
        let own = self.gaps.own.remove(dialog_id).unwrap_or_default();
        let held = self.queue.release(dialog_id);
        if held.is_empty() {
            return;
        }
        let after = self.gaps.acked.get(dialog_id).copied();
        let mut carried_out = own
            .into_iter()
            .filter(|(seq, _)| after.is_none_or(|a| *seq > a))
            .collect::<Vec<_>>();
        carried_out.sort_by_key(|(seq, _)| *seq);
        let mut carried_out = carried_out.into_iter().peekable();
        let mut matching = true;
        for (out, in_flight) in held {
            let done = matching && in_flight;
            let seq = carried_out
                .peek()
                .filter(|(_, event)| done && same_event(out.body.get("event"), event))
                .map(|(seq, _)| *seq);
            match (seq, out.purpose) {
                (Some(seq), Purpose::User(id, Expect::Model(mcmd))) => {
                    carried_out.next();
                    let events = self.model.command_succeeded(&mcmd);
                    self.model_events(now, events);
                    self.note_published(&mcmd, seq);
                    self.complete(id, Ok(CommandOutput::Sequence { sequence: seq }));
                }
                (_, purpose) => {
                    matching = false;
                    self.send_now(now, Outgoing { purpose, ..out });
                }
            }
        }
    }

    /// Sends what was held for `dialog_id` without a gap answer to check it against (the
    /// dialog is no longer followed, or its query failed): at-least-once.
    pub(super) fn resend_held(&mut self, now: Time, dialog_id: &str) {
        self.gaps.own.remove(dialog_id);
        for (out, _) in self.queue.release(dialog_id) {
            self.send_now(now, out);
        }
    }

    /// A gap query failed. With the socket gone (or being closed) the held events are dropped: they are newer
    /// than anything applied, so the next reconnect's query fetches them again, in order.
    /// Otherwise (an error answer, a timeout) they are applied now and the error reported.
    pub(super) fn on_missed_failed(&mut self, dialog_id: String, err: Error) {
        if self.phase.socket().is_none() {
            if let Some(held) = self.gaps.held.remove(&dialog_id) {
                self.gaps.held_len -= held.len();
            }
            // Held publishes wait for the next reconnect's answer.
            self.gaps.own.remove(&dialog_id);
            return;
        }
        self.release_held(&dialog_id);
        // Nothing to check the held publishes against: they go out with the next
        // `send_ready` (at-least-once).
        self.gaps.own.remove(&dialog_id);
        self.queue.unhold(&dialog_id);
        self.emit(Event::Error { error: err });
    }

    /// Sends what the queue has ready while connected (publishes a failed gap query let go).
    pub(super) fn send_ready(&mut self, now: Time) {
        if !matches!(self.phase, Phase::Live { socket: Some(_) }) {
            return;
        }
        for out in self.queue.drain_ready(|o| publish_dialog(&o.purpose)) {
            self.send_now(now, out);
        }
    }

    fn release_held(&mut self, dialog_id: &str) {
        let Some(held) = self.gaps.held.remove(dialog_id) else {
            return;
        };
        self.gaps.held_len -= held.len();
        for (at, n) in held {
            self.ingest(&n, IngestContext::at(at));
        }
    }
}

/// The dialogs a brand connection gets live events of, with the sequence to fetch from: open
/// messaging dialogs of open conversations in which this user is an active participant.
fn followed_dialogs(model: &Model) -> Vec<(String, u64)> {
    let viewer = model.viewer();
    model
        .conversations()
        .filter(|c| c.is_open())
        .flat_map(|c| c.dialogs.iter())
        .filter(|d| d.is_open() && d.is_messaging())
        .filter(|d| {
            d.participants.iter().any(|p| {
                p.is_active()
                    && (viewer.is(&p.user_id)
                        || p.agent_id.as_deref().is_some_and(|a| viewer.is(a)))
            })
        })
        .map(|d| (d.dialog_id.clone(), d.last_sequence().map_or(0, |s| s + 1)))
        .collect()
}

/// `(user id, old agent id)` of a record's sender.
fn wire_originator(record: &Value) -> Option<(String, Option<String>)> {
    crate::model::ingest::wire::read_originator(record).map(|o| (o.user_id, o.agent_id))
}

/// `true` when every field the connection sent in `sent` has the same value in the stored
/// `event` (the platform may add fields of its own).
fn same_event(sent: Option<&Value>, stored: &Value) -> bool {
    match (sent, stored) {
        (Some(Value::Object(a)), Value::Object(b)) => a.iter().all(|(k, v)| b.get(k) == Some(v)),
        (Some(a), b) => a == b,
        (None, _) => false,
    }
}

/// The dialog a request publishes to, when it is a user's `PublishEvent`.
pub(super) fn publish_dialog(purpose: &Purpose) -> Option<&str> {
    match purpose {
        Purpose::User(_, Expect::Model(cmd)) if cmd.message_type == MessageType::PublishEvent => {
            cmd.dialog_id.as_deref()
        }
        _ => None,
    }
}
