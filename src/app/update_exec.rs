//! `E` on the Server and Logs panes: a shell in the selected container.
//! The model is left as it is, so the console comes back to the same
//! screen when the shell exits; only a refusal writes the status bar.

use super::effect::Effect;
use super::model::Model;

/// The shell effect for the selected container, or why there is none.
pub fn shell(model: &mut Model) -> Vec<Effect> {
    let Some(row) = model.logs.selected_container() else {
        model.status = Some("no container selected for a shell".to_string());
        return Vec::new();
    };
    if !row.running {
        model.status = Some(format!(
            "{} is not running: start it (T on the Server pane) for a shell",
            row.name
        ));
        return Vec::new();
    }
    vec![Effect::Exec {
        container_id: row.id.clone(),
        service: row.service.clone(),
    }]
}

#[cfg(test)]
mod tests {
    use crate::app::{
        Confirm, ContainerRow, Effect, EngineStatus, Header, Key, LogsFocus, Model, Msg, Pane,
        ServerFocus, update,
    };

    fn model(pane: Pane) -> Model {
        let header = Header {
            project: "demo".into(),
            version: None,
            git: None,
            engine: EngineStatus::Connecting {
                endpoint: "unix:///var/run/docker.sock".into(),
            },
        };
        let mut m = Model::new(header, 1000, 1 << 20);
        let row = |id: &str, service: &str, running: bool| ContainerRow {
            id: id.into(),
            name: format!("demo-{service}-1"),
            service: service.into(),
            state: if running { "running" } else { "exited (0)" }.into(),
            running,
            published: Vec::new(),
        };
        update(
            &mut m,
            Msg::Containers(vec![
                row("id-api", "api", true),
                row("id-db", "db", false),
                row("id-web", "web", true),
            ]),
        );
        m.pane = pane;
        m
    }

    fn press_e(m: &mut Model) -> Vec<Effect> {
        update(m, Msg::Key(Key::Char('E')))
    }

    #[test]
    fn e_opens_a_shell_in_the_selected_container_and_leaves_the_model_alone() {
        for pane in [Pane::Server, Pane::Logs] {
            let mut m = model(pane);
            m.server.focus = ServerFocus::Services;
            update(&mut m, Msg::Key(Key::Char('j')));
            update(&mut m, Msg::Key(Key::Char('j')));
            if pane == Pane::Logs {
                m.logs.focus = LogsFocus::Log;
            }
            let before = format!("{m:?}");
            let effects = press_e(&mut m);
            assert_eq!(
                effects,
                vec![Effect::Exec {
                    container_id: "id-web".into(),
                    service: "web".into(),
                }],
                "{pane:?}"
            );
            assert_eq!(format!("{m:?}"), before, "E changed the model on {pane:?}");
        }
    }

    #[test]
    fn a_stopped_container_gets_a_message_instead() {
        let mut m = model(Pane::Logs);
        update(&mut m, Msg::Key(Key::Char('j')));
        assert_eq!(m.logs.selected, 1);
        assert!(press_e(&mut m).is_empty());
        let status = m.status.unwrap_or_default();
        assert!(status.contains("demo-db-1 is not running"), "{status}");
    }

    #[test]
    fn other_panes_and_open_questions_keep_their_e() {
        let mut m = model(Pane::Testing);
        assert!(
            !press_e(&mut m)
                .iter()
                .any(|e| matches!(e, Effect::Exec { .. }))
        );
        let mut m = model(Pane::Server);
        m.server.confirm = Some(Confirm::Clean);
        assert!(press_e(&mut m).is_empty());
        assert_eq!(
            m.server.confirm,
            Some(Confirm::Clean),
            "E neither opens a shell nor answers the question"
        );
    }
}
