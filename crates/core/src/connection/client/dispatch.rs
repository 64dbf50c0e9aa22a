//! Command dispatch: one entry point for every user command.

use super::*;

impl Client {
    /// Starts a command; its result arrives as [`Event::CommandCompleted`] with the returned id.
    pub fn command(&mut self, now: Time, command: Command) -> CommandId {
        self.next_command += 1;
        let id = CommandId(self.next_command);
        if let Err(e) = self.start_command(now, id, command) {
            self.complete(id, Err(e));
        }
        id
    }

    pub(super) fn start_command(
        &mut self,
        now: Time,
        id: CommandId,
        command: Command,
    ) -> Result<(), Error> {
        let name = command.name();
        let brand = self.cfg.user_type == UserType::Brand;
        let only = |ok: bool, who: &str| {
            if ok {
                Ok(())
            } else {
                Err(Error::Unsupported(format!(
                    "{name} is only supported on {who} connections"
                )))
            }
        };
        if self.cfg.rest
            && let Some(started) = self.rest_command(now, id, &command)
        {
            return started;
        }
        if let Some(built) = domain::build(&self.model, &command) {
            let mcmd = built.map_err(|e| {
                let (conversation_id, dialog_id) = domain::subject(&command);
                Error::Domain {
                    message: e.to_string(),
                    conversation_id,
                    dialog_id,
                }
            })?;
            return self.domain(now, id, mcmd);
        }
        match command {
            Command::ProcessWebhooksNotification { notification } => {
                let events = self.model.ingest_webhook(&notification, now);
                self.model_events(now, events);
                self.complete(id, Ok(CommandOutput::Done));
                Ok(())
            }
            Command::ProcessShiftStatusResponse { skills } => {
                let events = self.model.ingest_shift_status_json(&skills);
                self.model_events(now, events);
                self.complete(id, Ok(CommandOutput::Done));
                Ok(())
            }
            Command::GetConversationById { .. } => Err(Error::Unsupported(
                "getConversationById over REST is for REST connections; a websocket connection reads its cache (the model)".into(),
            )),
            Command::Open => self.open(now, id),
            Command::Close => self.close(now, id),
            Command::GetToken => {
                match self.token() {
                    Some(t) => {
                        let token = t.clone();
                        self.complete(id, Ok(CommandOutput::Token { token }));
                    }
                    None if matches!(self.phase, Phase::Connecting(_) | Phase::Live { .. }) =>
                    {
                        self.token_waiters.push(id)
                    }
                    None => {
                        return Err(Error::InvalidState {
                            operation: name.into(),
                            state: self.current_state().to_string(),
                        });
                    }
                }
                Ok(())
            }
            Command::Send { request } => self.request(
                now,
                request.type_name,
                request.body.unwrap_or_else(|| json!({})),
                request.metadata,
                request.headers,
                Purpose::User(id, Expect::Body),
            ),
            Command::GetClock => self.typed(
                now,
                MessageType::GetClock,
                json!({}),
                Purpose::User(id, Expect::Clock),
            ),
            Command::ResumeConversation { conversation_id } => {
                let Some(old) = self.model.conversation(&conversation_id) else {
                    return Err(Error::Domain {
                        message: format!("Unknown conversation {conversation_id}"),
                        conversation_id: Some(conversation_id),
                        dialog_id: None,
                    });
                };
                let campaign_info = (old.campaign_id.is_some() || old.engagement_id.is_some())
                    .then(|| json!({"campaignId": old.campaign_id, "engagementId": old.engagement_id}));
                let context = old.context.clone().map(|mut c| {
                    if let Some(o) = c.as_object_mut() {
                        // The client properties are re-added from this connection's.
                        o.remove("clientProperties");
                        o.insert("originConversationId".into(), json!(conversation_id));
                    }
                    c
                });
                let skill_id = Some(old.skill_id.clone()).filter(|s| s != "-1");
                only(!brand, "consumer")?;
                self.start_command(
                    now,
                    id,
                    Command::CreateConversation {
                        skill_id,
                        context,
                        campaign_info,
                    },
                )
            }
            Command::CreateConversation {
                skill_id,
                context,
                campaign_info,
            } => {
                only(!brand, "consumer")?;
                let props = self
                    .cfg
                    .client_properties
                    .clone()
                    .unwrap_or_else(|| json!({}));
                let mut ctx = context.unwrap_or_else(|| {
                    json!({"type":"CustomContext","name":"lp-messaging-sdk","description":"a default context for lp-messaging-sdk"})
                });
                if let Some(obj) = ctx.as_object_mut() {
                    obj.entry("type").or_insert_with(|| json!("CustomContext"));
                    let mut with_props = serde_json::Map::new();
                    with_props.insert("clientProperties".into(), props);
                    with_props.extend(obj.clone());
                    *obj = with_props;
                }
                let body = json!({
                    "ttrDefName": "NORMAL",
                    "channelType": "MESSAGING",
                    "skillId": skill_id.clone(),
                    "conversationContext": ctx,
                    "campaignInfo": campaign_info,
                });
                self.typed(
                    now,
                    MessageType::ConsumerRequestConversation,
                    body,
                    Purpose::User(
                        id,
                        Expect::Conversation {
                            created_by_consumer: true,
                            skill_id,
                        },
                    ),
                )
            }
            Command::CreateConversationSubscription {
                query,
                wait_for_ready,
            } => {
                let q = query.unwrap_or_else(|| self.cfg.default_subscription_query.clone());
                let h = self
                    .subs
                    .add(SubscriptionKind::Conversation, q.to_wire(), false, None);
                if wait_for_ready.unwrap_or(false)
                    && let Some(s) = self.subs.get_mut(h)
                {
                    s.waiting = Some(id);
                }
                self.subscribe(now, h, Some(id))
            }
            Command::Unsubscribe { handle } => self.unsubscribe(now, handle, Some(id)),
            Command::CreateRoutingTaskSubscription { query } => {
                only(brand, "brand")?;
                let q = query.unwrap_or_default();
                let agent = self.require_agent(q.agent_id.as_ref(), name)?;
                let body = json!({
                    "channelType": "MESSAGING",
                    "brandId": q.account_id.clone().unwrap_or_else(|| self.cfg.account_id.clone()),
                    "agentId": agent,
                });
                let h = self
                    .subs
                    .add(SubscriptionKind::RoutingTask, body, false, None);
                self.subscribe(now, h, Some(id))
            }
            Command::SubscribeAgentsState { agent_id } => {
                only(brand, "brand")?;
                if agent_id.as_deref().is_some_and(|a| a.trim().is_empty()) {
                    return Err(Error::Invalid {
                        command: name.into(),
                        message: "agentId is empty (leave it out for this agent)".into(),
                    });
                }
                let agent = self.require_agent(agent_id.as_ref(), name)?;
                let body = json!({"brandId": self.cfg.account_id, "agentId": agent});
                let h = self
                    .subs
                    .add(SubscriptionKind::AgentState, body, false, None);
                self.subscribe(now, h, Some(id))
            }
            Command::SetAgentState {
                agent_state,
                agent_id,
            } => {
                only(brand, "brand")?;
                let agent = self.require_agent(agent_id.as_ref(), name)?;
                let body = json!({"availability": agent_state, "channels": ["MESSAGING"], "agentUserId": agent});
                self.typed(
                    now,
                    MessageType::SetAgentState,
                    body,
                    Purpose::User(id, Expect::AgentState(agent_state)),
                )
            }
            Command::SetUserProfile { profile } => {
                only(!brand, "consumer")?;
                if let Some(p) = profile.as_object() {
                    let merged = match self.user_profile.take() {
                        Some(Value::Object(mut old)) => {
                            old.extend(p.clone());
                            Value::Object(old)
                        }
                        _ => profile.clone(),
                    };
                    self.user_profile = Some(merged);
                }
                self.typed(
                    now,
                    MessageType::SetUserProfile,
                    profile,
                    Purpose::User(id, Expect::Text("OK User Profile set successfully")),
                )
            }
            Command::GetUserProfile { user_id } => {
                let own = user_id.is_none();
                let body = match (brand, user_id) {
                    (_, Some(u)) => json!({"userId": u}),
                    (true, None) => json!({"userId": self.require_agent(None, name)?}),
                    (false, None) => json!({}),
                };
                self.typed(
                    now,
                    MessageType::GetUserProfile,
                    body,
                    Purpose::User(id, Expect::UserProfile { own }),
                )
            }
            Command::StepUp {
                auth_connector_id,
                jwt_claims_set,
            } => {
                only(!brand, "consumer")?;
                let code = encode_claims(&jwt_claims_set).map_err(|e| Error::Invalid {
                    command: name.into(),
                    message: e.to_string(),
                })?;
                self.step_up(now, id, name, auth_connector_id, code)
            }
            Command::MockStepUp {
                auth_connector_id,
                customer_name,
            } => {
                only(!brand, "consumer")?;
                if customer_name.trim().is_empty() {
                    return Err(Error::Invalid {
                        command: name.into(),
                        message: "customerName is empty".into(),
                    });
                }
                self.step_up(now, id, name, auth_connector_id, Secret::new(customer_name))
            }
            Command::AgentRequestConversation {
                consumer_id,
                skill_id,
                context,
                ttr_def_name,
            } => {
                only(brand, "brand")?;
                if consumer_id.trim().is_empty() {
                    return Err(Error::Invalid {
                        command: name.into(),
                        message: "consumerId is empty".into(),
                    });
                }
                let mut body = json!({"channelType": "MESSAGING", "consumerId": consumer_id});
                if let Some(s) = skill_id {
                    body["skillId"] = json!(s);
                }
                if let Some(t) = ttr_def_name {
                    body["ttrDefName"] = json!(t);
                }
                if let Some(c) = context {
                    body["conversationContext"] = c;
                }
                self.typed(
                    now,
                    MessageType::AgentRequestConversation,
                    body,
                    Purpose::User(
                        id,
                        Expect::Conversation {
                            created_by_consumer: false,
                            skill_id: None,
                        },
                    ),
                )
            }
            Command::GetMessageStatisticsForUser | Command::GetMessageStatisticsForBrand => {
                only(brand, "brand")?;
                self.require_session(name)?;
                let agent = matches!(command, Command::GetMessageStatisticsForUser);
                if agent
                    && self
                        .brand
                        .session()
                        .and_then(|s| s.user_id.as_ref())
                        .is_none()
                {
                    return Err(Error::Invalid {
                        command: name.into(),
                        message: "the agent's user id is not known yet".into(),
                    });
                }
                self.call(now, Call::MsgStats(id, agent));
                Ok(())
            }
            Command::GetShiftStatus => {
                only(brand, "brand")?;
                self.require_session(name)?;
                self.call(now, Call::ShiftStatus(Some(id)));
                Ok(())
            }
            Command::GetUploadUrl {
                file_size,
                file_type,
            } => self.typed(
                now,
                MessageType::GenerateUrlForUploadFile,
                json!({"fileSize": file_size, "fileType": file_type}),
                Purpose::User(id, Expect::FileUrl),
            ),
            Command::GetDownloadUrl { relative_path } => self.typed(
                now,
                MessageType::GenerateUrlForDownloadFile,
                json!({"relativePath": relative_path}),
                Purpose::User(id, Expect::FileUrl),
            ),
            Command::UploadFile {
                file_type,
                data,
                preview,
            } => {
                let upload = Upload::new(file_type, data, preview);
                self.typed(
                    now,
                    MessageType::GenerateUrlForUploadFile,
                    json!({"fileSize": upload.data.len(), "fileType": upload.file_type}),
                    Purpose::User(id, Expect::Upload(Box::new(upload))),
                )
            }
            Command::DownloadFile { relative_path } => self.typed(
                now,
                MessageType::GenerateUrlForDownloadFile,
                json!({"relativePath": relative_path}),
                Purpose::User(id, Expect::Download),
            ),
            // Domain commands were dispatched above.
            other => Err(Error::Unsupported(format!(
                "{} is not a connection command",
                other.name()
            ))),
        }
    }

