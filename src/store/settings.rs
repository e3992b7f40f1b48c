//! `settings.ron`: study settings and appearance, written atomically.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::aside::move_aside;
use super::atomic::write_atomic;
use super::error::{StoreError, Warning};
use crate::srs::{ConfigError, Moment, SchedulerConfig};

/// File name of the settings in the data directory.
pub const SETTINGS_FILE: &str = "settings.ron";
/// The settings format this build reads and writes.
pub const SETTINGS_VERSION: u32 = 1;

/// Light, dark, or as the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    /// Always light.
    Light,
    /// Always dark.
    Dark,
    /// Follow the operating system.
    #[default]
    System,
}

/// Everything the user can set. Missing fields take their defaults, so a
/// hand-written file may hold only what differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Format version (1).
    pub version: u32,
    /// Scheduling: retention, steps, limits, rollover hour, FSRS parameters.
    pub study: SchedulerConfig,
    /// Colour theme.
    pub theme: Theme,
    /// UI zoom factor, 0.5 to 3.
    pub ui_scale: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            version: SETTINGS_VERSION,
            study: SchedulerConfig::default(),
            theme: Theme::System,
            ui_scale: 1.0,
        }
    }
}

/// Reads just the version of a settings file that does not parse fully.
#[derive(Deserialize)]
#[serde(rename = "Settings")]
struct VersionProbe {
    #[serde(default)]
    version: u32,
}

impl Settings {
    /// The settings file in `data_dir`.
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join(SETTINGS_FILE)
    }

    /// Every problem of these settings (empty when valid).
    pub fn problems(&self) -> Vec<ConfigError> {
        let mut out = Vec::new();
        if self.version != SETTINGS_VERSION {
            out.push(ConfigError {
                field: "version".into(),
                message: format!("must be {SETTINGS_VERSION}"),
            });
        }
        if !(0.5..=3.0).contains(&self.ui_scale) {
            out.push(ConfigError {
                field: "ui_scale".into(),
                message: format!("{} is outside 0.5 to 3", self.ui_scale),
            });
        }
        out.extend(self.study.problems().into_iter().map(|p| ConfigError {
            field: format!("study.{}", p.field),
            message: p.message,
        }));
        out
    }

    /// Parses settings text; errors say `line:column: what` for syntax and
    /// name the field for values out of range. A newer format is `Ok(None)`.
    pub fn parse(text: &str) -> Result<Option<Settings>, String> {
        match ron::from_str::<Settings>(text) {
            Ok(settings) if settings.version > SETTINGS_VERSION => Ok(None),
            Ok(settings) => {
                let problems = settings.problems();
                if problems.is_empty() {
                    Ok(Some(settings))
                } else {
                    Err(join(&problems))
                }
            }
            Err(e) => match ron::from_str::<VersionProbe>(text) {
                Ok(probe) if probe.version > SETTINGS_VERSION => Ok(None),
                _ => Err(format!(
                    "line {}, column {}: {}",
                    e.span.start.line, e.span.start.col, e.code
                )),
            },
        }
    }

    /// Loads the settings of `data_dir`. A missing file gives the defaults;
    /// a file that cannot be parsed or holds invalid values is moved aside to
    /// `settings.ron.corrupt-<timestamp>` with a warning and the defaults are
    /// used; a file of a newer format is an error (and left untouched).
    pub fn load(data_dir: &Path, now: Moment) -> Result<(Settings, Vec<Warning>), StoreError> {
        let path = Self::path(data_dir);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Settings::default(), Vec::new()));
            }
            Err(e) => return Err(StoreError::io("read the settings", path, e)),
        };
        let parsed = match std::str::from_utf8(&bytes) {
            Ok(text) => Self::parse(text),
            Err(e) => Err(format!("not UTF-8 text (byte {})", e.valid_up_to())),
        };
        match parsed {
            Ok(Some(settings)) => Ok((settings, Vec::new())),
            Ok(None) => Err(StoreError::NewerVersion {
                path,
                line: 1,
                what: "a newer settings format".into(),
                supported: SETTINGS_VERSION,
            }),
            Err(reason) => {
                let backup = move_aside(&path, "corrupt", now)
                    .map_err(|e| StoreError::io("move aside the unreadable settings", &path, e))?;
                Ok((
                    Settings::default(),
                    vec![Warning::SettingsReset { backup, reason }],
                ))
            }
        }
    }

    /// Reads the settings of `data_dir` without changing anything (for
    /// read-only commands): defaults if missing, or defaults and the reason
    /// if the file is unreadable.
    pub fn read(data_dir: &Path) -> Result<(Settings, Option<String>), StoreError> {
        let path = Self::path(data_dir);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Settings::default(), None));
            }
            Err(e) => return Err(StoreError::io("read the settings", path, e)),
        };
        match Self::parse(&text) {
            Ok(Some(settings)) => Ok((settings, None)),
            Ok(None) => Err(StoreError::NewerVersion {
                path,
                line: 1,
                what: "a newer settings format".into(),
                supported: SETTINGS_VERSION,
            }),
            Err(reason) => Ok((Settings::default(), Some(reason))),
        }
    }

    /// Validates and writes the settings atomically (temporary file, fsync,
    /// rename).
    pub fn save(&self, data_dir: &Path) -> Result<(), StoreError> {
        let path = Self::path(data_dir);
        let problems = self.problems();
        if !problems.is_empty() {
            return Err(StoreError::InvalidSettings {
                path,
                message: join(&problems),
            });
        }
        let text = self
            .to_ron()
            .map_err(|message| StoreError::InvalidSettings {
                path: path.clone(),
                message,
            })?;
        write_atomic(&path, text.as_bytes())
            .map_err(|e| StoreError::io("save the settings", path, e))
    }

    /// The settings as RON text.
    pub fn to_ron(&self) -> Result<String, String> {
        let config = ron::ser::PrettyConfig::new().struct_names(true);
        ron::ser::to_string_pretty(self, config).map_err(|e| e.to_string())
    }
}

