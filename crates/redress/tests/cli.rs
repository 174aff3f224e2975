//! The `redress` binary as a newcomer runs it: the README's examples, `serve` from an empty
//! directory, graceful shutdown on SIGTERM, and nothing acknowledged lost across `kill -9`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

fn redress(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_redress"));
    command
        .current_dir(dir)
        .env_remove("REDRESS_DATABASE_URL")
        .env_remove("REDRESS_LISTEN");
    command
}

fn procedures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../procedures")
}

#[test]
fn calendar_add_counts_across_christmas() {
    let output = redress(Path::new("."))
        .args([
            "calendar",
            "add",
            "--region",
            "england-and-wales",
            "2026-12-23",
            "3",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "2026-12-30\n");
}

#[test]
fn procedure_check_passes_the_shipped_files_and_points_at_the_line_of_a_broken_one() {
    let files: Vec<_> = std::fs::read_dir(procedures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let output = redress(Path::new("."))
        .arg("procedure")
        .arg("check")
        .args(&files)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(procedures().join("leeds-pps.toml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim() == "role = \"coordinator\"")
        .unwrap()
        + 1;
    let broken = dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        text.replacen("role = \"coordinator\"", "role = \"co-ordinator\"", 1),
    )
    .unwrap();
    let output = redress(dir.path())
        .args(["procedure", "check"])
        .arg(&broken)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains(&format!("broken.toml:{line}:")), "{stderr}");
    assert!(stderr.contains("unknown role `co-ordinator`"), "{stderr}");
}

#[test]
fn procedure_check_refuses_a_zero_or_absurd_duration_naming_its_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(procedures().join("leeds-pps.toml")).unwrap();
    for (find, replace, says) in [
        (
            "within = \"3 working days\"",
            "within = \"0 working days\"",
            "stage[0].acknowledge.within: 0 working days is no time at all",
        ),
        (
            "within = \"15 working days\"",
            "within = \"999999 working days\"",
            "stage[0].respond.within: 999999 working days is longer than redress accepts",
        ),
    ] {
        let line = text.lines().position(|l| l.trim() == find).unwrap() + 1;
        let broken = dir.path().join("durations.toml");
        std::fs::write(&broken, text.replacen(find, replace, 1)).unwrap();
        let output = redress(dir.path())
            .args(["procedure", "check"])
            .arg(&broken)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{replace} was accepted");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(&format!("durations.toml:{line}:")),
            "{stderr}"
        );
        assert!(stderr.contains(says), "{stderr}");
    }
}

/// Starts `redress serve` on a free port in `dir`; returns the process and its address.
#[test]
fn case_simulate_runs_a_seed_scenario_and_exits_non_zero_when_an_expectation_is_not_met() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scenario =
        root.join("crates/redress-core/tests/scenarios/leeds/easter-saturday-web-form.toml");
    let output = redress(Path::new("."))
        .args(["case", "simulate"])
        .arg(&scenario)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(r#""says":"response-due""#) && stdout.contains(r#""by":"2027-04-20""#),
        "{stdout}"
    );

    // The same scenario with the response a day late by hand: the officer is told where and why.
    let dir = tempfile::tempdir().unwrap();
    let wrong = std::fs::read_to_string(&scenario)
        .unwrap()
        .replace("due = \"2027-04-20\"", "due = \"2027-04-21\"");
    let wrong_path = dir.path().join("wrong.toml");
    std::fs::write(&wrong_path, wrong).unwrap();
    let output = redress(dir.path())
        .args(["case", "simulate", "wrong.toml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "wrong.toml: step 1 (receive at 2027-03-27 23:45): expected the response clock of stage-1 as of 2027-03-27 23:45 due 2027-04-21, found response of stage-1 due 2027-04-20"
        ),
        "{stdout}"
    );
}

fn serve(dir: &Path) -> (Child, String) {
    let (child, address, _) = serve_printing(dir);
    (child, address)
}

/// Starts `redress serve` in `dir`; also returns what it printed before listening.
fn serve_printing(dir: &Path) -> (Child, String, Vec<String>) {
    let mut printed = Vec::new();
    let mut child = redress(dir)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("redress is listening on http://") {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
        printed.push(line);
    };
    std::thread::spawn(move || for _ in lines {});
    (child, address, printed)
}

/// The `name=value` of each cookie a response sets.
fn cookies_set(response: &str) -> Vec<String> {
    response
        .lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie")
                .then(|| value.trim().split(';').next().unwrap_or("").to_owned())
        })
        .collect()
}

