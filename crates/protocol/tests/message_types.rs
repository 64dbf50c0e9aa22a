//! The message-type table: both names, response names per version, senders.

use lpm_protocol::message_type::{
    ALIASES, MessageKind, is_string_response_type, string_response_type,
};
use lpm_protocol::{ApiVersion, MessageType, Side};

/// (v2 name, v3 name, consumer may send, brand may send) from the README's
/// quick reference.
const QUICK_REFERENCE: &[(MessageType, &str, Option<&str>, bool, bool)] = &[
    (
        MessageType::InitConnection,
        "InitConnection",
        Some("InitConnection"),
        true,
        false,
    ),
    (
        MessageType::GetClock,
        ".GetClock",
        Some("GetClock"),
        true,
        true,
    ),
    (
        MessageType::KeepAlive,
        "KeepAlive",
        Some("KeepAlive"),
        true,
        true,
    ),
    (
        MessageType::ConsumerRequestConversation,
        ".ams.cm.ConsumerRequestConversation",
        Some("cm.ConsumerRequestConversation"),
        true,
        false,
    ),
    (
        MessageType::AgentRequestConversation,
        ".ams.cm.AgentRequestConversation",
        Some("cm.AgentRequestConversation"),
        false,
        true,
    ),
    (
        MessageType::UpdateConversationField,
        ".ams.cm.UpdateConversationField",
        Some("cm.UpdateConversationField"),
        true,
        true,
    ),
    (
        MessageType::SubscribeExConversations,
        ".ams.aam.SubscribeExConversations",
        Some("cqm.SubscribeExConversations"),
        true,
        true,
    ),
    (
        MessageType::UnsubscribeExConversations,
        ".ams.aam.UnsubscribeExConversations",
        Some("cqm.UnsubscribeExConversations"),
        true,
        true,
    ),
    (
        MessageType::UpdateExConversationSubscription,
        ".ams.aam.UpdateExConversationSubscription",
        Some("cqm.UpdateExConversationSubscription"),
        true,
        true,
    ),
    (
        MessageType::PublishEvent,
        ".ams.ms.PublishEvent",
        Some("ms.PublishEvent"),
        true,
        true,
    ),
    (
        MessageType::SubscribeMessagingEvents,
        "ms.SubscribeMessagingEvents",
        Some("ms.SubscribeMessagingEvents"),
        true,
        true,
    ),
    (
        MessageType::QueryMessages,
        ".ams.ms.QueryMessages",
        None,
        false,
        true,
    ),
    (
        MessageType::GenerateUrlForUploadFile,
        ".ams.ms.GenerateURLForUploadFile",
        Some("ms.GenerateURLForUploadFile"),
        true,
        true,
    ),
    (
        MessageType::GenerateUrlForDownloadFile,
        ".ams.ms.GenerateURLForDownloadFile",
        Some("ms.GenerateURLForDownloadFile"),
        true,
        true,
    ),
    (
        MessageType::GenerateUploadToken,
        ".ams.ms.token.GenerateUploadToken",
        Some("ms.GenerateUploadToken"),
        true,
        false,
    ),
    (
        MessageType::GenerateDownloadToken,
        ".ams.ms.token.GenerateDownloadToken",
        Some("ms.GenerateDownloadToken"),
        false,
        true,
    ),
    (
        MessageType::SetAgentState,
        ".ams.routing.SetAgentState",
        Some("rs.SetAgentState"),
        false,
        true,
    ),
    (
        MessageType::SubscribeAgentsState,
        ".ams.routing.SubscribeAgentsState",
        Some("rs.SubscribeAgentsState"),
        false,
        true,
    ),
    (
        MessageType::SubscribeRoutingTasks,
        ".ams.routing.SubscribeRoutingTasks",
        Some("rs.SubscribeRoutingTasks"),
        false,
        true,
    ),
    (
        MessageType::UpdateRoutingTaskSubscription,
        ".ams.routing.UpdateRoutingTaskSubscription",
        None,
        false,
        true,
    ),
    (
        MessageType::UpdateRingState,
        ".ams.routing.UpdateRingState",
        Some("rs.UpdateRingState"),
        false,
        true,
    ),
    (
        MessageType::GetUserProfile,
        ".ams.userprofile.GetUserProfile",
        Some("userprofile.GetUserProfile"),
        true,
        true,
    ),
    (
        MessageType::SetUserProfile,
        ".ams.userprofile.SetUserProfile",
        Some("userprofile.SetUserProfile"),
        true,
        false,
    ),
    (
        MessageType::GetBrandProfile,
        ".ams.brandprofile.GetBrandProfile",
        Some("brandprofile.GetBrandProfile"),
        true,
        true,
    ),
];

