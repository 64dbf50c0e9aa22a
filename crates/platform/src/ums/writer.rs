//! A socket's writer task: drains the socket's outbox into the websocket.
//!
//! A request often causes several frames for the same socket at once (the response, then its
//! notifications). They are fed to the websocket together and flushed once, so they leave in as
//! few TCP segments and system calls as possible instead of one write per frame.

use super::Outgoing;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::SinkExt;
use futures_util::stream::SplitSink;
use tokio::sync::mpsc::UnboundedReceiver;

/// At most this many queued frames go out in one flush; a larger backlog is written in several
/// rounds so that one busy socket never holds a huge batch in memory at once.
pub const MAX_BATCH: usize = 64;

/// Writes every frame queued on `rx` for socket number `socket` until the outbox closes, a close frame was sent, or the
/// peer is gone.
pub async fn write_frames(
    socket: u64,
    mut sink: SplitSink<WebSocket, Message>,
    mut rx: UnboundedReceiver<Outgoing>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        for out in batch.drain(..) {
            match out {
                Outgoing::Text(text) => {
                    tracing::trace!(socket, frame = %crate::redact::redact(text.as_str()), "UMS frame out");
                    // `feed` queues without flushing; the flush below sends the whole batch.
                    if sink.feed(Message::Text(text)).await.is_err() {
                        return;
                    }
                }
                Outgoing::Close(code, reason) => {
                    let close = Message::Close(Some(CloseFrame {
                        code,
                        reason: reason.into(),
                    }));
                    // Frames queued before the close still go out, then the close itself.
                    let _ = sink.send(close).await;
                    return;
                }
            }
        }
        if sink.flush().await.is_err() {
            return;
        }
    }
}
