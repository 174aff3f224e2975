//! Who is asking: the client's address and whether it came over TLS, believing the forwarded
//! headers (`X-Forwarded-For`, `X-Forwarded-Proto`) only when the TCP peer is one of the
//! configured `trusted_proxies`. Anyone else could write those headers themselves.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::extract::ConnectInfo;
use axum::http::HeaderMap;
use axum::http::request::Parts;

/// One address or network, `192.0.2.7`, `10.0.0.0/8` or `fd00::/8`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network: IpAddr = address
            .parse()
            .map_err(|_| format!("{text:?} is not an IP address or network (CIDR)"))?;
        let most = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => most,
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= most)
                .ok_or_else(|| format!("{text:?} has a prefix length outside 0-{most}"))?,
        };
        Ok(Cidr { network, prefix })
    }
}

impl Cidr {
    /// Whether `address` is inside this network (an IPv4-mapped IPv6 address counts as IPv4).
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, address) {
            (IpAddr::V4(net), IpAddr::V4(a)) => {
                prefix_equal(&net.octets(), &a.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(a)) => {
                prefix_equal(&net.octets(), &a.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

fn prefix_equal(a: &[u8], b: &[u8], bits: u8) -> bool {
    let bits = usize::from(bits);
    let whole = bits / 8;
    if a[..whole] != b[..whole] {
        return false;
    }
    let rest = bits % 8;
    rest == 0 || {
        let mask = 0xff_u8 << (8 - rest);
        a[whole] & mask == b[whole] & mask
    }
}

/// The reverse proxies whose forwarded headers are believed. Empty (the default): none, and
/// the client is the TCP peer.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// These networks.
    pub fn new(networks: Vec<Cidr>) -> TrustedProxies {
        TrustedProxies(networks)
    }

    /// Parses a comma-separated list (`127.0.0.1, 10.0.0.0/8`), naming the first bad entry.
    pub fn parse_list(list: &str) -> Result<TrustedProxies, String> {
        list.split(',')
            .filter(|part| !part.trim().is_empty())
            .map(Cidr::from_str)
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(address))
    }

    /// The client's address. From a trusted peer, the right-most `X-Forwarded-For` hop that is
    /// not itself a trusted proxy (hops further left were written by whoever connected to the
    /// proxy, so cannot be believed); otherwise the peer itself.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer?;
        if !self.trusts(peer) {
            return Some(peer);
        }
        let hops: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|hop| hop.trim().parse::<IpAddr>())
            .collect::<Result<_, _>>()
            // A hop we cannot read: stop believing the header at all.
            .unwrap_or_default();
        Some(
            hops.into_iter()
                .rev()
                .find(|hop| !self.trusts(*hop))
                .unwrap_or(peer),
        )
    }

    /// Whether the browser's request came over TLS: only a trusted proxy can say so, in
    /// `X-Forwarded-Proto: https` (redress itself serves plain HTTP).
    pub fn over_tls(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> bool {
        peer.is_some_and(|peer| self.trusts(peer))
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
    }
}

/// The TCP peer of a request, when the server was started with connection info.
pub fn peer(parts_extensions: &axum::http::Extensions) -> Option<IpAddr> {
    parts_extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

/// The layer that gives each request's work its client address, for the audit log's "from
/// where" (`redress_app::audit::with_client`): every entry the request causes says it.
pub async fn audit_scope(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let client = state
        .trusted_proxies
        .client(peer(request.extensions()), request.headers())
        .map(|address| address.to_string());
    redress_app::audit::with_client(client, next.run(request)).await
}

/// The client address of a request's parts, under `trusted`.
pub fn client_of(parts: &Parts, trusted: &TrustedProxies) -> Option<IpAddr> {
    trusted.client(peer(&parts.extensions), &parts.headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().expect("valid header"));
        }
        map
    }

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().expect("an address"))
    }

    #[test]
    fn networks_contain_what_their_prefix_covers() {
        let cases = [
            ("10.0.0.0/8", "10.255.1.2", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("192.168.1.128/25", "192.168.1.200", true),
            ("192.168.1.128/25", "192.168.1.100", false),
            ("127.0.0.1", "127.0.0.1", true),
            ("127.0.0.1", "::ffff:127.0.0.1", true),
            ("fd00::/8", "fd12::1", true),
            ("fd00::/8", "fe80::1", false),
            ("0.0.0.0/0", "8.8.8.8", true),
        ];
        for (net, address, inside) in cases {
            let net: Cidr = net.parse().expect("a network");
            assert_eq!(
                net.contains(address.parse().expect("ip")),
                inside,
                "{net:?} {address}"
            );
        }
        for bad in ["10.0.0.0/33", "example.org", "::/129", "1.2.3.4/x"] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_headers_count_only_from_a_trusted_peer() {
        let trusted = TrustedProxies::parse_list("127.0.0.1, 10.0.0.0/8").expect("valid");
        let forwarded = headers(&[
            ("x-forwarded-for", "6.6.6.6, 203.0.113.9"),
            ("x-forwarded-for", "10.1.1.1"),
            ("x-forwarded-proto", "https"),
        ]);
        // Right-most untrusted hop: 10.1.1.1 is another proxy; 6.6.6.6 was written by the client.
        assert_eq!(
            trusted.client(ip("127.0.0.1"), &forwarded),
            ip("203.0.113.9")
        );
        assert!(trusted.over_tls(ip("127.0.0.1"), &forwarded));
        assert_eq!(
            trusted.client(ip("198.51.100.4"), &forwarded),
            ip("198.51.100.4")
        );
        assert!(!trusted.over_tls(ip("198.51.100.4"), &forwarded));
        assert_eq!(
            TrustedProxies::default().client(ip("127.0.0.1"), &forwarded),
            ip("127.0.0.1")
        );
        let garbled = headers(&[("x-forwarded-for", "203.0.113.9, not-an-ip")]);
        assert_eq!(trusted.client(ip("127.0.0.1"), &garbled), ip("127.0.0.1"));
        assert_eq!(
            trusted.client(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
    }
}
