//! `baitech serve`: the HTTP API.

use baitech::app::App;
use baitech::config::Config;
use baitech::error::{Error, exit};
use clap::Args;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Listen address [env: BAITECH_ADDR, PORT; default 127.0.0.1:5000]
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<std::net::SocketAddr>,
    /// Skip creating indexes at start-up in development.
    #[arg(long)]
    pub no_indexes: bool,
}

pub async fn run(args: ServeArgs, mut config: Config) -> Result<i32, Error> {
    if let Some(addr) = args.addr {
        config.addr = addr;
    }
    let addr = config.addr;
    tracing::info!(env = config.env.as_str(), store = %config.store_label(), "starting");
    let app = App::connect(config).await?;
    if app.config.env != baitech::config::Environment::Production && !args.no_indexes {
        app.store.admin.ensure_indexes(false).await?;
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Error::BadRequest(format!("cannot listen on {addr}: {e}")))?;
    tracing::info!(addr = %listener.local_addr().map(|a| a.to_string()).unwrap_or_default(), "listening");
    // Jobs start once the server can take requests and stop after it drained them.
    let jobs = app
        .config
        .jobs
        .enabled
        .then(|| baitech::services::jobs::spawn(app.clone()));
    // The notifier subscribes before the first request can publish anything.
    let notifier = baitech::services::notifications::spawn(app.clone()).await?;
    let outbox = baitech::services::notifications::outbox::spawn(app.clone());
    let served = baitech::api::serve(app, listener, baitech::api::shutdown_signal()).await;
    notifier.stop().await;
    outbox.stop().await;
    if let Some(jobs) = jobs {
        jobs.stop().await;
    }
    served?;
    tracing::info!("stopped");
    Ok(exit::OK)
}
