//! Lists the enabled users of a department, a few properties each, page by page:
//! `GRAPH_TOKEN=... cargo run -p graph-education --features client --example list_users --
//! <department>`. `GRAPH_ROOT=http://127.0.0.1:8080` sends the requests there instead (a
//! proxy, or a test server).

use std::error::Error;
use std::io::Write;
use std::pin::pin;

use futures_util::StreamExt as _;
use graph_education::client::{AccessToken, Client};
use graph_education::models::{
    EducationUserFilter as F, EducationUserOrderBy, EducationUserProperty as P,
};
use graph_education::operations::ListEducationUsers;
use graph_education::query::Direction;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let Some(department) = std::env::args().nth(1) else {
        return Err("usage: list_users <department>".into());
    };
    let mut client = Client::new(AccessToken::new(std::env::var("GRAPH_TOKEN")?))?;
    if let Ok(root) = std::env::var("GRAPH_ROOT") {
        client = client.root(root.parse()?);
    }
    let count = list(&client, &department, &mut std::io::stdout().lock()).await?;
    eprintln!("{count} users");
    Ok(())
}

/// Writes one line per user, `id<TAB>displayName<TAB>userPrincipalName`, after a line per
/// page; returns how many users there were.
pub async fn list(
    client: &Client<AccessToken>,
    department: &str,
    out: &mut impl Write,
) -> Result<usize, Box<dyn Error>> {
    let list = ListEducationUsers::users()
        // `'` in a department is quoted as OData wants: no injection, no escaping by hand.
        .filter(
            F::DEPARTMENT
                .eq(department)
                .and(F::ACCOUNT_ENABLED.eq(true)),
        )
        .select([P::Id, P::DisplayName, P::UserPrincipalName])
        .order_by(EducationUserOrderBy::DisplayName, Direction::Ascending)
        .top(100);
    let mut pages = pin!(client.pages(list));
    let mut count = 0;
    let mut number = 0;
    while let Some(page) = pages.next().await {
        let page = page?;
        number += 1;
        writeln!(out, "page {number}: {} users", page.value.len())?;
        for user in &page.value {
            let text =
                |field: &graph_education::Field<String>| field.value().cloned().unwrap_or_default();
            writeln!(
                out,
                "{}\t{}\t{}",
                text(&user.id),
                text(&user.display_name),
                text(&user.user_principal_name)
            )?;
            count += 1;
        }
    }
    Ok(count)
}
