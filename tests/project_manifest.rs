//! runcli.toml parsing: positions of errors, defaults, validation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use runcli::project::{
    DiscoverOptions, EMBEDDED_MANIFEST, Manifest, ManifestSource, MigrationOp, Place, ProjectError,
    ServiceSelection, discover,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/project")
        .join(name)
}

/// 1-based `line:col` of the first occurrence of `needle`, computed here
/// independently of the library.
fn position_of(text: &str, needle: &str) -> String {
    for (i, line) in text.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            return format!("{}:{}", i + 1, line[..byte].chars().count() + 1);
        }
    }
    panic!("`{needle}` not in the fixture");
}

fn open(dir: &Path) -> Result<runcli::project::Project, ProjectError> {
    discover(&DiscoverOptions {
        explicit: Some(dir.to_path_buf()),
        env_project: None,
        cwd: PathBuf::from("/"),
    })
}

fn parse(src: &str) -> Result<Manifest, ProjectError> {
    Manifest::parse(src, Path::new("runcli.toml"))
}

fn err_text(result: Result<Manifest, ProjectError>) -> String {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn type_error_names_file_line_and_column() {
    let dir = fixture("type_error");
    let text = std::fs::read_to_string(dir.join("runcli.toml")).unwrap();
    let err = open(&dir).unwrap_err();
    assert!(matches!(err, ProjectError::Parse { .. }), "{err:?}");
    let message = err.to_string();
    let at = format!(
        "runcli.toml:{}:",
        position_of(&text, "\"docker-compose.yaml\"")
    );
    assert!(message.contains(&at), "{message} lacks {at}");
    assert!(message.contains("expected a sequence"), "{message}");
    assert!(message.contains("compose.files"), "{message}");
}

#[test]
fn unknown_key_is_named_with_the_expected_ones() {
    let dir = fixture("unknown_key");
    let text = std::fs::read_to_string(dir.join("runcli.toml")).unwrap();
    let message = open(&dir).unwrap_err().to_string();
    let at = format!("runcli.toml:{}:", position_of(&text, "comand"));
    assert!(message.contains(&at), "{message} lacks {at}");
    assert!(message.contains("unknown field `comand`"), "{message}");
    assert!(message.contains("`command`"), "{message}");
    assert!(message.contains("`service`"), "{message}");
}

#[test]
fn syntax_error_has_a_position_too() {
    let message = err_text(parse("[compose]\nfiles = [\"a.yaml\"\n"));
    assert!(message.starts_with("runcli.toml:2:"), "{message}");
}

#[test]
fn embedded_default_round_trips() {
    let parsed = Manifest::parse(EMBEDDED_MANIFEST, Path::new("assets/runcli.toml")).unwrap();
    assert_eq!(parsed, Manifest::default());
    let reserialized = toml::to_string(&parsed).unwrap();
    assert_eq!(parse(&reserialized).unwrap(), parsed);
}

#[test]
fn default_describes_the_template() {
    let m = Manifest::default();
    let names: Vec<&str> = m.profiles.keys().map(String::as_str).collect();
    // The file's order: the debug server first, as the old menu had it.
    assert_eq!(names, ["local", "integration", "frontend", "notebook"]);
    let local = &m.profiles["local"];
    assert_eq!(
        m.compose.files_or_default(local.compose_files.as_ref()),
        ["docker-compose.yaml"]
    );
    let serve = local.steps.last().unwrap();
    assert!(serve.serve);
    assert_eq!(serve.ports, ["5001:5001"]);
    assert_eq!(serve.env.get("FLASK_DEBUG").map(String::as_str), Some("1"));
    assert_eq!(m.profiles["integration"].services, ServiceSelection::All);
    let notebook = m.profiles["notebook"].container.as_ref().unwrap();
    assert_eq!(
        notebook.build.as_ref().map(|b| b.dockerfile.as_str()),
        Some("Dockerfile-notebook")
    );
    let tiers: Vec<&str> = m.tests.tiers.keys().map(String::as_str).collect();
    for tier in [
        "unit",
        "integration",
        "acceptance",
        "smoke",
        "load",
        "safety",
        "module",
    ] {
        assert!(tiers.contains(&tier), "tier {tier} missing from {tiers:?}");
    }
    assert_eq!(m.tests.tiers["safety"].commands.len(), 2);
    assert_eq!(m.logs.max_lines, 100_000);
    assert_eq!(m.logs.max_bytes, 64 * 1024 * 1024);
}

#[test]
fn a_partial_manifest_keeps_the_other_defaults() {
    let project = open(&fixture("custom")).unwrap();
    assert_eq!(project.name, "custom-server");
    assert!(matches!(project.manifest_source, ManifestSource::File(_)));
    let m = &project.manifest;
    let default = Manifest::default();
    assert_eq!(m.profiles, default.profiles);
    assert_eq!(m.migrations, default.migrations);
    assert_eq!(m.secrets, default.secrets);
    assert_eq!(m.tests.all, ["unit"]);
    assert_eq!(m.tests.tiers.len(), 1);
    let unit = &m.tests.tiers["unit"];
    let argv = unit.commands_for("unit", &BTreeMap::new()).unwrap();
    assert_eq!(
        argv[0].last().map(String::as_str),
        Some("--junitxml=out/unit.xml")
    );
}

#[test]
fn tier_arguments_fill_placeholders_or_are_asked_for() {
    let m = Manifest::default();
    let module = &m.tests.tiers["module"];
    let missing = module.commands_for("module", &BTreeMap::new()).unwrap_err();
    assert!(missing.to_string().contains("`path`"), "{missing}");
    let args = BTreeMap::from([("path".to_string(), "tests/unit_tests/test_x.py".to_string())]);
    let argv = module.commands_for("module", &args).unwrap();
    assert!(argv[0].contains(&"tests/unit_tests/test_x.py".to_string()));
    let load = m.tests.tiers["load"]
        .commands_for("load", &BTreeMap::new())
        .unwrap();
    let users = load[0].iter().position(|a| a == "--users").unwrap();
    assert_eq!(
        load[0][users + 1],
        m.tests.tiers["load"]
            .locust
            .as_ref()
            .unwrap()
            .users
            .to_string()
    );
}

#[test]
fn migrations_render_from_a_custom_manifest() {
    let m = parse(
        "[migrations]\nservice = \"worker\"\n[migrations.commands]\nnew = [\"alembic\", \"revision\", \"-m\", \"{message}\"]\n",
    )
    .unwrap();
    assert_eq!(m.migrations.service, "worker");
    assert_eq!(m.migrations.db_service, "db");
    let argv = m
        .migrations
        .command(&MigrationOp::New {
            message: "two words".into(),
        })
        .unwrap();
    assert_eq!(argv, ["alembic", "revision", "-m", "two words"]);
}

#[test]
fn validation_errors_point_at_the_key() {
    let cases = [
        (
            "[profiles.a]\nservices = [\"db\"]\nsecrets = \"dockr\"\n",
            "\"dockr\"",
            "no secrets environment `dockr`",
        ),
        (
            "[tests.unit]\nservice = \"host\"\ncommands = [[\"pytest\", \"--junitxml={reprt}\"]]\n",
            "[\"pytest\"",
            "unknown placeholder `{reprt}`",
        ),
        (
            "[[profiles.a.steps]]\nservice = \"api\"\ncommand = [\"x\"]\nserve = true\n[[profiles.a.steps]]\nservice = \"api\"\ncommand = [\"y\"]\n",
            "true",
            "only the last step may serve",
        ),
        (
            "[profiles.idle]\ndescription = \"nothing\"\n",
            "[profiles.idle]",
            "starts nothing",
        ),
        (
            "[project]\nname = \"Bad Name\"\n",
            "\"Bad Name\"",
            "not a compose project name",
        ),
        ("[logs]\nmax_bytes = 0\n", "0", "must be above 0"),
        (
            "[migrations.commands]\ncurrent = []\n",
            "[]",
            "the command is empty",
        ),
    ];
    for (src, token, what) in cases {
        let err = parse(src).unwrap_err();
        assert!(
            matches!(err, ProjectError::Invalid { .. }),
            "{src}: {err:?}"
        );
        let message = err.to_string();
        let at = format!("runcli.toml:{}:", position_of(src, token));
        assert!(
            message.starts_with(&at),
            "{message} does not start with {at}"
        );
        assert!(message.contains(what), "{message} lacks {what}");
    }
}

#[test]
fn services_accept_all_or_a_list_only() {
    let bad = err_text(parse("[profiles.a]\nservices = \"every\"\n"));
    assert!(bad.contains("runcli.toml:2:12"), "{bad}");
    assert!(bad.contains("\"all\" or a list"), "{bad}");
    let ok = parse("[profiles.a]\nservices = [\"db\", \"api\"]\n").unwrap();
    assert_eq!(
        ok.profiles["a"].services,
        ServiceSelection::Only(vec!["db".into(), "api".into()])
    );
}

#[test]
fn missing_manifest_file_names_the_path() {
    let path = Path::new("/nonexistent/runcli-missing/runcli.toml");
    let err = Manifest::load(path).unwrap_err();
    assert!(matches!(err, ProjectError::Io { .. }));
    assert!(
        err.to_string()
            .contains("/nonexistent/runcli-missing/runcli.toml"),
        "{err}"
    );
}

#[test]
fn profiles_tiers_and_commands_keep_the_files_order() {
    let m = parse(
        "[profiles.zeta]\nservices = [\"db\"]\n[profiles.alpha]\nservices = [\"db\"]\n\
         [profiles.mid]\nservices = [\"db\"]\n\
         [tests.zz]\nservice = \"host\"\ncommands = [[\"a\"]]\n\
         [tests.aa]\nservice = \"host\"\ncommands = [[\"b\"]]\n\
         [commands.where]\nhost = true\ncommand = [\"pwd\"]\n\
         [commands.hello]\nservice = \"app\"\ncommand = [\"echo\"]\n",
    )
    .unwrap();
    let profiles: Vec<&str> = m.profiles.keys().map(String::as_str).collect();
    assert_eq!(profiles, ["zeta", "alpha", "mid"]);
    let tiers: Vec<&str> = m.tests.tiers.keys().map(String::as_str).collect();
    assert_eq!(tiers, ["zz", "aa"]);
    let commands: Vec<&str> = m.commands.keys().map(String::as_str).collect();
    assert_eq!(commands, ["where", "hello"]);
    // Written back and read again, the order holds.
    let again = parse(&toml::to_string(&m).unwrap()).unwrap();
    let profiles: Vec<&str> = again.profiles.keys().map(String::as_str).collect();
    assert_eq!(profiles, ["zeta", "alpha", "mid"]);
}

#[test]
fn commands_parse_with_their_place_args_and_flags() {
    let m = parse(
        "[commands.greet]\ndescription = \"say hi\"\nkey = \"h\"\nservice = \"app\"\n\
         command = [\"echo\", \"hi {who}\"]\nargs = [\"who\"]\nenv = { A = \"1\" }\n\
         [commands.wipe]\nexec = \"db\"\ncommand = [\"rm\", \"-rf\", \"/data\"]\nconfirm = true\n",
    )
    .unwrap();
    let greet = &m.commands["greet"];
    assert_eq!(greet.place(), Some(Place::Service("app")));
    assert_eq!(greet.key_char(), Some('h'));
    assert_eq!(
        greet.fill(&["a b".to_string()]).unwrap(),
        [["echo", "hi a b"]]
    );
    assert_eq!(greet.env.get("A").map(String::as_str), Some("1"));
    let wipe = &m.commands["wipe"];
    assert_eq!(wipe.place(), Some(Place::Exec("db")));
    assert!(wipe.confirm);
}

#[test]
fn the_default_commands_are_the_old_menus() {
    let m = Manifest::default();
    let names: Vec<&str> = m.commands.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "quick-start",
            "cloud-build",
            "docs-apidoc",
            "docs-build",
            "safety"
        ]
    );
    let quick = &m.commands["quick-start"];
    assert_eq!(quick.place(), Some(Place::Profile("local")));
    assert!(quick.open_url);
    assert_eq!(quick.key_char(), Some('0'));
    let cloud = &m.commands["cloud-build"];
    assert_eq!(cloud.place(), Some(Place::Host));
    assert_eq!(cloud.key_char(), Some('p'));
    assert_eq!(cloud.requires.as_deref(), Some("host/build_compiler.py"));
    assert_eq!(
        cloud.argvs(),
        [["python".to_string(), "host/build_compiler.py".to_string()]]
    );
    // The docs halves run what [docs] runs, where it runs it.
    assert_eq!(
        m.commands["docs-apidoc"].place(),
        Some(Place::Service(&m.docs.service))
    );
    assert_eq!(
        m.commands["docs-apidoc"].argvs(),
        [m.docs.apidoc.as_slice()]
    );
    assert_eq!(m.commands["docs-build"].argvs(), [m.docs.build.as_slice()]);
    // Safety checks the same two files as the safety tier, in order.
    let safety = m.commands["safety"].argvs();
    let tier: Vec<&[String]> = m.tests.tiers["safety"]
        .commands
        .iter()
        .map(Vec::as_slice)
        .collect();
    assert_eq!(safety, tier);
    assert!(safety[0].contains(&"api/requirements.txt".to_string()));
    assert!(safety[1].contains(&"core/requirements.txt".to_string()));
}

