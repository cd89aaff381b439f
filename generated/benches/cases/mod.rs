//! What the benchmarks measure, shared by `codecs` (divan, each function on its own) and
//! `paired` (a baseline and the generated code timed in alternation): a realistic response,
//! plain `serde` mirrors of it as baselines, and each operation measured, as a function.

#![allow(dead_code, reason = "each benchmark uses some of the cases")]

use std::hint::black_box;
use std::sync::LazyLock;

use graph_education::batch::{Batch, BatchRequest, Handle};
use graph_education::models::{ContactRelationship, EducationUser, RelatedContact};
use graph_education::operations::{UpdateEducationUser, UpdateRelatedContacts};
use graph_education::paging::Page;
use graph_education::requests::{ApiVersion, Cloud};
use graph_education::{Field, from_json_str};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub const RESPONSE: &str = r##"{
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#education/users/$entity",
  "@odata.type": "#microsoft.graph.educationUser",
  "@odata.etag": "W/\"JzEtRWR1Y2F0aW9uVXNlciAgQEBAQEBAQEBAQEBAQEBAQEBAQEBQ==\"",
  "id": "f6ab2a7c-b5b2-4a3c-9a41-0b3fa4bcd8c3",
  "accountEnabled": true,
  "businessPhones": ["+1 425 555 0109"],
  "createdBy": {"user": {"displayName": "Susana Rocha", "id": "14012"}},
  "department": "Mathematics",
  "displayName": "Rogelio Cazares",
  "externalSource": "sis",
  "givenName": "Rogelio",
  "mail": "rogelioC@contoso.com",
  "mailingAddress": {"city": "Los Angeles", "countryOrRegion": "United States", "postalCode": "98055", "state": "CA", "street": "12345 Main St."},
  "mailNickname": "rogelioC",
  "middleName": "Fernando",
  "mobilePhone": "+1 (253) 555-0101",
  "preferredLanguage": "en-US",
  "primaryRole": "student",
  "residenceAddress": {"city": "Los Angeles", "countryOrRegion": "United States", "postalCode": "98055", "state": "CA", "street": "12345 Main St."},
  "student": {"birthDate": "2001-01-01", "externalId": "13005", "gender": "male", "grade": "10", "graduationYear": "2027", "studentNumber": "13005"},
  "surname": "Cazares",
  "usageLocation": "US",
  "userPrincipalName": "rogelioC@contoso.com",
  "userType": "Member",
  "onPremisesSyncEnabled": true,
  "employeeHireDate": "2023-08-28T00:00:00Z"
}"##;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainUser {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    business_phones: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_by: Option<PlainIdentitySet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    given_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mailing_address: Option<PlainAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mail_nickname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    middle_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mobile_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    preferred_language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    primary_role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    residence_address: Option<PlainAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    student: Option<PlainStudent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    surname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    usage_location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_principal_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_type: Option<String>,
}

#[derive(Deserialize)]
pub struct FlattenUser {
    #[serde(flatten)]
    _known: PlainUser,
    #[serde(flatten)]
    _unknown: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize, Deserialize)]
pub struct PlainIdentitySet {
    user: Option<PlainIdentity>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainIdentity {
    display_name: Option<String>,
    id: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainAddress {
    city: Option<String>,
    country_or_region: Option<String>,
    postal_code: Option<String>,
    state: Option<String>,
    street: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainStudent {
    birth_date: Option<String>,
    external_id: Option<String>,
    gender: Option<String>,
    grade: Option<String>,
    graduation_year: Option<String>,
    student_number: Option<String>,
}

/// A page of a list: 100 users (`RESPONSE` each, without its `@odata.context`), the page's
/// context and a next link, about 140 KB.
pub static PAGE: LazyLock<String> = LazyLock::new(|| {
    let user = RESPONSE.replacen(
        r#""@odata.context": "https://graph.microsoft.com/v1.0/$metadata#education/users/$entity","#,
        "",
        1,
    );
    let users = vec![user; 100].join(",");
    format!(
        r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#education/users",
            "value": [{users}],
            "@odata.nextLink": "https://graph.microsoft.com/v1.0/education/users?$skiptoken=X"}}"#
    )
});

/// The page as a plain derive reads it.
#[derive(Deserialize)]
pub struct PlainPage {
    pub value: Vec<PlainUser>,
    #[serde(rename = "@odata.nextLink")]
    pub next_link: Option<String>,
}

pub fn parse_page_plain() -> PlainPage {
    serde_json::from_str(black_box(&PAGE)).expect("parses")
}

pub fn parse_page_generated() -> Page<EducationUser> {
    from_json_str(black_box(&PAGE)).expect("parses")
}

/// The users of the batch benchmarks.
const BATCH_USERS: usize = 1_000;

fn roster_update(index: usize) -> UpdateEducationUser<'static> {
    UpdateEducationUser::users(index.to_string())
        .department(black_box("Mathematics"))
        .given_name(black_box("Rogelio"))
        .surname(black_box("Cazares"))
}

