{
use std::pin::pin;

use futures_util::TryStreamExt as _;             // any stream library's `try_next` will do
use graph_education::client::{AccessToken, Client, ClientError, DeltaSync};
use graph_education::models::EducationUserFilter as F;
use graph_education::operations::{DeltaEducationUsers, ListEducationUsers};

async fn roster(client: &Client<AccessToken>) -> Result<(), ClientError> {
    let list = ListEducationUsers::users().filter(F::USER_TYPE.eq("Member")).top(100);
    let mut users = pin!(client.items(list));
    while let Some(user) = users.try_next().await? {
        println!("{:?}", user.display_name.value());
    }
    match client.delta(DeltaEducationUsers::users()).await? {
        DeltaSync::Round(round) => println!("{} changes; resume from {}", round.items.len(), round.delta_link),
        DeltaSync::Restart(why) => println!("start over: {why}"),
    }
    Ok(())
}
}
