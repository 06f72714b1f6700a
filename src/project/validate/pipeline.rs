//! `[pipeline]` checks: one kind per step, needs that name steps, no cycle
//! of needs (named in full), and tiers and commands that exist and run
//! without arguments, since a pipeline has nobody to type them.

use super::Checker;
use crate::project::error::ProjectError;
use crate::project::manifest::Manifest;
use crate::project::pipeline::find_cycle;
use crate::project::position::{Seg, locate};

const KINDS: &str = "`tier = \"NAME\"`, `build = true`, `push = \"ENV\"`, `deploy = \"ENV\"`, \
                     `command = \"NAME\"` or `confirm = \"ENV\"`";

pub(super) fn check(c: &Checker<'_>, m: &Manifest) -> Result<(), ProjectError> {
    let steps = &m.pipeline;
    for (name, step) in steps {
        let at = |key: &'static str| [Seg::Key("pipeline"), Seg::Key(name), Seg::Key(key)];
        match step.kind_keys().as_slice() {
            [] => {
                return Err(c.fail(
                    &[Seg::Key("pipeline"), Seg::Key(name)],
                    format!("does nothing; give it one of {KINDS}"),
                ));
            }
            [_] => {}
            [a, b, ..] => {
                // Point at whichever of the two the file writes last.
                let pos = |key: &'static str| locate(c.src, &at(key)).map(|p| (p.line, p.col));
                let (first, second) = if pos(a) <= pos(b) { (a, b) } else { (b, a) };
                return Err(c.fail(
                    &at(second),
                    format!(
                        "a step is one kind; this one has `{first}` and `{second}`: split it \
                         into two steps, the second with `needs = [\"{name}\"]`"
                    ),
                ));
            }
        }
        for (i, need) in step.needs.iter().enumerate() {
            let segs = [
                Seg::Key("pipeline"),
                Seg::Key(name),
                Seg::Key("needs"),
                Seg::Index(i),
            ];
            if !steps.contains_key(need) {
                let known: Vec<&str> = steps.keys().map(String::as_str).collect();
                return Err(c.fail(
                    &segs,
                    format!(
                        "no step `{need}` in [pipeline]; steps: {}",
                        known.join(", ")
                    ),
                ));
            }
        }
        for (key, value) in [
            ("push", &step.push),
            ("deploy", &step.deploy),
            ("confirm", &step.confirm),
            ("against", &step.against),
            ("url_var", &step.url_var),
        ] {
            if value.as_ref().is_some_and(|v| v.trim().is_empty()) {
                return Err(c.fail(&at(key), "is empty; give a name"));
            }
        }
        if step.tier.is_none() {
            for (key, set) in [
                ("against", step.against.is_some()),
                ("url_var", step.url_var.is_some()),
            ] {
                if set {
                    return Err(c.fail(&at(key), "applies to tier steps only; remove it"));
                }
            }
        }
        if let Some(tier) = &step.tier {
            match m.tests.tiers.get(tier) {
                None => {
                    let known: Vec<&str> = m.tests.tiers.keys().map(String::as_str).collect();
                    return Err(c.fail(
                        &at("tier"),
                        format!("no test tier `{tier}`; known: {}", known.join(", ")),
                    ));
                }
                Some(t) if !t.args.is_empty() => {
                    return Err(c.fail(
                        &at("tier"),
                        format!("tier `{tier}` needs arguments, which a pipeline cannot give"),
                    ));
                }
                Some(_) => {}
            }
        }
        if let Some(command) = &step.command {
            match m.commands.get(command) {
                None => {
                    let known: Vec<&str> = m.commands.keys().map(String::as_str).collect();
                    return Err(c.fail(
                        &at("command"),
                        format!(
                            "no command `{command}` in [commands]; known: {}",
                            known.join(", ")
                        ),
                    ));
                }
                Some(cmd) if !cmd.args.is_empty() => {
                    return Err(c.fail(
                        &at("command"),
                        format!(
                            "command `{command}` needs arguments, which a pipeline cannot give"
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    if let Some(cycle) = find_cycle(steps) {
        let first = cycle.first().map_or("", String::as_str);
        return Err(c.fail(
            &[Seg::Key("pipeline"), Seg::Key(first), Seg::Key("needs")],
            format!(
                "steps need each other in a cycle: {}; remove one of these needs",
                cycle.join(" -> ")
            ),
        ));
    }
    Ok(())
}
