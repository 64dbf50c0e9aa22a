//! Connection attempts: credentials, CSDS, the socket; retry or give up.

use super::*;

impl Client {
    /// Takes the next step of a connection attempt, if nothing is under way.
    pub(super) fn advance(&mut self, now: Time) {
        // Only an attempt that is neither waiting to retry nor using a socket takes a step.
        match self.phase.attempt() {
            Some(a) if a.retry_at.is_none() && a.socket.is_none() => {}
            _ => return,
        }
        let busy = self.http.values().any(|p| match p {
            HttpPurpose::Call(c) => c.is_connect() || matches!(c, Call::Login { .. }),
            HttpPurpose::Csds(_) => false,
        }) || self.waiting_host.iter().any(Call::is_connect);
        if busy {
            return;
        }
        match self.cfg.user_type {
            UserType::Consumer => {
                if let Some((connector_id, code)) = self.step_up_code() {
                    let lp_jwt = self.jwt.clone();
                    self.call(
                        now,
                        Call::Idp(IdpCall::ConnectorCode {
                            connector_id,
                            code,
                            lp_jwt,
                        }),
                    );
                    return;
                }
                if self.jwt.is_none() {
                    let call = match &self.cfg.credentials {
                        Credentials::ConsumerUnauthenticated { connector_id } => {
                            match (&self.external_token, &self.spent_external_token) {
                                (Some(t), _) => IdpCall::ConnectorIdToken {
                                    connector_id: connector_id.clone(),
                                    id_token: t.clone(),
                                },
                                // The LP JWT made from it was refused: refresh it (same
                                // consumer, so the conversations stay) rather than start over.
                                (None, Some(t)) => IdpCall::AnonymousRefresh {
                                    id_token: t.clone(),
                                },
                                (None, None) => IdpCall::AnonymousAuthorize,
                            }
                        }
                        Credentials::ConsumerAuthenticated { connector_id, code } => {
                            IdpCall::ConnectorCode {
                                connector_id: connector_id.clone(),
                                code: code.clone(),
                                lp_jwt: None,
                            }
                        }
                        Credentials::ConsumerMock { customer_name } => IdpCall::Mock {
                            customer_name: customer_name.clone(),
                        },
                        _ => IdpCall::Signup,
                    };
                    self.call(now, Call::Idp(call));
                    return;
                }
            }
            UserType::Brand => {
                if self.brand.session().is_none() && self.is_external() {
                    self.request_token(false);
                    return;
                }
                if self.brand.session().is_none() && !self.rest_bearer_session() {
                    if let (false, Some(s)) = (self.session_option_used, &self.cfg.agent_session) {
                        // The session given in the options, used once; refreshed below.
                        self.session_option_used = true;
                        self.brand.adopt(BrandSession::from(s), false);
                        self.set_agent_identity();
                    }
                }
                match self.brand.next_step(self.can_login()) {
                    NextStep::Ready => {}
                    NextStep::Validate => {
                        self.call(now, Call::Refresh { validate: true });
                        return;
                    }
                    NextStep::Login => {
                        self.call(now, Call::Login { regenerate: false });
                        return;
                    }
                    NextStep::CannotLogIn => {
                        let e = Error::Auth {
                            step: AuthStep::Refresh,
                            status: None,
                            code: None,
                            message: "the given agent session is no longer valid and no authData was given to log in again".into(),
                        };
                        self.attempt_failed(now, e);
                        return;
                    }
                }
            }
        }
        if self.cfg.rest {
            self.rest_ready(now);
            return;
        }
        self.call(now, Call::OpenSocket);
    }

    pub(super) fn can_login(&self) -> bool {
        matches!(
            self.cfg.credentials,
            Credentials::BrandPassword { .. } | Credentials::BrandApiKey { .. }
        )
    }

    pub(super) fn set_agent_identity(&mut self) {
        if let Some(u) = self.brand.session().and_then(|s| s.user_id.clone()) {
            if self.cfg.agent_id.is_none() {
                self.agent_id = Some(format!("{}.{}", self.cfg.account_id, u));
            }
            self.user_id = Some(u);
        }
        self.refresh_viewer();
    }

