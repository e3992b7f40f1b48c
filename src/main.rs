//! The `archdeck` binary: the window, or a headless subcommand.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser;

use archdeck::app::{ArchdeckApp, Screen};
use archdeck::store::StorePaths;
use archdeck::ui::theme::ThemeChoice;

fn main() -> ExitCode {
    let cli = archdeck::cli::Cli::parse();
    let result = match cli.command {
        Some(command) => archdeck::cli::run(command, cli.theme.as_deref()),
        None => run_window(cli.screen.as_deref(), cli.theme.as_deref()).map(|()| ExitCode::SUCCESS),
    };
    result.unwrap_or_else(|err| {
        eprintln!("error: {err:#}");
        ExitCode::FAILURE
    })
}

fn run_window(screen: Option<&str>, theme: Option<&str>) -> anyhow::Result<()> {
    let screen = screen
        .map(|name| {
            Screen::from_name(name).with_context(|| {
                format!(
                    "unknown screen {name:?}; use one of: {}",
                    Screen::ALL.map(Screen::name).join(", ")
                )
            })
        })
        .transpose()?;
    let theme = theme
        .map(|name| {
            ThemeChoice::from_name(name)
                .with_context(|| format!("unknown theme {name:?}; use light, dark or system"))
        })
        .transpose()?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("archdeck")
            .with_app_id("archdeck")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([720.0, 480.0]),
        ..Default::default()
    };
    eframe::run_native(
        "archdeck",
        options,
        Box::new(move |cc| {
            Ok(Box::new(ArchdeckApp::new(
                &cc.egui_ctx,
                StorePaths::from_env(),
                theme,
                screen,
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