fn join(problems: &[ConfigError]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Moment = Moment::new(1_767_250_800_000, 0);

    #[test]
    fn defaults_round_trip_through_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut settings = Settings::default();
        settings.study.desired_retention = 0.85;
        settings.theme = Theme::Dark;
        settings.save(dir.path()).expect("saved");
        let (back, warnings) = Settings::load(dir.path(), NOW).expect("loaded");
        assert!(warnings.is_empty());
        assert_eq!(back, settings);
    }

    #[test]
    fn a_missing_file_gives_defaults_silently() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (s, w) = Settings::load(dir.path(), NOW).expect("defaults");
        assert_eq!(s, Settings::default());
        assert!(w.is_empty());
    }

    #[test]
    fn partial_files_fill_in_defaults() {
        let parsed = Settings::parse("Settings(study: (desired_retention: 0.8))")
            .expect("valid")
            .expect("current version");
        assert!((parsed.study.desired_retention - 0.8).abs() < 1e-6);
        assert_eq!(parsed.study.learning_steps_minutes, [1.0, 10.0]);
    }

    #[test]
    fn corrupt_files_are_moved_aside_with_a_positioned_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(Settings::path(dir.path()), "Settings(\n  theme: Purple,\n)")
            .expect("write");
        let (s, w) = Settings::load(dir.path(), NOW).expect("defaults");
        assert_eq!(s, Settings::default());
        let [Warning::SettingsReset { backup, reason }] = &w[..] else {
            panic!("{w:?}")
        };
        assert!(reason.contains("line 2"), "{reason}");
        assert!(
            backup
                .to_string_lossy()
                .ends_with("settings.ron.corrupt-20260101T070000Z"),
            "{}",
            backup.display()
        );
        assert_eq!(
            std::fs::read_to_string(backup).expect("kept"),
            "Settings(\n  theme: Purple,\n)"
        );
        assert!(!Settings::path(dir.path()).exists());
    }

    #[test]
    fn out_of_range_values_are_named() {
        let err = Settings::parse("Settings(ui_scale: 9.0, study: (desired_retention: 0.2))")
            .expect_err("invalid");
        assert!(
            err.contains("ui_scale") && err.contains("study.desired_retention"),
            "{err}"
        );
    }

    #[test]
    fn newer_settings_are_refused_and_left_untouched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = "Settings(version: 2, hologram: true)";
        std::fs::write(Settings::path(dir.path()), text).expect("write");
        let err = Settings::load(dir.path(), NOW).expect_err("newer");
        assert!(matches!(err, StoreError::NewerVersion { .. }), "{err}");
        assert_eq!(
            std::fs::read_to_string(Settings::path(dir.path())).expect("read"),
            text
        );
    }

    #[test]
    fn invalid_settings_are_not_saved() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = Settings::default();
        s.study.rollover_hour = 25;
        assert!(s.save(dir.path()).is_err());
        assert!(!Settings::path(dir.path()).exists());
    }
}
