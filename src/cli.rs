//! Headless subcommands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::deck::{self, Diagnostic};
use crate::interop::picture;
use crate::layout::{self, LayoutOptions, Sizes};
use crate::mermaid::Flowchart;

/// archdeck: flashcards with spaced repetition and native architecture diagrams.
///
/// With no subcommand, opens the window on the bundled decks.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// What to do headless; omit to open the window.
    #[command(subcommand)]
    pub command: Option<Command>,
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
        /// Colours of the pictures and the viewer.
        #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
        theme: ThemeArg,
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

/// Runs a subcommand; the exit code says whether it found problems.
pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Check { paths } => {
            let mut problems = 0usize;
            for path in &paths {
                let diagnostics = check_path(path);
                problems += diagnostics.len();
                for d in diagnostics {
                    println!("{d}");
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
        Command::Layout {
            path,
            json,
            svg,
            png,
            harness_sizes,
            theme,
            scale,
            repeat,
            view,
        } => {
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

/// Mermaid text to a flowchart, for `archdeck layout FILE.mmd`.
///
/// The Mermaid parser lives on another branch; at merge this becomes
/// `crate::mermaid::parse(text)` with its error mapped to the file's path.
fn parse_mermaid(_text: &str, path: &Path) -> anyhow::Result<Flowchart> {
    anyhow::bail!(
        "this build cannot read Mermaid yet; convert it to a neutral graph with \
         tools/layoutbench/mmd2json.py and pass the .json: {}",
        path.display()
    )
}

/// The flowchart in a diagram file (.json neutral graph or .mmd).
fn read_flowchart(path: &Path) -> anyhow::Result<(Flowchart, Option<Sizes>)> {
    use anyhow::Context as _;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let (chart, sizes) = layout::neutral::read_graph(&text)
            .map_err(|e| anyhow::anyhow!("{e}: {}", path.display()))?;
        Ok((chart, Some(sizes)))
    } else {
        Ok((parse_mermaid(&text, path)?, None))
    }
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
    match deck::load_deck(path) {
        Ok(_) => Vec::new(),
        Err(err) => err.diagnostics(),
    }
}