/// Signs in through the sign-in form and answers where `GET /staff` then sends the browser:
/// its status line and `Location`.
fn staff_home_after_sign_in(address: &str, username: &str, password: &str) -> (String, String) {
    let form = http(
        address,
        "GET /staff/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let login_cookie = cookies_set(&form).join("; ");
    let csrf = form
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the sign-in form has a CSRF token")
        .to_owned();
    let body = format!("username={username}&password={password}&csrf={csrf}");
    let signed_in = http(
        address,
        &format!(
            "POST /staff/login HTTP/1.1\r\nHost: x\r\nCookie: {login_cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(signed_in.starts_with("HTTP/1.1 303"), "{signed_in}");
    let session = cookies_set(&signed_in)
        .into_iter()
        .find(|c| c.starts_with("redress_session=") && c.len() > "redress_session=".len())
        .expect("signing in sets the session cookie");
    let home = http(
        address,
        &format!(
            "GET /staff HTTP/1.1\r\nHost: x\r\nCookie: {session}\r\nConnection: close\r\n\r\n"
        ),
    );
    let status = home.lines().next().unwrap_or("").to_owned();
    let location = home
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("location")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_default();
    (status, location)
}

#[test]
fn the_first_admins_printed_password_and_a_temporary_one_must_be_changed_at_the_next_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, address, printed) = serve_printing(dir.path());
    let password = printed
        .iter()
        .find_map(|line| line.trim().strip_prefix("password: "))
        .unwrap_or_else(|| panic!("the first start printed a password: {printed:?}"))
        .to_owned();
    assert!(
        printed
            .iter()
            .any(|line| line.contains("must be changed at the first sign-in")),
        "{printed:?}"
    );
    assert_eq!(
        staff_home_after_sign_in(&address, "admin", &password),
        (
            "HTTP/1.1 303 See Other".to_owned(),
            "/staff/password".to_owned()
        ),
        "the first admin is sent to change the printed password"
    );

    let set_password = |temporary: bool| {
        let mut command = redress(dir.path());
        command.args(["user", "password", "olive"]);
        if temporary {
            command.arg("--temporary");
        }
        let mut child = command.stdin(Stdio::piped()).spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"a-good-long-password\n")
            .unwrap();
        assert!(child.wait().unwrap().success());
    };
    let added = redress(dir.path())
        .args([
            "user",
            "add",
            "olive",
            "--org",
            "leeds-pps",
            "--role",
            "feedback-officer",
        ])
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    set_password(false);
    assert_eq!(
        staff_home_after_sign_in(&address, "olive", "a-good-long-password").0,
        "HTTP/1.1 200 OK",
        "a password an administrator set without --temporary is kept"
    );
    set_password(true);
    assert_eq!(
        staff_home_after_sign_in(&address, "olive", "a-good-long-password"),
        (
            "HTTP/1.1 303 See Other".to_owned(),
            "/staff/password".to_owned()
        ),
        "--temporary: changed at the next sign-in"
    );
    server.kill().unwrap();
    server.wait().unwrap();
}