/// The `$batch` requests of 1,000 updates, through `Batch`.
pub fn batch_requests_generated() -> Vec<http::Request<Vec<u8>>> {
    let mut batch = Batch::new(ApiVersion::V1_0, Cloud::Global);
    for index in 0..BATCH_USERS {
        batch.push(roster_update(index));
    }
    batch
        .requests()
        .into_iter()
        .map(|request| request.request)
        .collect()
}

/// The same requests built as `serde_json::Value`s: each update's request by its builder,
/// its body read into a `Value`, the items and batches assembled with `json!`.
pub fn batch_requests_value() -> Vec<http::Request<Vec<u8>>> {
    let items: Vec<serde_json::Value> = (0..BATCH_USERS)
        .map(|index| {
            let request = roster_update(index).build().expect("valid");
            let url = request.uri().to_string();
            let body: serde_json::Value = serde_json::from_slice(request.body()).expect("JSON");
            json!({
                "id": index.to_string(),
                "method": request.method().as_str(),
                "url": url.trim_start_matches("https://graph.microsoft.com/v1.0"),
                "headers": {"content-type": "application/json"},
                "body": body,
            })
        })
        .collect();
    items
        .chunks(20)
        .map(|chunk| {
            let body = serde_json::to_vec(&json!({ "requests": chunk })).expect("JSON");
            http::Request::post("https://graph.microsoft.com/v1.0/$batch")
                .header("content-type", "application/json")
                .body(body)
                .expect("a request")
        })
        .collect()
}

/// The answers to `batch_requests_*`: each item 200 with the updated user, in reverse order.
pub static BATCH_ANSWERS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let user: serde_json::Value = serde_json::from_str(RESPONSE).expect("JSON");
    (0..BATCH_USERS)
        .collect::<Vec<_>>()
        .chunks(20)
        .map(|chunk| {
            let responses: Vec<serde_json::Value> = chunk
                .iter()
                .rev()
                .map(|index| {
                    json!({"id": index.to_string(), "status": 200,
                           "headers": {"content-type": "application/json"}, "body": user})
                })
                .collect();
            serde_json::to_vec(&json!({ "responses": responses })).expect("JSON")
        })
        .collect()
});

/// Makes the cases' fixtures, so that a count of a case's instructions leaves them out.
pub fn prepare_fixtures() {
    LazyLock::force(&PAGE);
    LazyLock::force(&BATCH_ANSWERS);
    LazyLock::force(&SENT_BATCH);
}

/// Reads the 1,000 answers into each update's typed outcome, through `Batch`.
pub fn batch_answers_generated() -> usize {
    let (batch, requests, handles) = &*SENT_BATCH;
    let mut answers = Vec::with_capacity(BATCH_USERS);
    for (request, body) in requests.iter().zip(BATCH_ANSWERS.iter()) {
        let read = request.parse_response(http::StatusCode::OK, black_box(body));
        answers.extend(read.expect("read"));
    }
    let mut outcomes = batch.outcomes(answers);
    handles
        .iter()
        .filter(|handle| outcomes.take(**handle).is_ok())
        .count()
}

/// The batch of the 1,000 updates, its requests and its handles, made once.
type SentBatch = (
    Batch<ApiVersion, Cloud>,
    Vec<BatchRequest>,
    Vec<Handle<EducationUser>>,
);

static SENT_BATCH: LazyLock<SentBatch> = LazyLock::new(|| {
    let mut batch = Batch::new(ApiVersion::V1_0, Cloud::Global);
    let handles = (0..BATCH_USERS)
        .map(|index| batch.push(roster_update(index)))
        .collect();
    let requests = batch.requests();
    (batch, requests, handles)
});

