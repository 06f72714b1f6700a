//! Strictness: undefined variables, Jinja-only syntax, bad JSON, unused values.

mod secrets_support;

use runcli::secrets::{Compiler, SecretsConfig, SecretsError, Warning};
use secrets_support::{fixture_project, project, read, write};

fn new(dir: &std::path::Path) -> Result<Compiler, SecretsError> {
    Compiler::new(dir, &SecretsConfig::default(), None)
}

#[test]
fn an_undefined_variable_names_target_variable_and_template_line() {
    let dir = fixture_project();
    let values = read(dir.path(), "secret--template-values.env").replacen(
        r#""database_url": "postgresql://app:d3v pass@10.10.0.5:5432/develop""#,
        r#""database": "postgresql://app:d3v pass@10.10.0.5:5432/develop""#,
        1,
    );
    write(dir.path(), "secret--template-values.env", &values);
    let compiler = new(dir.path()).unwrap();
    let err = compiler.render("api-develop").unwrap_err();
    let SecretsError::UndefinedVariable {
        target,
        variable,
        line,
        ..
    } = &err
    else {
        panic!("expected an undefined variable, got {err}");
    };
    // Line 7 of the fixture template is `DATABASE_URL={{ database_url }}`.
    let template = read(dir.path(), "secret--template.env");
    assert_eq!(
        template.lines().nth(line - 1),
        Some("DATABASE_URL={{ database_url }}")
    );
    assert_eq!(
        (target.as_str(), variable.as_str(), *line),
        ("api-develop", "database_url", 7)
    );
    let msg = err.to_string();
    assert!(msg.contains("secret--template.env:7:"), "{msg}");
    assert!(
        msg.contains("`api-develop`") && msg.contains("`database_url`"),
        "{msg}"
    );
    assert!(!msg.contains("d3v pass"), "{msg}");
    // The other targets still compile; check reports this one error.
    let report = compiler.check();
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
}

#[test]
fn a_variable_only_read_in_a_branch_not_taken_is_fine() {
    // api-prod has no hosts; the template reads them only for the frontend.
    let dir = fixture_project();
    assert!(new(dir.path()).unwrap().render("api-prod").is_ok());
}

