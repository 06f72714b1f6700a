//! update() for the Server pane. Its service list and log are the Logs
//! pane's (one follow stream serves both); it adds profiles, operations
//! and their progress.

use super::effect::Effect;
use super::key::Key;
use super::logs_pane::LogsFocus;
use super::model::Model;
use super::server_pane::{Badge, Confirm, ServerFocus, ServiceAction, port_url};

/// Keys of the Server pane; `None` leaves the key to the menu.
pub fn on_key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    if let Some(confirm) = model.server.confirm.take() {
        return Some(on_confirm(model, confirm, key));
    }
    let focus = model.server.focus;
    let effects = match (focus, key) {
        (_, Key::Tab | Key::BackTab) => {
            model.cycle_focus(key == Key::BackTab);
            Vec::new()
        }
        (ServerFocus::Profiles, Key::Char('j') | Key::Down) => {
            step_profile(model, 1);
            Vec::new()
        }
        (ServerFocus::Profiles, Key::Char('k') | Key::Up) => {
            step_profile(model, -1);
            Vec::new()
        }
        (ServerFocus::Profiles, Key::Enter | Key::Char('u')) => up(model, false),
        (ServerFocus::Profiles, Key::Char('b')) => up(model, true),
        (ServerFocus::Services, Key::Char('j') | Key::Down) => {
            return Some(select_service(model, 1));
        }
        (ServerFocus::Services, Key::Char('k') | Key::Up) => {
            return Some(select_service(model, -1));
        }
        (ServerFocus::Services, Key::Enter) => {
            model.logs.focus = LogsFocus::Log;
            model.pane = super::pane::Pane::Logs;
            Vec::new()
        }
        (ServerFocus::Services, Key::Char('T')) => service(model, ServiceAction::Start),
        (ServerFocus::Services, Key::Char('S')) => service(model, ServiceAction::Stop),
        (ServerFocus::Services, Key::Char('R')) => service(model, ServiceAction::Restart),
        (ServerFocus::Services, Key::Char('b')) => service(model, ServiceAction::Rebuild),
        (ServerFocus::Profiles, Key::Char('S')) => stop_profile(model),
        (_, Key::Char('o')) => open_or_copy(model, false),
        (_, Key::Char('y')) => open_or_copy(model, true),
        (_, Key::Char('%')) => {
            model.server.stats_on = !model.server.stats_on;
            model.server.stats.clear();
            vec![watch_stats(model)]
        }
        (_, Key::Char('D')) => start(
            model,
            "down".to_string(),
            Effect::ServerDown {
                volumes: false,
                prune: false,
            },
        ),
        (_, Key::Char('V')) => ask(model, Confirm::DownVolumes),
        (_, Key::Char('C')) => ask(model, Confirm::Clean),
        _ => return None,
    };
    Some(effects)
}

fn ask(model: &mut Model, confirm: Confirm) -> Vec<Effect> {
    model.status = Some(
        match confirm {
            Confirm::Clean => "clean: take the project down and remove its images? y / n",
            Confirm::DownVolumes => {
                "down and REMOVE the named volumes (the database's data)? y / n"
            }
        }
        .to_string(),
    );
    model.server.confirm = Some(confirm);
    Vec::new()
}

/// The answer to a question: `y` goes ahead, `n` or Esc cancels, and any
/// other key leaves the question open.
fn on_confirm(model: &mut Model, confirm: Confirm, key: Key) -> Vec<Effect> {
    match key {
        Key::Char('y') => {}
        Key::Char('n') | Key::Esc => {
            model.status = Some("cancelled".to_string());
            return Vec::new();
        }
        _ => {
            model.server.confirm = Some(confirm);
            return Vec::new();
        }
    }
    let (label, volumes, prune) = match confirm {
        Confirm::Clean => ("clean", false, true),
        Confirm::DownVolumes => ("down --volumes", true, false),
    };
    start(
        model,
        label.to_string(),
        Effect::ServerDown { volumes, prune },
    )
}

fn up(model: &mut Model, build: bool) -> Vec<Effect> {
    let Some(profile) = model.server.selected().map(|p| p.name.clone()) else {
        return Vec::new();
    };
    if let Some(row) = model.server.profile_mut(&profile) {
        row.health = None;
    }
    let label = if build {
        format!("up {profile} --build")
    } else {
        format!("up {profile}")
    };
    start(model, label, Effect::ServerUp { profile, build })
}

/// Stops the selected profile's own containers (see
/// `ops::server::stop_profile`); the services it shares stay up.
fn stop_profile(model: &mut Model) -> Vec<Effect> {
    let Some(profile) = model.server.selected().map(|p| p.name.clone()) else {
        return Vec::new();
    };
    if let Some(row) = model.server.profile_mut(&profile) {
        row.health = None;
        row.url = None;
    }
    start(
        model,
        format!("stop {profile}"),
        Effect::StopProfile(profile),
    )
}

