//! A real IMAP server for the tests: Debian's dovecot (package `dovecot-imapd`, installed by
//! `.ci/run`) with a configuration of its own in a temporary directory — one passwd-file user,
//! a maildir under the directory, plain IMAP on a random loopback port. The login process runs
//! as `dovenull` and mail as `nobody` (dovecot refuses mail as uid 0). Stopped when dropped.

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running dovecot.
pub struct Dovecot {
    child: Child,
    /// The loopback port it listens on.
    pub port: u16,
    _dir: tempfile::TempDir,
}

/// The test mailbox's user and password.
pub const USER: &str = "redress";
/// Its password.
pub const PASSWORD: &str = "mail-in-secret";

fn id(flag: &str, name: &str) -> String {
    let output = Command::new("id")
        .args([flag, name])
        .output()
        .expect("`id` runs");
    assert!(output.status.success(), "no user `{name}` on this machine");
    String::from_utf8(output.stdout)
        .expect("id prints digits")
        .trim()
        .to_owned()
}

fn chown_nobody(path: &Path) {
    let owner = format!("{}:{}", id("-u", "nobody"), id("-g", "nobody"));
    let status = Command::new("chown")
        .args(["-R", &owner, &path.display().to_string()])
        .status()
        .expect("chown runs");
    assert!(status.success(), "chown {}", path.display());
}

impl Dovecot {
    /// Starts dovecot and waits until it answers on its port.
    pub async fn start() -> Dovecot {
        let binary = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"]
            .into_iter()
            .find(|path| Path::new(path).exists())
            .expect("dovecot is not installed: apt-get install dovecot-imapd (.ci/run does)");
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        let home = dir.path().join("home");
        std::fs::create_dir_all(home.join(USER)).expect("home");
        chown_nobody(&home);
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let passwd = dir.path().join("passwd");
        std::fs::write(&passwd, format!("{USER}:{{PLAIN}}{PASSWORD}::::::\n")).expect("passwd");
        let (uid, gid) = (id("-u", "nobody"), id("-g", "nobody"));
        let root = dir.path().display();
        let config = format!(
            r#"
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={home}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
}}
"#,
            passwd = passwd.display(),
            home = home.display(),
        );
        let config_path = dir.path().join("dovecot.conf");
        std::fs::write(&config_path, config).expect("config");
        let child = Command::new(binary)
            .args(["-F", "-c", &config_path.display().to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("dovecot starts");
        let mut dovecot = Dovecot {
            child,
            port,
            _dir: dir,
        };
        dovecot.wait_ready().await;
        dovecot
    }

    /// Waits for the server's greeting (a process starting, not time passing: gives up after
    /// 20 s).
    async fn wait_ready(&mut self) {
        for _ in 0..400 {
            if let Some(status) = self.child.try_wait().expect("dovecot's status") {
                let log = std::fs::read_to_string(self._dir.path().join("dovecot.log"))
                    .unwrap_or_default();
                panic!("dovecot exited with {status}:\n{log}");
            }
            if let Ok(stream) = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await {
                let mut client = async_imap::Client::new(stream);
                if client.read_response().await.is_ok() {
                    return;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("dovecot did not answer on port {}", self.port);
    }

    /// The `imap_url` for the test mailbox.
    pub fn url(&self) -> String {
        format!("imap://{USER}:{PASSWORD}@127.0.0.1:{}/INBOX", self.port)
    }

    async fn session(&self) -> async_imap::Session<tokio::net::TcpStream> {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", self.port))
            .await
            .expect("connects");
        let mut client = async_imap::Client::new(stream);
        client.read_response().await.expect("greeting");
        client
            .login(USER, PASSWORD)
            .await
            .map_err(|(error, _)| error)
            .expect("logs in")
    }

    /// Delivers a message into a mailbox (IMAP APPEND), as a mail server would, arriving at
    /// `arrived` (IMAP's INTERNALDATE, e.g. `01-Dec-2026 09:15:00 +0000`).
    pub async fn deliver(&self, mailbox: &str, message: &[u8], arrived: &str) {
        let mut session = self.session().await;
        let _ = session.create(mailbox).await;
        let internal_date = format!("\"{arrived}\"");
        session
            .append(mailbox, None, Some(&internal_date), message)
            .await
            .expect("appended");
        session.logout().await.expect("logs out");
    }

    /// How many messages a mailbox holds (0 when it does not exist).
    pub async fn count(&self, mailbox: &str) -> usize {
        let mut session = self.session().await;
        let count = match session.select(mailbox).await {
            Ok(selected) => selected.exists as usize,
            Err(_) => 0,
        };
        session.logout().await.expect("logs out");
        count
    }
}

impl Drop for Dovecot {
    /// SIGTERM, so the master stops its login and imap processes too (SIGKILL would orphan
    /// them).
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}
