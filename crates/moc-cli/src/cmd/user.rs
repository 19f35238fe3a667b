//! `moc init`, `moc user …` and `moc token …`: a node's accounts.
//!
//! The command line is the node operator's: whoever can run it on the data
//! directory holds the party keys already. Without `--as`, account commands
//! act as that operator; with `--as`, the policy applies as it does over
//! HTTP (a party admin manages its own party's accounts only). Passwords
//! are never flags (they would show in `ps` and shell history): they come
//! from an environment variable, or are generated and printed once.

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use moc_domain::{PartyId, Role, UserId};
use moc_node::accounts::role_of;
use moc_node::{NewUser, Node, NodeOptions, Password, TokenScope};

use crate::Ctx;
use crate::cmd::node::{NodeArgs, print_table, runtime, trs, with_node};

/// The variable a new password is read from.
pub const PASSWORD_ENV: &str = "MOC_NEW_PASSWORD";

/// Flags of `moc init`.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// The new node's data directory.
    #[arg(long, env = "MOC_DATA", default_value = "moc-data")]
    data: PathBuf,
    /// The node's party code (`fama`, `cma`, `minusma`…): its signing key
    /// is generated here.
    #[arg(long)]
    party: String,
    /// The first administrator's account id.
    #[arg(long)]
    admin: Option<String>,
    /// A PostgreSQL URL (default: SQLite in the data directory).
    #[arg(long, env = "MOC_DATABASE_URL")]
    database_url: Option<String>,
}

/// `moc user …`.
#[derive(Subcommand, Debug)]
pub enum UserCmd {
    /// Creates an account.
    Add(UserAddArgs),
    /// Lists the accounts.
    List(UserListArgs),
    /// Disables an account: it can no longer sign in, its sessions end and
    /// its tokens are revoked.
    Disable(UserTargetArgs),
    /// Enables a disabled account again.
    Enable(UserTargetArgs),
    /// Sets an account's password.
    Password(UserTargetArgs),
}

/// Flags of `moc user add`.
#[derive(Args, Debug)]
pub struct UserAddArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The account id: a call sign or code, never a person's name.
    account: String,
    /// Its party.
    #[arg(long)]
    party: String,
    /// A role (party-admin, party-officer, vetting-officer,
    /// joint-commander, observer); repeat for several.
    #[arg(long = "role", required = true)]
    roles: Vec<String>,
    /// Create it without a password (tokens only).
    #[arg(long)]
    no_password: bool,
    /// Act as this account (default: the node's operator).
    #[arg(long = "as", env = "MOC_USER")]
    by: Option<String>,
}

/// Flags of `moc user list`.
#[derive(Args, Debug)]
pub struct UserListArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc user disable|enable|password`.
#[derive(Args, Debug)]
pub struct UserTargetArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The account.
    account: String,
    /// Act as this account (default: the node's operator).
    #[arg(long = "as", env = "MOC_USER")]
    by: Option<String>,
}

/// `moc token …`.
#[derive(Subcommand, Debug)]
pub enum TokenCmd {
    /// Issues an API token; it is printed once.
    Create(TokenCreateArgs),
    /// Lists an account's tokens (never their secrets).
    List(TokenListArgs),
    /// Revokes a token.
    Revoke(TokenRevokeArgs),
}

/// Flags of `moc token create`.
#[derive(Args, Debug)]
pub struct TokenCreateArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The account the token acts as.
    #[arg(long = "as", env = "MOC_USER")]
    by: String,
    /// `read` (a witness, a dashboard) or `act`.
    #[arg(long, default_value = "read")]
    scope: String,
    /// What the token is for.
    #[arg(long)]
    label: String,
}

/// Flags of `moc token list`.
#[derive(Args, Debug)]
pub struct TokenListArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The account.
    #[arg(long = "as", env = "MOC_USER")]
    by: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc token revoke`.
#[derive(Args, Debug)]
pub struct TokenRevokeArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The account.
    #[arg(long = "as", env = "MOC_USER")]
    by: String,
    /// The token's id (the part after `moc_`).
    id: String,
}

