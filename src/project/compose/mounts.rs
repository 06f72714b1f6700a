//! A service's `volumes:`: short syntax `SOURCE:TARGET[:ro|rw]` (a bind
//! mount when SOURCE starts with `.`, `/` or `~`, a named volume otherwise)
//! and long syntax `{type: bind|volume, source, target, read_only}`.
//! Bind sources become absolute; named volumes must be declared at the top
//! level; one mount per target, the later one winning, as compose merges.

use std::collections::BTreeSet;
use std::path::Path;

use super::interpolate::Lookup;
use super::node::{Kind, Node};
use super::paths::resolve;
use super::read::Reader;
use super::spec::Mount;
use crate::project::error::ProjectError;

/// What reading mounts needs besides the nodes.
pub struct MountCtx<'a> {
    /// The project folder relative sources start from.
    pub base: &'a Path,
    pub lookup: Lookup<'a>,
    /// Named volumes declared under the top-level `volumes:`.
    pub declared: &'a BTreeSet<String>,
}

pub fn mounts(r: Reader<'_>, node: &Node, ctx: &MountCtx<'_>) -> Result<Vec<Mount>, ProjectError> {
    let mut out: Vec<Mount> = Vec::new();
    for item in r.seq(node, "volumes")? {
        let mount = match &item.kind {
            Kind::Scalar(text) => short(r, item, text, ctx)?,
            Kind::Map(_) => long(r, item, ctx)?,
            _ => {
                return Err(r.invalid(
                    item,
                    format!(
                        "a volume is \"SOURCE:TARGET\" or {{type, source, target}}, this is {}",
                        item.kind_name()
                    ),
                ));
            }
        };
        match out.iter_mut().find(|m| m.target() == mount.target()) {
            Some(existing) => *existing = mount,
            None => out.push(mount),
        }
    }
    Ok(out)
}

fn short(
    r: Reader<'_>,
    item: &Node,
    text: &str,
    ctx: &MountCtx<'_>,
) -> Result<Mount, ProjectError> {
    let parts: Vec<&str> = text.split(':').collect();
    let (source, target, mode) = match parts.as_slice() {
        [target] => return Err(anonymous(r, item, target)),
        [source, target] => (*source, *target, ""),
        [source, target, mode] => (*source, *target, *mode),
        _ => {
            return Err(r.invalid(
                item,
                format!("`{text}` is not SOURCE:TARGET or SOURCE:TARGET:MODE"),
            ));
        }
    };
    let mut read_only = false;
    for option in mode.split(',').filter(|o| !o.is_empty()) {
        match option {
            "ro" => read_only = true,
            "rw" => read_only = false,
            other => {
                return Err(r.invalid(
                    item,
                    format!("mount option `{other}` in `{text}` is not supported; use ro or rw"),
                ));
            }
        }
    }
    let is_path = source.starts_with(['.', '/', '~']);
    make(
        r,
        item,
        if is_path { "bind" } else { "volume" },
        source,
        target,
        read_only,
        ctx,
    )
}

fn long(r: Reader<'_>, item: &Node, ctx: &MountCtx<'_>) -> Result<Mount, ProjectError> {
    let Some(kind) = r.opt_string(item, "type")? else {
        return Err(r.invalid(
            item,
            "a volume in long syntax needs `type: bind` or `type: volume`",
        ));
    };
    if kind != "bind" && kind != "volume" {
        return Err(r.invalid(
            item,
            format!("volume type `{kind}` is not supported by runcli; use bind or volume"),
        ));
    }
    let target = r.opt_string(item, "target")?.unwrap_or_default();
    let read_only = match item.get("read_only") {
        Some(node) if !node.is_null() => r.boolean(node, "read_only")?,
        _ => false,
    };
    match r.opt_string(item, "source")? {
        Some(source) if !source.is_empty() => {
            make(r, item, &kind, &source, &target, read_only, ctx)
        }
        _ if kind == "volume" => Err(anonymous(r, item, &target)),
        _ => Err(r.invalid(item, format!("a `{kind}` volume needs `source`"))),
    }
}

fn make(
    r: Reader<'_>,
    item: &Node,
    kind: &str,
    source: &str,
    target: &str,
    read_only: bool,
    ctx: &MountCtx<'_>,
) -> Result<Mount, ProjectError> {
    if !target.starts_with('/') {
        return Err(r.invalid(
            item,
            format!("mount target `{target}` must be an absolute path in the container"),
        ));
    }
    let target = target.to_string();
    match kind {
        "bind" => {
            let Some(source) = resolve(ctx.base, source, ctx.lookup) else {
                return Err(r.invalid(
                    item,
                    format!("`{source}` starts with ~ but HOME is not set"),
                ));
            };
            Ok(Mount::Bind {
                source,
                target,
                read_only,
            })
        }
        "volume" if ctx.declared.contains(source) => Ok(Mount::Volume {
            name: source.to_string(),
            target,
            read_only,
        }),
        "volume" => Err(r.invalid(
            item,
            format!(
                "named volume `{source}` is not declared; add it under the top-level `volumes:` \
                 (or write ./{source} for a bind mount of a folder)"
            ),
        )),
        other => Err(r.invalid(
            item,
            format!("volume type `{other}` is not supported by runcli; use bind or volume"),
        )),
    }
}

fn anonymous(r: Reader<'_>, item: &Node, target: &str) -> ProjectError {
    r.invalid(
        item,
        format!(
            "anonymous volume at `{target}` is not supported by runcli; name it \
             (NAME:{target}) and declare NAME under the top-level `volumes:`"
        ),
    )
}
