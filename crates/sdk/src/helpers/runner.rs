//! One tokio task per helper state machine (token maintainer, shift-status poller): it feeds
//! the machine the outcomes of the I/O it asked for and its timer, and drains it with the
//! loop the connection's driver uses ([`output::drain`]). No protocol decision is made here.

use std::sync::{Arc, Mutex, Weak};

use lpm_core::connection::{Machine, Output};
use tokio::sync::mpsc;

use crate::driver::output::{self, Done, Performer};
use crate::driver::{clock, lock};
use crate::proxy::ProxySetting;
use crate::token::SourceRef;

/// Inputs of the task.
pub(crate) enum Input {
    /// The machine was changed by a handle: drain it.
    Kick,
    /// An HTTP exchange or token-source call finished.
    Done(Done),
}

/// Starts the task; it ends when every handle (holder of the machine's `Arc`) is gone.
pub(crate) fn spawn<M>(
    machine: &Arc<Mutex<M>>,
    source: Option<SourceRef>,
    plain: bool,
    deliver: impl Fn(M::Event) + Send + 'static,
) -> Result<mpsc::UnboundedSender<Input>, crate::Error>
where
    M: Machine + Send + 'static,
    M::Event: Send + 'static,
{
    let handle = tokio::runtime::Handle::try_current()
        .map_err(|_| crate::Error::Invalid("this helper needs a tokio runtime".into()))?;
    let (tx, rx) = mpsc::unbounded_channel();
    let task = Task {
        machine: Arc::downgrade(machine),
        tx: tx.downgrade(),
        rx,
        io: Performer::new(Arc::new(Vec::new()), ProxySetting::Global, plain, source),
    };
    handle.spawn(task.run(deliver));
    Ok(tx)
}

struct Task<M> {
    machine: Weak<Mutex<M>>,
    tx: mpsc::WeakUnboundedSender<Input>,
    rx: mpsc::UnboundedReceiver<Input>,
    io: Performer,
}

impl<M> Task<M>
where
    M: Machine + Send + 'static,
    M::Event: Send + 'static,
{
    async fn run(mut self, deliver: impl Fn(M::Event)) {
        loop {
            let Some(m) = self.machine.upgrade() else {
                return;
            };
            self.drain(&m, &deliver);
            let deadline = lock(&m).poll_timeout();
            drop(m);
            let input = tokio::select! {
                i = self.rx.recv() => match i {
                    Some(i) => Some(i),
                    None => return,
                },
                () = clock::sleep_until(deadline) => None,
            };
            let Some(m) = self.machine.upgrade() else {
                return;
            };
            let now = clock::now();
            let mut g = lock(&m);
            match input {
                None => g.handle_timeout(now),
                Some(Input::Kick) => {}
                Some(Input::Done(d)) => d.feed(&mut *g, now),
            }
        }
    }

    fn drain(&mut self, m: &Mutex<M>, deliver: &impl Fn(M::Event)) {
        // Outcomes are reported through the handles' channel: once they are all gone there
        // is nobody to report to, and the task ends at its next receive.
        let Some(tx) = self.tx.upgrade() else { return };
        output::drain(m, |out| match out {
            Output::Event(e) => deliver(e),
            Output::Transmit(t) => {
                let tx = tx.clone();
                let report = move |d| {
                    let _ = tx.send(Input::Done(d));
                };
                // Helpers make no socket transmits: nothing comes back.
                let _ = self.io.perform(t, report);
            }
        });
    }
}