/// Prints a generated password, the one time it is shown, with the
/// variable that would have set it.
pub fn show_once(lang: moc_i18n::Lang, password: &Password, var: &str) {
    outln!(
        "{}",
        trs(
            lang,
            "user-password-once",
            &[
                ("password", password.reveal().to_owned()),
                ("var", var.to_owned())
            ]
        )
    );
}

/// A password from [`PASSWORD_ENV`] (or `var`), else a generated one;
/// `true` when generated (it must then be shown).
pub fn password_from(var: &str, lang: moc_i18n::Lang) -> anyhow::Result<(Password, bool)> {
    match std::env::var(var) {
        Ok(text) => Ok((
            Password::new(text)
                .with_context(|| trs(lang, "user-bad-password", &[("var", var.to_owned())]))?,
            false,
        )),
        Err(_) => Ok((Password::generate(), true)),
    }
}

fn roles(codes: &[String], lang: moc_i18n::Lang) -> anyhow::Result<BTreeSet<Role>> {
    codes
        .iter()
        .map(|c| {
            role_of(c).ok_or_else(|| {
                anyhow::anyhow!(trs(lang, "user-unknown-role", &[("role", c.clone())]))
            })
        })
        .collect()
}

/// `moc init`.
pub fn init(a: &InitArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let party = PartyId::new(&a.party).with_context(|| {
        trs(
            lang,
            "node-bad-flag",
            &[("flag", "--party".into()), ("why", a.party.clone())],
        )
    })?;
    let admin = a.admin.clone().unwrap_or_else(|| format!("{party}-admin"));
    let admin = UserId::new(&admin).with_context(|| {
        trs(
            lang,
            "node-bad-flag",
            &[("flag", "--admin".into()), ("why", admin.clone())],
        )
    })?;
    let (password, generated) = password_from("MOC_ADMIN_PASSWORD", lang)?;
    let (key, _) = moc_ledger::keys::generate(party.as_str(), &mut rand::rngs::OsRng)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Node::init(&a.data, party.as_str(), &[key])?;
    let options = NodeOptions {
        database_url: a.database_url.clone(),
        ..NodeOptions::default()
    };
    runtime()?.block_on(async {
        let node = Node::open(&a.data, options).await?;
        let added = node
            .add_users(
                None,
                vec![NewUser {
                    user: admin.clone(),
                    party: party.clone(),
                    roles: BTreeSet::from([Role::PartyAdmin]),
                    password: Some(password.clone()),
                }],
            )
            .await;
        node.close().await;
        added
    })?;
    outln!(
        "{}",
        trs(
            lang,
            "init-done",
            &[
                ("dir", a.data.display().to_string()),
                ("party", party.to_string()),
                ("user", admin.to_string()),
            ]
        )
    );
    if generated {
        show_once(lang, &password, "MOC_ADMIN_PASSWORD");
    }
    Ok(())
}

