//! Request/response matching: pending requests with deadlines, responses that arrive before
//! their request is registered, and the queue of requests made while disconnected.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use lpm_protocol::Response;
use serde_json::Value;

use crate::time::Time;
use crate::vec_map::VecMap;

/// A UMS request the core wants to send, before it gets an id.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing<P> {
    /// Type name as it goes on the wire (already version-specific).
    pub type_name: String,
    /// `body` (always sent; `{}` when empty, as LivePerson's client does).
    pub body: Value,
    /// `headers` (InitConnection only).
    pub headers: Option<Value>,
    /// Request-level `metadata`.
    pub metadata: Option<Value>,
    /// What to do with the response.
    pub purpose: P,
}

impl<P> Outgoing<P> {
    /// The frame text with `id`: members in the order `kind`, `id`, `type`, `body`,
    /// `headers`, `metadata`.
    pub(crate) fn to_frame(&self, id: &str) -> String {
        // Written by hand so the envelope keeps LivePerson's member order (serde_json maps
        // are sorted without its `preserve_order` feature).
        let mut out = format!(
            "{{\"kind\":\"req\",\"id\":{},\"type\":{},\"body\":{}",
            Value::from(id),
            Value::from(self.type_name.as_str()),
            self.body
        );
        if let Some(h) = &self.headers {
            out.push_str(&format!(",\"headers\":{h}"));
        }
        if let Some(md) = &self.metadata {
            out.push_str(&format!(",\"metadata\":{md}"));
        }
        out.push('}');
        out
    }
}

/// A request on the wire, waiting for its response.
#[derive(Debug, Clone)]
pub(crate) struct Pending<P> {
    pub purpose: P,
    pub type_name: String,
    pub deadline: Time,
    /// When it was sent and what (secret-free), for its timing event.
    pub started: Time,
    pub request: Value,
    /// What a user request sent, to send it again after a reconnect when the socket dropped
    /// before the answer came (`Client::on_drop`). `None` for the core's own requests (an
    /// `InitConnection`'s headers hold the consumer's JWT: it is not kept here).
    pub resend: Option<Outgoing<()>>,
    /// Send order, set by [`Tracker::register`] (ids are random, so the map's order is not it).
    pub seq: u64,
}

/// Pending requests by id, plus responses nobody asked for yet.
#[derive(Debug)]
pub(crate) struct Tracker<P> {
    /// Thousands during a bulk history fetch, so a tree. Boxed: every `BTreeMap<String,
    /// Box<_>>` compiles to the same code, which the wasm build keeps once (wasm-opt folds
    /// identical functions), instead of one more copy of the B-tree for this value type.
    pending: BTreeMap<String, Box<Pending<P>>>,
    /// The pending requests by deadline: the next deadline is asked after every input, and a
    /// bot opening with `getAllMessages` has thousands of history requests in flight.
    deadlines: BTreeSet<(Time, String)>,
    /// Responses whose `reqId` was not registered when they arrived (LivePerson's client
    /// saw this race); kept until `expires`. Few, and already scanned by `next_deadline`.
    early: VecMap<String, (Response, Time)>,
    next_seq: u64,
}

impl<P> Default for Tracker<P> {
    fn default() -> Self {
        Tracker {
            pending: BTreeMap::new(),
            deadlines: BTreeSet::new(),
            early: VecMap::new(),
            next_seq: 0,
        }
    }
}

impl<P> Tracker<P> {
    /// Registers a sent request. Returns a response that had already arrived for that id;
    /// the caller then handles it right away (the request is not kept pending).
    pub(crate) fn register(
        &mut self,
        id: String,
        mut pending: Pending<P>,
    ) -> Option<(Pending<P>, Response)> {
        pending.seq = self.next_seq;
        self.next_seq += 1;
        if let Some((resp, _)) = self.early.remove(&id) {
            return Some((pending, resp));
        }
        self.deadlines.insert((pending.deadline, id.clone()));
        self.pending.insert(id, Box::new(pending));
        None
    }

    /// The pending request a response answers; buffers the response when none is found.
    pub(crate) fn take(
        &mut self,
        resp: Response,
        keep_until: Time,
    ) -> Option<(Pending<P>, Response)> {
        match self.pending.remove(&resp.req_id) {
            Some(p) => {
                self.deadlines.remove(&(p.deadline, resp.req_id.clone()));
                Some((*p, resp))
            }
            None => {
                self.early.insert(resp.req_id.clone(), (resp, keep_until));
                None
            }
        }
    }

    /// Removes and returns requests whose deadline has passed, earliest first; forgets stale
    /// early responses.
    pub(crate) fn expire(&mut self, now: Time) -> Vec<(String, Pending<P>)> {
        self.early.retain(|_, (_, until)| *until > now);
        let mut due = Vec::new();
        while let Some(first) = self.deadlines.first()
            && first.0 <= now
        {
            let Some((_, id)) = self.deadlines.pop_first() else {
                break;
            };
            if let Some(p) = self.pending.remove(&id) {
                due.push((id, *p));
            }
        }
        due
    }

