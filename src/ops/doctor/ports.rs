//! Published host ports that something else already holds, found by
//! binding each one as the engine would. A port held by one of the
//! project's own running containers is fine (it is simply up); when the
//! engine did not answer that cannot be told, and every taken port counts.

use std::collections::BTreeSet;
use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};

use super::Finding;
use super::compose::LoadedSet;
use crate::project::compose::locate::key_location;
use crate::project::position::{Seg, locate};
use crate::project::{ManifestSource, Project};

/// A host port the project publishes, and who publishes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// `None`: every address (0.0.0.0), compose's default.
    pub host_ip: Option<String>,
    pub port: u16,
    /// `service `api`` or `profile `local``.
    pub owner: String,
    /// Where it is written.
    pub at: Option<String>,
}

/// Every published TCP port with a fixed host port: compose services of
/// each file set, profile steps and profile containers; each (address,
/// port) once.
pub fn wanted(project: &Project, sets: &[LoadedSet]) -> Vec<Wanted> {
    let mut out: Vec<Wanted> = Vec::new();
    for set in sets {
        for (name, spec) in &set.compose.services {
            for p in &spec.ports {
                let Some(port) = p.published.filter(|_| p.protocol == "tcp") else {
                    continue;
                };
                let at = key_location(&set.files, &["services", name, "ports"]);
                out.push(Wanted {
                    host_ip: p.host_ip.clone(),
                    port,
                    owner: format!("service `{name}`"),
                    at: at.map(|l| l.to_string()),
                });
            }
        }
    }
    out.extend(manifest_ports(project));
    let mut seen = BTreeSet::new();
    out.retain(|w| seen.insert((w.host_ip.clone(), w.port)));
    out
}

/// `HOST:CONTAINER` ports of profile steps and containers (runcli.toml).
fn manifest_ports(project: &Project) -> Vec<Wanted> {
    let (path, text) = match &project.manifest_source {
        ManifestSource::File(path) => (Some(path), std::fs::read_to_string(path).ok()),
        ManifestSource::EmbeddedDefault { .. } => (None, None),
    };
    let at = |segs: &[Seg<'_>]| {
        let path = path?;
        Some(match text.as_deref().and_then(|t| locate(t, segs)) {
            Some(pos) => format!("{}:{pos}", path.display()),
            None => path.display().to_string(),
        })
    };
    let mut out = Vec::new();
    for (name, profile) in &project.manifest.profiles {
        let owner = format!("profile `{name}`");
        for (i, step) in profile.steps.iter().enumerate() {
            let segs = [
                Seg::Key("profiles"),
                Seg::Key(name),
                Seg::Key("steps"),
                Seg::Index(i),
                Seg::Key("ports"),
            ];
            out.extend(
                step.ports
                    .iter()
                    .filter_map(|p| parse(p, &owner, at(&segs))),
            );
        }
        if let Some(c) = &profile.container {
            let segs = [
                Seg::Key("profiles"),
                Seg::Key(name),
                Seg::Key("container"),
                Seg::Key("ports"),
            ];
            out.extend(c.ports.iter().filter_map(|p| parse(p, &owner, at(&segs))));
        }
    }
    out
}

/// `[IP:]HOST:CONTAINER[/tcp]`; `None` for other protocols or no host port.
fn parse(text: &str, owner: &str, at: Option<String>) -> Option<Wanted> {
    let (spec, proto) = text.split_once('/').unwrap_or((text, "tcp"));
    if proto != "tcp" {
        return None;
    }
    let (front, _container) = spec.rsplit_once(':')?;
    let (host_ip, port) = match front.rsplit_once(':') {
        Some((ip, port)) => (Some(ip.trim_matches(['[', ']']).to_string()), port),
        None => (None, front),
    };
    Some(Wanted {
        host_ip,
        port: port.parse().ok()?,
        owner: owner.to_string(),
        at,
    })
}

/// A finding for each wanted port that cannot be bound now.
pub fn check(wanted: &[Wanted], own_ports: Option<&BTreeSet<u16>>) -> Vec<Finding> {
    wanted
        .iter()
        .filter(|w| !own_ports.is_some_and(|own| own.contains(&w.port)))
        .filter_map(|w| {
            let ip = match w.host_ip.as_deref() {
                None | Some("") => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                Some(ip) => ip.parse().ok()?,
            };
            let shown = match &w.host_ip {
                Some(ip) if !ip.is_empty() => format!("{ip}:{}", w.port),
                _ => w.port.to_string(),
            };
            match TcpListener::bind(SocketAddr::new(ip, w.port)) {
                Ok(_) => None,
                Err(e) if e.kind() == ErrorKind::AddrInUse => Some(Finding::new(
                    w.at.clone(),
                    format!(
                        "{}: host port {shown} is already taken by another program",
                        w.owner
                    ),
                    "stop what holds it (`ss -ltnp` shows it), or publish another host port",
                )),
                Err(e) if e.kind() == ErrorKind::AddrNotAvailable => Some(Finding::new(
                    w.at.clone(),
                    format!("{}: {ip} is not an address of this machine", w.owner),
                    "publish on 0.0.0.0, 127.0.0.1 or an address the host has",
                )),
                Err(_) => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(port: u16) -> Wanted {
        Wanted {
            host_ip: Some("127.0.0.1".into()),
            port,
            owner: "service `web`".into(),
            at: Some("docker-compose.yaml:7:5".into()),
        }
    }

    #[test]
    fn a_held_port_is_reported_unless_the_project_holds_it() {
        let held = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = held.local_addr().unwrap().port();
        let found = check(&[wanted(port)], None);
        assert_eq!(found.len(), 1);
        assert!(found[0].problem.contains(&format!("127.0.0.1:{port}")));
        let own = BTreeSet::from([port]);
        assert!(check(&[wanted(port)], Some(&own)).is_empty());
        drop(held);
        assert!(check(&[wanted(port)], None).is_empty());
    }

    #[test]
    fn manifest_port_strings_are_read_like_compose_short_syntax() {
        let w = parse("5001:5001", "p", None).unwrap();
        assert_eq!((w.host_ip, w.port), (None, 5001));
        let w = parse("127.0.0.1:8080:80/tcp", "p", None).unwrap();
        assert_eq!((w.host_ip.as_deref(), w.port), (Some("127.0.0.1"), 8080));
        assert_eq!(parse("53:53/udp", "p", None), None);
        assert_eq!(parse("8080", "p", None), None);
    }
}
