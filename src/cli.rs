//! Headless subcommands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::deck::{self, Deck, Diagnostic};
use crate::interop::picture;
use crate::interop::{self, Format, OnExisting};
use crate::layout::{self, LayoutOptions, Sizes};
use crate::mermaid::{self, Flowchart};
use crate::srs::{Collection, Moment, Scheduler};
use crate::store::{self, Settings};

/// archdeck: flashcards with spaced repetition and native architecture diagrams.
///
/// With no subcommand, opens the window on the bundled decks.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// What to do headless; omit to open the window.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Window only: the screen to open on (decks, study, browse, diagrams, stats, settings).
    #[arg(long, global = true, value_name = "SCREEN")]
    pub screen: Option<String>,
    /// The theme for this run (light, dark, system): the window's, overriding the
    /// setting, and the colours of `layout`'s pictures and viewer.
    #[arg(long, global = true, value_name = "THEME")]
    pub theme: Option<String>,
}

/// A headless subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate deck files (.ron) and diagrams (.mmd); prints `path:line:col: message`
    /// for each problem and exits 1 if there is any.
    Check {
        /// Files to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Import a deck file (RON, Anki .apkg, Anki text, CSV, Markdown) into the
    /// data directory (`$ARCHDECK_DATA_DIR` or the platform's data folder).
    /// Nothing is written if anything is wrong with the file.
    Import {
        /// The file to import.
        file: PathBuf,
        /// Its format; guessed from the extension (then the content) if omitted.
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// If a deck with the same id exists, update it in place: cards keep
        /// their progress, new cards are added, missing ones are kept but suspended.
        #[arg(long, conflicts_with = "copy")]
        update: bool,
        /// If a deck with the same id exists, import this one as a copy under a new id.
        #[arg(long)]
        copy: bool,
    },
    /// Export a deck (a bundled or imported deck id, or a .ron file) to a file.
    Export {
        /// Deck id, or the path of a .ron deck file.
        deck: String,
        /// Output format; guessed from the extension of --out if omitted.
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Print per deck: cards due now, new cards available today, cards in
    /// learning, reviews done today and true retention over 30 days.
    Stats {
        /// Data folder (default: `$ARCHDECK_DATA_DIR` or the platform's).
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Write all progress (review logs, settings, imported decks) to one file.
    Backup {
        /// The backup file to write (a zip).
        out: PathBuf,
        /// Data folder (default: `$ARCHDECK_DATA_DIR` or the platform's).
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Merge a backup into the data folder. Nothing is overwritten: missing
    /// reviews are added, replaced settings are kept aside.
    Restore {
        /// The backup file to read.
        backup: PathBuf,
        /// Data folder (default: `$ARCHDECK_DATA_DIR` or the platform's).
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Lay out a diagram and write the layout as JSON, SVG or PNG.
    ///
    /// FILE is a Mermaid flowchart (.mmd) or a layout-benchmark neutral graph
    /// (.json, from tools/layoutbench/mmd2json.py). The JSON layout gives box
    /// centres (y down) and edge polylines, plus `ms`, the layout time.
    Layout {
        /// The diagram.
        path: PathBuf,
        /// Write the layout JSON here.
        #[arg(long, value_name = "OUT.json")]
        json: Option<PathBuf>,
        /// Write an SVG picture here.
        #[arg(long, value_name = "OUT.svg")]
        svg: Option<PathBuf>,
        /// Write a PNG picture here.
        #[arg(long, value_name = "OUT.png")]
        png: Option<PathBuf>,
        /// Size boxes by the benchmark's rule (7.5 px a character, 18 px a
        /// line, 16 px padding) instead of the font's metrics.
        #[arg(long)]
        harness_sizes: bool,
        /// Pixels per layout unit in the PNG.
        #[arg(long, default_value_t = 2.0)]
        scale: f32,
        /// Lay out this many times and report the median time (for benchmarks).
        #[arg(long, default_value_t = 1)]
        repeat: usize,
        /// Open the diagram in archdeck's viewer window (text measured with
        /// the window's fonts).
        #[arg(long)]
        view: bool,
    },
}

/// Picture theme on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    /// Dark text on white.
    Light,
    /// Light text on near-black.
    Dark,
}

/// A format name on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// archdeck's RON deck.
    Ron,
    /// Anki package.
    Apkg,
    /// Anki "notes in plain text" (tab-separated).
    Tsv,
    /// Comma-separated values.
    Csv,
    /// Markdown document.
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Ron => Self::Ron,
            FormatArg::Apkg => Self::Apkg,
            FormatArg::Tsv => Self::Tsv,
            FormatArg::Csv => Self::Csv,
            FormatArg::Markdown => Self::Markdown,
        }
    }
}

