//! The REST connection (`connectionType: rest`, brand): `open()` without a socket, and
//! commands carried out as UMS REST v1 calls ([`crate::connection::rest`]).

use super::*;
use crate::connection::rest::plan::{self, Output, Plan, PlanError, Route};
use crate::connection::rest::{Exchange, Next, RestError, Target};

/// One command's REST call in progress.
#[derive(Debug, Clone)]
pub(super) struct RestJob {
    cmd: CommandId,
    plan: Plan,
    /// Created once the host is known.
    exchange: Option<Exchange>,
    /// The bearer was refused once and a new one was asked for.
    reauthorized: bool,
}

impl RestJob {
    pub(super) fn command(&self) -> CommandId {
        self.cmd
    }
}

impl Client {
    /// A REST connection has what it needs (a bearer): connected, without a socket.
    pub(super) fn rest_ready(&mut self, now: Time) {
        self.jwt_fresh = false;
        self.wake_token_waiters();
        if self.cfg.poll_shift_status && self.shift_at.is_none() {
            self.call(now, Call::ShiftStatus(None));
            let first = self.rng.below(60_000);
            self.shift_at = Some(now.plus_ms(first.max(1)));
        }
        self.finish_connect(now);
    }

    /// A ready-made bearer (`token` option) as the session of a REST connection; `false` when
    /// there is none to use.
    pub(super) fn rest_bearer_session(&mut self) -> bool {
        if !self.cfg.rest || self.session_option_used || self.cfg.agent_session.is_some() {
            return false;
        }
        let Some(bearer) = self.cfg.token.clone() else {
            return false;
        };
        self.session_option_used = true;
        // Nothing to validate or refresh it with: it is used as given.
        let session = BrandSession {
            bearer,
            csrf: Secret::default(),
            session_id: Secret::default(),
            user_id: None,
            user_pid: None,
        };
        self.brand.adopt(session, true);
        self.set_agent_identity();
        true
    }

    /// Starts `command` on a REST connection; `None` when the client handles it as on any
    /// connection.
    pub(super) fn rest_command(
        &mut self,
        now: Time,
        id: CommandId,
        command: &Command,
    ) -> Option<Result<(), Error>> {
        let routed = plan::route(&self.model, command);
        let plan = match routed {
            Ok(Route::Local) => return None,
            Ok(Route::Call(p)) => *p,
            Err(e) => return Some(Err(self.plan_error(e, command))),
        };
        if !matches!(self.phase, Phase::Live { .. }) || self.brand.session().is_none() {
            return Some(Err(Error::NotConnected {
                request_type: format!("REST {}", plan.op.name()),
                state: self.current_state().to_string(),
            }));
        }
        if let Some(m) = &plan.model {
            self.model.begin_command(m);
        }
        let job = RestJob {
            cmd: id,
            plan,
            exchange: None,
            reauthorized: false,
        };
        self.call(now, Call::Rest(Box::new(job)));
        Some(Ok(()))
    }

    fn plan_error(&self, e: PlanError, command: &Command) -> Error {
        match e {
            PlanError::Model(message) => {
                let (conversation_id, dialog_id) = domain::subject(command);
                Error::Domain {
                    message,
                    conversation_id,
                    dialog_id,
                }
            }
            other => Error::Unsupported(other.to_string()),
        }
    }

    /// The host is known: the job's first request (or again, with a new bearer).
    pub(super) fn rest_dispatch(&mut self, host: &str, mut job: Box<RestJob>) {
        let bearer = self
            .brand
            .session()
            .map(|s| s.bearer.clone())
            .unwrap_or_default();
        let exchange = match job.exchange.as_mut() {
            Some(x) => {
                x.set_bearer(bearer);
                x
            }
            None => {
                let origin = csds::origin(host, self.cfg.plain, false);
                let target = Target::new(self.cfg.account_id.clone(), origin, bearer);
                job.exchange
                    .insert(Exchange::new(target, job.plan.op.clone()))
            }
        };
        let req = exchange.start();
        self.rest_send(job, req);
    }

