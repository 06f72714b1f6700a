//! The Pipeline pane's fixture: a model on the pane holding the embedded
//! default graph, and the run's events as one-line calls.
#![allow(dead_code)]

use runcli::app::{
    Effect, EngineStatus, Header, Key, Model, Msg, PipelineUpdate, StepState, update,
};
use runcli::ops::pipeline::{PipelineEvent, plan};
use runcli::project::Manifest;

/// A model on the Pipeline pane holding the embedded default graph.
pub fn model() -> Model {
    let header = Header {
        project: "demo".into(),
        version: Some("0.1.0".into()),
        git: None,
        engine: EngineStatus::Offline {
            endpoint: "unix:///x.sock".into(),
            reason: "test".into(),
        },
    };
    let graph = Manifest::default().pipeline;
    let steps = plan(&graph, None, None).unwrap().steps;
    let mut m = Model::new(header, 1000, 1 << 20).with_pipeline(&steps);
    update(&mut m, Msg::Key(Key::Char('i')));
    m
}

pub fn event(m: &mut Model, event: PipelineEvent) {
    update(m, Msg::Pipeline(PipelineUpdate::Event(event)));
}

pub fn key(m: &mut Model, key: Key) -> Vec<Effect> {
    update(m, Msg::Key(key))
}

pub fn type_text(m: &mut Model, text: &str) {
    for c in text.chars() {
        key(m, Key::Char(c));
    }
}

pub fn state(m: &Model, step: &str) -> StepState {
    let row = m.pipeline.steps.iter().find(|s| s.name == step);
    row.map(|r| r.state).unwrap()
}

pub fn started(m: &mut Model, step: &str) {
    event(
        m,
        PipelineEvent::Started {
            step: step.into(),
            kind: "x".into(),
        },
    );
}

pub fn finished(m: &mut Model, step: &str, state: StepState, secs: f64, error: Option<&str>) {
    event(
        m,
        PipelineEvent::Finished {
            step: step.into(),
            state,
            duration_secs: secs,
            error: error.map(str::to_string),
        },
    );
}

pub fn output(m: &mut Model, step: &str, line: &str) {
    event(
        m,
        PipelineEvent::Output {
            step: step.into(),
            line: line.into(),
        },
    );
}
