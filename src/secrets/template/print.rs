//! What `{{ x }}` prints: Python's `str(x)`, as Jinja2 prints it.
//!
//! Tera prints `true`, `1` for the float `1.0` and `null` for None, where
//! Jinja2 printed `True`, `1.0` and `None`; every printed expression goes
//! through `python_str` instead (see `instrument`). Lists and objects would
//! need Python's repr of every item, quotes included; they are refused with
//! a message rather than printed differently.

use serde_json::{Number, Value};

/// `str(value)` in Python, for the JSON types a values file can hold.
pub(crate) fn python_str(value: &Value) -> Result<String, String> {
    Ok(match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Null => "None".to_string(),
        Value::Number(n) => number(n),
        Value::Array(_) | Value::Object(_) => {
            return Err(
                "printing a list or an object is not rendered as Jinja2 does; print its items"
                    .to_string(),
            );
        }
    })
}

fn number(n: &Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() => float_repr(f),
        _ => n.to_string(),
    }
}

/// Python's `repr(float)`: the shortest digits that read back, in fixed
/// notation from 1e-4 up to 1e16 (with `.0` when whole), else `1e+16`.
pub(crate) fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    // `{:e}` gives the shortest round-trip digits: "1.2345e-7".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let fixed = format!("{f}");
        if fixed.contains('.') {
            fixed
        } else {
            format!("{fixed}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_print_as_python_prints_them() {
        let printed: Vec<String> = [json!(true), json!(false), json!(null), json!(7), json!("x")]
            .iter()
            .map(|v| python_str(v).unwrap())
            .collect();
        assert_eq!(printed, ["True", "False", "None", "7", "x"]);
        assert!(python_str(&json!([1])).is_err());
    }

    #[test]
    fn floats_use_python_repr() {
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (1e16, "1e+16"),
            (123456789012345.6, "123456789012345.6"),
            (-2.5, "-2.5"),
            (1e300, "1e+300"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(f), want, "{f}");
        }
    }
}
