//! The order services start in: every dependency (and its dependencies)
//! before the service that waits for it; a cycle is an error naming it.

use std::collections::BTreeMap;

use super::spec::ComposeProject;
use crate::project::error::ProjectError;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Visiting,
    Done,
}

impl ComposeProject {
    /// `wanted` and everything they depend on, dependencies first. The
    /// order is stable: services in the order asked, dependencies by name.
    pub fn start_order(&self, wanted: &[String]) -> Result<Vec<String>, ProjectError> {
        let mut marks = BTreeMap::new();
        let mut order = Vec::new();
        for name in wanted {
            if !self.services.contains_key(name) {
                return Err(ProjectError::ComposeUnknownService {
                    service: name.clone(),
                    known: self.services.keys().cloned().collect(),
                });
            }
            let mut stack = Vec::new();
            if let Some(cycle) = self.visit(name, &mut marks, &mut stack, &mut order) {
                return Err(ProjectError::ComposeCycle { at: None, cycle });
            }
        }
        Ok(order)
    }

    /// The first dependency cycle among all services, as `[a, b, a]`.
    pub fn find_cycle(&self) -> Option<Vec<String>> {
        let mut marks = BTreeMap::new();
        let mut order = Vec::new();
        self.services.keys().find_map(|name| {
            let mut stack = Vec::new();
            self.visit(name, &mut marks, &mut stack, &mut order)
        })
    }

    fn visit<'a>(
        &'a self,
        name: &'a str,
        marks: &mut BTreeMap<&'a str, Mark>,
        stack: &mut Vec<&'a str>,
        order: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(name) {
            Some(Mark::Done) => return None,
            Some(Mark::Visiting) => {
                let from = stack.iter().position(|s| *s == name).unwrap_or(0);
                let mut cycle: Vec<String> = stack[from..].iter().map(|s| s.to_string()).collect();
                cycle.push(name.to_string());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(name, Mark::Visiting);
        stack.push(name);
        if let Some(service) = self.services.get(name) {
            for dep in service.depends_on.keys() {
                if let Some(cycle) = self.visit(dep, marks, stack, order) {
                    return Some(cycle);
                }
            }
        }
        stack.pop();
        marks.insert(name, Mark::Done);
        order.push(name.to_string());
        None
    }
}
