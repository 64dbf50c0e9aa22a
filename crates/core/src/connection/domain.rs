//! Domain commands (join, transfer, send, receipts, …): built from the model's state by
//! [`crate::model::commands`], sent by the client, and judged by the model's response check.

use crate::model::commands::{self as mc, MessageQuery, TransferTarget};

use crate::model::{CsatStatus, Model, ModelError};

use super::commands::Command;

/// The model's request for a domain command; `None` when `command` is not a domain command.
pub(crate) fn build(model: &Model, command: &Command) -> Option<Result<mc::Command, ModelError>> {
    let built = build_request(model, command)?;
    Some(built.and_then(|mut request| {
        // One object or an array of objects, checked as message metadata is.
        if let Some(metadata) = mc::metadata_list(command.conversation_metadata())? {
            request.metadata = Some(metadata);
        }
        Ok(request)
    }))
}

fn build_request(model: &Model, command: &Command) -> Option<Result<mc::Command, ModelError>> {
    Some(match command {
        Command::Join {
            conversation_id,
            role,
            ..
        } => mc::join(model, conversation_id, role.clone()),
        Command::Leave {
            conversation_id, ..
        } => mc::leave(model, conversation_id),
        Command::Transfer {
            conversation_id,
            skill_id,
            agent_id,
            ..
        } => mc::transfer(
            model,
            conversation_id,
            &TransferTarget {
                skill_id: skill_id.clone(),
                agent_id: agent_id.clone(),
            },
        ),
        Command::BackToQueue {
            conversation_id, ..
        } => mc::back_to_queue(model, conversation_id),
        Command::CloseConversation {
            conversation_id, ..
        } => mc::close_conversation(model, conversation_id),
        Command::CloseDialog {
            dialog_id,
            reason,
            cause,
            ..
        } => mc::close_dialog(model, dialog_id, reason.clone(), cause.as_deref()),
        Command::SetTtr {
            conversation_id,
            ttr_type,
            value,
            ..
        } => mc::set_ttr(model, conversation_id, ttr_type.clone(), value.unwrap_or(0)),
        Command::SetManualEttr {
            conversation_id,
            time,
            ..
        } => mc::set_manual_ettr(model, conversation_id, *time),
        Command::SetNote {
            conversation_id,
            note,
            ..
        } => mc::set_note(model, conversation_id, note),
        Command::SetCsat {
            conversation_id,
            csat_rate,
            resolution_confirmation,
            status,
        } => mc::set_csat(
            model,
            conversation_id,
            csat_rate,
            *resolution_confirmation,
            status.clone().unwrap_or(CsatStatus::Filled),
        ),
        Command::SendMessage {
            conversation_id,
            dialog_id,
            text,
            metadata,
            quick_replies,
        } => mc::send_message(
            model,
            conversation_id,
            dialog_id.as_deref(),
            text,
            metadata.as_ref(),
            quick_replies.as_ref(),
        ),
        Command::SendRichText {
            conversation_id,
            dialog_id,
            content,
            metadata,
            quick_replies,
        } => mc::send_rich_text(
            model,
            conversation_id,
            dialog_id.as_deref(),
            content,
            metadata.as_ref(),
            quick_replies.as_ref(),
        ),
        Command::SendPrivateMessage {
            conversation_id,
            dialog_id,
            text,
            metadata,
        } => mc::send_private_message(
            model,
            conversation_id,
            dialog_id.as_deref(),
            text,
            metadata.as_ref(),
        ),
        Command::SendReceipt {
            dialog_id,
            status,
            sequences,
        } => mc::send_receipt(model, dialog_id, status.clone(), sequences),
        Command::SetChatState {
            conversation_id,
            dialog_id,
            chat_state,
        } => mc::set_chat_state(
            model,
            conversation_id,
            dialog_id.as_deref(),
            chat_state.clone(),
        ),
        Command::QueryMessages {
            dialog_id,
            max_quantity,
            sequence_min,
            sequence_max,
        } => mc::query_messages(
            model,
            dialog_id,
            &MessageQuery {
                max_quantity: *max_quantity,
                sequence_min: *sequence_min,
                sequence_max: *sequence_max,
            },
        ),
        Command::GetAllPublishEvents { dialog_id } => mc::get_all_publish_events(model, dialog_id),
        Command::SendFile {
            conversation_id,
            dialog_id,
            relative_path,
            file_type,
            caption,
            preview,
        } => mc::send_file(
            model,
            conversation_id,
            dialog_id.as_deref(),
            relative_path,
            file_type,
            caption.as_deref(),
            preview.as_deref(),
        ),
        Command::AcceptRing { ring_id } => mc::accept_ring(model, ring_id),
        Command::RejectRing { ring_id } => mc::reject_ring(model, ring_id),
        Command::ConsumerTakeover {
            conversation_id,
            new_consumer_id,
        } => mc::consumer_takeover(model, conversation_id, new_consumer_id),
        _ => return None,
    })
}

/// The conversation and dialog a domain command is about, for error decoration.
pub(crate) fn subject(command: &Command) -> (Option<String>, Option<String>) {
    let owned = |s: &String| Some(s.clone());
    match command {
        Command::Join {
            conversation_id, ..
        }
        | Command::Leave {
            conversation_id, ..
        }
        | Command::Transfer {
            conversation_id, ..
        }
        | Command::BackToQueue {
            conversation_id, ..
        }
        | Command::SetTtr {
            conversation_id, ..
        }
        | Command::SetManualEttr {
            conversation_id, ..
        }
        | Command::SetNote {
            conversation_id, ..
        }
        | Command::SetCsat {
            conversation_id, ..
        }
        | Command::ConsumerTakeover {
            conversation_id, ..
        } => (owned(conversation_id), None),
        Command::SendMessage {
            conversation_id,
            dialog_id,
            ..
        }
        | Command::SendRichText {
            conversation_id,
            dialog_id,
            ..
        }
        | Command::SendPrivateMessage {
            conversation_id,
            dialog_id,
            ..
        }
        | Command::SetChatState {
            conversation_id,
            dialog_id,
            ..
        }
        | Command::SendFile {
            conversation_id,
            dialog_id,
            ..
        } => (owned(conversation_id), dialog_id.clone()),
        Command::CloseDialog { dialog_id, .. }
        | Command::SendReceipt { dialog_id, .. }
        | Command::QueryMessages { dialog_id, .. }
        | Command::GetAllPublishEvents { dialog_id } => (None, owned(dialog_id)),
        _ => (None, None),
    }
}
