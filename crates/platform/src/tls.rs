//! A self-signed certificate for `localhost` and `127.0.0.1`, written to a PEM file that clients
//! can trust (`NODE_EXTRA_CA_CERTS=<file>` for Node.js).

use crate::server::StartError;
use axum_server::tls_rustls::RustlsConfig;
use std::path::Path;

/// Generates a certificate, writes it to `cert_path` and returns the server's TLS config.
pub async fn self_signed(cert_path: &Path) -> Result<RustlsConfig, StartError> {
    // When another crate in the same build enables rustls' `ring` feature too (reqwest in the
    // tests does), rustls cannot pick a provider by itself and the TLS accept task panics.
    // Choose aws-lc-rs, the one axum-server brings; an already installed provider is kept.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let names = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    let certified =
        rcgen::generate_simple_self_signed(names).map_err(|e| StartError::Tls(e.to_string()))?;
    let cert_pem = certified.cert.pem();
    let key_pem = certified.signing_key.serialize_pem();
    std::fs::write(cert_path, &cert_pem)
        .map_err(|e| StartError::Tls(format!("cannot write {}: {e}", cert_path.display())))?;
    RustlsConfig::from_pem(cert_pem.into_bytes(), key_pem.into_bytes())
        .await
        .map_err(|e| StartError::Tls(e.to_string()))
}
