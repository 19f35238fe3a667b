//! `moc demo`, `moc serve` and `moc reindex`: running a node.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use moc_domain::demo::DemoConfig;
use moc_i18n::Lang;
use moc_node::Node;

use crate::Ctx;
use crate::cmd::node::{NodeArgs, runtime, trs, with_node};
use crate::cmd::user::{password_from, show_once};

/// Flags of `moc demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// The demo's data directory (created with the demo; reused if it
    /// already holds one).
    #[arg(long, env = "MOC_DATA", default_value = ".moc-demo")]
    data: PathBuf,
    /// A PostgreSQL URL for the projections (default: SQLite in the data
    /// directory).
    #[arg(long, env = "MOC_DATABASE_URL")]
    database_url: Option<String>,
    /// The address to serve on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Create the demo and stop, without serving it.
    #[arg(long)]
    no_serve: bool,
}

/// Flags of `moc serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The address to serve on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
}

/// Flags of `moc reindex`.
#[derive(Args, Debug)]
pub struct ReindexArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// `moc demo`.
pub fn demo(a: &DemoArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let options = NodeArgs {
        data: a.data.clone(),
        database_url: a.database_url.clone(),
    }
    .options();
    // One password for every demo account: from the environment, or made
    // here and shown once, when the demo is created.
    let (password, generated) = password_from("MOC_DEMO_PASSWORD", lang)?;
    runtime()?.block_on(async {
        let (node, report) =
            moc_node::demo::open_or_create(&a.data, options, &DemoConfig::default(), &password)
                .await
                .with_context(|| {
                    trs(
                        lang,
                        "demo-failed",
                        &[("dir", a.data.display().to_string())],
                    )
                })?;
        let key = if report.reused {
            "demo-reused"
        } else {
            "demo-created"
        };
        outln!(
            "{}",
            trs(
                lang,
                key,
                &[
                    ("dir", a.data.display().to_string()),
                    ("members", report.members.to_string()),
                    ("events", report.events.to_string()),
                    ("seconds", format!("{:.1}", report.elapsed.as_secs_f64())),
                ]
            )
        );
        if !report.reused {
            let mut users: Vec<String> = node
                .accounts()
                .iter()
                .map(|acc| acc.user.to_string())
                .collect();
            users.sort();
            outln!(
                "{}",
                trs(lang, "demo-accounts", &[("users", users.join(", "))])
            );
            if generated {
                show_once(lang, &password, "MOC_DEMO_PASSWORD");
            }
        }
        let out = if a.no_serve {
            Ok(())
        } else {
            serve_node(Arc::clone(&node), a.listen, lang).await
        };
        node.close().await;
        out
    })
}

/// `moc serve`.
pub fn serve(a: &ServeArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    with_node(&a.node, ctx, async |node| {
        serve_node(node, a.listen, lang).await
    })
}

async fn serve_node(node: Arc<Node>, listen: SocketAddr, lang: Lang) -> anyhow::Result<()> {
    init_tracing();
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| trs(lang, "serve-bind-failed", &[("addr", listen.to_string())]))?;
    let addr = listener.local_addr()?;
    outln!(
        "{}",
        trs(
            lang,
            "serve-listening",
            &[("url", format!("http://{addr}/"))]
        )
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    moc_server::serve(node, listener, shutdown).await?;
    Ok(())
}

/// Request logs to standard error (`RUST_LOG` filters; `info` by default).
/// They hold method, path, status and time: never bodies or personal data.
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// `moc reindex`.
pub fn reindex(a: &ReindexArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    with_node(&a.node, ctx, async |node| {
        let report = node.reindex().await?;
        if a.json {
            outln!(
                "{}",
                serde_json::json!({"rows": report.rows, "identical": report.identical})
            );
        } else {
            let key = if report.identical {
                "reindex-identical"
            } else {
                "reindex-changed"
            };
            outln!("{}", trs(lang, key, &[("rows", report.rows.to_string())]));
        }
        Ok(())
    })
}
