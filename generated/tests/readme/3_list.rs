{
use graph_education::models::{EducationUser, EducationUserFilter as F};
use graph_education::models::{EducationUserOrderBy, EducationUserProperty as P};
use graph_education::operations::ListEducationUsers;
use graph_education::paging::Page;
use graph_education::query::{Direction, Filter};
use graph_education::requests::Operation as _;

let active_maths = F::DEPARTMENT.eq("Maths").and(F::ACCOUNT_ENABLED.eq(true));
let named = F::SURNAME.eq("O'Neil").or(F::DISPLAY_NAME.starts_with("Ann"));
let request = ListEducationUsers::users()
    .filter(active_maths.and(named))   // (... or ...) where `and` needs it; 'O''Neil'
    .select([P::Id, P::DisplayName])
    .order_by(EducationUserOrderBy::DisplayName, Direction::Descending)
    .top(50)                           // also .count(true), .search("\"displayName:Ann\"")
    .build()?;
assert!(request.uri().query().unwrap().contains("%27O%27%27Neil%27"));
let _escape_hatch = Filter::<EducationUser>::raw("endsWith(mail, '@contoso.com')");

// The response: a page of users, the link to the next one, `@odata.count`, other annotations.
let body = br#"{"value": [{"id": "1"}], "@odata.nextLink": "https://graph.microsoft.com/v1.0/education/users?$skiptoken=2"}"#;
let page: Page<EducationUser> = ListEducationUsers::parse_response(body)?;
if let Some(link) = &page.next_link {
    // The next page's request: the link as given, the first request's headers, and never to
    // another host than the first request went to.
    let next = graph_education::paging::follow(link.as_str(), &request)?;
    assert_eq!(next.uri(), link.as_str());
}
}
