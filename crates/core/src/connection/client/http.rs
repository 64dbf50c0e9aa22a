//! HTTP answers: CSDS, IDP, agentVep, REST calls and file storage.

use super::*;

impl Client {
    /// An HTTP exchange finished (`Ok`, any status) or failed without a response (`Err`).
    pub fn handle_http_response(
        &mut self,
        now: Time,
        id: HttpId,
        result: Result<HttpResponse, HttpFailure>,
    ) {
        let Some(purpose) = self.http.remove(&id) else {
            return; // cancelled
        };
        self.time_http_answer(now, id, &result);
        match purpose {
            HttpPurpose::Csds(svc) => self.on_csds(now, svc, result),
            HttpPurpose::Call(call) => self.on_call(now, call, result),
        }
    }

    pub(super) fn on_csds(
        &mut self,
        now: Time,
        svc: &'static str,
        result: Result<HttpResponse, HttpFailure>,
    ) {
        let host = match &result {
            Ok(r) if is_success(r) => csds::parse_answer(&r.body, svc),
            _ => None,
        };
        match host {
            Some(h) => {
                self.csds.store(svc, h.clone(), now);
                let (ready, rest): (Vec<Call>, Vec<Call>) = std::mem::take(&mut self.waiting_host)
                    .into_iter()
                    .partition(|c| c.service(self.cfg.user_type) == svc);
                self.waiting_host = rest;
                for c in ready {
                    self.dispatch(now, c, &h);
                }
            }
            None => {
                self.csds.failed(svc);
                let err = match result {
                    Ok(r) if is_success(&r) => Error::Http {
                        service: format!("CSDS {svc}"),
                        status: Some(r.status),
                        code: None,
                        message: "the answer has no baseURI".into(),
                    },
                    Ok(r) => {
                        let (message, code) = error_details(&r, &[]);
                        Error::Http {
                            service: format!("CSDS {svc}"),
                            status: Some(r.status),
                            code,
                            message,
                        }
                    }
                    Err(f) => {
                        Error::no_response(format!("CSDS {svc}"), &f, self.scrubbed(&f.message))
                    }
                };
                let (failed, rest): (Vec<Call>, Vec<Call>) = std::mem::take(&mut self.waiting_host)
                    .into_iter()
                    .partition(|c| c.service(self.cfg.user_type) == svc);
                self.waiting_host = rest;
                let mut connect_failed = false;
                for c in failed {
                    if c.is_connect() {
                        connect_failed = true;
                    } else {
                        self.call_failed(now, c, err.clone());
                    }
                }
                if connect_failed {
                    self.attempt_failed(now, err);
                }
            }
        }
    }

    pub(super) fn call_failed(&mut self, now: Time, call: Call, err: Error) {
        match call {
            c if c.is_connect() => self.attempt_failed(now, err),
            Call::Login { regenerate: true } => {
                self.fail_parked(&err);
                self.emit(Event::Error { error: err });
                // Try again on the refresh cadence; a reconnect will also log in.
                self.brand.retry_refresh_later(now);
            }
            Call::Refresh { .. } => {
                self.emit(Event::Error { error: err });
                self.brand.retry_refresh_later(now);
            }
            Call::ShiftStatus(None) => self.emit(Event::Error { error: err }),
            c => {
                if let Some(cmd) = c.command() {
                    self.complete(cmd, Err(err));
                }
            }
        }
    }

