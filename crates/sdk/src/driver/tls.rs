//! TLS: rustls with the Mozilla root store plus any roots the user added; verification is
//! always on.

use std::sync::{Arc, OnceLock};

use rustls::ClientConfig;
use rustls::pki_types::CertificateDer;

/// Extra trusted roots of one connection.
pub(crate) type Roots = Arc<Vec<CertificateDer<'static>>>;

fn build(extra: &[CertificateDer<'static>]) -> Result<Arc<ClientConfig>, String> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for c in extra {
        roots
            .add(c.clone())
            .map_err(|e| format!("unusable root certificate: {e}"))?;
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map(|b| Arc::new(b.with_root_certificates(roots).with_no_client_auth()))
        .map_err(|e| format!("TLS set-up failed: {e}"))
}

/// The client configuration for a connection with these extra roots (the shared default
/// when there are none).
pub(crate) fn config(extra: &[CertificateDer<'static>]) -> Result<Arc<ClientConfig>, String> {
    if !extra.is_empty() {
        return build(extra);
    }
    static DEFAULT: OnceLock<Result<Arc<ClientConfig>, String>> = OnceLock::new();
    DEFAULT.get_or_init(|| build(&[])).clone()
}

/// Parses every certificate of a PEM text.
pub(crate) fn parse_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    use rustls::pki_types::pem::PemObject;
    let certs: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(pem).collect();
    match certs {
        Ok(c) if !c.is_empty() => Ok(c),
        Ok(_) => Err("no certificate in the PEM text".into()),
        Err(e) => Err(format!("bad PEM certificate: {e}")),
    }
}

/// `true` when `e` (or an error it wraps) is rustls refusing the server's certificate. Such a
/// failure is reported as permanent: retrying cannot make the certificate valid.
pub(crate) fn is_certificate_error(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(err) = next {
        if let Some(r) = err.downcast_ref::<rustls::Error>() {
            return matches!(
                r,
                rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented
            );
        }
        // io::Error hides its inner error from `source()`
        if let Some(inner) = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            if is_certificate_error(inner) {
                return true;
            }
        }
        next = err.source();
    }
    false
}
