//! The Logs pane pointed at an environment's stack on Swarm: `r` cycles the
//! pane's source from the local project through each `[environments]`
//! entry and back. An environment's services are the rows; the log view
//! follows the selected one (or all, combined), every task on every node,
//! and search, filter, level, export and follow work as on any panel.
//! Changing the source stops the old stream before the new one starts.

use super::effect::Effect;
use super::logs_pane::{EnvLogs, ServiceRow};
use super::model::Model;

/// `r`: the next source after the current one; the local project after
/// the last environment.
pub(super) fn cycle(model: &mut Model) -> Vec<Effect> {
    let logs = &mut model.logs;
    if logs.environments.is_empty() {
        model.status = Some("runcli.toml has no [environments] to read logs from".into());
        return Vec::new();
    }
    let next = match &logs.env {
        None => logs.environments.first().cloned(),
        Some(env) => {
            let at = logs.environments.iter().position(|e| *e == env.name);
            at.and_then(|i| logs.environments.get(i + 1).cloned())
        }
    };
    let mut effects = Vec::new();
    if let Some(old) = logs.following.take() {
        effects.push(Effect::StopLogs { container_id: old });
    }
    logs.view.clear();
    logs.ended = None;
    logs.ended_streams.clear();
    logs.streams.clear();
    match next {
        Some(name) => {
            logs.env = Some(EnvLogs {
                name: name.clone(),
                services: Vec::new(),
                selected: 0,
                note: Some(format!("connecting to {name}...")),
            });
            effects.push(Effect::LoadEnvServices { env: name });
        }
        None => {
            logs.env = None;
            effects.extend(super::update_logs::follow_selected(model));
        }
    }
    effects
}

/// Selects service row `index` (clamped) and follows it.
pub(super) fn select(model: &mut Model, index: usize) -> Vec<Effect> {
    if let Some(env) = model.logs.env.as_mut() {
        env.selected = index.min(env.services.len().saturating_sub(1));
    }
    follow(model)
}

/// Points the log view at the selected service, or every service when the
/// pane is combined, stopping the old stream.
pub(super) fn follow(model: &mut Model) -> Vec<Effect> {
    let logs = &mut model.logs;
    let Some(env) = &logs.env else {
        return Vec::new();
    };
    let wanted = env.stream(logs.combined);
    if wanted == logs.following {
        return Vec::new();
    }
    let services: Vec<(String, String)> = if logs.combined {
        env.services.iter().map(pair).collect()
    } else {
        env.services
            .get(env.selected)
            .map(pair)
            .into_iter()
            .collect()
    };
    let name = env.name.clone();
    let mut effects = Vec::new();
    if let Some(old) = logs.following.take() {
        effects.push(Effect::StopLogs { container_id: old });
    }
    logs.view.clear();
    logs.ended = None;
    if let Some(stream) = wanted {
        effects.push(Effect::FollowEnvLogs {
            env: name,
            stream: stream.clone(),
            services,
            tail: logs.view.buffer.max_lines(),
        });
        logs.following = Some(stream);
    }
    effects
}

fn pair(row: &ServiceRow) -> (String, String) {
    (row.swarm_name.clone(), row.name.clone())
}

/// The services of environment `env` arrived (or why not): show them and
/// follow the selected one, if the pane still shows that environment.
pub(super) fn on_services(
    model: &mut Model,
    env: &str,
    services: Result<Vec<ServiceRow>, String>,
) -> Vec<Effect> {
    let Some(shown) = model.logs.env.as_mut().filter(|e| e.name == env) else {
        return Vec::new();
    };
    match services {
        Ok(rows) => {
            shown.note = rows
                .is_empty()
                .then(|| format!("the stack of {env} has no services; deploy it first"));
            shown.selected = shown.selected.min(rows.len().saturating_sub(1));
            shown.services = rows;
            follow(model)
        }
        Err(reason) => {
            shown.note = Some(reason);
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{EngineStatus, Header, Key, LogLine, Msg, Pane, update};

    fn model() -> Model {
        let header = Header {
            project: "demo".into(),
            version: None,
            git: None,
            engine: EngineStatus::Connecting {
                endpoint: "unix:///var/run/docker.sock".into(),
            },
        };
        let mut m = Model::new(header, 1000, 1 << 20);
        m.pane = Pane::Logs;
        m.logs.environments = vec!["staging".into(), "cluster".into()];
        m
    }

    fn row(name: &str) -> ServiceRow {
        ServiceRow {
            name: name.into(),
            swarm_name: format!("st_{name}"),
            running: 2,
            desired: 2,
        }
    }

    #[test]
    fn r_cycles_local_then_each_environment_then_local() {
        let mut m = model();
        let fx = update(&mut m, Msg::Key(Key::Char('r')));
        assert_eq!(
            fx,
            vec![Effect::LoadEnvServices {
                env: "staging".into()
            }]
        );
        let fx = update(&mut m, Msg::Key(Key::Char('r')));
        assert_eq!(
            fx,
            vec![Effect::LoadEnvServices {
                env: "cluster".into()
            }]
        );
        update(&mut m, Msg::Key(Key::Char('r')));
        assert!(m.logs.env.is_none());
    }

    #[test]
    fn services_are_followed_and_the_stream_stops_when_the_source_changes() {
        let mut m = model();
        update(&mut m, Msg::Key(Key::Char('r')));
        let services = Ok(vec![row("api"), row("worker")]);
        let env = "staging".to_string();
        let fx = update(&mut m, Msg::EnvServices { env, services });
        let stream = "env:staging/st_api".to_string();
        assert_eq!(
            fx,
            vec![Effect::FollowEnvLogs {
                env: "staging".into(),
                stream: stream.clone(),
                services: vec![("st_api".into(), "api".into())],
                tail: 1000,
            }]
        );
        let lines = vec![LogLine::stdout("api.1@node-a | hello")];
        update(
            &mut m,
            Msg::LogLines {
                container_id: stream.clone(),
                lines,
            },
        );
        assert_eq!(m.logs.view.shown_text(), ["api.1@node-a | hello"]);
        let fx = update(&mut m, Msg::Key(Key::Char('a')));
        assert_eq!(
            fx[0],
            Effect::StopLogs {
                container_id: stream.clone()
            }
        );
        let Effect::FollowEnvLogs { services, .. } = &fx[1] else {
            panic!("{fx:?}");
        };
        assert_eq!(services.len(), 2);
        let fx = update(&mut m, Msg::Key(Key::Char('r')));
        assert_eq!(
            fx[0],
            Effect::StopLogs {
                container_id: "env:staging/*all*".into()
            }
        );
        assert!(m.logs.view.shown_text().is_empty());
    }

    #[test]
    fn a_late_answer_for_another_environment_is_ignored() {
        let mut m = model();
        update(&mut m, Msg::Key(Key::Char('r')));
        let env = "cluster".to_string();
        let fx = update(
            &mut m,
            Msg::EnvServices {
                env,
                services: Ok(vec![row("api")]),
            },
        );
        assert!(fx.is_empty());
        assert!(m.logs.env.as_ref().is_some_and(|e| e.services.is_empty()));
    }
}
