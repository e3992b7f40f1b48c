//! The `archdeck` binary: the window, or a headless subcommand.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = archdeck::cli::Cli::parse();
    match cli.command {
        Some(command) => match archdeck::cli::run(command) {
            Ok(code) => code,
            Err(err) => {
                eprintln!("error: {err:#}");
                ExitCode::FAILURE
            }
        },
        None => match run_window() {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err:#}");
                ExitCode::FAILURE
            }
        },
    }
}

fn run_window() -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("archdeck")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([640.0, 420.0]),
        ..Default::default()
    };
    eframe::run_native(
        "archdeck",
        options,
        Box::new(|cc| Ok(Box::new(archdeck::app::ArchdeckApp::new(&cc.egui_ctx)))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
