//! The HTTP load client: public submissions at a fixed concurrency, and timed reads of one page
//! or API path. Latencies are measured per request from send to the whole body read.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::quantile;

/// Public submissions each loopback address sends at most (the server allows 10 a minute).
const PER_ADDRESS: usize = 10;

const ORGS: &[&str] = &[
    "leeds-pps",
    "kings-park-pp",
    "pips-stockport",
    "sendiass-staffordshire",
    "tfc-sunderland",
];

fn summary(mut latencies: Vec<f64>, errors: usize, seconds: f64) -> Value {
    latencies.sort_by(f64::total_cmp);
    json!({
        "requests": latencies.len() + errors,
        "errors": errors,
        "seconds": (seconds * 100.0).round() / 100.0,
        "per_second": ((latencies.len() as f64) / seconds).round(),
        "p50_ms": quantile(&latencies, 0.50),
        "p99_ms": quantile(&latencies, 0.99),
        "max_ms": quantile(&latencies, 1.0),
    })
}

pub async fn submit(
    base: &str,
    requests: usize,
    concurrency: usize,
    octet: u8,
    tracking_out: Option<&str>,
) -> anyhow::Result<()> {
    let links = Arc::new(Mutex::new(Vec::new()));
    let addresses = requests.div_ceil(PER_ADDRESS);
    let clients: Vec<reqwest::Client> = (0..addresses)
        .map(|index| {
            let address = Ipv4Addr::new(
                127,
                octet.wrapping_add((index / 250) as u8),
                0,
                (index % 250) as u8 + 1,
            );
            reqwest::Client::builder()
                .local_address(IpAddr::V4(address))
                .build()
        })
        .collect::<Result<_, _>>()?;
    let clients = Arc::new(clients);
    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(requests)));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (clients, next, errors, latencies, links) = (
                clients.clone(),
                next.clone(),
                errors.clone(),
                latencies.clone(),
                links.clone(),
            );
            let base = base.to_owned();
            tokio::spawn(async move {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= requests {
                        break;
                    }
                    let org = ORGS[index % ORGS.len()];
                    let body = json!({
                        "kind": "complaint",
                        "channel": "web",
                        "complainant": { "name": "A Parent", "email": format!("load{index}@example.org") },
                        "what_happened": format!("Load test complaint {index}: the adviser did not return my calls about the annual review, three times in a month."),
                        "outcome_wanted": "A call back."
                    });
                    let client = &clients[index / PER_ADDRESS];
                    let sent = Instant::now();
                    let response = client
                        .post(format!("{base}/api/v1/orgs/{org}/feedback"))
                        .json(&body)
                        .send()
                        .await;
                    let ok = match response {
                        Ok(response) => {
                            let status = response.status();
                            let text = response.text().await.unwrap_or_default();
                            if !status.is_success() && errors.load(Ordering::Relaxed) < 3 {
                                eprintln!("{status}: {text}");
                            }
                            let link = serde_json::from_str::<Value>(&text).ok().and_then(|v| {
                                v["tracking_url"].as_str().map(str::to_owned)
                            });
                            if let Some(link) = link {
                                links.lock().await.push(link);
                            }
                            status.is_success()
                        }
                        Err(error) => {
                            eprintln!("{error}");
                            false
                        }
                    };
                    if ok {
                        latencies.lock().await.push(sent.elapsed().as_secs_f64() * 1000.0);
                    } else {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let latencies = latencies.lock().await.clone();
    if let Some(file) = tracking_out {
        // The links' paths, for `read --path {track}`.
        let paths: Vec<String> = links
            .lock()
            .await
            .iter()
            .filter_map(|link| link.find("/track").map(|at| link[at..].to_owned()))
            .collect();
        std::fs::write(file, paths.join("\n"))?;
    }
    println!(
        "{}",
        summary(latencies, errors.load(Ordering::Relaxed), seconds)
    );
    Ok(())
}

/// The session cookie of `bench`, signed in through the login form.
async fn sign_in(client: &reqwest::Client, base: &str) -> anyhow::Result<String> {
    let form = client.get(format!("{base}/staff/login")).send().await?;
    let mut cookies: Vec<String> = form
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .map(str::to_owned)
        .collect();
    let html = form.text().await?;
    let marker = "name=\"csrf\" value=\"";
    let start = html
        .find(marker)
        .ok_or_else(|| anyhow::anyhow!("no CSRF field"))?
        + marker.len();
    let csrf = html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned();
    let signed = client
        .post(format!("{base}/staff/login"))
        .header(reqwest::header::COOKIE, cookies.join("; "))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "bench"),
            ("password", "bench-password-123"),
            ("next", "/staff"),
        ])
        .send()
        .await?;
    cookies.extend(
        signed
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter_map(|value| value.split(';').next())
            .map(str::to_owned),
    );
    anyhow::ensure!(
        signed.status().is_redirection(),
        "sign-in failed: {}",
        signed.status()
    );
    Ok(cookies.join("; "))
}

pub async fn read(
    base: &str,
    path: &str,
    token: &str,
    requests: usize,
    concurrency: usize,
    tracking: Option<&str>,
) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let cookie = if path.starts_with("/staff") {
        Some(sign_in(&client, base).await?)
    } else {
        None
    };
    let page: Value = client
        .get(format!("{base}/api/v1/cases?limit=200"))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?;
    let references: Vec<String> = page["cases"]
        .as_array()
        .map(|cases| {
            cases
                .iter()
                .filter_map(|c| c["reference"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let links: Vec<String> = match tracking {
        Some(file) => std::fs::read_to_string(file)?
            .lines()
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    };
    let paths: Vec<String> = (0..requests)
        .map(|index| {
            let mut path = path.to_owned();
            if let Some(reference) = references.get(index % references.len().max(1)) {
                path = path.replace("{ref}", reference);
            }
            if let Some(link) = links.get(index % links.len().max(1)) {
                path = path.replace("{track}", link);
            }
            path
        })
        .collect();
    let paths = Arc::new(paths);
    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(requests)));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, paths, next, errors, latencies, cookie) = (
                client.clone(),
                paths.clone(),
                next.clone(),
                errors.clone(),
                latencies.clone(),
                cookie.clone(),
            );
            let (base, token) = (base.to_owned(), token.to_owned());
            tokio::spawn(async move {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(index) else { break };
                    let mut request = client.get(format!("{base}{path}"));
                    request = match &cookie {
                        Some(cookie) => request.header(reqwest::header::COOKIE, cookie),
                        None => request.bearer_auth(&token),
                    };
                    let sent = Instant::now();
                    let ok = match request.send().await {
                        Ok(response) => {
                            let status = response.status();
                            let _ = response.bytes().await;
                            status.is_success()
                        }
                        Err(_) => false,
                    };
                    if ok {
                        latencies
                            .lock()
                            .await
                            .push(sent.elapsed().as_secs_f64() * 1000.0);
                    } else {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let latencies = latencies.lock().await.clone();
    println!(
        "{}",
        summary(latencies, errors.load(Ordering::Relaxed), seconds)
    );
    Ok(())
}