    /// Makes an HTTP call (or opens the socket) once its service's host is known.
    pub(super) fn call(&mut self, now: Time, call: Call) {
        let svc = call.service(self.cfg.user_type);
        match self.csds.host(svc, now).map(str::to_owned) {
            Some(host) => self.dispatch(now, call, &host),
            None => {
                self.waiting_host.push(call);
                if self.csds.begin(svc) {
                    let id = self.http_id();
                    let req =
                        csds::lookup_request(id, &self.cfg.csds_url, &self.cfg.account_id, svc);
                    self.http.insert(id, HttpPurpose::Csds(svc));
                    self.transmits.push_back(Transmit::Http(req));
                }
            }
        }
    }

    pub(super) fn http_id(&mut self) -> HttpId {
        self.next_http += 1;
        HttpId(self.next_http)
    }

    pub(super) fn dispatch(&mut self, now: Time, call: Call, host: &str) {
        let call = match call {
            Call::Rest(job) => return self.rest_dispatch(host, job),
            other => other,
        };
        let plain = self.cfg.plain;
        let origin = csds::origin(host, plain, false);
        let acct = self.cfg.account_id.clone();
        let id = self.http_id();
        let bearer_headers = |s: Option<&BrandSession>| -> Vec<(String, String)> {
            let mut h = vec![("Content-Type".to_owned(), "application/json".to_owned())];
            if let Some(s) = s {
                h.push((
                    "Authorization".into(),
                    format!("Bearer {}", s.bearer.expose()),
                ));
            }
            h
        };
        let req = match &call {
            Call::OpenSocket => {
                self.open_socket(now, host);
                return;
            }
            Call::Rest(_) => return,
            Call::Idp(c) => consumer::http_request(id, c, &origin, &acct),
            Call::Login { .. } => {
                match brand::login_request(id, &origin, &acct, &self.cfg.credentials) {
                    Some(r) => r,
                    None => return,
                }
            }
            Call::Refresh { .. } => match self.brand.session() {
                Some(s) => brand::refresh_request(id, &origin, &acct, s),
                None => return,
            },
            Call::ShiftStatus(_) => shift_status::request(
                id,
                &origin,
                &acct,
                self.brand.session().map(|s| s.bearer.expose()),
            ),
            Call::MsgStats(_, agent) => {
                let user = self
                    .brand
                    .session()
                    .and_then(|s| s.user_id.clone())
                    .unwrap_or_default();
                let path = if *agent {
                    format!("/agents/{user}")
                } else {
                    String::new()
                };
                HttpRequest {
                    id,
                    method: HttpMethod::Get,
                    url: format!(
                        "{origin}/api/messaging/rest/reporting/brands/{acct}{path}/msgstatistics?v=1&_={}",
                        now.0
                    ),
                    headers: bearer_headers(self.brand.session()),
                    body: vec![],
                }
            }
            Call::SwiftPut(_, path, q, upload) => HttpRequest {
                id,
                method: HttpMethod::Put,
                url: swift_url(&origin, path, q),
                headers: vec![],
                body: upload.data.clone(),
            },
            Call::SwiftGet(_, path, q) => HttpRequest {
                id,
                method: HttpMethod::Get,
                url: swift_url(&origin, path, q),
                headers: vec![],
                body: vec![],
            },
        };
        self.time_http_request(now, &call, &req);
        self.http.insert(id, HttpPurpose::Call(call));
        self.transmits.push_back(Transmit::Http(req));
    }

    pub(super) fn open_socket(&mut self, now: Time, host: &str) {
        let origin = csds::origin(host, self.cfg.plain, true);
        let acct = &self.cfg.account_id;
        let track = format!(
            "&intid={INTEGRATION_ID}&intvn={INTEGRATION_VERSION}&appid={}&appvn={}",
            url_encode(&self.cfg.app_id),
            url_encode(&self.cfg.app_version)
        );
        let url = match self.cfg.user_type {
            UserType::Consumer => {
                format!("{origin}/ws_api/account/{acct}/messaging/consumer?v=3{track}")
            }
            UserType::Brand => {
                let bearer = self
                    .brand
                    .session()
                    .map(|s| s.bearer.expose().to_owned())
                    .unwrap_or_default();
                format!("{origin}/ws_api/account/{acct}/messaging/brand/{bearer}?v=2.1{track}")
            }
        };
        let Some(attempt) = self.phase.attempt_mut() else {
            return;
        };
        self.next_socket += 1;
        let id = SocketId(self.next_socket);
        attempt.socket = Some(AttemptSocket { id, opened: false });
        self.time_socket_open(now, id, &url);
        self.transmits.push_back(Transmit::OpenSocket {
            id,
            url,
            headers: vec![],
        });
    }

