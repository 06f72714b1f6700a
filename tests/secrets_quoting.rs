//! Values reach the env file so that dotenvy reads back exactly the value.

mod secrets_support;

use proptest::prelude::*;
use runcli::secrets::{
    Compiler, SecretsConfig, SecretsError, Sources, Target, Values, quote_value,
};
use secrets_support::project;

const NASTY: &str = "a b # c 'single' \"double\" $HOME ${PATH} \\n back\\slash\nsecond line";

fn compiler(dir: &std::path::Path) -> Compiler {
    Compiler::new(dir, &SecretsConfig::default(), None).unwrap()
}

fn values_with(secret: &str) -> String {
    serde_json::json!({ "api-local": { "secret": secret, "client": "Acme" } }).to_string()
}

fn dotenvy_read(text: &str) -> Vec<(String, String)> {
    dotenvy::from_read_iter(text.as_bytes())
        .collect::<Result<_, _>>()
        .expect("dotenvy parses the output")
}

#[test]
fn a_value_with_spaces_hash_quotes_dollar_and_newline_round_trips() {
    for template in [
        "SECRET={{ secret }}\n",
        "SECRET=\"{{ secret }}\"\n",
        "SECRET='{{ secret }}'\n",
    ] {
        let dir = project(template, &values_with(NASTY));
        let rendered = compiler(dir.path()).render("api-local").unwrap();
        assert_eq!(
            dotenvy_read(&rendered.text),
            [("SECRET".to_string(), NASTY.to_string())],
            "{template}"
        );
        assert_eq!(rendered.vars, [("SECRET".to_string(), NASTY.to_string())]);
        assert_eq!(rendered.text.lines().count(), 1, "one variable, one line");
    }
}

#[test]
fn the_written_file_reads_back_from_disk() {
    let dir = project("SECRET={{ secret }}\n", &values_with(NASTY));
    let mut config = SecretsConfig::default();
    config.environments.retain(|k, _| k == "local");
    if let Some(env) = config.environments.get_mut("local") {
        env.outputs.truncate(1);
    }
    let compiler = Compiler::new(dir.path(), &config, None).unwrap();
    compiler.compile_env("local", false).unwrap();
    let read: Vec<(String, String)> = dotenvy::from_path_iter(dir.path().join("integration.env"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read, [("SECRET".to_string(), NASTY.to_string())]);
}

/// A small deterministic generator, so a failure can be replayed.
fn strings(count: usize) -> Vec<String> {
    const ALPHABET: &[char] = &[
        'a', 'Z', '0', ' ', '\t', '#', '\'', '"', '$', '{', '}', '\\', '\n', '\r', '=', '`', 'é',
        '€', ':', '/', '@', '!', ';', '|',
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let len = (next() % 24) as usize;
            (0..len)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                .collect()
        })
        .collect()
}

#[test]
fn generated_values_round_trip_through_quote_value() {
    for value in strings(2000) {
        let line = format!("K={}\n", quote_value(&value));
        assert_eq!(
            dotenvy_read(&line),
            [("K".to_string(), value.clone())],
            "{value:?}"
        );
    }
}

#[test]
fn generated_values_round_trip_through_the_compiler() {
    for value in strings(60) {
        let dir = project("# head\nK={{ secret }}\nAFTER=1\n", &values_with(&value));
        let rendered = compiler(dir.path()).render("api-local").unwrap();
        let want = [
            ("K".to_string(), value.clone()),
            ("AFTER".to_string(), "1".to_string()),
        ];
        assert_eq!(dotenvy_read(&rendered.text), want, "{value:?}");
    }
}

#[test]
fn a_value_printed_in_a_comment_cannot_add_a_variable() {
    let dir = project("# client: {{ client }}\nA=1\n", &values_with("x"));
    let values = serde_json::json!({"api-local": {"client": "Acme\nINJECTED=1"}}).to_string();
    std::fs::write(dir.path().join("secret--template-values.env"), values).unwrap();
    let rendered = compiler(dir.path()).render("api-local").unwrap();
    assert_eq!(rendered.vars, [("A".to_string(), "1".to_string())]);
    assert_eq!(rendered.text, "# client: Acme\\nINJECTED=1\nA=1\n");
}