#[test]
fn an_undefined_variable_tested_on_its_own_fails_too() {
    let template = "A=1\n{% if app == \"api\" %}\n{% elif is_local %}\nLOCAL=1\n{% endif %}\n";
    let dir = project(template, r#"{"api-local": {"app": "all"}}"#);
    let err = new(dir.path()).unwrap().render("api-local").unwrap_err();
    assert!(
        matches!(&err, SecretsError::UndefinedVariable { variable, line: 3, .. } if variable == "is_local"),
        "{err}"
    );
}

#[test]
fn a_missing_version_points_at_config_json() {
    let dir = project("VERSION={{ version }}\n", r#"{"api-local": {}}"#);
    std::fs::remove_file(dir.path().join("config.json")).unwrap();
    let err = new(dir.path()).unwrap().render("api-local").unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("`version`") && msg.contains("config.json"),
        "{msg}"
    );
}

#[test]
fn jinja_tuples_render_as_the_lists_they_stand_for() {
    let dir = fixture_project();
    let lists = new(dir.path()).unwrap();
    let jinja = read(dir.path(), "secret--template.env")
        .replace(r#"["all", "api"]"#, "('all', 'api')")
        .replace(r#"["staging", "production"]"#, "('staging', 'production')");
    write(dir.path(), "secret--template.env", &jinja);
    let tuples = new(dir.path()).unwrap();
    for target in lists.values().names() {
        assert_eq!(
            tuples.render(&target).unwrap(),
            lists.render(&target).unwrap(),
            "{target}"
        );
    }
    // The template on disk is left as the user wrote it.
    assert_eq!(read(dir.path(), "secret--template.env"), jinja);
}

#[test]
fn unfaithful_constructs_are_refused_with_line_and_a_spelling_jinja2_shares() {
    let template = "A=1\n{% if app in ('all',) %}\nB={{ env | default('x') }}\n{% endif %}\nC={{ 'on' if app else 'off' }}\n";
    let dir = project(template, r#"{"api-local": {"app": "all"}}"#);
    let err = new(dir.path()).err().expect("must be refused");
    let SecretsError::Jinja { issues, .. } = &err else {
        panic!("expected Jinja issues, got {err}");
    };
    let found: Vec<(usize, &str)> = issues.iter().map(|i| (i.line, i.found.as_str())).collect();
    assert_eq!(found, [(3, "default('x')"), (5, "'on' if app else 'off'")]);
    let msg = err.to_string();
    assert!(
        msg.contains("line 3")
            && msg.contains("{% if x is defined %}{{ x }}{% else %}x{% endif %}"),
        "{msg}"
    );
}

#[test]
fn bad_json_names_file_line_and_column() {
    let values = "{\n  \"api-local\": {\"app\": \"all\"}\n  \"api-docker\": {}\n}\n";
    let dir = project("A=1\n", values);
    let err = new(dir.path()).err().expect("bad JSON must fail");
    let SecretsError::Json { line, column, .. } = &err else {
        panic!("expected a JSON error, got {err}");
    };
    assert_eq!((*line, *column), (3, 3));
    assert!(
        err.to_string().contains("secret--template-values.env:3:3:"),
        "{err}"
    );
}

#[test]
fn a_target_that_is_not_an_object_is_named_without_its_value() {
    let dir = project("A=1\n", r#"{"api-local": "hunter2-s3cret"}"#);
    let msg = new(dir.path()).err().expect("must fail").to_string();
    assert!(msg.contains("`api-local`"), "{msg}");
    assert!(!msg.contains("hunter2"), "{msg}");
    let dir = project("A=1\n", r#"["hunter2-s3cret"]"#);
    let msg = new(dir.path()).err().expect("must fail").to_string();
    assert!(msg.contains(":1:1:") && !msg.contains("hunter2"), "{msg}");
}

#[test]
fn values_the_template_never_reads_are_warnings() {
    let dir = project(
        "A={{ a }}\n",
        r#"{"api-local": {"a": "1", "spare": "x", "client": "Acme"}}"#,
    );
    let rendered = new(dir.path()).unwrap().render("api-local").unwrap();
    assert_eq!(
        rendered.warnings,
        [Warning::UnusedValue {
            variable: "spare".into(),
            targets: vec!["api-local".into()]
        }]
    );
}

#[test]
fn syntax_errors_name_the_template_line() {
    let template = "{# header\n   comment #}\nA=1\n{% if a %}\nB={{ b + }}\n{% endif %}\n";
    let dir = project(template, r#"{"api-local": {"a": true, "b": 1}}"#);
    let err = new(dir.path()).err().expect("must fail");
    assert!(
        matches!(err, SecretsError::TemplateSyntax { line: 5, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("secret--template.env:5:"), "{err}");
}

/// Found by the `template` fuzz target: a non-ASCII character inside a tag,
/// outside a string, panicked the lexer on a char boundary.
#[test]
fn non_ascii_inside_a_tag_is_a_syntax_error_not_a_panic() {
    let dir = project("A=1\nB={{ café }}\n", r#"{"api-local": {}}"#);
    let err = new(dir.path()).err().expect("must fail");
    assert!(
        matches!(err, SecretsError::TemplateSyntax { line: 2, .. }),
        "{err}"
    );
    for template in ["{% if a in [\"x\"]À }\nA=1\n", "A={{ \"é\" ~ é }}\n"] {
        let dir = project(template, r#"{"api-local": {"a": "x"}}"#);
        let err = new(dir.path()).err().expect("must fail");
        assert!(
            matches!(err, SecretsError::TemplateSyntax { .. }),
            "{template:?}: {err}"
        );
    }
    let dir = project("A={{ \"é\" }}{# ü #}\n", r#"{"api-local": {}}"#);
    let rendered = new(dir.path()).unwrap().render("api-local").unwrap();
    assert_eq!(rendered.vars, [("A".to_string(), "é".to_string())]);
}

#[test]
fn an_unknown_target_lists_the_known_ones() {
    let dir = fixture_project();
    let msg = new(dir.path())
        .unwrap()
        .render("api-qa")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("api-qa") && msg.contains("api-local"), "{msg}");
}

#[test]
fn printed_booleans_numbers_and_none_use_python_spelling() {
    let dir = project(
        "DEBUG={{ debug_mode }}\nHTTPS={% if use_https %}True{% else %}False{% endif %}\nN={{ n }}\nF={{ f }}\nZ={{ z }}\n",
        r#"{"api-local": {"debug_mode": true, "use_https": false, "n": 3, "f": 2.0, "z": null}}"#,
    );
    let compiler = new(dir.path()).unwrap();
    let rendered = compiler.render("api-local").unwrap();
    assert_eq!(
        rendered.text,
        // trim_blocks eats the newline after `{% endif %}`, as in Jinja2.
        "DEBUG=True\nHTTPS=FalseN=3\nF=2.0\nZ=None\n"
    );
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
}

#[test]
fn the_compiler_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Compiler>();
    let dir = fixture_project();
    let compiler = std::sync::Arc::new(new(dir.path()).unwrap());
    let handles: Vec<_> = ["api-local", "api-prod", "frontend-prod-heron"]
        .into_iter()
        .map(|target| {
            let compiler = compiler.clone();
            std::thread::spawn(move || compiler.render(target).map(|r| r.text))
        })
        .collect();
    for (handle, target) in
        handles
            .into_iter()
            .zip(["api-local", "api-prod", "frontend-prod-heron"])
    {
        let text = handle.join().unwrap().unwrap();
        assert_eq!(text, secrets_support::expected(target));
    }
}