/// The same with `serde_json::Value`: each answer read into a `Value`, every item matched to
/// its update by id and its body read into the plain derive.
pub fn batch_answers_value() -> usize {
    let mut users: Vec<Option<PlainUser>> = (0..BATCH_USERS).map(|_| None).collect();
    for body in BATCH_ANSWERS.iter() {
        let answer: serde_json::Value = serde_json::from_slice(black_box(body)).expect("JSON");
        for item in answer["responses"].as_array().expect("responses") {
            let index: usize = item["id"]
                .as_str()
                .and_then(|id| id.parse().ok())
                .expect("an id");
            if item["status"] == 200 {
                users[index] = serde_json::from_value(item["body"].clone()).ok();
            }
        }
    }
    users.iter().filter(|user| user.is_some()).count()
}

pub fn parse_plain() -> PlainUser {
    serde_json::from_str(black_box(RESPONSE)).expect("parses")
}

pub fn parse_flatten() -> FlattenUser {
    serde_json::from_str(black_box(RESPONSE)).expect("parses")
}

pub fn parse_generated() -> EducationUser {
    from_json_str(black_box(RESPONSE)).expect("parses")
}

pub fn update_json_macro() -> Vec<u8> {
    let body = json!({
        "displayName": black_box("Rogelio Cazares"),
        "givenName": black_box("Rogelio"),
        "middleName": black_box("Fernando"),
        "surname": black_box("Cazares"),
    });
    serde_json::to_vec(&body).expect("serializes")
}

fn update() -> UpdateEducationUser<'static> {
    UpdateEducationUser::users(black_box("13020"))
        .display_name(black_box("Rogelio Cazares"))
        .given_name(black_box("Rogelio"))
        .middle_name(black_box("Fernando"))
        .surname(black_box("Cazares"))
}

pub fn update_body() -> Vec<u8> {
    let update = update();
    update
        .validate(ApiVersion::V1_0, Cloud::Global)
        .expect("valid");
    update.to_json()
}

pub fn update_request() -> http::Request<Vec<u8>> {
    update().build().expect("valid")
}

pub fn contacts_json_macro() -> Vec<u8> {
    let body = json!({
        "relatedContacts": [
            {"displayName": black_box("Father Time"), "emailAddress": black_box("father@time.com"), "mobilePhone": black_box("4251231234"), "relationship": "guardian", "accessConsent": true},
            {"displayName": black_box("Mother Nature"), "emailAddress": black_box("mother@nature.co.uk"), "mobilePhone": black_box("3251231234"), "relationship": "parent", "accessConsent": true}
        ]
    });
    serde_json::to_vec(&body).expect("serializes")
}

fn contact(
    name: &str,
    email: &str,
    phone: &str,
    relationship: ContactRelationship,
) -> RelatedContact {
    let mut contact = RelatedContact::default();
    contact.display_name = Field::Value(name.into());
    contact.email_address = Field::Value(email.into());
    contact.mobile_phone = Field::Value(phone.into());
    contact.relationship = Field::Value(relationship);
    contact.access_consent = Field::Value(true);
    contact
}

fn contacts_update() -> UpdateRelatedContacts<'static> {
    let contacts = [
        contact(
            black_box("Father Time"),
            black_box("father@time.com"),
            black_box("4251231234"),
            ContactRelationship::Guardian,
        ),
        contact(
            black_box("Mother Nature"),
            black_box("mother@nature.co.uk"),
            black_box("3251231234"),
            ContactRelationship::Parent,
        ),
    ];
    UpdateRelatedContacts::users(black_box("13020"), contacts)
}

pub fn contacts_body() -> Vec<u8> {
    let update = contacts_update();
    update
        .validate(ApiVersion::Beta, Cloud::Global)
        .expect("valid");
    update.to_json()
}

pub fn contacts_request() -> http::Request<Vec<u8>> {
    contacts_update().build().expect("valid")
}

/// The response as the plain mirror, to serialize.
pub fn plain_user() -> PlainUser {
    serde_json::from_str(RESPONSE).expect("parses")
}

/// The response as the generated model, with the same properties as the plain mirror: without
/// the unknown ones.
pub fn generated_user() -> EducationUser {
    let mut user: EducationUser = from_json_str(RESPONSE).expect("parses");
    user.additional_properties.clear();
    user
}
