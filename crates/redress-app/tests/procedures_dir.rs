//! A procedures directory adds to the five shipped procedures: a new organisation's file is
//! added beside them, and a file with a shipped organisation's id and version replaces that one.

use redress_app::procedures::Procedures;
use redress_core::ids::OrgId;

const SHIPPED_LEEDS: &str = include_str!("../../../procedures/leeds-pps.toml");
const HOUSING: &str = include_str!("../../redress-core/tests/fixtures/housing-council.toml");

fn org(id: &str) -> OrgId {
    OrgId::parse(id).unwrap()
}

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_new_organisations_file_is_added_beside_the_shipped_five() {
    let dir = dir_with(&[("housing.toml", HOUSING)]);
    let procedures = Procedures::shipped_and_dir(dir.path()).unwrap();
    let orgs: Vec<String> = procedures.orgs().map(|o| o.to_string()).collect();
    assert_eq!(orgs.len(), 6, "{orgs:?}");
    assert!(procedures.latest(&org("example-council-housing")).is_some());
    assert!(procedures.latest(&org("leeds-pps")).is_some());
}

#[test]
fn a_file_with_a_shipped_organisation_and_version_replaces_it_and_a_new_version_is_added() {
    let reworded = SHIPPED_LEEDS.replacen("title = \"", "title = \"Revised: ", 1);
    assert_ne!(reworded, SHIPPED_LEEDS);
    let next = reworded
        .replacen("version = \"1\"", "version = \"2\"", 1)
        .replacen(
            "effective_from = \"2024-01-01\"",
            "effective_from = \"2027-01-01\"",
            1,
        );
    assert_ne!(next, reworded, "the version and date were changed");
    let dir = dir_with(&[("leeds.toml", &reworded), ("leeds-2.toml", &next)]);
    let procedures = Procedures::shipped_and_dir(dir.path()).unwrap();
    let leeds = org("leeds-pps");
    assert_eq!(procedures.version(&leeds, "1").unwrap().text, reworded);
    assert_eq!(
        procedures
            .latest(&leeds)
            .unwrap()
            .procedure
            .procedure
            .version,
        "2"
    );
    assert_eq!(procedures.orgs().count(), 5);
}

#[test]
fn two_files_of_the_directory_with_one_version_are_still_an_error_naming_the_file() {
    let other = HOUSING.replacen("title = \"", "title = \"Other ", 1);
    let dir = dir_with(&[("a.toml", HOUSING), ("b.toml", &other)]);
    let error = Procedures::shipped_and_dir(dir.path()).unwrap_err();
    assert!(error.contains("b.toml"), "{error}");
    assert!(error.contains("loaded twice"), "{error}");
}

#[test]
fn an_invalid_file_is_refused_naming_it() {
    let dir = dir_with(&[("broken.toml", "[procedure]\ntitle = 1\n")]);
    let error = Procedures::shipped_and_dir(dir.path()).unwrap_err();
    assert!(error.contains("broken.toml"), "{error}");
}
