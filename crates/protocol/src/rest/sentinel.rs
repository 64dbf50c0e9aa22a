//! Connector (Send) API identities (`auth.md` §3): Sentinel AppJWT and IDP ConsumerJWS.

use serde::{Deserialize, Serialize};

/// Answer of `POST /sentinel/api/account/{acct}/app/token?v=1.0&grant_type=client_credentials`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppTokenResponse {
    /// The AppJWT.
    pub access_token: String,
    /// `Bearer`.
    pub token_type: String,
}

/// Body of `POST /api/account/{acct}/consumer?v=1.0` (IDP, with the AppJWT in `Authorization`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerJwsRequest {
    /// The connector's own id for the consumer.
    pub ext_consumer_id: String,
}

/// Claims of a ConsumerJWS (example in `auth.md` §3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerJwsClaims {
    /// The account.
    pub account_id: String,
    /// The connector's id for the consumer.
    pub ext_consumer_id: String,
    /// The 64-hex consumer id.
    pub lp_consumer_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sentinel_bodies_round_trip() {
        let token = json!({"access_token":"a.b.c","token_type":"Bearer"});
        let parsed: AppTokenResponse = serde_json::from_value(token.clone()).expect("parses");
        assert_eq!(serde_json::to_value(parsed).expect("json"), token);
        let req = json!({"ext_consumer_id": "John_Doe_facebook12345"});
        let parsed: ConsumerJwsRequest = serde_json::from_value(req.clone()).expect("parses");
        assert_eq!(serde_json::to_value(parsed).expect("json"), req);
        let claims = json!({"account_id":"le31457780","ext_consumer_id":"random_id0.17307796875","lp_consumer_id":"29caf0c1fa24"});
        let parsed: ConsumerJwsClaims = serde_json::from_value(claims.clone()).expect("parses");
        assert_eq!(serde_json::to_value(parsed).expect("json"), claims);
    }
}
