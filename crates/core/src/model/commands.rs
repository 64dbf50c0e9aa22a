//! Domain commands (filled in below).