    pub(super) fn on_call(
        &mut self,
        now: Time,
        call: Call,
        result: Result<HttpResponse, HttpFailure>,
    ) {
        let resp = match result {
            Ok(r) => r,
            Err(f) => {
                let err = Error::no_response(call_name(&call), &f, self.scrubbed(&f.message));
                self.call_failed(now, call, err);
                return;
            }
        };
        let secrets = self.secrets();
        let secret_refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        match call {
            Call::Idp(idp) => {
                let step = match &idp {
                    IdpCall::Signup => AuthStep::Signup,
                    IdpCall::AnonymousAuthorize | IdpCall::AnonymousRefresh { .. } => {
                        AuthStep::AnonymousAuthorize
                    }
                    IdpCall::ConnectorCode {
                        lp_jwt: Some(_), ..
                    } => AuthStep::StepUp,
                    _ => AuthStep::ConnectorAuthenticate,
                };
                let token = if is_success(&resp) {
                    consumer::token_of(&resp)
                } else {
                    None
                };
                match token {
                    None => {
                        let mut err = if is_success(&resp) {
                            Error::Http {
                                service: step.to_string(),
                                status: Some(resp.status),
                                code: None,
                                message: "the answer has no token".into(),
                            }
                        } else {
                            auth_failure(step, &resp, &secret_refs)
                        };
                        if resp.status == 428 && step == AuthStep::AnonymousAuthorize {
                            err = Error::Auth {
                                step,
                                status: Some(428),
                                code: None,
                                message: format!(
                                    "unAuth messaging feature is not enabled for accountId: {}",
                                    self.cfg.account_id
                                ),
                            };
                        }
                        if step == AuthStep::StepUp {
                            self.forget_step_up_code();
                        }
                        if matches!(idp, IdpCall::AnonymousRefresh { .. }) && !err.is_transient() {
                            // Refresh refused (expired past its window, revoked): start over
                            // with a new anonymous identity.
                            self.spent_external_token = None;
                            self.advance(now);
                            return;
                        }
                        self.attempt_failed(now, err);
                    }
                    Some(t) => {
                        match idp {
                            IdpCall::AnonymousAuthorize | IdpCall::AnonymousRefresh { .. } => {
                                self.spent_external_token = None;
                                self.external_token = Some(t);
                            }
                            IdpCall::ConnectorCode {
                                lp_jwt: Some(_), ..
                            } => {
                                self.forget_step_up_code();
                                self.set_jwt(t);
                            }
                            _ => self.set_jwt(t),
                        }
                        self.advance(now);
                    }
                }
            }
            Call::Login { regenerate } => match self.brand.on_login(now, &resp, &secret_refs) {
                Ok(()) => {
                    let was_regen = regenerate || self.phase.connected_before();
                    self.jwt_fresh = self.phase.attempt().is_some();
                    self.set_agent_identity();
                    if was_regen {
                        let agent_id = self.agent_id.clone();
                        self.emit(Event::TokenRegenerated { agent_id });
                    }
                    self.wake_token_waiters();
                    self.retry_parked(now);
                    self.advance(now);
                }
                Err(err) => self.call_failed(now, Call::Login { regenerate }, err),
            },
            Call::Refresh { validate } => match self.brand.on_refresh(now, &resp, &secret_refs) {
                RefreshOutcome::Alive => {
                    self.jwt_fresh = validate;
                    self.emit(Event::RefreshToken);
                    if validate {
                        self.set_agent_identity();
                        self.wake_token_waiters();
                        self.advance(now);
                    }
                }
                RefreshOutcome::Invalid(err) => {
                    self.declare_token_invalid(TokenSource::RefreshToken);
                    if validate {
                        if self.can_login() {
                            self.advance(now);
                        } else {
                            self.attempt_failed(now, err);
                        }
                    } else if self.can_login() {
                        self.call(now, Call::Login { regenerate: true });
                    } else {
                        self.emit(Event::Error { error: err });
                    }
                }
                RefreshOutcome::Failed(err) => {
                    self.call_failed(now, Call::Refresh { validate }, err)
                }
            },
            Call::OpenSocket => {}
            Call::Rest(job) => self.on_rest(now, job, resp),
            Call::ShiftStatus(cmd) => {
                if is_success(&resp) {
                    let skills: Value = serde_json::from_slice(&resp.body).unwrap_or(Value::Null);
                    self.emit(Event::ShiftStatus {
                        skills: skills.clone(),
                    });
                    let events = self.model.ingest_shift_status_json(&skills);
                    self.model_events(now, events);
                    if let Some(c) = cmd {
                        self.complete(c, Ok(CommandOutput::ShiftStatus { skills }));
                    }
                } else {
                    if resp.status == 401 {
                        self.token_invalid_http(now, TokenSource::ShiftStatus);
                    }
                    let (message, code) = error_details(&resp, &secret_refs);
                    let err = Error::Http {
                        service: "shift status".into(),
                        status: Some(resp.status),
                        code,
                        message,
                    };
                    self.call_failed(now, Call::ShiftStatus(cmd), err);
                }
            }
            Call::MsgStats(cmd, agent) => {
                if resp.status == 401
                    && self.retry_after_new_token(
                        now,
                        Call::MsgStats(cmd, agent),
                        TokenSource::MessageStatistics,
                    )
                {
                    return;
                }
                self.forget_retry(cmd);
                if is_success(&resp) {
                    let body: Value = serde_json::from_slice(&resp.body).unwrap_or(Value::Null);
                    self.complete(cmd, Ok(CommandOutput::Body { body }));
                } else {
                    let (message, code) = error_details(&resp, &secret_refs);
                    self.complete(
                        cmd,
                        Err(Error::Http {
                            service: "message statistics".into(),
                            status: Some(resp.status),
                            code,
                            message,
                        }),
                    );
                }
            }
            Call::SwiftPut(cmd, path, _, upload) => {
                if is_success(&resp) {
                    self.complete(
                        cmd,
                        Ok(CommandOutput::Uploaded {
                            relative_path: path,
                            file_type: upload.file_type,
                            preview: upload.preview,
                        }),
                    );
                } else {
                    let (message, code) = error_details(&resp, &secret_refs);
                    self.complete(
                        cmd,
                        Err(Error::Http {
                            service: "file upload".into(),
                            status: Some(resp.status),
                            code,
                            message,
                        }),
                    );
                }
            }
            Call::SwiftGet(cmd, path, ..) => {
                if is_success(&resp) {
                    let filename = path
                        .rsplit('/')
                        .next()
                        .map(str::to_owned)
                        .filter(|s| !s.is_empty());
                    self.complete(
                        cmd,
                        Ok(CommandOutput::File {
                            data: resp.body,
                            filename,
                        }),
                    );
                } else {
                    let (message, code) = error_details(&resp, &secret_refs);
                    self.complete(
                        cmd,
                        Err(Error::Http {
                            service: "file download".into(),
                            status: Some(resp.status),
                            code,
                            message,
                        }),
                    );
                }
            }
        }
    }

