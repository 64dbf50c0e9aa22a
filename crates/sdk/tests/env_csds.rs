//! `LPM_CSDS_URL` points connections without a `csds_url` at the local platform; a builder's
//! `csds_url` wins over it. (One test in this binary: it sets the process environment.)

mod common;

use common::Env;
use lp_messaging_sdk::{CSDS_URL_ENV, Connection, UserType};

#[tokio::test]
async fn environment_variable_and_builder_override() {
    let env = Env::start().await;
    // SAFETY: the only test of this binary; nothing else reads the environment concurrently.
    unsafe { std::env::set_var(CSDS_URL_ENV, env.csds()) };
    let consumer = Connection::builder(&env.account, UserType::Consumer)
        .no_proxy()
        .build()
        .expect("options");
    consumer.open().await.expect("found through LPM_CSDS_URL");

    // SAFETY: as above.
    unsafe { std::env::set_var(CSDS_URL_ENV, "http://127.0.0.1:1") };
    let consumer = Connection::builder(&env.account, UserType::Consumer)
        .csds_url(env.csds())
        .no_proxy()
        .build()
        .expect("options");
    consumer.open().await.expect("the builder's URL wins");
}
