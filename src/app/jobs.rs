//! Background work: long tasks (loading, imports, layout of big diagrams,
//! parameter optimisation) run on their own thread; the UI polls them each
//! frame and shows their progress, so the window never freezes.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};

/// Shared progress of one job, written by the worker, read by the UI.
#[derive(Debug, Clone, Default)]
pub struct JobProgress {
    inner: Arc<ProgressInner>,
}

#[derive(Debug, Default)]
struct ProgressInner {
    /// `f32` bits of the fraction done; `u32::MAX` while unknown.
    fraction_bits: AtomicU32,
    known: AtomicBool,
    note: Mutex<String>,
    cancelled: AtomicBool,
    repaint: Mutex<Option<egui::Context>>,
}

impl JobProgress {
    /// Sets the fraction done (0 to 1) and asks the UI to repaint.
    pub fn set(&self, fraction: f32) {
        self.inner
            .fraction_bits
            .store(fraction.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
        self.inner.known.store(true, Ordering::Relaxed);
        self.repaint();
    }

    /// Sets a short note on what is being done ("Parsing deck 2 of 5").
    pub fn note(&self, note: impl Into<String>) {
        *self
            .inner
            .note
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = note.into();
        self.repaint();
    }

    /// The fraction done, if the job reports one.
    pub fn fraction(&self) -> Option<f32> {
        self.inner
            .known
            .load(Ordering::Relaxed)
            .then(|| f32::from_bits(self.inner.fraction_bits.load(Ordering::Relaxed)))
    }

    /// The current note.
    pub fn current_note(&self) -> String {
        self.inner
            .note
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Whether the user asked to stop; long jobs check this now and then.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::Relaxed)
    }

    fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::Relaxed);
    }

    fn repaint(&self) {
        if let Some(ctx) = self
            .inner
            .repaint
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            ctx.request_repaint();
        }
    }
}

/// One running job.
#[derive(Debug)]
struct Running<T> {
    id: u64,
    label: String,
    progress: JobProgress,
    rx: Receiver<T>,
}

/// What the UI shows of a running job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobView {
    /// Job id (for cancelling).
    pub id: u64,
    /// What the job does ("Importing deck.apkg").
    pub label: String,
    /// Fraction done, if known.
    pub fraction: Option<f32>,
    /// The worker's latest note.
    pub note: String,
}

/// Runs closures on background threads and hands their results back.
#[derive(Debug)]
pub struct Jobs<T> {
    running: Vec<Running<T>>,
    next_id: u64,
    ctx: Option<egui::Context>,
}

impl<T> Default for Jobs<T> {
    fn default() -> Self {
        Self {
            running: Vec::new(),
            next_id: 1,
            ctx: None,
        }
    }
}

/// What a job that died without an answer (a panic in a worker) reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobLost {
    /// The job's label.
    pub label: String,
}

impl<T: Send + 'static> Jobs<T> {
    /// Lets finished jobs wake the UI (called once the context exists).
    pub fn set_context(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
    }

    /// Starts `work` on a new thread; its result comes back through [`Self::poll`].
    pub fn spawn(
        &mut self,
        label: impl Into<String>,
        work: impl FnOnce(&JobProgress) -> T + Send + 'static,
    ) -> u64 {
        let (tx, rx) = mpsc::channel();
        let progress = JobProgress::default();
        progress
            .inner
            .repaint
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone_from(&self.ctx);
        let worker_progress = progress.clone();
        let id = self.next_id;
        self.next_id += 1;
        let label = label.into();
        let spawned = std::thread::Builder::new()
            .name(format!("archdeck job {id}"))
            .spawn(move || {
                let result = work(&worker_progress);
                // The receiver is gone only if the app is closing.
                let _ = tx.send(result);
                worker_progress.repaint();
            });
        if spawned.is_ok() {
            self.running.push(Running {
                id,
                label,
                progress,
                rx,
            });
        }
        id
    }

    /// Results of the jobs that finished since the last call, and the jobs
    /// that ended without a result.
    pub fn poll(&mut self) -> (Vec<T>, Vec<JobLost>) {
        let mut done = Vec::new();
        let mut lost = Vec::new();
        self.running.retain(|job| match job.rx.try_recv() {
            Ok(result) => {
                done.push(result);
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => {
                lost.push(JobLost {
                    label: job.label.clone(),
                });
                false
            }
        });
        (done, lost)
    }

    /// Blocks until every running job has finished (tests, headless use).
    pub fn wait_all(&mut self) -> (Vec<T>, Vec<JobLost>) {
        let mut done = Vec::new();
        let mut lost = Vec::new();
        for job in self.running.drain(..) {
            match job.rx.recv() {
                Ok(result) => done.push(result),
                Err(_) => lost.push(JobLost { label: job.label }),
            }
        }
        (done, lost)
    }

    /// Asks a job to stop; it still reports a result when it does.
    pub fn cancel(&self, id: u64) {
        if let Some(job) = self.running.iter().find(|j| j.id == id) {
            job.progress.cancel();
        }
    }

    /// Whether anything is running.
    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// What the UI shows of each running job.
    pub fn views(&self) -> Vec<JobView> {
        self.running
            .iter()
            .map(|j| JobView {
                id: j.id,
                label: j.label.clone(),
                fraction: j.progress.fraction(),
                note: j.progress.current_note(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_and_progress_is_visible() {
        let mut jobs: Jobs<u32> = Jobs::default();
        let (go_tx, go_rx) = mpsc::channel::<()>();
        jobs.spawn("sum", move |p| {
            p.set(0.5);
            p.note("halfway");
            go_rx.recv().ok();
            42
        });
        // Wait for the worker to report progress.
        for _ in 0..1000 {
            if jobs.views()[0].fraction.is_some() && !jobs.views()[0].note.is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let view = &jobs.views()[0];
        assert_eq!(view.fraction, Some(0.5));
        assert_eq!(view.note, "halfway");
        assert!(jobs.is_busy());
        go_tx.send(()).expect("worker waits");
        let (done, lost) = jobs.wait_all();
        assert_eq!(done, [42]);
        assert!(lost.is_empty());
        assert!(!jobs.is_busy());
    }

    #[test]
    fn a_panicking_job_is_reported_lost() {
        let mut jobs: Jobs<u32> = Jobs::default();
        jobs.spawn("boom", |_| panic!("worker failed"));
        let (done, lost) = jobs.wait_all();
        assert!(done.is_empty());
        assert_eq!(
            lost,
            [JobLost {
                label: "boom".into()
            }]
        );
    }

    #[test]
    fn cancel_reaches_the_worker() {
        let mut jobs: Jobs<bool> = Jobs::default();
        let (tx, rx) = mpsc::channel::<()>();
        let id = jobs.spawn("wait", move |p| {
            rx.recv().ok();
            p.is_cancelled()
        });
        jobs.cancel(id);
        tx.send(()).expect("worker waits");
        let (done, _) = jobs.wait_all();
        assert_eq!(done, [true]);
    }
}
