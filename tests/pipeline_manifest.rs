//! `[pipeline]` in runcli.toml: the embedded graph, located errors (a
//! step with no kind or two, unknown keys, needs, tiers and commands, a
//! cycle named in full), and which steps `--to` and `--from` take.

use std::path::Path;

use runcli::ops::pipeline::{PlanError, plan};
use runcli::project::{Manifest, Ordered, PipelineStep, StepKind};

fn parse(src: &str) -> Result<Manifest, String> {
    Manifest::parse(src, Path::new("runcli.toml")).map_err(|e| e.to_string())
}

fn error_of(src: &str) -> String {
    match parse(src) {
        Ok(_) => panic!("accepted:\n{src}"),
        Err(e) => e,
    }
}

/// Host commands for steps, so the graphs below need no test tiers.
const COMMANDS: &str = "[commands.ok]\nhost = true\ncommand = [\"true\"]\n";

#[test]
fn the_embedded_pipeline_follows_the_template_flow() {
    let m = Manifest::default();
    let names: Vec<&str> = m.pipeline.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "safety",
            "build",
            "unit",
            "integration",
            "push",
            "deploy-staging",
            "acceptance",
            "confirm-production",
            "deploy-production",
            "smoke"
        ]
    );
    assert_eq!(
        m.pipeline["acceptance"].kind(),
        Some(StepKind::Tier {
            tier: "acceptance".into(),
            against: Some("staging".into()),
            url_var: "SERVER_URL".into(),
        })
    );
    assert_eq!(m.pipeline["push"].needs, ["safety", "integration"]);
}

#[test]
fn a_project_without_the_default_tiers_gets_no_default_pipeline() {
    let m = parse("[tests]\nall = []\n[tests.only]\nservice = \"x\"\ncommands = [[\"true\"]]\n");
    assert_eq!(m.map(|m| m.pipeline.len()), Ok(0));
    let kept = parse("[logs]\nmax_lines = 10\n");
    assert_eq!(kept.map(|m| m.pipeline.len()), Ok(10));
}

#[test]
fn steps_keep_the_file_order() {
    let src = format!(
        "{COMMANDS}[pipeline.zeta]\ncommand = \"ok\"\n[pipeline.alpha]\nbuild = true\n\
         needs = [\"zeta\"]\n[pipeline.mid]\nconfirm = \"staging\"\n"
    );
    let m = parse(&src).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = m.pipeline.keys().map(String::as_str).collect();
    assert_eq!(names, ["zeta", "alpha", "mid"]);
}

#[test]
fn a_step_without_a_kind_is_located() {
    let src = format!("{COMMANDS}[pipeline.a]\ncommand = \"ok\"\n[pipeline.b]\nneeds = [\"a\"]\n");
    let e = error_of(&src);
    assert!(
        e.starts_with("runcli.toml:6:1: pipeline.b: does nothing"),
        "{e}"
    );
}

#[test]
fn a_step_with_two_kinds_names_both_at_the_second() {
    let src = format!("{COMMANDS}[pipeline.a]\ncommand = \"ok\"\ndeploy = \"staging\"\n");
    let e = error_of(&src);
    assert!(e.starts_with("runcli.toml:6:10: pipeline.a.deploy:"), "{e}");
    assert!(e.contains("`command` and `deploy`"), "{e}");
}

#[test]
fn unknown_keys_are_located() {
    let src = format!("{COMMANDS}[pipeline.a]\ncommand = \"ok\"\nneed = [\"x\"]\n");
    let e = error_of(&src);
    assert!(e.starts_with("runcli.toml:6:1:"), "{e}");
    assert!(e.contains("need"), "{e}");
}

#[test]
fn unknown_needs_tiers_and_commands_are_located() {
    let e = error_of(&format!(
        "{COMMANDS}[pipeline.a]\ncommand = \"ok\"\nneeds = [\"a2\", \"nope\"]\n[pipeline.a2]\nbuild = true\n"
    ));
    assert!(
        e.starts_with("runcli.toml:6:16: pipeline.a.needs[1]: no step `nope`"),
        "{e}"
    );
    let e = error_of("[pipeline.t]\ntier = \"nightly\"\n");
    assert!(
        e.starts_with("runcli.toml:2:8: pipeline.t.tier: no test tier `nightly`"),
        "{e}"
    );
    assert!(e.contains("unit"), "lists the tiers: {e}");
    let e = error_of("[pipeline.c]\ncommand = \"lint\"\n");
    assert!(
        e.starts_with("runcli.toml:2:11: pipeline.c.command: no command `lint`"),
        "{e}"
    );
    let e = error_of("[pipeline.m]\ntier = \"module\"\n");
    assert!(e.contains("needs arguments"), "{e}");
    let e = error_of("[pipeline.b]\nbuild = true\nagainst = \"staging\"\n");
    assert!(
        e.starts_with("runcli.toml:3:11: pipeline.b.against:"),
        "{e}"
    );
}

