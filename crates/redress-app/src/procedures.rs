//! The loaded procedures: every version of every organisation's procedure file, and the
//! calendar each runs on. An organisation may run several procedures (`[procedure] id`), each
//! with its versions; a version label is unique within the organisation, so a case's version
//! names its procedure too. A case runs to the end on the version it was received under.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;
use redress_core::calendar::Calendar;
use redress_core::ids::{OrgId, ProcedureId};
use redress_core::procedure::{Procedure, parse};

/// The procedure files shipped with redress, embedded so `redress serve` needs no files.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "pips-stockport.toml",
        include_str!("../../../procedures/pips-stockport.toml"),
    ),
    (
        "sendiass-staffordshire.toml",
        include_str!("../../../procedures/sendiass-staffordshire.toml"),
    ),
    (
        "kings-park-pp.toml",
        include_str!("../../../procedures/kings-park-pp.toml"),
    ),
    (
        "leeds-pps.toml",
        include_str!("../../../procedures/leeds-pps.toml"),
    ),
    (
        "tfc-sunderland.toml",
        include_str!("../../../procedures/tfc-sunderland.toml"),
    ),
];

/// One version of one organisation's procedure, ready to run.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The procedure.
    pub procedure: Arc<Procedure>,
    /// Its organisation's calendar.
    pub calendar: Calendar,
    /// The file's text, as loaded.
    pub text: String,
}

/// Every loaded version, by organisation.
#[derive(Clone, Debug, Default)]
pub struct Procedures {
    orgs: BTreeMap<OrgId, Vec<Loaded>>,
}

impl Procedures {
    /// The five shipped procedures.
    pub fn shipped() -> Procedures {
        let mut procedures = Procedures::default();
        for (name, text) in SHIPPED {
            procedures
                .add(text)
                .unwrap_or_else(|error| panic!("shipped procedure {name} is invalid: {error}"));
        }
        procedures
    }

    /// The shipped five with every `*.toml` file in `dir` added: a file for another
    /// organisation adds it (or another version of it); a file with the organisation and
    /// version of a shipped one replaces that one, so an organisation's own copy overrides
    /// what redress ships while cases on its other versions keep running. Errors name the file
    /// and line.
    pub fn shipped_and_dir(dir: &Path) -> Result<Procedures, String> {
        let mut procedures = Procedures::shipped();
        // Two files of the directory with one organisation and version are an error, as in
        // `add`; only a shipped version is replaced.
        let mut from_dir = std::collections::BTreeSet::new();
        for (path, text) in read_dir(dir)? {
            let procedure = parse(&text).map_err(|e| in_file(&path, &e.to_string()))?;
            let key = (procedure.organisation.id, procedure.procedure.version);
            let added = if from_dir.insert(key) {
                procedures.add_or_replace(&text)
            } else {
                procedures.add(&text)
            };
            added.map_err(|e| in_file(&path, &e))?;
        }
        Ok(procedures)
    }

    /// Every `*.toml` file in `dir`, and nothing else. Errors name the file and line.
    pub fn from_dir(dir: &Path) -> Result<Procedures, String> {
        let files = read_dir(dir)?;
        if files.is_empty() {
            return Err(format!("no procedure files (*.toml) in {}", dir.display()));
        }
        let mut procedures = Procedures::default();
        for (path, text) in files {
            procedures.add(&text).map_err(|e| in_file(&path, &e))?;
        }
        Ok(procedures)
    }

    /// Adds one version from its text, replacing any loaded version of the same organisation
    /// and version label (a directory's copy of a shipped file).
    pub fn add_or_replace(&mut self, text: &str) -> Result<(), String> {
        let procedure = parse(text).map_err(|errors| errors.to_string())?;
        if let Some(versions) = self.orgs.get_mut(&procedure.organisation.id) {
            versions.retain(|l| l.procedure.procedure.version != procedure.procedure.version);
        }
        self.add(text)
    }