    /// What the attempt is waiting for (to name it when `connectTimeout` ends it).
    pub(super) fn step_in_flight(&self) -> &'static str {
        if self.phase.attempt().is_some_and(|a| a.socket.is_some()) {
            return "websocket";
        }
        let calls = self.http.values().filter_map(|p| match p {
            HttpPurpose::Call(c) if c.is_connect() => Some(c),
            _ => None,
        });
        match calls.chain(self.waiting_host.iter()).next() {
            Some(c) => call_name(c),
            None if !self.http.is_empty() => "CSDS",
            None => "the connection attempt",
        }
    }

    /// A connection attempt failed: retry on the schedule, or give up.
    pub(super) fn attempt_failed(&mut self, now: Time, err: Error) {
        let retriable = err.is_transient();
        self.attempt_failed_as(now, err, retriable);
    }

    /// A token obtained during this attempt was refused (`err`). Before the connection was
    /// ever up that is an authentication error: `open()` rejects, since another token would be
    /// refused as well (wrong credentials, wrong account or platform). Once it has been up,
    /// the same refusal is a race (a revocation or expiry crossing the new login, or a
    /// platform that does not know the new session yet), so the token is dropped and the
    /// attempt is retried with back-off like a network failure, each failure reported as
    /// `failed-to-connect`.
    pub(super) fn fresh_token_refused(&mut self, now: Time, err: Error) {
        if self.phase.connected_before() {
            self.drop_token();
            self.attempt_failed_as(now, err, true);
        } else {
            self.attempt_failed(now, err);
        }
    }

    /// [`attempt_failed`](Client::attempt_failed) with the retry decided by the caller.
    pub(super) fn attempt_failed_as(&mut self, now: Time, err: Error, retriable: bool) {
        let Some(attempt) = self.phase.attempt() else {
            self.emit(Event::Error { error: err });
            return;
        };
        let (deadline, reconnect) = (
            attempt.deadline,
            matches!(attempt.goal, Goal::Reconnect { .. }),
        );
        let opening = matches!(attempt.goal, Goal::Open { .. });
        self.last_error = Some(err.clone());
        self.close_socket(1000, "connection attempt failed");
        self.set_setup(None);
        for p in self
            .tracker
            .remove_where(|p| !matches!(p, Purpose::User(..)))
        {
            self.fail_purpose(p.purpose, err.clone());
        }
        self.http
            .retain(|_, p| !matches!(p, HttpPurpose::Call(c) if c.is_connect()));
        self.waiting_host.retain(|c| !c.is_connect());
        self.csds.cancel_all();
        let retry = self.cfg.maintain_connection && retriable;
        let wait = self.backoff.next_wait();
        let past_deadline = deadline.is_some_and(|d| now.plus_ms(wait) > d);
        if retry && !past_deadline {
            if let Some(a) = self.phase.attempt_mut() {
                a.retry_at = Some(now.plus_ms(wait));
            }
            // A reconnect waiting for its next attempt is `disconnected`; requests keep
            // queueing.
            self.sync_state();
            self.emit(Event::FailedToConnect {
                error: err,
                will_retry: true,
            });
            self.report_retry_wait(wait);
            return;
        }
        let final_err = if retry {
            Error::ConnectTimeout {
                timeout_ms: self.cfg.connect_timeout,
                last: Box::new(err),
            }
        } else {
            err
        };
        self.emit(Event::FailedToConnect {
            error: final_err.clone(),
            will_retry: false,
        });
        if !opening {
            self.emit(Event::Error {
                error: final_err.clone(),
            });
        }
        let goal_cmd = self.phase.goal_command();
        let connected_before = self.phase.connected_before() || reconnect;
        self.shutdown(final_err, goal_cmd);
        self.enter(Phase::Ended {
            failed: true,
            connected_before,
        });
    }
}