/// Runs a subcommand; the exit code says whether it found problems.
/// `theme` is the global `--theme` (pictures of `layout` use it).
pub fn run(command: Command, theme: Option<&str>) -> anyhow::Result<ExitCode> {
    match command {
        Command::Check { paths } => {
            let mut problems = 0usize;
            for path in &paths {
                let report = check_path_report(path);
                problems += report.len();
                for problem in report {
                    println!("{problem}");
                }
            }
            if problems == 0 {
                eprintln!("{} file(s) checked, no problems", paths.len());
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("{problems} problem(s) in {} file(s) checked", paths.len());
                Ok(ExitCode::FAILURE)
            }
        }
        Command::Import {
            file,
            format,
            update,
            copy,
        } => {
            let paths = store::StorePaths::from_env().ok_or_else(|| {
                anyhow::anyhow!("no data directory is known on this system; set ARCHDECK_DATA_DIR")
            })?;
            let data_dir = paths.data_dir().to_path_buf();
            let on_existing = if update {
                OnExisting::Update
            } else if copy {
                OnExisting::Copy
            } else {
                OnExisting::Ask
            };
            let report = interop::import_file(
                &file,
                format.map(Format::from),
                &data_dir,
                on_existing,
                &|_| {},
            )?;
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            let what = match report.action {
                interop::ImportAction::Created => "imported",
                interop::ImportAction::Updated => "updated",
                interop::ImportAction::Copied => "imported as a copy",
            };
            println!(
                "{what} deck `{}` (\"{}\", {} format): {} cards ({} new, {} updated, {} kept as removed), {} picture(s), {} review(s) -> {}",
                report.deck_id,
                report.title,
                report.format,
                report.cards,
                report.added,
                report.updated,
                report.to_suspend.len(),
                report.assets,
                report.reviews.len(),
                report.deck_path.display()
            );
            if !report.reviews.is_empty() || !report.to_suspend.is_empty() {
                record_imported_history(&paths, &report)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { deck, format, out } => {
            let format = match format {
                Some(f) => Format::from(f),
                None => Format::from_extension(&out).ok_or_else(|| {
                    anyhow::anyhow!(
                        "cannot tell the format from the name {}; pass --format ron|apkg|tsv|csv|markdown",
                        out.display()
                    )
                })?,
            };
            let (deck, deck_dir) = find_deck(&deck)?;
            let now_ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
            // archdeck RON carries the review history, when there is one.
            let reviews = if format == Format::Ron {
                exported_history(&deck)
            } else {
                None
            };
            let options = interop::ExportOptions {
                reviews: reviews.as_deref(),
                deck_dir: deck_dir.as_deref(),
                now_ms,
            };
            for warning in interop::export_deck(&deck, format, &out, &options)? {
                eprintln!("warning: {warning}");
            }
            println!(
                "exported deck `{}` ({} cards) as {format} -> {}",
                deck.id,
                deck.cards.len(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { data_dir } => {
            let data_dir = data_dir_or_default(data_dir)?;
            let (report, warnings) = stats_report(&data_dir, local_now())?;
            for w in warnings {
                eprintln!("warning: {w}");
            }
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { out, data_dir } => {
            let data_dir = data_dir_or_default(data_dir)?;
            let summary = store::export_backup(&data_dir, &out, local_now())?;
            println!(
                "wrote {}: {} review(s) in {} log(s), {}, {} deck(s)",
                summary.path.display(),
                summary.records,
                summary.logs,
                if summary.settings {
                    "settings"
                } else {
                    "no settings"
                },
                summary.decks
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { backup, data_dir } => {
            let data_dir = data_dir_or_default(data_dir)?;
            let summary = store::restore_backup(&data_dir, &backup, local_now())?;
            println!(
                "added {} review(s) not already present",
                summary.records_added
            );
            for path in &summary.logs_written {
                println!("  wrote {}", path.display());
            }
            if let Some(kept) = &summary.settings_kept_aside {
                println!(
                    "restored the settings; your previous settings are kept as {}",
                    kept.display()
                );
            } else if summary.settings_restored {
                println!("restored the settings");
            }
            for path in &summary.decks_added {
                println!("restored deck {}", path.display());
            }
            for path in &summary.decks_differing {
                println!(
                    "kept your deck {} (the backup's copy differs; it stays in the backup)",
                    path.display()
                );
            }
            println!("restart archdeck to see the restored progress");
            Ok(ExitCode::SUCCESS)
        }
        Command::Layout {
            path,
            json,
            svg,
            png,
            harness_sizes,
            scale,
            repeat,
            view,
        } => {
            // The global `--theme` colours the pictures and the viewer.
            let theme = match theme {
                None | Some("light" | "system") => ThemeArg::Light,
                Some("dark") => ThemeArg::Dark,
                Some(other) => {
                    anyhow::bail!("unknown theme {other:?}; use light, dark or system")
                }
            };
            if view {
                return view_diagram(&path, theme).map(|()| ExitCode::SUCCESS);
            }
            let theme = match theme {
                ThemeArg::Light => picture::Theme::Light,
                ThemeArg::Dark => picture::Theme::Dark,
            };
            run_layout(&LayoutJob {
                path: &path,
                json: json.as_deref(),
                svg: svg.as_deref(),
                png: png.as_deref(),
                harness_sizes,
                theme,
                scale,
                repeat: repeat.max(1),
            })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Now, with the local UTC offset (the edge where the clock is read).
/// Writes an imported deck's answers and suspensions into the progress of
/// this device, as the app does.
fn record_imported_history(
    paths: &store::StorePaths,
    report: &interop::ImportReport,
) -> anyhow::Result<()> {
    let now = local_now();
    let (mut progress, warnings) = store::Progress::open(paths, now).map_err(|err| {
        anyhow::anyhow!(
            "the deck was imported, but its {} review(s) could not be recorded: {err}; \
             when that is fixed, import the file again with --update (answers already \
             recorded are not recorded twice)",
            report.reviews.len()
        )
    })?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    let done = interop::history::record_history(
        &mut progress,
        &report.deck_id,
        &report.reviews,
        &report.to_suspend,
        now,
        &|_, _| {},
    )
    .map_err(|err| {
        anyhow::anyhow!(
            "the deck was imported, but its review history was recorded only in part: {err}; \
             import the file again with --update to finish (answers already recorded are \
             not recorded twice)"
        )
    })?;
    if done.skipped > 0 {
        eprintln!(
            "warning: {} imported review(s) had an unknown card or grade and were skipped",
            done.skipped
        );
    }
    println!(
        "recorded {} review(s) ({} already there) and suspended {} card(s) in {}",
        done.reviews,
        done.known,
        done.suspended,
        paths.data_dir().display()
    );
    Ok(())
}

/// The review history of `deck` on this device, for a RON export; `None`
/// (with a warning) when the progress cannot be opened.
fn exported_history(deck: &Deck) -> Option<Vec<interop::ReviewRecord>> {
    let paths = store::StorePaths::from_env()?;
    if !paths.data_dir().exists() {
        return None;
    }
    match store::Progress::open(&paths, local_now()) {
        Ok((progress, _)) => Some(interop::history::review_records(&progress, deck)),
        Err(err) => {
            eprintln!("warning: exporting without review history: {err}");
            None
        }
    }
}

fn local_now() -> Moment {
    Moment::from_datetime(&chrono::Local::now())
}

fn data_dir_or_default(dir: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    dir.or_else(store::default_data_dir)
        .ok_or_else(|| anyhow::anyhow!(store::StoreError::NoDataDir))
}

/// The decks `stats` reports on: the bundled ones, then those in
/// `<data>/decks/*.ron`. Decks that fail to load are reported as warnings.
pub fn known_decks(data_dir: &Path) -> (Vec<Deck>, Vec<String>) {
    let mut decks = Vec::new();
    let mut warnings = Vec::new();
    for bundled in crate::bundled::BUNDLED_DECKS {
        match deck::parse_deck(bundled.text, Path::new(bundled.path)) {
            Ok(d) => decks.push(d),
            Err(e) => warnings.push(e.to_string()),
        }
    }
    match store::deck_files(data_dir) {
        Ok(paths) => {
            for path in paths {
                match deck::load_deck(&path) {
                    Ok(d) if decks.iter().any(|k| k.id == d.id) => warnings.push(format!(
                        "deck id {:?} is already used by another deck; skipped {}",
                        d.id,
                        path.display()
                    )),
                    Ok(d) => decks.push(d),
                    Err(e) => warnings.push(e.to_string()),
                }
            }
        }
        Err(e) => warnings.push(e.to_string()),
    }
    (decks, warnings)
}

/// The `stats` table for the data folder `data_dir` at `now`, and warnings.
/// Reads only: nothing in the folder is changed.
pub fn stats_report(data_dir: &Path, now: Moment) -> anyhow::Result<(String, Vec<String>)> {
    use std::fmt::Write as _;

    let (settings, settings_problem) = Settings::read(data_dir)?;
    let mut warnings: Vec<String> = settings_problem
        .map(|reason| format!("settings unreadable ({reason}); using defaults"))
        .into_iter()
        .collect();
    let (events, store_warnings) = store::read_events(data_dir, now)?;
    warnings.extend(store_warnings.iter().map(ToString::to_string));
    let scheduler = Scheduler::new(settings.study).map_err(|e| anyhow::anyhow!(e))?;
    let collection = Collection::replay(scheduler, events);
    let (decks, deck_warnings) = known_decks(data_dir);
    warnings.extend(deck_warnings);

    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<28} {:>6} {:>6} {:>9} {:>14}  retention (30 days)",
        "deck", "due", "new", "learning", "reviews today"
    );
    let mut total = crate::srs::Stats::default();
    let mut total_new = 0;
    for d in &decks {
        let ids = || d.cards.iter().map(|c| c.id.as_str());
        let stats = collection.stats(&d.id, ids(), now, 1);
        let queue = collection.queue(&d.id, ids(), now);
        let _ = writeln!(
            out,
            "{:<28} {:>6} {:>6} {:>9} {:>14}  {}",
            d.id,
            stats.due_now,
            queue.counts.new,
            stats.counts.learning + stats.counts.relearning,
            stats.reviews_today,
            retention_text(stats.retention)
        );
        total_new += queue.counts.new;
        total.merge(&stats);
    }
    let _ = writeln!(
        out,
        "{:<28} {:>6} {:>6} {:>9} {:>14}  {}",
        "all decks",
        total.due_now,
        total_new,
        total.counts.learning + total.counts.relearning,
        total.reviews_today,
        retention_text(total.retention)
    );
    Ok((out, warnings))
}

fn retention_text(r: crate::srs::Retention) -> String {
    match r.rate() {
        Some(rate) => format!(
            "{:.1}% ({}/{})",
            rate * 100.0,
            r.passed,
            r.passed + r.failed
        ),
        None => "-".to_owned(),
    }
}

/// A deck named on the command line: a .ron file, an imported deck id or a
/// bundled deck id; with the folder its pictures are relative to.
fn find_deck(name: &str) -> anyhow::Result<(deck::Deck, Option<PathBuf>)> {
    let path = Path::new(name);
    if path.is_file() {
        let deck = deck::load_deck(path)?;
        return Ok((deck, path.parent().map(Path::to_path_buf)));
    }
    if let Some(data_dir) = crate::store::default_data_dir()
        && let Some(found) = interop::existing_deck(&data_dir, name)?
    {
        let dir = found
            .path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        return Ok((found.deck, dir));
    }
    anyhow::bail!(
        "no deck `{name}`: give the id of a bundled or imported deck, or the path of a .ron file"
    )
}

/// What `archdeck layout` was asked to do.
struct LayoutJob<'a> {
    path: &'a Path,
    json: Option<&'a Path>,
    svg: Option<&'a Path>,
    png: Option<&'a Path>,
    harness_sizes: bool,
    theme: picture::Theme,
    scale: f32,
    repeat: usize,
}

/// The flowchart in a diagram file (.json neutral graph or .mmd), with the
/// box sizes a neutral graph gives.
fn read_flowchart(path: &Path) -> anyhow::Result<(Flowchart, Option<Sizes>)> {
    use anyhow::Context as _;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (chart, given): (Flowchart, _) = if is_json {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let (chart, sizes) =
            layout::neutral::read_graph(&text).with_context(|| format!("in {}", path.display()))?;
        (chart, Some(sizes))
    } else {
        match mermaid::load_file(path) {
            Ok(chart) => (chart, None),
            Err(mermaid::DiagramFileError::Invalid { error, .. }) => {
                anyhow::bail!("{}", error.render(path).trim_end())
            }
            Err(err) => anyhow::bail!(
                "{}",
                err.diagnostics()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    };
    Ok((chart, given))
}

/// Opens a window showing the diagram in the full viewer.
fn view_diagram(path: &Path, theme: ThemeArg) -> anyhow::Result<()> {
    let (chart, _) = read_flowchart(path)?;
    let title = format!("archdeck · {}", path.display());
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title.clone())
            .with_inner_size([1100.0, 760.0]),
        ..Default::default()
    };
    eframe::run_native(
        &title,
        options,
        Box::new(move |cc| {
            cc.egui_ctx.set_theme(match theme {
                ThemeArg::Light => egui::Theme::Light,
                ThemeArg::Dark => egui::Theme::Dark,
            });
            Ok(Box::new(crate::ui::diagram::StandaloneViewer::new(chart)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

fn run_layout(job: &LayoutJob<'_>) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let (chart, given) = read_flowchart(job.path)?;
    let font = picture::TextFont::new()?;
    let options = LayoutOptions::default();
    let mut times = Vec::with_capacity(job.repeat);
    let mut result = None;
    for _ in 0..job.repeat {
        let start = std::time::Instant::now();
        let sizes = match (&given, job.harness_sizes) {
            (Some(s), true) => s.clone(),
            (_, true) => Sizes::measure(&chart, &layout::measure::harness_size),
            (_, false) => Sizes::measure(&chart, &|l, k| font.measure(l, k)),
        };
        let laid = layout::layout_sized(&chart, &sizes, &options);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        result = Some(laid);
    }
    let Some(laid) = result else {
        anyhow::bail!("no layout was made");
    };
    times.sort_by(f64::total_cmp);
    let ms = times[times.len() / 2];
    if let Some(out) = job.json {
        std::fs::write(out, layout::neutral::layout_json(&chart, &laid, Some(ms)))
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    if let Some(out) = job.svg {
        std::fs::write(out, picture::svg(&chart, &laid, job.theme))
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    if let Some(out) = job.png {
        let bytes = picture::png(&chart, &laid, job.theme, job.scale)?;
        std::fs::write(out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
    }
    if job.json.is_none() && job.svg.is_none() && job.png.is_none() {
        println!("{}", layout::neutral::layout_json(&chart, &laid, Some(ms)));
    }
    eprintln!(
        "{}: {} nodes, {} edges laid out in {ms:.2} ms",
        job.path.display(),
        chart.nodes.len(),
        chart.edges.len()
    );
    Ok(())
}

/// Every problem of one file, deck or diagram by its extension.
pub fn check_path(path: &Path) -> Vec<Diagnostic> {
    if is_diagram(path) {
        return match mermaid::load_file(path) {
            Ok(_) => Vec::new(),
            Err(err) => err.diagnostics(),
        };
    }
    match deck::load_deck(path) {
        Ok(_) => Vec::new(),
        Err(err) => err.diagnostics(),
    }
}

/// Every problem of one file as printed by `check`: `path:line:col: message`,
/// and for a diagram also the offending line and a caret under the column.
pub fn check_path_report(path: &Path) -> Vec<String> {
    if is_diagram(path) {
        return match mermaid::load_file(path) {
            Ok(_) => Vec::new(),
            Err(mermaid::DiagramFileError::Invalid { error, .. }) => {
                vec![error.render(path).trim_end().to_owned()]
            }
            Err(err) => err.diagnostics().iter().map(ToString::to_string).collect(),
        };
    }
    check_path(path).iter().map(ToString::to_string).collect()
}

/// `.mmd` and `.mermaid` files are diagrams; everything else is read as a deck.
fn is_diagram(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("mmd") || e.eq_ignore_ascii_case("mermaid"))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::Cli;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
