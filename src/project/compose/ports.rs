//! `ports:` in short syntax (`"8080"`, `"5000:5000"`, `"127.0.0.1:5432:5432"`,
//! `"9090-9091:8080-8081"`, `"53:53/udp"`, `"[::1]:80:80"`) and long syntax
//! (`{target, published, host_ip, protocol}`), de-duplicated as compose
//! does (the same host IP, published port, target and protocol once).

use std::net::IpAddr;

use super::node::{Kind, Node};
use super::read::Reader;
use super::spec::PortSpec;
use crate::project::error::ProjectError;

pub(crate) fn ports(r: Reader<'_>, node: &Node) -> Result<Vec<PortSpec>, ProjectError> {
    let mut out: Vec<PortSpec> = Vec::new();
    for item in r.seq(node, "ports")? {
        let specs = match &item.kind {
            Kind::Scalar(text) => {
                parse_short(text).map_err(|m| r.invalid(item, format!("port `{text}`: {m}")))?
            }
            Kind::Map(_) => vec![long(r, item)?],
            _ => {
                return Err(r.invalid(
                    item,
                    format!(
                        "a port is \"HOST:CONTAINER\" or {{target, published}}, this is {}",
                        item.kind_name()
                    ),
                ));
            }
        };
        for spec in specs {
            if !out.contains(&spec) {
                out.push(spec);
            }
        }
    }
    Ok(out)
}

fn long(r: Reader<'_>, item: &Node) -> Result<PortSpec, ProjectError> {
    let Some(target) = item.get("target") else {
        return Err(r.invalid(item, "a port in long syntax needs `target`"));
    };
    let target_text = r.string(target, "ports.target")?;
    let target = port(&target_text, false).map_err(|m| r.invalid(target, m))?;
    let published = match item.get("published") {
        Some(node) if !node.is_null() => {
            let text = r.string(node, "ports.published")?;
            if text.is_empty() {
                None
            } else {
                Some(port(&text, true).map_err(|m| r.invalid(node, m))?)
            }
        }
        _ => None,
    };
    let host_ip = match r.opt_string(item, "host_ip")? {
        Some(ip) => host_ip(&ip).map_err(|m| r.invalid(item, m))?,
        None => None,
    };
    let protocol = r
        .opt_string(item, "protocol")?
        .unwrap_or_else(|| "tcp".into());
    let protocol = checked_protocol(&protocol).map_err(|m| r.invalid(item, m))?;
    // Only Swarm reads `mode`; a local container publishes on its host either way.
    let host_mode = match r.opt_string(item, "mode")?.as_deref() {
        None | Some("ingress") => false,
        Some("host") => true,
        Some(other) => {
            return Err(r.invalid(
                item,
                format!("port mode `{other}` is not supported; use ingress or host"),
            ));
        }
    };
    Ok(PortSpec {
        host_ip,
        published,
        target,
        protocol,
        host_mode,
    })
}

/// One short-syntax entry; a range gives one spec per port.
pub fn parse_short(text: &str) -> Result<Vec<PortSpec>, String> {
    let (spec, protocol) = text.rsplit_once('/').unwrap_or((text, "tcp"));
    let protocol = checked_protocol(protocol)?;
    let parts: Vec<&str> = spec.split(':').collect();
    let n = parts.len();
    let container = parts[n - 1];
    let host = if n >= 2 { parts[n - 2] } else { "" };
    let ip = if n >= 3 {
        parts[..n - 2].join(":")
    } else {
        String::new()
    };
    let host_ip = host_ip(&ip)?;
    let (first, last) = range(container, false)?;
    let published = if host.is_empty() {
        None
    } else {
        Some(range(host, true)?)
    };
    if let Some((from, to)) = published
        && to - from != last - first
    {
        return Err(format!(
            "the published range {from}-{to} and the container range {first}-{last} differ in \
             length; give ranges of the same length"
        ));
    }
    Ok((0..=last - first)
        .map(|i| PortSpec {
            host_ip: host_ip.clone(),
            published: published.map(|(from, _)| from + i),
            target: first + i,
            protocol: protocol.clone(),
            host_mode: false,
        })
        .collect())
}

fn range(text: &str, published: bool) -> Result<(u16, u16), String> {
    match text.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (port(a, published)?, port(b, published)?);
            if b < a {
                return Err(format!("port range `{text}` ends before it starts"));
            }
            Ok((a, b))
        }
        None => {
            let p = port(text, published)?;
            Ok((p, p))
        }
    }
}

fn port(text: &str, published: bool) -> Result<u16, String> {
    match text.trim().parse::<u16>() {
        Ok(0) if !published => Err("container port 0 is not a port; use 1-65535".into()),
        Ok(p) => Ok(p),
        Err(_) => Err(format!("`{text}` is not a port number (1-65535)")),
    }
}

fn host_ip(text: &str) -> Result<Option<String>, String> {
    let ip = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    if ip.is_empty() {
        return Ok(None);
    }
    ip.parse::<IpAddr>()
        .map(|_| Some(ip.to_string()))
        .map_err(|_| format!("`{text}` is not an IP address to publish on"))
}

fn checked_protocol(protocol: &str) -> Result<String, String> {
    match protocol.to_ascii_lowercase().as_str() {
        p @ ("tcp" | "udp" | "sctp") => Ok(p.to_string()),
        _ => Err(format!(
            "protocol `{protocol}` is not supported; use tcp, udp or sctp"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> PortSpec {
        match parse_short(text).as_deref() {
            Ok([spec]) => spec.clone(),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn spec(ip: Option<&str>, published: Option<u16>, target: u16, protocol: &str) -> PortSpec {
        PortSpec {
            host_ip: ip.map(str::to_string),
            published,
            target,
            protocol: protocol.into(),
            host_mode: false,
        }
    }

    #[test]
    fn short_forms() {
        assert_eq!(one("8080"), spec(None, None, 8080, "tcp"));
        assert_eq!(one("5000:5000"), spec(None, Some(5000), 5000, "tcp"));
        assert_eq!(
            one("127.0.0.1:5432:5432"),
            spec(Some("127.0.0.1"), Some(5432), 5432, "tcp")
        );
        assert_eq!(
            one("127.0.0.1::80"),
            spec(Some("127.0.0.1"), None, 80, "tcp")
        );
        assert_eq!(one("53:53/udp"), spec(None, Some(53), 53, "udp"));
        assert_eq!(
            one("[::1]:80:8080"),
            spec(Some("::1"), Some(80), 8080, "tcp")
        );
    }

    #[test]
    fn ranges_expand_and_must_match() {
        let specs = parse_short("9090-9091:8080-8081").unwrap_or_default();
        assert_eq!(
            specs,
            vec![
                spec(None, Some(9090), 8080, "tcp"),
                spec(None, Some(9091), 8081, "tcp")
            ]
        );
        assert_eq!(parse_short("3000-3002").map(|s| s.len()), Ok(3));
        assert!(parse_short("9090-9092:8080-8081").is_err());
        assert!(parse_short("80:http").is_err());
        assert!(parse_short("80/icmp").is_err());
        assert!(parse_short("nohost:80:80").is_err());
    }
}