    /// Removes every pending request (socket gone), in the order they were sent.
    pub(crate) fn drain(&mut self) -> Vec<Pending<P>> {
        self.early.clear();
        self.deadlines.clear();
        let mut all: Vec<Pending<P>> = std::mem::take(&mut self.pending)
            .into_values()
            .map(|p| *p)
            .collect();
        all.sort_by_key(|p| p.seq);
        all
    }

    /// Removes pending requests matching `f`.
    pub(crate) fn remove_where(&mut self, mut f: impl FnMut(&P) -> bool) -> Vec<Pending<P>> {
        let ids: Vec<String> = self
            .pending
            .iter()
            .filter(|(_, p)| f(&p.purpose))
            .map(|(id, _)| id.clone())
            .collect();
        let mut removed = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(p) = self.pending.remove(&id) {
                self.deadlines.remove(&(p.deadline, id));
                removed.push(*p);
            }
        }
        removed
    }

    /// The earliest deadline (pending requests and early-response expiry).
    pub(crate) fn next_deadline(&self) -> Option<Time> {
        let a = self.deadlines.first().map(|(t, _)| *t);
        let b = self.early.values().map(|(_, t)| *t).min();
        match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Number of requests waiting for a response.
    pub(crate) fn len(&self) -> usize {
        self.pending.len()
    }
}

/// Why a queued request waits past the reconnect: a publish to a dialog whose missed events
/// are being fetched (`gap.rs`) goes out only once that answer tells whether the platform had
/// already carried it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hold {
    /// The dialog being recovered.
    pub dialog: String,
    /// The request was on the wire when the socket dropped (it may have been carried out);
    /// `false`: queued later, held only to keep the dialog's order.
    pub in_flight: bool,
}

/// Requests made while the socket is down, in order.
#[derive(Debug)]
pub(crate) struct Queue<P> {
    items: VecDeque<(Outgoing<P>, Time, Option<Hold>)>,
    /// How many queued requests expire at each time: the next deadline, asked after every
    /// input, is read here rather than by scanning a queue that may hold thousands.
    deadlines: BTreeMap<Time, usize>,
}

impl<P> Default for Queue<P> {
    fn default() -> Self {
        Queue {
            items: VecDeque::new(),
            deadlines: BTreeMap::new(),
        }
    }
}

impl<P> Queue<P> {
    pub(crate) fn push(&mut self, req: Outgoing<P>, deadline: Time) {
        *self.deadlines.entry(deadline).or_default() += 1;
        self.items.push_back((req, deadline, None));
    }

    /// Rebuilds the deadline index after the items were rearranged (each such change walks
    /// the queue anyway).
    fn reindex(&mut self) {
        self.deadlines.clear();
        for (_, d, _) in &self.items {
            *self.deadlines.entry(*d).or_default() += 1;
        }
    }

    /// Puts `reqs` (in their order) before everything queued: requests that were on the wire
    /// when the socket dropped go out again first after the reconnect (those with a [`Hold`]
    /// once their dialog's recovery allows).
    pub(crate) fn requeue_front(&mut self, reqs: Vec<(Outgoing<P>, Option<Hold>)>, deadline: Time) {
        for (r, hold) in reqs.into_iter().rev() {
            *self.deadlines.entry(deadline).or_default() += 1;
            self.items.push_front((r, deadline, hold));
        }
    }

    /// What may go out now the socket is back, in order. Held requests stay, and so does
    /// everything queued after them for the same dialog (`dialog_of` names a request's
    /// dialog), so a dialog's requests keep their order.
    pub(crate) fn drain_ready(
        &mut self,
        dialog_of: impl Fn(&Outgoing<P>) -> Option<&str>,
    ) -> Vec<Outgoing<P>> {
        let mut ready = Vec::new();
        let mut keep = VecDeque::new();
        let mut blocked: Vec<String> = Vec::new();
        for (r, deadline, hold) in self.items.drain(..) {
            match hold {
                Some(h) => {
                    if !blocked.contains(&h.dialog) {
                        blocked.push(h.dialog.clone());
                    }
                    keep.push_back((r, deadline, Some(h)));
                }
                None => match dialog_of(&r).filter(|d| blocked.iter().any(|b| b == d)) {
                    Some(d) => {
                        let hold = Hold {
                            dialog: d.to_owned(),
                            in_flight: false,
                        };
                        keep.push_back((r, deadline, Some(hold)));
                    }
                    None => ready.push(r),
                },
            }
        }
        self.items = keep;
        self.reindex();
        ready
    }

    /// `true` while requests for `dialog` are held (a new one for it must wait behind them).
    pub(crate) fn holds(&self, dialog: &str) -> bool {
        self.items
            .iter()
            .any(|(_, _, h)| h.as_ref().is_some_and(|h| h.dialog == dialog))
    }

    /// Queues `req` behind the requests held for its dialog.
    pub(crate) fn push_held(&mut self, req: Outgoing<P>, deadline: Time, dialog: &str) {
        let hold = Hold {
            dialog: dialog.to_owned(),
            in_flight: false,
        };
        *self.deadlines.entry(deadline).or_default() += 1;
        self.items.push_back((req, deadline, Some(hold)));
    }

