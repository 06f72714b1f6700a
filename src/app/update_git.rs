//! update() for the Git pane.

use super::effect::Effect;
use super::git_pane::{BumpDraft, GitFacts, GitStage};
use super::key::Key;
use super::model::Model;
use super::prompt::{Prompt, PromptKind};

/// Keys of the Git pane; `None` leaves the key to the menu.
pub fn on_key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    let stage = std::mem::replace(&mut model.git.stage, GitStage::Idle);
    let (stage, effects) = match (stage, key) {
        (GitStage::Idle, Key::Char('p')) => {
            (GitStage::Composing(BumpDraft::new(false)), Vec::new())
        }
        (GitStage::Idle, Key::Char('n')) => (GitStage::Composing(BumpDraft::new(true)), Vec::new()),
        (GitStage::Idle, Key::Char('R')) => (GitStage::Idle, vec![Effect::RefreshGit]),
        (GitStage::Composing(mut draft), key) => match key {
            Key::Char('c') => {
                draft.commit = !draft.commit;
                draft.normalise();
                (GitStage::Composing(draft), Vec::new())
            }
            Key::Char('t') => {
                draft.tag = !draft.tag;
                draft.commit |= draft.tag;
                (GitStage::Composing(draft), Vec::new())
            }
            Key::Char('P') => {
                draft.push = !draft.push;
                draft.commit |= draft.push;
                (GitStage::Composing(draft), Vec::new())
            }
            Key::Char('m') => {
                model.prompt = Some(Prompt {
                    kind: PromptKind::CommitMessage,
                    text: draft.message.clone(),
                });
                (GitStage::Composing(draft), Vec::new())
            }
            Key::Char('k') => {
                draft.minor = !draft.minor;
                (GitStage::Composing(draft), Vec::new())
            }
            Key::Enter if draft.commit && draft.message.trim().is_empty() => {
                model.status = Some("a commit needs a message: press m".to_string());
                (GitStage::Composing(draft), Vec::new())
            }
            Key::Enter => {
                let effect = Effect::GitPlan(draft.clone());
                (GitStage::Planning(draft), vec![effect])
            }
            Key::Esc => (GitStage::Idle, Vec::new()),
            _ => (GitStage::Composing(draft), Vec::new()),
        },
        (GitStage::Confirming { draft, .. }, Key::Char('y')) => {
            let effect = Effect::GitApply(draft.clone());
            (GitStage::Applying(draft), vec![effect])
        }
        (GitStage::Confirming { .. }, _) => {
            model.status = Some("cancelled; nothing was changed".to_string());
            (GitStage::Idle, Vec::new())
        }
        (stage @ (GitStage::Planning(_) | GitStage::Applying(_)), _) => (stage, Vec::new()),
        (GitStage::Idle, _) => return None,
    };
    model.git.stage = stage;
    Some(effects)
}

/// The message typed at the prompt becomes the draft's.
pub fn on_message(model: &mut Model, text: String) {
    if let GitStage::Composing(draft) = &mut model.git.stage {
        draft.message = text;
        model.status = None;
    }
}

pub fn on_facts(model: &mut Model, facts: Result<GitFacts, String>) -> Vec<Effect> {
    model.git.facts = Some(facts);
    Vec::new()
}

pub fn on_planned(model: &mut Model, plan: Result<Vec<String>, String>) -> Vec<Effect> {
    let GitStage::Planning(draft) = std::mem::replace(&mut model.git.stage, GitStage::Idle) else {
        return Vec::new();
    };
    match plan {
        Ok(plan) => model.git.stage = GitStage::Confirming { draft, plan },
        Err(e) => model.git.outcome = Some(Err(e)),
    }
    Vec::new()
}

pub fn on_applied(model: &mut Model, result: Result<String, String>) -> Vec<Effect> {
    model.git.stage = GitStage::Idle;
    model.status = Some(match &result {
        Ok(done) => done.clone(),
        Err(e) => format!("git: {e}"),
    });
    model.git.outcome = Some(result);
    vec![Effect::RefreshGit]
}
