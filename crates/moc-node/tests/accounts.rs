//! Accounts on a real node: sign-in, tokens, disabling, and who may manage
//! whose accounts.

use moc_domain::{PartyId, Role, UserId};
use moc_ledger::keys;
use moc_node::{NewUser, Node, NodeError, NodeOptions, Password, TokenScope};

fn new_user(id: &str, party: &str, roles: &[Role], password: Option<&str>) -> NewUser {
    NewUser {
        user: UserId::new(id).unwrap(),
        party: PartyId::new(party).unwrap(),
        roles: roles.iter().copied().collect(),
        password: password.map(|p| Password::new(p).unwrap()),
    }
}

async fn node() -> (tempfile::TempDir, std::sync::Arc<Node>) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("node");
    let mut rng = rand::rngs::OsRng;
    let keys: Vec<_> = ["cma", "fama"]
        .iter()
        .map(|p| keys::generate(p, &mut rng).unwrap().0)
        .collect();
    Node::init(&data, "cma", &keys).unwrap();
    let node = Node::open(&data, NodeOptions::default()).await.unwrap();
    node.add_users(
        None,
        vec![
            new_user(
                "cma-admin",
                "cma",
                &[Role::PartyAdmin],
                Some("cma admin password"),
            ),
            new_user(
                "cma-officer",
                "cma",
                &[Role::PartyOfficer],
                Some("cma officer password"),
            ),
            new_user(
                "fama-admin",
                "fama",
                &[Role::PartyAdmin],
                Some("fama admin password"),
            ),
        ],
    )
    .await
    .unwrap();
    (dir, node)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_refuses_alike_whatever_is_wrong() {
    let (_dir, node) = node().await;
    let actor = node
        .sign_in("cma-officer", "cma officer password")
        .await
        .unwrap();
    assert_eq!(actor.party.as_str(), "cma");
    assert!(actor.has(Role::PartyOfficer));
    for (user, password) in [
        ("cma-officer", "cma officer passwore"),
        ("nobody", "cma officer password"),
        ("Not A User Id", "x"),
        ("cma-officer", ""),
    ] {
        let e = node.sign_in(user, password).await.unwrap_err();
        assert!(matches!(e, NodeError::BadCredentials), "{user}: {e}");
    }
    node.set_disabled(None, "cma-officer", true).await.unwrap();
    assert!(matches!(
        node.sign_in("cma-officer", "cma officer password").await,
        Err(NodeError::BadCredentials)
    ));
    assert!(matches!(
        node.actor("cma-officer"),
        Err(NodeError::AccountDisabled(_))
    ));
    node.set_disabled(None, "cma-officer", false).await.unwrap();
    node.sign_in("cma-officer", "cma officer password")
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn party_admins_manage_their_own_party_only() {
    let (_dir, node) = node().await;
    let cma_admin = node.actor("cma-admin").unwrap();
    let officer = node.actor("cma-officer").unwrap();
    // A CMA admin adds a CMA vetting officer…
    node.add_users(
        Some(&cma_admin),
        vec![new_user(
            "cma-vetting",
            "cma",
            &[Role::VettingOfficer],
            None,
        )],
    )
    .await
    .unwrap();
    assert_eq!(node.actor("cma-vetting").unwrap().party.as_str(), "cma");
    // …but not a FAMa account, and cannot disable one.
    let e = node
        .add_users(
            Some(&cma_admin),
            vec![new_user("fama-x", "fama", &[Role::PartyOfficer], None)],
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("cannot act for fama"), "{e}");
    assert!(
        node.set_disabled(Some(&cma_admin), "fama-admin", true)
            .await
            .is_err()
    );
    // An admin gives its party's roles, not the mechanism's or the
    // mission's, and cannot take over an account that holds them.
    for role in [Role::JointCommander, Role::Observer] {
        let e = node
            .add_users(
                Some(&cma_admin),
                vec![new_user("cma-boss", "cma", &[role], None)],
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("operator"), "{e}");
    }
    node.add_users(
        None,
        vec![new_user(
            "cma-commander",
            "cma",
            &[Role::JointCommander],
            Some("commander password"),
        )],
    )
    .await
    .unwrap();
    for attempt in [
        node.set_password(
            Some(&cma_admin),
            "cma-commander",
            Password::new("admin takes over").unwrap(),
            None,
        )
        .await,
        node.set_disabled(Some(&cma_admin), "cma-commander", true)
            .await,
    ] {
        assert!(attempt.is_err());
    }
    node.sign_in("cma-commander", "commander password")
        .await
        .unwrap();
    // An officer manages no account, but changes its own password, given
    // the current one.
    assert!(
        node.set_disabled(Some(&officer), "cma-vetting", true)
            .await
            .is_err()
    );
    for current in [None, Some("not the current one")] {
        let e = node
            .set_password(
                Some(&officer),
                "cma-officer",
                Password::new("a brand new password").unwrap(),
                current,
            )
            .await
            .unwrap_err();
        assert!(matches!(e, NodeError::BadCredentials), "{e}");
    }
    node.set_password(
        Some(&officer),
        "cma-officer",
        Password::new("a brand new password").unwrap(),
        Some("cma officer password"),
    )
    .await
    .unwrap();
    node.sign_in("cma-officer", "a brand new password")
        .await
        .unwrap();
    assert!(
        node.set_password(
            Some(&officer),
            "cma-admin",
            Password::new("taking over admin").unwrap(),
            None
        )
        .await
        .is_err()
    );
    // Taken ids, accounts with no role, parties without a key here.
    let bad = [
        new_user("cma-admin", "cma", &[Role::PartyOfficer], None),
        new_user("cma-empty", "cma", &[], None),
        new_user("gatia-1", "gatia", &[Role::PartyOfficer], None),
    ];
    for u in bad {
        let id = u.user.as_str().to_owned();
        assert!(node.add_users(None, vec![u]).await.is_err(), "{id}");
        if id != "cma-admin" {
            assert!(node.actor(&id).is_err(), "{id} was added");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_work_until_revoked_and_are_stored_hashed() {
    let (dir, node) = node().await;
    let officer = node.actor("cma-officer").unwrap();
    let issued = node
        .issue_token(&officer, TokenScope::Read, "witness")
        .await
        .unwrap();
    let (actor, scope) = node.token_actor(&issued.token).await.unwrap();
    assert_eq!(
        (actor.user.as_str(), scope),
        ("cma-officer", TokenScope::Read)
    );
    // A changed secret, someone else's id: refused alike.
    let mut forged = issued.token.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    assert!(matches!(
        node.token_actor(&forged).await,
        Err(NodeError::BadCredentials)
    ));
    assert!(matches!(
        node.token_actor("moc_nope").await,
        Err(NodeError::BadCredentials)
    ));
    // The database holds neither the token nor its secret.
    node.close().await;
    let secret = issued.token.rsplit('_').next().unwrap();
    for entry in std::fs::read_dir(dir.path().join("node")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{}",
                path.display()
            );
        }
    }
    let node = Node::open(&dir.path().join("node"), NodeOptions::default())
        .await
        .unwrap();
    node.token_actor(&issued.token).await.unwrap();
    // Someone else cannot revoke it; its owner can.
    let admin = node.actor("cma-admin").unwrap();
    assert!(node.revoke_token(&admin, &issued.id).await.is_err());
    let listed = node.tokens(&officer).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].label, "witness");
    node.revoke_token(&officer, &issued.id).await.unwrap();
    assert!(matches!(
        node.token_actor(&issued.token).await,
        Err(NodeError::BadCredentials)
    ));
    // Disabling an account revokes its tokens.
    let t2 = node
        .issue_token(&officer, TokenScope::Act, "script")
        .await
        .unwrap();
    node.set_disabled(None, "cma-officer", true).await.unwrap();
    node.set_disabled(None, "cma-officer", false).await.unwrap();
    assert!(matches!(
        node.token_actor(&t2.token).await,
        Err(NodeError::BadCredentials)
    ));
}