    /// A REST service refused the brand bearer: regenerate it.
    pub(super) fn token_invalid_http(&mut self, now: Time, source: TokenSource) {
        self.declare_token_invalid(source);
        if self.is_external() {
            // Keep the old session (the socket still works with it) until the new one is in.
            self.request_token(true);
            return;
        }
        let login_running = self
            .http
            .values()
            .any(|p| matches!(p, HttpPurpose::Call(Call::Login { .. })));
        if self.can_login() && !login_running {
            self.brand.distrust();
            self.call(now, Call::Login { regenerate: true });
        }
    }

    pub(super) fn set_jwt(&mut self, t: Secret) {
        let regenerated = self.phase.connected_before();
        if let Some(sub) = consumer::jwt_subject(t.expose()) {
            self.user_id = Some(sub);
        }
        self.jwt = Some(t);
        self.jwt_fresh = true;
        self.refresh_viewer();
        if regenerated {
            let agent_id = self.user_id.clone();
            self.emit(Event::TokenRegenerated { agent_id });
        }
        self.wake_token_waiters();
    }

    pub(super) fn wake_token_waiters(&mut self) {
        if let Some(t) = self.token().cloned() {
            for c in std::mem::take(&mut self.token_waiters) {
                self.complete(c, Ok(CommandOutput::Token { token: t.clone() }));
            }
        }
    }
}