    /// Adds one version from its text. The same organisation and version twice is an error
    /// unless the text is identical.
    pub fn add(&mut self, text: &str) -> Result<(), String> {
        let procedure = parse(text).map_err(|errors| errors.to_string())?;
        let org = procedure.organisation.id.clone();
        let versions = self.orgs.entry(org.clone()).or_default();
        if let Some(existing) = versions
            .iter()
            .find(|l| l.procedure.procedure.version == procedure.procedure.version)
        {
            if existing.text == text {
                return Ok(());
            }
            return Err(format!(
                "{org} version {} is loaded twice with different text; give the new one a new version",
                procedure.procedure.version
            ));
        }
        let calendar = Calendar::new(
            procedure.organisation.region,
            &procedure.organisation.closure_days,
        );
        versions.push(Loaded {
            procedure: Arc::new(procedure),
            calendar,
            text: text.to_owned(),
        });
        versions.sort_by_key(|l| l.procedure.procedure.effective_from);
        Ok(())
    }

    /// Organisation ids, in order.
    pub fn orgs(&self) -> impl Iterator<Item = &OrgId> {
        self.orgs.keys()
    }

    /// Every version of every organisation.
    pub fn all(&self) -> impl Iterator<Item = &Loaded> {
        self.orgs.values().flatten()
    }

    /// The main procedure's version in force on `day`: the latest whose effective date is on
    /// or before it. What an organisation as a whole runs on (its calendar, roles, reminders).
    pub fn in_force(&self, org: &OrgId, day: Date) -> Option<&Loaded> {
        self.in_force_of(org, &ProcedureId::main(), day)
    }

    /// The version of procedure `id` in force on `day`.
    pub fn in_force_of(&self, org: &OrgId, id: &ProcedureId, day: Date) -> Option<&Loaded> {
        self.orgs
            .get(org)?
            .iter()
            .rev()
            .filter(|l| l.procedure.procedure.id == *id)
            .find(|l| l.procedure.procedure.effective_from <= day)
    }

    /// Each of the organisation's procedures in force on `day`, at its version in force, the
    /// main one first: what `choose_procedure` chooses from for feedback received that day.
    pub fn in_force_all(&self, org: &OrgId, day: Date) -> Vec<&Loaded> {
        self.ids(org)
            .into_iter()
            .filter_map(|id| self.in_force_of(org, id, day))
            .collect()
    }

    /// The ids of every procedure the organisation has loaded (at any version, in force or
    /// not), the main one first, then in order; more than one when it runs several.
    pub fn ids(&self, org: &OrgId) -> Vec<&ProcedureId> {
        let mut ids: Vec<&ProcedureId> = self
            .orgs
            .get(org)
            .into_iter()
            .flatten()
            .map(|l| &l.procedure.procedure.id)
            .collect();
        ids.sort_by_key(|id| (!id.is_main(), *id));
        ids.dedup();
        ids
    }

    /// The newest version of the organisation's procedure `id`, in force or not yet.
    pub fn latest_of(&self, org: &OrgId, id: &ProcedureId) -> Option<&Loaded> {
        self.orgs
            .get(org)?
            .iter()
            .rev()
            .find(|l| l.procedure.procedure.id == *id)
    }

    /// The main procedure's newest version, in force or not yet.
    pub fn latest(&self, org: &OrgId) -> Option<&Loaded> {
        self.orgs
            .get(org)?
            .iter()
            .rev()
            .find(|l| l.procedure.procedure.id.is_main())
    }

    /// A particular version.
    pub fn version(&self, org: &OrgId, version: &str) -> Option<&Loaded> {
        self.orgs
            .get(org)?
            .iter()
            .find(|l| l.procedure.procedure.version == version)
    }
}

/// The `*.toml` files in `dir`, by name, with their text.
fn read_dir(dir: &Path) -> Result<Vec<(std::path::PathBuf, String)>, String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read procedures directory {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok((path, text))
        })
        .collect()
}

/// Each line of `error` prefixed with the file it is about.
fn in_file(path: &Path, error: &str) -> String {
    error
        .lines()
        .map(|line| format!("{}:{line}", path.display()))
        .collect::<Vec<_>>()
        .join("\n")
}