#[test]
fn a_cycle_is_named_in_full_where_it_starts() {
    let src = format!(
        "{COMMANDS}[pipeline.a]\ncommand = \"ok\"\n[pipeline.b]\ncommand = \"ok\"\n\
         needs = [\"a\", \"d\"]\n[pipeline.c]\nbuild = true\nneeds = [\"b\"]\n\
         [pipeline.d]\nconfirm = \"x\"\nneeds = [\"c\"]\n"
    );
    let e = error_of(&src);
    assert!(e.starts_with("runcli.toml:8:9: pipeline.b.needs:"), "{e}");
    assert!(e.contains("b -> d -> c -> b"), "{e}");
    let e = error_of(&format!(
        "{COMMANDS}[pipeline.a]\ncommand = \"ok\"\nneeds = [\"a\"]\n"
    ));
    assert!(e.contains("a -> a"), "a step that needs itself: {e}");
}

fn embedded() -> Ordered<PipelineStep> {
    Manifest::default().pipeline
}

fn taken(steps: &Ordered<PipelineStep>, to: Option<&str>, from: Option<&str>) -> Vec<String> {
    match plan(steps, to, from) {
        Ok(p) => p.selected().map(|s| s.step.clone()).collect(),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn to_staging_stops_before_another_environment() {
    let all = taken(&embedded(), None, None);
    assert_eq!(all.len(), 10);
    let staging = taken(&embedded(), Some("staging"), None);
    assert_eq!(
        staging,
        [
            "safety",
            "build",
            "unit",
            "integration",
            "push",
            "deploy-staging",
            "acceptance"
        ]
    );
    assert_eq!(taken(&embedded(), Some("production"), None), all);
}

#[test]
fn to_leaves_out_steps_unrelated_to_the_deploy() {
    let src = format!(
        "{COMMANDS}[pipeline.lint]\ncommand = \"ok\"\n[pipeline.build]\nbuild = true\n\
         [pipeline.deploy-dev]\ndeploy = \"dev\"\nneeds = [\"build\"]\n\
         [pipeline.check-dev]\ncommand = \"ok\"\nneeds = [\"deploy-dev\"]\n\
         [pipeline.confirm-qa]\nconfirm = \"qa\"\nneeds = [\"check-dev\"]\n\
         [pipeline.deploy-qa]\ndeploy = \"qa\"\nneeds = [\"confirm-qa\"]\n\
         [pipeline.after-both]\ncommand = \"ok\"\nneeds = [\"check-dev\", \"deploy-qa\"]\n"
    );
    let steps = parse(&src).unwrap_or_else(|e| panic!("{e}")).pipeline;
    assert_eq!(
        taken(&steps, Some("dev"), None),
        ["build", "deploy-dev", "check-dev"]
    );
    assert_eq!(
        taken(&steps, Some("qa"), None),
        [
            "build",
            "deploy-dev",
            "check-dev",
            "confirm-qa",
            "deploy-qa",
            "after-both"
        ]
    );
}

#[test]
fn from_runs_the_step_and_what_needs_it() {
    assert_eq!(
        taken(&embedded(), Some("staging"), Some("integration")),
        ["integration", "push", "deploy-staging", "acceptance"]
    );
    let p = plan(&embedded(), None, Some("acceptance")).unwrap_or_else(|e| panic!("{e}"));
    let left_out: Vec<&str> = p
        .steps
        .iter()
        .filter(|s| !s.run)
        .map(|s| s.step.as_str())
        .collect();
    assert_eq!(
        left_out,
        [
            "safety",
            "build",
            "unit",
            "integration",
            "push",
            "deploy-staging"
        ]
    );
}

#[test]
fn selections_that_cannot_be_made_say_why() {
    let e = plan(&embedded(), Some("qa"), None);
    assert!(
        matches!(&e, Err(PlanError::NoDeploy { known, .. }) if known == &["staging", "production"])
    );
    let e = plan(&embedded(), None, Some("nope"));
    assert!(matches!(e, Err(PlanError::UnknownStep { .. })));
    let e = plan(&embedded(), Some("staging"), Some("smoke"));
    assert!(matches!(e, Err(PlanError::FromOutside { .. })));
    assert_eq!(plan(&Ordered::new(), None, None), Err(PlanError::Empty));
}
