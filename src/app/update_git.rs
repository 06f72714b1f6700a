//! update() for the Git pane.

use super::effect::Effect;
use super::git_pane::{BumpDraft, GitFacts, GitStage};
use super::key::Key;
use super::model::Model;
use super::prompt::{Prompt, PromptKind};

/// Keys of the Git pane; `None` leaves the key to the menu. While a bump
/// is composed or planned, keys the pane does not use still reach the menu
/// (pane letters, `q`, `?`); the draft waits here. `M` types the message,
/// as `m` is the Migrations pane's letter.
pub fn on_key(model: &mut Model, key: Key) -> Option<Vec<Effect>> {
    let stage = std::mem::replace(&mut model.git.stage, GitStage::Idle);
    let (stage, effects) = match (stage, key) {
        (GitStage::Idle, Key::Char('p')) => {
            (GitStage::Composing(BumpDraft::new(false)), Some(Vec::new()))
        }
        (GitStage::Idle, Key::Char('n')) => {
            (GitStage::Composing(BumpDraft::new(true)), Some(Vec::new()))
        }
        (GitStage::Idle, Key::Char('R')) => (GitStage::Idle, Some(vec![Effect::RefreshGit])),
        (GitStage::Composing(draft), key) => on_draft_key(model, draft, key),
        (GitStage::Confirming { draft, .. }, Key::Char('y')) => {
            let effect = Effect::GitApply(draft.clone());
            (GitStage::Applying(draft), Some(vec![effect]))
        }
        (GitStage::Confirming { .. }, Key::Char('n') | Key::Esc) => {
            model.status = Some("cancelled; nothing was changed".to_string());
            (GitStage::Idle, Some(Vec::new()))
        }
        (stage, _) => (stage, None),
    };
    model.git.stage = stage;
    effects
}

/// A key while a bump is composed: toggles, the message, review, cancel.
fn on_draft_key(
    model: &mut Model,
    mut draft: BumpDraft,
    key: Key,
) -> (GitStage, Option<Vec<Effect>>) {
    match key {
        Key::Char('c') => {
            draft.commit = !draft.commit;
            draft.normalise();
        }
        Key::Char('t') => {
            draft.tag = !draft.tag;
            draft.commit |= draft.tag;
        }
        Key::Char('P') => {
            draft.push = !draft.push;
            draft.commit |= draft.push;
        }
        Key::Char('M') => {
            model.prompt = Some(Prompt::new(PromptKind::CommitMessage, &draft.message));
        }
        Key::Char('k') => draft.minor = !draft.minor,
        Key::Enter if draft.commit && draft.message.trim().is_empty() => {
            model.status = Some(format!(
                "a commit needs a message: press {}",
                model.keys.hint("git.message")
            ));
        }
        Key::Enter => {
            let effect = Effect::GitPlan(draft.clone());
            return (GitStage::Planning(draft), Some(vec![effect]));
        }
        Key::Esc => return (GitStage::Idle, Some(Vec::new())),
        _ => return (GitStage::Composing(draft), None),
    }
    (GitStage::Composing(draft), Some(Vec::new()))
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