#[test]
fn quick_reference_names_and_senders() {
    for &(t, v2, v3, c, b) in QUICK_REFERENCE {
        assert_eq!(t.kind(), MessageKind::Request, "{t:?}");
        assert_eq!(t.v2_name(), Some(v2), "{t:?}");
        assert_eq!(t.v3_name(), v3, "{t:?}");
        assert_eq!(t.name(ApiVersion::V2), Some(v2));
        assert_eq!(t.name(ApiVersion::V2_1), Some(v2));
        assert_eq!(t.name(ApiVersion::V3), v3);
        assert_eq!(t.may_send(Side::Consumer), c, "{t:?} consumer");
        assert_eq!(t.may_send(Side::Brand), b, "{t:?} brand");
        assert_eq!(MessageType::from_name(v2), Some(t), "{v2}");
        assert_eq!(MessageType::from_name_in(ApiVersion::V2_1, v2), Some(t));
        if let Some(v3) = v3 {
            assert_eq!(MessageType::from_name(v3), Some(t), "{v3}");
            assert_eq!(MessageType::from_name_in(ApiVersion::V3, v3), Some(t));
        }
    }
}

#[test]
fn notifications_per_version() {
    let cases = [
        (
            MessageType::MessagingEventNotification,
            "ms.MessagingEventNotification",
            Some("ms.MessagingEventNotification"),
        ),
        (
            MessageType::OnlineEventDistribution,
            ".ams.ms.OnlineEventDistribution",
            Some("ms.MessagingEventNotification"),
        ),
        (
            MessageType::ExConversationChangeNotification,
            ".ams.aam.ExConversationChangeNotification",
            Some("cqm.ExConversationChangeNotification"),
        ),
        (
            MessageType::RoutingTaskNotification,
            ".ams.routing.RoutingTaskNotification",
            Some("rs.RoutingTaskNotification"),
        ),
        (
            MessageType::AgentStateNotification,
            ".ams.routing.AgentStateNotification",
            Some("rs.AgentStateNotification"),
        ),
        (MessageType::RingUpdated, ".ams.routing.RingUpdated", None),
    ];
    for (t, v2, v3) in cases {
        assert_eq!(t.kind(), MessageKind::Notification);
        assert_eq!(t.name(ApiVersion::V2_1), Some(v2));
        assert_eq!(t.name(ApiVersion::V3), v3);
        assert!(!t.may_send(Side::Consumer) && !t.may_send(Side::Brand));
    }
    // The v3 name shared by 402 and 455 resolves to the `changes[]` form.
    assert_eq!(
        MessageType::from_name("ms.MessagingEventNotification"),
        Some(MessageType::MessagingEventNotification)
    );
    assert_eq!(
        MessageType::from_name(".ams.ms.OnlineEventDistribution"),
        Some(MessageType::OnlineEventDistribution)
    );
}

#[test]
fn response_names_per_version() {
    use ApiVersion::{V2_1, V3};
    let cases: &[(MessageType, &str, Option<&str>)] = &[
        (
            MessageType::ConsumerRequestConversation,
            ".ams.cm.RequestConversation$Response",
            Some("cm.RequestConversationResponse"),
        ),
        (
            MessageType::AgentRequestConversation,
            ".ams.cm.RequestConversation$Response",
            Some("cm.RequestConversationResponse"),
        ),
        (
            MessageType::PublishEvent,
            ".ams.ms.PublishEvent$Response",
            Some("ms.PublishEventResponse"),
        ),
        (
            MessageType::SubscribeMessagingEvents,
            ".ams.GenericSubscribe$Response",
            Some("GenericSubscribeResponse"),
        ),
        (
            MessageType::SubscribeExConversations,
            ".ams.aam.SubscribeExConversations$Response",
            Some("cqm.SubscribeExConversationsResponse"),
        ),
        (
            MessageType::SubscribeRoutingTasks,
            ".ams.GenericSubscribe$Response",
            Some("GenericSubscribeResponse"),
        ),
        (
            MessageType::SubscribeAgentsState,
            ".ams.GenericSubscribe$Response",
            Some("GenericSubscribeResponse"),
        ),
        (
            MessageType::UpdateConversationField,
            ".ReqBody$StringResp",
            Some("StringResponse"),
        ),
        (
            MessageType::SetAgentState,
            ".ReqBody$StringResp",
            Some("StringResponse"),
        ),
        (
            MessageType::UpdateRingState,
            ".ReqBody$StringResp",
            Some("StringResponse"),
        ),
        (
            MessageType::UnsubscribeExConversations,
            ".ReqBody$StringResp",
            Some("StringResponse"),
        ),
        (
            MessageType::InitConnection,
            ".ReqBody$StringResp",
            Some("StringResponse"),
        ),
        (
            MessageType::SetUserProfile,
            ".ReqBody$StringResp",
            Some("StringResponse"),
        ),
        (
            MessageType::KeepAlive,
            ".ReqBody$StringResp",
            Some("StringResponse"),
        ),
        (
            MessageType::GenerateUrlForUploadFile,
            ".ams.ms.BaseGenerateURL$Response",
            Some("ms.GenerateURLResponse"),
        ),
        (
            MessageType::GenerateUrlForDownloadFile,
            ".ams.ms.BaseGenerateURL$Response",
            Some("ms.GenerateURLResponse"),
        ),
        (
            MessageType::GetUserProfile,
            ".ams.userprofile.GetUserProfile$Response",
            Some("userprofile.GetUserProfileResponse"),
        ),
        (
            MessageType::GetClock,
            ".GetClock$Response",
            Some("GetClockResponse"),
        ),
        (
            MessageType::QueryMessages,
            ".ams.ms.QueryMessages$Response",
            None,
        ),
        (
            MessageType::GenerateUploadToken,
            ".ams.ms.token.GenerateUploadToken$Response",
            Some("ms.UploadTokenResponse"),
        ),
        (
            MessageType::GenerateDownloadToken,
            ".ams.ms.token.GenerateDownloadToken$Response",
            Some("ms.DownloadTokenResponse"),
        ),
    ];
    for &(t, v2, v3) in cases {
        assert_eq!(t.response_type(V2_1), Some(v2), "{t:?}");
        assert_eq!(t.response_type(ApiVersion::V2), Some(v2), "{t:?}");
        assert_eq!(t.response_type(V3), v3, "{t:?}");
        assert_eq!(
            t.has_string_response(),
            v2 == ".ReqBody$StringResp",
            "{t:?}"
        );
    }
    assert_eq!(string_response_type(V2_1), ".ReqBody$StringResp");
    assert_eq!(string_response_type(V3), "StringResponse");
    assert!(is_string_response_type("StringResponse"));
    assert!(is_string_response_type(".ReqBody$StringResp"));
    assert!(!is_string_response_type(".ReqBody$ErrorResp"));
}