    pub(super) fn domain(
        &mut self,
        now: Time,
        id: CommandId,
        mcmd: mc::Command,
    ) -> Result<(), Error> {
        let Some(name) = mcmd.message_type.name(self.version) else {
            return Err(Error::Unsupported(format!(
                "{:?} is not available on API version {}",
                mcmd.message_type, self.version
            )));
        };
        let metadata = mcmd.metadata.clone().map(Value::from);
        self.model.begin_command(&mcmd);
        self.request(
            now,
            name.to_owned(),
            mcmd.body.clone(),
            metadata,
            None,
            Purpose::User(id, Expect::Model(Box::new(mcmd))),
        )
    }

    pub(super) fn require_agent(
        &self,
        given: Option<&String>,
        command: &str,
    ) -> Result<String, Error> {
        given
            .cloned()
            .or_else(|| self.agent_id.clone())
            .ok_or_else(|| Error::Invalid {
                command: command.into(),
                message: "the agent id is not known yet (open the connection first)".into(),
            })
    }

    pub(super) fn require_session(&self, command: &str) -> Result<(), Error> {
        if self.brand.session().is_some() {
            Ok(())
        } else {
            Err(Error::InvalidState {
                operation: command.into(),
                state: self.current_state().to_string(),
            })
        }
    }
}
