{
use graph_education::models::EducationUser;
use graph_education::operations::DeltaEducationUsers;
use graph_education::paging::{DeltaItem, DeltaLink, DeltaPage};
use graph_education::requests::Operation as _;

let body = br#"{"value": [{"id": "1", "department": "Art"}, {"id": "2", "@removed": {"reason": "deleted"}}],
    "@odata.deltaLink": "https://graph.microsoft.com/v1.0/education/users/delta?$deltatoken=Y"}"#;
let page: DeltaPage<EducationUser> = DeltaEducationUsers::parse_response(body)?;
for item in &page.value {
    match item {
        DeltaItem::Changed(user) => println!("{:?} changed", user.id.value()),
        DeltaItem::Removed(removal) => println!("{} removed ({:?})", removal.id, removal.reason),
    }
}
let stored = serde_json::to_string(&page.delta_link)?;          // keep it in a file
let link: Option<DeltaLink> = serde_json::from_str(&stored)?;   // after a restart
let next_round = DeltaEducationUsers::from_link(link.unwrap()).build()?;
assert!(next_round.uri().query().unwrap().contains("deltatoken"));
}
