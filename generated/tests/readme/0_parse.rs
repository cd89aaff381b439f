{
use graph_education::models::EducationUser;

let response_body = br#"{"id": "13020", "displayName": "Ann Ng", "addedLater": true}"#;
let user: EducationUser = graph_education::from_json(response_body)?; // or from_json_str(&text)
if let Some(name) = user.display_name.value() {
    println!("{name}");
}
}