    /// Lets the requests held for `dialog` go with the next [`Queue::drain_ready`].
    pub(crate) fn unhold(&mut self, dialog: &str) {
        for (_, _, h) in &mut self.items {
            if h.as_ref().is_some_and(|h| h.dialog == dialog) {
                *h = None;
            }
        }
    }

    /// Takes the requests held for `dialog`, in order, each with [`Hold::in_flight`].
    pub(crate) fn release(&mut self, dialog: &str) -> Vec<(Outgoing<P>, bool)> {
        let (mine, rest): (Vec<_>, Vec<_>) = self
            .items
            .drain(..)
            .partition(|(_, _, h)| h.as_ref().is_some_and(|h| h.dialog == dialog));
        self.items = rest.into();
        self.reindex();
        mine.into_iter()
            .map(|(r, _, h)| (r, h.is_some_and(|h| h.in_flight)))
            .collect()
    }

    /// Everything, in order (the connection is shutting down).
    pub(crate) fn drain(&mut self) -> Vec<Outgoing<P>> {
        self.deadlines.clear();
        self.items.drain(..).map(|(r, _, _)| r).collect()
    }

    /// Removes requests whose wait is over.
    pub(crate) fn expire(&mut self, now: Time) -> Vec<Outgoing<P>> {
        let (gone, keep): (Vec<_>, Vec<_>) = self.items.drain(..).partition(|(_, d, _)| *d <= now);
        self.items = keep.into();
        self.reindex();
        gone.into_iter().map(|(r, _, _)| r).collect()
    }

    pub(crate) fn next_deadline(&self) -> Option<Time> {
        self.deadlines.keys().next().copied()
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(purpose: u8, deadline: u64) -> Pending<u8> {
        Pending {
            purpose,
            type_name: "T".into(),
            deadline: Time(deadline),
            started: Time(0),
            request: Value::Null,
            resend: None,
            seq: 0,
        }
    }

    fn answer(id: &str) -> Response {
        Response {
            req_id: id.into(),
            code: 200,
            type_name: None,
            body: None,
        }
    }

    #[test]
    fn the_next_deadline_follows_every_way_a_request_leaves() {
        let mut t: Tracker<u8> = Tracker::default();
        assert_eq!(t.next_deadline(), None);
        for (id, purpose, deadline) in [("a", 1, 30), ("b", 2, 10), ("c", 3, 20), ("d", 4, 40)] {
            assert!(t.register(id.into(), pending(purpose, deadline)).is_none());
        }
        assert_eq!(t.next_deadline(), Some(Time(10)));
        assert!(t.take(answer("b"), Time(99)).is_some());
        assert_eq!(t.next_deadline(), Some(Time(20)));
        let removed = t.remove_where(|p| *p == 3);
        assert_eq!(removed.len(), 1);
        assert_eq!(t.next_deadline(), Some(Time(30)));
        // Due requests leave earliest first; later ones stay.
        let due = t.expire(Time(35));
        assert_eq!(
            due.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
            ["a"]
        );
        assert_eq!(t.next_deadline(), Some(Time(40)));
        assert_eq!(t.drain().len(), 1);
        assert_eq!(t.next_deadline(), None);
        assert_eq!(t.len(), 0);
    }

    fn queued(dialog: &str) -> Outgoing<u8> {
        Outgoing {
            type_name: dialog.into(),
            body: Value::Null,
            headers: None,
            metadata: None,
            purpose: 0,
        }
    }

    #[test]
    fn the_queue_next_deadline_follows_every_way_a_request_leaves() {
        let mut q: Queue<u8> = Queue::default();
        assert_eq!(q.next_deadline(), None);
        q.push(queued("a"), Time(30));
        q.push(queued("b"), Time(20));
        q.push_held(queued("c"), Time(50), "D1");
        q.requeue_front(vec![(queued("z"), None)], Time(40));
        assert_eq!(q.next_deadline(), Some(Time(20)));
        // Due requests leave; the index follows.
        let gone = q.expire(Time(25));
        assert_eq!(gone.len(), 1);
        assert_eq!(q.next_deadline(), Some(Time(30)));
        // Ready ones leave; the held one stays.
        let ready = q.drain_ready(|_| None);
        assert_eq!(ready.len(), 2);
        assert_eq!(q.next_deadline(), Some(Time(50)));
        assert_eq!(q.release("D1").len(), 1);
        assert_eq!(q.next_deadline(), None);
        q.push(queued("e"), Time(60));
        q.push(queued("f"), Time(60));
        assert_eq!(q.drain().len(), 2);
        assert_eq!(q.next_deadline(), None);
    }

    #[test]
    fn an_early_answer_is_not_pending_and_its_expiry_counts_as_a_deadline() {
        let mut t: Tracker<u8> = Tracker::default();
        assert!(t.take(answer("x"), Time(50)).is_none(), "kept as early");
        assert_eq!(t.next_deadline(), Some(Time(50)));
        assert!(
            t.register("x".into(), pending(1, 10)).is_some(),
            "answered at once"
        );
        assert_eq!(t.next_deadline(), None);
        assert_eq!(t.len(), 0);
    }
}