#[test]
fn lines_without_values_are_kept_as_written() {
    let template =
        "# comment\nexport PLAIN='single quoted'\nEMPTY=\n\nSPACED = \"x y\"   # trailing\n";
    let dir = project(template, &values_with("x"));
    let rendered = compiler(dir.path()).render("api-local").unwrap();
    assert_eq!(rendered.text, template);
    let keys: Vec<&str> = rendered.vars.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["PLAIN", "EMPTY", "SPACED"]);
}

#[test]
fn an_invalid_line_is_an_error_naming_the_line() {
    let dir = project(
        "A=1\nB={{ secret }}\nthis is not an env line\n",
        &values_with("s3cr3t"),
    );
    let err = compiler(dir.path()).render("api-local").unwrap_err();
    assert!(
        matches!(err, SecretsError::InvalidLine { line: 3, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("line 3"), "{err}");

    let dir = project("A={{ secret }} {{ secret }}\n", &values_with("s3cr3t"));
    let err = compiler(dir.path()).render("api-local").unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("line 1") && msg.contains("`A`"), "{msg}");
    assert!(!msg.contains("s3cr3t"), "{msg}");
}

#[test]
fn an_unterminated_quote_in_the_template_names_its_line() {
    let dir = project("A=1\nB=\"{{ secret }}\nC=3\n", &values_with("v"));
    let err = compiler(dir.path()).render("api-local").unwrap_err();
    assert!(
        matches!(err, SecretsError::InvalidLine { line: 2, .. }),
        "{err}"
    );
}

/// Characters env files give meaning to, mixed with any others.
fn env_value() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ a-zA-Z0-9\t#'\"$\\{}\n\r=`:/@!;|é€]*",]
}

/// A template and values in memory, rendered for target `t`.
fn render_in_memory(
    template: &str,
    vars: &[(&str, &str)],
) -> Result<Vec<(String, String)>, SecretsError> {
    let vars = vars
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
        .collect();
    let sources = Sources {
        template_path: "secret--template.env".into(),
        template: template.to_string(),
        values_path: "secret--template-values.env".into(),
        values: Values::from_targets(vec![Target::new("t", vars)]),
    };
    let root = std::path::Path::new("/nonexistent");
    let compiler =
        Compiler::from_sources(root, &SecretsConfig::default(), sources, Some("1".into()))?;
    let rendered = compiler.render("t")?;
    assert_eq!(dotenvy_read(&rendered.text), rendered.vars);
    Ok(rendered.vars)
}

proptest! {
    #[test]
    fn any_value_reads_back_through_quote_value(value in env_value()) {
        let line = format!("K={}\n", quote_value(&value));
        prop_assert_eq!(dotenvy_read(&line), [("K".to_string(), value)]);
    }

    #[test]
    fn a_file_of_quoted_values_reads_back_in_order(
        vars in proptest::collection::btree_map("[A-Z_][A-Z0-9_]{0,8}", env_value(), 0..6),
    ) {
        let text: String = vars
            .iter()
            .map(|(k, v)| format!("{k}={}\n", quote_value(v)))
            .collect();
        let want: Vec<(String, String)> = vars.into_iter().collect();
        prop_assert_eq!(dotenvy_read(&text), want);
    }

    #[test]
    fn any_value_reads_back_through_the_compiler(
        value in env_value(),
        quote in prop::sample::select(vec!["", "\"", "'"]),
    ) {
        // Placeholder characters are refused with their own error.
        prop_assume!(!value.contains(['\u{E000}', '\u{E001}']));
        let template = format!("# head\nK={quote}{{{{ secret }}}}{quote}\nAFTER=1\n");
        let vars = render_in_memory(&template, &[("secret", &value)]);
        let want = [
            ("K".to_string(), value.clone()),
            ("AFTER".to_string(), "1".to_string()),
        ];
        prop_assert_eq!(vars.ok(), Some(want.to_vec()));
    }
}
