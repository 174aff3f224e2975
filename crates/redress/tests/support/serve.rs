//! Start-up shared by the tests that run `redress serve` as a process of its own (the crash
//! tests): the command with the caller's environment kept out, the wait for the server to say
//! it listens, and a free port.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// `redress` run in `dir`, with none of the `REDRESS_*` settings that would point it elsewhere
/// inherited from the environment the tests run in.
pub fn redress(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_redress"));
    command
        .current_dir(dir)
        .env_remove("REDRESS_DATABASE_URL")
        .env_remove("REDRESS_READ_DATABASE_URL")
        .env_remove("REDRESS_LISTEN")
        .env_remove("REDRESS_SMTP_URL")
        .env_remove("REDRESS_MAIL_FROM")
        .env_remove("REDRESS_PUBLIC_URL");
    command
}

/// Spawns `serve` (a [`redress`] command with its `serve` arguments) and returns once it says
/// it is listening; its further output is read and dropped so it never blocks on a full pipe.
pub fn start(mut serve: Command) -> Child {
    let mut child = serve
        .stdout(Stdio::piped())
        .spawn()
        .expect("redress serve starts");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    loop {
        let line = lines
            .next()
            .expect("serve printed its address")
            .expect("a line");
        if line.starts_with("redress is listening on") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    child
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}