fn http(address: &str, request: &str) -> String {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

fn submit(address: &str) -> String {
    let body = r#"{"kind":"complaint","channel":"web","complainant":{"name":"A Parent"},"what_happened":"No call back."}"#;
    http(
        address,
        &format!(
            "POST /api/v1/orgs/leeds-pps/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

#[test]
fn serve_starts_with_no_configuration_stops_on_sigterm_and_keeps_what_it_acknowledged_across_kill_9()
 {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, address) = serve(dir.path());
    assert!(
        dir.path().join("redress.db").exists(),
        "serve created ./redress.db"
    );
    assert!(
        http(
            &address,
            "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .starts_with("HTTP/1.1 200")
    );
    let answer = submit(&address);
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(answer.contains("LPP-"), "{answer}");

    // kill -9 straight after the 201: the complaint must still be there.
    server.kill().unwrap();
    server.wait().unwrap();
    let (mut server, address) = serve(dir.path());
    let token = redress(dir.path())
        .args(["token", "create", "--user", "admin"])
        .output()
        .unwrap();
    assert!(token.status.success());
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();
    let list = http(
        &address,
        &format!(
            "GET /api/v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(list.contains("\"reference\":\"LPP-"), "{list}");

    // SIGTERM: a graceful stop, exit code 0.
    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(server.wait().unwrap().success());
}

#[test]
fn config_prints_resolved_values_with_the_password_hidden() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("redress.toml"),
        "listen = \"127.0.0.1:9999\"\n",
    )
    .unwrap();
    let output = redress(dir.path())
        .arg("config")
        .env(
            "REDRESS_DATABASE_URL",
            "postgres://app:s3cret@db.internal/redress",
        )
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("postgres://app:****@db.internal/redress"),
        "{text}"
    );
    assert!(!text.contains("s3cret"));
    assert!(
        text.contains("listen = \"127.0.0.1:9999\"    # file"),
        "{text}"
    );
}

#[test]
fn export_and_backup_carry_the_attachments_and_import_restores_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, address) = serve(dir.path());
    let answer = submit(&address);
    let reference = answer
        .split("\"reference\":\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a reference")
        .to_owned();
    let token = redress(dir.path())
        .args(["token", "create", "--user", "admin"])
        .output()
        .unwrap();
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();
    let content = "Notes of the call, in plain text.\n";
    let body = format!(
        "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"call.txt\"\r\nContent-Type: text/plain\r\n\r\n{content}\r\n--b0undary--\r\n"
    );
    let uploaded = http(
        &address,
        &format!(
            "POST /api/v1/cases/{reference}/attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: multipart/form-data; boundary=b0undary\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(uploaded.starts_with("HTTP/1.1 201"), "{uploaded}");
    let sha = uploaded
        .split("\"sha256\":\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let stored = dir.path().join("files").join(&sha[..2]).join(&sha[2..]);
    assert_eq!(std::fs::read_to_string(&stored).unwrap(), content);
    server.kill().unwrap();
    server.wait().unwrap();

    let backup = redress(dir.path())
        .args(["backup", "copy.db"])
        .output()
        .unwrap();
    assert!(backup.status.success(), "{backup:?}");
    let copied = dir
        .path()
        .join("copy.db.files")
        .join(&sha[..2])
        .join(&sha[2..]);
    assert_eq!(std::fs::read_to_string(copied).unwrap(), content);

    let export = redress(dir.path())
        .args(["export", "--org", "leeds-pps", "--output", "leeds.jsonl"])
        .output()
        .unwrap();
    assert!(export.status.success(), "{export:?}");
    let lines = std::fs::read_to_string(dir.path().join("leeds.jsonl")).unwrap();
    assert!(
        lines
            .lines()
            .any(|l| l.starts_with("{\"file\":") && l.contains(&sha))
    );

    let other = tempfile::tempdir().unwrap();
    let import = redress(other.path())
        .arg("import")
        .arg(dir.path().join("leeds.jsonl"))
        .output()
        .unwrap();
    assert!(import.status.success(), "{import:?}");
    let restored = other.path().join("files").join(&sha[..2]).join(&sha[2..]);
    assert_eq!(std::fs::read_to_string(restored).unwrap(), content);

    // A file whose content does not match its digest is refused.
    let tampered = lines.replace(&sha, &"0".repeat(64));
    std::fs::write(other.path().join("tampered.jsonl"), tampered).unwrap();
    let third = tempfile::tempdir().unwrap();
    let import = redress(third.path())
        .arg("import")
        .arg(other.path().join("tampered.jsonl"))
        .output()
        .unwrap();
    assert!(!import.status.success());
    assert!(
        String::from_utf8_lossy(&import.stderr).contains("does not match its SHA-256"),
        "{import:?}"
    );
}

/// The references in an export, in order, once each.
fn exported_references(lines: &str) -> Vec<String> {
    let mut references: Vec<String> = lines
        .lines()
        .filter_map(|l| l.split("\"reference\":\"").nth(1))
        .filter_map(|r| r.split('"').next())
        .map(str::to_owned)
        .collect();
    references.dedup();
    references
}

#[test]
fn import_streams_a_file_in_batches_each_whole_and_says_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, address) = serve(dir.path());
    for _ in 0..5 {
        assert!(submit(&address).starts_with("HTTP/1.1 201"));
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let export = redress(dir.path())
        .args(["export", "--org", "leeds-pps", "--output", "leeds.jsonl"])
        .output()
        .unwrap();
    assert!(export.status.success(), "{export:?}");
    let lines = std::fs::read_to_string(dir.path().join("leeds.jsonl")).unwrap();
    let references = exported_references(&lines);
    assert_eq!(references.len(), 5);
    // The third case alone first, so the file's second batch of two meets it.
    let third: String = lines
        .lines()
        .filter(|l| l.contains(&format!("\"reference\":\"{}\"", references[2])))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("third.jsonl"), third).unwrap();
    let other = tempfile::tempdir().unwrap();
    let import = redress(other.path())
        .arg("import")
        .arg(dir.path().join("third.jsonl"))
        .output()
        .unwrap();
    assert!(import.status.success(), "{import:?}");
    assert_eq!(
        String::from_utf8_lossy(&import.stdout),
        "imported 1 case(s)\n"
    );

    let import = redress(other.path())
        .args(["import", "--batch-cases", "2"])
        .arg(dir.path().join("leeds.jsonl"))
        .output()
        .unwrap();
    assert!(!import.status.success());
    let stderr = String::from_utf8_lossy(&import.stderr);
    let batch_line = lines
        .lines()
        .position(|l| l.contains(&format!("\"reference\":\"{}\"", references[2])))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!(
            "the batch from line {batch_line} was not imported (2 case(s) before it were)"
        )) && stderr.contains(&format!("case {} already exists", references[2])),
        "{stderr}"
    );
    let export = redress(other.path())
        .args(["export", "--org", "leeds-pps"])
        .output()
        .unwrap();
    assert!(export.status.success(), "{export:?}");
    let mut expected = vec![
        references[0].clone(),
        references[1].clone(),
        references[2].clone(),
    ];
    expected.sort();
    assert_eq!(
        exported_references(&String::from_utf8_lossy(&export.stdout)),
        expected,
        "the first batch and the case there before; nothing of the refused batch (the fourth case)"
    );
}

