//! `runcli server list`: the profiles, the compose services with their
//! state, and the project's containers, as sized columns or, under
//! `--json`, one object per row.

use std::process::ExitCode;

use serde_json::json;

use super::output::Output;
use super::table;
use crate::engine::Engine;
use crate::ops::server::{self, ServiceRow, ServiceStatus};
use crate::project::Project;

/// Profiles, then the services of `[compose] files` with their state, then
/// every container of the project, each as columns sized to their widest
/// cell. A compose file that does not load is a configuration error (exit
/// 2, `file:line:col` on stderr).
pub async fn list(engine: &Engine, project: &Project, out: Output) -> anyhow::Result<ExitCode> {
    let compose = project.compose(None)?;
    let containers = server::status(engine, &project.name).await?;
    if out.is_json() {
        let rows = server::service_rows(&compose, &project.root, &containers);
        list_json(project, &rows, &containers, out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let profiles: Vec<[String; 2]> = project
        .manifest
        .profiles
        .iter()
        .map(|(name, profile)| [name.clone(), profile.description.clone()])
        .collect();
    for line in table::columns(&profiles) {
        println!("{line}");
    }
    let files = project.manifest.compose.files.join(", ");
    println!("\nservices of {files}");
    let rows = server::service_rows(&compose, &project.root, &containers);
    for line in service_lines(&rows) {
        println!("{line}");
    }
    if containers.is_empty() {
        println!("\nno containers of project {}", project.name);
    } else {
        println!("\ncontainers");
        for line in container_lines(&containers) {
            println!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A service per line: name, image or build, ports, state.
fn service_lines(rows: &[ServiceRow]) -> Vec<String> {
    let cells: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                r.source.clone(),
                r.ports.clone(),
                r.state.clone(),
            ]
        })
        .collect();
    table::columns(&cells)
}

/// A container per line: its label (`web-2` for a replica), name, badge.
fn container_lines(containers: &[ServiceStatus]) -> Vec<String> {
    let cells: Vec<[String; 3]> = containers
        .iter()
        .map(|s| [s.label.clone(), s.container.clone(), s.badge.clone()])
        .collect();
    table::columns(&cells)
}

/// `server list --json`: one object per profile, service and container,
/// each with a `kind` saying which.
fn list_json(
    project: &Project,
    rows: &[server::ServiceRow],
    containers: &[server::ServiceStatus],
    out: Output,
) -> anyhow::Result<()> {
    for (name, profile) in &project.manifest.profiles {
        out.record(&json!({
            "kind": "profile",
            "name": name,
            "description": profile.description,
        }))?;
    }
    for row in rows {
        out.record(&json!({
            "kind": "service",
            "name": row.name,
            "source": row.source,
            "ports": row.ports,
            "state": row.state,
        }))?;
    }
    for c in containers {
        out.record(&json!({
            "kind": "container",
            "service": c.service,
            "label": c.label,
            "name": c.container,
            "id": c.id,
            "badge": c.badge,
            "running": c.running,
            "restarts": c.restarts,
            "oneoff": c.oneoff,
        }))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(name: &str, image: &str, ports: &str, state: &str) -> ServiceRow {
        ServiceRow {
            name: name.into(),
            source: format!("image {image}"),
            ports: ports.into(),
            state: state.into(),
        }
    }

    /// Where each of `line`'s cells starts (cells hold no double space).
    fn starts(line: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut prev = ' ';
        let mut spaces = 2;
        for (i, c) in line.char_indices() {
            if c != ' ' && (i == 0 || (prev == ' ' && spaces >= 2)) {
                out.push(i);
            }
            spaces = if c == ' ' { spaces + 1 } else { 0 };
            prev = c;
        }
        out
    }

    #[test]
    fn long_image_names_keep_the_service_columns_apart() {
        let rows = [
            service(
                "chrome",
                "selenium/standalone-chrome:4.7.2-20221219",
                "4444:4444, 7900:7900",
                "running",
            ),
            service("redis", "redis/redis-stack-server:latest", "-", "absent"),
            service("db", "postgres:15", "5432:5432", "2/2 running"),
        ];
        let lines = service_lines(&rows);
        assert_eq!(lines.len(), 3);
        let first = starts(&lines[0]);
        assert_eq!(first.len(), 4, "{lines:#?}");
        for line in &lines {
            assert_eq!(starts(line), first, "{lines:#?}");
            assert!(!line.ends_with(' '), "{line:?}");
        }
        let image = "image selenium/standalone-chrome:4.7.2-20221219";
        assert_eq!(first[2], first[1] + image.len() + 2, "{lines:#?}");
        assert!(lines[1].contains("redis/redis-stack-server:latest  "));
    }

    #[test]
    fn long_container_names_keep_the_badges_in_one_column() {
        let status = |label: &str, container: &str, badge: &str| ServiceStatus {
            service: label.into(),
            label: label.into(),
            container: container.into(),
            id: "id".into(),
            badge: badge.into(),
            running: true,
            restarts: 0,
            oneoff: false,
            published: Vec::new(),
        };
        let lines = container_lines(&[
            status("web-1", "a-rather-long-project-name-web-1", "healthy"),
            status("db", "p-db-1", "exited (1)"),
        ]);
        let badge = lines[0].find("healthy");
        assert!(badge.is_some(), "{lines:#?}");
        assert_eq!(badge, lines[1].find("exited (1)"), "{lines:#?}");
    }
}
