//! Images: check, build from a context folder, remove.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use bollard::body_try_stream;
use bollard::query_parameters::{BuildImageOptionsBuilder, RemoveImageOptionsBuilder};
use bytes::Bytes;
use futures::StreamExt;
use tokio::sync::mpsc;

use super::build_context::ContextPlan;
use super::client::Engine;
use super::error::EngineError;

/// An image to build, as compose's `build:` describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildRequest {
    /// The context folder sent to the engine.
    pub context_dir: PathBuf,
    /// The Dockerfile, relative to the context folder (or absolute).
    pub dockerfile: String,
    /// The tag to give the result, e.g. `demo-api:latest`.
    pub tag: String,
    /// The stage to stop at in a multi-stage Dockerfile.
    pub target: Option<String>,
    /// `--build-arg` values.
    pub args: BTreeMap<String, String>,
    /// Labels put on the image.
    pub labels: BTreeMap<String, String>,
}

/// Bytes per chunk of the context sent to the engine.
const CHUNK: usize = 64 * 1024;

impl Engine {
    /// True when the engine has an image by this reference (name:tag or id).
    pub async fn image_exists(&self, reference: &str) -> Result<bool, EngineError> {
        match self.api().inspect_image(reference).await {
            Ok(_) => Ok(true),
            Err(e) => match self.err(&format!("inspect image {reference}"), e) {
                EngineError::NotFound { .. } => Ok(false),
                other => Err(other),
            },
        }
    }

    /// The id (`sha256:...`) of the image by this reference, `None` when the
    /// engine lacks it: what a container's image is compared with.
    pub async fn image_id(&self, reference: &str) -> Result<Option<String>, EngineError> {
        match self.api().inspect_image(reference).await {
            Ok(image) => Ok(image.id),
            Err(e) => match self.err(&format!("inspect image {reference}"), e) {
                EngineError::NotFound { .. } => Ok(None),
                other => Err(other),
            },
        }
    }

    /// Builds `req`, passing each line of build output to `on_progress`.
    ///
    /// The context is packed while it is sent, so memory stays flat whatever
    /// its size. A failing step becomes [`EngineError::Build`] with the
    /// engine's message and the step it failed at.
    pub async fn build_image(
        &self,
        req: &BuildRequest,
        on_progress: &mut (dyn FnMut(String) + Send),
    ) -> Result<(), EngineError> {
        let plan = ContextPlan::new(&req.context_dir, &req.dockerfile)?;
        let mut options = BuildImageOptionsBuilder::new()
            .dockerfile(&plan.dockerfile_name)
            .t(&req.tag)
            .rm(true)
            .forcerm(true);
        if let Some(target) = &req.target {
            options = options.target(target);
        }
        if !req.args.is_empty() {
            options = options.buildargs(&req.args.clone().into_iter().collect());
        }
        if !req.labels.is_empty() {
            options = options.labels(&req.labels.clone().into_iter().collect());
        }

        let (tx, rx) = mpsc::channel::<Result<Bytes, io::Error>>(4);
        let packer = tokio::task::spawn_blocking(move || {
            let mut writer = ChannelWriter::new(tx.clone());
            let packed = plan.write_tar(&mut writer);
            if let Err(e) = &packed {
                // Aborts the upload so the engine builds nothing from a partial context.
                let _ = tx.blocking_send(Err(io::Error::other(e.to_string())));
            }
            // An error because the engine stopped reading is the engine's story, not ours.
            packed.map_err(|e| (e, tx.is_closed()))
        });
        let body = futures::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        });

        let op = format!("build image {}", req.tag);
        let mut last_step = None::<String>;
        let mut failure = None;
        let mut output = self
            .api()
            .build_image(options.build(), None, Some(body_try_stream(body)));
        while let Some(item) = output.next().await {
            match item {
                Ok(info) => {
                    for line in info.stream.iter().flat_map(|s| s.lines()) {
                        let line = line.trim_end();
                        // Docker's builder says "Step 2/5 : ", Podman's "STEP 2/5: ".
                        if line.starts_with("Step ") || line.starts_with("STEP ") {
                            last_step = Some(line.to_string());
                        }
                        if !line.is_empty() {
                            on_progress(line.to_string());
                        }
                    }
                    if let Some(status) = info.status.filter(|s| !s.is_empty()) {
                        on_progress(status);
                    }
                }
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        drop(output);
        let packed = packer.await.map_err(|e| EngineError::Api {
            op: op.clone(),
            message: format!("packing the context stopped: {e}"),
        })?;
        match packed {
            Err((e, false)) => return Err(e),
            Err((e, true)) if failure.is_none() => return Err(e),
            _ => {}
        }
        match failure {
            None => Ok(()),
            Some(e) => Err(match self.err(&op, e) {
                EngineError::Api { message, .. }
                | EngineError::NotFound { message, .. }
                | EngineError::Conflict { message, .. } => EngineError::Build {
                    tag: req.tag.clone(),
                    message: match last_step {
                        Some(step) => format!("{message} (at {step})"),
                        None => message,
                    },
                },
                other => other,
            }),
        }
    }

    /// Removes an image by reference; fails when a container still uses it.
    pub async fn remove_image(&self, reference: &str) -> Result<(), EngineError> {
        let options = RemoveImageOptionsBuilder::new().force(false).build();
        self.api()
            .remove_image(reference, Some(options), None)
            .await
            .map(|_| ())
            .map_err(|e| self.err(&format!("remove image {reference}"), e))
    }
}

/// Sends what is written as chunks down a channel, from a blocking thread.
struct ChannelWriter {
    tx: mpsc::Sender<Result<Bytes, io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn new(tx: mpsc::Sender<Result<Bytes, io::Error>>) -> Self {
        ChannelWriter {
            tx,
            buf: Vec::with_capacity(CHUNK),
        }
    }

    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx.blocking_send(Ok(chunk)).map_err(|_| {
            io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the engine stopped reading the context",
            )
        })
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}