/// `redress report` in every format over a database `serve` filled, and its bad input named by
/// flag with a non-zero exit.
#[test]
fn report_writes_json_csv_html_and_pdf_and_names_the_flag_at_fault() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, address) = serve(dir.path());
    for _ in 0..2 {
        let answer = submit(&address);
        assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    }
    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(server.wait().unwrap().success());

    // Whatever today is, this period holds it.
    let period = "2000-01-01..2100-12-31";
    let report = |format: &str| {
        let output = redress(dir.path())
            .args([
                "report",
                "--org",
                "leeds-pps",
                "--period",
                period,
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    };
    let json: serde_json::Value = serde_json::from_slice(&report("json")).unwrap();
    assert_eq!(json["current"]["received"], 2);
    assert_eq!(json["current"]["complaints"], 2);
    assert_eq!(json["period"]["label"], period);
    let csv = String::from_utf8(report("csv")).unwrap();
    assert!(
        csv.starts_with(&format!("\u{feff}Section,Figure,{period},")),
        "{csv}"
    );
    assert!(
        csv.contains("What was received,Cases received,2,0\r\n"),
        "{csv}"
    );
    assert!(!csv.contains("A Parent") && !csv.contains("LPP-"));
    let html = String::from_utf8(report("html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("role=\"img\"") && html.contains("<table"));
    let file = dir.path().join("report.pdf");
    let output = redress(dir.path())
        .args([
            "report",
            "--org",
            "leeds-pps",
            "--period",
            "2026",
            "--format",
            "pdf",
            "--output",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF-"));

    for (args, says) in [
        (
            [
                "--org",
                "leeds-pps",
                "--period",
                "2026-Q5",
                "--format",
                "json",
            ],
            "--period: `2026-Q5` is not a period",
        ),
        (
            [
                "--org",
                "no-such-org",
                "--period",
                "2026",
                "--format",
                "json",
            ],
            "--org: no organisation `no-such-org`",
        ),
        (
            ["--org", "Leeds PPS", "--period", "2026", "--format", "json"],
            "--org: ",
        ),
        (
            ["--org", "leeds-pps", "--period", "2026", "--format", "xlsx"],
            "--format: `xlsx` is not a report format",
        ),
    ] {
        let output = redress(dir.path())
            .arg("report")
            .args(args)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    // One procedure's report: Leeds runs one, `main`; another is named at its flag.
    let output = redress(dir.path())
        .args([
            "report",
            "--org",
            "leeds-pps",
            "--period",
            period,
            "--procedure",
            "main",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["current"]["received"], 2);
    assert_eq!(json["procedure"]["id"], "main");
    let output = redress(dir.path())
        .args([
            "assess",
            "--org",
            "leeds-pps",
            "--against",
            "lgsco-2026",
            "--period",
            "2026",
            "--procedure",
            "housing",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("--procedure: `leeds-pps` has no procedure `housing`; its procedures: main"),
        "{output:?}"
    );
    let output = redress(dir.path())
        .args([
            "report",
            "--org",
            "leeds-pps",
            "--period",
            "2026",
            "--procedure",
            "housing",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("--procedure: `leeds-pps` has no procedure `housing`"),
        "{output:?}"
    );
    // An existing file is never overwritten.
    let output = redress(dir.path())
        .args([
            "report",
            "--org",
            "leeds-pps",
            "--period",
            "2026",
            "--format",
            "pdf",
            "--output",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--output"));
}
