//! The order `down` stops containers in: waves, each stopped in parallel.
//! A service stops only after every running service that depends on it,
//! so a database outlives the API that writes to it; services with no
//! dependency between them share a wave. Containers of no compose service
//! (one-offs, a profile's own container) go in the first wave.

use std::collections::{BTreeMap, BTreeSet};

/// Groups `items` (each with its service, if any) into waves. `deps` gives
/// each compose service's direct dependencies. A dependency cycle puts what
/// remains in one last wave rather than stopping nothing.
pub fn waves<T>(
    items: Vec<(Option<String>, T)>,
    deps: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<Vec<T>> {
    let mut first = Vec::new();
    let mut by_service: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for (service, item) in items {
        match service {
            Some(s) if deps.contains_key(&s) => by_service.entry(s).or_default().push(item),
            _ => first.push(item),
        }
    }
    let mut waves = Vec::new();
    loop {
        let remaining: BTreeSet<&String> = by_service.keys().collect();
        let needed: BTreeSet<&String> = remaining
            .iter()
            .flat_map(|s| deps.get(*s).into_iter().flatten())
            .filter(|d| remaining.contains(d))
            .collect();
        let mut ready: Vec<String> = remaining
            .iter()
            .filter(|s| !needed.contains(*s))
            .map(|s| (*s).clone())
            .collect();
        if ready.is_empty() {
            // A cycle, or nothing left.
            ready = by_service.keys().cloned().collect();
        }
        let mut wave = std::mem::take(&mut first);
        for s in ready {
            wave.extend(by_service.remove(&s).unwrap_or_default());
        }
        if wave.is_empty() && by_service.is_empty() {
            return waves;
        }
        waves.push(wave);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps(pairs: &[(&str, &[&str])]) -> BTreeMap<String, BTreeSet<String>> {
        pairs
            .iter()
            .map(|(s, d)| (s.to_string(), d.iter().map(|x| x.to_string()).collect()))
            .collect()
    }

    fn items(names: &[&str]) -> Vec<(Option<String>, String)> {
        names
            .iter()
            .map(|n| (Some(n.to_string()), n.to_string()))
            .collect()
    }

    #[test]
    fn a_chain_stops_dependents_first_one_at_a_time() {
        let d = deps(&[("web", &["app"]), ("app", &["db"]), ("db", &[])]);
        let w = waves(items(&["db", "app", "web"]), &d);
        assert_eq!(w, vec![vec!["web"], vec!["app"], vec!["db"]]);
    }

    #[test]
    fn independent_services_share_one_wave() {
        let d = deps(&[("a", &[]), ("b", &[]), ("c", &[])]);
        let w = waves(items(&["a", "b", "c"]), &d);
        assert_eq!(w, vec![vec!["a", "b", "c"]]);
    }

    #[test]
    fn one_offs_go_first_and_a_missing_middle_does_not_block() {
        let d = deps(&[("web", &["app"]), ("app", &["db"]), ("db", &[])]);
        let mut list = items(&["db", "web"]);
        list.push((None, "oneoff".to_string()));
        list.push((Some("gone".to_string()), "stray".to_string()));
        let w = waves(list, &d);
        assert_eq!(w, vec![vec!["oneoff", "stray", "db", "web"]]);
    }

    #[test]
    fn a_cycle_still_stops_everything() {
        let d = deps(&[("a", &["b"]), ("b", &["a"]), ("c", &["a"])]);
        let w = waves(items(&["a", "b", "c"]), &d);
        assert_eq!(w, vec![vec!["c"], vec!["a", "b"]]);
    }
}