#[test]
fn every_request_has_a_name_and_response_on_its_versions() {
    for t in MessageType::all() {
        assert!(t.v2_name().is_some() || t.v3_name().is_some(), "{t:?}");
        if t.kind() == MessageKind::Request {
            assert!(
                t.may_send(Side::Consumer) || t.may_send(Side::Brand),
                "{t:?}"
            );
            assert!(t.response_type(ApiVersion::V2).is_some(), "{t:?}");
            assert_eq!(
                t.v3_name().is_some(),
                t.response_type(ApiVersion::V3).is_some(),
                "{t:?}"
            );
        }
    }
}

#[test]
fn aliases_and_strict_lookup() {
    assert_eq!(
        MessageType::from_name("routing.SetAgentState"),
        Some(MessageType::SetAgentState)
    );
    assert_eq!(
        MessageType::from_name("routing.SubscribeRoutingTasks"),
        Some(MessageType::SubscribeRoutingTasks)
    );
    assert_eq!(
        MessageType::from_name("routing.RoutingTaskNotification"),
        Some(MessageType::RoutingTaskNotification)
    );
    // Aliases are not wire names: strict lookup refuses them.
    for (alias, _) in ALIASES {
        assert_eq!(
            MessageType::from_name_in(ApiVersion::V2_1, alias),
            None,
            "{alias}"
        );
        assert_eq!(
            MessageType::from_name_in(ApiVersion::V3, alias),
            None,
            "{alias}"
        );
    }
    // Strict lookup does not mix versions.
    assert_eq!(
        MessageType::from_name_in(ApiVersion::V3, ".ams.ms.PublishEvent"),
        None
    );
    assert_eq!(
        MessageType::from_name_in(ApiVersion::V2_1, "ms.PublishEvent"),
        None
    );
    assert_eq!(MessageType::from_name("nope"), None);
    // A v2 name shared by request and response base resolves to the request.
    assert_eq!(
        MessageType::from_name(".ams.ms.token.GenerateUploadToken"),
        Some(MessageType::GenerateUploadToken)
    );
    assert_eq!(MessageType::from_code(400), Some(MessageType::PublishEvent));
    assert_eq!(MessageType::PublishEvent.code(), Some(400));
}

#[test]
fn api_version_parsing() {
    assert_eq!("2".parse::<ApiVersion>().unwrap(), ApiVersion::V2);
    assert_eq!("2.1".parse::<ApiVersion>().unwrap(), ApiVersion::V2_1);
    assert_eq!("3".parse::<ApiVersion>().unwrap(), ApiVersion::V3);
    assert!("4".parse::<ApiVersion>().is_err());
    assert_eq!(ApiVersion::V2_1.to_string(), "2.1");
    assert_eq!(ApiVersion::V3.default_side(), Side::Consumer);
    assert_eq!(ApiVersion::V2.default_side(), Side::Brand);
}
