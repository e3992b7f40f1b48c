//! Fitting FSRS parameters to the user's own review history.
//!
//! Slow (seconds to minutes), so [`OptimizeJob`] runs it on a background
//! thread that the UI polls each frame for progress and the result.

use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use fsrs::{CombinedProgressState, ComputeParametersInput, FSRS, FSRSItem, FSRSReview};

use super::collection::Collection;
use super::event::EventKind;

/// Fewer long-term reviews than this and the fit is not worth offering.
pub const MIN_REVIEWS_TO_OPTIMIZE: usize = 400;

/// The review history in the form FSRS trains on: for each answer given at
/// least a day after the card's previous one, the card's answers up to it.
#[derive(Debug, Clone, Default)]
pub struct TrainingSet {
    items: Vec<FSRSItem>,
    card_ids: Vec<i64>,
}

impl TrainingSet {
    /// The training set of every card's history (answers before a reset are
    /// left out, as Anki does).
    pub fn from_collection(collection: &Collection) -> Self {
        let scheduler = collection.scheduler();
        let mut dated: Vec<(i64, i64, FSRSItem)> = Vec::new();
        for (card_ix, (_, history)) in collection.histories().enumerate() {
            let start = history
                .iter()
                .rposition(|e| matches!(e.kind, EventKind::Reset))
                .map_or(0, |i| i + 1);
            let answers: Vec<_> = history[start..]
                .iter()
                .filter_map(|e| {
                    e.review()
                        .map(|r| (scheduler.day(e.at), e.at.unix_ms, r.grade))
                })
                .collect();
            let mut reviews: Vec<FSRSReview> = Vec::with_capacity(answers.len());
            let mut previous_day = None;
            for &(day, ms, grade) in &answers {
                let delta_t = previous_day.map_or(0, |p: super::time::Day| {
                    u32::try_from(day.since(p).max(0)).unwrap_or(0)
                });
                previous_day = Some(day);
                reviews.push(FSRSReview {
                    rating: u32::from(grade.number()),
                    delta_t,
                });
                if reviews.len() > 1 && delta_t > 0 {
                    dated.push((
                        ms,
                        card_ix as i64,
                        FSRSItem {
                            reviews: reviews.clone(),
                        },
                    ));
                }
            }
        }
        dated.sort_by_key(|(ms, card, _)| (*ms, *card));
        let (card_ids, items) = dated.into_iter().map(|(_, c, item)| (c, item)).unzip();
        Self { items, card_ids }
    }

    /// Long-term reviews to learn from.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there is nothing to learn from.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Why parameters could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptimizeError {
    /// Too little history.
    #[error(
        "not enough reviews to optimise: {have} long-term review(s), at least {need} needed; keep studying and try again later"
    )]
    NotEnoughReviews {
        /// Long-term reviews available.
        have: usize,
        /// Long-term reviews needed.
        need: usize,
    },
    /// The user cancelled.
    #[error("optimisation cancelled")]
    Cancelled,
    /// FSRS could not fit or evaluate the parameters.
    #[error("FSRS could not optimise the parameters: {0}")]
    Failed(String),
    /// The current parameters are invalid.
    #[error("the current FSRS parameters are invalid: {0}")]
    InvalidCurrent(String),
}

/// Old and new parameters with how well each predicts the user's history
/// (lower log loss is better), so the user can choose.
#[derive(Debug, Clone, PartialEq)]
pub struct OptimizeResult {
    /// Long-term reviews used.
    pub reviews: usize,
    /// The parameters in use before.
    pub old_parameters: Vec<f32>,
    /// Log loss of the old parameters on the history.
    pub old_log_loss: f32,
    /// RMSE (bins) of the old parameters.
    pub old_rmse: f32,
    /// The fitted parameters.
    pub new_parameters: Vec<f32>,
    /// Log loss of the fitted parameters.
    pub new_log_loss: f32,
    /// RMSE (bins) of the fitted parameters.
    pub new_rmse: f32,
}

impl OptimizeResult {
    /// Whether the fitted parameters predict the history better.
    pub fn is_improvement(&self) -> bool {
        self.new_log_loss < self.old_log_loss
    }
}

/// Shared progress of a running optimisation.
pub type ProgressHandle = Arc<Mutex<CombinedProgressState>>;

