//! The order services start in: every dependency (and its dependencies)
//! before the service that waits for it; a cycle is an error naming it.
//! A dependency whose compose profiles are all off is left out when it is
//! `required: false` and refused otherwise, as compose does; a service
//! asked for by name runs whatever its profiles.

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
            self.visit(name, Some(wanted), &mut marks, &mut stack, &mut order)?;
        }
        Ok(order)
    }

    /// The first dependency cycle among all services, as `[a, b, a]`.
    pub fn find_cycle(&self) -> Option<Vec<String>> {
        let mut marks = BTreeMap::new();
        let mut order = Vec::new();
        self.services.keys().find_map(|name| {
            let mut stack = Vec::new();
            match self.visit(name, None, &mut marks, &mut stack, &mut order) {
                Err(ProjectError::ComposeCycle { cycle, .. }) => Some(cycle),
                _ => None,
            }
        })
    }

    /// Depth first; with `wanted`, profiles decide which dependencies come.
    fn visit<'a>(
        &'a self,
        name: &'a str,
        wanted: Option<&[String]>,
        marks: &mut BTreeMap<&'a str, Mark>,
        stack: &mut Vec<&'a str>,
        order: &mut Vec<String>,
    ) -> Result<(), ProjectError> {
        match marks.get(name) {
            Some(Mark::Done) => return Ok(()),
            Some(Mark::Visiting) => {
                let from = stack.iter().position(|s| *s == name).unwrap_or(0);
                let mut cycle: Vec<String> = stack[from..].iter().map(|s| s.to_string()).collect();
                cycle.push(name.to_string());
                return Err(ProjectError::ComposeCycle { at: None, cycle });
            }
            None => {}
        }
        marks.insert(name, Mark::Visiting);
        stack.push(name);
        if let Some(service) = self.services.get(name) {
            for dep in service.depends_on.keys() {
                if let Some(wanted) = wanted
                    && !self.runs_as_dependency(dep, wanted)
                {
                    if service.optional_depends_on.contains(dep) {
                        continue;
                    }
                    return Err(ProjectError::ComposeDisabledDependency {
                        service: name.to_string(),
                        dependency: dep.clone(),
                        profiles: self
                            .services
                            .get(dep)
                            .map(|d| d.profiles.clone())
                            .unwrap_or_default(),
                    });
                }
                self.visit(dep, wanted, marks, stack, order)?;
            }
        }
        stack.pop();
        marks.insert(name, Mark::Done);
        order.push(name.to_string());
        Ok(())
    }

    /// A dependency runs when it is asked for by name or its profiles allow.
    fn runs_as_dependency(&self, dep: &str, wanted: &[String]) -> bool {
        wanted.iter().any(|w| w == dep) || self.services.get(dep).is_some_and(|s| self.enabled(s))
    }
}