/// The URL of the focused row: the selected profile's, or the selected
/// container's first published port.
fn focused_url(model: &Model) -> Option<String> {
    match model.server.focus {
        ServerFocus::Profiles | ServerFocus::Activity => {
            model.server.selected().and_then(|p| p.open_url())
        }
        ServerFocus::Services | ServerFocus::Log => model
            .logs
            .selected_container()
            .and_then(|c| port_url(&c.published)),
    }
}

/// `o` opens the focused row's URL, `y` copies it; without one the status
/// line says so rather than doing nothing.
fn open_or_copy(model: &mut Model, copy: bool) -> Vec<Effect> {
    let Some(url) = focused_url(model) else {
        let what = match model.server.focus {
            ServerFocus::Profiles | ServerFocus::Activity => {
                "this profile has no URL (no health URL, none reported yet)"
            }
            ServerFocus::Services | ServerFocus::Log => "this container publishes no TCP port",
        };
        model.status = Some(format!("nothing to open: {what}"));
        return Vec::new();
    };
    if copy {
        model.status = Some(format!("copied URL {url}"));
        vec![Effect::CopyText(url)]
    } else {
        model.status = Some(format!("opening {url}"));
        vec![Effect::OpenUrl(url)]
    }
}

/// Start, stop, restart or rebuild the selected row's service. The list
/// has a row per container (replicas as `web-1`, `web-2`), but these keys
/// act on every replica of the service, as lazydocker's service commands
/// (`docker compose stop SERVICE`) do: replicas are one service, and
/// stopping one of them alone is what `docker stop` is for. Logs and the
/// shell (`E`) stay per container.
fn service(model: &mut Model, action: ServiceAction) -> Vec<Effect> {
    let Some(name) = model.logs.selected_container().map(|c| c.service.clone()) else {
        return Vec::new();
    };
    let profile = model.server.selected().map(|p| p.name.clone());
    let label = format!("{action:?} {name}").to_lowercase();
    let effect = Effect::Service {
        service: name,
        action,
        profile,
    };
    start(model, label, effect)
}

/// Starts an operation unless one is running; one at a time keeps the
/// progress readable and the engine's work ordered.
fn start(model: &mut Model, label: String, effect: Effect) -> Vec<Effect> {
    if let Some(running) = &model.server.busy {
        model.status = Some(format!("wait: {running} is still running"));
        return Vec::new();
    }
    model.server.log_progress(format!("── {label}"));
    model.status = Some(format!("{label}..."));
    model.server.busy = Some(label);
    vec![effect]
}

fn step_profile(model: &mut Model, step: isize) {
    let count = model.server.profiles.len();
    if count > 0 {
        let next = model.server.selected_profile.saturating_add_signed(step);
        model.server.selected_profile = next.min(count - 1);
    }
}

fn select_service(model: &mut Model, step: isize) -> Vec<Effect> {
    let key = if step > 0 {
        Key::Char('j')
    } else {
        Key::Char('k')
    };
    model.logs.focus = LogsFocus::List;
    super::update_logs::on_list_key(model, key)
}

/// The stats streams the pane wants: every running service while stats
/// are on and the pane is shown, none otherwise.
pub fn watch_stats(model: &Model) -> Effect {
    let wanted = model.server.stats_on && model.pane == super::pane::Pane::Server;
    let ids = if wanted {
        model
            .logs
            .containers
            .iter()
            .filter(|c| c.running)
            .map(|c| c.id.clone())
            .collect()
    } else {
        Vec::new()
    };
    Effect::WatchStats(ids)
}

pub fn on_stats(
    model: &mut Model,
    container_id: String,
    cpu_percent: f64,
    memory_bytes: u64,
) -> Vec<Effect> {
    let stats = &mut model.server.stats;
    let index = match stats.iter().position(|(id, _)| *id == container_id) {
        Some(i) => i,
        None => {
            stats.push((container_id, Default::default()));
            stats.len() - 1
        }
    };
    stats[index].1.push(cpu_percent, memory_bytes);
    Vec::new()
}

pub fn on_progress(model: &mut Model, line: String) -> Vec<Effect> {
    model.server.log_progress(line);
    Vec::new()
}

pub fn on_health(model: &mut Model, profile: String, badge: Badge) -> Vec<Effect> {
    if let Some(row) = model.server.profile_mut(&profile) {
        row.health = Some(badge);
    }
    Vec::new()
}

pub fn on_url(model: &mut Model, profile: String, url: String) -> Vec<Effect> {
    model.server.log_progress(format!("{profile}: {url}"));
    if let Some(row) = model.server.profile_mut(&profile) {
        row.url = Some(url);
    }
    Vec::new()
}

pub fn on_done(model: &mut Model, result: Result<String, String>) -> Vec<Effect> {
    let label = model.server.busy.take().unwrap_or_default();
    let line = match &result {
        Ok(summary) => format!("{label}: {summary}"),
        Err(e) => format!("{label} failed: {e}"),
    };
    model.server.log_progress(line.clone());
    model.status = Some(line);
    vec![Effect::RefreshContainers]
}