    fn rest_send(&mut self, job: Box<RestJob>, mut req: HttpRequest) {
        let id = self.http_id();
        req.id = id;
        self.http.insert(id, HttpPurpose::Call(Call::Rest(job)));
        self.transmits.push_back(Transmit::Http(req));
    }

    /// An answer to one of a job's requests.
    pub(super) fn on_rest(&mut self, now: Time, mut job: Box<RestJob>, resp: HttpResponse) {
        let Some(exchange) = job.exchange.as_mut() else {
            return;
        };
        match exchange.handle_response(&resp) {
            Ok(Next::Request(req)) => self.rest_send(job, req),
            Ok(Next::Done(answer)) => self.rest_done(now, *job, answer.body),
            Err(RestError::Unauthorized { .. }) if !job.reauthorized && self.can_login() => {
                // The bearer was refused: log in again, then retry once with the new one.
                job.reauthorized = true;
                self.renewal.parked.push(Call::Rest(job));
                self.token_invalid_http(now, TokenSource::Rest);
            }
            Err(e) => {
                if matches!(e, RestError::Unauthorized { .. }) && !job.reauthorized {
                    self.emit(Event::TokenInvalid {
                        source: TokenSource::Rest,
                    });
                }
                let err = self.rest_error(e);
                self.rest_fail(*job, err);
            }
        }
    }

    pub(super) fn rest_fail(&mut self, job: RestJob, err: Error) {
        if let Some(m) = &job.plan.model {
            self.model.abort_command(m);
        }
        self.complete(job.cmd, Err(err));
    }

    fn rest_error(&self, e: RestError) -> Error {
        match Error::from(e) {
            Error::Http {
                service,
                status,
                code,
                message,
            } => Error::Http {
                service,
                status,
                code,
                message: self.scrubbed(&message),
            },
            other => other,
        }
    }

    fn rest_done(&mut self, now: Time, job: RestJob, body: Value) {
        let RestJob { cmd, plan, .. } = job;
        if let Some(m) = &plan.model {
            let events = self.model.command_succeeded(m);
            self.model_events(now, events);
        }
        let unexpected = |expected: &str, body: &Value| Error::Http {
            service: format!("UMS REST v1 {}", plan.op.name()),
            status: None,
            code: None,
            message: format!("expected {expected}, got {body}"),
        };
        let result = match plan.output {
            Output::Done => Ok(CommandOutput::Done),
            Output::Sequence => match plan::sequence_of(&body) {
                Some(sequence) => Ok(CommandOutput::Sequence { sequence }),
                // The reference does not show the answer: without a sequence the call still
                // succeeded, and the body is handed over as it is.
                None => Ok(CommandOutput::Body { body }),
            },
            Output::Records(dialog_id) => {
                if body.is_array() {
                    let events = self.model.ingest_query_messages(&dialog_id, &body, now);
                    self.model_events(now, events);
                    Ok(CommandOutput::Records { records: body })
                } else {
                    Err(unexpected("an array of events", &body))
                }
            }
            Output::Conversation => match body.get("convId").and_then(Value::as_str) {
                Some(id) => {
                    let id = id.to_owned();
                    let change = plan::as_change(&body);
                    let events = self
                        .model
                        .ingest_conversation_change(&change, &IngestContext::at(now));
                    self.model_events(now, events);
                    Ok(CommandOutput::Conversation {
                        conversation_id: id,
                    })
                }
                None => Err(unexpected("a conversation with convId", &body)),
            },
            Output::FileUrl => match file_url(&body) {
                Some((relative_path, query_params)) => Ok(CommandOutput::FileUrl {
                    relative_path,
                    query_params,
                }),
                None => Err(unexpected("{relativePath, queryParams}", &body)),
            },
            Output::Upload(upload) => match file_url(&body) {
                Some((path, q)) => {
                    self.call(now, Call::SwiftPut(cmd, path, q, upload));
                    return;
                }
                None => Err(unexpected("{relativePath, queryParams}", &body)),
            },
            Output::Download => match file_url(&body) {
                Some((path, q)) => {
                    self.call(now, Call::SwiftGet(cmd, path, q));
                    return;
                }
                None => Err(unexpected("{relativePath, queryParams}", &body)),
            },
        };
        self.complete(cmd, result);
    }
}