#[test]
fn default_commands_for_a_profile_the_project_lacks_are_left_out() {
    let m = parse("[profiles.web]\nservices = [\"web\"]\n").unwrap();
    assert!(!m.commands.contains_key("quick-start"));
    assert!(m.commands.contains_key("cloud-build"));
}

#[test]
fn command_errors_name_the_command_and_field_where_they_are() {
    let cases = [
        (
            "[commands.x]\nservice = \"api\"\nhost = true\ncommand = [\"a\"]\n",
            "true",
            "commands.x.host: give only one of service, exec, host and profile",
        ),
        (
            "[commands.x]\ncommand = [\"a\"]\n",
            "[commands.x]",
            "commands.x: says nowhere to run",
        ),
        (
            "[commands.x]\nhost = true\nkey = \"ab\"\ncommand = [\"a\"]\n",
            "\"ab\"",
            "commands.x.key: `ab` is not a single character",
        ),
        (
            "[commands.x]\nhost = true\nkey = \"z\"\ncommand = [\"a\"]\n\
             [commands.y]\nhost = true\nkey = 'z'\ncommand = [\"b\"]\n",
            "'z'",
            "commands.y.key: `z` is already the key of command `x`",
        ),
        (
            "[commands.x]\nhost = true\ncommand = [\"echo\", \"{who}\"]\n",
            "[\"echo\"",
            "commands.x.command: unknown placeholder `{who}`",
        ),
        (
            "[commands.x]\nhost = true\ncommand = [\"echo\"]\nargs = [\"who\"]\n",
            "\"who\"",
            "commands.x.args[0]: `who` is not used",
        ),
        (
            "[commands.x]\nprofile = \"nope\"\n",
            "\"nope\"",
            "commands.x.profile: no server profile `nope`",
        ),
        (
            "[commands.x]\nprofile = \"local\"\ncommand = [\"a\"]\n",
            "[\"a\"]",
            "commands.x.command: does not apply",
        ),
        (
            "[commands.x]\nhost = true\n",
            "[commands.x]",
            "commands.x: runs nothing",
        ),
        (
            "[commands.x]\nopen_url = true\nhost = true\ncommand = [\"a\"]\n",
            "true",
            "commands.x.open_url: only a command that starts a profile",
        ),
    ];
    for (src, token, what) in cases {
        let err = parse(src).unwrap_err();
        assert!(
            matches!(err, ProjectError::Invalid { .. }),
            "{src}: {err:?}"
        );
        let message = err.to_string();
        let at = format!("runcli.toml:{}: ", position_of(src, token));
        assert!(
            message.starts_with(&format!("{at}{what}")),
            "{message} does not start with {at}{what}"
        );
    }
}

#[test]
fn an_unknown_command_field_is_a_located_parse_error() {
    let src = "[commands.x]\nhost = true\ncommand = [\"a\"]\nconfrim = true\n";
    let err = parse(src).unwrap_err();
    assert!(matches!(err, ProjectError::Parse { .. }), "{err:?}");
    let message = err.to_string();
    let at = format!("runcli.toml:{}:", position_of(src, "confrim"));
    assert!(message.starts_with(&at), "{message} lacks {at}");
    assert!(message.contains("commands.x.confrim"), "{message}");
    assert!(message.contains("unknown field `confrim`"), "{message}");
}