/// `moc user …`.
pub fn run(cmd: UserCmd, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    match cmd {
        UserCmd::Add(a) => with_node(&a.node, ctx, async |node| {
            let by = a.by.as_deref().map(|u| node.actor(u)).transpose()?;
            let user = UserId::new(&a.account)?;
            let party = PartyId::new(&a.party)?;
            let roles = roles(&a.roles, lang)?;
            let (password, generated) = if a.no_password {
                (None, false)
            } else {
                let (p, g) = password_from(PASSWORD_ENV, lang)?;
                (Some(p), g)
            };
            node.add_users(
                by.as_ref(),
                vec![NewUser {
                    user: user.clone(),
                    party,
                    roles,
                    password: password.clone(),
                }],
            )
            .await?;
            outln!("{}", trs(lang, "user-added", &[("user", user.to_string())]));
            if let (Some(p), true) = (password, generated) {
                show_once(lang, &p, PASSWORD_ENV);
            }
            Ok(())
        }),
        UserCmd::List(a) => with_node(&a.node, ctx, async |node| {
            let accounts = node.accounts();
            if a.json {
                let list: Vec<_> = accounts.iter().collect();
                outln!("{}", serde_json::to_string_pretty(&list)?);
                return Ok(());
            }
            let header = [
                "user-col-user",
                "user-col-party",
                "user-col-roles",
                "user-col-state",
            ];
            let rows: Vec<Vec<String>> = accounts
                .iter()
                .map(|acc| {
                    vec![
                        acc.user.to_string(),
                        acc.party.to_string(),
                        acc.roles
                            .iter()
                            .map(|r| r.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        trs(
                            lang,
                            if acc.disabled {
                                "user-disabled"
                            } else {
                                "user-enabled"
                            },
                            &[],
                        ),
                    ]
                })
                .collect();
            print_table(lang, &header, &rows);
            Ok(())
        }),
        UserCmd::Disable(a) => set_disabled(&a, true, ctx),
        UserCmd::Enable(a) => set_disabled(&a, false, ctx),
        UserCmd::Password(a) => with_node(&a.node, ctx, async |node| {
            let by = a.by.as_deref().map(|u| node.actor(u)).transpose()?;
            let (password, generated) = password_from(PASSWORD_ENV, lang)?;
            // Changing one's own password (`--as` oneself) needs the
            // current one, from MOC_CURRENT_PASSWORD.
            let current = std::env::var("MOC_CURRENT_PASSWORD").ok();
            node.set_password(
                by.as_ref(),
                &a.account,
                password.clone(),
                current.as_deref(),
            )
            .await?;
            outln!(
                "{}",
                trs(lang, "user-password-set", &[("user", a.account.clone())])
            );
            if generated {
                show_once(lang, &password, PASSWORD_ENV);
            }
            Ok(())
        }),
    }
}

fn set_disabled(a: &UserTargetArgs, disabled: bool, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    with_node(&a.node, ctx, async |node| {
        let by = a.by.as_deref().map(|u| node.actor(u)).transpose()?;
        node.set_disabled(by.as_ref(), &a.account, disabled).await?;
        let key = if disabled {
            "user-now-disabled"
        } else {
            "user-now-enabled"
        };
        outln!("{}", trs(lang, key, &[("user", a.account.clone())]));
        Ok(())
    })
}

/// `moc token …`.
pub fn token(cmd: TokenCmd, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    match cmd {
        TokenCmd::Create(a) => with_node(&a.node, ctx, async |node| {
            let actor = node.actor(&a.by)?;
            let Some(scope) = TokenScope::from_code(&a.scope) else {
                bail!(trs(lang, "token-bad-scope", &[("scope", a.scope.clone())]));
            };
            let issued = node.issue_token(&actor, scope, &a.label).await?;
            outln!(
                "{}",
                trs(lang, "token-created", &[("id", issued.id.clone())])
            );
            outln!("{}", issued.token);
            Ok(())
        }),
        TokenCmd::List(a) => with_node(&a.node, ctx, async |node| {
            let actor = node.actor(&a.by)?;
            let list = node.tokens(&actor).await?;
            if a.json {
                outln!("{}", serde_json::to_string_pretty(&list)?);
                return Ok(());
            }
            let header = [
                "token-col-id",
                "token-col-scope",
                "token-col-label",
                "token-col-state",
            ];
            let rows: Vec<Vec<String>> = list
                .into_iter()
                .map(|t| {
                    let state = if t.revoked_at.is_some() {
                        "token-revoked"
                    } else {
                        "token-live"
                    };
                    vec![t.id, t.scope, t.label, trs(lang, state, &[])]
                })
                .collect();
            print_table(lang, &header, &rows);
            Ok(())
        }),
        TokenCmd::Revoke(a) => with_node(&a.node, ctx, async |node| {
            let actor = node.actor(&a.by)?;
            node.revoke_token(&actor, &a.id).await?;
            outln!(
                "{}",
                trs(lang, "token-now-revoked", &[("id", a.id.clone())])
            );
            Ok(())
        }),
    }
}