/// Fits parameters to `set` and evaluates old and new ones. Blocks; see
/// [`OptimizeJob`] to run it in the background. `relearning_steps` is the
/// number of relearning steps in the settings (FSRS bounds two parameters
/// by it).
pub fn optimize(
    set: &TrainingSet,
    current: &[f32],
    relearning_steps: usize,
    progress: &ProgressHandle,
) -> Result<OptimizeResult, OptimizeError> {
    if set.len() < MIN_REVIEWS_TO_OPTIMIZE {
        return Err(OptimizeError::NotEnoughReviews {
            have: set.len(),
            need: MIN_REVIEWS_TO_OPTIMIZE,
        });
    }
    let cancelled = || {
        progress
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .want_abort
    };
    let old = FSRS::new(current).map_err(|e| OptimizeError::InvalidCurrent(format!("{e:?}")))?;
    let old_parameters = if current.is_empty() {
        fsrs::DEFAULT_PARAMETERS.to_vec()
    } else {
        current.to_vec()
    };
    let reviews = set.len();
    let new_parameters = fsrs::compute_parameters(ComputeParametersInput {
        train_set: set.items.clone(),
        card_ids: Some(set.card_ids.clone()),
        progress: Some(Arc::clone(progress)),
        enable_short_term: true,
        num_relearning_steps: Some(relearning_steps.max(1)),
        training_config: None,
    })
    .map_err(|e| match e {
        fsrs::FSRSError::Interrupted => OptimizeError::Cancelled,
        other => OptimizeError::Failed(format!("{other:?}")),
    })?;
    if cancelled() {
        return Err(OptimizeError::Cancelled);
    }
    let new = FSRS::new(&new_parameters).map_err(|e| OptimizeError::Failed(format!("{e:?}")))?;
    let evaluate = |model: &FSRS| {
        model
            .evaluate_with_card_ids(set.items.clone(), set.card_ids.clone(), |_| !cancelled())
            .map_err(|e| match e {
                fsrs::FSRSError::Interrupted => OptimizeError::Cancelled,
                other => OptimizeError::Failed(format!("{other:?}")),
            })
    };
    let old_eval = evaluate(&old)?;
    let new_eval = evaluate(&new)?;
    Ok(OptimizeResult {
        reviews,
        old_parameters,
        old_log_loss: old_eval.log_loss,
        old_rmse: old_eval.rmse_bins,
        new_parameters,
        new_log_loss: new_eval.log_loss,
        new_rmse: new_eval.rmse_bins,
    })
}

/// An optimisation running on its own thread. Poll [`OptimizeJob::progress`]
/// and [`OptimizeJob::try_result`] from the UI; [`OptimizeJob::cancel`] asks it
/// to stop.
#[derive(Debug)]
pub struct OptimizeJob {
    progress: ProgressHandle,
    handle: Option<JoinHandle<Result<OptimizeResult, OptimizeError>>>,
    /// Set when the thread could not be started.
    failed_to_start: Option<OptimizeError>,
}

impl OptimizeJob {
    /// Starts optimising `set` in the background.
    pub fn spawn(set: TrainingSet, current: Vec<f32>, relearning_steps: usize) -> Self {
        let progress = CombinedProgressState::new_shared();
        let shared = Arc::clone(&progress);
        let handle = std::thread::Builder::new()
            .name("fsrs-optimize".into())
            .spawn(move || optimize(&set, &current, relearning_steps, &shared));
        match handle {
            Ok(handle) => Self {
                progress,
                handle: Some(handle),
                failed_to_start: None,
            },
            Err(e) => Self {
                progress,
                handle: None,
                failed_to_start: Some(OptimizeError::Failed(format!(
                    "could not start a thread: {e}"
                ))),
            },
        }
    }

    /// Fraction done, 0 to 1.
    pub fn progress(&self) -> f32 {
        let state = self.progress.lock().unwrap_or_else(PoisonError::into_inner);
        let total = state.total();
        if state.finished() {
            1.0
        } else if total == 0 {
            0.0
        } else {
            state.current() as f32 / total as f32
        }
    }

    /// Asks the job to stop; its result becomes [`OptimizeError::Cancelled`].
    pub fn cancel(&self) {
        self.progress
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .want_abort = true;
    }

    /// The result once the job has finished (`None` while it runs, and
    /// after the result was taken).
    pub fn try_result(&mut self) -> Option<Result<OptimizeResult, OptimizeError>> {
        if let Some(e) = self.failed_to_start.take() {
            return Some(Err(e));
        }
        if self.handle.as_ref().is_some_and(|h| !h.is_finished()) {
            return None;
        }
        self.handle.take().map(join)
    }

    /// Waits for the result.
    pub fn wait(mut self) -> Result<OptimizeResult, OptimizeError> {
        if let Some(e) = self.failed_to_start.take() {
            return Err(e);
        }
        self.handle.take().map_or_else(
            || Err(OptimizeError::Failed("the result was already taken".into())),
            join,
        )
    }
}

fn join(
    handle: JoinHandle<Result<OptimizeResult, OptimizeError>>,
) -> Result<OptimizeResult, OptimizeError> {
    handle
        .join()
        .unwrap_or_else(|_| Err(OptimizeError::Failed("the optimiser crashed".into())))
}
