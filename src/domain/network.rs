//! Who a request came from, behind reverse proxies: the proxies an
//! operator trusts (`TRUSTED_PROXIES`) may say in `Forwarded` or
//! `X-Forwarded-For` whom they forward for; anyone else's say-so is
//! ignored, so a client cannot pick the address its login attempts are
//! counted against.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// An address or a CIDR range of them, e.g. `10.0.0.0/8` or `::1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Whether `ip` is in the range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for IpRange {
    type Err = String;

    fn from_str(text: &str) -> Result<IpRange, String> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let network = canonical(
            addr.parse::<IpAddr>()
                .map_err(|_| format!("{text:?} is not an IP address or a CIDR range"))?,
        );
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{text:?}: the prefix length must be 0 to {max}"))?,
        };
        Ok(IpRange { network, prefix })
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// An IPv4 address written as IPv6 (`::ffff:a.b.c.d`) is the IPv4 one.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// An address as a header writes it: `1.2.3.4`, `1.2.3.4:5678`,
/// `2001:db8::1`, `[2001:db8::1]:4711`, possibly quoted.
fn header_ip(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok().map(canonical);
    }
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    let (host, _port) = text.rsplit_once(':')?;
    host.parse().ok().map(canonical)
}

/// The addresses a `Forwarded` header (RFC 7239) names with `for=`, in order.
fn forwarded_for(header: &str) -> Vec<Option<IpAddr>> {
    header
        .split(',')
        .map(|element| {
            element.split(';').find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| header_ip(value))
                    .flatten()
            })
        })
        .collect()
}

/// The client's address: the peer's, unless the peer is a trusted proxy;
/// then the nearest address in the forwarding chain that is not a trusted
/// proxy itself (`Forwarded` if sent, else `X-Forwarded-For`). A chain
/// that cannot be read gives the peer.
pub fn client_ip(
    peer: IpAddr,
    forwarded: Option<&str>,
    x_forwarded_for: Option<&str>,
    trusted: &[IpRange],
) -> IpAddr {
    let peer = canonical(peer);
    let is_trusted = |ip: IpAddr| trusted.iter().any(|r| r.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let chain: Vec<Option<IpAddr>> = match (forwarded, x_forwarded_for) {
        (Some(f), _) if !f.trim().is_empty() => forwarded_for(f),
        (_, Some(x)) => x.split(',').map(header_ip).collect(),
        _ => return peer,
    };
    let mut client = peer;
    for hop in chain.into_iter().rev() {
        match hop {
            Some(ip) => {
                client = ip;
                if !is_trusted(ip) {
                    return ip;
                }
            }
            // An unreadable entry: believe nothing further out.
            None => return client,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(list: &[&str]) -> Vec<IpRange> {
        list.iter().map(|r| r.parse().unwrap()).collect()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn ranges_parse_and_contain() {
        let r: IpRange = "10.0.0.0/8".parse().unwrap();
        assert!(r.contains(ip("10.1.2.3")) && !r.contains(ip("11.0.0.1")));
        assert!(r.contains(ip("::ffff:10.9.9.9")));
        let v6: IpRange = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        let one: IpRange = "127.0.0.1".parse().unwrap();
        assert!(one.contains(ip("127.0.0.1")) && !one.contains(ip("127.0.0.2")));
        assert!(
            "0.0.0.0/0"
                .parse::<IpRange>()
                .unwrap()
                .contains(ip("8.8.8.8"))
        );
        assert!("10.0.0.0/33".parse::<IpRange>().is_err());
        assert!("proxy.example.org".parse::<IpRange>().is_err());
    }

    #[test]
    fn only_a_trusted_proxy_is_believed() {
        let trusted = ranges(&["127.0.0.1", "10.0.0.0/8"]);
        // Straight from the internet: its header is ignored.
        assert_eq!(
            client_ip(ip("203.0.113.9"), None, Some("1.2.3.4"), &trusted),
            ip("203.0.113.9")
        );
        // Through the proxy: the client it names.
        assert_eq!(
            client_ip(ip("127.0.0.1"), None, Some("198.51.100.7"), &trusted),
            ip("198.51.100.7")
        );
        // A client that sends its own X-Forwarded-For cannot hide behind it:
        // the proxy appends the real address, the nearest untrusted one wins.
        assert_eq!(
            client_ip(
                ip("127.0.0.1"),
                None,
                Some("6.6.6.6, 198.51.100.7, 10.1.1.1"),
                &trusted
            ),
            ip("198.51.100.7")
        );
        // RFC 7239, with IPv6 and ports.
        assert_eq!(
            client_ip(
                ip("10.0.0.5"),
                Some(r#"for=192.0.2.43, for="[2001:db8:cafe::17]:4711""#),
                Some("9.9.9.9"),
                &trusted
            ),
            ip("2001:db8:cafe::17")
        );
        // Garbage in the chain: the last address believed.
        assert_eq!(
            client_ip(ip("127.0.0.1"), None, Some("not an address"), &trusted),
            ip("127.0.0.1")
        );
        // No trusted proxies configured: always the peer.
        assert_eq!(
            client_ip(ip("127.0.0.1"), None, Some("198.51.100.7"), &[]),
            ip("127.0.0.1")
        );
    }
}
